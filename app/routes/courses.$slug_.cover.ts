import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guards.server";
import { coverVersion } from "~/lib/course-cover";
import { openStoredFile } from "~/lib/storage.server";
import { getCourseCover } from "~/models/course-cover.server";

/**
 * A course's cover image: anyone's once the course is out of draft, a draft's only for those who
 * manage it (everyone else gets 404, as if it had none). At the versioned URL (courseCoverUrl) the
 * browser keeps it for a year; elsewhere it checks back with the ETag.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getOptionalUser(request);
  const cover = await getCourseCover({ viewer, slug: params.slug ?? "" });
  if (!cover.ok) throw new Response("Not found", { status: 404 });
  const isVersioned = new URL(request.url).searchParams.get("v") === coverVersion(cover.key);
  const headers = {
    ETag: `"${cover.key}"`,
    // Private: whether a draft's cover may be seen depends on who asks.
    "Cache-Control": isVersioned ? "private, max-age=31536000, immutable" : "private, no-cache",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  const ifNoneMatch = request.headers.get("If-None-Match") ?? "";
  if (ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === headers.ETag)) {
    return new Response(null, { status: 304, headers });
  }
  const file = await openStoredFile(cover.key);
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.stream, {
    headers: { ...headers, "Content-Type": cover.contentType, "Content-Length": String(file.size) },
  });
}
