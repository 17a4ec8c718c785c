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
});
