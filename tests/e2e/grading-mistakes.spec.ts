// The mistakes people make with quizzes and assignments, in English on a phone: double clicks on
// Start, Submit and Hand in, a file of the wrong type, and a grader's stale tab. Each must leave
// one record, a message beside what went wrong, and no broken page.
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser } from "../factories";
import { addCourseInstructor } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { overflowingElements, watchForPageErrors } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test.use({ locale: "en-US", viewport: { width: 375, height: 800 } });

/** Someone who reads the app in English. */
async function createEnglishUser(role: "LEARNER" | "INSTRUCTOR" = "LEARNER") {
  const user = await createUser(db, { role });
  return db.user.update({ where: { id: user.id }, data: { locale: "en" } });
}

async function courseWithQuizAndAssignment() {
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [
      [
        { title: "Check your understanding", kind: "QUIZ" },
        { title: "Report", kind: "ASSIGNMENT" },
      ],
    ],
  });
  await db.course.update({ where: { id: course.id }, data: { language: "en" } });
  const [quizLesson, assignmentLesson] = lessons as [(typeof lessons)[number], (typeof lessons)[number]];
  const quiz = await db.quiz.update({ where: { lessonId: quizLesson.id }, data: { maxAttempts: 3 } });
  await db.question.create({
    data: {
      quizId: quiz.id,
      position: 0,
      kind: "SINGLE_CHOICE",
      prompt: "What is a validation set for?",
      choices: [
        { id: "a", text: "Choosing a model" },
        { id: "b", text: "Training" },
      ],
      answer: ["a"],
    },
  });
  await db.assignment.update({
    where: { lessonId: assignmentLesson.id },
    data: { fileExtensions: [".pdf"], maxFiles: 1 },
  });
  const learner = await createEnglishUser();
  await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });
  return { course, quizLesson, assignmentLesson, quizId: quiz.id, learner };
}

test("double clicks on Start and Submit make one attempt, and the page keeps working", async ({ context, page }) => {
  const { course, quizLesson, quizId, learner } = await courseWithQuizAndAssignment();
  await signIn(context, db, { userId: learner.id });
  const errors = watchForPageErrors(page);

  await page.goto(`/courses/${course.slug}/lessons/${quizLesson.slug}`);
  await page.getByRole("button", { name: "Start the quiz" }).dblclick();
  await page.getByLabel("Choosing a model").check();
  await page.getByRole("button", { name: "Submit answers" }).dblclick();
  await expect(page.getByText("You passed this quiz.")).toBeVisible();

  expect(await db.quizAttempt.count({ where: { quizId, userId: learner.id } })).toBe(1);
  expect(errors).toEqual([]);
});

test("a file of the wrong type is refused beside the field, the answer kept; a double click hands in once", async ({
  context,
  page,
}) => {
  const { course, assignmentLesson, learner } = await courseWithQuizAndAssignment();
  await signIn(context, db, { userId: learner.id });
  const errors = watchForPageErrors(page);

  await page.goto(`/courses/${course.slug}/lessons/${assignmentLesson.slug}`);
  await page.getByLabel("Your answer").fill("My regression report.");
  await page.getByLabel("Files").setInputFiles({
    name: "report.docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: Buffer.from("PK\u0003\u0004 not really a document"),
  });
  await page.getByRole("button", { name: "Hand in" }).click();
  await expect(page.getByText(/report\.docx/).first()).toBeVisible();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByLabel("Your answer")).toHaveValue("My regression report.");
  expect(await db.submission.count({ where: { userId: learner.id } })).toBe(0);

  await page.getByLabel("Files").setInputFiles({
    name: "report.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% report\n"),
  });
  await page.getByRole("button", { name: "Hand in" }).dblclick();
  await expect(page.getByText("Handed in, waiting for a grade", { exact: true })).toBeVisible();
  expect(await db.submission.count({ where: { userId: learner.id } })).toBe(1);
  expect(errors).toEqual([]);
});

test("a grader's stale tab: grading a submission the learner has since replaced is refused, nothing saved", async ({
  browser,
}) => {
  const { course, assignmentLesson, learner } = await courseWithQuizAndAssignment();
  const instructor = await createEnglishUser("INSTRUCTOR");
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  const assignment = await db.assignment.findUniqueOrThrow({ where: { lessonId: assignmentLesson.id } });
  const first = await db.submission.create({
    data: { assignmentId: assignment.id, userId: learner.id, body: "First try" },
  });

  const context = await browser.newContext({ locale: "en-US", viewport: { width: 375, height: 800 } });
  await signIn(context, db, { userId: instructor.id });
  const page = await context.newPage();
  const errors = watchForPageErrors(page);
  await page.goto(`/teach/${course.id}/grading/${first.id}`);
  // Meanwhile the learner hands in again (before the due time, so allowed).
  await db.submission.create({
    data: { assignmentId: assignment.id, userId: learner.id, body: "Second try", attemptNumber: 2 },
  });
  await page.getByLabel("Points", { exact: true }).fill("80");
  await page.getByRole("button", { name: "Save grade" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  expect(await db.submission.count({ where: { userId: learner.id, status: "GRADED" } })).toBe(0);
  // The page has no horizontal scrolling on a phone.
  expect(await overflowingElements(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test("the studio's grade pages fit a phone, tables scrolling inside themselves", async ({ browser }) => {
  const { course, quizLesson, assignmentLesson, learner } = await courseWithQuizAndAssignment();
  const instructor = await createEnglishUser("INSTRUCTOR");
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  await db.course.update({ where: { id: course.id }, data: { credits: 3 } });
  const assignment = await db.assignment.findUniqueOrThrow({ where: { lessonId: assignmentLesson.id } });
  await db.submission.create({ data: { assignmentId: assignment.id, userId: learner.id, body: "My report" } });
  const category = await db.gradeCategory.create({
    data: { courseId: course.id, name: "Assignments and quizzes", weightPercent: 100, position: 1 },
  });
  await db.gradeItem.createMany({
    data: [
      { courseId: course.id, categoryId: category.id, kind: "QUIZ", lessonId: quizLesson.id, position: 1 },
      { courseId: course.id, categoryId: category.id, kind: "ASSIGNMENT", lessonId: assignmentLesson.id, position: 2 },
    ],
  });

  const context = await browser.newContext({ locale: "en-US", viewport: { width: 360, height: 780 } });
  await signIn(context, db, { userId: instructor.id });
  const page = await context.newPage();
  const errors = watchForPageErrors(page);
  for (const path of [
    "progress",
    "grading",
    "gradebook",
    "gradebook/settings",
    "final-grades",
    `lessons/${quizLesson.id}/quiz`,
    `lessons/${quizLesson.id}/results`,
    `lessons/${assignmentLesson.id}/assignment`,
  ]) {
    await page.goto(`/teach/${course.id}/${path}`);
    await expect(page.getByRole("navigation", { name: "Course menu" })).toBeVisible();
    expect({ path, overflowing: await overflowingElements(page) }).toEqual({ path, overflowing: [] });
  }
  expect(errors).toEqual([]);
  await context.close();
});
