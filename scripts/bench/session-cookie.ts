// A signed-in session for a bench viewer (the heavy learner, an instructor), as the app creates it at log-in.
import type pg from "pg";

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

/**
 * Sessions for many learners at once (the write scenarios give every learner their own), written in
 * one INSERT … SELECT; returns each user's Cookie header, in the order of `userIds`.
 */
export async function createSessionCookies({
  client,
  databaseUrl,
  appUrl,
  userIds,
}: {
  client: pg.Client;
  databaseUrl: string;
  appUrl: string;
  userIds: string[];
}): Promise<string[]> {
  process.env.DATABASE_URL = databaseUrl;
  const { generateSessionToken, hashSessionToken, renewedExpiry, serializeSessionCookie } =
    await import("../../app/auth/session.server");
  const tokens = userIds.map(() => generateSessionToken());
  const expiresAt = renewedExpiry(new Date());
  await client.query(
    `INSERT INTO "Session" ("id", "userId", "expiresAt", "createdAt", "lastSeenAt", "isTwoFactorVerified")
     SELECT s."id", s."userId", $3::timestamptz AT TIME ZONE 'UTC', now(), now(), true FROM unnest($1::text[], $2::uuid[]) AS s("id", "userId")`,
    [tokens.map((token) => hashSessionToken(token)), userIds, expiresAt],
  );
  const request = new Request(appUrl);
  return Promise.all(
    tokens.map(async (token) => (await serializeSessionCookie({ request, token, expiresAt })).split(";")[0] ?? ""),
  );
}
