// Who is falling behind, and why: the live at-risk list of a cohort for its admins, and of a course
// for its instructors. Everything is computed when asked, in one SQL statement, straight from the
// records and the enrollment rollups, so the list is current to the second and costs the same
// number of statements for 3 learners or 2,000.
//
// A learner is listed when at least one reason applies, each with its figure:
// - inactive: no activity for at least `inactiveDaysThreshold` whole days (24 h each), counted from
//   the latest Enrollment.lastActivityAt over the courses in question, or, for someone never active,
//   from when they joined the cohort (or, in a course's list, when their enrollment began);
// - behind schedule: in a course with a due date, progress below the expected share minus
//   `behindSchedulePoints`. The expected share is the whole Korean days elapsed of the course's span,
//   from its start (CohortCourse.startsOn, else the cohort's) to the end of its due day, × 100, so 0
//   on the first day and 100 the day after the due date. Courses without required lessons (whose
//   progress stays at 0) are left out;
// - overdue assignments: a published, released assignment whose due time has passed and that the
//   learner has not handed in (nothing submitted, or the latest attempt was returned to redo);
// - failing quizzes: a published quiz with at least `failedQuizAttempts` submitted attempts and none
//   passed;
// - attendance below `attendanceThreshold` percent, by THE definition (attendanceByLearnerSql), and
//   only once the learner has counted days. Shown rounded down, so a flagged rate never reads as the
//   threshold itself.
// "Reasons" counts the kinds that apply (behind in two courses is one reason with two figures).
//
// A cohort's list: its current LEARNER members (mentors and those who left are not), their ACTIVE or
// COMPLETED enrollments in the cohort's assigned courses, the cohort's thresholds. A course's list:
// its ACTIVE learners and that course alone, with the thresholds and due date of the cohort the
// enrollment came through when there is one (else DEFAULT_THRESHOLDS and no schedule). Deactivated
// accounts are left out of both. "Last nudged" is the latest nudge the learner got from anywhere.
import { can } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import { academyCalendarDay } from "~/lib/time-zone";
import { AT_RISK_PAGE_SIZE, DEFAULT_THRESHOLDS, type AtRiskSort, type AtRiskThresholds } from "~/lib/at-risk-forms";
import { Prisma, prisma } from "~/lib/db.server";
import { likeContains } from "~/lib/learner-tables";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { attendanceByLearnerSql } from "~/models/attendance.server";
import { recordAuditEvent } from "~/models/audit-log.server";
import { getCourseTeachers } from "~/models/course.server";
import { visibleLessonSql } from "~/models/lesson.server";

type Actor = { id: string; role: Role; ipAddress?: string | null };

export const AT_RISK_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

/** One reason a learner is listed, with its figures. */
export type AtRiskReason =
  | { kind: "inactive"; days: number; isNeverActive: boolean }
  | {
      kind: "behind";
      courses: {
        courseId: string;
        courseCode: string;
        courseTitle: string;
        progressPercent: number;
        expectedPercent: number;
      }[];
    }
  | { kind: "overdue"; count: number; titles: string[] }
  | { kind: "failingQuizzes"; count: number; attempts: number; titles: string[] }
  | { kind: "attendance"; percent: number; threshold: number };

export type AtRiskLearner = {
  userId: string;
  name: string;
  email: string;
  lastActivityAt: Date | null;
  /** The average progress over the courses in question; null when there are none. */
  progressPercent: number | null;
  lastNudgedAt: Date | null;
  reasons: AtRiskReason[];
};

/** Each sort, with name and id breaking ties so pages never overlap. */
const ORDER_OF: Record<AtRiskSort, Prisma.Sql> = {
  "reasons-desc": Prisma.sql`"reasonCount" DESC, "name", "userId"`,
  "reasons-asc": Prisma.sql`"reasonCount" ASC, "name", "userId"`,
  "name-asc": Prisma.sql`"name" ASC, "userId"`,
  "name-desc": Prisma.sql`"name" DESC, "userId"`,
  // Ascending: who has stalled longest first, the never active before anyone.
  "activity-asc": Prisma.sql`"lastActivityAt" ASC NULLS FIRST, "name", "userId"`,
  "activity-desc": Prisma.sql`"lastActivityAt" DESC NULLS LAST, "name", "userId"`,
  "progress-asc": Prisma.sql`"progressPercent" ASC NULLS LAST, "name", "userId"`,
  "progress-desc": Prisma.sql`"progressPercent" DESC NULLS LAST, "name", "userId"`,
  // Ascending: the longest without a nudge first, the never nudged before anyone.
  "nudged-asc": Prisma.sql`"lastNudgedAt" ASC NULLS FIRST, "name", "userId"`,
  "nudged-desc": Prisma.sql`"lastNudgedAt" DESC NULLS LAST, "name", "userId"`,
};

/** Learners (user aliased `u`) whose name or e-mail contains `search`; everyone when it is empty. */
function searchSql(search: string) {
  if (!search) return Prisma.empty;
  const pattern = likeContains(search);
  return Prisma.sql`AND (u."name" ILIKE ${pattern} OR u."email" ILIKE ${pattern})`;
}

/** A calendar day as SQL reads it: "2026-03-14". */
function isoDay(day: Date) {
  return day.toISOString().slice(0, 10);
}

/**
 * The reasons of every learner, given CTEs named before it:
 * - `learners` ("userId", "name", "email", "cohortId", "idleSince", and the four thresholds), one row
 *   per learner;
 * - `enrolled` ("userId", "courseId", "progressPercent", "lastActivityAt", "courseCode",
 *   "courseTitle", "requiredLessonCount", "startsOn", "dueOn"), the courses in question per learner;
 * - `attendance` ("userId", "cohortId", "attendedDays", "countedDays").
 * Ends with `listed`: the learners with at least one reason, their figures and "reasonCount".
 */
function reasonsSql({ now, today }: { now: Date; today: string }) {
  const moment = Prisma.sql`${now}::timestamp(3)`;
  const day = Prisma.sql`${today}::date`;
  return Prisma.sql`
    course_ids AS (SELECT DISTINCT "courseId" FROM enrolled),
    due_assignments AS (
      SELECT a."id", l."courseId", l."title", a."dueAt"
      FROM course_ids ci
      JOIN "Lesson" l ON l."courseId" = ci."courseId" AND l."kind" = 'ASSIGNMENT'
      JOIN "Module" m ON m."id" = l."moduleId" AND m."archivedAt" IS NULL
      JOIN "Assignment" a ON a."lessonId" = l."id"
      WHERE ${visibleLessonSql(now)} AND a."dueAt" < ${moment}
    ),
    handed_in AS (
      -- Handed in: the latest attempt was not returned to redo.
      SELECT s."assignmentId", s."userId"
      FROM "Submission" s
      JOIN due_assignments d ON d."id" = s."assignmentId"
      GROUP BY s."assignmentId", s."userId"
      HAVING max(s."attemptNumber") = max(s."attemptNumber") FILTER (WHERE s."status" <> 'RETURNED')
    ),
    overdue AS (
      SELECT en."userId", count(*)::int AS "count", array_agg(d."title" ORDER BY d."dueAt", d."id") AS "titles"
      FROM enrolled en
      JOIN due_assignments d ON d."courseId" = en."courseId"
      LEFT JOIN handed_in h ON h."assignmentId" = d."id" AND h."userId" = en."userId"
      WHERE h."userId" IS NULL
      GROUP BY en."userId"
    ),
    quizzes AS (
      SELECT q."id", l."courseId", l."title"
      FROM course_ids ci
      JOIN "Lesson" l ON l."courseId" = ci."courseId" AND l."kind" = 'QUIZ' AND l."status" = 'PUBLISHED'
      JOIN "Module" m ON m."id" = l."moduleId" AND m."archivedAt" IS NULL
      JOIN "Quiz" q ON q."lessonId" = l."id"
    ),
    quiz_tries AS (
      SELECT qa."quizId", qa."userId", count(*)::int AS "attempts",
             bool_or(COALESCE(qa."isPassed", false)) AS "isPassed"
      FROM "QuizAttempt" qa
      JOIN quizzes q ON q."id" = qa."quizId"
      WHERE qa."submittedAt" IS NOT NULL
      GROUP BY qa."quizId", qa."userId"
    ),
    failing AS (
      SELECT t."userId", count(*)::int AS "count", max(t."attempts")::int AS "attempts",
             array_agg(q."title" ORDER BY q."title", q."id") AS "titles"
      FROM quiz_tries t
      JOIN quizzes q ON q."id" = t."quizId"
      JOIN enrolled en ON en."userId" = t."userId" AND en."courseId" = q."courseId"
      JOIN learners lr ON lr."userId" = t."userId"
      WHERE NOT t."isPassed" AND t."attempts" >= lr."failedQuizAttempts"
      GROUP BY t."userId"
    ),
    behind AS (
      SELECT en."userId",
             jsonb_agg(jsonb_build_object(
               'courseId', en."courseId", 'courseCode', en."courseCode", 'courseTitle', en."courseTitle",
               'progressPercent', en."progressPercent", 'expectedPercent', x."expected"
             ) ORDER BY en."courseCode", en."courseId") AS "courses"
      FROM enrolled en
      JOIN learners lr ON lr."userId" = en."userId"
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN ${day} > en."dueOn" THEN 100
          WHEN ${day} <= en."startsOn" THEN 0
          ELSE (100 * (${day} - en."startsOn")) / ((en."dueOn" - en."startsOn") + 1)
        END AS "expected"
      ) x
      WHERE en."dueOn" IS NOT NULL AND en."startsOn" IS NOT NULL AND en."requiredLessonCount" > 0
        AND en."progressPercent" < x."expected" - lr."behindSchedulePoints"
      GROUP BY en."userId"
    ),
    activity AS (
      SELECT lr."userId", max(en."lastActivityAt") AS "lastActivityAt",
             round(avg(en."progressPercent"))::int AS "progressPercent"
      FROM learners lr
      LEFT JOIN enrolled en ON en."userId" = lr."userId"
      GROUP BY lr."userId"
    ),
    assessed AS (
      SELECT lr."userId", lr."name", lr."email", a."lastActivityAt", a."progressPercent",
             a."lastActivityAt" IS NULL AS "isNeverActive",
             CASE WHEN idle."days" >= lr."inactiveDaysThreshold" THEN idle."days" END AS "inactiveDays",
             b."courses" AS "behindCourses",
             o."count" AS "overdueCount", o."titles" AS "overdueTitles",
             f."count" AS "failingQuizCount", f."attempts" AS "failingQuizAttempts", f."titles" AS "failingQuizTitles",
             CASE WHEN att."countedDays" > 0
                   AND att."attendedDays" * 100 < lr."attendanceThreshold" * att."countedDays"
               THEN (att."attendedDays" * 100) / att."countedDays" END AS "attendancePercent",
             lr."attendanceThreshold"
      FROM learners lr
      JOIN activity a ON a."userId" = lr."userId"
      CROSS JOIN LATERAL (
        SELECT floor(extract(epoch FROM (${moment} - COALESCE(a."lastActivityAt", lr."idleSince"))) / 86400)::int
          AS "days"
      ) idle
      LEFT JOIN behind b ON b."userId" = lr."userId"
      LEFT JOIN overdue o ON o."userId" = lr."userId"
      LEFT JOIN failing f ON f."userId" = lr."userId"
      LEFT JOIN attendance att ON att."userId" = lr."userId" AND att."cohortId" = lr."cohortId"
    ),
    counted AS (
      SELECT s.*,
             ((s."inactiveDays" IS NOT NULL)::int + (s."behindCourses" IS NOT NULL)::int
               + (s."overdueCount" IS NOT NULL)::int + (s."failingQuizCount" IS NOT NULL)::int
               + (s."attendancePercent" IS NOT NULL)::int) AS "reasonCount"
      FROM assessed s
    ),
    listed AS (
      SELECT c.*, (SELECT max(n."createdAt") FROM "Nudge" n WHERE n."userId" = c."userId") AS "lastNudgedAt"
      FROM counted c
      WHERE c."reasonCount" > 0
    )`;
}

/** `listed`'s page (or all of it) with its total, in one row when the page is empty (its columns null). */
function pageOfListedSql({ sort, page }: { sort: AtRiskSort; page: number | null }) {
  const order = ORDER_OF[sort];
  const window = page === null ? null : pageWindow({ page, pageSize: AT_RISK_PAGE_SIZE });
  const limit = window ? Prisma.sql`LIMIT ${window.take} OFFSET ${window.skip}` : Prisma.empty;
  return Prisma.sql`
    SELECT (SELECT count(*)::int FROM listed) AS "totalCount", p.*
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT * FROM listed ORDER BY ${order} ${limit}) p ON true
    ORDER BY ${order}`;
}

type ListedRow = {
  totalCount: number;
  userId: string | null;
  name: string;
  email: string;
  lastActivityAt: Date | null;
  progressPercent: number | null;
  lastNudgedAt: Date | null;
  isNeverActive: boolean;
  inactiveDays: number | null;
  behindCourses: Extract<AtRiskReason, { kind: "behind" }>["courses"] | null;
  overdueCount: number | null;
  overdueTitles: string[] | null;
  failingQuizCount: number | null;
  failingQuizAttempts: number | null;
  failingQuizTitles: string[] | null;
  attendancePercent: number | null;
  attendanceThreshold: number;
};

function toAtRiskLearner(row: ListedRow & { userId: string }): AtRiskLearner {
  const reasons: AtRiskReason[] = [];
  if (row.inactiveDays !== null) {
    reasons.push({ kind: "inactive", days: row.inactiveDays, isNeverActive: row.isNeverActive });
  }
  if (row.behindCourses) reasons.push({ kind: "behind", courses: row.behindCourses });
  if (row.overdueCount !== null) {
    reasons.push({ kind: "overdue", count: row.overdueCount, titles: row.overdueTitles ?? [] });
  }
  if (row.failingQuizCount !== null) {
    reasons.push({
      kind: "failingQuizzes",
      count: row.failingQuizCount,
      attempts: row.failingQuizAttempts ?? 0,
      titles: row.failingQuizTitles ?? [],
    });
  }
  if (row.attendancePercent !== null) {
    reasons.push({ kind: "attendance", percent: row.attendancePercent, threshold: row.attendanceThreshold });
  }
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    lastActivityAt: row.lastActivityAt,
    progressPercent: row.progressPercent,
    lastNudgedAt: row.lastNudgedAt,
    reasons,
  };
}

function learnersOf(rows: ListedRow[]) {
  return rows.flatMap((row) => (row.userId === null ? [] : [toAtRiskLearner({ ...row, userId: row.userId })]));
}

type CohortRow = ListedRow & {
  cohortId: string;
  cohortName: string;
  inactiveDaysThreshold: number;
  behindSchedulePoints: number;
  failedQuizAttempts: number;
  cohortAttendanceThreshold: number;
  nudgeSubjectKo: string | null;
  nudgeBodyKo: string | null;
  nudgeSubjectEn: string | null;
  nudgeBodyEn: string | null;
};

/**
 * The cohort's learners with their reasons, in one statement: the cohort's own row (its thresholds
 * and saved nudge wording) with the page. No row at all: no such cohort.
 */
async function queryCohortAtRisk({
  cohortId,
  now,
  sort,
  page,
  search,
}: {
  cohortId: string;
  now: Date;
  sort: AtRiskSort;
  page: number | null;
  search: string;
}) {
  const today = academyCalendarDay(now);
  return prisma.$queryRaw<CohortRow[]>`
    WITH cohort AS (
      SELECT k."id", k."name", k."startsOn", k."inactiveDaysThreshold", k."behindSchedulePoints",
             k."failedQuizAttempts", k."attendanceThreshold",
             k."nudgeSubjectKo", k."nudgeBodyKo", k."nudgeSubjectEn", k."nudgeBodyEn"
      FROM "Cohort" k
      WHERE k."id" = ${cohortId}::uuid
    ),
    learners AS (
      SELECT m."userId", u."name", u."email", m."cohortId", m."joinedAt" AS "idleSince",
             k."inactiveDaysThreshold", k."behindSchedulePoints", k."failedQuizAttempts", k."attendanceThreshold"
      FROM cohort k
      JOIN "CohortMember" m ON m."cohortId" = k."id"
      JOIN "User" u ON u."id" = m."userId"
      WHERE m."role" = 'LEARNER' AND m."leftAt" IS NULL AND u."deactivatedAt" IS NULL ${searchSql(search)}
    ),
    enrolled AS (
      SELECT e."userId", e."courseId", e."progressPercent", e."lastActivityAt",
             c."code" AS "courseCode", c."title" AS "courseTitle", c."requiredLessonCount",
             COALESCE(cc."startsOn", k."startsOn") AS "startsOn", cc."dueOn"
      FROM cohort k
      JOIN "CohortCourse" cc ON cc."cohortId" = k."id"
      JOIN "Course" c ON c."id" = cc."courseId"
      JOIN "Enrollment" e ON e."courseId" = cc."courseId" AND e."status" IN ('ACTIVE', 'COMPLETED')
      JOIN learners lr ON lr."userId" = e."userId"
    ),
    attendance AS (
      SELECT r.*, ${cohortId}::uuid AS "cohortId"
      FROM (${attendanceByLearnerSql({ cohortId, today })}) r
    ),
    ${reasonsSql({ now, today: isoDay(today) })},
    page AS (${pageOfListedSql({ sort, page })})
    SELECT k."id" AS "cohortId", k."name" AS "cohortName", k."inactiveDaysThreshold", k."behindSchedulePoints",
           k."failedQuizAttempts", k."attendanceThreshold" AS "cohortAttendanceThreshold",
           k."nudgeSubjectKo", k."nudgeBodyKo", k."nudgeSubjectEn", k."nudgeBodyEn", p.*
    FROM cohort k
    CROSS JOIN page p
    ORDER BY ${ORDER_OF[sort]}`;
}

function cohortOf(row: CohortRow) {
  return {
    id: row.cohortId,
    name: row.cohortName,
    thresholds: {
      inactiveDaysThreshold: row.inactiveDaysThreshold,
      behindSchedulePoints: row.behindSchedulePoints,
      failedQuizAttempts: row.failedQuizAttempts,
      attendanceThreshold: row.cohortAttendanceThreshold,
    } satisfies AtRiskThresholds,
    nudgeTemplate: {
      subjectKo: row.nudgeSubjectKo,
      bodyKo: row.nudgeBodyKo,
      subjectEn: row.nudgeSubjectEn,
      bodyEn: row.nudgeBodyEn,
    },
  };
}

/**
 * A page of the cohort's learners at risk (AT_RISK_PAGE_SIZE each), with how many there are in all,
 * the cohort's thresholds and its saved nudge wording (null: the built-in one). For admins. One
 * statement after the permission check, whatever the cohort's size.
 */
export async function listAtRiskLearners({
  actor,
  cohortId,
  now = new Date(),
  sort = "reasons-desc",
  page = 1,
  search = "",
}: {
  actor: Actor;
  cohortId: string;
  now?: Date;
  sort?: AtRiskSort;
  page?: number;
  /** Part of a learner's name or e-mail. */
  search?: string;
}) {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;
  const rows = await queryCohortAtRisk({ cohortId, now, sort, page, search });
  const first = rows[0];
  if (!first) return { ok: false, reason: "notFound" } as const;
  return {
    ok: true,
    cohort: cohortOf(first),
    learners: toPaged(learnersOf(rows), { page, pageSize: AT_RISK_PAGE_SIZE, totalCount: first.totalCount }),
  } as const;
}

export type AtRiskList = Extract<Awaited<ReturnType<typeof listAtRiskLearners>>, { ok: true }>;

/**
 * Every learner of the cohort at risk (not one page), for a CSV or XLSX file; the export is audited
 * ("report.exported"). For those who may export reports and manage cohorts (admins).
 */
export async function exportAtRiskLearners({
  actor,
  cohortId,
  format,
  now = new Date(),
  sort = "reasons-desc",
}: {
  actor: Actor;
  cohortId: string;
  format: "csv" | "xlsx";
  now?: Date;
  sort?: AtRiskSort;
}) {
  if (!can(actor, "report:export") || !can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;
  const rows = await queryCohortAtRisk({ cohortId, now, sort, page: null, search: "" });
  const first = rows[0];
  if (!first) return { ok: false, reason: "notFound" } as const;
  const learners = learnersOf(rows);
  // At-risk learners leaving the platform in a file: who took them, and when.
  await recordAuditEvent({
    actorId: actor.id,
    action: "report.exported",
    entityType: "Cohort",
    entityId: cohortId,
    data: { report: "at-risk", format, learnerCount: learners.length },
    ipAddress: actor.ipAddress,
  });
  return { ok: true, cohort: cohortOf(first), learners } as const;
}

type CourseRow = ListedRow & { courseCode: string | null; courseTitle: string | null };

/**
 * A page of a course's ACTIVE learners at risk, with that course's reasons only, for its instructors
 * (and admins). Three statements whatever the course's size: who teaches it, which cohorts its
 * learners came through (each one's attendance is a CTE of its own), and the list.
 */
export async function listAtRiskInCourse({
  actor,
  courseId,
  now = new Date(),
  sort = "reasons-desc",
  page = 1,
  search = "",
}: {
  actor: Actor;
  courseId: string;
  now?: Date;
  sort?: AtRiskSort;
  page?: number;
  /** Part of a learner's name or e-mail. */
  search?: string;
}) {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" } as const;
  if (!can(actor, "course:viewLearners", teachers)) return { ok: false, reason: "notAllowed" } as const;
  const today = academyCalendarDay(now);
  const cohorts = await prisma.$queryRaw<{ cohortId: string }[]>`
    SELECT DISTINCT e."cohortId" FROM "Enrollment" e
    WHERE e."courseId" = ${courseId}::uuid AND e."status" = 'ACTIVE' AND e."cohortId" IS NOT NULL
    ORDER BY e."cohortId"`;
  const attendance =
    cohorts.length === 0
      ? Prisma.sql`SELECT NULL::uuid AS "userId", 0 AS "attendedDays", 0 AS "countedDays", NULL::uuid AS "cohortId"
                   WHERE false`
      : Prisma.join(
          cohorts.map(
            ({ cohortId }) => Prisma.sql`
              SELECT r."userId", r."attendedDays", r."countedDays", ${cohortId}::uuid AS "cohortId"
              FROM (${attendanceByLearnerSql({ cohortId, today })}) r`,
          ),
          " UNION ALL ",
        );
  const [defaults, sortOrder] = [DEFAULT_THRESHOLDS, ORDER_OF[sort]];
  const rows = await prisma.$queryRaw<CourseRow[]>`
    WITH learners AS (
      SELECT e."userId", u."name", u."email", e."cohortId", COALESCE(e."activatedAt", e."createdAt") AS "idleSince",
             COALESCE(k."inactiveDaysThreshold", ${defaults.inactiveDaysThreshold}) AS "inactiveDaysThreshold",
             COALESCE(k."behindSchedulePoints", ${defaults.behindSchedulePoints}) AS "behindSchedulePoints",
             COALESCE(k."failedQuizAttempts", ${defaults.failedQuizAttempts}) AS "failedQuizAttempts",
             COALESCE(k."attendanceThreshold", ${defaults.attendanceThreshold}) AS "attendanceThreshold"
      FROM "Enrollment" e
      JOIN "User" u ON u."id" = e."userId"
      LEFT JOIN "Cohort" k ON k."id" = e."cohortId"
      WHERE e."courseId" = ${courseId}::uuid AND e."status" = 'ACTIVE' AND u."deactivatedAt" IS NULL
        ${searchSql(search)}
    ),
    enrolled AS (
      SELECT e."userId", e."courseId", e."progressPercent", e."lastActivityAt",
             c."code" AS "courseCode", c."title" AS "courseTitle", c."requiredLessonCount",
             COALESCE(cc."startsOn", k."startsOn") AS "startsOn", cc."dueOn"
      FROM "Enrollment" e
      JOIN learners lr ON lr."userId" = e."userId"
      JOIN "Course" c ON c."id" = e."courseId"
      LEFT JOIN "CohortCourse" cc ON cc."cohortId" = e."cohortId" AND cc."courseId" = e."courseId"
      LEFT JOIN "Cohort" k ON k."id" = cc."cohortId"
      WHERE e."courseId" = ${courseId}::uuid AND e."status" = 'ACTIVE'
    ),
    attendance AS (${attendance}),
    ${reasonsSql({ now, today: isoDay(today) })},
    page AS (${pageOfListedSql({ sort, page })})
    SELECT c."code" AS "courseCode", c."title" AS "courseTitle", p.*
    FROM "Course" c
    CROSS JOIN page p
    WHERE c."id" = ${courseId}::uuid
    ORDER BY ${sortOrder}`;
  const first = rows[0];
  if (!first) return { ok: false, reason: "notFound" } as const;
  return {
    ok: true,
    course: { id: courseId, code: first.courseCode ?? "", title: first.courseTitle ?? "" },
    learners: toPaged(learnersOf(rows), { page, pageSize: AT_RISK_PAGE_SIZE, totalCount: first.totalCount }),
  } as const;
}

export type CourseAtRiskList = Extract<Awaited<ReturnType<typeof listAtRiskInCourse>>, { ok: true }>;

/**
 * Saves a cohort's four thresholds (bounds: THRESHOLD_BOUNDS, checked by the form's schema) and
 * audits what changed ("cohort.thresholds-changed", before and after). Saving the same values
 * changes nothing and writes no entry.
 */
export async function updateAtRiskThresholds({
  actor,
  cohortId,
  thresholds,
}: {
  actor: Actor;
  cohortId: string;
  thresholds: AtRiskThresholds;
}): Promise<{ ok: true } | { ok: false; reason: "notAllowed" | "notFound" }> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    // Locked, so two admins saving at once audit what each really replaced.
    const [before] = await tx.$queryRaw<AtRiskThresholds[]>`
      SELECT "inactiveDaysThreshold", "behindSchedulePoints", "failedQuizAttempts", "attendanceThreshold"
      FROM "Cohort" WHERE "id" = ${cohortId}::uuid FOR NO KEY UPDATE`;
    if (!before) return { ok: false, reason: "notFound" } as const;
    const after: AtRiskThresholds = {
      inactiveDaysThreshold: thresholds.inactiveDaysThreshold,
      behindSchedulePoints: thresholds.behindSchedulePoints,
      failedQuizAttempts: thresholds.failedQuizAttempts,
      attendanceThreshold: thresholds.attendanceThreshold,
    };
    const isChanged = (Object.keys(after) as (keyof AtRiskThresholds)[]).some((key) => after[key] !== before[key]);
    if (!isChanged) return { ok: true } as const;
    await tx.cohort.update({ where: { id: cohortId }, data: after, select: { id: true } });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "cohort.thresholds-changed",
      entityType: "Cohort",
      entityId: cohortId,
      data: { before, after },
      ipAddress: actor.ipAddress,
    });
    return { ok: true } as const;
  });
}
