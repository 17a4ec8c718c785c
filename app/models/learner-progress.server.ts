// My learners: a course's learners in one table for its instructors, one row each with progress, last
// activity, each quiz's best score and each assignment's grade; filtered, sorted and paged.
//
// Bounded whatever the course's size (docs/decisions/0006): the columns (the course's published quiz
// and assignment lessons) are one statement, and a page of rows with every cell and the count of
// all matching rows one more. Progress and last activity are the enrollment's rollups (kept by progress.server.ts);
// each cell is an index probe per learner and lesson, on the unique (quizId, userId, attemptNumber)
// and (assignmentId, userId, attemptNumber) indexes.
import { can } from "~/auth/permissions";
import type { EnrollmentStatus, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import {
  LEARNER_TABLE_PAGE_SIZE,
  likeContains,
  type ProgressSort,
  type ProgressStatusFilter,
} from "~/lib/learner-tables";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { getCourseTeachers } from "~/models/course.server";
import { LESSON_ORDER_SQL } from "~/models/lesson.server";

type Actor = { id: string; role: Role };

export const LEARNER_PROGRESS_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
});

/**
 * Which enrollments a learner table shows (aliases: enrollment `e`, its user `u`): the course's, in
 * `statuses`, whose name or e-mail contains `search`, and, when given, only `enrollmentIds`.
 */
export function learnerConditions({
  courseId,
  statuses,
  search,
  enrollmentIds,
}: {
  courseId: string;
  statuses: readonly EnrollmentStatus[];
  search?: string;
  enrollmentIds?: string[];
}) {
  const conditions = [
    Prisma.sql`e."courseId" = ${courseId}::uuid`,
    Prisma.sql`e."status" = ANY(CAST(${statuses} AS "EnrollmentStatus"[]))`,
  ];
  if (search) {
    const pattern = likeContains(search);
    conditions.push(Prisma.sql`(u."name" ILIKE ${pattern} OR u."email" ILIKE ${pattern})`);
  }
  if (enrollmentIds) conditions.push(Prisma.sql`e."id" = ANY(CAST(${enrollmentIds} AS uuid[]))`);
  return Prisma.join(conditions, " AND ");
}

const STATUSES_OF: Record<ProgressStatusFilter, EnrollmentStatus[]> = {
  all: ["ACTIVE", "COMPLETED", "DROPPED"],
  ACTIVE: ["ACTIVE"],
  COMPLETED: ["COMPLETED"],
  DROPPED: ["DROPPED"],
};

/** Each sort, with the name and id breaking ties so pages never overlap. */
const ORDER_OF: Record<ProgressSort, Prisma.Sql> = {
  name: Prisma.sql`"name", "enrollmentId"`,
  "progress-desc": Prisma.sql`"progressPercent" DESC, "name", "enrollmentId"`,
  "progress-asc": Prisma.sql`"progressPercent" ASC, "name", "enrollmentId"`,
  // Most recent first; learners never seen come last. Ascending puts them first: who has stalled longest.
  "activity-desc": Prisma.sql`"lastActivityAt" DESC NULLS LAST, "name", "enrollmentId"`,
  "activity-asc": Prisma.sql`"lastActivityAt" ASC NULLS FIRST, "name", "enrollmentId"`,
};

/** The table's columns: the course's published quiz and assignment lessons in course order (`l`, `m`). */
function columnLessonsSql(courseId: string) {
  return Prisma.sql`
    SELECT l."id", l."title", l."kind"::text AS "kind", q."id" AS "quizId", a."id" AS "assignmentId",
           a."maxPoints", m."position" AS "modulePosition", m."id" AS "moduleId", l."position"
    FROM "Lesson" l
    JOIN "Module" m ON m."id" = l."moduleId"
    LEFT JOIN "Quiz" q ON q."lessonId" = l."id"
    LEFT JOIN "Assignment" a ON a."lessonId" = l."id"
    WHERE l."courseId" = ${courseId}::uuid AND l."status" = 'PUBLISHED' AND l."kind" IN ('QUIZ', 'ASSIGNMENT')
      AND m."archivedAt" IS NULL
    ORDER BY ${LESSON_ORDER_SQL}`;
}

type ColumnRow = {
  id: string;
  title: string;
  kind: "QUIZ" | "ASSIGNMENT";
  quizId: string | null;
  assignmentId: string | null;
  maxPoints: number | null;
};

/** A quiz cell: the best submitted score and how many attempts were submitted. */
export type QuizCell = { best: number | null; attempts: number };
/** An assignment cell: the latest graded points, and whether a newer submission waits for grading. */
export type AssignmentCell = { points: number | null; isAwaitingGrade: boolean };

type ProgressRow = {
  enrollmentId: string;
  userId: string;
  /** Every matching learner, counted before the page is cut (the same on each row). */
  totalCount: number;
  name: string;
  email: string;
  status: EnrollmentStatus;
  progressPercent: number;
  lastActivityAt: Date | null;
  cells: Record<string, QuizCell | AssignmentCell>;
};

async function countLearners(where: Prisma.Sql) {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT COUNT(*)::int AS "count" FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId" WHERE ${where}`;
  return row?.count ?? 0;
}

/**
 * A page of the course's learners for its instructors and admins, with the columns in order. In
 * two statements (after the permission check) whatever the page size or the number of columns: the
 * columns, and the page with every cell and the count of all matching learners (a window count over
 * the rows the page is cut from, which the sort reads anyway). A page past the last costs a third.
 */
export async function listLearnerProgress({
  actor,
  courseId,
  page = 1,
  pageSize = LEARNER_TABLE_PAGE_SIZE,
  status = "all",
  search = "",
  sort = "name",
}: {
  actor: Actor;
  courseId: string;
  page?: number;
  pageSize?: number;
  status?: ProgressStatusFilter;
  /** Part of a learner's name or e-mail. */
  search?: string;
  sort?: ProgressSort;
}) {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" } as const;
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" } as const;
  const where = learnerConditions({ courseId, statuses: STATUSES_OF[status], search });
  const { skip, take } = pageWindow({ page, pageSize });
  const [columns, rows] = await Promise.all([
    prisma.$queryRaw<ColumnRow[]>(columnLessonsSql(courseId)),
    prisma.$queryRaw<ProgressRow[]>`
      WITH columns AS (${columnLessonsSql(courseId)}),
      page AS (
        SELECT e."id" AS "enrollmentId", e."userId", e."status", e."progressPercent", e."lastActivityAt",
               u."name", u."email", (count(*) OVER ())::int AS "totalCount"
        FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
        WHERE ${where}
        ORDER BY ${ORDER_OF[sort]}
        LIMIT ${take} OFFSET ${skip}
      )
      SELECT p.*,
             COALESCE((
               SELECT jsonb_object_agg(c."id", CASE c."kind"
                 WHEN 'QUIZ' THEN (
                   SELECT jsonb_build_object('best', MAX(qa."scorePercent"), 'attempts', COUNT(*))
                   FROM "QuizAttempt" qa
                   WHERE qa."quizId" = c."quizId" AND qa."userId" = p."userId" AND qa."submittedAt" IS NOT NULL)
                 ELSE jsonb_build_object(
                   'points', (SELECT s."points" FROM "Submission" s
                              WHERE s."assignmentId" = c."assignmentId" AND s."userId" = p."userId"
                                AND s."status" = 'GRADED'
                              ORDER BY s."attemptNumber" DESC LIMIT 1),
                   'isAwaitingGrade', EXISTS (SELECT 1 FROM "Submission" s
                              WHERE s."assignmentId" = c."assignmentId" AND s."userId" = p."userId"
                                AND s."status" = 'SUBMITTED'))
               END)
               FROM columns c
             ), '{}'::jsonb) AS "cells"
      FROM page p
      ORDER BY ${ORDER_OF[sort]}`,
  ]);
  // The page's rows carry the count; a page past the last has none, and only then is it counted apart.
  const totalCount = rows[0]?.totalCount ?? (page > 1 ? await countLearners(where) : 0);
  return {
    ok: true,
    columns: columns.map(({ id, title, kind, maxPoints }) => ({ lessonId: id, title, kind, maxPoints })),
    learners: toPaged(
      rows.map(({ totalCount: _totalCount, ...row }) => row),
      { page, pageSize, totalCount },
    ),
  } as const;
}

export type LearnerProgressTable = Extract<Awaited<ReturnType<typeof listLearnerProgress>>, { ok: true }>;
