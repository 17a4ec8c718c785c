// Password reset by emailed link: a single-use token, stored only as its SHA-256, valid for an hour.
import { isCommonPassword } from "~/auth/password-policy.server";
import { hashPassword } from "~/auth/password.server";
// Reset tokens use the session token scheme: 160 random bits, stored hashed.
import { generateSessionToken, hashSessionToken } from "~/auth/session.server";
import { prisma } from "~/lib/db.server";
import { normalizeEmail } from "~/lib/email-address";
import { getMailT } from "~/lib/i18n.server";
import { defineRefusals } from "~/lib/refusal.server";
import { getLinkOrigin } from "~/lib/request.server";
import { consumeResetRequest } from "~/models/auth-rate-limit.server";
import { enqueueEmail } from "~/models/email-outbox.server";

export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Mails a reset link when an active account has this email; does nothing otherwise, so the
 * caller's answer is the same either way. Earlier unused links of the user stop working. Within the
 * limits per account (no mail flood) and per address.
 */
export async function requestPasswordReset({ email, ip }: { email: string; ip: string }) {
  const limit = await consumeResetRequest({ email, ip });
  if (!limit.ok) return limit;
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true, email: true, name: true, locale: true, deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) return { ok: true } as const;
  const token = generateSessionToken();
  const link = `${getLinkOrigin()}/reset-password/${token}`;
  const t = await getMailT(user.locale);
  await prisma.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.passwordResetToken.create({
      data: { id: hashSessionToken(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TOKEN_LIFETIME_MS) },
    });
    await enqueueEmail({
      db: tx,
      to: user.email,
      subject: t("resetPassword.subject"),
      text: t("resetPassword.body", { name: user.name, link }),
    });
  });
  return { ok: true } as const;
}

/** Whether the token is unused and unexpired (for showing the form or an "expired link" page). */
export async function isResetTokenValid({ token }: { token: string }) {
  const found = await prisma.passwordResetToken.findFirst({
    where: { id: hashSessionToken(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return found !== null;
}

export const RESET_PASSWORD_REFUSALS = defineRefusals({
  linkInvalid: { status: 410, messageKey: "auth.resetLinkInvalid" },
  passwordCommon: { status: 400, messageKey: "validation.passwordCommon", field: "password" },
});

/**
 * Sets a new password with the token and ends all the user's sessions. The token is checked before
 * any hashing, so a bad link costs no Argon2 work, and claimed with a conditional update, so two
 * submits at once cannot both use it.
 */
export async function resetPasswordWithToken({
  token,
  password,
}: {
  token: string;
  password: string;
}): Promise<{ ok: true } | { ok: false; reason: keyof typeof RESET_PASSWORD_REFUSALS }> {
  if (!(await isResetTokenValid({ token }))) return { ok: false, reason: "linkInvalid" };
  if (isCommonPassword(password)) return { ok: false, reason: "passwordCommon" };
  const passwordHash = await hashPassword(password);
  const tokenId = hashSessionToken(token);
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: tokenId, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return { ok: false, reason: "linkInvalid" };
    const { userId } = await tx.passwordResetToken.findUniqueOrThrow({
      where: { id: tokenId },
      select: { userId: true },
    });
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.session.deleteMany({ where: { userId } });
    return { ok: true };
  });
}
