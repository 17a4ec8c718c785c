// The checks every private loader and action starts with. Each throws what Remix should answer
// (a redirect to log in, 403, 404), so a route reads: guard, parse, model call, return.
import { redirect } from "@remix-run/node";
import { can, type Action, type PermissionResource } from "~/auth/permissions";
import {
  getRequestSession,
  isAwaitingTwoFactor,
  type SessionUser,
  type SessionValidationResult,
} from "~/auth/session.server";
import type { Role } from "~/generated/prisma/client";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { refusalResponse } from "~/lib/refusal.server";
import { getCourseTeachers, type CourseRef } from "~/models/course.server";
import { getLessonForViewer, LESSON_ACCESS_REFUSALS } from "~/models/lesson.server";

function forbidden() {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/** `/login?redirectTo=<this request's path>` or the two-factor step, with the same way back. */
function redirectToLogin(request: Request, path: "/login" | "/login/two-factor") {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(`${url.pathname}${url.search}`);
  return redirect(`${path}?${new URLSearchParams({ redirectTo })}`);
}

/**
 * The signed-in user, or null. A session still waiting for its second factor counts as signed
 * out here; the two-factor route reads it with getRequestSession.
 */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const result = await getRequestSession(request);
  if (!result || isAwaitingTwoFactor(result)) return null;
  return result.user;
}

/**
 * The signed-in user and their session (for pages that act on the session itself, such as "sign
 * out other devices"); otherwise throws a redirect to log in (or to finish two-factor) and back.
 */
export async function requireUserSession(request: Request): Promise<SessionValidationResult> {
  const result = await getRequestSession(request);
  if (!result) throw redirectToLogin(request, "/login");
  if (isAwaitingTwoFactor(result)) throw redirectToLogin(request, "/login/two-factor");
  return result;
}

/** The signed-in user; otherwise throws a redirect to log in (or to finish two-factor) and back. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireUserSession(request)).user;
}

/** The signed-in user when their role is one of `roles`; otherwise throws 403. */
export async function requireRole(request: Request, roles: Role | readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  const allowed: readonly Role[] = typeof roles === "string" ? [roles] : roles;
  if (!allowed.includes(user.role)) throw forbidden();
  return user;
}

/** The signed-in user when `can` allows `action` on `resource`; otherwise throws 403. */
export async function requirePermission(
  request: Request,
  action: Action,
  resource?: PermissionResource,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action, resource)) throw forbidden();
  return user;
}

export type CourseGuardTarget = { action: Action } & CourseRef;

/**
 * Loads who teaches the course (one query) and checks `action` against it. Throws 404 for an
 * unknown course and 403 when not allowed; returns the user and the course's identifiers.
 */
export async function requireCoursePermission(
  request: Request,
  target: CourseGuardTarget,
): Promise<{
  user: SessionUser;
  course: { id: string; slug: string; instructorIds: string[]; leadInstructorIds: string[] };
}> {
  const user = await requireUser(request);
  const course = await getCourseTeachers(target);
  if (!course) throw new Response("Course not found", { status: 404, statusText: "Not Found" });
  if (!can(user, target.action, course)) throw forbidden();
  return { user, course };
}

/**
 * The signed-in viewer and the lesson they may see, for the lesson page, its reading-time beacon and
 * its downloads alike; otherwise throws 404 (no such lesson for them) or 403 (enroll first).
 */
export async function requireLessonAccess(
  request: Request,
  { courseSlug, lessonSlug }: { courseSlug: string; lessonSlug: string },
) {
  const viewer = await requireUser(request);
  const access = await getLessonForViewer({ viewer, courseSlug, lessonSlug });
  if (!access.ok) throw refusalResponse(LESSON_ACCESS_REFUSALS, access);
  return { viewer, lesson: access.lesson, isPreview: access.isPreview, enrollment: access.enrollment };
}
