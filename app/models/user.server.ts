// Accounts: sign-up, log-in checks, profile and password changes, and admin user management.
import { isCommonPassword } from "~/auth/password-policy.server";
import { can } from "~/auth/permissions";
import { hashPassword, passwordNeedsRehash, verifyPasswordHash } from "~/auth/password.server";
import type { Locale, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { normalizeEmail } from "~/lib/email-address";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { recordAuditEvent } from "~/models/audit-log.server";
import {
  cancelLoginAttempt,
  consumeSignUpAttempt,
  loginSucceeded,
  startLoginAttempt,
  startUserSecretCheck,
  userSecretCheckSucceeded,
} from "~/models/auth-rate-limit.server";
import { RATE_LIMIT_REFUSALS, type TooManyAttempts } from "~/models/rate-limit.server";

// Verifying against a real-looking hash when the email is unknown keeps the response time the same,
// so timing does not tell whether an account exists.
let dummyPasswordHash: Promise<string> | undefined;
function getDummyPasswordHash() {
  return (dummyPasswordHash ??= hashPassword("bitgoeul-timing-equaliser"));
}

export const CREATE_ACCOUNT_REFUSALS = defineRefusals({
  emailTaken: { status: 409, messageKey: "validation.emailTaken", field: "email" },
  passwordCommon: { status: 400, messageKey: "validation.passwordCommon", field: "password" },
});
export const SIGN_UP_REFUSALS = { ...CREATE_ACCOUNT_REFUSALS, ...RATE_LIMIT_REFUSALS };
export const LOG_IN_REFUSALS = defineRefusals({
  ...RATE_LIMIT_REFUSALS,
  invalidCredentials: { status: 400, messageKey: "auth.invalidCredentials" },
});
export const CURRENT_PASSWORD_REFUSALS = defineRefusals({
  ...RATE_LIMIT_REFUSALS,
  currentPasswordWrong: { status: 400, messageKey: "validation.currentPasswordWrong", field: "currentPassword" },
});
export const CHANGE_PASSWORD_REFUSALS = defineRefusals({
  ...CURRENT_PASSWORD_REFUSALS,
  passwordCommon: CREATE_ACCOUNT_REFUSALS.passwordCommon,
});

/** Creates an account with a role; refuses a registered email or a commonly used password. */
export async function createUserAccount({
  name,
  email,
  password,
  locale,
  role,
}: {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  role: Role;
}): Promise<{ ok: true; userId: string } | { ok: false; reason: keyof typeof CREATE_ACCOUNT_REFUSALS }> {
  if (isCommonPassword(password)) return { ok: false, reason: "passwordCommon" };
  const passwordHash = await hashPassword(password);
  try {
    const user = await prisma.user.create({
      data: { name, email: normalizeEmail(email), passwordHash, locale, role },
      select: { id: true },
    });
    return { ok: true, userId: user.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "emailTaken" };
    }
    throw error;
  }
}

/** Sign-up from the public form: a learner account, within the per-address sign-up limit. */
export async function signUpLearner({
  name,
  email,
  password,
  locale,
  ip,
}: {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  ip: string;
}) {
  const limit = await consumeSignUpAttempt({ ip });
  if (!limit.ok) return limit;
  return createUserAccount({ name, email, password, locale, role: "LEARNER" });
}

/**
 * The active user with this email and password, or null, without revealing which part was wrong.
 * A hash made with older Argon2 parameters is replaced with one made with the current ones.
 */
export async function verifyLogin({ email, password }: { email: string; password: string }) {
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(email) },
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

/**
 * A log-in attempt from the form: within the limits on failures (see auth-rate-limit.server.ts),
 * the user when the email and password are right.
 */
export async function attemptLogIn({
  email,
  password,
  ip,
}: {
  email: string;
  password: string;
  ip: string;
}): Promise<
  | { ok: true; user: { id: string; hasTwoFactor: boolean } }
  | { ok: false; reason: "invalidCredentials" }
  | TooManyAttempts
> {
  const limit = await startLoginAttempt({ email, ip });
  if (!limit.ok) return limit;
  let user: Awaited<ReturnType<typeof verifyLogin>>;
  try {
    user = await verifyLogin({ email, password });
  } catch (error) {
    // Turned away unchecked (the server was too busy to hash): not a failure of the person's.
    await cancelLoginAttempt({ email, ip });
    throw error;
  }
  if (!user) return { ok: false, reason: "invalidCredentials" };
  await loginSucceeded({ email, ip });
  return { ok: true, user };
}

/**
 * Checks a signed-in user's current password before a sensitive change, within the per-user limit
 * on wrong guesses, so a borrowed signed-in browser cannot make them.
 */
export async function checkCurrentPassword({
  userId,
  password,
}: {
  userId: string;
  password: string;
}): Promise<{ ok: true } | { ok: false; reason: "currentPasswordWrong" } | TooManyAttempts> {
  const target = { check: "passwordCheck" as const, userId };
  const limit = await startUserSecretCheck(target);
  if (!limit.ok) return limit;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPasswordHash(user.passwordHash, password))) {
    return { ok: false, reason: "currentPasswordWrong" };
  }
  await userSecretCheckSucceeded(target);
  return { ok: true };
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
 * Changes the password when `currentPassword` is right and the new one is not a common one, and
 * ends every other session of the user.
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
  if (isCommonPassword(newPassword)) return { ok: false, reason: "passwordCommon" } as const;
  const check = await checkCurrentPassword({ userId, password: currentPassword });
  if (!check.ok) return check;
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } }),
    prisma.session.deleteMany({ where: { userId, id: { not: currentSessionId } } }),
    // A reset link asked for before the change must not undo it.
    prisma.passwordResetToken.deleteMany({ where: { userId, usedAt: null } }),
  ]);
  return { ok: true } as const;
}

// ───────────────────────────── Admin user management ─────────────────────────────

const USERS_PAGE_SIZE = 25;

export async function searchUsers({ query, page }: { query: string; page: number }) {
  const where: Prisma.UserWhereInput = query
    ? {
        OR: [{ email: { contains: query, mode: "insensitive" } }, { name: { contains: query, mode: "insensitive" } }],
      }
    : {};
  const pageSize = USERS_PAGE_SIZE;
  const [users, totalCount] = await prisma.$transaction([
    prisma.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow({ page, pageSize }),
      select: { id: true, name: true, email: true, role: true, deactivatedAt: true, createdAt: true },
    }),
    prisma.user.count({ where }),
  ]);
  return toPaged(users, { page, pageSize, totalCount });
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
      studentNumber: true,
      degreeTrackId: true,
      _count: { select: { sessions: true, enrollments: true } },
    },
  });
}

export const MANAGE_USER_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  userNotFound: { status: 404, messageKey: "error.notFound" },
  cannotChangeSelf: { status: 400, messageKey: "admin.cannotChangeSelf" },
});

type ManageUserRefusal = { ok: false; reason: keyof typeof MANAGE_USER_REFUSALS };

/** Who manages a user, as far as the checks care: the acting admin and where they act from. */
type UserManager = { actor: { id: string; role: Role }; ipAddress?: string };

function checkManageUser({ actor, userId }: { actor: UserManager["actor"]; userId: string }): ManageUserRefusal | null {
  if (!can(actor, "user:manage")) return { ok: false, reason: "notAllowed" };
  // An admin who demoted or deactivated themself could lock everyone out.
  if (actor.id === userId) return { ok: false, reason: "cannotChangeSelf" };
  return null;
}

/** Changes a user's role, recording who did it; only admins, and never their own. */
export async function changeUserRole({
  actor,
  ipAddress,
  userId,
  role,
}: UserManager & { userId: string; role: Role }): Promise<{ ok: true } | ManageUserRefusal> {
  const refusal = checkManageUser({ actor, userId });
  if (refusal) return refusal;
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!before) return { ok: false, reason: "userNotFound" } as const;
    if (before.role === role) return { ok: true } as const;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "user.role-changed",
      entityType: "User",
      entityId: userId,
      data: { from: before.role, to: role },
      ipAddress,
    });
    return { ok: true } as const;
  });
}

/** Deactivates (ending all of the user's sessions) or reactivates a user, recording who did it. */
export async function setUserDeactivated({
  actor,
  ipAddress,
  userId,
  isDeactivated,
}: UserManager & { userId: string; isDeactivated: boolean }): Promise<{ ok: true } | ManageUserRefusal> {
  const refusal = checkManageUser({ actor, userId });
  if (refusal) return refusal;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { deactivatedAt: true } });
    if (!user) return { ok: false, reason: "userNotFound" } as const;
    if ((user.deactivatedAt !== null) === isDeactivated) return { ok: true } as const;
    await tx.user.update({ where: { id: userId }, data: { deactivatedAt: isDeactivated ? new Date() : null } });
    if (isDeactivated) await tx.session.deleteMany({ where: { userId } });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: isDeactivated ? "user.deactivated" : "user.reactivated",
      entityType: "User",
      entityId: userId,
      ipAddress,
    });
    return { ok: true } as const;
  });
}

export const STUDENT_RECORD_REFUSALS = defineRefusals({
  notAllowed: MANAGE_USER_REFUSALS.notAllowed,
  userNotFound: MANAGE_USER_REFUSALS.userNotFound,
  studentNumberTaken: { status: 400, messageKey: "studentRecord.studentNumberTaken", field: "studentNumber" },
  degreeTrackNotFound: { status: 400, messageKey: "studentRecord.degreeTrackNotFound", field: "degreeTrackId" },
});

type StudentRecordRefusal = { ok: false; reason: keyof typeof STUDENT_RECORD_REFUSALS };

/**
 * Sets a user's student number (null clears it; no two users share one) and degree track (null:
 * none). A new track must be current, in a current program; the track the user already has stays
 * allowed after it is archived, so saving the student number alone never drops it. Audited with
 * the values that changed; an admin may set their own, as it grants nothing.
 */
export async function changeStudentRecord({
  actor,
  ipAddress,
  userId,
  studentNumber,
  degreeTrackId,
}: UserManager & {
  userId: string;
  studentNumber: string | null;
  degreeTrackId: string | null;
}): Promise<{ ok: true } | StudentRecordRefusal> {
  if (!can(actor, "user:manage")) return { ok: false, reason: "notAllowed" };
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({
        where: { id: userId },
        select: { studentNumber: true, degreeTrackId: true },
      });
      if (!before) return { ok: false, reason: "userNotFound" } as const;
      if (degreeTrackId && degreeTrackId !== before.degreeTrackId) {
        const track = await tx.degreeTrack.findFirst({
          where: { id: degreeTrackId, archivedAt: null, program: { archivedAt: null } },
          select: { id: true },
        });
        if (!track) return { ok: false, reason: "degreeTrackNotFound" } as const;
      }
      if (studentNumber && studentNumber !== before.studentNumber) {
        const holder = await tx.user.findUnique({ where: { studentNumber }, select: { id: true } });
        if (holder) return { ok: false, reason: "studentNumberTaken" } as const;
      }
      const after = { studentNumber, degreeTrackId };
      const changedKeys = (["studentNumber", "degreeTrackId"] as const).filter((key) => before[key] !== after[key]);
      if (changedKeys.length === 0) return { ok: true } as const;
      await tx.user.update({ where: { id: userId }, data: after, select: { id: true } });
      await recordAuditEvent({
        db: tx,
        actorId: actor.id,
        action: "user.student-record-changed",
        entityType: "User",
        entityId: userId,
        data: {
          before: Object.fromEntries(changedKeys.map((key) => [key, before[key]])),
          after: Object.fromEntries(changedKeys.map((key) => [key, after[key]])),
        },
        ipAddress,
      });
      return { ok: true } as const;
    });
  } catch (error) {
    // Two users given one number at the same moment: the unique index refuses the second.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "studentNumberTaken" };
    }
    throw error;
  }
}
