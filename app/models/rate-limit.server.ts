import { prisma } from "~/lib/db.server";

export type RateLimitResult = {
  isAllowed: boolean;
  /** Seconds until the current window ends; 0 when allowed. Send it as the Retry-After header. */
  retryAfterSeconds: number;
  /** Attempts counted in the current window, this one included. */
  count: number;
};

/**
 * Counts one attempt against `key` in a fixed window of `windowSeconds` and says whether it is
 * within `limit`. The counter lives in PostgreSQL and is bumped by one atomic upsert, so the limit
 * holds across app instances and concurrent requests. Refused attempts still count.
 */
export async function consumeRateLimit({
  key,
  limit,
  windowSeconds,
  now = new Date(),
}: {
  key: string;
  limit: number;
  windowSeconds: number;
  now?: Date;
}): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStartMs = Math.floor(now.getTime() / windowMs) * windowMs;
  const rows = await prisma.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    VALUES (${key}, ${new Date(windowStartMs)}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count);
  const isAllowed = count <= limit;
  const retryAfterSeconds = isAllowed ? 0 : Math.max(1, Math.ceil((windowStartMs + windowMs - now.getTime()) / 1000));
  return { isAllowed, retryAfterSeconds, count };
}

/** Forgets every window of `key`, e.g. after a successful log-in. */
export async function resetRateLimit({ key }: { key: string }) {
  await prisma.rateLimitBucket.deleteMany({ where: { key } });
}

/** Deletes windows that started before `olderThan`; run it now and then to keep the table small. */
export async function deleteStaleRateLimitBuckets({ olderThan }: { olderThan: Date }) {
  const { count } = await prisma.rateLimitBucket.deleteMany({ where: { windowStart: { lt: olderThan } } });
  return { deletedCount: count };
}
