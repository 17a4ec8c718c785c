// Accounts end to end at the route level: every loader and action runs against a real database,
// called as Remix would call it, with the session cookie a browser would send.
import { createHash } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { hashSessionToken } from "~/auth/session.server";
import { confirmTwoFactorEnrollment, startTwoFactorEnrollment } from "~/auth/two-factor.server";
import type { Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { AUTH_ATTEMPT_LIMIT, AUTH_WINDOW_SECONDS } from "~/models/auth-rate-limit.server";
import { verifyLogin } from "~/models/user.server";
import * as adminUserRoute from "~/routes/admin.users.$userId";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as loginRoute from "~/routes/login";
import * as twoFactorLoginRoute from "~/routes/login_.two-factor";
import * as logoutRoute from "~/routes/logout";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import * as passwordSettingsRoute from "~/routes/settings.password";
import * as sessionsSettingsRoute from "~/routes/settings.sessions";
import * as signupRoute from "~/routes/signup";
import { createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { buildFormRequest, routeArgs, sessionTokenFromSetCookie, settle, TEST_CLIENT_IP } from "../factories/requests";

const PASSWORD = "violet-harbour-lantern-42";
const NEW_PASSWORD = "amber-meadow-compass-17";

// Log-in and reset attempts are counted per client address for the whole database, which every
// test in this file shares, so each attempt comes from its own address unless a test says otherwise.
let clientIpCount = 0;
function nextClientIp() {
  clientIpCount += 1;
  return `10.${Math.floor(clientIpCount / 250)}.${clientIpCount % 250}.1`;
}

function uniqueEmail(label = "user") {
  return `${label}-${uniqueSuffix()}@test.bitgoeul.example`;
}

async function createAccount({ role, password = PASSWORD }: { role?: Role; password?: string } = {}) {
  const user = await createUser(prisma, { role });
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  return { user, password };
}

/**
 * An account with two-factor on, enrolled as a user would: scan the secret, type its code. The code
 * typed is the previous time step's (still accepted), so the current step's code stays unspent for
 * the log-in: a spent step is never accepted again.
 */
async function createTwoFactorAccount() {
  const { user, password } = await createAccount();
  const { secretBase32 } = await startTwoFactorEnrollment({ userId: user.id });
  const confirmation = await confirmTwoFactorEnrollment({ userId: user.id, code: totpAt(secretBase32, -30) });
  if (!confirmation.isConfirmed) throw new Error("two-factor enrolment was not confirmed");
  return { user, password, secretBase32, recoveryCodes: confirmation.recoveryCodes };
}

function currentTotp(secretBase32: string) {
  return generateTOTP(decodeBase32IgnorePadding(secretBase32), 30, 6);
}

function totpAt(secretBase32: string, offsetSeconds: number) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetSeconds * 1000 });
  try {
    return currentTotp(secretBase32);
  } finally {
    vi.useRealTimers();
  }
}

function sha256Hex(value: string) {
  return createHash("sha256").update(value).digest("hex");
}

async function submitSignup(form: Record<string, string>) {
  const request = await buildFormRequest({ path: "/signup", form });
  return settle(signupRoute.action(routeArgs(request)));
}

async function submitLogin({
  email,
  password,
  token,
  clientIp = nextClientIp(),
}: {
  email: string;
  password: string;
  token?: string;
  clientIp?: string;
}) {
  const request = await buildFormRequest({ path: "/login", form: { email, password }, token });
  return settle(loginRoute.action(routeArgs(request, { clientIp })));
}

async function submitTwoFactorCode({ token, code }: { token: string; code: string }) {
  const request = await buildFormRequest({ path: "/login/two-factor", form: { code, redirectTo: "/" }, token });
  return settle(twoFactorLoginRoute.action(routeArgs(request, { clientIp: nextClientIp() })));
}

/** Logs in with the password and returns the token of the session it started. */
async function logInForToken({ email, password }: { email: string; password: string }) {
  const reply = await submitLogin({ email, password });
  const token = await sessionTokenFromSetCookie(reply.headers.get("Set-Cookie"));
  if (!token) throw new Error(`log-in gave no session cookie (status ${reply.status})`);
  return { reply, token };
}

async function requestReset(email: string) {
  const request = await buildFormRequest({ path: "/forgot-password", form: { email } });
  return settle(forgotPasswordRoute.action(routeArgs(request, { clientIp: nextClientIp() })));
}

/** Asks for a reset link for `email` and returns the token from the mailed link. */
async function mailedResetToken(email: string) {
  await requestReset(email);
  const mail = await prisma.emailOutbox.findFirstOrThrow({
    where: { toAddress: email },
    orderBy: { createdAt: "desc" },
  });
  const token = /\/reset-password\/([a-z2-7]{32})\b/.exec(mail.textBody)?.[1];
  if (!token) throw new Error(`no reset link in: ${mail.textBody}`);
  return token;
}

async function submitReset({ token, password = NEW_PASSWORD }: { token: string; password?: string }) {
  const request = await buildFormRequest({
    path: `/reset-password/${token}`,
    form: { password, confirmPassword: password },
  });
  return settle(resetPasswordRoute.action(routeArgs(request, { params: { token } })));
}

async function submitAdminUserAction({
  token,
  userId,
  form,
}: {
  token?: string;
  userId: string;
  form: Record<string, string>;
}) {
  const request = await buildFormRequest({ path: `/admin/users/${userId}`, form, token });
  return settle(adminUserRoute.action(routeArgs(request, { params: { userId } })));
}

/** Waits until `count` other connections to this test's database are blocked on a lock. */
async function waitForLockWaiters(count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS "waiting" FROM pg_stat_activity
      WHERE "datname" = current_database() AND "wait_event_type" = 'Lock'`;
    if ((row?.waiting ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} requests waiting on a lock`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function sessionIdsOf(userId: string) {
  const sessions = await prisma.session.findMany({ where: { userId }, select: { id: true } });
  return sessions.map((session) => session.id).sort();
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sign-up", () => {
  test("creates a learner with an Argon2id hash, sets an HttpOnly Lax session cookie and redirects", async () => {
    const email = uniqueEmail("ada");
    const reply = await submitSignup({ name: "Ada Lovelace", email, password: PASSWORD, redirectTo: "/courses" });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/courses");
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("LEARNER");
    expect(user.name).toBe("Ada Lovelace");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);

    const setCookie = reply.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    const token = await sessionTokenFromSetCookie(setCookie);
    expect(token).not.toBeNull();
    const session = await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(token ?? "") } });
    expect(session).toMatchObject({ userId: user.id, isTwoFactorVerified: true });
  });

  test("stores the email trimmed and lower-cased", async () => {
    const email = uniqueEmail("grace");
    const reply = await submitSignup({ name: "Grace Hopper", email: `  ${email.toUpperCase()}  `, password: PASSWORD });

    expect(reply.status).toBe(302);
    // citext compares without case, so the row is found either way; its stored value is what is checked.
    const user = await prisma.user.findUnique({ where: { email }, select: { email: true } });
    expect(user?.email).toBe(email);
  });

  test("refuses an email already registered, in another case, with 409 and creates no second user", async () => {
    const email = uniqueEmail("taken");
    expect((await submitSignup({ name: "First", email, password: PASSWORD })).status).toBe(302);

    const reply = await submitSignup({ name: "Second", email: email.toUpperCase(), password: NEW_PASSWORD });

    expect(reply.status).toBe(409);
    expect(reply.data?.error?.email).toEqual(["validation.emailTaken"]);
    expect(reply.headers.get("Set-Cookie")).toBeNull();
    // citext: this count ignores case, so it would see a second row spelled in capitals.
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.user.count({ where: { name: "Second" } })).toBe(0);
  });

  test("refuses a common password with 400 and saves nothing", async () => {
    const email = uniqueEmail("common");
    const reply = await submitSignup({ name: "Common", email, password: "password1234" });

    expect(reply.status).toBe(400);
    expect(reply.data?.error?.password).toEqual(["validation.passwordCommon"]);
    expect(reply.data?.initialValue).not.toHaveProperty("password");
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("answers bad input with 400 and field errors, keeping the typed name and email but never the password", async () => {
    const usersBefore = await prisma.user.count();
    const reply = await submitSignup({ name: "Ada", email: "not-an-email", password: "short" });

    expect(reply.status).toBe(400);
    expect(reply.data?.error).toMatchObject({
      email: ["validation.emailInvalid"],
      password: ["validation.passwordTooShort"],
    });
    expect(reply.data?.initialValue).toEqual({ name: "Ada", email: "not-an-email" });
    expect(JSON.stringify(reply.data)).not.toContain('"short"');
    expect(await prisma.user.count()).toBe(usersBefore);
  });
});

describe("log-in", () => {
  test("starts a new session and redirects when the password is right", async () => {
    const { user, password } = await createAccount();
    const reply = await submitLogin({ email: user.email, password });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/");
    const token = await sessionTokenFromSetCookie(reply.headers.get("Set-Cookie"));
    expect(token).not.toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([hashSessionToken(token ?? "")]);
  });

  test("ends the session the browser arrived with, so a planted token never becomes signed in", async () => {
    const { user, password } = await createAccount();
    const planted = await createUserSession(prisma, { userId: user.id });

    const reply = await submitLogin({ email: user.email, password, token: planted.token });

    expect(reply.status).toBe(302);
    const token = await sessionTokenFromSetCookie(reply.headers.get("Set-Cookie"));
    expect(token).not.toBe(planted.token);
    expect(await prisma.session.findUnique({ where: { id: planted.session.id } })).toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([hashSessionToken(token ?? "")]);
  });

  test("answers a wrong password and an unknown email with the same error and status", async () => {
    const { user } = await createAccount();
    const wrongPassword = await submitLogin({ email: user.email, password: "not-the-password-at-all" });
    const unknownEmail = await submitLogin({ email: uniqueEmail("nobody"), password: PASSWORD });

    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(wrongPassword.data?.error).toEqual({ "": ["auth.invalidCredentials"] });
    expect(unknownEmail.data?.error).toEqual(wrongPassword.data?.error);
    expect(wrongPassword.data?.initialValue).not.toHaveProperty("password");
    expect(wrongPassword.headers.get("Set-Cookie")).toBeNull();
    expect(unknownEmail.headers.get("Set-Cookie")).toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([]);
  });

  test("refuses a deactivated user even with the right password", async () => {
    const { user, password } = await createAccount();
    await prisma.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });

    const reply = await submitLogin({ email: user.email, password });

    expect(reply.status).toBe(400);
    expect(reply.data?.error).toEqual({ "": ["auth.invalidCredentials"] });
    expect(await sessionIdsOf(user.id)).toEqual([]);
  });

  // The limits count in fixed windows; the clock is held inside one so the attempts cannot straddle two.
  function holdClockInsideOneRateLimitWindow() {
    const windowMs = AUTH_WINDOW_SECONDS * 1000;
    const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(windowStart + 60_000);
  }

  test("refuses the 11th attempt on one email within the window, from any address, with 429 and Retry-After", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    for (let attempt = 1; attempt <= AUTH_ATTEMPT_LIMIT; attempt++) {
      const reply = await submitLogin({ email: user.email, password: "wrong-password-guess" });
      expect(reply.status, `attempt ${attempt}`).toBe(400);
    }

    // Even the right password, from a fresh address, waits out the window.
    const refused = await submitLogin({ email: user.email.toUpperCase(), password });

    expect(refused.status).toBe(429);
    expect(refused.data?.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(Number(refused.headers.get("Retry-After"))).toBe(AUTH_WINDOW_SECONDS - 60);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([]);
  });

  test("refuses the 11th attempt from one address within the window, whatever the email, with 429", async () => {
    holdClockInsideOneRateLimitWindow();
    const clientIp = nextClientIp();
    for (let attempt = 1; attempt <= AUTH_ATTEMPT_LIMIT; attempt++) {
      const reply = await submitLogin({ email: uniqueEmail("spray"), password: "guess-1234567", clientIp });
      expect(reply.status, `attempt ${attempt}`).toBe(400);
    }
    const { user, password } = await createAccount();

    const refused = await submitLogin({ email: user.email, password, clientIp });

    expect(refused.status).toBe(429);
    expect(refused.data?.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(Number(refused.headers.get("Retry-After"))).toBe(AUTH_WINDOW_SECONDS - 60);
    expect(await sessionIdsOf(user.id)).toEqual([]);
  });
});

describe("two-factor log-in", () => {
  test("sends a user with two-factor on to the second step, with a session not yet verified", async () => {
    const { user, password } = await createTwoFactorAccount();
    const { reply, token } = await logInForToken({ email: user.email, password });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/login/two-factor?redirectTo=%2F");
    const session = await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(token) } });
    expect(session.isTwoFactorVerified).toBe(false);
  });

  test("sends a session still owing its second factor from any other private page to the second step", async () => {
    const { user, password } = await createTwoFactorAccount();
    const { token } = await logInForToken({ email: user.email, password });

    const reply = await settle(
      passwordSettingsRoute.loader(routeArgs(await buildRequest({ path: "/settings/password", token }))),
    );

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/login/two-factor?redirectTo=%2Fsettings%2Fpassword");
  });

  test("completes the log-in with the current code from the authenticator", async () => {
    const { user, password, secretBase32 } = await createTwoFactorAccount();
    const { token } = await logInForToken({ email: user.email, password });

    const reply = await submitTwoFactorCode({ token, code: currentTotp(secretBase32) });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/");
    const session = await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(token) } });
    expect(session.isTwoFactorVerified).toBe(true);

    // The same code cannot complete a second log-in (RFC 6238: each time step is accepted once).
    const second = await logInForToken({ email: user.email, password });
    expect((await submitTwoFactorCode({ token: second.token, code: currentTotp(secretBase32) })).status).toBe(400);
    const page = await settle(
      passwordSettingsRoute.loader(routeArgs(await buildRequest({ path: "/settings/password", token }))),
    );
    expect(page.status).toBe(200);
  });

  test("accepts a recovery code once, and refuses it the second time", async () => {
    const { user, password, recoveryCodes } = await createTwoFactorAccount();
    const recoveryCode = recoveryCodes[0] ?? "";

    const first = await logInForToken({ email: user.email, password });
    const accepted = await submitTwoFactorCode({ token: first.token, code: recoveryCode });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/");

    const second = await logInForToken({ email: user.email, password });
    const refused = await submitTwoFactorCode({ token: second.token, code: recoveryCode });
    expect(refused.status).toBe(400);
    expect(refused.data?.error?.code).toEqual(["validation.codeInvalid"]);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(second.token) } });
    expect(session.isTwoFactorVerified).toBe(false);
  });
});

describe("log-out", () => {
  test("deletes the browser's session and blanks its cookie, leaving other devices signed in", async () => {
    const user = await createUser(prisma);
    const thisDevice = await createUserSession(prisma, { userId: user.id });
    const otherDevice = await createUserSession(prisma, { userId: user.id });

    const request = await buildRequest({ path: "/logout", token: thisDevice.token, method: "POST" });
    const reply = await settle(logoutRoute.action(routeArgs(request)));

    expect(reply.status).toBe(302);
    const setCookie = reply.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^bitgoeul_session=;/);
    expect(setCookie).toContain("Max-Age=0");
    expect(await sessionTokenFromSetCookie(setCookie)).toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([otherDevice.session.id]);
  });
});

describe("settings", () => {
  async function submitPasswordChange({ token, currentPassword }: { token: string; currentPassword: string }) {
    const request = await buildFormRequest({
      path: "/settings/password",
      form: { currentPassword, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      token,
    });
    return settle(passwordSettingsRoute.action(routeArgs(request)));
  }

  async function submitSessionsAction({ token, form }: { token: string; form: Record<string, string> }) {
    const request = await buildFormRequest({ path: "/settings/sessions", form, token });
    return settle(sessionsSettingsRoute.action(routeArgs(request)));
  }

  test("refuses a wrong current password with a field error and changes nothing", async () => {
    const { user } = await createAccount();
    const current = await createUserSession(prisma, { userId: user.id });
    const other = await createUserSession(prisma, { userId: user.id });
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });

    const reply = await submitPasswordChange({ token: current.token, currentPassword: "not-my-password" });

    expect(reply.status).toBe(400);
    expect(reply.data?.result.error?.currentPassword).toEqual(["validation.currentPasswordWrong"]);
    expect(reply.data?.isChanged).toBe(false);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(passwordHash);
    expect(after.passwordChangedAt).toBeNull();
    expect(await sessionIdsOf(user.id)).toEqual([current.session.id, other.session.id].sort());
  });

  test("changes the password with the right current one, ending the other sessions but not this one", async () => {
    const { user, password } = await createAccount();
    const current = await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id });

    const reply = await submitPasswordChange({ token: current.token, currentPassword: password });

    expect(reply.status).toBe(200);
    expect(reply.data?.isChanged).toBe(true);
    expect(await sessionIdsOf(user.id)).toEqual([current.session.id]);
    expect(await verifyLogin({ email: user.email, password: NEW_PASSWORD })).not.toBeNull();
    expect(await verifyLogin({ email: user.email, password })).toBeNull();
  });

  test("log-out-everywhere ends every session of the user, this one included", async () => {
    const user = await createUser(prisma);
    const current = await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id });
    const someoneElse = await createUserSession(prisma, { userId: (await createUser(prisma)).id });

    const reply = await submitSessionsAction({ token: current.token, form: { intent: "log-out-everywhere" } });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/login");
    expect(reply.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await sessionIdsOf(user.id)).toEqual([]);
    expect(await prisma.session.findUnique({ where: { id: someoneElse.session.id } })).not.toBeNull();
  });

  test("answers 404 to revoking another user's session, which stays", async () => {
    const user = await createUser(prisma);
    const current = await createUserSession(prisma, { userId: user.id });
    const someoneElse = await createUserSession(prisma, { userId: (await createUser(prisma)).id });

    const reply = await submitSessionsAction({
      token: current.token,
      form: { intent: "revoke", sessionId: someoneElse.session.id },
    });

    expect(reply.status).toBe(404);
    expect(await prisma.session.findUnique({ where: { id: someoneElse.session.id } })).not.toBeNull();
  });
});

describe("password reset", () => {
  test("mails one link for a known email and stores only the SHA-256 of its token", async () => {
    const { user } = await createAccount();

    const reply = await requestReset(user.email);

    expect(reply.status).toBe(200);
    expect(reply.data?.isSent).toBe(true);
    const mails = await prisma.emailOutbox.findMany({ where: { toAddress: user.email } });
    expect(mails).toHaveLength(1);
    const token = /\/reset-password\/([a-z2-7]{32})\b/.exec(mails[0]?.textBody ?? "")?.[1] ?? "";
    expect(token).toHaveLength(32);
    const stored = await prisma.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(stored.map((row) => row.id)).toEqual([sha256Hex(token)]);
    expect(stored[0]?.id).not.toBe(token);
  });

  test("answers an unknown email exactly as a known one, and writes nothing", async () => {
    const { user } = await createAccount();
    const known = await requestReset(user.email);
    const mailsBefore = await prisma.emailOutbox.count();
    const tokensBefore = await prisma.passwordResetToken.count();

    const unknown = await requestReset(uniqueEmail("nobody"));

    expect(unknown.status).toBe(known.status);
    expect(unknown.data).toEqual(known.data);
    expect(await prisma.emailOutbox.count()).toBe(mailsBefore);
    expect(await prisma.passwordResetToken.count()).toBe(tokensBefore);
  });

  test("a link works once: the second use is refused with 410", async () => {
    const { user, password } = await createAccount();
    const token = await mailedResetToken(user.email);

    const first = await submitReset({ token });
    expect(first.status).toBe(302);
    expect(first.location).toBe("/login?notice=password-reset");
    expect(await verifyLogin({ email: user.email, password: NEW_PASSWORD })).not.toBeNull();
    expect(await verifyLogin({ email: user.email, password })).toBeNull();

    const second = await submitReset({ token, password: "a-third-password-99" });
    expect(second.status).toBe(410);
    expect(second.data?.error).toEqual({ "": ["auth.resetLinkInvalid"] });
    expect(await verifyLogin({ email: user.email, password: NEW_PASSWORD })).not.toBeNull();
  });

  test("refuses an expired link and keeps the old password", async () => {
    const { user, password } = await createAccount();
    const token = await mailedResetToken(user.email);
    await prisma.passwordResetToken.update({
      where: { id: sha256Hex(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const reply = await submitReset({ token });

    expect(reply.status).toBe(410);
    expect(reply.data?.error).toEqual({ "": ["auth.resetLinkInvalid"] });
    expect(await verifyLogin({ email: user.email, password })).not.toBeNull();
  });

  test("a successful reset ends all of the user's sessions", async () => {
    const { user } = await createAccount();
    await createUserSession(prisma, { userId: user.id });
    await createUserSession(prisma, { userId: user.id });
    const token = await mailedResetToken(user.email);

    expect((await submitReset({ token })).status).toBe(302);

    expect(await sessionIdsOf(user.id)).toEqual([]);
  });

  test("of two concurrent resets with one link, exactly one succeeds", async () => {
    const { user } = await createAccount();
    const token = await mailedResetToken(user.email);

    // Left alone, the two requests rarely overlap (each hashes its password first). Holding the
    // token's row lock until both are queued on it makes them meet at the claim every time: a
    // check-then-update would let both through, a conditional update lets exactly one.
    const replies = await prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "PasswordResetToken" WHERE "id" = ${sha256Hex(token)} FOR UPDATE`;
        const racing = [
          submitReset({ token, password: "first-racer-password-1" }),
          submitReset({ token, password: "second-racer-password-2" }),
        ];
        await waitForLockWaiters(2);
        return racing;
      },
      { timeout: 20_000 },
    );
    const settled = await Promise.all(replies);

    expect(settled.map((reply) => reply.status).sort()).toEqual([302, 410]);
    const winner = settled[0]?.status === 302 ? "first-racer-password-1" : "second-racer-password-2";
    expect(await verifyLogin({ email: user.email, password: winner })).not.toBeNull();
  });
});

describe("admin user management", () => {
  async function signInAs(role: Role) {
    const user = await createUser(prisma, { role });
    const { token } = await createUserSession(prisma, { userId: user.id });
    return { user, token };
  }

  test("changing a role saves it and records the admin, action and user in the audit log", async () => {
    const admin = await signInAs("ADMIN");
    const learner = await createUser(prisma);

    const reply = await submitAdminUserAction({
      token: admin.token,
      userId: learner.id,
      form: { intent: "change-role", role: "INSTRUCTOR" },
    });

    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/admin/users/${learner.id}`);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).role).toBe("INSTRUCTOR");
    const events = await prisma.auditLog.findMany({ where: { entityId: learner.id } });
    expect(events).toEqual([
      expect.objectContaining({
        actorId: admin.user.id,
        action: "user.role-changed",
        entityType: "User",
        entityId: learner.id,
        data: { from: "LEARNER", to: "INSTRUCTOR" },
        ipAddress: TEST_CLIENT_IP,
      }),
    ]);
  });

  test("deactivating a user ends all their sessions and is recorded in the audit log", async () => {
    const admin = await signInAs("ADMIN");
    const learner = await createUser(prisma);
    await createUserSession(prisma, { userId: learner.id });
    await createUserSession(prisma, { userId: learner.id });

    const reply = await submitAdminUserAction({
      token: admin.token,
      userId: learner.id,
      form: { intent: "deactivate" },
    });

    expect(reply.status).toBe(303);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).deactivatedAt).not.toBeNull();
    expect(await sessionIdsOf(learner.id)).toEqual([]);
    const events = await prisma.auditLog.findMany({ where: { entityId: learner.id } });
    expect(events).toEqual([
      expect.objectContaining({
        actorId: admin.user.id,
        action: "user.deactivated",
        entityType: "User",
        entityId: learner.id,
      }),
    ]);
  });

  test("an admin cannot deactivate themself (400)", async () => {
    const admin = await signInAs("ADMIN");

    const reply = await submitAdminUserAction({
      token: admin.token,
      userId: admin.user.id,
      form: { intent: "deactivate" },
    });

    expect(reply.status).toBe(400);
    expect(reply.data).toEqual({ error: "admin.cannotChangeSelf" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).deactivatedAt).toBeNull();
    expect(await sessionIdsOf(admin.user.id)).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { entityId: admin.user.id } })).toBe(0);
  });

  test.each(["LEARNER", "INSTRUCTOR"] as const)(
    "a signed-in %s is refused with 403 and nothing changes",
    async (role) => {
      const { token } = await signInAs(role);
      const target = await createUser(prisma);

      const reply = await submitAdminUserAction({
        token,
        userId: target.id,
        form: { intent: "change-role", role: "ADMIN" },
      });

      expect(reply.status).toBe(403);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("LEARNER");
      expect(await prisma.auditLog.count({ where: { entityId: target.id } })).toBe(0);
    },
  );

  test("an anonymous visitor is sent to log in and back", async () => {
    const target = await createUser(prisma);

    const reply = await submitAdminUserAction({ userId: target.id, form: { intent: "deactivate" } });

    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/login?redirectTo=${encodeURIComponent(`/admin/users/${target.id}`)}`);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).deactivatedAt).toBeNull();
  });
});
