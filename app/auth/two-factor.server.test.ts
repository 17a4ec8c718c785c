import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  TwoFactorError,
  confirmTwoFactorEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorEnrollment,
  verifyTwoFactorCode,
} from "~/auth/two-factor.server";
import { prisma } from "~/lib/db.server";
import { createUser } from "../../tests/factories";

/** The code an authenticator app shows for `secretBase32`, `offsetSeconds` from now. */
function authenticatorCode(secretBase32: string, offsetSeconds = 0) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetSeconds * 1000 });
  try {
    return generateTOTP(decodeBase32IgnorePadding(secretBase32), 30, 6);
  } finally {
    vi.useRealTimers();
  }
}

/** A six-digit code that is valid in no window around now. */
function wrongCode(secretBase32: string) {
  const valid = new Set([-30, 0, 30].map((offset) => authenticatorCode(secretBase32, offset)));
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

async function enrolledUser() {
  const user = await createUser(prisma);
  const { secretBase32 } = await startTwoFactorEnrollment({ userId: user.id });
  const confirmation = await confirmTwoFactorEnrollment({ userId: user.id, code: authenticatorCode(secretBase32) });
  if (!confirmation.isConfirmed) throw new Error("enrollment failed");
  return { user, secretBase32, recoveryCodes: confirmation.recoveryCodes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("enrollment", () => {
  test("stores a pending secret, then a code from the app turns two-factor on", async () => {
    const user = await createUser(prisma, { email: "totp-enroll@test.bitgoeul.example" });
    const enrollment = await startTwoFactorEnrollment({ userId: user.id });

    expect(enrollment.secretBase32).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Bitgoeul:totp-enroll%40test\.bitgoeul\.example\?/);
    expect(new URL(enrollment.otpauthUri).searchParams.get("secret")).toBe(enrollment.secretBase32);
    expect(enrollment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const pending = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { totpSecret: true, totpEnabledAt: true },
    });
    expect(pending).toEqual({ totpSecret: enrollment.secretBase32, totpEnabledAt: null });

    expect(await confirmTwoFactorEnrollment({ userId: user.id, code: wrongCode(enrollment.secretBase32) })).toEqual({
      isConfirmed: false,
    });
    const confirmation = await confirmTwoFactorEnrollment({
      userId: user.id,
      code: authenticatorCode(enrollment.secretBase32),
    });
    expect(confirmation.isConfirmed).toBe(true);
    if (!confirmation.isConfirmed) return;
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
    expect(
      (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } })).totpEnabledAt,
    ).toBeInstanceOf(Date);
  });

  test("refuses to start again while two-factor is on", async () => {
    const { user } = await enrolledUser();
    await expect(startTwoFactorEnrollment({ userId: user.id })).rejects.toThrow(TwoFactorError);
  });
});

describe("verifyTwoFactorCode", () => {
  test("accepts each time step's code once, never a step at or before the last one used", async () => {
    const { user, secretBase32 } = await enrolledUser();
    // Enrolment spent the current step's code.
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32) })).isValid).toBe(false);
    expect(await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32, 30) })).toEqual({
      isValid: true,
      method: "totp",
    });
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32, 30) })).isValid).toBe(
      false,
    );
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32, -30) })).isValid).toBe(
      false,
    );
    expect((await verifyTwoFactorCode({ userId: user.id, code: wrongCode(secretBase32) })).isValid).toBe(false);
  });

  test("a code from the previous step is still accepted when no later one was used", async () => {
    const user = await createUser(prisma);
    const { secretBase32 } = await startTwoFactorEnrollment({ userId: user.id });
    await confirmTwoFactorEnrollment({ userId: user.id, code: authenticatorCode(secretBase32, -30) });
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32) })).isValid).toBe(true);
  });

  test("of two concurrent log-ins with the same code, exactly one is accepted", async () => {
    const { user, secretBase32 } = await enrolledUser();
    const code = authenticatorCode(secretBase32, 30);
    const results = await Promise.all(Array.from({ length: 5 }, () => verifyTwoFactorCode({ userId: user.id, code })));
    expect(results.filter((result) => result.isValid)).toHaveLength(1);
  });

  test("a recovery code works once only, typed in any case", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const [code] = recoveryCodes as [string];
    expect(await verifyTwoFactorCode({ userId: user.id, code: ` ${code.toUpperCase()} ` })).toEqual({
      isValid: true,
      method: "recovery-code",
    });
    expect(await verifyTwoFactorCode({ userId: user.id, code })).toEqual({ isValid: false });
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[1]! })).isValid).toBe(true);
  });

  test("two simultaneous uses of one recovery code: only one succeeds", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[0]! })),
    );
    expect(results.filter((result) => result.isValid)).toHaveLength(1);
  });

  test("another user's recovery code is refused", async () => {
    const first = await enrolledUser();
    const second = await enrolledUser();
    expect((await verifyTwoFactorCode({ userId: second.user.id, code: first.recoveryCodes[0]! })).isValid).toBe(false);
  });
});

describe("managing two-factor", () => {
  test("regenerating recovery codes retires the old ones", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes({ userId: user.id });
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[0]! })).isValid).toBe(false);
    expect((await verifyTwoFactorCode({ userId: user.id, code: fresh[0]! })).isValid).toBe(true);
  });

  test("disabling clears the secret and the recovery codes", async () => {
    const { user, secretBase32, recoveryCodes } = await enrolledUser();
    await disableTwoFactor({ userId: user.id });

    expect(
      await prisma.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { totpSecret: true, totpEnabledAt: true },
      }),
    ).toEqual({
      totpSecret: null,
      totpEnabledAt: null,
    });
    expect(await prisma.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await verifyTwoFactorCode({ userId: user.id, code: authenticatorCode(secretBase32) })).isValid).toBe(false);
    expect((await verifyTwoFactorCode({ userId: user.id, code: recoveryCodes[0]! })).isValid).toBe(false);
    await expect(regenerateRecoveryCodes({ userId: user.id })).rejects.toThrow(TwoFactorError);
  });
});
