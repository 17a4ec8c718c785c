// Builders for signed-in tests: sessions, teaching assignments, and requests that carry a session.
import type { Database } from "../../app/lib/db.server";
import type { CourseInstructorRole } from "../../app/generated/prisma/client";
import {
  generateSessionToken,
  hashSessionToken,
  renewedExpiry,
  serializeSessionCookie,
} from "../../app/auth/session.server";

/** A session row for `userId` and the token a browser would hold for it. */
export async function createUserSession(
  db: Database,
  {
    userId,
    isTwoFactorVerified = false,
    expiresAt = renewedExpiry(new Date()),
    lastSeenAt = new Date(),
  }: { userId: string; isTwoFactorVerified?: boolean; expiresAt?: Date; lastSeenAt?: Date },
) {
  const token = generateSessionToken();
  const session = await db.session.create({
    data: { id: hashSessionToken(token), userId, isTwoFactorVerified, expiresAt, lastSeenAt },
  });
  return { token, session };
}

export async function addCourseInstructor(
  db: Database,
  { courseId, userId, role = "LEAD" }: { courseId: string; userId: string; role?: CourseInstructorRole },
) {
  return db.courseInstructor.create({ data: { courseId, userId, role } });
}

/** A request to `path` on the app, carrying `token` in the session cookie when given. */
export async function buildRequest({
  path = "/",
  token,
  method = "GET",
}: { path?: string; token?: string; method?: string } = {}) {
  const url = new URL(path, "http://bitgoeul.test");
  const headers = new Headers();
  if (token) {
    // The Cookie header is the Set-Cookie's first name=value pair.
    const setCookie = await serializeSessionCookie({
      request: new Request(url),
      token,
      expiresAt: renewedExpiry(new Date()),
    });
    headers.set("Cookie", setCookie.split(";")[0] ?? "");
  }
  return new Request(url, { method, headers });
}
