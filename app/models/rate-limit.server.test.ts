import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { consumeRateLimit, deleteStaleRateLimitBuckets, resetRateLimit } from "~/models/rate-limit.server";
import { uniqueSuffix } from "../../tests/factories";

const WINDOW_SECONDS = 60;
// 15 s into a one-minute window, so 45 s remain.
const NOW = new Date("2026-03-02T09:00:15.000Z");

describe("consumeRateLimit", () => {
  test("allows the limit, then refuses with the seconds left in the window", async () => {
    const key = `login:${uniqueSuffix()}`;
    for (let attempt = 1; attempt <= 10; attempt++) {
      const result = await consumeRateLimit({ key, limit: 10, windowSeconds: WINDOW_SECONDS, now: NOW });
      expect(result).toEqual({ isAllowed: true, retryAfterSeconds: 0, count: attempt });
    }
    const refused = await consumeRateLimit({ key, limit: 10, windowSeconds: WINDOW_SECONDS, now: NOW });
    expect(refused).toEqual({ isAllowed: false, retryAfterSeconds: 45, count: 11 });

    const bucket = await prisma.rateLimitBucket.findFirstOrThrow({ where: { key }, select: { windowStart: true } });
    expect(bucket.windowStart.toISOString()).toBe("2026-03-02T09:00:00.000Z");
  });

  test("a new window starts from zero", async () => {
    const key = `login:${uniqueSuffix()}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      await consumeRateLimit({ key, limit: 2, windowSeconds: WINDOW_SECONDS, now: NOW });
    }
    const nextWindow = new Date("2026-03-02T09:01:00.000Z");
    expect(await consumeRateLimit({ key, limit: 2, windowSeconds: WINDOW_SECONDS, now: nextWindow })).toEqual({
      isAllowed: true,
      retryAfterSeconds: 0,
      count: 1,
    });
  });

  test("counts concurrent attempts exactly", async () => {
    const key = `login:${uniqueSuffix()}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeRateLimit({ key, limit: 10, windowSeconds: WINDOW_SECONDS, now: NOW })),
    );
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    expect(results.filter((result) => result.isAllowed)).toHaveLength(10);
    const bucket = await prisma.rateLimitBucket.findFirstOrThrow({ where: { key }, select: { count: true } });
    expect(bucket.count).toBe(50);
  });

  test("keys are counted separately", async () => {
    const first = `login:${uniqueSuffix()}`;
    const second = `login:${uniqueSuffix()}`;
    await consumeRateLimit({ key: first, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW });
    expect((await consumeRateLimit({ key: first, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW })).isAllowed).toBe(
      false,
    );
    expect(await consumeRateLimit({ key: second, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW })).toMatchObject({
      isAllowed: true,
      count: 1,
    });
  });
});

describe("housekeeping", () => {
  test("resetRateLimit forgets a key and deleteStaleRateLimitBuckets drops old windows only", async () => {
    const key = `login:${uniqueSuffix()}`;
    const other = `login:${uniqueSuffix()}`;
    await consumeRateLimit({ key, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW });
    await consumeRateLimit({ key, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW });
    await resetRateLimit({ key });
    expect((await consumeRateLimit({ key, limit: 1, windowSeconds: WINDOW_SECONDS, now: NOW })).isAllowed).toBe(true);

    const earlier = new Date("2026-03-01T09:00:00.000Z");
    await consumeRateLimit({ key: other, limit: 1, windowSeconds: WINDOW_SECONDS, now: earlier });
    await deleteStaleRateLimitBuckets({ olderThan: new Date("2026-03-02T00:00:00.000Z") });
    expect(await prisma.rateLimitBucket.count({ where: { key: other } })).toBe(0);
    expect(await prisma.rateLimitBucket.count({ where: { key } })).toBe(1);
  });
});
