import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  consumeRateLimits,
  deleteStaleRateLimitBuckets,
  releaseRateLimits,
  resetRateLimits,
  type RateLimitRule,
} from "~/models/rate-limit.server";
import { uniqueSuffix } from "../../tests/factories";

const WINDOW_SECONDS = 60;
// 15 s into a one-minute window, so 45 s remain.
const NOW = new Date("2026-03-02T09:00:15.000Z");

function ruleFor(limit: number, label = "login"): RateLimitRule {
  return { key: `${label}:${uniqueSuffix()}`, limit, windowSeconds: WINDOW_SECONDS };
}

async function countOf(rule: RateLimitRule) {
  const bucket = await prisma.rateLimitBucket.findFirst({ where: { key: rule.key }, select: { count: true } });
  return bucket?.count ?? 0;
}

describe("consumeRateLimits", () => {
  test("allows the limit, then refuses with the seconds left in the window", async () => {
    const rule = ruleFor(10);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await consumeRateLimits({ rules: [rule], now: NOW })).toEqual({ ok: true });
    }
    expect(await consumeRateLimits({ rules: [rule], now: NOW })).toEqual({
      ok: false,
      reason: "tooManyAttempts",
      retryAfterSeconds: 45,
    });
    const bucket = await prisma.rateLimitBucket.findFirstOrThrow({
      where: { key: rule.key },
      select: { windowStart: true, count: true },
    });
    expect(bucket.windowStart.toISOString()).toBe("2026-03-02T09:00:00.000Z");
    // The refused attempt was not counted: waiting out the window is enough, whoever keeps retrying.
    expect(bucket.count).toBe(10);
  });

  test("a new window starts from zero", async () => {
    const rule = ruleFor(2);
    for (let attempt = 0; attempt < 3; attempt++) await consumeRateLimits({ rules: [rule], now: NOW });
    expect(await consumeRateLimits({ rules: [rule], now: new Date("2026-03-02T09:01:00.000Z") })).toEqual({ ok: true });
  });

  test("counts every rule at once, and a rule at its limit stops all of them from counting", async () => {
    const narrow = ruleFor(2);
    const wide = ruleFor(100);
    await consumeRateLimits({ rules: [narrow, wide], now: NOW });
    await consumeRateLimits({ rules: [narrow, wide], now: NOW });
    expect(await countOf(wide)).toBe(2);

    const refused = await consumeRateLimits({ rules: [narrow, wide], now: NOW });
    expect(refused).toMatchObject({ ok: false, reason: "tooManyAttempts" });
    expect(await countOf(narrow)).toBe(2);
    expect(await countOf(wide)).toBe(2);
  });

  test("the wait is the longest of the refusing rules' windows", async () => {
    const minute = ruleFor(1);
    const quarterHour: RateLimitRule = { key: `login:${uniqueSuffix()}`, limit: 1, windowSeconds: 900 };
    await consumeRateLimits({ rules: [minute, quarterHour], now: NOW });
    // 09:00:15 is 15 s into both windows: 45 s and 885 s remain.
    expect(await consumeRateLimits({ rules: [minute, quarterHour], now: NOW })).toEqual({
      ok: false,
      reason: "tooManyAttempts",
      retryAfterSeconds: 885,
    });
  });

  test("of 50 concurrent attempts exactly the limit get through", async () => {
    const rule = ruleFor(10);
    const results = await Promise.all(Array.from({ length: 50 }, () => consumeRateLimits({ rules: [rule], now: NOW })));
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    expect(await countOf(rule)).toBeGreaterThanOrEqual(10);
  });

  test("keys are counted separately", async () => {
    const first = ruleFor(1);
    const second = ruleFor(1);
    await consumeRateLimits({ rules: [first], now: NOW });
    expect((await consumeRateLimits({ rules: [first], now: NOW })).ok).toBe(false);
    expect(await consumeRateLimits({ rules: [second], now: NOW })).toEqual({ ok: true });
  });
});

describe("taking attempts back", () => {
  test("releaseRateLimits takes back one attempt in the current window, never below zero", async () => {
    const rule = ruleFor(3);
    await consumeRateLimits({ rules: [rule], now: NOW });
    await consumeRateLimits({ rules: [rule], now: NOW });
    await releaseRateLimits({ rules: [rule], now: NOW });
    expect(await countOf(rule)).toBe(1);
    await releaseRateLimits({ rules: [rule], now: NOW });
    await releaseRateLimits({ rules: [rule], now: NOW });
    expect(await countOf(rule)).toBe(0);
  });

  test("resetRateLimits forgets keys and deleteStaleRateLimitBuckets drops old windows only", async () => {
    const rule = ruleFor(1);
    const other = ruleFor(1);
    await consumeRateLimits({ rules: [rule], now: NOW });
    await resetRateLimits({ keys: [rule.key] });
    expect(await consumeRateLimits({ rules: [rule], now: NOW })).toEqual({ ok: true });

    await consumeRateLimits({ rules: [other], now: new Date("2026-03-01T09:00:00.000Z") });
    await deleteStaleRateLimitBuckets({ olderThan: new Date("2026-03-02T00:00:00.000Z") });
    expect(await countOf(other)).toBe(0);
    expect(await countOf(rule)).toBe(1);
  });
});
