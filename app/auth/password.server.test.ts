import { hash } from "@node-rs/argon2";
import { describe, expect, test } from "vitest";
import { isCommonPassword } from "~/auth/password-policy.server";
import {
  PASSWORD_HASH_BUSY_RETRY_SECONDS,
  PASSWORD_HASH_CONCURRENCY,
  PASSWORD_HASH_QUEUE_LIMIT,
  getPasswordHashQueue,
  hashPassword,
  passwordNeedsRehash,
  verifyPasswordHash,
} from "~/auth/password.server";

describe("password hashing", () => {
  test("a hash verifies its own password and refuses another", async () => {
    const passwordHash = await hashPassword("correct horse battery staple");
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPasswordHash(passwordHash, "correct horse battery staple")).toBe(true);
    expect(await verifyPasswordHash(passwordHash, "correct horse battery stapler")).toBe(false);
  });

  test("asks for a rehash when the stored hash used other parameters or another variant", async () => {
    expect(passwordNeedsRehash(await hashPassword("current parameters"))).toBe(false);
    expect(passwordNeedsRehash(await hash("weaker", { memoryCost: 8192, timeCost: 1, parallelism: 1 }))).toBe(true);
    expect(
      passwordNeedsRehash(await hash("argon2i", { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 1 })),
    ).toBe(true);
    expect(passwordNeedsRehash("$2b$10$notargon2atall")).toBe(true);
  });

  test(`runs at most ${PASSWORD_HASH_CONCURRENCY} Argon2 computations at once and queues the rest`, async () => {
    const hashes = Array.from({ length: 12 }, (_, index) => hashPassword(`flood password ${index}`));
    // p-limit starts queued work on a microtask, so look once the queue has settled.
    await Promise.resolve();
    const initial = getPasswordHashQueue();
    expect(initial).toEqual({ activeCount: PASSWORD_HASH_CONCURRENCY, pendingCount: 12 - PASSWORD_HASH_CONCURRENCY });

    let maxActive = initial.activeCount;
    const sampler = setInterval(() => {
      maxActive = Math.max(maxActive, getPasswordHashQueue().activeCount);
    }, 1);
    try {
      await Promise.all(
        hashes.map((pending) =>
          pending.then(() => {
            maxActive = Math.max(maxActive, getPasswordHashQueue().activeCount);
          }),
        ),
      );
    } finally {
      clearInterval(sampler);
    }
    expect(maxActive).toBe(PASSWORD_HASH_CONCURRENCY);
    expect(getPasswordHashQueue()).toEqual({ activeCount: 0, pendingCount: 0 });
  });

  test("refuses with 503 and Retry-After once the line is full, and takes work again once it clears", async () => {
    const capacity = PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE_LIMIT;
    const accepted = Array.from({ length: capacity }, (_, index) => hashPassword(`line ${index}`));

    let refusal: unknown;
    try {
      await hashPassword("one too many");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(503);
    expect((refusal as Response).headers.get("Retry-After")).toBe(String(PASSWORD_HASH_BUSY_RETRY_SECONDS));
    expect(() => verifyPasswordHash("$argon2id$whatever", "also too many")).toThrow(Response);

    // Everything already in line still completes.
    expect(await Promise.all(accepted)).toHaveLength(capacity);
    expect(await verifyPasswordHash(await hashPassword("after the flood"), "after the flood")).toBe(true);
  });
});

describe("common passwords", () => {
  test("recognises well-known passwords whatever their case", () => {
    expect(isCommonPassword("password1234")).toBe(true);
    expect(isCommonPassword("qwertyuiop")).toBe(true);
    expect(isCommonPassword("QwertyUIOP")).toBe(true);
  });

  test("lets a long random phrase through", () => {
    expect(isCommonPassword("violet tractor whispers under 7 copper lanterns")).toBe(false);
  });
});
