// Lesson attachments in the instructor studio: upload, rename, reorder, delete. Every function
// authorizes itself (`course:manage` on the lesson's course: its instructors and admins), so no new
// entry point can skip the check, and every write locks the lesson row first, so two instructors
// reordering or uploading at once queue rather than interleave positions.
//
// A lesson's file names are unique regardless of case: a course package keeps each attachment as a
// file of that name in the lesson's folder (docs/course-package.md), and the importer matches them by
// name. An upload whose name is taken gets " (2)" before its extension; a rename to a taken name is
// refused.
import { z } from "zod";
import { can } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals, type Refusal } from "~/lib/refusal.server";
import { deleteStoredFiles } from "~/lib/storage.server";
import { cleanFileName, fileExtension, parseUploadForm, UPLOAD_REFUSALS, type StoredUpload } from "~/lib/upload.server";
import type { AttachmentIntent } from "~/lib/upload-limits";
import { isUuid } from "~/lib/uuid";
import { getCourseTeachers } from "~/models/course.server";
import { ATTACHMENT_ORDER } from "~/models/lesson.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role };
type LessonRef = { actor: Actor; courseId: string; lessonId: string };

export const ATTACHMENT_REFUSALS = defineRefusals({
  ...UPLOAD_REFUSALS,
  notFound: { status: 404, messageKey: "studio.uploads.attachmentNotFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  invalidName: { status: 400, messageKey: "studio.uploads.invalidName" },
  nameTaken: { status: 409, messageKey: "studio.uploads.nameTaken" },
});

type AttachmentReason = keyof typeof ATTACHMENT_REFUSALS;

/** A refusal of one of this module's functions; the handlers add which form it answers. */
export type AttachmentRefusal = Refusal<typeof ATTACHMENT_REFUSALS> & {
  intent?: AttachmentIntent;
  fileName?: string;
  attachmentId?: string;
};

type Result<Success extends object = object> = ({ ok: true } & Success) | AttachmentRefusal;

function refuse(reason: AttachmentReason, facts: Omit<AttachmentRefusal, "ok" | "reason"> = {}): AttachmentRefusal {
  return { ok: false, reason, ...facts };
}

/** What the attachments editor shows of each file (app/components/studio/attachments-editor.tsx). */
export const ATTACHMENT_EDITOR_SELECT = {
  id: true,
  fileName: true,
  byteSize: true,
  contentType: true,
} satisfies Prisma.LessonAttachmentSelect;

// ───────────────────────────── Authorization and locking ─────────────────────────────

/** Whether `actor` may manage the course, and the lesson is that course's; one or two queries. */
async function authorizeLesson({ actor, courseId, lessonId }: LessonRef): Promise<Result> {
  if (!isUuid(lessonId)) return refuse("notFound");
  const course = await getCourseTeachers({ courseId });
  if (!course) return refuse("notFound");
  if (!can(actor, "course:manage", course)) return refuse("notAllowed");
  const lesson = await prisma.lesson.findFirst({ where: { id: lessonId, courseId: course.id }, select: { id: true } });
  return lesson ? { ok: true } : refuse("notFound");
}

/**
 * Locks the lesson row until the transaction ends; false when it is not the course's. NO KEY UPDATE
 * queues attachment writes behind each other without blocking rows that merely reference the lesson.
 */
async function lockLesson(tx: Transaction, { courseId, lessonId }: { courseId: string; lessonId: string }) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Lesson" WHERE "id" = ${lessonId}::uuid AND "courseId" = ${courseId}::uuid FOR NO KEY UPDATE`;
  return rows.length === 1;
}

function nameKey(fileName: string) {
  return fileName.normalize("NFC").toLowerCase();
}

/** `fileName`, or with " (2)", " (3)"… before its extension, whichever no name in `taken` has. */
function freeFileName(fileName: string, taken: Set<string>) {
  const extension = fileExtension(fileName);
  const stem = fileName.slice(0, fileName.length - extension.length);
  let candidate = fileName;
  for (let copy = 2; taken.has(nameKey(candidate)); copy++) candidate = `${stem} (${copy})${extension}`;
  return candidate;
}

// ───────────────────────────── Reading ─────────────────────────────

/** The lesson's attachments in download order, for the editor. */
export async function listLessonAttachments(ref: LessonRef) {
  const access = await authorizeLesson(ref);
  if (!access.ok) return access;
  const attachments = await prisma.lessonAttachment.findMany({
    where: { lessonId: ref.lessonId },
    orderBy: ATTACHMENT_ORDER,
    select: ATTACHMENT_EDITOR_SELECT,
  });
  return { ok: true as const, attachments };
}

// ───────────────────────────── Writing ─────────────────────────────

/**
 * Adds files already in storage to the end of the lesson's list, in the order given. The caller
 * deletes the stored files when this refuses.
 */
export async function addLessonAttachments({
  actor,
  courseId,
  lessonId,
  files,
}: LessonRef & { files: StoredUpload[] }): Promise<Result<{ attachmentIds: string[] }>> {
  const access = await authorizeLesson({ actor, courseId, lessonId });
  if (!access.ok) return access;
  return prisma.$transaction(async (tx) => {
    if (!(await lockLesson(tx, { courseId, lessonId }))) return refuse("notFound");
    const existing = await tx.lessonAttachment.findMany({
      where: { lessonId },
      select: { fileName: true, position: true },
    });
    const taken = new Set(existing.map(({ fileName }) => nameKey(fileName)));
    let position = Math.max(-1, ...existing.map((attachment) => attachment.position));
    const rows = files.map((file) => {
      const fileName = freeFileName(file.fileName, taken);
      taken.add(nameKey(fileName));
      position += 1;
      return {
        lessonId,
        fileName,
        contentType: file.contentType,
        byteSize: file.byteSize,
        storageKey: file.key,
        position,
        uploadedById: actor.id,
      };
    });
    const created = await tx.lessonAttachment.createManyAndReturn({ data: rows, select: { id: true } });
    return { ok: true as const, attachmentIds: created.map(({ id }) => id) };
  });
}

/**
 * Renames an attachment. The extension stays the file's own (its stored type follows from it): a new
 * name without it gets it appended, so "1주차 자료" for `slides.pdf` becomes "1주차 자료.pdf".
 */
export async function renameLessonAttachment({
  actor,
  courseId,
  lessonId,
  attachmentId,
  fileName: requestedName,
}: LessonRef & { attachmentId: string; fileName: string }): Promise<Result<{ fileName: string }>> {
  const access = await authorizeLesson({ actor, courseId, lessonId });
  if (!access.ok) return access;
  if (!isUuid(attachmentId)) return refuse("notFound");
  return prisma.$transaction(async (tx) => {
    if (!(await lockLesson(tx, { courseId, lessonId }))) return refuse("notFound");
    const attachments = await tx.lessonAttachment.findMany({
      where: { lessonId },
      select: { id: true, fileName: true },
    });
    const attachment = attachments.find(({ id }) => id === attachmentId);
    if (!attachment) return refuse("notFound");
    const fileName = keepExtension(cleanFileName(requestedName), fileExtension(attachment.fileName));
    if (!fileName) return refuse("invalidName", { fileName: attachment.fileName });
    if (fileName === attachment.fileName) return { ok: true as const, fileName };
    if (attachments.some(({ id, fileName: other }) => id !== attachmentId && nameKey(other) === nameKey(fileName))) {
      return refuse("nameTaken", { fileName });
    }
    await tx.lessonAttachment.update({ where: { id: attachmentId }, data: { fileName }, select: { id: true } });
    return { ok: true as const, fileName };
  });
}

/** `name` ending in `extension` (compared without case), appended when missing; "" when no stem is left. */
function keepExtension(name: string, extension: string) {
  const stem = name.toLowerCase().endsWith(extension.toLowerCase())
    ? name.slice(0, name.length - extension.length)
    : name;
  const cleanStem = stem.replace(/[\s.]+$/, "");
  if (!cleanStem) return "";
  return cleanFileName(`${cleanStem}${extension}`);
}

/**
 * Moves an attachment one place up or down the list (at either end, nothing changes). Every position
 * is written afresh as 0, 1, 2…, which also undoes ties left by imports.
 */
export async function moveLessonAttachment({
  actor,
  courseId,
  lessonId,
  attachmentId,
  direction,
}: LessonRef & { attachmentId: string; direction: "up" | "down" }): Promise<Result> {
  const access = await authorizeLesson({ actor, courseId, lessonId });
  if (!access.ok) return access;
  if (!isUuid(attachmentId)) return refuse("notFound");
  return prisma.$transaction(async (tx) => {
    if (!(await lockLesson(tx, { courseId, lessonId }))) return refuse("notFound");
    const order = await tx.lessonAttachment.findMany({
      where: { lessonId },
      orderBy: ATTACHMENT_ORDER,
      select: { id: true, position: true },
    });
    const index = order.findIndex(({ id }) => id === attachmentId);
    if (index === -1) return refuse("notFound");
    const target = direction === "up" ? index - 1 : index + 1;
    const moving = order[index];
    const displaced = order[target];
    if (!moving || !displaced) return { ok: true as const };
    order[target] = moving;
    order[index] = displaced;
    for (const [position, attachment] of order.entries()) {
      if (attachment.position === position) continue;
      await tx.lessonAttachment.update({ where: { id: attachment.id }, data: { position }, select: { id: true } });
    }
    return { ok: true as const };
  });
}

/** Deletes an attachment: its row, then its stored file. */
export async function deleteLessonAttachment({
  actor,
  courseId,
  lessonId,
  attachmentId,
}: LessonRef & { attachmentId: string }): Promise<Result> {
  const access = await authorizeLesson({ actor, courseId, lessonId });
  if (!access.ok) return access;
  if (!isUuid(attachmentId)) return refuse("notFound");
  const deleted = await prisma.$transaction(async (tx) => {
    if (!(await lockLesson(tx, { courseId, lessonId }))) return null;
    const attachment = await tx.lessonAttachment.findFirst({
      where: { id: attachmentId, lessonId },
      select: { storageKey: true },
    });
    if (!attachment) return null;
    await tx.lessonAttachment.delete({ where: { id: attachmentId }, select: { id: true } });
    return attachment;
  });
  if (!deleted) return refuse("notFound");
  // Only once no row points at it, so a download never finds a row without its file.
  await deleteStoredFiles([deleted.storageKey]);
  return { ok: true };
}

// ───────────────────────────── The lesson editor's forms ─────────────────────────────

/**
 * The lesson editor's multipart upload (intent `attachment-upload`, files in `files`): checks the
 * actor may manage the lesson before reading a byte, streams the files into storage within the
 * attachment limits, and adds them to the end of the list. A refusal leaves nothing stored.
 */
export async function handleAttachmentUpload({
  request,
  ...ref
}: LessonRef & { request: Request }): Promise<Result<{ attachmentIds: string[] }>> {
  const intent = "attachment-upload";
  const access = await authorizeLesson(ref);
  if (!access.ok) return { ...access, intent };
  const upload = await parseUploadForm({ request, kind: "attachment" });
  if (!upload.ok) return { ...upload, intent };
  const keys = upload.files.map(({ key }) => key);
  let result: Result<{ attachmentIds: string[] }> | undefined;
  try {
    result =
      (upload.fields.intent ?? intent) === intent
        ? await addLessonAttachments({ ...ref, files: upload.files })
        : refuse("malformed");
  } finally {
    if (!result?.ok) await deleteStoredFiles(keys);
  }
  return result.ok ? result : { ...result, intent };
}

const changeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("attachment-rename"),
    attachmentId: z.string().max(64),
    fileName: z.string().max(1000),
  }),
  z.object({
    intent: z.literal("attachment-move"),
    attachmentId: z.string().max(64),
    direction: z.enum(["up", "down"]),
  }),
  z.object({ intent: z.literal("attachment-delete"), attachmentId: z.string().max(64) }),
]);

/**
 * The lesson editor's rename, move and delete forms (urlencoded; `intent` is `attachment-rename` with
 * `attachmentId` and `fileName`, `attachment-move` with `attachmentId` and `direction` up|down, or
 * `attachment-delete` with `attachmentId`). The page's action reads the form once and passes it here.
 */
export async function handleAttachmentChange({
  formData,
  ...ref
}: LessonRef & { formData: FormData }): Promise<Result> {
  const parsed = changeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return refuse("malformed");
  const change = parsed.data;
  const facts = { intent: change.intent, attachmentId: change.attachmentId };
  let result: Result;
  switch (change.intent) {
    case "attachment-rename":
      result = await renameLessonAttachment({ ...ref, attachmentId: change.attachmentId, fileName: change.fileName });
      break;
    case "attachment-move":
      result = await moveLessonAttachment({ ...ref, attachmentId: change.attachmentId, direction: change.direction });
      break;
    case "attachment-delete":
      result = await deleteLessonAttachment({ ...ref, attachmentId: change.attachmentId });
      break;
  }
  return result.ok ? { ok: true } : { ...result, ...facts };
}
