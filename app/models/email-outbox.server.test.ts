import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  EMAIL_MAX_ATTEMPTS,
  claimPendingEmails,
  enqueueEmail,
  listOutboxEmails,
  markEmailFailed,
  markEmailSent,
} from "~/models/email-outbox.server";

beforeEach(async () => {
  await prisma.emailOutbox.deleteMany();
});

describe("enqueueEmail", () => {
  test("writes nothing when the surrounding transaction rolls back", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueEmail({ db: tx, to: "learner@test.bitgoeul.example", subject: "Welcome", text: "Hello" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.emailOutbox.count()).toBe(0);
  });
});

describe("claimPendingEmails", () => {
  test("concurrent claims never take the same mail, and claimed mail is not claimed again", async () => {
    for (let index = 0; index < 10; index++) {
      await enqueueEmail({ to: `learner${index}@test.bitgoeul.example`, subject: `Mail ${index}`, text: "Body" });
    }
    const batches = await Promise.all([claimPendingEmails({ limit: 6 }), claimPendingEmails({ limit: 6 })]);
    const ids = batches.flat().map((email) => email.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect(await claimPendingEmails({ limit: 10 })).toEqual([]);
  });

  test("skips mail that is not due yet or already sent", async () => {
    const sent = await enqueueEmail({ to: "a@test.bitgoeul.example", subject: "Sent", text: "Body" });
    await markEmailSent({ id: sent.id });
    await prisma.emailOutbox.create({
      data: {
        toAddress: "b@test.bitgoeul.example",
        subject: "Later",
        textBody: "Body",
        sendAfter: new Date(Date.now() + 60_000),
      },
    });
    expect(await claimPendingEmails({ limit: 10 })).toEqual([]);
  });
});

describe("markEmailFailed", () => {
  test("backs off exponentially and gives up after the last attempt", async () => {
    const { id } = await enqueueEmail({ to: "c@test.bitgoeul.example", subject: "Retry", text: "Body" });
    const now = new Date("2026-03-02T09:00:00.000Z");
    const waits: number[] = [];
    for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
      const result = await markEmailFailed({ id, error: new Error(`refused ${attempt}`), now });
      expect(result?.attempts).toBe(attempt);
      expect(result?.status).toBe(attempt < EMAIL_MAX_ATTEMPTS ? "PENDING" : "FAILED");
      waits.push((result!.sendAfter.getTime() - now.getTime()) / 1000);
    }
    expect(waits.slice(0, 4)).toEqual([60, 120, 240, 480]);
    const row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id }, select: { lastError: true } });
    expect(row.lastError).toBe(`refused ${EMAIL_MAX_ATTEMPTS}`);
  });
});

describe("listOutboxEmails", () => {
  test("pages newest first with the total", async () => {
    for (let index = 0; index < 3; index++) {
      await prisma.emailOutbox.create({
        data: {
          toAddress: `d${index}@test.bitgoeul.example`,
          subject: `Mail ${index}`,
          textBody: "Body",
          createdAt: new Date(Date.UTC(2026, 2, 2, 9, index)),
        },
      });
    }
    const first = await listOutboxEmails({ page: 1, pageSize: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.items.map((email) => email.subject)).toEqual(["Mail 2", "Mail 1"]);
    const second = await listOutboxEmails({ page: 2, pageSize: 2 });
    expect(second.items.map((email) => email.subject)).toEqual(["Mail 0"]);
  });
});
