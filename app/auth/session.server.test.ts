import { afterEach, describe, expect, test, vi } from "vitest";
import {
  createSession,
  deleteExpiredSessions,
  generateSessionToken,
  getRequestSession,
  hashSessionToken,
  invalidateSession,
  invalidateUserSessions,
  isSessionExpired,
  listUserSessions,
  markSessionTwoFactorVerified,
  readSessionToken,
  renewedExpiry,
  revokeUserSession,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  SESSION_DURATION_MS,
  sessionCookieHeaders,
  shouldRenewSession,
  validateSessionToken,
} from "~/auth/session.server";
import { prisma } from "~/lib/db.server";
import { buildRequest, createUserSession } from "../../tests/factories/auth";
import { createUser } from "../../tests/factories";

const DAY_MS = 24 * 60 * 60 * 1000;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("tokens", () => {
  test("a token is 32 lower-case base32 characters (160 bits)", () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
  });

  test("tokens do not repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateSessionToken()));
    expect(tokens.size).toBe(1000);
  });

  test("the hash is SHA-256 as 64 lower-case hex characters, the same every time", () => {
    expect(hashSessionToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = generateSessionToken();
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(hashSessionToken(token)).not.toBe(hashSessionToken(generateSessionToken()));
  });
});

describe("expiry arithmetic", () => {
  const now = new Date("2026-03-01T09:00:00.000Z");

  test("a session lasts 30 days", () => {
    expect(SESSION_DURATION_MS).toBe(30 * DAY_MS);
    expect(renewedExpiry(now).getTime() - now.getTime()).toBe(30 * DAY_MS);
  });

  test("a session is expired from its expiry instant on", () => {
    expect(isSessionExpired(new Date(now.getTime() + 1), now)).toBe(false);
    expect(isSessionExpired(now, now)).toBe(true);
    expect(isSessionExpired(new Date(now.getTime() - 1), now)).toBe(true);
  });

  test("a session is renewed only once less than 15 days remain", () => {
    expect(shouldRenewSession(new Date(now.getTime() + 30 * DAY_MS), now)).toBe(false);
    expect(shouldRenewSession(new Date(now.getTime() + 15 * DAY_MS), now)).toBe(false);
    expect(shouldRenewSession(new Date(now.getTime() + 15 * DAY_MS - 1), now)).toBe(true);
    expect(shouldRenewSession(new Date(now.getTime() + 1), now)).toBe(true);
  });
});

describe("sessions in the database", () => {
  test("create then validate returns the session and the user", async () => {
    const user = await createUser(prisma, { role: "INSTRUCTOR" });
    const before = Date.now();
    const { token, session } = await createSession({
      userId: user.id,
      userAgent: "Vitest",
      ipAddress: "203.0.113.7",
      isTwoFactorVerified: false,
    });

    expect(session.id).toBe(hashSessionToken(token));
    expect(session.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_DURATION_MS);

    const result = await validateSessionToken(token);
    expect(result).toEqual({
      session: { id: session.id, expiresAt: session.expiresAt, isTwoFactorVerified: false, isRenewed: false },
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: "INSTRUCTOR",
        locale: "ko",
        hasTwoFactor: false,
      },
    });
  });

  test("the database holds the token's hash, never the token", async () => {
    const user = await createUser(prisma);
    const { token } = await createSession({ userId: user.id, isTwoFactorVerified: false });
    const rows = await prisma.$queryRaw<unknown[]>`SELECT * FROM "Session"`;
    const stored = JSON.stringify(rows);
    expect(stored).toContain(hashSessionToken(token));
    expect(stored).not.toContain(token);
  });

  test("an unknown token is rejected", async () => {
    expect(await validateSessionToken(generateSessionToken())).toBeNull();
  });

  test("an expired session is rejected and deleted", async () => {
    const user = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, {
      userId: user.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await validateSessionToken(token)).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  test("a session with less than half its life left is renewed to now + 30 days", async () => {
    const user = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, {
      userId: user.id,
      expiresAt: new Date(Date.now() + 10 * DAY_MS),
    });
    const before = Date.now();
    const result = await validateSessionToken(token);
    const after = Date.now();

    expect(result?.session.isRenewed).toBe(true);
    const renewed = result?.session.expiresAt.getTime() ?? 0;
    expect(renewed).toBeGreaterThanOrEqual(before + SESSION_DURATION_MS);
    expect(renewed).toBeLessThanOrEqual(after + SESSION_DURATION_MS);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.expiresAt.getTime()).toBe(renewed);
  });

  test("a session with more than half its life left keeps its expiry", async () => {
    const user = await createUser(prisma);
    const expiresAt = new Date(Date.now() + 20 * DAY_MS);
    const { token, session } = await createUserSession(prisma, { userId: user.id, expiresAt });

    const result = await validateSessionToken(token);
    expect(result?.session.isRenewed).toBe(false);
    expect(result?.session.expiresAt).toEqual(expiresAt);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.expiresAt).toEqual(expiresAt);
  });

  test("lastSeenAt is written at most once a minute", async () => {
    const user = await createUser(prisma);
    const recent = new Date(Date.now() - 30 * 1000);
    const fresh = await createUserSession(prisma, { userId: user.id, lastSeenAt: recent });
    const stale = await createUserSession(prisma, {
      userId: user.id,
      lastSeenAt: new Date(Date.now() - 2 * 60 * 1000),
    });

    await validateSessionToken(fresh.token);
    await validateSessionToken(stale.token);

    const freshRow = await prisma.session.findUniqueOrThrow({ where: { id: fresh.session.id } });
    const staleRow = await prisma.session.findUniqueOrThrow({ where: { id: stale.session.id } });
    expect(freshRow.lastSeenAt).toEqual(recent);
    expect(Date.now() - staleRow.lastSeenAt.getTime()).toBeLessThan(10 * 1000);
  });

  test("logging in with replacingToken ends the browser's old session", async () => {
    const user = await createUser(prisma);
    const old = await createSession({ userId: user.id, isTwoFactorVerified: false });
    const fresh = await createSession({ userId: user.id, isTwoFactorVerified: false, replacingToken: old.token });

    expect(fresh.token).not.toBe(old.token);
    expect(await validateSessionToken(old.token)).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: old.session.id } })).toBeNull();
    expect((await validateSessionToken(fresh.token))?.user.id).toBe(user.id);
  });

  test("a deactivated user's session is rejected and deleted", async () => {
    const user = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, { userId: user.id });
    await prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });

    expect(await validateSessionToken(token)).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  test("hasTwoFactor follows totpEnabledAt and the session records the second step", async () => {
    const user = await createUser(prisma);
    await prisma.user.update({
      where: { id: user.id },
      data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() },
    });
    const { token, session } = await createSession({ userId: user.id, isTwoFactorVerified: false });

    const pending = await validateSessionToken(token);
    expect(pending?.user.hasTwoFactor).toBe(true);
    expect(pending?.session.isTwoFactorVerified).toBe(false);

    expect(await markSessionTwoFactorVerified({ sessionId: session.id })).toBe(true);
    expect((await validateSessionToken(token))?.session.isTwoFactorVerified).toBe(true);
    expect(await markSessionTwoFactorVerified({ sessionId: hashSessionToken(generateSessionToken()) })).toBe(false);
  });

  test("invalidateSession ends one session", async () => {
    const user = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, { userId: user.id });
    await invalidateSession({ sessionId: session.id });
    expect(await validateSessionToken(token)).toBeNull();
  });

  test("invalidateUserSessions signs the user out everywhere but the current session", async () => {
    const user = await createUser(prisma);
    const someoneElse = await createUser(prisma);
    const current = await createUserSession(prisma, { userId: user.id });
    const laptop = await createUserSession(prisma, { userId: user.id });
    const phone = await createUserSession(prisma, { userId: user.id });
    const theirs = await createUserSession(prisma, { userId: someoneElse.id });

    expect(await invalidateUserSessions({ userId: user.id, exceptSessionId: current.session.id })).toBe(2);
    expect(await validateSessionToken(current.token)).not.toBeNull();
    expect(await validateSessionToken(laptop.token)).toBeNull();
    expect(await validateSessionToken(phone.token)).toBeNull();
    expect(await validateSessionToken(theirs.token)).not.toBeNull();

    expect(await invalidateUserSessions({ userId: user.id })).toBe(1);
    expect(await validateSessionToken(current.token)).toBeNull();
  });

  test("revokeUserSession cannot revoke another user's session", async () => {
    const user = await createUser(prisma);
    const intruder = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, { userId: user.id });

    expect(await revokeUserSession({ userId: intruder.id, sessionId: session.id })).toEqual({
      ok: false,
      reason: "sessionNotFound",
    });
    expect(await validateSessionToken(token)).not.toBeNull();

    expect(await revokeUserSession({ userId: user.id, sessionId: session.id })).toEqual({ ok: true });
    expect(await validateSessionToken(token)).toBeNull();
  });

  test("listUserSessions lists only the user's live sessions, newest first", async () => {
    const user = await createUser(prisma);
    const someoneElse = await createUser(prisma);
    const older = await createUserSession(prisma, { userId: user.id });
    await prisma.session.update({
      where: { id: older.session.id },
      data: { createdAt: new Date(Date.now() - DAY_MS) },
    });
    const newer = await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() - 1000) });
    await createUserSession(prisma, { userId: someoneElse.id });

    const sessions = await listUserSessions({ userId: user.id });
    expect(sessions.map(({ id }) => id)).toEqual([newer.session.id, older.session.id]);
    expect(Object.keys(sessions[0] ?? {}).sort()).toEqual(
      ["createdAt", "expiresAt", "id", "ipAddress", "lastSeenAt", "userAgent"].sort(),
    );
  });

  test("deleteExpiredSessions removes expired sessions and counts them", async () => {
    await deleteExpiredSessions(); // leftovers of earlier tests in this file's database
    const user = await createUser(prisma);
    const live = await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() - 1000) });
    await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() - DAY_MS) });

    expect(await deleteExpiredSessions()).toBe(2);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await validateSessionToken(live.token)).not.toBeNull();
  });
});

describe("cookie", () => {
  const expiresAt = new Date("2026-04-01T00:00:00.000Z");
  const token = "abcdefghijklmnopqrstuvwxyz234567";

  function attributes(setCookie: string) {
    return setCookie.split("; ").slice(1);
  }

  const overHttps = new Request("https://learn.bitgoeul.example/login");
  const overHttp = new Request("http://lms.campus:3000/login");

  test("over plain HTTP: plain name, HttpOnly, SameSite=Lax, Path=/, Expires, not Secure", async () => {
    const setCookie = await serializeSessionCookie({ request: overHttp, token, expiresAt });
    expect(setCookie).toMatch(/^bitgoeul_session=/);
    expect(attributes(setCookie).sort()).toEqual(
      ["Expires=Wed, 01 Apr 2026 00:00:00 GMT", "HttpOnly", "Path=/", "SameSite=Lax"].sort(),
    );
  });

  test("over HTTPS: __Host- name and Secure, whatever NODE_ENV says", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const setCookie = await serializeSessionCookie({ request: overHttps, token, expiresAt });
    expect(setCookie).toMatch(/^__Host-bitgoeul_session=/);
    expect(attributes(setCookie).sort()).toEqual(
      ["Expires=Wed, 01 Apr 2026 00:00:00 GMT", "HttpOnly", "Path=/", "SameSite=Lax", "Secure"].sort(),
    );
  });

  test("the blank cookie expires at once, under the request's scheme's name", async () => {
    const overHttpsBlank = await serializeBlankSessionCookie(overHttps);
    expect(overHttpsBlank).toMatch(/^__Host-bitgoeul_session=;/);
    expect(attributes(overHttpsBlank)).toContain("Max-Age=0");
    expect(await serializeBlankSessionCookie(overHttp)).toMatch(/^bitgoeul_session=;/);
  });

  test("readSessionToken reads only the cookie of the request's scheme", async () => {
    const pair = async (request: Request) =>
      (await serializeSessionCookie({ request, token, expiresAt })).split(";")[0] ?? "";
    const cookies = { secure: await pair(overHttps), plain: await pair(overHttp) };
    const withCookie = (url: string, cookie: string) => new Request(url, { headers: { Cookie: cookie } });
    expect(await readSessionToken(withCookie(overHttps.url, cookies.secure))).toBe(token);
    expect(await readSessionToken(withCookie(overHttp.url, cookies.plain))).toBe(token);
    // A cookie planted over plain HTTP is never read over HTTPS, and the other way round.
    expect(await readSessionToken(withCookie(overHttps.url, cookies.plain))).toBeNull();
    expect(await readSessionToken(withCookie(overHttp.url, cookies.secure))).toBeNull();
  });

  test("readSessionToken ignores a missing or malformed cookie", async () => {
    expect(await readSessionToken(await buildRequest())).toBeNull();
    const tampered = new Request("http://bitgoeul.test/", { headers: { Cookie: "bitgoeul_session=not-a-token" } });
    expect(await readSessionToken(tampered)).toBeNull();
  });
});

describe("per-request session", () => {
  test("one Request is validated once, however many callers ask", async () => {
    const user = await createUser(prisma);
    const { token } = await createUserSession(prisma, { userId: user.id });
    const request = await buildRequest({ token });

    const first = await getRequestSession(request);
    const second = await getRequestSession(request);
    expect(first?.user.id).toBe(user.id);
    expect(second).toBe(first);
  });

  test("loaders given copies of one request share a validation that is still running", async () => {
    const user = await createUser(prisma);
    const { token } = await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() + DAY_MS) });
    const request = await buildRequest({ token });

    // Remix passes each loader its own Request built from the incoming one.
    const [root, leaf] = await Promise.all([
      getRequestSession(new Request(request)),
      getRequestSession(new Request(request)),
    ]);
    expect(leaf).toBe(root);
    expect(root?.session.isRenewed).toBe(true);
  });

  test("sessionCookieHeaders sends the cookie again after a renewal and not otherwise", async () => {
    const user = await createUser(prisma);
    const renewing = await createUserSession(prisma, { userId: user.id, expiresAt: new Date(Date.now() + DAY_MS) });
    const renewingRequest = await buildRequest({ token: renewing.token });
    const result = await getRequestSession(renewingRequest);
    const headers = await sessionCookieHeaders(renewingRequest);
    expect(headers?.get("Set-Cookie")).toBe(
      await serializeSessionCookie({
        request: renewingRequest,
        token: renewing.token,
        expiresAt: result?.session.expiresAt ?? new Date(0),
      }),
    );

    const steady = await createUserSession(prisma, { userId: user.id });
    expect(await sessionCookieHeaders(await buildRequest({ token: steady.token }))).toBeUndefined();
    expect(await sessionCookieHeaders(await buildRequest())).toBeUndefined();
  });

  test("sessionCookieHeaders clears a cookie whose session is gone", async () => {
    const request = await buildRequest({ token: generateSessionToken() });
    expect(await getRequestSession(request)).toBeNull();
    const headers = await sessionCookieHeaders(request);
    expect(headers?.get("Set-Cookie")).toBe(await serializeBlankSessionCookie(request));
  });
});
