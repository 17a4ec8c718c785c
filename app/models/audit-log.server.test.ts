import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { listAuditEvents, recordAuditEvent } from "~/models/audit-log.server";
import { createUser, uniqueSuffix } from "../../tests/factories";

describe("audit log", () => {
  test("records events and lists them newest first, filtered by entity", async () => {
    const admin = await createUser(prisma, { role: "ADMIN" });
    const learner = await createUser(prisma);
    const entityType = `User-${uniqueSuffix()}`;

    await recordAuditEvent({
      actorId: admin.id,
      action: "user.role-changed",
      entityType,
      entityId: learner.id,
      data: { from: "LEARNER", to: "INSTRUCTOR" },
      ipAddress: "203.0.113.7",
    });
    // createdAt has millisecond precision; a pause keeps the expected order unambiguous.
    await sleep(5);
    await recordAuditEvent({ actorId: null, action: "user.login-failed", entityType, entityId: learner.id });
    await sleep(5);
    await recordAuditEvent({ actorId: admin.id, action: "user.created", entityType, entityId: admin.id });

    const forLearner = await listAuditEvents({ entityType, entityId: learner.id, page: 1 });
    expect(forLearner.totalCount).toBe(2);
    expect(forLearner.items.map((event) => event.action)).toEqual(["user.login-failed", "user.role-changed"]);
    expect(forLearner.items[1]).toMatchObject({
      actor: { id: admin.id, name: admin.name, email: admin.email },
      data: { from: "LEARNER", to: "INSTRUCTOR" },
      ipAddress: "203.0.113.7",
    });
    expect(forLearner.items[0]?.actor).toBeNull();

    const allOfType = await listAuditEvents({ entityType, page: 2, pageSize: 2 });
    expect(allOfType.totalCount).toBe(3);
    expect(allOfType.items.map((event) => event.action)).toEqual(["user.role-changed"]);
  });

  test("an event written in a transaction rolls back with it", async () => {
    const entityId = uniqueSuffix();
    await expect(
      prisma.$transaction(async (tx) => {
        await recordAuditEvent({ db: tx, actorId: null, action: "course.published", entityType: "Course", entityId });
        throw new Error("publishing failed");
      }),
    ).rejects.toThrow("publishing failed");
    expect((await listAuditEvents({ entityId, page: 1 })).totalCount).toBe(0);
  });

  test("filters by actor name or e-mail, action and a moment range together", async () => {
    const suffix = uniqueSuffix();
    const grader = await createUser(prisma, { role: "INSTRUCTOR", name: `채점자 ${suffix}` });
    const other = await createUser(prisma, { role: "ADMIN" });
    const at = (iso: string) => new Date(iso);
    const entityType = `Filter-${suffix}`;
    await prisma.auditLog.createMany({
      data: [
        {
          actorId: grader.id,
          action: "submission.graded",
          entityType,
          entityId: "a",
          createdAt: at("2026-05-01T00:00:00Z"),
        },
        {
          actorId: grader.id,
          action: "submission.graded",
          entityType,
          entityId: "b",
          createdAt: at("2026-05-02T00:00:00Z"),
        },
        {
          actorId: grader.id,
          action: "grade.changed",
          entityType,
          entityId: "c",
          createdAt: at("2026-05-02T01:00:00Z"),
        },
        {
          actorId: other.id,
          action: "submission.graded",
          entityType,
          entityId: "d",
          createdAt: at("2026-05-02T02:00:00Z"),
        },
      ],
    });
    const list = (filter: Partial<Parameters<typeof listAuditEvents>[0]>) =>
      listAuditEvents({ entityType, page: 1, ...filter }).then((paged) => paged.items.map((event) => event.entityId));

    expect(await list({ actorQuery: `채점자 ${suffix}` })).toEqual(["c", "b", "a"]);
    expect(await list({ actorQuery: grader.email.toUpperCase() })).toEqual(["c", "b", "a"]);
    expect(await list({ action: "submission.graded" })).toEqual(["d", "b", "a"]);
    // `from` inclusive, `to` exclusive.
    expect(await list({ from: at("2026-05-02T00:00:00Z"), to: at("2026-05-02T02:00:00Z") })).toEqual(["c", "b"]);
    expect(await list({ actorQuery: suffix, action: "submission.graded", from: at("2026-05-01T12:00:00Z") })).toEqual([
      "b",
    ]);
    expect(await list({ actorQuery: "   " })).toHaveLength(4);
  });
});
