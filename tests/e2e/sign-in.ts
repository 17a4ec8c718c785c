// Signs a browser context in by creating its session directly, as the log-in form would, so tests
// that are not about logging in do not spend the per-address log-in rate limit (10 per 15 minutes)
// that every test shares from 127.0.0.1.
import type { BrowserContext } from "@playwright/test";
import { serializeSessionCookie } from "../../app/auth/session.server";
import type { Database } from "../../app/lib/prisma-client.server";
import { createUserSession } from "../factories/auth";

export async function signIn(context: BrowserContext, db: Database, { userId }: { userId: string }) {
  const { token, session } = await createUserSession(db, { userId, isTwoFactorVerified: true });
  // The app under test is the production build, whose cookie is the __Host- one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  const setCookie = await serializeSessionCookie(token, session.expiresAt);
  process.env.NODE_ENV = nodeEnv;
  const nameValue = setCookie.split(";")[0] ?? "";
  const separator = nameValue.indexOf("=");
  await context.addCookies([
    {
      name: nameValue.slice(0, separator),
      value: nameValue.slice(separator + 1),
      // Chromium refuses a __Host- cookie given by `url` over http, but takes it by domain and path.
      domain: new URL(process.env.E2E_BASE_URL!).hostname,
      path: "/",
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    },
  ]);
}
