// Signs a browser context in by creating its session directly, as the log-in form would, so tests
// that are not about logging in do not spend log-in attempts or Argon2 time.
import type { BrowserContext } from "@playwright/test";
import { serializeSessionCookie } from "../../app/auth/session.server";
import type { Database } from "../../app/lib/prisma-client.server";
import { createUserSession } from "../factories/auth";

export async function signIn(
  context: BrowserContext,
  db: Database,
  {
    userId,
    baseUrl = process.env.E2E_BASE_URL!,
    isTwoFactorVerified = true,
  }: { userId: string; baseUrl?: string; isTwoFactorVerified?: boolean },
) {
  // isTwoFactorVerified: false leaves a user with two-factor on half-way, at the code prompt.
  const { token, session } = await createUserSession(db, { userId, isTwoFactorVerified });
  // The cookie the app sets for the origin the browser uses: the app under test is served over HTTP.
  const setCookie = await serializeSessionCookie({
    request: new Request(baseUrl),
    token,
    expiresAt: session.expiresAt,
  });
  const nameValue = setCookie.split(";")[0] ?? "";
  const separator = nameValue.indexOf("=");
  await context.addCookies([
    {
      name: nameValue.slice(0, separator),
      value: nameValue.slice(separator + 1),
      url: baseUrl,
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
}
