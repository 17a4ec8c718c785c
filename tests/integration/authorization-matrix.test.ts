// The authorization matrix: every route that takes an id is requested as an anonymous visitor, as a
// learner who does not own the record, as an instructor of another course, and as an admin, and
// must answer the status written here. A route file with a `$param` and no entry fails the suite,
// so a new route cannot skip this review.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { storeFile } from "~/lib/storage.server";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourse, createModuleWithLessons, createProgram, createUser } from "../factories";

type Actor = "anonymous" | "otherLearner" | "otherInstructor" | "admin";
const ACTORS: Actor[] = ["anonymous", "otherLearner", "otherInstructor", "admin"];

type Fixture = {
  tokens: Record<Exclude<Actor, "anonymous">, string>;
  course: { id: string; slug: string };
  enrollableCourse: { slug: string };
  draftCourse: { slug: string };
  lesson: { slug: string };
  targetUserId: string;
  programSlug: string;
  attachmentId: string;
};

type Check = {
  method: "GET" | "POST";
  path: (fixture: Fixture) => string;
  params: (fixture: Fixture) => Record<string, string>;
  form?: Record<string, string>;
  expected: Record<Actor, number>;
};

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

/** One or more checks per route file (by file name without extension). */
const MATRIX: Record<string, Check[]> = {
  "courses.$slug": [
    {
      // Enrolling needs an account; anyone signed in may try, and the rules decide. (A course of
      // its own, so the other checks still see these actors as not enrolled.)
      method: "POST",
      path: (f) => `/courses/${f.enrollableCourse.slug}`,
      params: (f) => ({ slug: f.enrollableCourse.slug }),
      form: { intent: "enroll" },
      expected: { anonymous: 302, otherLearner: 303, otherInstructor: 303, admin: 303 },
    },
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      // A draft is visible to nobody through the public page.
      method: "GET",
      path: (f) => `/courses/${f.draftCourse.slug}`,
      params: (f) => ({ slug: f.draftCourse.slug }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
  ],
  "courses.$slug_.requests": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/requests`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // An admin deciding a request that is not this course's gets 404, never another course's row.
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/requests`,
      params: (f) => ({ slug: f.course.slug }),
      form: { enrollmentId: "00000000-0000-7000-8000-000000000000", decision: "approve" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 404 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // Admins may look at any lesson, but only enrolled learners have progress to mark.
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      form: { intent: "complete" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 409 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.time": [
    {
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}/time`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      form: { seconds: "30" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 204 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}/attachments/${f.attachmentId}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug, attachmentId: f.attachmentId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "programs.$slug": [
    {
      method: "GET",
      path: (f) => `/programs/${f.programSlug}`,
      params: (f) => ({ slug: f.programSlug }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
  ],
  "reset-password.$token": [
    {
      // Knowing a (wrong) token grants nothing; the page explains the link is invalid.
      method: "POST",
      path: () => "/reset-password/not-a-real-token",
      params: () => ({ token: "not-a-real-token" }),
      form: { password: "a long enough password", confirmPassword: "a long enough password" },
      expected: { anonymous: 410, otherLearner: 410, otherInstructor: 410, admin: 410 },
    },
  ],
  "admin.users.$userId": [
    {
      method: "GET",
      path: (f) => `/admin/users/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      method: "POST",
      path: (f) => `/admin/users/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      form: { intent: "change-role", role: "LEARNER" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 303 },
    },
  ],
};

function routeFilesWithParams() {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !file.includes(".test."))
    .map((file) => file.replace(/\.(tsx?|jsx?)$/, ""))
    .filter((name) => name.includes("$"));
}

/** The status a loader or action answers, whether it returned or threw. */
async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

let fixture: Fixture;

beforeAll(async () => {
  const program = await createProgram(prisma);
  const course = await createCourse(prisma, { programId: program.id });
  const otherCourse = await createCourse(prisma, { programId: program.id });
  const draftCourse = await createCourse(prisma, { programId: program.id, status: "DRAFT" });
  const enrollableCourse = await createCourse(prisma, { programId: program.id });
  await createModuleWithLessons(prisma, { courseId: course.id, lessons: [{ title: "First lesson" }] });
  const lesson = await prisma.lesson.findFirstOrThrow({
    where: { courseId: course.id },
    select: { id: true, slug: true },
  });
  const attachment = await prisma.lessonAttachment.create({
    data: {
      lessonId: lesson.id,
      fileName: "슬라이드.pdf",
      contentType: "application/pdf",
      byteSize: 8,
      storageKey: await storeFile(new TextEncoder().encode("%PDF-1.4")),
    },
  });

  const owningInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: owningInstructor.id });
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: otherInstructor.id });
  const otherLearner = await createUser(prisma, { role: "LEARNER" });
  const admin = await createUser(prisma, { role: "ADMIN" });
  const target = await createUser(prisma, { role: "LEARNER" });

  const tokenFor = async (userId: string) =>
    (await createUserSession(prisma, { userId, isTwoFactorVerified: true })).token;
  fixture = {
    tokens: {
      otherLearner: await tokenFor(otherLearner.id),
      otherInstructor: await tokenFor(otherInstructor.id),
      admin: await tokenFor(admin.id),
    },
    course,
    enrollableCourse,
    draftCourse,
    lesson,
    targetUserId: target.id,
    programSlug: program.slug,
    attachmentId: attachment.id,
  };
});

test("every route that takes an id has an entry in the matrix, and every entry a route", () => {
  const routes = routeFilesWithParams();
  expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((route) => !routes.includes(route))).toEqual([]);
});

describe.each(Object.entries(MATRIX))("%s", (routeFile, checks) => {
  test.each(checks.flatMap((check) => ACTORS.map((actor) => ({ check, actor }))))(
    "$check.method as $actor",
    async ({ check, actor }) => {
      const module = (await import(path.join(ROUTES_DIR, `${routeFile}.tsx`)).catch(
        () => import(path.join(ROUTES_DIR, `${routeFile}.ts`)),
      )) as Record<string, ((args: unknown) => Promise<unknown>) | undefined>;
      const handler = check.method === "GET" ? module.loader : module.action;
      expect(handler, `${routeFile} has no ${check.method === "GET" ? "loader" : "action"}`).toBeTypeOf("function");

      const token = actor === "anonymous" ? undefined : fixture.tokens[actor];
      const base = await buildRequest({ path: check.path(fixture), token, method: check.method });
      const request =
        check.method === "POST"
          ? new Request(base, { body: new URLSearchParams(check.form ?? {}), headers: base.headers })
          : base;
      const status = await statusOf(() =>
        handler!({ request, params: check.params(fixture), context: { requestId: "matrix", clientIp: "192.0.2.1" } }),
      );
      expect(status).toBe(check.expected[actor]);
    },
  );
});
