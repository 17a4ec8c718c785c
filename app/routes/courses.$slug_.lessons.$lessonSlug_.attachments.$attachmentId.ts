import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLessonAccess } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { openStoredFile } from "~/lib/storage.server";
import { getLessonAttachment } from "~/models/lesson.server";
import { answerInReadersWords } from "~/lib/i18n.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/** Downloads a lesson attachment for someone who may see the lesson. */
async function answer({ request, params }: LoaderFunctionArgs): Promise<Response> {
  const { lesson } = await requireLessonAccess(request, {
    courseSlug: params.slug ?? "",
    lessonSlug: params.lessonSlug ?? "",
  });
  const attachment = await getLessonAttachment({ lesson, attachmentId: params.attachmentId ?? "" });
  const file = attachment ? await openStoredFile(attachment.storageKey) : null;
  if (!attachment || !file) throw new Response("Attachment not found", { status: 404 });
  return new Response(file.stream, {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
