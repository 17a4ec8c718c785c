// Accounts end to end at the route level: every loader and action runs against a real database,
// called as Remix would call it, with the session cookie a browser would send.
import { createHash } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { hash } from "@node-rs/argon2";
import { generateTOTP } from "@oslojs/otp";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  getPasswordHashQueue,
  hashPassword,
  PASSWORD_HASH_CONCURRENCY,
  PASSWORD_HASH_QUEUE_LIMIT,
  verifyPasswordHash,
} from "~/auth/password.server";
import { hashSessionToken } from "~/auth/session.server";
import { confirmTwoFactorEnrollment, startTwoFactorEnrollment } from "~/auth/two-factor.server";
import type { Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { AUTH_LIMITS, AUTH_WINDOW_SECONDS } from "~/models/auth-rate-limit.server";
import { verifyLogin } from "~/models/user.server";
import * as adminUserRoute from "~/routes/admin.users.$userId";
import * as forgotPasswordRoute from "~/routes/forgot-password";
import * as loginRoute from "~/routes/login";
import * as twoFactorLoginRoute from "~/routes/login_.two-factor";
import * as logoutRoute from "~/routes/logout";
import * as resetPasswordRoute from "~/routes/reset-password.$token";
import * as passwordSettingsRoute from "~/routes/settings.password";
import * as sessionsSettingsRoute from "~/routes/settings.sessions";
import * as twoFactorSettingsRoute from "~/routes/settings.two-factor";
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
  const enrollment = await startTwoFactorEnrollment({ userId: user.id });
  if (!enrollment.ok) throw new Error("two-factor enrolment did not start");
  const { secretBase32 } = enrollment;
  const confirmation = await confirmTwoFactorEnrollment({ userId: user.id, password, code: totpAt(secretBase32, -30) });
  if (!confirmation.ok) throw new Error("two-factor enrolment was not confirmed");
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

async function submitSignup(form: Record<string, string>, { clientIp = nextClientIp() } = {}) {
  const request = await buildFormRequest({ path: "/signup", form });
  return settle(signupRoute.action(routeArgs(request, { clientIp })));
}

async function submitLogin({
  email,
  password,
  token,
  redirectTo,
  clientIp = nextClientIp(),
}: {
  email: string;
  password: string;
  token?: string;
  redirectTo?: string;
  clientIp?: string;
}) {
  const form = { email, password, ...(redirectTo === undefined ? {} : { redirectTo }) };
  const request = await buildFormRequest({ path: "/login", form, token });
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

async function requestReset(
  email: string,
  { clientIp = nextClientIp(), appUrl }: { clientIp?: string; appUrl?: string } = {},
) {
  const request = await buildFormRequest({ path: "/forgot-password", form: { email }, appUrl });
  return settle(forgotPasswordRoute.action(routeArgs(request, { clientIp })));
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
});

// The limits count in fixed windows; the clock is held inside one so the attempts cannot straddle two.
function holdClockInsideOneRateLimitWindow() {
  const windowMs = AUTH_WINDOW_SECONDS * 1000;
  const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(windowStart + 60_000);
}

/** Runs `count` tasks, `concurrency` at a time, in order of index. */
async function inBatches<T>(count: number, concurrency: number, task: (index: number) => Promise<T>) {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, offset) => task(start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

describe("log-in limits: a room behind one address gets in, guessing does not", () => {
  test("60 learners sign up and log in from one address within a minute, all of them", async () => {
    holdClockInsideOneRateLimitWindow();
    const roomAddress = nextClientIp();
    const learners = Array.from({ length: 60 }, (_, index) => ({
      name: `Learner ${index + 1}`,
      email: uniqueEmail(`room-${index + 1}`),
    }));

    const signUps = await Promise.all(
      learners.map((learner) => submitSignup({ ...learner, password: PASSWORD }, { clientIp: roomAddress })),
    );
    expect(signUps.map((reply) => reply.status)).toEqual(learners.map(() => 302));

    // One learner mistypes first, as people do; it costs nobody else anything.
    expect(
      (await submitLogin({ email: learners[0]!.email, password: "typo-password-1", clientIp: roomAddress })).status,
    ).toBe(400);
    const logIns = await Promise.all(
      learners.map((learner) => submitLogin({ email: learner.email, password: PASSWORD, clientIp: roomAddress })),
    );
    expect(logIns.map((reply) => reply.status)).toEqual(learners.map(() => 302));
    for (const reply of logIns) expect(await sessionTokenFromSetCookie(reply.headers.get("Set-Cookie"))).not.toBeNull();
  });

  test("the 11th wrong password for one account from one address within the window gets 429 with Retry-After", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    const clientIp = nextClientIp();
    for (let attempt = 1; attempt <= AUTH_LIMITS.loginFailuresPerAccountAndAddress; attempt++) {
      const reply = await submitLogin({ email: user.email, password: "wrong-password-guess", clientIp });
      expect(reply.status, `attempt ${attempt}`).toBe(400);
    }

    const refused = await submitLogin({ email: user.email.toUpperCase(), password: "wrong-password-guess", clientIp });
    expect(refused.status).toBe(429);
    expect(refused.data?.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(Number(refused.headers.get("Retry-After"))).toBe(AUTH_WINDOW_SECONDS - 60);
    // Even the right password waits out the window from that address…
    expect((await submitLogin({ email: user.email, password, clientIp })).status).toBe(429);
    expect(await sessionIdsOf(user.id)).toEqual([]);
    // …while the owner, from another address, and everyone else on this one, still get in.
    expect((await submitLogin({ email: user.email, password })).status).toBe(302);
    const classmate = await createAccount();
    expect((await submitLogin({ email: classmate.user.email, password: classmate.password, clientIp })).status).toBe(
      302,
    );
  });

  test("one account guessed from many addresses is stopped at the per-account limit", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    await inBatches(AUTH_LIMITS.loginFailuresPerAccount, 10, async (attempt) => {
      const reply = await submitLogin({ email: user.email, password: `guess-number-${attempt}` });
      expect(reply.status, `guess ${attempt}`).toBe(400);
    });

    const refused = await submitLogin({ email: user.email, password });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBe(AUTH_WINDOW_SECONDS - 60);
    expect(await sessionIdsOf(user.id)).toEqual([]);
  });

  test("one address trying one password on 400 accounts gets 429 before it is done", async () => {
    holdClockInsideOneRateLimitWindow();
    const sprayer = nextClientIp();
    const replies = await inBatches(400, 8, (index) =>
      submitLogin({ email: uniqueEmail(`target-${index}`), password: "Spring2026!!", clientIp: sprayer }),
    );
    const statuses = replies.map((reply) => reply.status);
    // Exactly the limit is tried; which of one batch's eight is counted last is up to the database.
    expect(statuses.filter((status) => status === 400)).toHaveLength(AUTH_LIMITS.loginFailuresPerAddress);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(AUTH_LIMITS.loginFailuresPerAddress);
    expect(statuses.slice(AUTH_LIMITS.loginFailuresPerAddress + 8).every((status) => status === 429)).toBe(true);
  });

  test("a successful log-in clears the account's failures", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    const clientIp = nextClientIp();
    const fail = () => submitLogin({ email: user.email, password: "forgot-which-one", clientIp });
    for (let attempt = 1; attempt < AUTH_LIMITS.loginFailuresPerAccountAndAddress; attempt++) {
      expect((await fail()).status).toBe(400);
    }
    expect((await submitLogin({ email: user.email, password, clientIp })).status).toBe(302);
    for (let attempt = 1; attempt <= AUTH_LIMITS.loginFailuresPerAccountAndAddress; attempt++) {
      expect((await fail()).status, `attempt ${attempt} after the success`).toBe(400);
    }
    expect((await fail()).status).toBe(429);
  });

  test("sign-ups from one address are limited too, even refused ones", async () => {
    holdClockInsideOneRateLimitWindow();
    const clientIp = nextClientIp();
    // A common password is refused before any hashing, so this spends the limit cheaply.
    await inBatches(AUTH_LIMITS.signUpsPerAddress, 10, async (index) => {
      const reply = await submitSignup(
        { name: "Bot", email: uniqueEmail(`bot-${index}`), password: "password1234" },
        { clientIp },
      );
      expect(reply.status).toBe(400);
    });
    const email = uniqueEmail("late");
    const refused = await submitSignup({ name: "Late", email, password: PASSWORD }, { clientIp });
    expect(refused.status).toBe(429);
    expect(refused.data?.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(refused.headers.get("Retry-After")).not.toBeNull();
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("a log-in sent back to /.//evil.example lands on the home page, not on another host", async () => {
    const { user, password } = await createAccount();
    const reply = await submitLogin({ email: user.email, password, redirectTo: "/.//evil.example" });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/");
  });

  test("while the Argon2 line is full a log-in gets 503 with Retry-After, and nothing is counted", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    const clientIp = nextClientIp();
    // The line holds four slow computations in front (~0.5 s each, so nothing leaves it while the
    // log-in runs) and quick ones behind them up to its limit.
    const slowHash = await hash("slow", { memoryCost: 19456, timeCost: 24, parallelism: 1 });
    const flood = Array.from({ length: PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE_LIMIT }, (_, index) =>
      index < PASSWORD_HASH_CONCURRENCY ? verifyPasswordHash(slowHash, "slow") : hashPassword(`flood-${index}`),
    );
    const busy = await submitLogin({ email: user.email, password: "a-wrong-one-too", clientIp });
    await Promise.all(flood);

    expect(busy.status).toBe(503);
    expect(busy.headers.get("Retry-After")).toBe("5");
    expect(getPasswordHashQueue()).toEqual({ activeCount: 0, pendingCount: 0 });
    // The turned-away attempt was not counted as a failure: all ten are still there.
    for (let attempt = 1; attempt <= AUTH_LIMITS.loginFailuresPerAccountAndAddress; attempt++) {
      expect((await submitLogin({ email: user.email, password: "wrong-guess-77", clientIp })).status).toBe(400);
    }
    expect((await submitLogin({ email: user.email, password, clientIp })).status).toBe(429);
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

  test("the 11th wrong current password within the window gets 429, even from another address", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user, password } = await createAccount();
    const current = await createUserSession(prisma, { userId: user.id });
    for (let attempt = 1; attempt <= AUTH_LIMITS.passwordCheckFailuresPerUser; attempt++) {
      const reply = await submitPasswordChange({ token: current.token, currentPassword: `guess-${attempt}-abcdef` });
      expect(reply.status, `guess ${attempt}`).toBe(400);
    }
    const refused = await submitPasswordChange({ token: current.token, currentPassword: password });
    expect(refused.status).toBe(429);
    expect(refused.data?.result.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(refused.headers.get("Retry-After")).not.toBeNull();
    expect(await verifyLogin({ email: user.email, password })).not.toBeNull();
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

describe("password reset requests", () => {
  test("the link in the mail comes from APP_ORIGIN, or this server, never from the Host the client sent", async () => {
    const { user } = await createAccount();
    await requestReset(user.email, { appUrl: "http://evil.example" });
    const mail = await prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: user.email } });
    expect(mail.textBody).toContain("http://localhost:3000/reset-password/");
    expect(mail.textBody).not.toContain("evil.example");

    vi.stubEnv("APP_ORIGIN", "https://learn.bitgoeul.example");
    try {
      await requestReset(user.email, { appUrl: "http://evil.example" });
    } finally {
      vi.unstubAllEnvs();
    }
    const second = await prisma.emailOutbox.findFirstOrThrow({
      where: { toAddress: user.email },
      orderBy: { createdAt: "desc" },
    });
    expect(second.textBody).toContain("https://learn.bitgoeul.example/reset-password/");
  });

  test("one account gets at most five reset mails per window, from any address", async () => {
    holdClockInsideOneRateLimitWindow();
    const { user } = await createAccount();
    for (let request = 1; request <= AUTH_LIMITS.resetRequestsPerAccount; request++) {
      expect((await requestReset(user.email)).status, `request ${request}`).toBe(200);
    }
    const refused = await requestReset(user.email);
    expect(refused.status).toBe(429);
    expect(refused.data?.result.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(await prisma.emailOutbox.count({ where: { toAddress: user.email } })).toBe(
      AUTH_LIMITS.resetRequestsPerAccount,
    );
  });

  test("a dead reset link is refused before any hashing: 410 even while the Argon2 line is full", async () => {
    const { user } = await createAccount();
    const token = await mailedResetToken(user.email);
    await prisma.passwordResetToken.update({ where: { id: sha256Hex(token) }, data: { usedAt: new Date() } });
    const slowHash = await hash("slow", { memoryCost: 19456, timeCost: 24, parallelism: 1 });
    const flood = Array.from({ length: PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE_LIMIT }, (_, index) =>
      index < PASSWORD_HASH_CONCURRENCY ? verifyPasswordHash(slowHash, "slow") : hashPassword(`flood-${index}`),
    );
    const reply = await submitReset({ token });
    await Promise.all(flood);
    expect(reply.status).toBe(410);
    expect(reply.data?.error).toEqual({ "": ["auth.resetLinkInvalid"] });
  });
});

describe("two-factor settings", () => {
  async function submitTwoFactorSettings({ token, form }: { token: string; form: Record<string, string> }) {
    const request = await buildFormRequest({ path: "/settings/two-factor", form, token });
    return settle(twoFactorSettingsRoute.action(routeArgs(request)));
  }

  test("turning it on needs the password: without it nothing changes, and the QR code stays on screen", async () => {
    const { user, password } = await createAccount();
    const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
    const started = await submitTwoFactorSettings({ token, form: { intent: "start" } });
    const secretBase32 = started.data?.enrollment?.secretBase32 ?? "";
    expect(secretBase32).toMatch(/^[A-Z2-7]{32}$/);

    const code = currentTotp(secretBase32);
    const withoutPassword = await submitTwoFactorSettings({ token, form: { intent: "confirm", code } });
    expect(withoutPassword.status).toBe(400);
    expect(withoutPassword.data?.result.error?.currentPassword).toEqual(["validation.required"]);
    const wrongPassword = await submitTwoFactorSettings({
      token,
      form: { intent: "confirm", code, currentPassword: "stolen-session-guess" },
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.data?.result.error?.currentPassword).toEqual(["validation.currentPasswordWrong"]);
    expect(wrongPassword.data?.enrollment?.secretBase32).toBe(secretBase32);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();

    const confirmed = await submitTwoFactorSettings({
      token,
      form: { intent: "confirm", code, currentPassword: password },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.data?.recoveryCodes).toHaveLength(10);
  });

  test("a stale tab's Set up, Turn off or Turn on answers with a message, never an error page", async () => {
    const { user, password, secretBase32, recoveryCodes } = await createTwoFactorAccount();
    const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });

    const startAgain = await submitTwoFactorSettings({ token, form: { intent: "start" } });
    expect(startAgain.status).toBe(409);
    expect(startAgain.data?.result.error).toEqual({ "": ["settings.twoFactorAlreadyOn"] });

    const confirmAgain = await submitTwoFactorSettings({
      token,
      form: { intent: "confirm", code: currentTotp(secretBase32), currentPassword: password },
    });
    expect(confirmAgain.status).toBe(409);
    expect(confirmAgain.data?.result.error).toEqual({ "": ["settings.twoFactorNoPending"] });

    const off = { intent: "disable", code: recoveryCodes[0]!, currentPassword: password };
    expect((await submitTwoFactorSettings({ token, form: off })).status).toBe(200);
    const offAgain = await submitTwoFactorSettings({ token, form: { ...off, code: recoveryCodes[1]! } });
    expect(offAgain.status).toBe(409);
    expect(offAgain.data?.result.error).toEqual({ "": ["settings.twoFactorAlreadyOff"] });
  });

  test("turning it off asks for the password and stops guesses after ten", async () => {
    const { user, password, recoveryCodes } = await createTwoFactorAccount();
    const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
    // Held after enrolment, which moves the clock to make its code.
    holdClockInsideOneRateLimitWindow();
    for (let attempt = 1; attempt <= AUTH_LIMITS.passwordCheckFailuresPerUser; attempt++) {
      const reply = await submitTwoFactorSettings({
        token,
        form: { intent: "disable", code: recoveryCodes[0]!, currentPassword: `guess-${attempt}-xyz` },
      });
      expect(reply.data?.result.error?.currentPassword, `guess ${attempt}`).toEqual([
        "validation.currentPasswordWrong",
      ]);
    }
    const refused = await submitTwoFactorSettings({
      token,
      form: { intent: "disable", code: recoveryCodes[0]!, currentPassword: password },
    });
    expect(refused.status).toBe(429);
    expect(refused.data?.result.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull();
  });

  test("at log-in, the 11th wrong code gets 429 and the right one must wait", async () => {
    const { user, password, recoveryCodes } = await createTwoFactorAccount();
    const { token } = await logInForToken({ email: user.email, password });
    holdClockInsideOneRateLimitWindow();
    for (let attempt = 1; attempt <= AUTH_LIMITS.twoFactorFailuresPerUser; attempt++) {
      expect((await submitTwoFactorCode({ token, code: "000000" })).status).toBe(400);
    }
    const refused = await submitTwoFactorCode({ token, code: recoveryCodes[0]! });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).not.toBeNull();
    expect(
      (await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(token) } })).isTwoFactorVerified,
    ).toBe(false);
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
