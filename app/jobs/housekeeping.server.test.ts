import { expect, test } from "vitest";
import { runHousekeeping } from "~/jobs/housekeeping.server";
import { prisma } from "~/lib/db.server";
import { createUser } from "../../tests/factories";
import { createUserSession } from "../../tests/factories/auth";

test("housekeeping deletes expired sessions and old rate-limit buckets, and keeps live ones", async () => {
  const user = await createUser(prisma);
  const live = await createUserSession(prisma, { userId: user.id });
  await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() - 1000) });
  await prisma.rateLimitBucket.createMany({
    data: [
      { key: "login:ip:old", windowStart: new Date(Date.now() - 3 * 60 * 60 * 1000), count: 3 },
      { key: "login:ip:new", windowStart: new Date(), count: 1 },
    ],
  });

  expect(await runHousekeeping()).toEqual({ expiredSessions: 1, staleBuckets: 1 });
  expect(await prisma.session.findMany({ select: { id: true } })).toEqual([{ id: live.session.id }]);
  expect(await prisma.rateLimitBucket.findMany({ select: { key: true } })).toEqual([{ key: "login:ip:new" }]);
});
