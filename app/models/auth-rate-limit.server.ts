// Limits on everything that checks a secret or costs an Argon2 hash: log-in, the second factor,
// sign-up, reset requests, and the password and code checks of a signed-in user.
//
// A computer lab or a bootcamp room reaches the server from one address, so successes never count
// against an address: 60 people logging in from one room must all get in. Failures do, three ways:
// per account and address (a person's own typos, or a guesser at one account), per account from
// every address (guesses spread over many addresses are still bounded), and per address (one machine
// trying one password on many accounts). A success clears the account's failures.
import { normalizeEmail } from "~/lib/email-address";
import {
  consumeRateLimits,
  releaseRateLimits,
  resetRateLimits,
  type RateLimitResult,
  type RateLimitRule,
} from "~/models/rate-limit.server";

export const AUTH_WINDOW_SECONDS = 15 * 60;

/** Per window of AUTH_WINDOW_SECONDS. README's "Rate limits" lists the same numbers. */
export const AUTH_LIMITS = {
  loginFailuresPerAccountAndAddress: 10,
  loginFailuresPerAccount: 50,
  // A room of 60 with a few typos each stays well under it; spraying one password does not.
  loginFailuresPerAddress: 100,
  signUpsPerAddress: 100,
  resetRequestsPerAccount: 5,
  resetRequestsPerAddress: 50,
  /** Two-factor codes, at log-in and in settings: six digits must not be guessable in bulk. */
  twoFactorFailuresPerUser: 10,
  /** The current password asked for by settings (password change, two-factor changes). */
  passwordCheckFailuresPerUser: 10,
} as const;

function rule(key: string, limit: number): RateLimitRule {
  return { key, limit, windowSeconds: AUTH_WINDOW_SECONDS };
}

function loginRules({ email, ip }: { email: string; ip: string }) {
  const account = normalizeEmail(email);
  return {
    pair: rule(`login:account-address:${account}:${ip}`, AUTH_LIMITS.loginFailuresPerAccountAndAddress),
    account: rule(`login:account:${account}`, AUTH_LIMITS.loginFailuresPerAccount),
    address: rule(`login:address:${ip}`, AUTH_LIMITS.loginFailuresPerAddress),
  };
}

/**
 * Counts a log-in attempt as failed until it proves otherwise (so concurrent guesses cannot slip
 * past the limit together), or refuses it. Call loginSucceeded when the password was right.
 */
export function startLoginAttempt({ email, ip }: { email: string; ip: string }): Promise<RateLimitResult> {
  const { pair, account, address } = loginRules({ email, ip });
  return consumeRateLimits({ rules: [pair, account, address] });
}

/** Takes back an attempt that was never checked. */
export async function cancelLoginAttempt({ email, ip }: { email: string; ip: string }) {
  const { pair, account, address } = loginRules({ email, ip });
  await releaseRateLimits({ rules: [pair, account, address] });
}

/** Takes back the attempt's count on the address and clears the account's failures. */
export async function loginSucceeded({ email, ip }: { email: string; ip: string }) {
  const { pair, account, address } = loginRules({ email, ip });
  await Promise.all([releaseRateLimits({ rules: [address] }), resetRateLimits({ keys: [pair.key, account.key] })]);
}

export function consumeSignUpAttempt({ ip }: { ip: string }): Promise<RateLimitResult> {
  return consumeRateLimits({ rules: [rule(`sign-up:address:${ip}`, AUTH_LIMITS.signUpsPerAddress)] });
}

export function consumeResetRequest({ email, ip }: { email: string; ip: string }): Promise<RateLimitResult> {
  return consumeRateLimits({
    rules: [
      rule(`reset:account:${normalizeEmail(email)}`, AUTH_LIMITS.resetRequestsPerAccount),
      rule(`reset:address:${ip}`, AUTH_LIMITS.resetRequestsPerAddress),
    ],
  });
}

export type UserSecretCheck = "twoFactor" | "passwordCheck";

function userSecretRule({ check, userId }: { check: UserSecretCheck; userId: string }) {
  return check === "twoFactor"
    ? rule(`two-factor:user:${userId}`, AUTH_LIMITS.twoFactorFailuresPerUser)
    : rule(`password-check:user:${userId}`, AUTH_LIMITS.passwordCheckFailuresPerUser);
}

/**
 * Counts a check of a signed-in (or half signed-in) user's password or two-factor code as failed
 * until it succeeds, or refuses it. Per user, from any address: the session already names the user.
 */
export function startUserSecretCheck(target: { check: UserSecretCheck; userId: string }): Promise<RateLimitResult> {
  return consumeRateLimits({ rules: [userSecretRule(target)] });
}

export async function userSecretCheckSucceeded(target: { check: UserSecretCheck; userId: string }) {
  await resetRateLimits({ keys: [userSecretRule(target).key] });
}
