// New draft courses made from existing content: a course package uploaded as a .zip (checked,
// previewed, then imported) and a duplicate of a course for a new term or cohort. Both go through
// importCoursePackage into a course row created first under a free slug, so neither can ever write
// into an existing course; both make the actor its LEAD instructor, in one transaction. Each function
// checks its own permission.
//
// An upload waits between its preview and its import as a file in storage whose first line names
// the user who uploaded it: the form carries only the file's random key, and a key used by anyone
// else (or after a day) is treated as gone. Nothing is written to the database until the import.
//
// A form sent twice (a double click, a reload) makes one course: the import is keyed by its upload,
// the duplicate by its form's submission key (app/models/form-submission.server.ts), and a second
// request with the same key answers with the course the first one made.
import { can } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import {
  coursePackageIssue,
  parseCoursePackage,
  type CoursePackage,
  type CoursePackageIssue,
} from "~/lib/course-package";
import { unzipCoursePackage } from "~/lib/course-package-zip";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals, type Refusal } from "~/lib/refusal.server";
import { copyStoredFile, deleteStoredFiles, openStoredFile, storeFile } from "~/lib/storage.server";
import { parseUploadForm, UPLOAD_REFUSALS, type StoredUpload } from "~/lib/upload.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { slugify } from "~/lib/slug";
import { addLeadInstructor, findFreeCourseSlug } from "~/models/course-authoring.server";
import { importCoursePackage } from "~/models/course-package.server";
import { getCoursePackage } from "~/models/course-package-export.server";
import { getCourseTeachers } from "~/models/course.server";
import { findSubmissionResult, oncePerSubmission } from "~/models/form-submission.server";

type Actor = { id: string; role: Role };
type Transaction = Prisma.TransactionClient;

export const COURSE_COPY_REFUSALS = defineRefusals({
  ...UPLOAD_REFUSALS,
  wrongType: { status: 415, messageKey: "studio.packages.notAZip", field: "package" },
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notAZip: { status: 400, messageKey: "studio.packages.notAZip", field: "package" },
  tooLarge: { status: 413, messageKey: "studio.packages.tooLarge", field: "package" },
  tooManyEntries: { status: 413, messageKey: "studio.packages.tooManyEntries", field: "package" },
  tooLargeUnpacked: { status: 413, messageKey: "studio.packages.tooLargeUnpacked", field: "package" },
  invalidPackage: { status: 422, messageKey: "studio.packages.invalidPackage", field: "package" },
  uploadGone: { status: 410, messageKey: "studio.packages.uploadGone" },
  programNotFound: { status: 400, messageKey: "studio.packages.programNotFound", field: "programId" },
  termNotInProgram: { status: 400, messageKey: "studio.packages.termNotInProgram", field: "termId" },
});

type CopyRefusal = Refusal<typeof COURSE_COPY_REFUSALS> & { fileName?: string };
/** A refused package names what is wrong with it: each issue's file, line and field. */
type PackageRefusal = { ok: false; reason: "invalidPackage"; issues: CoursePackageIssue[] };

/** How long an upload waits for its "Create draft course". */
const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
const UPLOAD_HEADER_PREFIX = "bitgoeul-course-package-upload 1 ";

// ───────────────────────────── Upload, preview ─────────────────────────────

/** What the preview shows of a package: what the import will create. */
export type CoursePackagePreview = {
  fileName: string;
  slug: string;
  code: string;
  title: string;
  summary: string;
  language: string;
  credits: number | null;
  modules: {
    title: string;
    lessons: {
      slug: string;
      title: string;
      kind: string;
      durationMinutes: number;
      isRequired: boolean;
      questionCount: number | null;
      assignment: { dueAt: Date | null; maxPoints: number } | null;
      attachments: { fileName: string; byteSize: number }[];
    }[];
  }[];
};

/**
 * Reads the import form's upload (multipart, the zip in `package`; see app/lib/upload-limits.ts) and
 * checks it: the actor may create courses, then checkCoursePackageUpload.
 */
export async function handleCoursePackageUpload({
  request,
  actor,
  now = new Date(),
}: {
  request: Request;
  actor: Actor;
  now?: Date;
}): Promise<{ ok: true; uploadId: string } | CopyRefusal | PackageRefusal> {
  if (!can(actor, "course:create")) return { ok: false, reason: "notAllowed" };
  const form = await parseUploadForm({ request, kind: "coursePackage" });
  if (!form.ok) return form;
  const [upload, ...surplus] = form.files;
  await deleteStoredFiles(surplus.map(({ key }) => key));
  if (!upload) return { ok: false, reason: "noFile" };
  return checkCoursePackageUpload({ actor, upload, now });
}

/**
 * Checks an uploaded zip (already in storage, from parseUploadForm) as a course package. A valid one
 * is kept for its preview and import under a new id, bound to the actor; the uploaded file is
 * removed either way.
 */
export async function checkCoursePackageUpload({
  actor,
  upload,
  now = new Date(),
}: {
  actor: Actor;
  upload: StoredUpload;
  now?: Date;
}): Promise<{ ok: true; uploadId: string } | CopyRefusal | PackageRefusal> {
  if (!can(actor, "course:create")) return { ok: false, reason: "notAllowed" };
  let zip: Uint8Array | null;
  try {
    zip = await readStoredBytes(upload.key);
  } finally {
    await deleteStoredFiles([upload.key]);
  }
  if (!zip) return { ok: false, reason: "uploadGone" };
  const read = readPackageZip({ zip, fileName: upload.fileName });
  if (!read.ok) return read.reason === "invalidPackage" ? read : { ...read, fileName: upload.fileName };
  const header = JSON.stringify({ userId: actor.id, fileName: upload.fileName, storedAt: now.toISOString() });
  const headerBytes = new TextEncoder().encode(`${UPLOAD_HEADER_PREFIX}${header}\n`);
  const stashed = new Uint8Array(headerBytes.byteLength + zip.byteLength);
  stashed.set(headerBytes);
  stashed.set(zip, headerBytes.byteLength);
  return { ok: true, uploadId: await storeFile(stashed) };
}

/** The package an upload holds, for the actor who uploaded it, with its preview. */
export async function getCoursePackageUpload({
  actor,
  uploadId,
  now = new Date(),
}: {
  actor: Actor;
  uploadId: string;
  now?: Date;
}): Promise<{ ok: true; coursePackage: CoursePackage; preview: CoursePackagePreview } | CopyRefusal | PackageRefusal> {
  if (!can(actor, "course:create")) return { ok: false, reason: "notAllowed" };
  const stashed = isUuid(uploadId) ? await readStoredBytes(uploadId) : null;
  const upload = stashed && parseStashedUpload(stashed);
  const isTheirs =
    upload && upload.userId === actor.id && now.getTime() - upload.storedAt.getTime() < UPLOAD_LIFETIME_MS;
  if (!upload || !isTheirs) return { ok: false, reason: "uploadGone" };
  const read = readPackageZip({ zip: upload.zip, fileName: upload.fileName });
  if (!read.ok) return read;
  return {
    ok: true,
    coursePackage: read.coursePackage,
    preview: previewOf(read.coursePackage, upload.fileName),
  };
}

function readPackageZip({
  zip,
  fileName,
}: {
  zip: Uint8Array;
  fileName: string;
}): { ok: true; coursePackage: CoursePackage } | CopyRefusal | PackageRefusal {
  const unzipped = unzipCoursePackage(zip);
  if (!unzipped.ok) {
    if (unzipped.reason === "unsafeEntries") return { ok: false, reason: "invalidPackage", issues: unzipped.issues };
    return { ok: false, reason: unzipped.reason === "tooManyFiles" ? "tooManyEntries" : unzipped.reason };
  }
  if (unzipped.files.size === 0) {
    return {
      ok: false,
      reason: "invalidPackage",
      issues: [coursePackageIssue({ file: fileName, code: "missingFile" })],
    };
  }
  // Issues name files by their path in the package ("course.json, line 14"), which is what the author sees.
  const parsed = parseCoursePackage({ files: unzipped.files, source: "" });
  if (!parsed.ok) return { ok: false, reason: "invalidPackage", issues: parsed.issues };
  return parsed;
}

function parseStashedUpload(bytes: Uint8Array) {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return null;
  const line = new TextDecoder().decode(bytes.subarray(0, newline));
  if (!line.startsWith(UPLOAD_HEADER_PREFIX)) return null;
  try {
    const header = JSON.parse(line.slice(UPLOAD_HEADER_PREFIX.length)) as {
      userId: string;
      fileName: string;
      storedAt: string;
    };
    return {
      userId: header.userId,
      fileName: header.fileName,
      storedAt: new Date(header.storedAt),
      zip: bytes.subarray(newline + 1),
    };
  } catch {
    return null;
  }
}

function previewOf(coursePackage: CoursePackage, fileName: string): CoursePackagePreview {
  const { course, modules } = coursePackage;
  return {
    fileName,
    slug: course.slug,
    code: course.code,
    title: course.title,
    summary: course.summary,
    language: course.language,
    credits: course.credits,
    modules: modules.map((module) => ({
      title: module.title,
      lessons: module.lessons.map((lesson) => ({
        slug: lesson.slug,
        title: lesson.title,
        kind: lesson.kind,
        durationMinutes: lesson.durationMinutes,
        isRequired: lesson.isRequired,
        questionCount: lesson.quiz ? lesson.quiz.questions.length : null,
        assignment: lesson.assignment && { dueAt: lesson.assignment.dueAt, maxPoints: lesson.assignment.maxPoints },
        attachments: lesson.attachments.map((attachment) => ({
          fileName: attachment.fileName,
          byteSize: attachment.bytes.byteLength,
        })),
      })),
    })),
  };
}

// ───────────────────────────── Import, duplicate ─────────────────────────────

/**
 * Imports an upload as a new DRAFT course in `programId` (and `termId`), led by the actor. The
 * package's slug is kept when free, else the first free `-2`, `-3`…; no existing course is touched.
 */
export async function createCourseFromPackageUpload({
  actor,
  uploadId,
  programId,
  termId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  uploadId: string;
  programId: string;
  termId: string | null;
  ipAddress?: string;
  now?: Date;
}): Promise<{ ok: true; courseId: string } | CopyRefusal | PackageRefusal> {
  const submission = { key: uploadId, userId: actor.id };
  const upload = await getCoursePackageUpload({ actor, uploadId, now });
  if (!upload.ok) {
    // The upload is removed once imported: a second click finds the course the first one made.
    const earlier = upload.reason === "uploadGone" ? await findSubmissionResult(submission) : null;
    return earlier ? { ok: true, courseId: earlier } : upload;
  }
  const placement = await checkPlacement({ programId, termId });
  if (placement) return placement;
  const courseId = await createDraftCourse({
    coursePackage: upload.coursePackage,
    slugBase: upload.coursePackage.course.slug,
    programId,
    termId,
    instructors: [{ userId: actor.id, role: "LEAD" }],
    submission,
    audit: {
      action: "course.imported",
      data: { fileName: upload.preview.fileName, packageSlug: upload.coursePackage.course.slug },
    },
    ipAddress,
    now,
  });
  await deleteStoredFiles([uploadId]);
  return { ok: true, courseId };
}

/**
 * A new DRAFT course with the source's details, outline, lessons, quizzes, assignments, attachments
 * (files copied), cover image and prerequisites, in the source's program and the chosen term (or
 * none), under a new title and code. The actor leads it; the source's other instructors keep their
 * roles. Enrollments, progress, announcements and cohort assignments stay with the source, which is
 * not changed.
 */
export async function duplicateCourse({
  actor,
  courseId,
  title,
  code,
  termId,
  submissionKey,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  title: string;
  code: string;
  termId: string | null;
  /** The form's one-time key, so the same form sent twice makes one copy. */
  submissionKey?: string;
  ipAddress?: string;
  now?: Date;
}): Promise<{ ok: true; courseId: string } | CopyRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  const source = await prisma.course.findUniqueOrThrow({
    where: { id: teachers.id },
    select: {
      programId: true,
      termId: true,
      coverImageKey: true,
      coverImageType: true,
      instructors: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { userId: true, role: true } },
      prerequisites: { select: { prerequisiteId: true } },
    },
  });
  const placement = await checkPlacement({ programId: source.programId, termId, source });
  if (placement) return placement;
  const coursePackage = await getCoursePackage({ courseId: teachers.id });
  if (!coursePackage) return { ok: false, reason: "notFound" };
  const term = termId
    ? await prisma.term.findUnique({ where: { id: termId }, select: { year: true, season: true } })
    : null;

  const coverImageKey = source.coverImageKey ? await copyStoredFile(source.coverImageKey) : null;
  const instructors = [
    { userId: actor.id, role: "LEAD" as const },
    ...source.instructors.filter((instructor) => instructor.userId !== actor.id),
  ];
  const copyId = await createDraftCourse({
    coursePackage: { ...coursePackage, course: { ...coursePackage.course, title, code } },
    slugBase: duplicateSlugBase({ code, title, term }),
    programId: source.programId,
    termId,
    instructors,
    now,
    submission: { key: submissionKey, userId: actor.id },
    audit: { action: "course.duplicated", data: { sourceCourseId: teachers.id } },
    ipAddress,
    afterCreate: async (tx, createdId) => {
      if (coverImageKey) {
        await tx.course.update({
          where: { id: createdId },
          data: { coverImageKey, coverImageType: source.coverImageType },
          select: { id: true },
        });
      }
      await tx.coursePrerequisite.createMany({
        data: source.prerequisites.map(({ prerequisiteId }) => ({ courseId: createdId, prerequisiteId })),
      });
    },
  }).catch(async (error: unknown) => {
    if (coverImageKey) await deleteStoredFiles([coverImageKey]);
    throw error;
  });
  return { ok: true, courseId: copyId };
}

/**
 * "ai501-machine-learning-2027-spring" from the code, the title's Latin words and the term; a word
 * already there is not repeated (a title often names its term already).
 */
function duplicateSlugBase({
  code,
  title,
  term,
}: {
  code: string;
  title: string;
  term: { year: number; season: string } | null;
}) {
  const words = slugify([code, title, term ? `${term.year} ${term.season}` : ""].join(" ")).split("-");
  return [...new Set(words)].join("-");
}

/**
 * What a duplicate may be placed in: the source's program and its terms, archived ones left out
 * but the source's own term kept.
 */
export async function getDuplicateFormOptions({ courseId }: { courseId: string }) {
  return prisma.course.findUnique({
    where: { id: courseId },
    select: {
      code: true,
      title: true,
      termId: true,
      program: {
        select: {
          kind: true,
          terms: {
            where: { OR: [{ archivedAt: null }, { courses: { some: { id: courseId } } }] },
            orderBy: [{ year: "desc" }, { startsOn: "desc" }],
            select: { id: true, year: true, season: true },
          },
        },
      },
    },
  });
}

/** Where an imported course may go: every program not archived, with its current terms (newest first). */
export function listCoursePlacements() {
  return prisma.program.findMany({
    where: { archivedAt: null },
    orderBy: [{ position: "asc" }, { nameEn: "asc" }],
    select: {
      id: true,
      kind: true,
      nameKo: true,
      nameEn: true,
      terms: {
        where: { archivedAt: null },
        orderBy: [{ year: "desc" }, { startsOn: "desc" }],
        select: { id: true, year: true, season: true },
      },
    },
  });
}

/**
 * Whether a new course may go in this program and term: neither archived, except the program and
 * term of the course it copies (`source`), which a duplicate may share.
 */
async function checkPlacement({
  programId,
  termId,
  source,
}: {
  programId: string;
  termId: string | null;
  source?: { programId: string; termId: string | null };
}): Promise<CopyRefusal | null> {
  const sourceTerm = source?.termId ? [{ id: source.termId }] : [];
  const program = isUuid(programId)
    ? await prisma.program.findFirst({
        where: { id: programId, ...(programId === source?.programId ? {} : { archivedAt: null }) },
        select: { terms: { where: { OR: [{ archivedAt: null }, ...sourceTerm] }, select: { id: true } } },
      })
    : null;
  if (!program) return { ok: false, reason: "programNotFound" };
  if (termId && !program.terms.some((term) => term.id === termId)) return { ok: false, reason: "termNotInProgram" };
  return null;
}

const CREATE_ATTEMPTS = 3;

/**
 * Creates the course row under a free slug, then imports the package into it, adds the instructors
 * and runs `afterCreate`, all in one transaction. Creating the row first means the import can only
 * ever write into this new course: a course that takes the same slug meanwhile makes the insert fail
 * (and the attempt start again with the next free slug) instead of being overwritten. A repeat of
 * the same submission returns the course the first one made; the creation is audited as `audit`.
 */
async function createDraftCourse({
  coursePackage,
  slugBase,
  programId,
  termId,
  instructors,
  submission,
  audit,
  ipAddress,
  now,
  afterCreate,
}: {
  coursePackage: CoursePackage;
  slugBase: string;
  programId: string;
  termId: string | null;
  instructors: { userId: string; role: "LEAD" | "CO_INSTRUCTOR" }[];
  submission: { key: string | undefined; userId: string };
  audit: { action: string; data: Prisma.InputJsonObject };
  ipAddress?: string;
  now: Date;
  afterCreate?: (tx: Transaction, courseId: string) => Promise<unknown>;
}): Promise<string> {
  const draft = asDraft(coursePackage);
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          const { id } = await oncePerSubmission(tx, submission, async () => {
            const slug = await findFreeCourseSlug({ tx, base: slugBase });
            const { course } = draft;
            const { id: courseId } = await tx.course.create({
              data: { slug, programId, termId, code: course.code, title: course.title, summary: course.summary },
              select: { id: true },
            });
            await importCoursePackage({
              tx,
              coursePackage: { ...draft, course: { ...course, slug } },
              programId,
              termId,
              now,
            });
            const [lead, ...others] = instructors;
            await addLeadInstructor({ tx, courseId, userId: lead!.userId });
            await tx.courseInstructor.createMany({
              data: others.map(({ userId, role }, index) => ({ courseId, userId, role, position: index + 1 })),
            });
            await afterCreate?.(tx, courseId);
            await recordAuditEvent({
              db: tx,
              actorId: submission.userId,
              action: audit.action,
              entityType: "Course",
              entityId: courseId,
              data: audit.data,
              ipAddress,
            });
            return courseId;
          });
          return id;
        },
        // Rendering every lesson's Markdown and storing every attachment takes longer than Prisma's 5 s default.
        { timeout: 120_000, maxWait: 10_000 },
      );
    } catch (error) {
      const isSlugTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!isSlugTaken || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

/**
 * The package as a draft: the course is DRAFT with no publishedAt, and each lesson keeps the status
 * it had in its package (a published course's lessons stay published, ready for when the draft is).
 */
function asDraft(coursePackage: CoursePackage): CoursePackage {
  const { course, modules } = coursePackage;
  const lessonStatusByDefault = course.status === "DRAFT" ? "DRAFT" : "PUBLISHED";
  const { publishedAt: _publishedAt, ...details } = course;
  return {
    course: { ...details, status: "DRAFT" },
    modules: modules.map((module) => ({
      ...module,
      lessons: module.lessons.map((lesson) => ({ ...lesson, status: lesson.status ?? lessonStatusByDefault })),
    })),
  };
}

async function readStoredBytes(key: string): Promise<Uint8Array | null> {
  const stored = await openStoredFile(key);
  return stored ? new Uint8Array(await new Response(stored.stream).arrayBuffer()) : null;
}
