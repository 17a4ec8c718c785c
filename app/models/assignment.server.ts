// Assignments: their settings in the studio, learners' submissions, and the course's grading queue.
// The instructions are the lesson's own Markdown (the lesson editor); everything else is here.
//
// Decisions:
// - A learner may submit when they have no submission yet or their latest was RETURNED, and may
//   also submit again while their latest is SUBMITTED (not graded yet) and the due time has not
//   passed, to replace a wrong file or a hasty answer. Every submission is a new attempt and is
//   never changed afterwards: what a grader opens is exactly what was handed in. Only the latest
//   attempt is graded or returned (an older one is "superseded"); the queue shows the latest per
//   learner unless asked for every attempt. At most MAX_ATTEMPTS attempts, so nobody fills storage.
// - The late policy judges every attempt, a resubmission after a return included, at the moment
//   the request arrived (a slow upload that began in time is on time). REFUSE refuses after the due
//   time, before a byte of the upload is read; ACCEPT and MARK_LATE take it with isLate set, and
//   only MARK_LATE shows "late" to learner and grader (ACCEPT keeps it for the record).
// - A grade keeps the pass mark it was given under: changing passingPoints or maxPoints later does
//   not regrade. A passing grade completes the lesson and a regrade below it (or a return) takes the
//   completion back, in the grade's own transaction (recalculateEnrollmentProgress).
// - Returning clears the points (the audit log keeps them) and needs feedback: it says what to fix.
// - Every write that decides for a learner (submit, grade, return) first locks the learner's
//   enrollment row, as progress writes do, so a grade and a resubmission never cross: the grader
//   either sees the new attempt (and is refused as superseded) or the learner sees the grade.
import { can } from "~/auth/permissions";
import type { EnrollmentStatus, LatePolicy, Role, SubmissionStatus } from "~/generated/prisma/client";
import { FEEDBACK_MAX_LENGTH, MAX_ASSIGNMENT_POINTS, type GradingFilterParams } from "~/lib/assignment-forms";
import { Prisma, prisma } from "~/lib/db.server";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals, type Refusal } from "~/lib/refusal.server";
import { deleteStoredFiles } from "~/lib/storage.server";
import { parseUploadForm, UPLOAD_REFUSALS, type StoredUpload } from "~/lib/upload.server";
import {
  contentTypeForFileName,
  isSubmissionFileExtension,
  SUBMISSION_MAX_FILE_MEGABYTES,
  SUBMISSION_MAX_FILES,
  SUBMISSION_TEXT_MAX_LENGTH,
  submissionUploadLimits,
} from "~/lib/upload-limits";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { getCourseTeachers } from "~/models/course.server";
import { oncePerSubmission, submissionKeyFrom } from "~/models/form-submission.server";
import { isLessonVisibleToLearners, LESSON_ORDER_SQL, visibleLessonSql } from "~/models/lesson.server";
import { recalculateEnrollmentProgress } from "~/models/progress.server";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; role: Role };

/** The most attempts one learner may hand in for one assignment. */
export const MAX_ATTEMPTS = 10;

// ───────────────────────────── Refusals ─────────────────────────────

export const ASSIGNMENT_SETTINGS_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  staleVersion: { status: 409, messageKey: "studio.assignment.stale" },
  passingAboveMax: { status: 400, messageKey: "studio.assignment.passingAboveMax", field: "passingPoints" },
  noAnswerKind: { status: 400, messageKey: "studio.assignment.noAnswerKind", field: "allowsText" },
  unknownExtension: { status: 400, messageKey: "studio.assignment.unknownExtension", field: "fileExtensions" },
});

/**
 * A learner's submission refused. The upload reasons (UPLOAD_REFUSALS) belong beside the file field
 * and take `fileName`, `maxSize` and `maxFiles`; the others beside their field or above the form.
 */
export const SUBMISSION_REFUSALS = defineRefusals({
  ...UPLOAD_REFUSALS,
  notFound: { status: 404, messageKey: "error.notFound" },
  notEnrolled: { status: 403, messageKey: "assignment.refused.notEnrolled" },
  pastDue: { status: 409, messageKey: "assignment.refused.pastDue" },
  awaitingGrade: { status: 409, messageKey: "assignment.refused.awaitingGrade" },
  graded: { status: 409, messageKey: "assignment.refused.graded" },
  tooManyAttempts: { status: 409, messageKey: "assignment.refused.tooManyAttempts" },
  noAnswer: { status: 400, messageKey: "assignment.refused.noAnswer", field: "body" },
  textNotAccepted: { status: 400, messageKey: "assignment.refused.textNotAccepted", field: "body" },
  textTooLong: { status: 400, messageKey: "validation.tooLong", field: "body" },
  filesNotAccepted: { status: 400, messageKey: "assignment.refused.filesNotAccepted", field: "files" },
});

export const GRADING_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  superseded: { status: 409, messageKey: "studio.grading.superseded" },
  pointsOutOfRange: { status: 400, messageKey: "studio.grading.pointsOutOfRange", field: "points" },
  feedbackRequired: { status: 400, messageKey: "studio.grading.feedbackRequired", field: "feedback" },
  feedbackTooLong: { status: 400, messageKey: "validation.tooLong", field: "feedback" },
});

export type SubmissionRefusal = Refusal<typeof SUBMISSION_REFUSALS> & { fileName?: string };
type GradingRefusal = Refusal<typeof GRADING_REFUSALS>;

/** Why a learner may not submit now (getAssignmentForLearner's `opening`). */
export type SubmissionBlock = "notEnrolled" | "pastDue" | "awaitingGrade" | "graded" | "tooManyAttempts";

// ───────────────────────────── Shared pieces ─────────────────────────────

/** What the settings page edits. */
const SETTINGS_SELECT = {
  id: true,
  dueAt: true,
  latePolicy: true,
  maxPoints: true,
  passingPoints: true,
  allowsText: true,
  allowsFile: true,
  maxFiles: true,
  maxFileMegabytes: true,
  fileExtensions: true,
  version: true,
  updatedAt: true,
} satisfies Prisma.AssignmentSelect;

const FILE_ORDER: Prisma.SubmissionFileOrderByWithRelationInput[] = [{ position: "asc" }, { id: "asc" }];
const FILE_SELECT = {
  id: true,
  fileName: true,
  byteSize: true,
  contentType: true,
} satisfies Prisma.SubmissionFileSelect;

/** A submission as its learner or a grader reads it; points only once graded. */
const SUBMISSION_SELECT = {
  id: true,
  attemptNumber: true,
  status: true,
  body: true,
  submittedAt: true,
  isLate: true,
  points: true,
  isPassing: true,
  feedback: true,
  gradedAt: true,
  files: { orderBy: FILE_ORDER, select: FILE_SELECT },
} satisfies Prisma.SubmissionSelect;

/** The course's teachers when `actor` may manage it (its instructors and admins), else a refusal. */
async function authorizeCourse(actor: Actor, courseId: string) {
  const course = await getCourseTeachers({ courseId });
  if (!course) return { ok: false, reason: "notFound" } as const;
  if (!can(actor, "course:manage", course)) return { ok: false, reason: "notAllowed" } as const;
  return { ok: true, course } as const;
}

/** Whether a later attempt of the same learner exists, for a submission aliased `s`. */
const SUPERSEDED_SQL = Prisma.sql`EXISTS (
  SELECT 1 FROM "Submission" later
  WHERE later."assignmentId" = s."assignmentId" AND later."userId" = s."userId"
    AND later."attemptNumber" > s."attemptNumber"
)`;

/**
 * Whether a learner may hand in an attempt now, and whether it would be late. The one rule for the
 * lesson page's form and for the submission itself.
 */
function submissionOpening({
  enrollmentStatus,
  latest,
  dueAt,
  latePolicy,
  now,
}: {
  enrollmentStatus: EnrollmentStatus | null;
  latest: { attemptNumber: number; status: SubmissionStatus } | null;
  dueAt: Date | null;
  latePolicy: LatePolicy;
  now: Date;
}): { canSubmit: true; isLate: boolean; attemptNumber: number } | { canSubmit: false; reason: SubmissionBlock } {
  if (enrollmentStatus !== "ACTIVE" && enrollmentStatus !== "COMPLETED")
    return { canSubmit: false, reason: "notEnrolled" };
  const isPastDue = dueAt !== null && now > dueAt;
  if (latest?.status === "GRADED") return { canSubmit: false, reason: "graded" };
  // A submission waiting for its grade may be replaced only while there is time.
  if (latest?.status === "SUBMITTED" && isPastDue) return { canSubmit: false, reason: "awaitingGrade" };
  if (isPastDue && latePolicy === "REFUSE") return { canSubmit: false, reason: "pastDue" };
  const attemptNumber = (latest?.attemptNumber ?? 0) + 1;
  if (attemptNumber > MAX_ATTEMPTS) return { canSubmit: false, reason: "tooManyAttempts" };
  return { canSubmit: true, isLate: isPastDue, attemptNumber };
}

// ───────────────────────────── Settings (studio) ─────────────────────────────

export type AssignmentSettings = NonNullable<Awaited<ReturnType<typeof findSettings>>>;

function findSettings(db: Tx | typeof prisma, { courseId, lessonId }: { courseId: string; lessonId: string }) {
  return db.lesson.findFirst({
    where: { id: lessonId, courseId, kind: "ASSIGNMENT", status: { not: "ARCHIVED" } },
    select: { id: true, slug: true, title: true, assignment: { select: SETTINGS_SELECT } },
  });
}

/** An assignment lesson's settings for the studio, with the lesson's title; its instructors and admins only. */
export async function getAssignmentSettings({
  actor,
  courseId,
  lessonId,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
}) {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  if (!isUuid(lessonId)) return { ok: false, reason: "notFound" } as const;
  const lesson = await findSettings(prisma, { courseId: access.course.id, lessonId });
  if (!lesson?.assignment) return { ok: false, reason: "notFound" } as const;
  const { assignment, ...rest } = lesson;
  return { ok: true, lesson: rest, settings: assignment } as const;
}

export type AssignmentSettingsInput = {
  dueAt: Date | null;
  latePolicy: LatePolicy;
  maxPoints: number;
  passingPoints: number;
  allowsText: boolean;
  allowsFile: boolean;
  maxFiles: number;
  maxFileMegabytes: number;
  /** Extensions with or without their dot, any case; empty: every type lesson attachments accept. */
  fileExtensions: string[];
};

function isWholeIn(value: number, min: number, max: number) {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Saves the settings when they are still at `version` (the one the page loaded) and bumps it;
 * refuses with the settings as they now are otherwise. Grades already given keep their pass mark.
 */
export async function saveAssignmentSettings({
  actor,
  courseId,
  lessonId,
  version,
  input,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  version: number;
  input: AssignmentSettingsInput;
}): Promise<
  | { ok: true; version: number }
  | { ok: false; reason: Exclude<keyof typeof ASSIGNMENT_SETTINGS_REFUSALS, "staleVersion"> }
  | { ok: false; reason: "staleVersion"; current: NonNullable<AssignmentSettings["assignment"]> }
> {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  if (!isUuid(lessonId)) return { ok: false, reason: "notFound" };
  // The form's schema keeps numbers in range; a caller that does not is a bug.
  if (
    !isWholeIn(input.maxPoints, 1, MAX_ASSIGNMENT_POINTS) ||
    !isWholeIn(input.passingPoints, 0, MAX_ASSIGNMENT_POINTS) ||
    !isWholeIn(input.maxFiles, 1, SUBMISSION_MAX_FILES) ||
    !isWholeIn(input.maxFileMegabytes, 1, SUBMISSION_MAX_FILE_MEGABYTES)
  ) {
    throw new Error("Assignment settings out of range");
  }
  if (input.passingPoints > input.maxPoints) return { ok: false, reason: "passingAboveMax" };
  if (!input.allowsText && !input.allowsFile) return { ok: false, reason: "noAnswerKind" };
  const fileExtensions = [
    ...new Set(input.fileExtensions.map((extension) => `.${extension.trim().replace(/^\./, "").toLowerCase()}`)),
  ];
  if (!fileExtensions.every(isSubmissionFileExtension)) return { ok: false, reason: "unknownExtension" };

  return prisma.$transaction(async (tx) => {
    const lesson = await findSettings(tx, { courseId: access.course.id, lessonId });
    if (!lesson?.assignment) return { ok: false, reason: "notFound" } as const;
    const { count } = await tx.assignment.updateMany({
      where: { id: lesson.assignment.id, version },
      data: { ...input, fileExtensions, version: { increment: 1 } },
    });
    if (count === 0) {
      const current = await tx.assignment.findUniqueOrThrow({
        where: { id: lesson.assignment.id },
        select: SETTINGS_SELECT,
      });
      return { ok: false, reason: "staleVersion", current } as const;
    }
    return { ok: true, version: version + 1 } as const;
  });
}

// ───────────────────────────── Learners ─────────────────────────────

/**
 * The assignment of a lesson as its learner sees it: the settings, their own attempts (newest
 * first, with files; points and the pass only once graded, feedback once graded or returned), and
 * whether they may submit now or why not. Null when the lesson is not an assignment of the course.
 * The caller has checked the viewer may see the lesson (requireLessonAccess); only the viewer's own
 * submissions are read. Three queries.
 */
export async function getAssignmentForLearner({
  userId,
  courseId,
  lessonId,
  now = new Date(),
}: {
  userId: string;
  courseId: string;
  lessonId: string;
  now?: Date;
}) {
  if (!isUuid(lessonId) || !isUuid(courseId)) return null;
  const [assignment, enrollment] = await Promise.all([
    prisma.assignment.findFirst({
      where: { lessonId, lesson: { courseId } },
      select: {
        dueAt: true,
        latePolicy: true,
        maxPoints: true,
        passingPoints: true,
        allowsText: true,
        allowsFile: true,
        maxFiles: true,
        maxFileMegabytes: true,
        fileExtensions: true,
        submissions: { where: { userId }, orderBy: { attemptNumber: "desc" }, select: SUBMISSION_SELECT },
      },
    }),
    prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { status: true } }),
  ]);
  if (!assignment) return null;
  const { submissions, ...settings } = assignment;
  const opening = submissionOpening({
    enrollmentStatus: enrollment?.status ?? null,
    latest: submissions[0] ?? null,
    dueAt: settings.dueAt,
    latePolicy: settings.latePolicy,
    now,
  });
  return {
    settings,
    submissions: submissions.map(forLearner),
    opening: opening.canSubmit ? { canSubmit: true as const, isLate: opening.isLate } : opening,
  };
}

export type AssignmentForLearner = NonNullable<Awaited<ReturnType<typeof getAssignmentForLearner>>>;

function forLearner(submission: Prisma.SubmissionGetPayload<{ select: typeof SUBMISSION_SELECT }>) {
  const isGraded = submission.status === "GRADED";
  return {
    ...submission,
    points: isGraded ? submission.points : null,
    isPassing: isGraded ? submission.isPassing : null,
    feedback: submission.status === "SUBMITTED" ? null : submission.feedback,
  };
}

type SubmissionTarget = {
  enrollmentStatus: EnrollmentStatus | null;
  assignmentId: string;
  courseId: string;
  dueAt: Date | null;
  latePolicy: LatePolicy;
  allowsText: boolean;
  allowsFile: boolean;
  maxFiles: number;
  maxFileMegabytes: number;
  fileExtensions: string[];
  latestAttemptNumber: number | null;
  latestStatus: SubmissionStatus | null;
};

/**
 * The assignment of a lesson learners may see, the learner's enrollment in its course and their
 * latest attempt, in one query; with `lock`, the enrollment row stays locked until the transaction
 * ends (a learner without one gets no row: then "notEnrolled" or "notFound"). The lesson is the
 * learner's to see by the lesson page's rule: published, released, in a course that is not a draft.
 */
async function findSubmissionTarget(
  db: Tx | typeof prisma,
  { userId, lessonId, now, lock }: { userId: string; lessonId: string; now: Date; lock: boolean },
): Promise<({ ok: true } & SubmissionTarget) | { ok: false; reason: "notFound" | "notEnrolled" }> {
  if (!isUuid(lessonId)) return { ok: false, reason: "notFound" };
  const [row] = await db.$queryRaw<SubmissionTarget[]>`
    SELECT e."status"::text AS "enrollmentStatus", a."id" AS "assignmentId", l."courseId",
           a."dueAt", a."latePolicy"::text AS "latePolicy", a."allowsText", a."allowsFile", a."maxFiles",
           a."maxFileMegabytes", a."fileExtensions",
           latest."attemptNumber" AS "latestAttemptNumber", latest."status"::text AS "latestStatus"
    FROM "Lesson" l
    JOIN "Course" c ON c."id" = l."courseId"
    JOIN "Assignment" a ON a."lessonId" = l."id"
    JOIN "Enrollment" e ON e."courseId" = l."courseId" AND e."userId" = ${userId}::uuid
    LEFT JOIN LATERAL (
      SELECT sub."attemptNumber", sub."status" FROM "Submission" sub
      WHERE sub."assignmentId" = a."id" AND sub."userId" = ${userId}::uuid
      ORDER BY sub."attemptNumber" DESC
      LIMIT 1
    ) latest ON TRUE
    WHERE l."id" = ${lessonId}::uuid AND l."kind" = 'ASSIGNMENT' AND c."status" <> 'DRAFT' AND ${visibleLessonSql(now)}
    ${lock ? Prisma.sql`FOR UPDATE OF e` : Prisma.empty}`;
  if (row) return { ok: true, ...row };
  const lesson = await db.lesson.findFirst({
    where: { id: lessonId, kind: "ASSIGNMENT", course: { status: { not: "DRAFT" } } },
    select: { status: true, releaseAt: true },
  });
  return { ok: false, reason: lesson && isLessonVisibleToLearners(lesson, now) ? "notEnrolled" : "notFound" };
}

function openingFor(target: SubmissionTarget, now: Date) {
  return submissionOpening({
    enrollmentStatus: target.enrollmentStatus,
    latest:
      target.latestAttemptNumber !== null && target.latestStatus !== null
        ? { attemptNumber: target.latestAttemptNumber, status: target.latestStatus }
        : null,
    dueAt: target.dueAt,
    latePolicy: target.latePolicy,
    now,
  });
}

/** Thrown inside the submitting transaction to roll it back, its one-time key claim included. */
class SubmissionRefused extends Error {
  constructor(readonly refusal: SubmissionRefusal) {
    super(refusal.reason);
  }
}

/** What the submission's text and files break of the assignment's rules, if anything. */
function contentRefusal(
  target: SubmissionTarget,
  { body, files }: { body: string; files: StoredUpload[] },
): SubmissionRefusal | null {
  const hasText = body.trim() !== "";
  if (hasText && !target.allowsText) return { ok: false, reason: "textNotAccepted" };
  if (files.length > 0 && !target.allowsFile) return { ok: false, reason: "filesNotAccepted" };
  if (!hasText && files.length === 0) return { ok: false, reason: "noAnswer" };
  if (body.length > SUBMISSION_TEXT_MAX_LENGTH) return { ok: false, reason: "textTooLong" };
  const limits = submissionUploadLimits(target);
  if (files.length > limits.maxFiles) return { ok: false, reason: "tooManyFiles" };
  for (const file of files) {
    if (file.byteSize > limits.maxFileBytes) return { ok: false, reason: "tooLarge", fileName: file.fileName };
    if (!contentTypeForFileName(limits, file.fileName)) {
      return { ok: false, reason: "wrongType", fileName: file.fileName };
    }
  }
  return null;
}

/**
 * Hands in an attempt: text and/or files already in storage (parseUploadForm). Checks, in one
 * transaction holding the learner's enrollment row: the lesson is an assignment the learner may see,
 * an ACTIVE or COMPLETED enrollment (a finished learner may still hand in an optional assignment),
 * the opening (submissionOpening) and what the assignment accepts. A repeated post of the same form
 * (`submissionKey`) gets the first one's submission. The files are this function's from now on:
 * kept with the submission, or deleted when it refuses, repeats or fails.
 */
export async function submitAssignment({
  userId,
  lessonId,
  body,
  files,
  submissionKey,
  now = new Date(),
}: {
  userId: string;
  lessonId: string;
  body: string;
  files: StoredUpload[];
  submissionKey?: string;
  now?: Date;
}): Promise<{ ok: true; submissionId: string; isRepeat: boolean } | SubmissionRefusal> {
  let result: { ok: true; submissionId: string; isRepeat: boolean } | SubmissionRefusal | undefined;
  try {
    result = await prisma.$transaction(async (tx) => {
      const target = await findSubmissionTarget(tx, { userId, lessonId, now, lock: true });
      if (!target.ok) return target;
      const { id, isRepeat } = await oncePerSubmission(tx, { key: submissionKey, userId }, async () => {
        const opening = openingFor(target, now);
        if (!opening.canSubmit) throw new SubmissionRefused({ ok: false, reason: opening.reason });
        const refusal = contentRefusal(target, { body, files });
        if (refusal) throw new SubmissionRefused(refusal);
        const created = await tx.submission.create({
          data: {
            assignmentId: target.assignmentId,
            userId,
            attemptNumber: opening.attemptNumber,
            status: "SUBMITTED",
            body,
            submittedAt: now,
            isLate: opening.isLate,
            files: {
              create: files.map((file, position) => ({
                fileName: file.fileName,
                storageKey: file.key,
                contentType: file.contentType,
                byteSize: file.byteSize,
                position,
              })),
            },
          },
          select: { id: true },
        });
        return created.id;
      });
      return { ok: true as const, submissionId: id, isRepeat };
    });
  } catch (error) {
    if (!(error instanceof SubmissionRefused)) throw error;
    result = error.refusal;
  } finally {
    if (!result?.ok || result.isRepeat) await deleteStoredFiles(files.map(({ key }) => key));
  }
  return result;
}

/**
 * The learner's submission form (multipart: `body`, files in `files`, `submissionKey`): checks the
 * learner may submit now before reading a byte (so a refused late upload is never stored), streams
 * the files within the assignment's own limits, then submits. A refusal after the form was read
 * carries its text fields, so the page can show what was typed.
 *
 * Only when the latest attempt may be this very form's first post (a double click: "awaiting
 * grade", or the last attempt allowed) is the form read before refusing, so that its one-time key
 * can answer it with that first post's submission; submitAssignment then deletes the files.
 */
export async function handleSubmissionUpload({
  request,
  userId,
  lessonId,
  now = new Date(),
}: {
  request: Request;
  userId: string;
  lessonId: string;
  /** When the request arrived: the due time is judged by it, however long the upload takes. */
  now?: Date;
}): Promise<
  { ok: true; submissionId: string; isRepeat: boolean } | (SubmissionRefusal & { fields?: Record<string, string> })
> {
  const target = await findSubmissionTarget(prisma, { userId, lessonId, now, lock: false });
  if (!target.ok) return target;
  const opening = openingFor(target, now);
  const mayBeRepeat =
    !opening.canSubmit && (opening.reason === "awaitingGrade" || opening.reason === "tooManyAttempts");
  if (!opening.canSubmit && !mayBeRepeat) return { ok: false, reason: opening.reason };
  const upload = await parseUploadForm({
    request,
    kind: "submission",
    limits: submissionUploadLimits(target),
    isFileRequired: false,
  });
  if (!upload.ok) {
    // An assignment that takes no files allows none in its form: say so rather than "too many".
    return upload.reason === "tooManyFiles" && !target.allowsFile ? { ok: false, reason: "filesNotAccepted" } : upload;
  }
  const submitted = await submitAssignment({
    userId,
    lessonId,
    body: upload.fields.body ?? "",
    files: upload.files,
    submissionKey: submissionKeyFrom(upload.fields),
    now,
  });
  return submitted.ok ? submitted : { ...submitted, fields: upload.fields };
}

// ───────────────────────────── Downloads ─────────────────────────────

/**
 * A file of a submission, with where it is stored, for the learner who handed it in and for the
 * course's instructors and admins (learnerRecord:view); null for anyone else, as for a file that
 * does not exist, and for a file of another course than `courseSlug`.
 */
export async function getSubmissionFileForViewer({
  viewer,
  courseSlug,
  submissionId,
  fileId,
}: {
  viewer: Actor;
  courseSlug: string;
  submissionId: string;
  fileId: string;
}) {
  if (!isUuid(submissionId) || !isUuid(fileId)) return null;
  const course = await getCourseTeachers({ slug: courseSlug });
  if (!course) return null;
  const file = await prisma.submissionFile.findFirst({
    where: { id: fileId, submissionId, submission: { assignment: { lesson: { courseId: course.id } } } },
    select: {
      fileName: true,
      contentType: true,
      byteSize: true,
      storageKey: true,
      submission: { select: { userId: true } },
    },
  });
  if (!file) return null;
  if (!can(viewer, "learnerRecord:view", { learnerId: file.submission.userId, instructorIds: course.instructorIds })) {
    return null;
  }
  const { submission: _submission, ...stored } = file;
  return stored;
}

// ───────────────────────────── Grading (studio) ─────────────────────────────

/**
 * The grading queue's filter (gradingFilterFrom reads it from the URL): one assignment lesson's
 * submissions or all the course's, one status or any, every attempt or the latest of each learner.
 */
export type GradingFilter = GradingFilterParams;

/** The WHERE of the queue for submission `s` joined to assignment `a` and lesson `l`. */
function filterSql(courseId: string, { lessonId, status, isAllAttempts }: GradingFilter) {
  const conditions = [Prisma.sql`l."courseId" = ${courseId}::uuid`];
  if (lessonId && isUuid(lessonId)) conditions.push(Prisma.sql`a."lessonId" = ${lessonId}::uuid`);
  if (status) conditions.push(Prisma.sql`s."status" = ${status}::"SubmissionStatus"`);
  if (!isAllAttempts) conditions.push(Prisma.sql`NOT ${SUPERSEDED_SQL}`);
  return Prisma.join(conditions, " AND ");
}

const QUEUE_FROM_SQL = Prisma.sql`
  FROM "Submission" s
  JOIN "Assignment" a ON a."id" = s."assignmentId"
  JOIN "Lesson" l ON l."id" = a."lessonId"`;

type QueueRow = {
  id: string;
  attemptNumber: number;
  status: SubmissionStatus;
  submittedAt: Date;
  isLate: boolean;
  points: number | null;
  isPassing: boolean | null;
  maxPoints: number;
  latePolicy: LatePolicy;
  lessonId: string;
  lessonTitle: string;
  learnerId: string;
  learnerName: string;
  learnerEmail: string;
  fileCount: number;
  isSuperseded: boolean;
};

/**
 * One page of the course's submissions for grading, oldest first (fair to those who handed in
 * first), filtered by assignment lesson and status, the latest attempt of each learner unless
 * `isAllAttempts`; and the course's assignments with how many wait for a grade, for the filter.
 * Four queries however many submissions there are.
 */
export async function listSubmissionsForGrading({
  actor,
  courseId,
  filter = {},
  page = 1,
  pageSize = 50,
}: {
  actor: Actor;
  courseId: string;
  filter?: GradingFilter;
  page?: number;
  pageSize?: number;
}) {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  const where = filterSql(access.course.id, filter);
  const { skip, take } = pageWindow({ page, pageSize });
  const [rows, [counted], assignments] = await Promise.all([
    prisma.$queryRaw<QueueRow[]>`
      SELECT s."id", s."attemptNumber", s."status"::text AS "status", s."submittedAt", s."isLate", s."points",
             s."isPassing", a."maxPoints", a."latePolicy"::text AS "latePolicy",
             l."id" AS "lessonId", l."title" AS "lessonTitle",
             u."id" AS "learnerId", u."name" AS "learnerName", u."email" AS "learnerEmail",
             (SELECT count(*)::int FROM "SubmissionFile" f WHERE f."submissionId" = s."id") AS "fileCount",
             ${SUPERSEDED_SQL} AS "isSuperseded"
      ${QUEUE_FROM_SQL}
      JOIN "User" u ON u."id" = s."userId"
      WHERE ${where}
      ORDER BY s."submittedAt", s."id"
      LIMIT ${take} OFFSET ${skip}`,
    prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS "count" ${QUEUE_FROM_SQL} WHERE ${where}`,
    listCourseAssignments(access.course.id),
  ]);
  const submissions = rows.map(({ learnerId, learnerName, learnerEmail, lessonId, lessonTitle, ...row }) => ({
    ...row,
    isMarkedLate: row.isLate && row.latePolicy === "MARK_LATE",
    learner: { id: learnerId, name: learnerName, email: learnerEmail },
    lesson: { id: lessonId, title: lessonTitle },
  }));
  return {
    ok: true as const,
    assignments,
    submissions: toPaged(submissions, { page, pageSize, totalCount: counted?.count ?? 0 }),
  };
}

/** The course's assignment lessons in course order, each with how many latest attempts wait for a grade. */
function listCourseAssignments(courseId: string) {
  return prisma.$queryRaw<{ lessonId: string; title: string; dueAt: Date | null; ungradedCount: number }[]>`
    SELECT l."id" AS "lessonId", l."title", a."dueAt",
           (SELECT count(*)::int FROM "Submission" s
            WHERE s."assignmentId" = a."id" AND s."status" = 'SUBMITTED' AND NOT ${SUPERSEDED_SQL}) AS "ungradedCount"
    FROM "Lesson" l
    JOIN "Module" m ON m."id" = l."moduleId"
    JOIN "Assignment" a ON a."lessonId" = l."id"
    WHERE l."courseId" = ${courseId}::uuid AND l."status" <> 'ARCHIVED'
    ORDER BY ${LESSON_ORDER_SQL}`;
}

/**
 * One submission of the course for its grading page: the text, files and grade, the assignment's
 * settings, every attempt of the same learner (newest first), and the submissions before and after
 * it in the queue's `filter` (to open one after another), with its place there. A fixed number of
 * queries (ten, Prisma fetching each relation level with its own) however many submissions there are.
 */
export async function getSubmissionForGrading({
  actor,
  courseId,
  submissionId,
  filter = {},
}: {
  actor: Actor;
  courseId: string;
  submissionId: string;
  filter?: GradingFilter;
}) {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  if (!isUuid(submissionId)) return { ok: false, reason: "notFound" } as const;
  const submission = await prisma.submission.findFirst({
    where: { id: submissionId, assignment: { lesson: { courseId: access.course.id } } },
    select: {
      ...SUBMISSION_SELECT,
      userId: true,
      assignmentId: true,
      gradedBy: { select: { name: true } },
      user: { select: { id: true, name: true, email: true } },
      assignment: {
        select: {
          dueAt: true,
          latePolicy: true,
          maxPoints: true,
          passingPoints: true,
          lesson: { select: { id: true, slug: true, title: true } },
        },
      },
    },
  });
  if (!submission) return { ok: false, reason: "notFound" } as const;
  const where = filterSql(access.course.id, filter);
  const here = Prisma.sql`(${submission.submittedAt}::timestamp(3), ${submission.id}::uuid)`;
  const [attempts, [neighbours]] = await Promise.all([
    prisma.submission.findMany({
      where: { assignmentId: submission.assignmentId, userId: submission.userId },
      orderBy: { attemptNumber: "desc" },
      select: SUBMISSION_SELECT,
    }),
    prisma.$queryRaw<{ previousId: string | null; nextId: string | null; position: number; totalCount: number }[]>`
      SELECT
        (SELECT s."id" ${QUEUE_FROM_SQL} WHERE ${where} AND (s."submittedAt", s."id") < ${here}
         ORDER BY s."submittedAt" DESC, s."id" DESC LIMIT 1) AS "previousId",
        (SELECT s."id" ${QUEUE_FROM_SQL} WHERE ${where} AND (s."submittedAt", s."id") > ${here}
         ORDER BY s."submittedAt", s."id" LIMIT 1) AS "nextId",
        (SELECT count(*)::int ${QUEUE_FROM_SQL} WHERE ${where} AND (s."submittedAt", s."id") <= ${here}) AS "position",
        (SELECT count(*)::int ${QUEUE_FROM_SQL} WHERE ${where}) AS "totalCount"`,
  ]);
  const { userId: _userId, assignmentId: _assignmentId, ...shown } = submission;
  const latestAttemptNumber = attempts[0]?.attemptNumber ?? submission.attemptNumber;
  return {
    ok: true as const,
    submission: {
      ...shown,
      isLatest: submission.attemptNumber === latestAttemptNumber,
      isMarkedLate: submission.isLate && submission.assignment.latePolicy === "MARK_LATE",
    },
    attempts,
    queue: {
      previousId: neighbours?.previousId ?? null,
      nextId: neighbours?.nextId ?? null,
      position: neighbours?.position ?? 0,
      totalCount: neighbours?.totalCount ?? 0,
    },
  };
}

export type SubmissionForGrading = Extract<Awaited<ReturnType<typeof getSubmissionForGrading>>, { ok: true }>;

/**
 * The submission to grade after `afterSubmissionId`: the next latest attempt waiting for a grade in
 * the queue (of one assignment lesson, or the course), from the top again when none is after it;
 * null when nothing else waits. One query after the check.
 */
export async function findNextUngradedSubmission({
  actor,
  courseId,
  afterSubmissionId,
  lessonId,
}: {
  actor: Actor;
  courseId: string;
  afterSubmissionId: string;
  lessonId?: string;
}): Promise<string | null> {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok || !isUuid(afterSubmissionId)) return null;
  const where = filterSql(access.course.id, { lessonId, status: "SUBMITTED" });
  const [row] = await prisma.$queryRaw<{ id: string }[]>`
    SELECT s."id"
    ${QUEUE_FROM_SQL}
    LEFT JOIN "Submission" here ON here."id" = ${afterSubmissionId}::uuid
    WHERE ${where} AND s."id" <> ${afterSubmissionId}::uuid
    ORDER BY ((s."submittedAt", s."id") > (here."submittedAt", here."id")) DESC NULLS LAST, s."submittedAt", s."id"
    LIMIT 1`;
  return row?.id ?? null;
}

type LockedSubmission = {
  userId: string;
  lessonId: string;
  attemptNumber: number;
  status: SubmissionStatus;
  points: number | null;
  isPassing: boolean | null;
  feedback: string | null;
  maxPoints: number;
  passingPoints: number;
  isSuperseded: boolean;
};

/**
 * Locks the learner's enrollment (as submitting does) and then the submission, and reads it; null
 * when it is not a submission of the course.
 */
async function lockSubmission(tx: Tx, { courseId, submissionId }: { courseId: string; submissionId: string }) {
  const found = await tx.submission.findFirst({
    where: { id: submissionId, assignment: { lesson: { courseId } } },
    select: { userId: true },
  });
  if (!found) return null;
  await tx.$queryRaw`
    SELECT "id" FROM "Enrollment" WHERE "userId" = ${found.userId}::uuid AND "courseId" = ${courseId}::uuid FOR UPDATE`;
  const [row] = await tx.$queryRaw<LockedSubmission[]>`
    SELECT s."userId", a."lessonId", s."attemptNumber", s."status"::text AS "status", s."points", s."isPassing",
           s."feedback", a."maxPoints", a."passingPoints", ${SUPERSEDED_SQL} AS "isSuperseded"
    FROM "Submission" s
    JOIN "Assignment" a ON a."id" = s."assignmentId"
    WHERE s."id" = ${submissionId}::uuid
    FOR UPDATE OF s`;
  return row ?? null;
}

type GradeChange = { ok: true; isChanged: boolean } | GradingRefusal;

/**
 * Grades the latest attempt: points from 0 to the assignment's maxPoints, written feedback, passing
 * when points reach passingPoints. Every grade and regrade goes to the audit log (`submission.graded`,
 * from and to points) and the learner's progress is recounted in the same transaction, so a passing
 * grade completes the lesson and a regrade below the pass mark takes that back. Saving the same
 * grade again changes nothing and logs nothing.
 */
export async function gradeSubmission({
  actor,
  courseId,
  submissionId,
  points,
  feedback: rawFeedback,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  courseId: string;
  submissionId: string;
  points: number;
  feedback: string;
  now?: Date;
  ipAddress?: string | null;
}): Promise<GradeChange> {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  if (!isUuid(submissionId)) return { ok: false, reason: "notFound" };
  const feedback = rawFeedback.trim();
  if (feedback.length > FEEDBACK_MAX_LENGTH) return { ok: false, reason: "feedbackTooLong" };
  return prisma.$transaction(async (tx): Promise<GradeChange> => {
    const locked = await lockSubmission(tx, { courseId: access.course.id, submissionId });
    if (!locked) return { ok: false, reason: "notFound" };
    if (locked.isSuperseded) return { ok: false, reason: "superseded" };
    if (!Number.isInteger(points) || points < 0 || points > locked.maxPoints) {
      return { ok: false, reason: "pointsOutOfRange" };
    }
    const isPassing = points >= locked.passingPoints;
    if (locked.status === "GRADED" && locked.points === points && (locked.feedback ?? "") === feedback) {
      return { ok: true, isChanged: false };
    }
    await tx.submission.update({
      where: { id: submissionId },
      data: { status: "GRADED", points, isPassing, feedback: feedback || null, gradedAt: now, gradedById: actor.id },
      select: { id: true },
    });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "submission.graded",
      entityType: "Submission",
      entityId: submissionId,
      ipAddress,
      data: {
        courseId: access.course.id,
        lessonId: locked.lessonId,
        learnerId: locked.userId,
        attemptNumber: locked.attemptNumber,
        fromStatus: locked.status,
        fromPoints: locked.points,
        toPoints: points,
        maxPoints: locked.maxPoints,
        wasPassing: locked.isPassing,
        isPassing,
        ...((locked.feedback ?? "") === feedback ? {} : { feedback }),
      },
    });
    await recalculateEnrollmentProgress({
      tx,
      userId: locked.userId,
      courseId: access.course.id,
      now,
      actorId: actor.id,
    });
    return { ok: true, isChanged: true };
  });
}

/**
 * Sends the latest attempt back for resubmission with feedback (required: it says what to change).
 * Its points are cleared (the audit log, `submission.returned`, keeps them), so a returned passing
 * attempt no longer completes the lesson; progress is recounted in the same transaction. Returning
 * it again with the same feedback changes nothing.
 */
export async function returnSubmission({
  actor,
  courseId,
  submissionId,
  feedback: rawFeedback,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  courseId: string;
  submissionId: string;
  feedback: string;
  now?: Date;
  ipAddress?: string | null;
}): Promise<GradeChange> {
  const access = await authorizeCourse(actor, courseId);
  if (!access.ok) return access;
  if (!isUuid(submissionId)) return { ok: false, reason: "notFound" };
  const feedback = rawFeedback.trim();
  if (!feedback) return { ok: false, reason: "feedbackRequired" };
  if (feedback.length > FEEDBACK_MAX_LENGTH) return { ok: false, reason: "feedbackTooLong" };
  return prisma.$transaction(async (tx): Promise<GradeChange> => {
    const locked = await lockSubmission(tx, { courseId: access.course.id, submissionId });
    if (!locked) return { ok: false, reason: "notFound" };
    if (locked.isSuperseded) return { ok: false, reason: "superseded" };
    if (locked.status === "RETURNED" && locked.feedback === feedback) return { ok: true, isChanged: false };
    await tx.submission.update({
      where: { id: submissionId },
      data: { status: "RETURNED", points: null, isPassing: null, feedback, gradedAt: now, gradedById: actor.id },
      select: { id: true },
    });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "submission.returned",
      entityType: "Submission",
      entityId: submissionId,
      ipAddress,
      data: {
        courseId: access.course.id,
        lessonId: locked.lessonId,
        learnerId: locked.userId,
        attemptNumber: locked.attemptNumber,
        fromStatus: locked.status,
        fromPoints: locked.points,
        wasPassing: locked.isPassing,
        feedback,
      },
    });
    await recalculateEnrollmentProgress({
      tx,
      userId: locked.userId,
      courseId: access.course.id,
      now,
      actorId: actor.id,
    });
    return { ok: true, isChanged: true };
  });
}
