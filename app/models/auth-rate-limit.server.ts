// Limits on log-in and password-reset attempts: per client address and per email, so neither one
// address trying many accounts nor many addresses trying one account gets far.
import { consumeRateLimit } from "~/models/rate-limit.server";

export const AUTH_ATTEMPT_LIMIT = 10;
export const AUTH_WINDOW_SECONDS = 15 * 60;

export async function consumeAuthRateLimits({
  kind,
  ip,
  email,
}: {
  kind: "login" | "password-reset";
  ip: string;
  email: string;
}) {
  const results = await Promise.all([
    consumeRateLimit({ key: `${kind}:ip:${ip}`, limit: AUTH_ATTEMPT_LIMIT, windowSeconds: AUTH_WINDOW_SECONDS }),
    consumeRateLimit({
      key: `${kind}:email:${email.trim().toLowerCase()}`,
      limit: AUTH_ATTEMPT_LIMIT,
      windowSeconds: AUTH_WINDOW_SECONDS,
    }),
  ]);
  const refused = results.filter((result) => !result.isAllowed);
  return {
    isAllowed: refused.length === 0,
    retryAfterSeconds: Math.max(0, ...refused.map((result) => result.retryAfterSeconds)),
  };
}
