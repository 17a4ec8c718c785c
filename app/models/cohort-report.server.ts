// A cohort's reports for admins: the page that lists every export of a cohort, and the learner ×
// course matrix, streamed as CSV or XLSX.
//
// The matrix has one row per current learner member (name, e-mail, student number) and, for each
// course assigned to the cohort, the learner's progress (percent of required lessons), the day they
// completed it (in Korea), their enrollment's status, and for a credit course the confirmed letter
// (empty until confirmed). It is read in keyset pages of learners ordered by name then id (500 at a
// time: one statement each, whatever the number of courses), each page read only when the file's
// reader has taken the one before (app/lib/spreadsheet-stream.server.ts), so a cohort of 2,000 costs
// four statements and a few pages of memory.
import type { TFunction } from "i18next";
import { can } from "~/auth/permissions";
import type { EnrollmentStatus, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import type { SheetCell } from "~/lib/spreadsheet.server";
import type { SpreadsheetFormat, StreamedSheet } from "~/lib/spreadsheet-stream.server";
import { mapBatches } from "~/lib/spreadsheet-stream.server";
import { appTimeZone } from "~/lib/time-zone";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { findCohortHeading } from "~/models/cohort.server";

type Actor = { id: string; role: Role; ipAddress?: string | null };

export const COHORT_REPORT_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

type ReportRefusal = { ok: false; reason: keyof typeof COHORT_REPORT_REFUSALS };

/** Learners per statement when the matrix is read. */
export const MATRIX_BATCH_SIZE = 500;

/** The courses assigned to a cohort, in the order its page lists them. */
function findAssignedCourses(cohortId: string) {
  return prisma.cohortCourse.findMany({
    where: { cohortId },
    orderBy: [{ startsOn: { sort: "asc", nulls: "last" } }, { course: { code: "asc" } }, { id: "asc" }],
    select: { course: { select: { id: true, code: true, title: true, credits: true } } },
  });
}

/** The reports page: the cohort's heading and its assigned courses (each has its gradebook export). */
export async function getCohortReports({ actor, cohortId }: { actor: Actor; cohortId: string }) {
  if (!can(actor, "report:export")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;
  const [cohort, assigned] = await Promise.all([findCohortHeading({ cohortId }), findAssignedCourses(cohortId)]);
  if (!cohort) return { ok: false, reason: "notFound" } as const;
  return { ok: true, cohort, courses: assigned.map(({ course }) => course) } as const;
}

/** One learner's cell in one course: null when they are not enrolled in it. */
export type MatrixCell = {
  status: EnrollmentStatus;
  progressPercent: number;
  /** The day (in Korea) they completed the course, "2026-11-20", or null. */
  completedOn: string | null;
  /** The confirmed letter, or null. */
  letter: string | null;
};

export type MatrixRow = {
  id: string;
  name: string;
  email: string;
  studentNumber: string | null;
  /** By course id. */
  cells: Record<string, MatrixCell>;
};

export type MatrixCourse = { id: string; code: string; title: string; credits: number | null };

/**
 * The learner × course matrix of a cohort, for `report:export` (admins): its courses, and its rows as
 * batches to stream. The export is recorded in the audit log (report.exported) when asked for.
 */
export async function exportCohortMatrix({
  actor,
  cohortId,
  format,
  batchSize = MATRIX_BATCH_SIZE,
}: {
  actor: Actor;
  cohortId: string;
  format: SpreadsheetFormat;
  batchSize?: number;
}): Promise<
  | {
      ok: true;
      cohort: { id: string; name: string; slug: string };
      courses: MatrixCourse[];
      learnerCount: number;
      batches: AsyncIterable<MatrixRow[]>;
    }
  | ReportRefusal
> {
  if (!can(actor, "report:export")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  const [cohort, assigned, learnerCount] = await Promise.all([
    prisma.cohort.findUnique({ where: { id: cohortId }, select: { id: true, name: true, slug: true } }),
    findAssignedCourses(cohortId),
    prisma.cohortMember.count({ where: { cohortId, role: "LEARNER", leftAt: null } }),
  ]);
  if (!cohort) return { ok: false, reason: "notFound" };
  const courses = assigned.map(({ course }) => course);
  await recordAuditEvent({
    actorId: actor.id,
    action: "report.exported",
    entityType: "Cohort",
    entityId: cohort.id,
    data: { kind: "cohort-matrix", format, learnerCount, courseCount: courses.length },
    ipAddress: actor.ipAddress,
  });
  return {
    ok: true,
    cohort,
    courses,
    learnerCount,
    batches: readMatrixRows({ cohortId, courseIds: courses.map((course) => course.id), batchSize }),
  };
}

/** The current learners in pages of `batchSize`, by name then id, each with their cells. */
async function* readMatrixRows({
  cohortId,
  courseIds,
  batchSize,
}: {
  cohortId: string;
  courseIds: string[];
  batchSize: number;
}): AsyncIterable<MatrixRow[]> {
  let after: { name: string; id: string } | null = null;
  for (;;) {
    // Keyset paging: the (name, id) row comparison follows the ORDER BY, so it uses the same collation.
    const rows: MatrixRow[] = await prisma.$queryRaw<MatrixRow[]>`
      WITH page AS (
        SELECT u."id", u."name", u."email", u."studentNumber"
        FROM "CohortMember" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."cohortId" = ${cohortId}::uuid AND m."role" = 'LEARNER' AND m."leftAt" IS NULL
          ${after ? Prisma.sql`AND (u."name", u."id") > (${after.name}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY u."name", u."id"
        LIMIT ${batchSize}
      )
      SELECT p."id", p."name", p."email", p."studentNumber",
             coalesce(jsonb_object_agg(e."courseId", jsonb_build_object(
               'status', e."status",
               'progressPercent', e."progressPercent",
               'completedOn', to_char(e."completedAt" AT TIME ZONE 'UTC' AT TIME ZONE ${appTimeZone()}::text, 'YYYY-MM-DD'),
               'letter', f."letter"
             )) FILTER (WHERE e."id" IS NOT NULL), '{}'::jsonb) AS "cells"
      FROM page p
      LEFT JOIN "Enrollment" e ON e."userId" = p."id" AND e."courseId" = ANY(${courseIds}::uuid[])
      LEFT JOIN "FinalGrade" f ON f."enrollmentId" = e."id"
      GROUP BY p."id", p."name", p."email", p."studentNumber"
      ORDER BY p."name", p."id"`;
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { name: last.name, id: last.id };
  }
}

type ExportedMatrix = Extract<Awaited<ReturnType<typeof exportCohortMatrix>>, { ok: true }>;

/**
 * The matrix as a sheet, its header in the reader's language: who, then per course its progress,
 * completion day, status and (credit courses only) confirmed letter.
 */
export function cohortMatrixSheet(matrix: ExportedMatrix, t: TFunction): StreamedSheet {
  const { cohort, courses } = matrix;
  const header = [
    t("auth.name"),
    t("auth.email"),
    t("reports.studentNumber"),
    ...courses.flatMap((course) => [
      t("reports.matrix.progressOf", { code: course.code }),
      t("reports.matrix.completedOnOf", { code: course.code }),
      t("reports.matrix.statusOf", { code: course.code }),
      ...(course.credits !== null ? [t("reports.matrix.letterOf", { code: course.code })] : []),
    ]),
  ];
  const toRow = (row: MatrixRow): SheetCell[] => [
    row.name,
    row.email,
    row.studentNumber,
    ...courses.flatMap((course) => {
      const cell = row.cells[course.id];
      return [
        cell?.progressPercent ?? null,
        cell?.completedOn ?? null,
        cell ? t(`studio.enrollmentStatus.${cell.status}`) : null,
        ...(course.credits !== null ? [cell?.letter ?? null] : []),
      ];
    }),
  ];
  return {
    name: `${cohort.name} ${t("reports.matrix.sheetName")}`,
    header,
    batches: mapBatches(matrix.batches, toRow),
  };
}
