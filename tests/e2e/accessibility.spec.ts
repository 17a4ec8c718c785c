import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createModuleWithLessons, createProgram, uniqueSuffix } from "../factories";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

// axe-core checks the rendered pages against WCAG 2.1 A and AA rules; any violation fails.
async function expectNoViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    results.violations.map(({ id, help, nodes }) => ({
      id,
      help,
      targets: nodes.map((node) => node.target.join(" ")),
    })),
  ).toEqual([]);
}

test("public pages have no WCAG A/AA violations", async ({ page }) => {
  const program = await createProgram(db, { kind: "GRADUATE" });
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, { courseId: course.id, lessons: [{ title: "Lesson one" }] });

  for (const path of [
    "/",
    "/courses",
    `/courses/${course.slug}`,
    `/programs/${program.slug}`,
    "/login",
    "/signup",
    "/forgot-password",
  ]) {
    await page.goto(path);
    await test.step(path, () => expectNoViolations(page));
  }
});

test("signed-in pages have no WCAG A/AA violations", async ({ page, context }) => {
  const admin = await db.user.create({
    data: { email: `a11y-${uniqueSuffix()}@test.bitgoeul.example`, name: "A11y Admin", role: "ADMIN" },
  });
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, {
    courseId: course.id,
    lessons: [{ title: "Lesson one" }, { title: "Lesson two" }],
  });
  const lesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { position: "asc" } });
  await db.enrollment.create({
    data: { userId: admin.id, courseId: course.id, status: "ACTIVE", activatedAt: new Date() },
  });

  await signIn(context, db, { userId: admin.id });

  for (const path of [
    "/learn",
    `/courses/${course.slug}/lessons/${lesson.slug}`,
    "/settings",
    "/settings/password",
    "/settings/sessions",
    "/settings/two-factor",
    "/admin/users",
    `/admin/users/${admin.id}`,
    "/admin/outbox",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("banner")).toContainText("A11y Admin");
    await test.step(path, () => expectNoViolations(page));
  }
});

test("studio pages have no WCAG A/AA violations", async ({ page, context }) => {
  const instructor = await db.user.create({
    data: { email: `a11y-${uniqueSuffix()}@test.bitgoeul.example`, name: "A11y Instructor", role: "INSTRUCTOR" },
  });
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, {
    courseId: course.id,
    lessons: [{ title: "Lesson one" }, { title: "Lesson two" }],
  });
  await db.courseInstructor.create({ data: { courseId: course.id, userId: instructor.id, role: "LEAD" } });
  const lesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { position: "asc" } });

  await signIn(context, db, { userId: instructor.id });

  for (const path of [
    "/teach",
    "/teach/new",
    "/teach/import",
    `/teach/${course.id}`,
    `/teach/${course.id}/outline`,
    `/teach/${course.id}/lessons/${lesson.id}`,
    `/teach/${course.id}/learners`,
    `/teach/${course.id}/announcements`,
    `/teach/${course.id}/duplicate`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("banner")).toContainText("A11y Instructor");
    await test.step(path, () => expectNoViolations(page));
  }
});
