// A cohort's dashboard for admins: headline figures, how its learners spread over progress, twelve
// weeks of activity, and a completion funnel per assigned course.
//
// Who counts: the cohort's current learners (CohortMember role LEARNER, leftAt null); mentors and
// those who left are never counted. What counts: the courses assigned to the cohort (CohortCourse),
// and each learner's one enrollment in each (Enrollment is unique per learner and course, so it is
// joined by learner and course, not by Enrollment.cohortId: a learner enrolled before joining the
// cohort counts too). Courses the learners take outside the cohort are ignored.
//
// Everything is computed in SQL from the records when the page is read (no caches, no nightly
// tables), in three statements run side by side whatever the cohort's size: the heading with the
// headline figures with the progress distribution, the weekly activity and the funnels. Each starts from
// the cohort's members (the (cohortId, userId) unique index) and reaches their records through
// per-learner indexes: Enrollment (userId, courseId), LessonProgress (userId, lessonId), QuizAttempt
// (userId, submittedAt), Submission (userId). Nothing is read per lesson, so courses that other
// cohorts or open enrollment also fill do not make a cohort's dashboard slower.
//
// Measured on the test database (2 cores): a cohort of 2,000 learners in three courses of fifteen
// lessons that 18,000 others also take (380,000 progress rows, 55,000 events in the twelve weeks)
// took 0.35–0.45 s for the whole dashboard; the weekly activity is the slowest statement (0.36 s
// under EXPLAIN ANALYZE), then the funnel (0.23 s; 0.59 s when it counted per lesson, reading every
// learner of the course). The headline figures took 0.11 s, the distribution 0.02 s.
// Re-measured on the bench's quick city (2 cores shared with other work) with a cohort of 2,000 in
// three courses (6,000 enrollments, 45,000 lesson completions in the twelve weeks), each statement's
// best of nine runs: weekly activity 101 ms before its rewrite, 49–68 ms after; funnel 38–42 ms;
// headline with the distribution 24 ms (the distribution alone had been another 18 ms). About
// 90 ms of PostgreSQL CPU per dashboard: the figures are read from every completion in the window,
// so the cost grows with the cohort's activity (a rollup kept by the progress writes would not).
import { can } from "~/auth/permissions";
import type { LessonKind, ProgramKind, Role } from "~/generated/prisma/client";
import { academyCalendarDay, appTimeZone, startOfAcademyWeek } from "~/lib/time-zone";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";

type Actor = { id: string; role: Role };

export const COHORT_DASHBOARD_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

/** Weeks in the activity chart, the current week (Monday to Sunday in the academy's time zone) being the last. */
export const ACTIVITY_WEEK_COUNT = 12;
/**
 * The funnel shows a course's first lessons in course order, at most this many, so a long course
 * keeps the page small; the page says how many more there are.
 */
export const FUNNEL_LESSON_LIMIT = 30;
/** How far back "active recently" looks. */
export const RECENT_ACTIVITY_DAYS = 7;

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The cohort's current learners (`members`: "userId") and its assigned courses (`assigned`:
 * "courseId", "dueOn"), as CTEs every statement below starts from.
 */
function cohortScopeSql(cohortId: string) {
  return Prisma.sql`
    members AS (
      SELECT cm."userId" FROM "CohortMember" cm
      WHERE cm."cohortId" = ${cohortId}::uuid AND cm."role" = 'LEARNER' AND cm."leftAt" IS NULL
    ),
    assigned AS (
      SELECT cc."courseId", cc."dueOn" FROM "CohortCourse" cc WHERE cc."cohortId" = ${cohortId}::uuid
    ),
    enrollments AS (
      SELECT mb."userId", e."courseId", e."status", e."progressPercent", e."lastActivityAt"
      FROM members mb
      -- Each member's own enrollments, by the (userId, courseId) key: the assigned courses' other
      -- learners (open enrollment, other cohorts) are never read, so the figures cost what the cohort is.
      CROSS JOIN LATERAL (
        SELECT e."courseId", e."status", e."progressPercent", e."lastActivityAt" FROM "Enrollment" e
        WHERE e."userId" = mb."userId" AND e."courseId" = ANY (ARRAY(SELECT "courseId" FROM assigned))
      ) e
    )`;
}

/** Enrollments that are being taken or are done: the ones progress figures average over. */
const TAKING_SQL = Prisma.sql`"status" IN ('ACTIVE', 'COMPLETED')`;

/** The cohort's heading and its headline figures (defined on headlineSql). */
type HeadlineRow = {
  id: string;
  name: string;
  startsOn: Date;
  endsOn: Date;
  archivedAt: Date | null;
  programKind: ProgramKind;
  programNameKo: string;
  programNameEn: string;
  memberCount: number;
  courseCount: number;
  enrollmentCount: number;
  completedEnrollmentCount: number;
  averageProgressPercent: number | null;
  completionRatePercent: number | null;
  activeLearnerCount: number;
  overdueCourseCount: number;
  overdueAssignmentCount: number;
  overdueItemCount: number;
  membersWithProgressCount: number;
  /** Learners per progress bucket, 0 to 10 (see distributionSql). */
  distribution: number[];
};

type WeekRow = {
  /** Monday 00:00 in the academy's time zone, as a moment. */
  weekStart: Date;
  /** The same Monday as a calendar day (UTC midnight), for display. */
  weekStartsOn: Date;
  activeLearnerCount: number;
  lessonCompletionCount: number;
  quizAttemptCount: number;
  submissionCount: number;
  /** The three together. */
  activityCount: number;
};

type FunnelRow = {
  courseId: string;
  code: string;
  title: string;
  startsOn: Date | null;
  dueOn: Date | null;
  lessonCount: number;
  lessonId: string | null;
  lessonTitle: string | null;
  kind: LessonKind | null;
  isRequired: boolean | null;
  completedCount: number;
};

/**
 * The cohort's heading (name, dates, program) and its headline figures in one statement; no row for
 * an unknown cohort.
 *
 * - memberCount: current learners.
 * - enrollmentCount / completedEnrollmentCount: their enrollments in assigned courses that are
 *   ACTIVE or COMPLETED, and those COMPLETED.
 * - averageProgressPercent: the mean of Enrollment.progressPercent over those enrollments (one
 *   decimal; null when there are none).
 * - completionRatePercent: completedEnrollmentCount over enrollmentCount, in percent (one decimal).
 * - activeLearnerCount: learners with an enrollment in an assigned course (any status) whose
 *   lastActivityAt falls in the 7 days up to now.
 * - overdueCourseCount: learner × assigned course pairs whose due date (CohortCourse.dueOn) is before
 *   today (the academy's day) and whose enrollment is not COMPLETED (missing, pending or dropped included).
 * - overdueAssignmentCount: learner × published assignment lesson of an assigned course (module not
 *   removed) whose due time (Assignment.dueAt) has passed, with no submission at all from them.
 * - overdueItemCount: the two together.
 * - membersWithProgressCount: learners with at least one enrollment counted above; the progress
 *   distribution is over them.
 */
function headlineSql({ cohortId, now, today }: { cohortId: string; now: Date; today: Date }) {
  return Prisma.sql`
    WITH ${cohortScopeSql(cohortId)},
    taking AS (
      SELECT count(*)::int AS "enrollmentCount",
        count(*) FILTER (WHERE "status" = 'COMPLETED')::int AS "completedEnrollmentCount",
        round(avg("progressPercent"), 1)::float8 AS "averageProgressPercent",
        round(100.0 * count(*) FILTER (WHERE "status" = 'COMPLETED') / NULLIF(count(*), 0), 1)::float8
          AS "completionRatePercent"
      FROM enrollments WHERE ${TAKING_SQL}
    ),
    ${distributionSql},
    overdue_courses AS (
      SELECT count(*)::int AS "overdueCourseCount"
      FROM members mb
      CROSS JOIN assigned a
      LEFT JOIN "Enrollment" e ON e."userId" = mb."userId" AND e."courseId" = a."courseId"
      WHERE a."dueOn" < ${today}::date AND e."status" IS DISTINCT FROM 'COMPLETED'
    ),
    overdue_assignments AS (
      SELECT count(*)::int AS "overdueAssignmentCount"
      FROM assigned a
      JOIN "Lesson" l ON l."courseId" = a."courseId" AND l."kind" = 'ASSIGNMENT' AND l."status" = 'PUBLISHED'
      JOIN "Module" m ON m."id" = l."moduleId" AND m."archivedAt" IS NULL
      JOIN "Assignment" asg ON asg."lessonId" = l."id"
      CROSS JOIN members mb
      WHERE asg."dueAt" < ${now}::timestamp(3)
        AND NOT EXISTS (
          SELECT 1 FROM "Submission" s WHERE s."assignmentId" = asg."id" AND s."userId" = mb."userId"
        )
    )
    SELECT co."id", co."name", co."startsOn", co."endsOn", co."archivedAt",
      p."kind"::text AS "programKind", p."nameKo" AS "programNameKo", p."nameEn" AS "programNameEn",
      (SELECT count(*)::int FROM members) AS "memberCount",
      (SELECT count(*)::int FROM assigned) AS "courseCount",
      t."enrollmentCount", t."completedEnrollmentCount", t."averageProgressPercent", t."completionRatePercent",
      (SELECT count(DISTINCT "userId")::int FROM enrollments
         -- No upper bound: activity written while this page is being computed still counts.
         WHERE "lastActivityAt" > ${now}::timestamp(3) - make_interval(days => ${RECENT_ACTIVITY_DAYS})) AS "activeLearnerCount",
      oc."overdueCourseCount", oa."overdueAssignmentCount",
      (oc."overdueCourseCount" + oa."overdueAssignmentCount")::int AS "overdueItemCount",
      (SELECT count(*)::int FROM averages) AS "membersWithProgressCount",
      d."distribution"
    FROM "Cohort" co
    JOIN "Program" p ON p."id" = co."programId"
    CROSS JOIN taking t CROSS JOIN overdue_courses oc CROSS JOIN overdue_assignments oa CROSS JOIN distribution d
    WHERE co."id" = ${cohortId}::uuid`;
}

/**
 * The progress distribution, as CTEs of the headline statement (which already has the cohort's
 * enrollments; a statement of its own joined them again): learners by their own average progress
 * (the mean progressPercent of their ACTIVE and COMPLETED enrollments in assigned courses), in
 * eleven buckets: 0 for 0–9 %, 1 for 10–19 %, … 9 for 90–99 %, and 10 for exactly 100 % (only a
 * learner who has finished every course reaches it). `distribution` is the eleven member counts in
 * bucket order, empty buckets 0. Learners without such an enrollment are in no bucket.
 */
const distributionSql = Prisma.sql`
    averages AS (
      SELECT "userId", avg("progressPercent") AS "average" FROM enrollments WHERE ${TAKING_SQL} GROUP BY "userId"
    ),
    counted AS (
      SELECT LEAST(floor("average" / 10), 10)::int AS "bucket", count(*)::int AS "memberCount"
      FROM averages GROUP BY 1
    ),
    distribution AS (
      SELECT array_agg(COALESCE(c."memberCount", 0) ORDER BY b."bucket")::int[] AS "distribution"
      FROM generate_series(0, 10) AS b("bucket")
      LEFT JOIN counted c ON c."bucket" = b."bucket"
    )`;

/**
 * Twelve academy weeks (Monday 00:00 to the next Monday, in APP_TIME_ZONE), the current one last, each with
 * its learning events in assigned courses: lessons completed (LessonProgress.completedAt), quiz
 * attempts submitted and assignments submitted (and the three together), and the learners with at
 * least one of them. Weeks without any come back as 0. Timestamps are stored in UTC, so the week
 * bounds are the UTC moments of the academy's Mondays (seven days apart: in a zone with daylight saving,
 * the weeks either side of a change are an hour longer or shorter).
 *
 * Each event's week is found by width_bucket over the thirteen week bounds (no arithmetic per event),
 * and the events are first grouped per learner and week, so the distinct learners of a week are a
 * count of those groups rather than a sort of every event. The sources are narrowed by semi-joins
 * (`IN`) on the cohort's members and courses. Measured on the bench's quick city with a cohort of
 * 2,000 learners in three courses (45,000 lesson completions in the twelve weeks): 58–67 ms,
 * against 100–130 ms when each event's week was computed in numeric arithmetic and
 * count(DISTINCT) sorted every event; joining the events to each week's range was slower still
 * (875 ms instead of 355 ms on an earlier, larger dataset).
 */
function weeklyActivitySql({ cohortId, firstWeek }: { cohortId: string; firstWeek: Date }) {
  const from = Prisma.sql`${firstWeek}::timestamp(3)`;
  const until = Prisma.sql`(${from} + ${ACTIVITY_WEEK_COUNT} * interval '7 days')`;
  return Prisma.sql`
    WITH ${cohortScopeSql(cohortId)},
    bounds AS (
      SELECT array_agg(${from} + n * interval '7 days' ORDER BY n) AS "starts"
      FROM generate_series(0, ${ACTIVITY_WEEK_COUNT}) AS n
    ),
    events AS (
      SELECT mb."userId", p."completedAt" AS "at", 1 AS "kind"
      FROM members mb
      -- Each member's own rows in the assigned courses, through the (courseId, userId) index: the
      -- courses' other learners (open enrollment, other cohorts) are never read.
      CROSS JOIN LATERAL (
        SELECT p."completedAt" FROM "LessonProgress" p
        WHERE p."userId" = mb."userId" AND p."courseId" = ANY (ARRAY(SELECT "courseId" FROM assigned))
          AND p."completedAt" >= ${from} AND p."completedAt" < ${until}
      ) p
      UNION ALL
      SELECT qa."userId", qa."submittedAt", 2
      FROM "QuizAttempt" qa
      JOIN "Quiz" q ON q."id" = qa."quizId"
      JOIN "Lesson" l ON l."id" = q."lessonId"
      WHERE l."courseId" IN (SELECT "courseId" FROM assigned) AND qa."userId" IN (SELECT "userId" FROM members)
        AND qa."submittedAt" >= ${from} AND qa."submittedAt" < ${until}
      UNION ALL
      SELECT s."userId", s."submittedAt", 3
      FROM "Submission" s
      JOIN "Assignment" asg ON asg."id" = s."assignmentId"
      JOIN "Lesson" l ON l."id" = asg."lessonId"
      WHERE l."courseId" IN (SELECT "courseId" FROM assigned) AND s."userId" IN (SELECT "userId" FROM members)
        AND s."submittedAt" >= ${from} AND s."submittedAt" < ${until}
    ),
    per_learner_week AS (
      SELECT width_bucket(ev."at", b."starts") - 1 AS "week", ev."userId",
        count(*) FILTER (WHERE ev."kind" = 1) AS "lessons",
        count(*) FILTER (WHERE ev."kind" = 2) AS "quizzes",
        count(*) FILTER (WHERE ev."kind" = 3) AS "submissions"
      FROM events ev CROSS JOIN bounds b
      GROUP BY 1, 2
    ),
    per_week AS (
      SELECT "week", count(*)::int AS "activeLearnerCount",
        sum("lessons")::int AS "lessonCompletionCount",
        sum("quizzes")::int AS "quizAttemptCount",
        sum("submissions")::int AS "submissionCount",
        sum("lessons" + "quizzes" + "submissions")::int AS "activityCount"
      FROM per_learner_week
      GROUP BY "week"
    )
    SELECT w."weekStart", (w."weekStart" AT TIME ZONE 'UTC' AT TIME ZONE ${appTimeZone()}::text)::date AS "weekStartsOn",
      COALESCE(pw."activeLearnerCount", 0) AS "activeLearnerCount",
      COALESCE(pw."lessonCompletionCount", 0) AS "lessonCompletionCount",
      COALESCE(pw."quizAttemptCount", 0) AS "quizAttemptCount",
      COALESCE(pw."submissionCount", 0) AS "submissionCount",
      COALESCE(pw."activityCount", 0) AS "activityCount"
    FROM generate_series(0, ${ACTIVITY_WEEK_COUNT - 1}) AS n("week")
    CROSS JOIN LATERAL (SELECT ${from} + n."week" * interval '7 days' AS "weekStart") w
    LEFT JOIN per_week pw ON pw."week" = n."week"
    ORDER BY n."week"`;
}

/**
 * Each assigned course (in the cohort page's order) with its published lessons in course order
 * (module position, lesson position; removed modules left out), the first FUNNEL_LESSON_LIMIT of
 * them, and how many current learners completed each. Completed means what progress counts
 * (completedLessonSql in progress.server.ts): a quiz passed, an assignment graded passing, any other
 * lesson marked complete. A course without lessons comes back as one row with no lesson.
 *
 * The completions are read from the cohort's learners (through each learner's own records), not from
 * each lesson's: a course that other cohorts or open enrollment also fill does not make it slower.
 */
function funnelSql(cohortId: string) {
  return Prisma.sql`
    WITH members AS (
      SELECT cm."userId" FROM "CohortMember" cm
      WHERE cm."cohortId" = ${cohortId}::uuid AND cm."role" = 'LEARNER' AND cm."leftAt" IS NULL
    ),
    courses AS (
      SELECT cc."id" AS "assignmentId", cc."courseId", cc."startsOn", cc."dueOn", c."code", c."title"
      FROM "CohortCourse" cc JOIN "Course" c ON c."id" = cc."courseId"
      WHERE cc."cohortId" = ${cohortId}::uuid
    ),
    lessons AS (
      SELECT l."id", l."courseId", l."title", l."kind", l."isRequired",
        row_number() OVER (PARTITION BY l."courseId" ORDER BY m."position", m."id", l."position", l."id")::int
          AS "ordinal",
        count(*) OVER (PARTITION BY l."courseId")::int AS "lessonCount"
      FROM courses co
      JOIN "Lesson" l ON l."courseId" = co."courseId" AND l."status" = 'PUBLISHED'
      JOIN "Module" m ON m."id" = l."moduleId" AND m."archivedAt" IS NULL
    ),
    shown AS (SELECT * FROM lessons WHERE "ordinal" <= ${FUNNEL_LESSON_LIMIT}),
    marked AS (
      SELECT p."lessonId", count(*)::int AS "learnerCount"
      FROM members mb
      -- Per member through the (courseId, userId) index, as the weekly activity reads them.
      CROSS JOIN LATERAL (
        SELECT p."lessonId" FROM "LessonProgress" p
        WHERE p."userId" = mb."userId" AND p."courseId" = ANY (ARRAY(SELECT "courseId" FROM courses))
          AND p."status" = 'COMPLETED'
      ) p
      GROUP BY p."lessonId"
    ),
    passed_quizzes AS (
      SELECT q."lessonId", count(DISTINCT qa."userId")::int AS "learnerCount"
      FROM members mb
      JOIN "QuizAttempt" qa ON qa."userId" = mb."userId" AND qa."isPassed"
      JOIN "Quiz" q ON q."id" = qa."quizId"
      JOIN shown sh ON sh."id" = q."lessonId"
      GROUP BY q."lessonId"
    ),
    passed_assignments AS (
      SELECT asg."lessonId", count(DISTINCT s."userId")::int AS "learnerCount"
      FROM members mb
      JOIN "Submission" s ON s."userId" = mb."userId" AND s."status" = 'GRADED' AND s."isPassing"
      JOIN "Assignment" asg ON asg."id" = s."assignmentId"
      JOIN shown sh ON sh."id" = asg."lessonId"
      GROUP BY asg."lessonId"
    )
    SELECT co."courseId", co."code", co."title", co."startsOn", co."dueOn",
      COALESCE(sh."lessonCount", 0)::int AS "lessonCount",
      sh."id" AS "lessonId", sh."title" AS "lessonTitle", sh."kind"::text AS "kind", sh."isRequired",
      COALESCE(CASE sh."kind"
        WHEN 'QUIZ' THEN pq."learnerCount"
        WHEN 'ASSIGNMENT' THEN pa."learnerCount"
        ELSE mk."learnerCount"
      END, 0)::int AS "completedCount"
    FROM courses co
    LEFT JOIN shown sh ON sh."courseId" = co."courseId"
    LEFT JOIN marked mk ON mk."lessonId" = sh."id"
    LEFT JOIN passed_quizzes pq ON pq."lessonId" = sh."id"
    LEFT JOIN passed_assignments pa ON pa."lessonId" = sh."id"
    ORDER BY co."startsOn" NULLS LAST, co."code", co."assignmentId", sh."ordinal"`;
}

/** A course's funnel: its lessons in order with how many current learners completed each. */
export type FunnelCourse = {
  courseId: string;
  code: string;
  title: string;
  startsOn: Date | null;
  dueOn: Date | null;
  /** Published lessons in the course; more than `lessons.length` when the list was cut. */
  lessonCount: number;
  lessons: { lessonId: string; title: string; kind: LessonKind; isRequired: boolean; completedCount: number }[];
};

/** Rows of the funnel statement, one per lesson, gathered per course in their order. */
function toFunnelCourses(rows: FunnelRow[]): FunnelCourse[] {
  const courses: FunnelCourse[] = [];
  for (const row of rows) {
    let course = courses.at(-1);
    if (course?.courseId !== row.courseId) {
      course = {
        courseId: row.courseId,
        code: row.code,
        title: row.title,
        startsOn: row.startsOn,
        dueOn: row.dueOn,
        lessonCount: row.lessonCount,
        lessons: [],
      };
      courses.push(course);
    }
    if (row.lessonId && row.lessonTitle !== null && row.kind) {
      course.lessons.push({
        lessonId: row.lessonId,
        title: row.lessonTitle,
        kind: row.kind,
        isRequired: row.isRequired ?? false,
        completedCount: row.completedCount,
      });
    }
  }
  return courses;
}

/**
 * The cohort's dashboard as of `now`, for those who manage cohorts: three statements, run side by
 * side, whatever the cohort's size. See the SQL builders above for each figure's definition; `today`
 * is `now`'s calendar day in the academy's time zone. (The heading is read with the figures rather than through
 * findCohortHeading, whose nested select costs a statement per relation.)
 */
export async function getCohortDashboard({
  actor,
  cohortId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  now?: Date;
}) {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;

  const today = academyCalendarDay(now);
  const lastWeek = startOfAcademyWeek(now);
  const firstWeek = new Date(lastWeek.getTime() - (ACTIVITY_WEEK_COUNT - 1) * WEEK_MS);
  const [[headline], weeks, funnelRows] = await Promise.all([
    prisma.$queryRaw<HeadlineRow[]>(headlineSql({ cohortId, now, today })),
    prisma.$queryRaw<WeekRow[]>(weeklyActivitySql({ cohortId, firstWeek })),
    prisma.$queryRaw<FunnelRow[]>(funnelSql(cohortId)),
  ]);
  if (!headline) return { ok: false, reason: "notFound" } as const;
  const {
    id,
    name,
    startsOn,
    endsOn,
    archivedAt,
    programKind,
    programNameKo,
    programNameEn,
    distribution,
    ...figures
  } = headline;
  return {
    ok: true,
    cohort: {
      id,
      name,
      startsOn,
      endsOn,
      archivedAt,
      program: { kind: programKind, nameKo: programNameKo, nameEn: programNameEn },
    },
    asOf: now,
    today,
    figures,
    distribution: distribution.map((memberCount, bucket) => ({ bucket, memberCount })),
    weeks,
    funnel: toFunnelCourses(funnelRows),
  } as const;
}

export type CohortDashboard = Extract<Awaited<ReturnType<typeof getCohortDashboard>>, { ok: true }>;
