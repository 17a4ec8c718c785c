// Lesson progress and the per-enrollment rollups that dashboards read.
//
// Every progress write runs in one transaction that first locks the learner's enrollment row
// (SELECT … FOR UPDATE), then writes, then recounts with one aggregate query and stores the
// rollups. The lock serialises all progress writes of one learner in one course, so the recount
// always sees every committed write plus its own, and concurrent tabs cannot lose a completion.
//
// Decisions (see the doc comments below for details):
// - Required lessons are the course's PUBLISHED lessons with isRequired, released or not: a course
//   whose lessons open week by week is not "complete" after week one. Unreleased lessons cannot be
//   completed until they open. Drafts and archived lessons never count, even if completed earlier.
// - A course with no required lessons stays at 0% and is never completed by progress.
// - Un-completing a lesson of a COMPLETED enrollment reopens it (COMPLETED → ACTIVE, with an event);
//   lessons added to a course after a learner finished do not take the completion away.
// - Time beacons add at most 60 s each and never more than the wall-clock time since the previous
//   beacon or view plus 5 s of slack for network jitter (see recordLessonTime).
import { issueCertificate } from "~/models/certificate.server";
import { academyCalendarDay } from "~/lib/time-zone";
import type { EnrollmentStatus, LessonKind } from "~/generated/prisma/client";
import { prisma, Prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid, newUuidV7 } from "~/lib/uuid";
import {
  LEARNING_STATUSES,
  learnerEnrollmentSelect,
  LESSON_ORDER_SQL,
  resumeLessonJoinsSql,
  visibleLessonSql,
  type LearnerEnrollment,
} from "~/models/lesson.server";

/** The most one time beacon can add, whatever it claims. */
export const MAX_SECONDS_PER_BEACON = 60;
/** How far beyond the measured wall-clock time a beacon may claim, to absorb network jitter. */
export const BEACON_SLACK_SECONDS = 5;

/** Enrollment statuses whose learners may record progress. */
export type LearnerEnrollmentStatus = Extract<EnrollmentStatus, "ACTIVE" | "COMPLETED">;

export const PROGRESS_REFUSALS = defineRefusals({
  /** No ACTIVE or COMPLETED enrollment in the lesson's course. */
  notEnrolled: { status: 409, messageKey: "lesson.refused.notEnrolled" },
  /** Unknown lesson, or not PUBLISHED, or not released yet. */
  notAvailable: { status: 409, messageKey: "lesson.refused.notAvailable" },
  /** Quiz and assignment lessons complete through a passed attempt or a passing grade. */
  notManuallyCompletable: { status: 409, messageKey: "lesson.refused.notManuallyCompletable" },
});

export type ProgressRefusalReason = keyof typeof PROGRESS_REFUSALS;

export type ProgressResult<Reason extends ProgressRefusalReason = ProgressRefusalReason> =
  { ok: true; progressPercent: number; enrollmentStatus: LearnerEnrollmentStatus } | { ok: false; reason: Reason };

/** A lesson's state for one learner, as the lesson player's sidebar shows it. */
export type LessonProgressState = "completed" | "inProgress" | "notStarted";

type Tx = Prisma.TransactionClient;

const MANUALLY_COMPLETABLE_KINDS: readonly LessonKind[] = ["ARTICLE", "VIDEO"];

/**
 * Records that the learner opened the lesson: first/last viewed, and the enrollment's resume point.
 * Every lesson GET runs it, so it is one statement and holds no lock beyond it: a view neither
 * completes nor recounts anything, so it need not queue behind the learner's other progress writes
 * (their recount reads completions, which a view never changes). An enrollment that is no longer
 * ACTIVE or COMPLETED by the time the statement runs gets no resume point.
 */
export async function recordLessonView({
  userId,
  lessonId,
  now = new Date(),
}: {
  userId: string;
  lessonId: string;
  now?: Date;
}): Promise<ProgressResult<"notEnrolled" | "notAvailable">> {
  if (!isUuid(lessonId)) return { ok: false, reason: "notAvailable" };
  const [touched] = await prisma.$queryRaw<{ status: EnrollmentStatus; progressPercent: number }[]>`
    WITH access AS (
      SELECT e."id" AS "enrollmentId", l."courseId"
      FROM "Lesson" l
      JOIN "Enrollment" e ON e."courseId" = l."courseId" AND e."userId" = ${userId}::uuid
      WHERE l."id" = ${lessonId}::uuid AND e."status" IN ('ACTIVE', 'COMPLETED') AND ${visibleLessonSql(now)}
    ), viewed AS (
      INSERT INTO "LessonProgress"
        ("id", "userId", "lessonId", "courseId", "status", "firstViewedAt", "lastViewedAt", "secondsSpent")
      SELECT ${newUuidV7()}::uuid, ${userId}::uuid, ${lessonId}::uuid, a."courseId", 'IN_PROGRESS',
             ${now}::timestamp(3), ${now}::timestamp(3), 0
      FROM access a
      ON CONFLICT ("userId", "lessonId") DO UPDATE
        SET "lastViewedAt" = GREATEST("LessonProgress"."lastViewedAt", EXCLUDED."lastViewedAt")
      RETURNING 1
    )
    UPDATE "Enrollment" e
    SET "lastActivityAt" = ${now}::timestamp(3), "lastLessonId" = ${lessonId}::uuid
    FROM access a
    WHERE e."id" = a."enrollmentId" AND e."status" IN ('ACTIVE', 'COMPLETED')
    RETURNING e."status"::text AS "status", e."progressPercent"`;
  if (touched) return { ok: true, ...learnerStatus(touched) };
  // Refused: say why, as lockEnrollmentForLesson would (enrollment first).
  return prisma
    .$transaction((tx) => lockEnrollmentForLesson({ tx, userId, lessonId, now }))
    .then((access) => (access.ok ? { ok: false, reason: "notAvailable" as const } : access));
}

/**
 * Adds time reported by the lesson page's beacon. Each beacon adds
 * min(claimed, 60, floor(seconds since lastViewedAt) + 5), never less than 0, and moves lastViewedAt
 * to max(now, lastViewedAt + added). Because the cursor only moves forward by what was credited,
 * the total credited over any stretch of time is at most its wall-clock length plus 5 s, however
 * many beacons arrive; a forgotten tab that claims hours gets 60 s. A beacon with no earlier view
 * counts as the view and adds nothing.
 */
export async function recordLessonTime({
  userId,
  lessonId,
  seconds,
  now = new Date(),
}: {
  userId: string;
  lessonId: string;
  seconds: number;
  now?: Date;
}): Promise<ProgressResult<"notEnrolled" | "notAvailable">> {
  const claimedSeconds = Number.isFinite(seconds)
    ? Math.min(Math.max(Math.floor(seconds), 0), MAX_SECONDS_PER_BEACON)
    : 0;
  return prisma.$transaction(async (tx) => {
    const access = await lockEnrollmentForLesson({ tx, userId, lessonId, now });
    if (!access.ok) return access;
    const creditedSeconds = Prisma.sql`GREATEST(0, LEAST(${claimedSeconds}::int,
      FLOOR(EXTRACT(EPOCH FROM (${now}::timestamp(3) - "LessonProgress"."lastViewedAt")))::int
        + ${BEACON_SLACK_SECONDS}::int))`;
    await upsertLessonProgress({
      tx,
      row: { userId, lessonId, courseId: access.courseId, now, status: "IN_PROGRESS" },
      onExisting: Prisma.sql`
        "secondsSpent" = "LessonProgress"."secondsSpent" + ${creditedSeconds},
        "lastViewedAt" = GREATEST(
          ${now}::timestamp(3),
          "LessonProgress"."lastViewedAt" + make_interval(secs => ${creditedSeconds})
        )`,
    });
    return touchEnrollment({ tx, enrollmentId: access.enrollmentId, lessonId, now });
  });
}

/**
 * Marks an article or video lesson complete. Idempotent: repeated or concurrent calls leave one
 * COMPLETED row with the first completedAt. Completing the last required lesson completes the
 * enrollment.
 */
export async function markLessonComplete({
  userId,
  lessonId,
  now = new Date(),
}: {
  userId: string;
  lessonId: string;
  now?: Date;
}): Promise<ProgressResult> {
  return changeManualCompletion({ userId, lessonId, now }, async (tx, { courseId }) => {
    await upsertLessonProgress({
      tx,
      row: { userId, lessonId, courseId, now, status: "COMPLETED" },
      onExisting: Prisma.sql`
        "status" = 'COMPLETED',
        "completedAt" = COALESCE("LessonProgress"."completedAt", EXCLUDED."completedAt"),
        "lastViewedAt" = GREATEST("LessonProgress"."lastViewedAt", EXCLUDED."lastViewedAt")`,
    });
  });
}

/**
 * Takes back an article or video completion (a no-op if it was not complete) and recounts; a
 * COMPLETED enrollment that falls short again goes back to ACTIVE.
 */
export async function markLessonIncomplete({
  userId,
  lessonId,
  now = new Date(),
}: {
  userId: string;
  lessonId: string;
  now?: Date;
}): Promise<ProgressResult> {
  return changeManualCompletion({ userId, lessonId, now }, async (tx) => {
    await tx.lessonProgress.updateMany({
      where: { userId, lessonId, status: "COMPLETED" },
      data: { status: "IN_PROGRESS", completedAt: null },
    });
  });
}

/** The shared frame of marking a lesson complete or not: lock, check, `write`, recount. */
async function changeManualCompletion(
  { userId, lessonId, now }: { userId: string; lessonId: string; now: Date },
  write: (tx: Tx, lesson: { courseId: string }) => Promise<void>,
): Promise<ProgressResult> {
  return prisma.$transaction(async (tx) => {
    const access = await lockEnrollmentForLesson({ tx, userId, lessonId, now });
    if (!access.ok) return access;
    if (!MANUALLY_COMPLETABLE_KINDS.includes(access.lessonKind)) {
      return { ok: false, reason: "notManuallyCompletable" } as const;
    }
    await write(tx, { courseId: access.courseId });
    const rollups = await recountEnrollment({
      tx,
      enrollment: access,
      userId,
      courseId: access.courseId,
      now,
      actorId: userId,
      activityLessonId: lessonId,
    });
    return { ok: true, ...learnerStatus(rollups) };
  });
}

/**
 * Recounts a learner's completed required lessons with one aggregate query and stores the rollups
 * and, for ACTIVE/COMPLETED enrollments, the completion status (with an EnrollmentEvent). Call it
 * inside the transaction that changed progress (a graded quiz attempt or submission), AFTER that
 * write: it locks the enrollment row, so concurrent writers recount in turn. Returns null when the
 * learner has no enrollment in the course. `actorId` goes on the event; null means the system.
 */
export async function recalculateEnrollmentProgress({
  tx,
  userId,
  courseId,
  now,
  actorId = null,
}: {
  tx: Tx;
  userId: string;
  courseId: string;
  now: Date;
  actorId?: string | null;
}): Promise<{ progressPercent: number; completedRequiredCount: number; enrollmentStatus: EnrollmentStatus } | null> {
  const [enrollment] = await tx.$queryRaw<LockedEnrollment[]>`
    SELECT "id" AS "enrollmentId", "status"::text AS "enrollmentStatus", "completedRequiredCount"
    FROM "Enrollment"
    WHERE "userId" = ${userId}::uuid AND "courseId" = ${courseId}::uuid
    FOR UPDATE`;
  if (!enrollment) return null;
  const rollups = await recountEnrollment({ tx, enrollment, userId, courseId, now, actorId });
  return {
    progressPercent: rollups.progressPercent,
    completedRequiredCount: rollups.completedRequiredCount,
    enrollmentStatus: rollups.status,
  };
}

/**
 * The course's required-lesson count and every enrollment's progress, recounted inside the caller's
 * transaction after lessons were added, removed, published or unpublished, or made (not) required.
 */
export async function recountCourseCompletion({ tx, courseId, now }: { tx: Tx; courseId: string; now: Date }) {
  const requiredLessonCount = await tx.lesson.count({ where: { courseId, status: "PUBLISHED", isRequired: true } });
  await tx.course.updateMany({
    where: { id: courseId, requiredLessonCount: { not: requiredLessonCount } },
    data: { requiredLessonCount },
  });
  const enrollments = await tx.enrollment.findMany({ where: { courseId }, select: { userId: true } });
  for (const { userId } of enrollments) await recalculateEnrollmentProgress({ tx, userId, courseId, now });
}

/**
 * The lesson player's sidebar: the course's modules in order with their visible (published and
 * released) lessons, each with the learner's state, and the enrollment's rollups. Null unless the
 * learner has an ACTIVE or COMPLETED enrollment. Two queries, or one when the caller already read the
 * enrollment (getLessonForViewer does); modules without a visible lesson are left out.
 */
export async function getCourseOutlineForLearner({
  userId,
  courseId,
  enrollment: readEnrollment,
  now = new Date(),
}: {
  userId: string;
  courseId: string;
  enrollment?: LearnerEnrollment | null;
  now?: Date;
}) {
  const [enrollment, lessonRows] = await Promise.all([
    readEnrollment !== undefined
      ? readEnrollment
      : prisma.enrollment.findFirst({
          where: { userId, courseId, status: { in: [...LEARNING_STATUSES] } },
          select: learnerEnrollmentSelect,
        }),
    prisma.$queryRaw<OutlineLessonRow[]>`
      SELECT m."id" AS "moduleId", m."position" AS "modulePosition", m."title" AS "moduleTitle",
             l."id", l."slug", l."title", l."kind"::text AS "kind", l."position", l."durationMinutes",
             l."isRequired",
             ${completedLessonSql(userId)} AS "isCompleted",
             EXISTS (
               SELECT 1 FROM "LessonProgress" p WHERE p."lessonId" = l."id" AND p."userId" = ${userId}::uuid
             ) AS "isStarted"
      FROM "Lesson" l
      JOIN "Module" m ON m."id" = l."moduleId"
      WHERE l."courseId" = ${courseId}::uuid AND ${visibleLessonSql(now)}
      ORDER BY ${LESSON_ORDER_SQL}`,
  ]);
  if (!enrollment) return null;

  const modules: {
    id: string;
    position: number;
    title: string;
    lessons: {
      id: string;
      slug: string;
      title: string;
      kind: LessonKind;
      position: number;
      durationMinutes: number;
      isRequired: boolean;
      state: LessonProgressState;
    }[];
  }[] = [];
  for (const row of lessonRows) {
    let courseModule = modules.at(-1);
    if (courseModule?.id !== row.moduleId) {
      courseModule = { id: row.moduleId, position: row.modulePosition, title: row.moduleTitle, lessons: [] };
      modules.push(courseModule);
    }
    courseModule.lessons.push({
      id: row.id,
      slug: row.slug,
      title: row.title,
      kind: row.kind,
      position: row.position,
      durationMinutes: row.durationMinutes,
      isRequired: row.isRequired,
      state: row.isCompleted ? "completed" : row.isStarted ? "inProgress" : "notStarted",
    });
  }
  return { enrollment, modules };
}

/**
 * The learner's dashboard, in three queries however many courses they take:
 * - inProgress: ACTIVE enrollments, most recently active first, each with where to resume (the last
 *   lesson opened if it is still visible, else the course's first visible lesson; null if none);
 * - upcomingDueDates: the 10 nearest cohort due dates on or after today (Korea's calendar day) in
 *   cohorts the user has not left, leaving out courses they have already completed;
 * - recentlyCompleted: the 10 latest COMPLETED enrollments.
 */
export async function getMyLearning({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const [inProgress, upcomingDueDates, recentlyCompleted] = await Promise.all([
    prisma.$queryRaw<InProgressCourseRow[]>`
      SELECT c."id" AS "courseId", c."slug" AS "courseSlug", c."code" AS "courseCode", c."title" AS "courseTitle",
             e."progressPercent", e."completedRequiredCount", e."lastActivityAt",
             COALESCE(resumed."slug", opening."slug") AS "resumeLessonSlug"
      FROM "Enrollment" e
      JOIN "Course" c ON c."id" = e."courseId"
      ${resumeLessonJoinsSql(now)}
      WHERE e."userId" = ${userId}::uuid AND e."status" = 'ACTIVE'
      ORDER BY e."lastActivityAt" DESC NULLS LAST, e."activatedAt" DESC NULLS LAST, c."title"`,
    prisma.cohortCourse.findMany({
      where: {
        dueOn: { gte: academyCalendarDay(now) },
        cohort: { members: { some: { userId, leftAt: null } } },
        course: { enrollments: { none: { userId, status: "COMPLETED" } } },
      },
      orderBy: [{ dueOn: "asc" }, { courseId: "asc" }],
      take: 10,
      select: {
        dueOn: true,
        cohort: { select: { id: true, slug: true, name: true } },
        course: { select: { id: true, slug: true, code: true, title: true } },
      },
    }),
    prisma.enrollment.findMany({
      where: { userId, status: "COMPLETED" },
      orderBy: [{ completedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
      take: 10,
      select: {
        completedAt: true,
        progressPercent: true,
        course: { select: { id: true, slug: true, code: true, title: true } },
      },
    }),
  ]);
  return {
    inProgress: inProgress.map(({ courseId, courseSlug, courseCode, courseTitle, ...rollups }) => ({
      course: { id: courseId, slug: courseSlug, code: courseCode, title: courseTitle },
      ...rollups,
    })),
    upcomingDueDates: upcomingDueDates.flatMap(({ dueOn, cohort, course }) =>
      dueOn ? [{ dueOn, cohort, course }] : [],
    ),
    recentlyCompleted,
  };
}

// ───────────────────────────── internals ─────────────────────────────

type LockedEnrollment = { enrollmentId: string; enrollmentStatus: EnrollmentStatus; completedRequiredCount: number };

type LessonAccess = LockedEnrollment & {
  enrollmentStatus: LearnerEnrollmentStatus;
  courseId: string;
  lessonKind: LessonKind;
};

type OutlineLessonRow = {
  moduleId: string;
  modulePosition: number;
  moduleTitle: string;
  id: string;
  slug: string;
  title: string;
  kind: LessonKind;
  position: number;
  durationMinutes: number;
  isRequired: boolean;
  isCompleted: boolean;
  isStarted: boolean;
};

type InProgressCourseRow = {
  courseId: string;
  courseSlug: string;
  courseCode: string;
  courseTitle: string;
  progressPercent: number;
  completedRequiredCount: number;
  lastActivityAt: Date | null;
  resumeLessonSlug: string | null;
};

function isLearnerStatus(status: EnrollmentStatus): status is LearnerEnrollmentStatus {
  return status === "ACTIVE" || status === "COMPLETED";
}

/**
 * Locks the learner's enrollment in the lesson's course for the rest of the transaction and checks
 * that they may record progress on the lesson. Enrollment is checked first, so someone who is not
 * enrolled learns nothing about the course's unreleased lessons.
 */
async function lockEnrollmentForLesson({
  tx,
  userId,
  lessonId,
  now,
}: {
  tx: Tx;
  userId: string;
  lessonId: string;
  now: Date;
}): Promise<({ ok: true } & LessonAccess) | { ok: false; reason: "notEnrolled" | "notAvailable" }> {
  // Lesson ids come from URLs and forms; a malformed one is an unknown lesson, not a database error.
  if (!isUuid(lessonId)) return { ok: false, reason: "notAvailable" };
  const [row] = await tx.$queryRaw<
    (LockedEnrollment & { courseId: string; lessonKind: LessonKind; isVisible: boolean })[]
  >`
    SELECT e."id" AS "enrollmentId", e."status"::text AS "enrollmentStatus", e."completedRequiredCount",
           l."courseId", l."kind"::text AS "lessonKind", ${visibleLessonSql(now)} AS "isVisible"
    FROM "Lesson" l
    JOIN "Enrollment" e ON e."courseId" = l."courseId" AND e."userId" = ${userId}::uuid
    WHERE l."id" = ${lessonId}::uuid
    FOR UPDATE OF e`;
  if (!row) {
    const lesson = await tx.lesson.findUnique({ where: { id: lessonId }, select: { id: true } });
    return { ok: false, reason: lesson ? "notEnrolled" : "notAvailable" };
  }
  const { isVisible, enrollmentStatus, ...access } = row;
  if (!isLearnerStatus(enrollmentStatus)) return { ok: false, reason: "notEnrolled" };
  if (!isVisible) return { ok: false, reason: "notAvailable" };
  return { ok: true, ...access, enrollmentStatus };
}

/** Sets the resume point after a view or a beacon; neither changes what is completed. */
async function touchEnrollment({
  tx,
  enrollmentId,
  lessonId,
  now,
}: {
  tx: Tx;
  enrollmentId: string;
  lessonId: string;
  now: Date;
}): Promise<ProgressResult<never>> {
  const enrollment = await tx.enrollment.update({
    where: { id: enrollmentId },
    data: { lastActivityAt: now, lastLessonId: lessonId },
    select: { status: true, progressPercent: true },
  });
  return { ok: true, ...learnerStatus(enrollment) };
}

/**
 * The recount behind every rollup. The caller holds the enrollment row lock. ACTIVE becomes
 * COMPLETED when every required lesson is done; COMPLETED goes back to ACTIVE only when the learner's
 * own count falls (a lesson un-completed, a submission regraded), not because lessons were added
 * after they finished. Other statuses (e.g. DROPPED) keep their status; only the counts change.
 */
async function recountEnrollment({
  tx,
  enrollment,
  userId,
  courseId,
  now,
  actorId,
  activityLessonId,
}: {
  tx: Tx;
  enrollment: LockedEnrollment;
  userId: string;
  courseId: string;
  now: Date;
  actorId: string | null;
  /** Set when the learner acted on a lesson: it becomes the resume point. */
  activityLessonId?: string;
}) {
  const [counts] = await tx.$queryRaw<{ requiredCount: number; completedCount: number }[]>`
    SELECT count(*)::int AS "requiredCount",
           (count(*) FILTER (WHERE ${completedLessonSql(userId)}))::int AS "completedCount"
    FROM "Lesson" l
    WHERE l."courseId" = ${courseId}::uuid AND l."status" = 'PUBLISHED' AND l."isRequired"`;
  const requiredCount = counts?.requiredCount ?? 0;
  const completedCount = counts?.completedCount ?? 0;
  const progressPercent = requiredCount === 0 ? 0 : Math.floor((100 * completedCount) / requiredCount);
  const isAllDone = requiredCount > 0 && completedCount >= requiredCount;

  const previousStatus = enrollment.enrollmentStatus;
  let status = previousStatus;
  if (previousStatus === "ACTIVE" && isAllDone) status = "COMPLETED";
  if (previousStatus === "COMPLETED" && !isAllDone && completedCount < enrollment.completedRequiredCount) {
    status = "ACTIVE";
  }
  const statusChange = status === previousStatus ? {} : { status, completedAt: status === "COMPLETED" ? now : null };

  const updated = await tx.enrollment.update({
    where: { id: enrollment.enrollmentId },
    data: {
      completedRequiredCount: completedCount,
      progressPercent,
      ...statusChange,
      ...(activityLessonId ? { lastActivityAt: now, lastLessonId: activityLessonId } : {}),
    },
    select: { status: true, progressPercent: true, completedRequiredCount: true },
  });
  if (status !== previousStatus) {
    await tx.enrollmentEvent.create({
      data: {
        enrollmentId: enrollment.enrollmentId,
        fromStatus: previousStatus,
        toStatus: status,
        actorId,
        reason: status === "COMPLETED" ? "All required lessons completed" : "A required lesson is no longer complete",
        createdAt: now,
      },
      select: { id: true },
    });
    // Issued with the completion, once: completing again after a lesson was taken back finds it.
    if (status === "COMPLETED") await issueCertificate({ tx, enrollmentId: enrollment.enrollmentId, now });
  }
  return updated;
}

function learnerStatus(enrollment: { status: EnrollmentStatus; progressPercent: number }) {
  // Callers hold a lock on an enrollment they checked was ACTIVE or COMPLETED, and the recount only
  // moves between those two.
  if (!isLearnerStatus(enrollment.status)) throw new Error(`Unexpected enrollment status ${enrollment.status}`);
  return { progressPercent: enrollment.progressPercent, enrollmentStatus: enrollment.status };
}

/**
 * The one write of a learner's row for a lesson. A new row starts as `row.status`, viewed now (and
 * completed now when COMPLETED); an existing one gets `onExisting`, a SET list that reads the
 * stored row as "LessonProgress" and the new one as EXCLUDED. One statement, so concurrent writes
 * for the same lesson never make two rows.
 */
async function upsertLessonProgress({
  tx,
  row: { userId, lessonId, courseId, now, status },
  onExisting,
}: {
  tx: Tx;
  row: { userId: string; lessonId: string; courseId: string; now: Date; status: "IN_PROGRESS" | "COMPLETED" };
  onExisting: Prisma.Sql;
}) {
  await tx.$executeRaw`
    INSERT INTO "LessonProgress"
      ("id", "userId", "lessonId", "courseId", "status", "firstViewedAt", "lastViewedAt", "completedAt",
       "secondsSpent")
    VALUES
      (${newUuidV7()}::uuid, ${userId}::uuid, ${lessonId}::uuid, ${courseId}::uuid,
       ${status}::"ProgressStatus", ${now}::timestamp(3), ${now}::timestamp(3),
       ${status === "COMPLETED" ? now : null}::timestamp(3), 0)
    ON CONFLICT ("userId", "lessonId") DO UPDATE SET ${onExisting}`;
}

/**
 * Whether the learner has completed the lesson (aliased `l`), the one definition used by both the
 * recount and the outline: a passed attempt for a quiz, a GRADED passing submission for an
 * assignment, a COMPLETED progress row for an article or video.
 */
function completedLessonSql(userId: string) {
  return Prisma.sql`(CASE l."kind"
    WHEN 'QUIZ' THEN EXISTS (
      SELECT 1 FROM "Quiz" q JOIN "QuizAttempt" a ON a."quizId" = q."id"
      WHERE q."lessonId" = l."id" AND a."userId" = ${userId}::uuid AND a."isPassed"
    )
    WHEN 'ASSIGNMENT' THEN EXISTS (
      SELECT 1 FROM "Assignment" s JOIN "Submission" sub ON sub."assignmentId" = s."id"
      WHERE s."lessonId" = l."id" AND sub."userId" = ${userId}::uuid AND sub."status" = 'GRADED' AND sub."isPassing"
    )
    ELSE EXISTS (
      SELECT 1 FROM "LessonProgress" p
      WHERE p."lessonId" = l."id" AND p."userId" = ${userId}::uuid AND p."status" = 'COMPLETED'
    )
  END)`;
}
