// Accounts: sign-up, log-in checks, profile and password changes, and admin user management.
import { hashPassword, passwordNeedsRehash, verifyPasswordHash } from "~/auth/password.server";
import type { Locale, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { recordAuditEvent } from "~/models/audit-log.server";

export class EmailTakenError extends Error {}

// Verifying against a real-looking hash when the email is unknown keeps the response time the same,
// so timing does not tell whether an account exists.
let dummyPasswordHash: Promise<string> | undefined;
function getDummyPasswordHash() {
  return (dummyPasswordHash ??= hashPassword("bitgoeul-timing-equaliser"));
}

/** Creates a learner account; throws EmailTakenError when the email is registered already. */
export async function createLearnerAccount({
  name,
  email,
  password,
  locale,
}: {
  name: string;
  email: string;
  password: string;
  locale: Locale;
}) {
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.user.create({
      data: { name, email: email.trim().toLowerCase(), passwordHash, locale, role: "LEARNER" },
      select: { id: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
    throw error;
  }
}

/**
 * The active user with this email and password, or null, without revealing which part was wrong.
 * A hash made with older Argon2 parameters is replaced with one made with the current ones.
 */
export async function verifyLogin({ email, password }: { email: string; password: string }) {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, deactivatedAt: true, totpEnabledAt: true },
  });
  if (!user?.passwordHash) {
    await verifyPasswordHash(await getDummyPasswordHash(), password);
    return null;
  }
  if (!(await verifyPasswordHash(user.passwordHash, password)) || user.deactivatedAt) return null;
  if (passwordNeedsRehash(user.passwordHash)) {
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, hasTwoFactor: user.totpEnabledAt !== null };
}

export async function getAccountSettings({ userId }: { userId: string }) {
  return prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, name: true, email: true, locale: true, totpEnabledAt: true },
  });
}

export async function updateProfile({ userId, name, locale }: { userId: string; name: string; locale: Locale }) {
  await prisma.user.update({ where: { id: userId }, data: { name, locale }, select: { id: true } });
}

export async function updateLocale({ userId, locale }: { userId: string; locale: Locale }) {
  await prisma.user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
}

/**
 * Changes the password when `currentPassword` is right, and ends every other session of the user.
 * Returns false when the current password is wrong.
 */
export async function changePassword({
  userId,
  currentSessionId,
  currentPassword,
  newPassword,
}: {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
}) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPasswordHash(user.passwordHash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } }),
    prisma.session.deleteMany({ where: { userId, id: { not: currentSessionId } } }),
    // A reset link asked for before the change must not undo it.
    prisma.passwordResetToken.deleteMany({ where: { userId, usedAt: null } }),
  ]);
  return true;
}

// ───────────────────────────── Admin user management ─────────────────────────────

const USERS_PAGE_SIZE = 25;

export async function searchUsers({ query, page }: { query: string; page: number }) {
  const where: Prisma.UserWhereInput = query
    ? {
        OR: [{ email: { contains: query, mode: "insensitive" } }, { name: { contains: query, mode: "insensitive" } }],
      }
    : {};
  const [users, total] = await prisma.$transaction([
    prisma.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: { id: true, name: true, email: true, role: true, deactivatedAt: true, createdAt: true },
    }),
    prisma.user.count({ where }),
  ]);
  return { users, total, pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) };
}

export async function getUserForAdmin({ userId }: { userId: string }) {
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      locale: true,
      deactivatedAt: true,
      totpEnabledAt: true,
      createdAt: true,
      _count: { select: { sessions: true, enrollments: true } },
    },
  });
}

export class SelfLockoutError extends Error {}

/** Changes a user's role, recording who did it; an admin cannot demote themself. */
export async function changeUserRole({
  actorId,
  userId,
  role,
  ipAddress,
}: {
  actorId: string;
  userId: string;
  role: Role;
  ipAddress?: string;
}) {
  if (actorId === userId) throw new SelfLockoutError();
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
    if (before.role === role) return;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuditEvent({
      db: tx,
      actorId,
      action: "user.role-changed",
      entityType: "User",
      entityId: userId,
      data: { from: before.role, to: role },
      ipAddress,
    });
  });
}

/** Deactivates (ending all of the user's sessions) or reactivates a user, recording who did it. */
export async function setUserDeactivated({
  actorId,
  userId,
  isDeactivated,
  ipAddress,
}: {
  actorId: string;
  userId: string;
  isDeactivated: boolean;
  ipAddress?: string;
}) {
  if (actorId === userId) throw new SelfLockoutError();
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { deactivatedAt: true } });
    if ((user.deactivatedAt !== null) === isDeactivated) return;
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: isDeactivated ? new Date() : null } });
    if (isDeactivated) await tx.session.deleteMany({ where: { userId } });
    await recordAuditEvent({
      db: tx,
      actorId,
      action: isDeactivated ? "user.deactivated" : "user.reactivated",
      entityType: "User",
      entityId: userId,
      ipAddress,
    });
  });
}
