import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createModuleWithLessons, createProgram, createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
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

/** A credit course with a quiz of three kinds of question and an assignment, a learner who handed it in, a gradebook. */
async function gradedCourse() {
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [
      [
        { title: "Check your understanding", kind: "QUIZ" },
        { title: "Report", kind: "ASSIGNMENT" },
      ],
    ],
  });
  await db.course.update({ where: { id: course.id }, data: { credits: 3 } });
  const [quizLesson, assignmentLesson] = lessons as [(typeof lessons)[number], (typeof lessons)[number]];
  const quiz = await db.quiz.findUniqueOrThrow({ where: { lessonId: quizLesson.id } });
  await db.question.createMany({
    data: [
      {
        quizId: quiz.id,
        position: 0,
        kind: "SINGLE_CHOICE",
        prompt: "검증 데이터는 무엇에 씁니까?",
        choices: [
          { id: "a", text: "모델 선택" },
          { id: "b", text: "학습" },
        ],
        answer: ["a"],
      },
      { quizId: quiz.id, position: 1, kind: "SHORT_ANSWER", prompt: "데이터 분석 라이브러리는?", answer: ["pandas"] },
      {
        quizId: quiz.id,
        position: 2,
        kind: "NUMERIC",
        prompt: "π를 소수 둘째 자리까지",
        answer: { value: 3.14, tolerance: 0 },
      },
    ],
  });
  const assignment = await db.assignment.findUniqueOrThrow({ where: { lessonId: assignmentLesson.id } });
  const instructor = await createUser(db, { role: "INSTRUCTOR", name: "A11y Grader" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  const learner = await createUser(db, { name: "A11y Learner" });
  await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });
  const submission = await db.submission.create({
    data: { assignmentId: assignment.id, userId: learner.id, body: "제 보고서입니다." },
  });
  const category = await db.gradeCategory.create({
    data: { courseId: course.id, name: "평가", weightPercent: 100, position: 1 },
  });
  await db.gradeItem.createMany({
    data: [
      { courseId: course.id, categoryId: category.id, kind: "QUIZ", lessonId: quizLesson.id, position: 1 },
      { courseId: course.id, categoryId: category.id, kind: "ASSIGNMENT", lessonId: assignmentLesson.id, position: 2 },
      { courseId: course.id, categoryId: category.id, kind: "MANUAL", title: "기말고사", position: 3 },
    ],
  });

  return { course, quizLesson, assignmentLesson, submission, instructor, learner };
}

test("quiz, assignment and grade pages in the studio have no WCAG A/AA violations", async ({ browser }) => {
  // Ten pages, each analysed by axe: more than one page's time when the suite runs in parallel.
  test.setTimeout(60_000);
  const { course, quizLesson, assignmentLesson, submission, instructor } = await gradedCourse();
  const teacher = await browser.newContext();
  await signIn(teacher, db, { userId: instructor.id });
  const studio = await teacher.newPage();
  for (const path of [
    `lessons/${quizLesson.id}/quiz`,
    `lessons/${quizLesson.id}/quiz?add=SINGLE_CHOICE`,
    `lessons/${quizLesson.id}/results`,
    `lessons/${assignmentLesson.id}/assignment`,
    "progress",
    "grading",
    `grading/${submission.id}`,
    "gradebook",
    "gradebook/settings",
    "final-grades",
  ]) {
    await studio.goto(`/teach/${course.id}/${path}`);
    await expect(studio.getByRole("banner")).toContainText("A11y Grader");
    await test.step(path, () => expectNoViolations(studio));
  }
  await teacher.close();
});

test("a learner's quiz, assignment and grades pages have no WCAG A/AA violations", async ({ browser }) => {
  const { course, quizLesson, assignmentLesson, learner } = await gradedCourse();
  const student = await browser.newContext();
  await signIn(student, db, { userId: learner.id });
  const page = await student.newPage();
  // The quiz as it starts, then an open attempt's form.
  await page.goto(`/courses/${course.slug}/lessons/${quizLesson.slug}`);
  await test.step("quiz lesson", () => expectNoViolations(page));
  await page.getByRole("button", { name: "퀴즈 시작" }).click();
  await expect(page.getByRole("button", { name: "답안 제출" })).toBeVisible();
  await test.step("open attempt", () => expectNoViolations(page));
  for (const path of [
    `/courses/${course.slug}/lessons/${quizLesson.slug}/quiz`,
    `/courses/${course.slug}/lessons/${assignmentLesson.slug}`,
    `/courses/${course.slug}/grades`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("banner")).toContainText("A11y Learner");
    await test.step(path, () => expectNoViolations(page));
  }
  await student.close();
});
