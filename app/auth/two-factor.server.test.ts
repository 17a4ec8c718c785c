import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  confirmTwoFactorEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorEnrollment,
  verifyTwoFactorCode,
} from "~/auth/two-factor.server";
import { prisma } from "~/lib/db.server";
import { createUser } from "../../tests/factories";

/** The code an authenticator app shows for `secretBase32`, `offsetSeconds` from now (TOTP: 30-second steps). */
function authenticatorCode(secretBase32: string, offsetSeconds = 0) {
  const step = BigInt(Math.floor((Date.now() + offsetSeconds * 1000) / 30_000));
  return generateHOTP(decodeBase32IgnorePadding(secretBase32), step, 6);
}

/** A six-digit code that is valid in no window around now. */
function wrongCode(secretBase32: string) {
  const valid = new Set([-30, 0, 30].map((offset) => authenticatorCode(secretBase32, offset)));
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

const PASSWORD = "quartz-orchard-lantern-58";

async function startedEnrollment(email?: string) {
  const user = await createUser(prisma, { email, password: PASSWORD });
  const enrollment = await startTwoFactorEnrollment({ userId: user.id });
  if (!enrollment.ok) throw new Error(`enrollment did not start: ${enrollment.reason}`);
  return { user, enrollment };
}

async function enrolledUser({ codeOffsetSeconds = 0 } = {}) {
  const { user, enrollment } = await startedEnrollment();
  const { secretBase32 } = enrollment;
  const code = authenticatorCode(secretBase32, codeOffsetSeconds);
  const confirmation = await confirmTwoFactorEnrollment({ userId: user.id, password: PASSWORD, code });
  if (!confirmation.ok) throw new Error(`enrollment failed: ${confirmation.reason}`);
  return { user, secretBase32, recoveryCodes: confirmation.recoveryCodes };
}

async function isTwoFactorOn(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  return user.totpEnabledAt !== null;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("enrollment", () => {
  test("stores a pending secret, then a code from the app and the password turn two-factor on", async () => {
    const { user, enrollment } = await startedEnrollment("totp-enroll@test.bitgoeul.example");

    expect(enrollment.secretBase32).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Bitgoeul:totp-enroll%40test\.bitgoeul\.example\?/);
    expect(new URL(enrollment.otpauthUri).searchParams.get("secret")).toBe(enrollment.secretBase32);
    expect(enrollment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const pending = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { totpSecret: true, totpEnabledAt: true },
    });
    expect(pending).toEqual({ totpSecret: enrollment.secretBase32, totpEnabledAt: null });

    const wrong = { userId: user.id, password: PASSWORD, code: wrongCode(enrollment.secretBase32) };
    expect(await confirmTwoFactorEnrollment(wrong)).toEqual({ ok: false, reason: "codeInvalid" });
    const confirmation = await confirmTwoFactorEnrollment({
      userId: user.id,
      password: PASSWORD,
      code: authenticatorCode(enrollment.secretBase32),
    });
    expect(confirmation.ok).toBe(true);
    if (!confirmation.ok) return;
    expect(confirmation.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmation.recoveryCodes).size).toBe(10);
    for (const code of confirmation.recoveryCodes)
      expect(code).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{2}$/);

    const stored = await prisma.twoFactorRecoveryCode.findMany({
      where: { userId: user.id },
      select: { codeHash: true },
    });
    expect(stored).toHaveLength(10);
    for (const { codeHash } of stored) {
      expect(codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(confirmation.recoveryCodes.some((code) => codeHash.includes(code))).toBe(false);
    }
    expect(await isTwoFactorOn(user.id)).toBe(true);
  });

  test("a signed-in browser without the password cannot turn it on, even with the right code", async () => {
    const { user, enrollment } = await startedEnrollment();
    const confirmation = await confirmTwoFactorEnrollment({
      userId: user.id,
      password: "not-the-password-at-all",
      code: authenticatorCode(enrollment.secretBase32),
    });
    expect(confirmation).toEqual({ ok: false, reason: "currentPasswordWrong" });
    expect(await isTwoFactorOn(user.id)).toBe(false);
  });

  test("refuses to start again while two-factor is on, and to confirm what is no longer pending", async () => {
    const { user, secretBase32 } = await enrolledUser();
    expect(await startTwoFactorEnrollment({ userId: user.id })).toEqual({ ok: false, reason: "alreadyEnabled" });
    const again = { userId: user.id, password: PASSWORD, code: authenticatorCode(secretBase32, 30) };
    expect(await confirmTwoFactorEnrollment(again)).toEqual({ ok: false, reason: "noPendingEnrollment" });
  });

  test("guessing the confirmation code stops after ten wrong codes", async () => {
    const { user, enrollment } = await startedEnrollment();
    const wrong = { userId: user.id, password: PASSWORD, code: wrongCode(enrollment.secretBase32) };
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await confirmTwoFactorEnrollment(wrong), `guess ${attempt}`).toEqual({ ok: false, reason: "codeInvalid" });
    }
    const right = { userId: user.id, password: PASSWORD, code: authenticatorCode(enrollment.secretBase32) };
    expect(await confirmTwoFactorEnrollment(right)).toMatchObject({ ok: false, reason: "tooManyAttempts" });
    expect(await isTwoFactorOn(user.id)).toBe(false);
  });
});

describe("verifyTwoFactorCode", () => {
  test("accepts each time step's code once, never a step at or before the last one used", async () => {
    const { user, secretBase32 } = await enrolledUser();
    const verify = (offsetSeconds: number) =>
      verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32, offsetSeconds) });
    // Enrolment spent the current step's code.
    expect(await verify(0)).toEqual({ ok: false, reason: "codeInvalid" });
    expect(await verify(30)).toEqual({ ok: true, method: "totp" });
    expect((await verify(30)).ok).toBe(false);
    expect((await verify(-30)).ok).toBe(false);
    expect((await verifyTwoFactorCode({ userId: user.id, code: wrongCode(secretBase32) })).ok).toBe(false);
  });

  test("a code from the previous step is still accepted when no later one was used", async () => {
    // The middle of a 30-second step, held there: a step ending during the (slow, Argon2) enrolment
    // would make the previous step's code two steps old.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.floor(Date.now() / 30_000) * 30_000 + 15_000);
    const { user, secretBase32 } = await enrolledUser({ codeOffsetSeconds: -30 });
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32) })).ok).toBe(true);
  });

  test("of two concurrent log-ins with the same code, exactly one is accepted", async () => {
    const { user, secretBase32 } = await enrolledUser();
    const code = authenticatorCode(secretBase32, 30);
    const results = await Promise.all(Array.from({ length: 5 }, () => verifyTwoFactorCode({ userId: user.id, code })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  test("a recovery code works once only, typed in any case", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const [code] = recoveryCodes as [string];
    expect(await verifyTwoFactorCode({ userId: user.id, code: ` ${code.toUpperCase()} ` })).toEqual({
      ok: true,
      method: "recovery-code",
    });
    expect(await verifyTwoFactorCode({ userId: user.id, code })).toEqual({ ok: false, reason: "codeInvalid" });
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[1]! })).ok).toBe(true);
  });

  test("two simultaneous uses of one recovery code: only one succeeds", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[0]! })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  test("another user's recovery code is refused", async () => {
    const first = await enrolledUser();
    const second = await enrolledUser();
    expect((await verifyTwoFactorCode({ userId: second.user.id, code: first.recoveryCodes[0]! })).ok).toBe(false);
  });

  test("after ten wrong codes even a right one waits, and a right one before that clears the count", async () => {
    const { user, secretBase32, recoveryCodes } = await enrolledUser();
    const wrong = () => verifyTwoFactorCode({ userId: user.id, code: wrongCode(secretBase32) });
    for (let attempt = 1; attempt <= 9; attempt++) expect((await wrong()).ok).toBe(false);
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[0]! })).ok).toBe(true);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await wrong(), `guess ${attempt}`).toEqual({ ok: false, reason: "codeInvalid" });
    }
    const refused = await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[1]! });
    expect(refused).toMatchObject({ ok: false, reason: "tooManyAttempts" });
    // The refused attempt did not spend the recovery code.
    expect(await prisma.twoFactorRecoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
  });
});

describe("managing two-factor", () => {
  test("regenerating recovery codes needs the password and a code, and retires the old ones", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    expect(
      await regenerateRecoveryCodes({ userId: user.id, password: "wrong-password-x", code: recoveryCodes[0]! }),
    ).toEqual({ ok: false, reason: "currentPasswordWrong" });
    const regenerated = await regenerateRecoveryCodes({ userId: user.id, password: PASSWORD, code: recoveryCodes[0]! });
    if (!regenerated.ok) throw new Error(regenerated.reason);
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[1]! })).ok).toBe(false);
    expect((await verifyTwoFactorCode({ userId: user.id, code: regenerated.recoveryCodes[0]! })).ok).toBe(true);
  });

  test("disabling needs the password and a code, then clears the secret and the recovery codes", async () => {
    const { user, secretBase32, recoveryCodes } = await enrolledUser();
    expect(await disableTwoFactor({ userId: user.id, password: PASSWORD, code: wrongCode(secretBase32) })).toEqual({
      ok: false,
      reason: "codeInvalid",
    });
    expect(await isTwoFactorOn(user.id)).toBe(true);

    expect(await disableTwoFactor({ userId: user.id, password: PASSWORD, code: recoveryCodes[0]! })).toEqual({
      ok: true,
    });
    expect(
      await prisma.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { totpSecret: true, totpEnabledAt: true },
      }),
    ).toEqual({ totpSecret: null, totpEnabledAt: null });
    expect(await prisma.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32) })).ok).toBe(false);
    // A stale tab: turning off or regenerating what is already off is a refusal with a reason.
    const again = { userId: user.id, password: PASSWORD, code: recoveryCodes[1]! };
    expect(await disableTwoFactor(again)).toEqual({ ok: false, reason: "notEnabled" });
    expect(await regenerateRecoveryCodes(again)).toEqual({ ok: false, reason: "notEnabled" });
  });

  test("password guesses before a change stop after ten, whatever the code", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const guess = { userId: user.id, password: "a-wrong-guess-123", code: recoveryCodes[0]! };
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await disableTwoFactor(guess), `guess ${attempt}`).toEqual({ ok: false, reason: "currentPasswordWrong" });
    }
    const right = { userId: user.id, password: PASSWORD, code: recoveryCodes[0]! };
    expect(await disableTwoFactor(right)).toMatchObject({ ok: false, reason: "tooManyAttempts" });
    expect(await isTwoFactorOn(user.id)).toBe(true);
  });
});
