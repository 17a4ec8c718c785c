import { Prisma, prisma } from "~/lib/db.server";
import { startOfAcademyWeek } from "~/lib/time-zone";

/**
 * A submission waits for a grade when it is a learner's latest attempt at an assignment and is
 * SUBMITTED: the same rule as each course's grading queue (listSubmissionsForGrading).
 */
const WAITING_SUBMISSION_SQL = Prisma.sql`
  s."status" = 'SUBMITTED' AND NOT EXISTS (
    SELECT 1 FROM "Submission" later
    WHERE later."assignmentId" = s."assignmentId" AND later."userId" = s."userId"
      AND later."attemptNumber" > s."attemptNumber"
  )`;

type OverviewCounts = {
  learnerCount: number;
  publishedCourseCount: number;
  enrolledThisWeekCount: number;
  pendingApprovalCount: number;
  waitingSubmissionCount: number;
  failedEmailCount: number;
};

type WaitingCourse = { courseId: string; title: string; code: string; waitingCount: number };

/**
 * The admin overview's figures, across the whole installation: active learner accounts, published
 * courses, enrollments activated since Monday 00:00 in the academy's time zone, requests to join waiting for a
 * decision, submissions waiting for a grade, and mail the outbox gave up on; with the ten courses
 * with the most submissions waiting. Two statements however many rows there are.
 */
export async function getAdminOverview({
  now = new Date(),
  topCourseCount = 10,
}: { now?: Date; topCourseCount?: number } = {}) {
  const weekStart = startOfAcademyWeek(now);
  const [[counts], waitingCourses] = await Promise.all([
    prisma.$queryRaw<OverviewCounts[]>`
      SELECT
         (SELECT count(*)::int FROM "User" WHERE "role" = 'LEARNER' AND "deactivatedAt" IS NULL) AS "learnerCount",
         (SELECT count(*)::int FROM "Course" WHERE "status" = 'PUBLISHED') AS "publishedCourseCount",
         (SELECT count(*)::int FROM "Enrollment" WHERE "activatedAt" >= ${weekStart}) AS "enrolledThisWeekCount",
         (SELECT count(*)::int FROM "Enrollment" WHERE "status" = 'PENDING') AS "pendingApprovalCount",
         (SELECT count(*)::int FROM "Submission" s WHERE ${WAITING_SUBMISSION_SQL}) AS "waitingSubmissionCount",
         (SELECT count(*)::int FROM "EmailOutbox" WHERE "status" = 'FAILED') AS "failedEmailCount"`,
    prisma.$queryRaw<WaitingCourse[]>`
      SELECT c."id" AS "courseId", c."title", c."code", count(*)::int AS "waitingCount"
       FROM "Submission" s
       JOIN "Assignment" a ON a."id" = s."assignmentId"
       JOIN "Lesson" l ON l."id" = a."lessonId"
       JOIN "Course" c ON c."id" = l."courseId"
       WHERE ${WAITING_SUBMISSION_SQL}
       GROUP BY c."id", c."title", c."code"
       ORDER BY "waitingCount" DESC, c."title", c."id"
       LIMIT ${topCourseCount}`,
  ]);
  // A SELECT without FROM always returns its one row.
  return { weekStart, ...counts!, waitingCourses };
}
