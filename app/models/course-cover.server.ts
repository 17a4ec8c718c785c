// A course's cover image: set, replaced or removed by those who manage the course (its instructors
// and admins), each function checking that itself; seen by anyone once the course is out of draft,
// and while it is a draft only by those who manage it. The image must prove by its first bytes to be
// PNG, JPEG or WebP (UPLOAD_KINDS.coverImage); the file a new cover replaces is deleted.
import { can, type Actor } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { defineRefusals, type Refusal } from "~/lib/refusal.server";
import { deleteStoredFiles } from "~/lib/storage.server";
import { parseUploadForm, UPLOAD_REFUSALS, type StoredUpload } from "~/lib/upload.server";
import type { CoverIntent } from "~/lib/upload-limits";
import { getCourseTeachers } from "~/models/course.server";

type Manager = { id: string; role: Role };

export const COVER_REFUSALS = defineRefusals({
  ...UPLOAD_REFUSALS,
  tooLarge: { status: 413, messageKey: "studio.uploads.coverTooLarge" },
  wrongType: { status: 415, messageKey: "studio.uploads.coverWrongType" },
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
});

export type CoverRefusal = Refusal<typeof COVER_REFUSALS> & { intent?: CoverIntent; fileName?: string };

type Result = { ok: true } | CoverRefusal;

async function authorizeCourse({ actor, courseId }: { actor: Manager; courseId: string }): Promise<Result> {
  const course = await getCourseTeachers({ courseId });
  if (!course) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", course)) return { ok: false, reason: "notAllowed" };
  return { ok: true };
}

/**
 * Points the course at `cover`, a file already in storage, and deletes the one it replaces. The
 * caller deletes `cover` when this refuses.
 */
export async function setCourseCover({
  actor,
  courseId,
  cover,
}: {
  actor: Manager;
  courseId: string;
  cover: Pick<StoredUpload, "key" | "contentType">;
}): Promise<Result> {
  const access = await authorizeCourse({ actor, courseId });
  if (!access.ok) return access;
  const previousKey = await replaceCoverKey({ courseId, key: cover.key, contentType: cover.contentType });
  if (previousKey === undefined) return { ok: false, reason: "notFound" };
  if (previousKey) await deleteStoredFiles([previousKey]);
  return { ok: true };
}

/** Takes the course's cover away and deletes its file; a course without one is left as it is. */
export async function removeCourseCover({ actor, courseId }: { actor: Manager; courseId: string }): Promise<Result> {
  const access = await authorizeCourse({ actor, courseId });
  if (!access.ok) return access;
  const previousKey = await replaceCoverKey({ courseId, key: null, contentType: null });
  if (previousKey === undefined) return { ok: false, reason: "notFound" };
  if (previousKey) await deleteStoredFiles([previousKey]);
  return { ok: true };
}

/**
 * Writes the cover's key and type and returns the key it had (null for none, undefined when there is
 * no such course). The row is locked while reading the old key, so of two replacements at once each
 * deletes exactly the file it replaced.
 */
async function replaceCoverKey({
  courseId,
  key,
  contentType,
}: {
  courseId: string;
  key: string | null;
  contentType: string | null;
}): Promise<string | null | undefined> {
  return prisma.$transaction(async (tx) => {
    const [course] = await tx.$queryRaw<{ coverImageKey: string | null }[]>`
      SELECT "coverImageKey" FROM "Course" WHERE "id" = ${courseId}::uuid FOR NO KEY UPDATE`;
    if (!course) return undefined;
    if (course.coverImageKey === key) return null;
    await tx.course.update({
      where: { id: courseId },
      data: { coverImageKey: key, coverImageType: contentType },
      select: { id: true },
    });
    return course.coverImageKey;
  });
}

/**
 * The details page's multipart cover upload (intent `cover-upload`, the image in `cover`): checks the
 * actor may manage the course before reading a byte, streams the image into storage within the cover
 * limits, and makes it the cover. A refusal leaves nothing stored.
 */
export async function handleCoverUpload({
  request,
  actor,
  courseId,
}: {
  request: Request;
  actor: Manager;
  courseId: string;
}): Promise<Result> {
  const intent = "cover-upload";
  const access = await authorizeCourse({ actor, courseId });
  if (!access.ok) return { ...access, intent };
  const upload = await parseUploadForm({ request, kind: "coverImage" });
  if (!upload.ok) return { ...upload, intent };
  const [cover] = upload.files;
  let result: Result | undefined;
  try {
    result =
      cover && (upload.fields.intent ?? intent) === intent
        ? await setCourseCover({ actor, courseId, cover })
        : { ok: false, reason: "malformed" };
  } finally {
    if (!result?.ok) await deleteStoredFiles(upload.files.map(({ key }) => key));
  }
  return result.ok ? result : { ...result, intent };
}

/** The details page's "remove cover" form (urlencoded, intent `cover-remove`). */
export async function handleCoverRemoval({ actor, courseId }: { actor: Manager; courseId: string }): Promise<Result> {
  const result = await removeCourseCover({ actor, courseId });
  return result.ok ? result : { ...result, intent: "cover-remove" };
}

export const COVER_VIEW_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
});

/**
 * The stored cover of the course `slug` if `viewer` may see it: anyone, once the course is out of
 * draft; only those who manage it while it is a draft (to anyone else a draft has no cover).
 */
export async function getCourseCover({
  viewer,
  slug,
}: {
  viewer: Actor;
  slug: string;
}): Promise<{ ok: true; key: string; contentType: string } | Refusal<typeof COVER_VIEW_REFUSALS>> {
  const course = await prisma.course.findUnique({
    where: { slug },
    select: { id: true, status: true, coverImageKey: true, coverImageType: true },
  });
  if (!course?.coverImageKey || !course.coverImageType) return { ok: false, reason: "notFound" };
  if (course.status === "DRAFT") {
    const teachers = viewer ? await getCourseTeachers({ courseId: course.id }) : null;
    if (!teachers || !can(viewer, "course:manage", teachers)) return { ok: false, reason: "notFound" };
  }
  return { ok: true, key: course.coverImageKey, contentType: course.coverImageType };
}
