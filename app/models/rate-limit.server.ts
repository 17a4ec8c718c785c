import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";

/** One counter: at most `limit` attempts per fixed window of `windowSeconds` (an hour at most). */
export type RateLimitRule = { key: string; limit: number; windowSeconds: number };

export const RATE_LIMIT_REFUSALS = defineRefusals({
  tooManyAttempts: { status: 429, messageKey: "auth.tooManyAttempts" },
});

export type TooManyAttempts = { ok: false; reason: "tooManyAttempts"; retryAfterSeconds: number };

export type RateLimitResult = { ok: true } | TooManyAttempts;

function windowStartOf(rule: RateLimitRule, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

function secondsLeftInWindow(rule: RateLimitRule, now: Date) {
  const windowEndMs = windowStartOf(rule, now).getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((windowEndMs - now.getTime()) / 1000));
}

/**
 * Counts one attempt against every rule, or refuses, counting nothing, when any rule's counter has
 * already reached its limit: a refused attempt does not lengthen the wait, so one person retrying
 * on a shared address cannot hold everyone else behind it. The check and the count are one
 * statement, and counters live in PostgreSQL, so the limits hold across app instances; of
 * concurrent attempts that slip past the check together, those counted beyond a limit are refused.
 */
export async function consumeRateLimits({
  rules,
  now = new Date(),
}: {
  rules: RateLimitRule[];
  now?: Date;
}): Promise<RateLimitResult> {
  const keys = rules.map((rule) => rule.key);
  const windowStarts = rules.map((rule) => windowStartOf(rule, now));
  const limits = rules.map((rule) => rule.limit);
  const counted = await prisma.$queryRaw<{ key: string; count: number }[]>`
    WITH "attempt" AS (
      SELECT * FROM unnest(${keys}::text[], ${windowStarts}::timestamp[], ${limits}::int[])
        AS a("key", "windowStart", "limit")
    )
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    SELECT "key", "windowStart", 1 FROM "attempt"
    WHERE NOT EXISTS (
      SELECT 1 FROM "attempt" a JOIN "RateLimitBucket" b USING ("key", "windowStart") WHERE b."count" >= a."limit"
    )
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "key", "count"`;
  const countByKey = new Map(counted.map((row) => [row.key, Number(row.count)]));
  const refusedRules =
    counted.length === 0
      ? await rulesAtLimit({ rules, windowStarts })
      : rules.filter((rule) => (countByKey.get(rule.key) ?? 0) > rule.limit);
  if (refusedRules.length === 0) return { ok: true };
  return {
    ok: false,
    reason: "tooManyAttempts",
    retryAfterSeconds: Math.max(...refusedRules.map((rule) => secondsLeftInWindow(rule, now))),
  };
}

async function rulesAtLimit({ rules, windowStarts }: { rules: RateLimitRule[]; windowStarts: Date[] }) {
  const buckets = await prisma.rateLimitBucket.findMany({
    where: { OR: rules.map((rule, index) => ({ key: rule.key, windowStart: windowStarts[index] })) },
    select: { key: true, count: true },
  });
  const countByKey = new Map(buckets.map((bucket) => [bucket.key, bucket.count]));
  return rules.filter((rule) => (countByKey.get(rule.key) ?? 0) >= rule.limit);
}

/** Takes back one attempt counted by consumeRateLimits in the current window (it turned out to succeed). */
export async function releaseRateLimits({ rules, now = new Date() }: { rules: RateLimitRule[]; now?: Date }) {
  if (rules.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = greatest("count" - 1, 0)
    WHERE ("key", "windowStart") IN (${Prisma.join(
      rules.map((rule) => Prisma.sql`(${rule.key}, ${windowStartOf(rule, now)}::timestamp)`),
    )})`;
}

/** Forgets every window of these keys, e.g. an account's failed log-ins once it logs in. */
export async function resetRateLimits({ keys }: { keys: string[] }) {
  await prisma.rateLimitBucket.deleteMany({ where: { key: { in: keys } } });
}

/** Deletes windows that started before `olderThan`; run it now and then to keep the table small. */
export async function deleteStaleRateLimitBuckets({ olderThan }: { olderThan: Date }) {
  const { count } = await prisma.rateLimitBucket.deleteMany({ where: { windowStart: { lt: olderThan } } });
  return { deletedCount: count };
}
