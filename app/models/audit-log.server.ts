import type { Prisma } from "~/generated/prisma/client";
import { prisma, type Database } from "~/lib/db.server";
import { pageWindow, toPaged } from "~/lib/pagination";

/**
 * Records who did what to which record. Pass the transaction client of the change being audited
 * so the entry commits or rolls back with it; without `db` it is written on its own.
 */
export async function recordAuditEvent({
  db = prisma,
  actorId,
  action,
  entityType,
  entityId,
  data = {},
  ipAddress,
}: {
  db?: Database | Prisma.TransactionClient;
  /** null for the system or an anonymous visitor (e.g. a failed log-in). */
  actorId: string | null;
  /** A dotted verb, e.g. "user.role-changed", "two-factor.disabled". */
  action: string;
  entityType: string;
  entityId: string;
  data?: Prisma.InputJsonObject;
  ipAddress?: string | null;
}) {
  return db.auditLog.create({
    data: { actorId, action, entityType, entityId, data, ipAddress: ipAddress ?? null },
    select: { id: true },
  });
}

/**
 * Every action the app writes, in the order the audit log viewer offers them. An action written
 * before it is listed here still shows (as its code) but cannot be chosen as a filter.
 */
export const AUDIT_ACTIONS = [
  "user.role-changed",
  "user.deactivated",
  "user.reactivated",
  "user.created-from-command-line",
  "course.imported",
  "course.duplicated",
  "course.status-changed",
  "course.grading-changed",
  "grade-category.created",
  "grade-category.updated",
  "grade-category.deleted",
  "grade-item.created",
  "grade-item.updated",
  "grade-item.deleted",
  "submission.graded",
  "submission.returned",
  "grade.manual-recorded",
  "grade.confirmed",
  "grade.changed",
  "gradebook.exported",
  "enrollment.approved",
  "enrollment.rejected",
  "cohort.created",
  "cohort.updated",
  "cohort.member-added",
  "cohort.member-removed",
  "cohort.course-assigned",
  "cohort.course-unassigned",
  "cohort.course-dates-changed",
  "cohort.archived",
  "cohort.restored",
  "cohort.members-imported",
  "cohort.thresholds-changed",
  "program.created",
  "program.updated",
  "program.archived",
  "program.restored",
  "degree-track.created",
  "degree-track.updated",
  "degree-track.archived",
  "degree-track.restored",
  "term.created",
  "term.updated",
  "term.archived",
  "term.restored",
  "user.student-record-changed",
  "attendance.corrected",
  "outcome.recorded",
  "outcomes.imported",
  "learner.nudged",
  "report.exported",
  "certificate.revoked",
  "certificate.issued",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return (AUDIT_ACTIONS as readonly unknown[]).includes(value);
}

/**
 * One page of audit events, newest first, filtered by any of: entity type or record; actor (part
 * of a name or e-mail); action; moment range (`from` inclusive, `to` exclusive). Two statements
 * (the page with its actors joined, and the count) however long the log is.
 *
 * Indexes: a date range alone walks `AuditLog(createdAt)` backwards; an actor search is a subquery
 * on User (a scan of users, not of the log) whose ids then use `AuditLog(actorId, createdAt)`. There is no index starting with
 * `action`, so an action filter on its own reads the `createdAt` index and filters, which grows with
 * the log; an `(action, createdAt)` index would make it direct.
 */
export async function listAuditEvents({
  entityType,
  entityId,
  actorQuery,
  action,
  from,
  to,
  page,
  pageSize = 50,
}: {
  entityType?: string;
  entityId?: string;
  /** Part of the actor's name or e-mail, case-insensitive; blank for everyone. */
  actorQuery?: string;
  action?: string;
  from?: Date | null;
  to?: Date | null;
  page: number;
  pageSize?: number;
}) {
  const actorSearch = actorQuery?.trim();
  const where = {
    entityType,
    entityId,
    action,
    createdAt: from || to ? { gte: from ?? undefined, lt: to ?? undefined } : undefined,
    actor: actorSearch
      ? {
          OR: [
            { name: { contains: actorSearch, mode: "insensitive" } },
            { email: { contains: actorSearch, mode: "insensitive" } },
          ],
        }
      : undefined,
  } satisfies Prisma.AuditLogWhereInput;
  const [events, totalCount] = await Promise.all([
    prisma.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow({ page, pageSize }),
      select: {
        id: true,
        action: true,
        entityType: true,
        entityId: true,
        data: true,
        ipAddress: true,
        createdAt: true,
        actor: { select: { id: true, name: true, email: true } },
      },
    }),
    prisma.auditLog.count({ where }),
  ]);
  return toPaged(events, { page, pageSize, totalCount });
}
