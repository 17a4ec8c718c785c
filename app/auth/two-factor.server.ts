import { createHash, getRandomValues } from "node:crypto";
import { generateRandomString, type RandomReader } from "@oslojs/crypto/random";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";

const TOTP_ISSUER = "Bitgoeul";
const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
const TOTP_SECRET_BYTES = 20;

const RECOVERY_CODE_COUNT = 10;
// No 0/o or 1/i/l, so a code read off paper is typed right; 31^10 ≈ 2^49 per code.
const RECOVERY_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_CODE_LENGTH = 10;

export type TwoFactorErrorCode = "USER_NOT_FOUND" | "ALREADY_ENABLED" | "NOT_ENABLED" | "NO_PENDING_ENROLLMENT";

/** An expected refusal; routes map `code` to a message or an HTTP status. */
export class TwoFactorError extends Error {
  constructor(readonly code: TwoFactorErrorCode) {
    super(`Two-factor: ${code}`);
    this.name = "TwoFactorError";
  }
}

const cryptoRandom: RandomReader = { read: (bytes) => getRandomValues(bytes) };

/**
 * Gives the user a new TOTP secret, stored but not active until confirmed with a code from the
 * app. Starting again before confirming replaces the pending secret.
 */
export async function startTwoFactorEnrollment({ userId }: { userId: string }) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (!user) throw new TwoFactorError("USER_NOT_FOUND");
  // Re-enrolling would silently swap the secret of an active second factor.
  if (user.totpEnabledAt) throw new TwoFactorError("ALREADY_ENABLED");

  const key = getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
  const secretBase32 = encodeBase32UpperCaseNoPadding(key);
  const { count } = await prisma.user.updateMany({
    where: { id: userId, totpEnabledAt: null },
    data: { totpSecret: secretBase32 },
  });
  if (count === 0) throw new TwoFactorError("ALREADY_ENABLED");

  return describeEnrollment({ email: user.email, secretBase32 });
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

async function describeEnrollment({ email, secretBase32 }: { email: string; secretBase32: string }) {
  const key = decodeBase32IgnorePadding(secretBase32);
  const otpauthUri = createTOTPKeyURI(TOTP_ISSUER, email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { otpauthUri, qrSvg, secretBase32 };
}

/**
 * Turns two-factor on when `code` matches the pending secret, and returns ten recovery codes to
 * show the user once (only their hashes are kept).
 */
export async function confirmTwoFactorEnrollment({
  userId,
  code,
}: {
  userId: string;
  code: string;
}): Promise<{ isConfirmed: false } | { isConfirmed: true; recoveryCodes: string[] }> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || user.totpEnabledAt) throw new TwoFactorError("NO_PENDING_ENROLLMENT");
  const step = matchingTotpStep({ secret: user.totpSecret, code });
  if (step === null) return { isConfirmed: false };

  const recoveryCodes = generateRecoveryCodes();
  await prisma.$transaction(async (tx) => {
    // Conditional on the secret just checked, in case another request replaced it meanwhile. The
    // confirming code is spent: it cannot then be replayed to log in.
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpSecret: user.totpSecret, totpEnabledAt: null },
      data: { totpEnabledAt: new Date(), totpLastUsedStep: step },
    });
    if (count === 0) throw new TwoFactorError("NO_PENDING_ENROLLMENT");
    await replaceRecoveryCodes({ tx, userId, recoveryCodes });
  });
  return { isConfirmed: true, recoveryCodes };
}

/**
 * Checks the second factor at log-in: a current TOTP code, or an unused recovery code, which is
 * used up by this call.
 */
export async function verifyTwoFactorCode({
  userId,
  code,
}: {
  userId: string;
  code: string;
}): Promise<{ isValid: false } | { isValid: true; method: "totp" | "recovery-code" }> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt) return { isValid: false };

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
    return count === 1 ? { isValid: true, method: "totp" } : { isValid: false };
  }

  const recoveryCode = normalizeRecoveryCode(code);
  if (!recoveryCode) return { isValid: false };
  // One conditional UPDATE is atomic: of two concurrent uses of the same code only one matches.
  const { count } = await prisma.twoFactorRecoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(recoveryCode), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1 ? { isValid: true, method: "recovery-code" } : { isValid: false };
}

/** Turns two-factor off: forgets the secret and every recovery code. */
export async function disableTwoFactor({ userId }: { userId: string }) {
  await prisma.$transaction([
    prisma.user.updateMany({
      where: { id: userId },
      data: { totpSecret: null, totpEnabledAt: null, totpLastUsedStep: null },
    }),
    prisma.twoFactorRecoveryCode.deleteMany({ where: { userId } }),
  ]);
}

/** Replaces all recovery codes with ten new ones, returned once; the old ones stop working. */
export async function regenerateRecoveryCodes({ userId }: { userId: string }) {
  const recoveryCodes = generateRecoveryCodes();
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
    if (!user?.totpEnabledAt) throw new TwoFactorError("NOT_ENABLED");
    await replaceRecoveryCodes({ tx, userId, recoveryCodes });
  });
  return { recoveryCodes };
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

async function replaceRecoveryCodes({
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
