// One learner's whole record for admins: who they are, their cohorts, every enrollment with its
// progress per module and confirmed letter, their quiz attempts and submissions, the nudges they
// were sent, and a timeline of their latest events.
//
// Seven statements, run side by side, whatever the learner has done: each list is one statement
// (the enrollments carry their modules as JSON), long lists are cut to their newest rows and say how
// many there are, and the timeline merges six kinds of event with UNION ALL and keeps the latest 50.
// Each starts from the learner's id through a per-learner index: Enrollment (userId, courseId),
// LessonProgress (userId, lessonId), QuizAttempt (userId, submittedAt), Submission (userId), Nudge
// (userId, createdAt), CohortMember (userId); attendance is reached through the learner's cohorts
// and AttendanceRecord (cohortId, userId), as it has no index that starts with the learner.
import { can } from "~/auth/permissions";
import type {
  CohortMemberRole,
  EnrollmentStatus,
  LessonKind,
  ProgramKind,
  Role,
  SubmissionStatus,
} from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";

type Actor = { id: string; role: Role };

export const LEARNER_DETAIL_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

/** Events in the timeline. */
export const TIMELINE_LENGTH = 50;
/** Quiz attempts, submissions and nudges listed, newest first; the page says when there are more. */
export const RECORD_LIST_LIMIT = 100;

/**
 * Whether the learner `userId` (an SQL expression) completed lesson `l`: the rule of progress
 * (completedLessonSql in progress.server.ts): a quiz passed, an assignment graded passing, any other
 * lesson marked complete.
 */
function lessonCompletedSql(userId: Prisma.Sql) {
  return Prisma.sql`(CASE l."kind"
    WHEN 'QUIZ' THEN EXISTS (
      SELECT 1 FROM "Quiz" q JOIN "QuizAttempt" qa ON qa."quizId" = q."id"
      WHERE q."lessonId" = l."id" AND qa."userId" = ${userId} AND qa."isPassed")
    WHEN 'ASSIGNMENT' THEN EXISTS (
      SELECT 1 FROM "Assignment" asg JOIN "Submission" s ON s."assignmentId" = asg."id"
      WHERE asg."lessonId" = l."id" AND s."userId" = ${userId} AND s."status" = 'GRADED' AND s."isPassing")
    ELSE EXISTS (
      SELECT 1 FROM "LessonProgress" p
      WHERE p."lessonId" = l."id" AND p."userId" = ${userId} AND p."status" = 'COMPLETED')
  END)`;
}

type LearnerRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  studentNumber: string | null;
  deactivatedAt: Date | null;
  degreeTrack: { nameKo: string; nameEn: string } | null;
};

export type LearnerMembership = {
  cohortId: string;
  cohortName: string;
  startsOn: Date;
  endsOn: Date;
  programKind: ProgramKind;
  programNameKo: string;
  programNameEn: string;
  role: CohortMemberRole;
  joinedAt: Date;
  leftAt: Date | null;
};

export type ModuleProgress = {
  moduleId: string;
  title: string;
  position: number;
  /** Published required lessons in the module. */
  requiredCount: number;
  /** Of those, the ones the learner completed. */
  completedCount: number;
};

export type LearnerEnrollment = {
  enrollmentId: string;
  courseId: string;
  code: string;
  title: string;
  status: EnrollmentStatus;
  progressPercent: number;
  completedRequiredCount: number;
  requiredLessonCount: number;
  activatedAt: Date | null;
  completedAt: Date | null;
  lastActivityAt: Date | null;
  cohortId: string | null;
  /** The confirmed final letter ("A+", "P"…), if one was confirmed. */
  finalLetter: string | null;
  modules: ModuleProgress[];
};

export type LearnerQuizAttempt = {
  attemptId: string;
  lessonId: string;
  lessonTitle: string;
  courseId: string;
  courseCode: string;
  attemptNumber: number;
  scorePercent: number | null;
  isPassed: boolean | null;
  startedAt: Date;
  submittedAt: Date | null;
  totalCount: number;
};

export type LearnerSubmission = {
  submissionId: string;
  lessonId: string;
  lessonTitle: string;
  courseId: string;
  courseCode: string;
  attemptNumber: number;
  status: SubmissionStatus;
  points: number | null;
  maxPoints: number;
  isLate: boolean;
  submittedAt: Date;
  totalCount: number;
};

export type LearnerNudge = {
  nudgeId: string;
  createdAt: Date;
  subject: string;
  sentByName: string;
  cohortName: string | null;
  courseTitle: string | null;
  totalCount: number;
};

export type TimelineEventKind =
  "lessonCompleted" | "quizSubmitted" | "assignmentSubmitted" | "enrollmentChanged" | "nudgeReceived" | "checkedIn";

/**
 * One event of the timeline: `title` is the lesson's title, the nudge's subject or the cohort's
 * name; `course` the course's code and title where there is one; `status` the enrollment's new
 * status, the submission's status or the attendance status; `scorePercent`/`isPassed` a quiz's.
 */
export type TimelineEvent = {
  eventId: string;
  kind: TimelineEventKind;
  at: Date;
  title: string | null;
  courseCode: string | null;
  courseTitle: string | null;
  status: string | null;
  scorePercent: number | null;
  isPassed: boolean | null;
  lessonKind: LessonKind | null;
};

function learnerSql(userId: string) {
  return Prisma.sql`
    SELECT u."id", u."name", u."email", u."role"::text AS "role", u."studentNumber", u."deactivatedAt",
      CASE WHEN t."id" IS NULL THEN NULL ELSE json_build_object('nameKo', t."nameKo", 'nameEn', t."nameEn") END
        AS "degreeTrack"
    FROM "User" u LEFT JOIN "DegreeTrack" t ON t."id" = u."degreeTrackId"
    WHERE u."id" = ${userId}::uuid`;
}

function membershipsSql(userId: string) {
  return Prisma.sql`
    SELECT c."id" AS "cohortId", c."name" AS "cohortName", c."startsOn", c."endsOn",
      p."kind"::text AS "programKind", p."nameKo" AS "programNameKo", p."nameEn" AS "programNameEn",
      cm."role"::text AS "role", cm."joinedAt", cm."leftAt"
    FROM "CohortMember" cm
    JOIN "Cohort" c ON c."id" = cm."cohortId"
    JOIN "Program" p ON p."id" = c."programId"
    WHERE cm."userId" = ${userId}::uuid
    ORDER BY cm."leftAt" DESC NULLS FIRST, c."startsOn" DESC, c."id"`;
}

/**
 * Every enrollment, newest first, with the confirmed letter and, per module of the course (removed
 * modules left out, modules in course order), its published required lessons and how many of them
 * the learner completed.
 */
function enrollmentsSql(userId: string) {
  const learner = Prisma.sql`${userId}::uuid`;
  return Prisma.sql`
    WITH modules AS (
      SELECT m."courseId", m."id", m."title", m."position",
        count(*) FILTER (WHERE l."isRequired")::int AS "requiredCount",
        count(*) FILTER (WHERE l."isRequired" AND ${lessonCompletedSql(learner)})::int AS "completedCount"
      FROM "Enrollment" e
      JOIN "Module" m ON m."courseId" = e."courseId" AND m."archivedAt" IS NULL
      JOIN "Lesson" l ON l."moduleId" = m."id" AND l."status" = 'PUBLISHED'
      WHERE e."userId" = ${learner}
      GROUP BY m."courseId", m."id", m."title", m."position"
    )
    SELECT e."id" AS "enrollmentId", c."id" AS "courseId", c."code", c."title", e."status"::text AS "status",
      e."progressPercent", e."completedRequiredCount", c."requiredLessonCount", e."activatedAt",
      e."completedAt", e."lastActivityAt", e."cohortId", fg."letter" AS "finalLetter",
      COALESCE((
        SELECT json_agg(json_build_object(
            'moduleId', md."id", 'title', md."title", 'position', md."position",
            'requiredCount', md."requiredCount", 'completedCount', md."completedCount")
          ORDER BY md."position", md."id")
        FROM modules md WHERE md."courseId" = e."courseId"
      ), '[]'::json) AS "modules"
    FROM "Enrollment" e
    JOIN "Course" c ON c."id" = e."courseId"
    LEFT JOIN "FinalGrade" fg ON fg."enrollmentId" = e."id"
    WHERE e."userId" = ${learner}
    ORDER BY e."requestedAt" DESC, e."id" DESC`;
}

function quizAttemptsSql(userId: string) {
  return Prisma.sql`
    SELECT qa."id" AS "attemptId", l."id" AS "lessonId", l."title" AS "lessonTitle", c."id" AS "courseId",
      c."code" AS "courseCode", qa."attemptNumber", qa."scorePercent", qa."isPassed", qa."startedAt",
      qa."submittedAt", (count(*) OVER ())::int AS "totalCount"
    FROM "QuizAttempt" qa
    JOIN "Quiz" q ON q."id" = qa."quizId"
    JOIN "Lesson" l ON l."id" = q."lessonId"
    JOIN "Course" c ON c."id" = l."courseId"
    WHERE qa."userId" = ${userId}::uuid
    ORDER BY COALESCE(qa."submittedAt", qa."startedAt") DESC, qa."id" DESC
    LIMIT ${RECORD_LIST_LIMIT}`;
}

function submissionsSql(userId: string) {
  return Prisma.sql`
    SELECT s."id" AS "submissionId", l."id" AS "lessonId", l."title" AS "lessonTitle", c."id" AS "courseId",
      c."code" AS "courseCode", s."attemptNumber", s."status"::text AS "status", s."points", a."maxPoints",
      s."isLate", s."submittedAt", (count(*) OVER ())::int AS "totalCount"
    FROM "Submission" s
    JOIN "Assignment" a ON a."id" = s."assignmentId"
    JOIN "Lesson" l ON l."id" = a."lessonId"
    JOIN "Course" c ON c."id" = l."courseId"
    WHERE s."userId" = ${userId}::uuid
    ORDER BY s."submittedAt" DESC, s."id" DESC
    LIMIT ${RECORD_LIST_LIMIT}`;
}

function nudgesSql(userId: string) {
  return Prisma.sql`
    SELECT n."id" AS "nudgeId", n."createdAt", n."subject", sender."name" AS "sentByName",
      co."name" AS "cohortName", c."title" AS "courseTitle", (count(*) OVER ())::int AS "totalCount"
    FROM "Nudge" n
    JOIN "User" sender ON sender."id" = n."sentById"
    LEFT JOIN "Cohort" co ON co."id" = n."cohortId"
    LEFT JOIN "Course" c ON c."id" = n."courseId"
    WHERE n."userId" = ${userId}::uuid
    ORDER BY n."createdAt" DESC, n."id" DESC
    LIMIT ${RECORD_LIST_LIMIT}`;
}

/**
 * The latest TIMELINE_LENGTH events of six kinds: lessons completed (LessonProgress.completedAt),
 * quiz attempts and assignments submitted, enrollment status changes (EnrollmentEvent), nudges
 * received, and attendance check-ins with a room's code (AttendanceRecord.checkedInAt). Each part
 * takes its own newest rows first, so the merge never reads more than six times the length.
 */
function timelineSql(userId: string) {
  const learner = Prisma.sql`${userId}::uuid`;
  const limit = Prisma.sql`LIMIT ${TIMELINE_LENGTH}`;
  return Prisma.sql`
    (SELECT p."id" AS "eventId", 'lessonCompleted' AS "kind", p."completedAt" AS "at", l."title",
       c."code" AS "courseCode", c."title" AS "courseTitle", NULL::text AS "status", NULL::int AS "scorePercent",
       NULL::boolean AS "isPassed", l."kind"::text AS "lessonKind"
     FROM "LessonProgress" p
     JOIN "Lesson" l ON l."id" = p."lessonId"
     JOIN "Course" c ON c."id" = p."courseId"
     WHERE p."userId" = ${learner} AND p."completedAt" IS NOT NULL
     ORDER BY p."completedAt" DESC ${limit})
    UNION ALL
    (SELECT qa."id", 'quizSubmitted', qa."submittedAt", l."title", c."code", c."title", NULL, qa."scorePercent",
       qa."isPassed", 'QUIZ'
     FROM "QuizAttempt" qa
     JOIN "Quiz" q ON q."id" = qa."quizId"
     JOIN "Lesson" l ON l."id" = q."lessonId"
     JOIN "Course" c ON c."id" = l."courseId"
     WHERE qa."userId" = ${learner} AND qa."submittedAt" IS NOT NULL
     ORDER BY qa."submittedAt" DESC ${limit})
    UNION ALL
    (SELECT s."id", 'assignmentSubmitted', s."submittedAt", l."title", c."code", c."title", s."status"::text, NULL,
       NULL, 'ASSIGNMENT'
     FROM "Submission" s
     JOIN "Assignment" a ON a."id" = s."assignmentId"
     JOIN "Lesson" l ON l."id" = a."lessonId"
     JOIN "Course" c ON c."id" = l."courseId"
     WHERE s."userId" = ${learner}
     ORDER BY s."submittedAt" DESC ${limit})
    UNION ALL
    (SELECT ev."id", 'enrollmentChanged', ev."createdAt", NULL, c."code", c."title", ev."toStatus"::text, NULL,
       NULL, NULL
     FROM "Enrollment" e
     JOIN "EnrollmentEvent" ev ON ev."enrollmentId" = e."id"
     JOIN "Course" c ON c."id" = e."courseId"
     WHERE e."userId" = ${learner}
     ORDER BY ev."createdAt" DESC ${limit})
    UNION ALL
    (SELECT n."id", 'nudgeReceived', n."createdAt", n."subject", c."code", c."title", NULL, NULL, NULL, NULL
     FROM "Nudge" n
     LEFT JOIN "Course" c ON c."id" = n."courseId"
     WHERE n."userId" = ${learner}
     ORDER BY n."createdAt" DESC ${limit})
    UNION ALL
    (SELECT r."id", 'checkedIn', r."checkedInAt", co."name", NULL, NULL, r."status"::text, NULL, NULL, NULL
     FROM "CohortMember" cm
     JOIN "AttendanceRecord" r ON r."cohortId" = cm."cohortId" AND r."userId" = cm."userId"
     JOIN "Cohort" co ON co."id" = cm."cohortId"
     WHERE cm."userId" = ${learner} AND r."checkedInAt" IS NOT NULL
     ORDER BY r."checkedInAt" DESC ${limit})
    ORDER BY "at" DESC, "kind", "eventId" DESC
    ${limit}`;
}

/**
 * A learner's record for those who may view any learner's record (admins: `learnerRecord:view`
 * with the `any` scope; an instructor's `teaching` scope does not reach a whole record). Seven
 * statements whatever the learner has done; `notFound` for an unknown or malformed id.
 */
export async function getLearnerDetail({ actor, userId }: { actor: Actor; userId: string }) {
  // No resource given: only an unscoped ("any") grant passes.
  if (!can(actor, "learnerRecord:view")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(userId)) return { ok: false, reason: "notFound" } as const;
  const [[learner], memberships, enrollments, quizAttempts, submissions, timeline, nudges] = await Promise.all([
    prisma.$queryRaw<LearnerRow[]>(learnerSql(userId)),
    prisma.$queryRaw<LearnerMembership[]>(membershipsSql(userId)),
    prisma.$queryRaw<LearnerEnrollment[]>(enrollmentsSql(userId)),
    prisma.$queryRaw<LearnerQuizAttempt[]>(quizAttemptsSql(userId)),
    prisma.$queryRaw<LearnerSubmission[]>(submissionsSql(userId)),
    prisma.$queryRaw<TimelineEvent[]>(timelineSql(userId)),
    prisma.$queryRaw<LearnerNudge[]>(nudgesSql(userId)),
  ]);
  if (!learner) return { ok: false, reason: "notFound" } as const;
  return {
    ok: true,
    learner,
    memberships,
    enrollments,
    quizAttempts: { items: quizAttempts, totalCount: quizAttempts[0]?.totalCount ?? 0 },
    submissions: { items: submissions, totalCount: submissions[0]?.totalCount ?? 0 },
    nudges: { items: nudges, totalCount: nudges[0]?.totalCount ?? 0 },
    timeline,
  } as const;
}

export type LearnerDetail = Extract<Awaited<ReturnType<typeof getLearnerDetail>>, { ok: true }>;
