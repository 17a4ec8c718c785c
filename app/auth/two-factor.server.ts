import { createHash, getRandomValues } from "node:crypto";
import { generateRandomString, type RandomReader } from "@oslojs/crypto/random";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { startUserSecretCheck, userSecretCheckSucceeded } from "~/models/auth-rate-limit.server";
import { RATE_LIMIT_REFUSALS, type TooManyAttempts } from "~/models/rate-limit.server";
import { checkCurrentPassword, CURRENT_PASSWORD_REFUSALS } from "~/models/user.server";

const TOTP_ISSUER = "Bitgoeul";
const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const TOTP_SECRET_BYTES = 20;

const RECOVERY_CODE_COUNT = 10;
// No 0/o or 1/i/l, so a code read off paper is typed right; 31^10 ≈ 2^49 per code.
const RECOVERY_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_CODE_LENGTH = 10;

/** Why a two-factor change or check was refused. */
export const TWO_FACTOR_REFUSALS = defineRefusals({
  ...RATE_LIMIT_REFUSALS,
  alreadyEnabled: { status: 409, messageKey: "settings.twoFactorAlreadyOn" },
  notEnabled: { status: 409, messageKey: "settings.twoFactorAlreadyOff" },
  noPendingEnrollment: { status: 409, messageKey: "settings.twoFactorNoPending" },
  codeInvalid: { status: 400, messageKey: "validation.codeInvalid", field: "code" },
  currentPasswordWrong: CURRENT_PASSWORD_REFUSALS.currentPasswordWrong,
});
type Refusal<Reason extends keyof typeof TWO_FACTOR_REFUSALS> = { ok: false; reason: Reason };

/** A change to a user's two-factor set-up, with the password and code that must come with it. */
type TwoFactorChange = { userId: string; password: string; code: string };

const cryptoRandom: RandomReader = { read: (bytes) => getRandomValues(bytes) };

/**
 * Gives the user a new TOTP secret, stored but not active until confirmed (with a code from the app
 * and the password). Starting again before confirming replaces the pending secret.
 */
export async function startTwoFactorEnrollment({
  userId,
}: {
  userId: string;
}): Promise<({ ok: true } & Enrollment) | Refusal<"alreadyEnabled">> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, totpEnabledAt: true },
  });
  // Re-enrolling would silently swap the secret of an active second factor.
  if (user.totpEnabledAt) return { ok: false, reason: "alreadyEnabled" };

  const key = getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
  const secretBase32 = encodeBase32UpperCaseNoPadding(key);
  const { count } = await prisma.user.updateMany({
    where: { id: userId, totpEnabledAt: null },
    data: { totpSecret: secretBase32 },
  });
  if (count === 0) return { ok: false, reason: "alreadyEnabled" };

  return { ok: true, ...(await describeEnrollment({ email: user.email, secretBase32 })) };
}

/** The pending (not yet confirmed) enrollment, shown again after a wrong confirmation code. */
export async function getPendingTwoFactorEnrollment({ userId }: { userId: string }) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { email: true, totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || user.totpEnabledAt) return null;
  return describeEnrollment({ email: user.email, secretBase32: user.totpSecret });
}

type Enrollment = { otpauthUri: string; qrSvg: string; secretBase32: string };

async function describeEnrollment({
  email,
  secretBase32,
}: {
  email: string;
  secretBase32: string;
}): Promise<Enrollment> {
  const key = decodeBase32IgnorePadding(secretBase32);
  const otpauthUri = createTOTPKeyURI(TOTP_ISSUER, email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { otpauthUri, qrSvg, secretBase32 };
}

/**
 * Turns two-factor on when the password is right and `code` matches the pending secret, and returns
 * ten recovery codes to show the user once (only their hashes are kept). The password is asked here,
 * where the change happens, so a borrowed signed-in browser cannot turn two-factor on and lock the
 * owner out.
 */
export async function confirmTwoFactorEnrollment({
  userId,
  password,
  code,
}: TwoFactorChange): Promise<
  | { ok: true; recoveryCodes: string[] }
  | Refusal<"noPendingEnrollment" | "codeInvalid" | "currentPasswordWrong">
  | TooManyAttempts
> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user.totpSecret || user.totpEnabledAt) return { ok: false, reason: "noPendingEnrollment" };
  const passwordCheck = await checkCurrentPassword({ userId, password });
  if (!passwordCheck.ok) return passwordCheck;
  const target = { check: "twoFactor" as const, userId };
  const limit = await startUserSecretCheck(target);
  if (!limit.ok) return limit;
  const step = matchingTotpStep({ secret: user.totpSecret, code });
  if (step === null) return { ok: false, reason: "codeInvalid" };

  const recoveryCodes = generateRecoveryCodes();
  const isConfirmed = await prisma.$transaction(async (tx) => {
    // Conditional on the secret just checked, in case another request replaced it meanwhile. The
    // confirming code is spent: it cannot then be replayed to log in.
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpSecret: user.totpSecret, totpEnabledAt: null },
      data: { totpEnabledAt: new Date(), totpLastUsedStep: step },
    });
    if (count === 0) return false;
    await writeRecoveryCodes({ tx, userId, recoveryCodes });
    return true;
  });
  if (!isConfirmed) return { ok: false, reason: "noPendingEnrollment" };
  await userSecretCheckSucceeded(target);
  return { ok: true, recoveryCodes };
}

/**
 * Checks the second factor (at log-in, and before changing it): a current TOTP code, or an unused
 * recovery code, which is used up by this call. Wrong codes count against the user's limit.
 */
export async function verifyTwoFactorCode({
  userId,
  code,
}: {
  userId: string;
  code: string;
}): Promise<{ ok: true; method: "totp" | "recovery-code" } | Refusal<"codeInvalid"> | TooManyAttempts> {
  const target = { check: "twoFactor" as const, userId };
  const limit = await startUserSecretCheck(target);
  if (!limit.ok) return limit;
  const method = await matchTwoFactorCode({ userId, code });
  if (!method) return { ok: false, reason: "codeInvalid" };
  await userSecretCheckSucceeded(target);
  return { ok: true, method };
}

async function matchTwoFactorCode({ userId, code }: { userId: string; code: string }) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt) return null;

  const step = matchingTotpStep({ secret: user.totpSecret, code });
  if (step !== null) {
    // Accept each time step once (RFC 6238, section 5.2): one conditional UPDATE, so of two
    // concurrent uses of the same code only one matches.
    const { count } = await prisma.user.updateMany({
      where: {
        id: userId,
        totpSecret: user.totpSecret,
        OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }],
      },
      data: { totpLastUsedStep: step },
    });
    return count === 1 ? "totp" : null;
  }

  const recoveryCode = normalizeRecoveryCode(code);
  if (!recoveryCode) return null;
  // One conditional UPDATE is atomic: of two concurrent uses of the same code only one matches.
  const { count } = await prisma.twoFactorRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(recoveryCode), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1 ? "recovery-code" : null;
}

/**
 * The checks before turning two-factor off or replacing recovery codes: two-factor is on, the
 * password is right, and so is a current code.
 */
async function checkTwoFactorChange({ userId, password, code }: TwoFactorChange) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (!user.totpEnabledAt) return { ok: false, reason: "notEnabled" } as const;
  const passwordCheck = await checkCurrentPassword({ userId, password });
  if (!passwordCheck.ok) return passwordCheck;
  return verifyTwoFactorCode({ userId, code });
}

/** Turns two-factor off, forgetting the secret and every recovery code, once the checks pass. */
export async function disableTwoFactor({ userId, password, code }: TwoFactorChange) {
  const check = await checkTwoFactorChange({ userId, password, code });
  if (!check.ok) return check;
  await prisma.$transaction([
    prisma.user.updateMany({
      where: { id: userId },
      data: { totpSecret: null, totpEnabledAt: null, totpLastUsedStep: null },
    }),
    prisma.twoFactorRecoveryCode.deleteMany({ where: { userId } }),
  ]);
  return { ok: true } as const;
}

/** Replaces all recovery codes with ten new ones, returned once, once the checks pass; the old ones stop working. */
export async function regenerateRecoveryCodes({ userId, password, code }: TwoFactorChange) {
  const check = await checkTwoFactorChange({ userId, password, code });
  if (!check.ok) return check;
  const recoveryCodes = generateRecoveryCodes();
  await prisma.$transaction(async (tx) => writeRecoveryCodes({ tx, userId, recoveryCodes }));
  return { ok: true, recoveryCodes } as const;
}

/**
 * The 30-second time step whose code `code` is, among the current step and one either side (a code
 * typed as it rolls over, or a phone clock a little off), or null.
 */
function matchingTotpStep({ secret, code, now = Date.now() }: { secret: string; code: string; now?: number }) {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const currentStep = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  for (const step of [currentStep - 1, currentStep, currentStep + 1]) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, digits)) return step;
  }
  return null;
}

/** Codes shaped like `xxxx-xxxx-xx`. */
function generateRecoveryCodes() {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = generateRandomString(cryptoRandom, RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LENGTH);
    return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
  });
}

/** The code without dashes, spaces or case, or null if it cannot be a recovery code. */
function normalizeRecoveryCode(code: string) {
  const normalized = code.replace(/[\s-]/g, "").toLowerCase();
  return normalized.length === RECOVERY_CODE_LENGTH &&
    [...normalized].every((char) => RECOVERY_CODE_ALPHABET.includes(char))
    ? normalized
    : null;
}

// Recovery codes carry ~49 random bits each, so a fast unsalted hash suffices: there is no
// dictionary to try, and the per-user unique index needs a deterministic value to look up.
function hashRecoveryCode(normalizedCode: string) {
  return createHash("sha256").update(normalizedCode).digest("hex");
}

async function writeRecoveryCodes({
  tx,
  userId,
  recoveryCodes,
}: {
  tx: Prisma.TransactionClient;
  userId: string;
  recoveryCodes: string[];
}) {
  await tx.twoFactorRecoveryCode.deleteMany({ where: { userId } });
  await tx.twoFactorRecoveryCode.createMany({
    data: recoveryCodes.map((code) => ({ userId, codeHash: hashRecoveryCode(code.replaceAll("-", "")) })),
  });
}
