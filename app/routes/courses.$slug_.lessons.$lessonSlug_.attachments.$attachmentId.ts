import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { openStoredFile } from "~/lib/storage.server";
import { getAttachmentForViewer } from "~/models/lesson.server";

/** Downloads a lesson attachment for someone who may see the lesson. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const access = await getAttachmentForViewer({
    viewer,
    courseSlug: params.slug ?? "",
    lessonSlug: params.lessonSlug ?? "",
    attachmentId: params.attachmentId ?? "",
  });
  if (access.kind === "notEnrolled") throw new Response("Enroll in the course to download this file", { status: 403 });
  if (access.kind !== "allowed") throw new Response("Attachment not found", { status: 404 });
  const file = await openStoredFile(access.attachment.storageKey);
  if (!file) throw new Response("Attachment not found", { status: 404 });
  return new Response(file.stream, {
    headers: {
      "Content-Type": access.attachment.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(access.attachment.fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
