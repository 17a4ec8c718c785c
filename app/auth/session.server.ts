// Database sessions after Lucia's "Sessions" guide (lucia-auth.com): the browser holds a random
// token, the database holds only its SHA-256, so a leaked database cannot be replayed as cookies.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import type { Locale, Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export const SESSION_DURATION_MS = 30 * DAY_MS;
/** A session is renewed once less than this remains, so an active user never meets the expiry. */
export const SESSION_RENEWAL_THRESHOLD_MS = SESSION_DURATION_MS / 2;
/** lastSeenAt is only rewritten when older than this, so reading a page is not a write per request. */
export const LAST_SEEN_UPDATE_INTERVAL_MS = 60 * 1000;

// User agents and forwarded addresses come from the client; cap what we store of them.
const MAX_USER_AGENT_LENGTH = 512;
const MAX_IP_ADDRESS_LENGTH = 64;

/** 20 random bytes (160 bits) as 32 lower-case base32 characters. */
const SESSION_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  hasTwoFactor: boolean;
};

export type ValidatedSession = {
  id: string;
  expiresAt: Date;
  isTwoFactorVerified: boolean;
  /** True when this validation pushed expiresAt forward, so the cookie must be sent again. */
  isRenewed: boolean;
};

export type SessionValidationResult = { session: ValidatedSession; user: SessionUser };

type SessionWithUserRow = {
  expiresAt: Date;
  lastSeenAt: Date;
  isTwoFactorVerified: boolean;
  userId: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  totpEnabledAt: Date | null;
  deactivatedAt: Date | null;
};

// ───────────────────────────── Tokens and expiry arithmetic ─────────────────────────────

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The Session.id for a token. A plain fast hash suffices: the token already has 160 bits of entropy. */
export function hashSessionToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function isSessionExpired(expiresAt: Date, now: Date = new Date()): boolean {
  return now.getTime() >= expiresAt.getTime();
}

export function shouldRenewSession(expiresAt: Date, now: Date = new Date()): boolean {
  return expiresAt.getTime() - now.getTime() < SESSION_RENEWAL_THRESHOLD_MS;
}

export function renewedExpiry(now: Date = new Date()): Date {
  return new Date(now.getTime() + SESSION_DURATION_MS);
}

/** A session whose user has two-factor on but which has not yet passed the second step. */
export function isAwaitingTwoFactor({ session, user }: SessionValidationResult): boolean {
  return user.hasTwoFactor && !session.isTwoFactorVerified;
}

// ───────────────────────────── Sessions in the database ─────────────────────────────

/**
 * Starts a new session for a log-in. Passing the browser's current token as `replacingToken`
 * ends that session in the same transaction, so a token planted before log-in (session fixation)
 * never becomes an authenticated one.
 */
export async function createSession({
  userId,
  userAgent,
  ipAddress,
  isTwoFactorVerified,
  replacingToken,
}: {
  userId: string;
  userAgent?: string | null;
  ipAddress?: string | null;
  isTwoFactorVerified: boolean;
  replacingToken?: string | null;
}): Promise<{ token: string; session: { id: string; expiresAt: Date } }> {
  const token = generateSessionToken();
  const create = prisma.session.create({
    data: {
      id: hashSessionToken(token),
      userId,
      expiresAt: renewedExpiry(new Date()),
      userAgent: userAgent?.slice(0, MAX_USER_AGENT_LENGTH) || null,
      ipAddress: ipAddress?.slice(0, MAX_IP_ADDRESS_LENGTH) || null,
      isTwoFactorVerified,
    },
    select: { id: true, expiresAt: true },
  });
  if (!replacingToken) return { token, session: await create };

  const [, session] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { id: hashSessionToken(replacingToken) } }),
    create,
  ]);
  return { token, session };
}

/**
 * The session and user for a token, or null. Deletes the session when it has expired or its user
 * is deactivated, renews it when less than half its life remains, and touches lastSeenAt at most
 * once a minute.
 */
export async function validateSessionToken(token: string): Promise<SessionValidationResult | null> {
  const sessionId = hashSessionToken(token);
  // This runs on every request, so the join is written out rather than left to Prisma's (ADR 0013).
  const [row] = await prisma.$queryRaw<SessionWithUserRow[]>`
    SELECT s."expiresAt", s."lastSeenAt", s."isTwoFactorVerified",
           u."id" AS "userId", u."email", u."name", u."role", u."locale", u."totpEnabledAt", u."deactivatedAt"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId}`;
  if (!row) return null;

  const now = new Date();
  if (isSessionExpired(row.expiresAt, now) || row.deactivatedAt) {
    // deleteMany: a concurrent request may already have removed it.
    await prisma.session.deleteMany({ where: { id: sessionId } });
    return null;
  }

  const isRenewed = shouldRenewSession(row.expiresAt, now);
  const expiresAt = isRenewed ? renewedExpiry(now) : row.expiresAt;
  const isLastSeenStale = now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_UPDATE_INTERVAL_MS;
  if (isRenewed || isLastSeenStale) {
    await prisma.session.updateMany({
      where: { id: sessionId },
      data: isRenewed ? { expiresAt, lastSeenAt: now } : { lastSeenAt: now },
    });
  }

  return {
    session: { id: sessionId, expiresAt, isTwoFactorVerified: row.isTwoFactorVerified, isRenewed },
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      role: row.role,
      locale: row.locale,
      hasTwoFactor: row.totpEnabledAt !== null,
    },
  };
}

export async function invalidateSession({ sessionId }: { sessionId: string }): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** Signs a user out everywhere, or everywhere but `exceptSessionId` (the device asking). */
export async function invalidateUserSessions({
  userId,
  exceptSessionId,
}: {
  userId: string;
  exceptSessionId?: string;
}): Promise<number> {
  const { count } = await prisma.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}

/** Removes sessions past their expiry; meant for a periodic job. Returns how many went. */
export async function deleteExpiredSessions(): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}

/** A user's live sessions ("your devices"), newest first. */
export async function listUserSessions({ userId }: { userId: string }) {
  return prisma.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ipAddress: true, expiresAt: true },
  });
}

export const REVOKE_SESSION_REFUSALS = defineRefusals({
  sessionNotFound: { status: 404, messageKey: "error.notFound" },
});

/** Ends one of the user's own sessions; another user's session is simply not found. */
export async function revokeUserSession({
  userId,
  sessionId,
}: {
  userId: string;
  sessionId: string;
}): Promise<{ ok: true } | { ok: false; reason: keyof typeof REVOKE_SESSION_REFUSALS }> {
  const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
  return count > 0 ? { ok: true } : { ok: false, reason: "sessionNotFound" };
}

/** Records that this session passed the second factor. False when the session no longer exists. */
export async function markSessionTwoFactorVerified({ sessionId }: { sessionId: string }): Promise<boolean> {
  const { count } = await prisma.session.updateMany({
    where: { id: sessionId },
    data: { isTwoFactorVerified: true },
  });
  return count > 0;
}

// ───────────────────────────── Cookie ─────────────────────────────

// Over HTTPS the cookie is `__Host-` and Secure: only this origin over TLS can set or read it. Over
// plain HTTP (a campus server reached as http://lms.campus:3000) a Secure cookie would be dropped
// by the browser and log-in would silently fail, so there it is a plain HttpOnly cookie. The
// request's own URL says which: the HTTP server builds it from APP_ORIGIN, or from the connection
// (and X-Forwarded-Proto from a trusted proxy). Each scheme reads only its own cookie, so a cookie
// planted over HTTP is never read over HTTPS.
const secureSessionCookie = createCookie("__Host-bitgoeul_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: true,
});
const plainSessionCookie = createCookie("bitgoeul_session", { httpOnly: true, sameSite: "lax", path: "/" });

/** Whether the request reached the app over HTTPS. */
export function isHttpsRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

function sessionCookieFor(request: Request) {
  return isHttpsRequest(request) ? secureSessionCookie : plainSessionCookie;
}

/** The Set-Cookie value for a session token, expiring with the session. */
export function serializeSessionCookie({
  request,
  token,
  expiresAt,
}: {
  request: Request;
  token: string;
  expiresAt: Date;
}): Promise<string> {
  return sessionCookieFor(request).serialize(token, { expires: expiresAt });
}

/** The Set-Cookie value that removes the session cookie. */
export function serializeBlankSessionCookie(request: Request): Promise<string> {
  return sessionCookieFor(request).serialize("", { maxAge: 0 });
}

/** The session token from the request's cookie, or null when absent or not token-shaped. */
export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookieFor(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && SESSION_TOKEN_PATTERN.test(value) ? value : null;
}

// ───────────────────────────── Per-request validation ─────────────────────────────

type RequestSessionState = { token: string | null; result: SessionValidationResult | null };

const requestSessions = new WeakMap<Request, Promise<RequestSessionState>>();
// Remix hands each loader its own copy of the Request, so the WeakMap alone cannot join the
// loaders of one document request; sharing the validation already running for the same token can.
const validationsInFlight = new Map<string, Promise<SessionValidationResult | null>>();

function validateSessionTokenShared(token: string): Promise<SessionValidationResult | null> {
  let validation = validationsInFlight.get(token);
  if (!validation) {
    validation = validateSessionToken(token).finally(() => validationsInFlight.delete(token));
    validationsInFlight.set(token, validation);
  }
  return validation;
}

async function resolveRequestSession(request: Request): Promise<RequestSessionState> {
  const token = await readSessionToken(request);
  return { token, result: token ? await validateSessionTokenShared(token) : null };
}

function loadRequestSession(request: Request): Promise<RequestSessionState> {
  let state = requestSessions.get(request);
  if (!state) {
    state = resolveRequestSession(request);
    requestSessions.set(request, state);
  }
  return state;
}

/** The request's session and user, validated once per Request however many callers ask. */
export async function getRequestSession(request: Request): Promise<SessionValidationResult | null> {
  return (await loadRequestSession(request)).result;
}

/**
 * Headers the root loader should send: the cookie again when validation renewed the session (so
 * the browser keeps it as long as the database does), a blank cookie when the browser holds a dead
 * token, otherwise undefined.
 */
export async function sessionCookieHeaders(request: Request): Promise<Headers | undefined> {
  const { token, result } = await loadRequestSession(request);
  if (!token) return undefined;
  if (!result) return new Headers({ "Set-Cookie": await serializeBlankSessionCookie(request) });
  if (!result.session.isRenewed) return undefined;
  return new Headers({
    "Set-Cookie": await serializeSessionCookie({ request, token, expiresAt: result.session.expiresAt }),
  });
}
