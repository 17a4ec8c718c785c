import { expect, test } from "vitest";
import { runHousekeeping } from "~/jobs/housekeeping.server";
import { prisma } from "~/lib/db.server";
import { createUser } from "../../tests/factories";
import { createUserSession } from "../../tests/factories/auth";

test("housekeeping deletes expired sessions, old rate-limit buckets and old form keys, and keeps live ones", async () => {
  const user = await createUser(prisma);
  const live = await createUserSession(prisma, { userId: user.id });
  await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() - 1000) });
  await prisma.rateLimitBucket.createMany({
    data: [
      { key: "login:ip:old", windowStart: new Date(Date.now() - 3 * 60 * 60 * 1000), count: 3 },
      { key: "login:ip:new", windowStart: new Date(), count: 1 },
    ],
  });

  const recentKey = crypto.randomUUID();
  await prisma.formSubmission.createMany({
    data: [
      { key: crypto.randomUUID(), userId: user.id, createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) },
      { key: recentKey, userId: user.id },
    ],
  });

  expect(await runHousekeeping()).toEqual({ expiredSessions: 1, staleBuckets: 1, oldSubmissionKeys: 1 });
  expect(await prisma.session.findMany({ select: { id: true } })).toEqual([{ id: live.session.id }]);
  expect(await prisma.rateLimitBucket.findMany({ select: { key: true } })).toEqual([{ key: "login:ip:new" }]);
  expect(await prisma.formSubmission.findMany({ select: { key: true } })).toEqual([{ key: recentKey }]);
});
