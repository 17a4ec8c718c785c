// A state no page visit reaches: a learner's open quiz attempt, with its questions of three kinds as
// form fields. Every page as it loads is swept in every-page.spec.ts.
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser } from "../factories";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { expectNoViolations } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

/** A course with a quiz of three kinds of question. */
async function quizCourse() {
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [[{ title: "이해도 확인", kind: "QUIZ" }]],
  });
  const quizLesson = lessons[0]!;
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
  return { course, quizLesson };
}

for (const { language, start, submit } of [
  { language: "ko", start: "퀴즈 시작", submit: "답안 제출" },
  { language: "en", start: "Start the quiz", submit: "Submit answers" },
] as const) {
  test(`a learner's open quiz attempt has no WCAG A/AA violations (${language})`, async ({ browser }) => {
    const { course, quizLesson } = await quizCourse();
    const learner = await createUser(db, { name: "접근성 학습자" });
    await db.user.update({ where: { id: learner.id }, data: { locale: language } });
    await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });
    const context = await browser.newContext();
    await signIn(context, db, { userId: learner.id });
    const page = await context.newPage();
    await page.goto(`/courses/${course.slug}/lessons/${quizLesson.slug}`);
    await page.getByRole("button", { name: start }).click();
    await expect(page.getByRole("button", { name: submit })).toBeVisible();
    await expectNoViolations(page);
    await context.close();
  });
}
