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

/** One page of audit events, newest first, optionally for one entity type or one record. */
export async function listAuditEvents({
  entityType,
  entityId,
  page,
  pageSize = 50,
}: {
  entityType?: string;
  entityId?: string;
  page: number;
  pageSize?: number;
}) {
  const where = { entityType, entityId } satisfies Prisma.AuditLogWhereInput;
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
