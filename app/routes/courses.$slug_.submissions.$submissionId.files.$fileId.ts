import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { openStoredFile } from "~/lib/storage.server";
import { getSubmissionFileForViewer } from "~/models/assignment.server";
import { answerInReadersWords } from "~/lib/i18n.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * Downloads a file of a submission: for the learner who handed it in and the course's instructors
 * and admins; anyone else finds nothing (404), as for a file that does not exist.
 */
async function answer({ request, params }: LoaderFunctionArgs): Promise<Response> {
  const viewer = await requireUser(request);
  const file = await getSubmissionFileForViewer({
    viewer,
    courseSlug: params.slug ?? "",
    submissionId: params.submissionId ?? "",
    fileId: params.fileId ?? "",
  });
  const stored = file ? await openStoredFile(file.storageKey) : null;
  if (!file || !stored) throw new Response("File not found", { status: 404 });
  return new Response(stored.stream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(stored.size),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
