// A signed-in session for a bench viewer (the heavy learner, an instructor), as the app creates it at log-in.

/**
 * A session for `userId` and the Cookie header a browser would send with it. The session module
 * opens the app's database client from DATABASE_URL when imported, so it is imported only now.
 */
export async function createSessionCookie({
  databaseUrl,
  appUrl,
  userId,
}: {
  databaseUrl: string;
  appUrl: string;
  userId: string;
}): Promise<string> {
  process.env.DATABASE_URL = databaseUrl;
  const { createSession, serializeSessionCookie } = await import("../../app/auth/session.server");
  const { token, session } = await createSession({ userId, isTwoFactorVerified: true });
  // The app is served over plain HTTP here, so its cookie is the plain one.
  const setCookie = await serializeSessionCookie({
    request: new Request(appUrl),
    token,
    expiresAt: session.expiresAt,
  });
  return setCookie.split(";")[0] ?? "";
}
