// Starting and ending sessions from log-in, two-factor, sign-up and log-out actions.
import { redirect, type AppLoadContext } from "@remix-run/node";
import {
  createSession,
  invalidateSession,
  markSessionTwoFactorVerified,
  readSessionToken,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  hashSessionToken,
} from "~/auth/session.server";
import { getClientIp } from "~/lib/request.server";
import { safeRedirectPath } from "~/lib/safe-redirect";

/**
 * Starts a new session (ending the browser's previous one) and redirects: to `redirectTo`, or to
 * the two-factor step first when the user has it on.
 */
export async function logIn({
  request,
  context,
  userId,
  hasTwoFactor,
  redirectTo,
}: {
  request: Request;
  context: AppLoadContext;
  userId: string;
  hasTwoFactor: boolean;
  redirectTo: string | undefined;
}) {
  const { token, session } = await createSession({
    userId,
    userAgent: request.headers.get("User-Agent"),
    ipAddress: getClientIp(context),
    isTwoFactorVerified: !hasTwoFactor,
    replacingToken: await readSessionToken(request),
  });
  const target = safeRedirectPath(redirectTo, "/");
  const location = hasTwoFactor ? `/login/two-factor?${new URLSearchParams({ redirectTo: target })}` : target;
  return redirect(location, {
    headers: { "Set-Cookie": await serializeSessionCookie({ request, token, expiresAt: session.expiresAt }) },
  });
}

/** Marks the browser's session as having passed the second factor. */
export async function completeTwoFactor({ request, redirectTo }: { request: Request; redirectTo: string | undefined }) {
  const token = await readSessionToken(request);
  if (token) await markSessionTwoFactorVerified({ sessionId: hashSessionToken(token) });
  return redirect(safeRedirectPath(redirectTo, "/"));
}

/** Ends the browser's session and clears its cookie. */
export async function logOut({ request, redirectTo = "/" }: { request: Request; redirectTo?: string }) {
  const token = await readSessionToken(request);
  if (token) await invalidateSession({ sessionId: hashSessionToken(token) });
  return redirect(redirectTo, { headers: { "Set-Cookie": await serializeBlankSessionCookie(request) } });
}
