import { describe, expect, test } from "vitest";
import {
  getOptionalUser,
  requireCoursePermission,
  requirePermission,
  requireRole,
  requireUser,
  requireUserSession,
} from "~/auth/guards.server";
import { prisma } from "~/lib/db.server";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";
import { createCourse, createProgram, createUser } from "../../tests/factories";
import type { Role } from "~/generated/prisma/client";

/** The Response a guard threw; fails the test when it threw something else or nothing. */
async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the guard to throw a Response");
}

async function signIn({ role = "LEARNER", path = "/" }: { role?: Role; path?: string } = {}) {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id });
  return { user, request: await buildRequest({ path, token }) };
}

describe("requireUser", () => {
  test("sends an anonymous visitor to log in and back", async () => {
    const response = await thrownResponse(requireUser(await buildRequest({ path: "/courses/ai501?tab=syllabus" })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fcourses%2Fai501%3Ftab%3Dsyllabus");
  });

  test("sends a session still waiting for its second factor to the two-factor step", async () => {
    const user = await createUser(prisma);
    await prisma.user.update({
      where: { id: user.id },
      data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() },
    });
    const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: false });
    const request = await buildRequest({ path: "/dashboard", token });

    const response = await thrownResponse(requireUser(request));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login/two-factor?redirectTo=%2Fdashboard");
    expect(await getOptionalUser(request)).toBeNull();
  });

  test("returns the user once the second factor is verified", async () => {
    const user = await createUser(prisma);
    await prisma.user.update({
      where: { id: user.id },
      data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() },
    });
    const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });

    expect((await requireUser(await buildRequest({ token }))).id).toBe(user.id);
  });

  test("returns the signed-in user, as getOptionalUser does", async () => {
    const { user, request } = await signIn();
    expect((await requireUser(request)).id).toBe(user.id);
    expect((await getOptionalUser(request))?.id).toBe(user.id);
    expect(await getOptionalUser(await buildRequest())).toBeNull();
  });
});

describe("requireUserSession", () => {
  test("returns the user with the session, and redirects like requireUser", async () => {
    const user = await createUser(prisma);
    const { token, session } = await createUserSession(prisma, { userId: user.id });
    const result = await requireUserSession(await buildRequest({ token }));
    expect(result.user.id).toBe(user.id);
    expect(result.session.id).toBe(session.id);

    const response = await thrownResponse(requireUserSession(await buildRequest({ path: "/settings/sessions" })));
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fsessions");
  });
});

describe("requireRole", () => {
  test("throws 403 for another role and returns the user for an allowed one", async () => {
    const learner = await signIn({ role: "LEARNER" });
    expect((await thrownResponse(requireRole(learner.request, "ADMIN"))).status).toBe(403);

    const instructor = await signIn({ role: "INSTRUCTOR" });
    expect((await requireRole(instructor.request, ["INSTRUCTOR", "ADMIN"])).id).toBe(instructor.user.id);
  });
});

describe("requirePermission", () => {
  test("throws 403 when the role lacks the action", async () => {
    const { request } = await signIn({ role: "INSTRUCTOR" });
    const response = await thrownResponse(requirePermission(request, "user:manage"));
    expect(response.status).toBe(403);
  });

  test("returns the user when allowed", async () => {
    const { user, request } = await signIn({ role: "ADMIN" });
    expect((await requirePermission(request, "outbox:view")).id).toBe(user.id);
  });

  test("sends an anonymous visitor to log in rather than answering 403", async () => {
    const response = await thrownResponse(requirePermission(await buildRequest({ path: "/admin" }), "admin:access"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });
});

describe("requireCoursePermission", () => {
  async function courseTaughtBy(...instructorIds: string[]) {
    const program = await createProgram(prisma);
    const course = await createCourse(prisma, { programId: program.id });
    for (const [index, userId] of instructorIds.entries()) {
      await addCourseInstructor(prisma, { courseId: course.id, userId, role: index === 0 ? "LEAD" : "CO_INSTRUCTOR" });
    }
    return course;
  }

  test("answers 404 for an unknown course, by slug, by id, or by a malformed id", async () => {
    const { request } = await signIn({ role: "ADMIN" });
    for (const target of [
      { slug: "no-such-course" },
      { courseId: "0190b5f0-0000-7000-8000-000000000000" },
      { courseId: "not-a-uuid" },
    ]) {
      const response = await thrownResponse(requireCoursePermission(request, { action: "course:manage", ...target }));
      expect(response.status).toBe(404);
    }
  });

  test("answers 403 to an instructor of another course", async () => {
    const lead = await createUser(prisma, { role: "INSTRUCTOR" });
    const course = await courseTaughtBy(lead.id);
    const { request } = await signIn({ role: "INSTRUCTOR" });

    const response = await thrownResponse(
      requireCoursePermission(request, { action: "course:manage", courseId: course.id }),
    );
    expect(response.status).toBe(403);
  });

  test("lets a co-instructor manage the course and returns its identifiers", async () => {
    const lead = await createUser(prisma, { role: "INSTRUCTOR" });
    const { user: coInstructor, request } = await signIn({ role: "INSTRUCTOR" });
    const course = await courseTaughtBy(lead.id, coInstructor.id);

    const allowed = await requireCoursePermission(request, { action: "enrollment:decide", slug: course.slug });
    expect(allowed.user.id).toBe(coInstructor.id);
    expect(allowed.course.id).toBe(course.id);
    expect(allowed.course.slug).toBe(course.slug);
    expect([...allowed.course.instructorIds].sort()).toEqual([lead.id, coInstructor.id].sort());
  });

  test("lets an admin manage any course", async () => {
    const course = await courseTaughtBy();
    const { request } = await signIn({ role: "ADMIN" });
    const allowed = await requireCoursePermission(request, { action: "course:manage", courseId: course.id });
    expect(allowed.course.id).toBe(course.id);
  });

  test("sends an anonymous visitor to log in before looking the course up", async () => {
    const response = await thrownResponse(
      requireCoursePermission(await buildRequest({ path: "/teach/x" }), { action: "course:manage", slug: "x" }),
    );
    expect(response.status).toBe(302);
  });
});
