// Password reset by emailed link: a single-use token, stored only as its SHA-256, valid for an hour.
import { hashPassword } from "~/auth/password.server";
// Reset tokens use the session token scheme: 160 random bits, stored hashed.
import { generateSessionToken, hashSessionToken } from "~/auth/session.server";
import { prisma } from "~/lib/db.server";
import { getFixedT } from "~/lib/i18n.server";
import { enqueueEmail } from "~/models/email-outbox.server";

export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Mails a reset link when an active account has this email; does nothing otherwise, so the
 * caller's answer is the same either way. Earlier unused links of the user stop working.
 */
export async function requestPasswordReset({ email, appOrigin }: { email: string; appOrigin: string }) {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, locale: true, deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) return;
  const token = generateSessionToken();
  const link = `${appOrigin}/reset-password/${token}`;
  const t = await getFixedT(user.locale);
  await prisma.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.passwordResetToken.create({
      data: { id: hashSessionToken(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TOKEN_LIFETIME_MS) },
    });
    await enqueueEmail({
      db: tx,
      to: user.email,
      subject: t("mail.resetPassword.subject"),
      text: t("mail.resetPassword.body", { name: user.name, link }),
    });
  });
}

/** Whether the token is unused and unexpired (for showing the form or an "expired link" page). */
export async function isResetTokenValid({ token }: { token: string }) {
  const found = await prisma.passwordResetToken.findFirst({
    where: { id: hashSessionToken(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return found !== null;
}

/**
 * Sets a new password with the token and ends all the user's sessions. The token is claimed with a
 * conditional update, so two submits at once cannot both use it. Returns false for a bad token.
 */
export async function resetPasswordWithToken({ token, password }: { token: string; password: string }) {
  const passwordHash = await hashPassword(password);
  const tokenId = hashSessionToken(token);
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: tokenId, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return false;
    const { userId } = await tx.passwordResetToken.findUniqueOrThrow({
      where: { id: tokenId },
      select: { userId: true },
    });
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
    await tx.session.deleteMany({ where: { userId } });
    return true;
  });
}
