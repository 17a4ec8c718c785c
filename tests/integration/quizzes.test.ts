// Quizzes as learners take them, through the lesson page's loader and the quiz route's action with
// real form posts: what reaches the browser before submitting, a double submit, the time and attempt
// limits, answers that are not the attempt's, who may take the quiz at all, passing completing the
// lesson, and Korean answers typed in either width.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import type { Language } from "~/lib/i18n";
import type { QuestionContent } from "~/lib/quiz-questions";
import type { QuizSettings } from "~/models/quiz.server";
import * as lessonRoute from "~/routes/courses.$slug_.lessons.$lessonSlug";
import * as quizRoute from "~/routes/courses.$slug_.lessons.$lessonSlug_.quiz";
import * as editorRoute from "~/routes/teach.$courseId.lessons.$lessonId_.quiz";
import * as resultsRoute from "~/routes/teach.$courseId.lessons.$lessonId_.results";
import { createUser } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { buildFormRequest, routeArgs, sessionCookieHeader, settle } from "../factories/requests";
import { renderPage } from "../factories/render-page";

// Markers that must never reach a learner's browser before they submit.
const SECRET_ANSWER = "판다스";
const SECRET_EXPLANATION = "해설-비밀-표식";

const SINGLE: QuestionContent = {
  kind: "SINGLE_CHOICE",
  prompt: "시그모이드 함수의 출력 범위는?",
  choices: [
    { id: "a", text: "(-∞, ∞)" },
    { id: "b", text: "(0, 1)" },
    { id: "c", text: "[-1, 1]" },
  ],
  answer: ["b"],
  points: 2,
  explanation: `${SECRET_EXPLANATION}: σ(z)는 0과 1 사이입니다.`,
};
const MULTIPLE: QuestionContent = {
  kind: "MULTIPLE_CHOICE",
  prompt: "불균형 데이터에 알맞은 지표를 모두 고르세요.",
  choices: [
    { id: "a", text: "정확도" },
    { id: "b", text: "재현율" },
    { id: "c", text: "정밀도" },
  ],
  answer: ["b", "c"],
  points: 2,
  explanation: "",
};
const SHORT: QuestionContent = {
  kind: "SHORT_ANSWER",
  prompt: "표 데이터를 다루는 파이썬 라이브러리는?",
  choices: [],
  answer: ["pandas", SECRET_ANSWER],
  points: 2,
  explanation: "",
};
const NUMERIC: QuestionContent = {
  kind: "NUMERIC",
  prompt: "π를 소수 둘째 자리까지 쓰면?",
  choices: [],
  answer: { value: 3.14, tolerance: 0.01 },
  points: 2,
  explanation: "",
};

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN" = "LEARNER") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/** A published course whose first lesson is a quiz (then an article), its instructor and an enrolled learner. */
async function quizCourse({
  settings = {},
  questions = [SINGLE, MULTIPLE, SHORT, NUMERIC],
}: { settings?: Partial<QuizSettings>; questions?: QuestionContent[] } = {}) {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ title: "Check", kind: "QUIZ" }, { title: "Reading" }]],
  });
  const lesson = lessons[0]!;
  const quiz = await prisma.quiz.update({ where: { lessonId: lesson.id }, data: settings, select: { id: true } });
  const questionIds: string[] = [];
  for (const [position, question] of questions.entries()) {
    const created = await prisma.question.create({ data: { quizId: quiz.id, position, ...question } });
    questionIds.push(created.id);
  }
  const instructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
  const learner = await signedIn();
  await enrollLearnerDirectly(prisma, { userId: learner.user.id, courseId: course.id });
  const lessonPath = `/courses/${course.slug}/lessons/${lesson.slug}`;
  const params = { slug: course.slug, lessonSlug: lesson.slug };
  return { course, lesson, quiz, questionIds, instructor, learner, lessonPath, params };
}

type Course = Awaited<ReturnType<typeof quizCourse>>;

/** The lesson page as the viewer's browser loads it. */
async function lessonPage(course: Course, token: string) {
  const request = await buildRequest({ path: course.lessonPath, token });
  return settle(lessonRoute.loader(routeArgs(request, { params: course.params })));
}

/** The quiz form as a browser posts it: urlencoded, a name repeated for each ticked box. */
async function postQuiz(course: Course, token: string, fields: [string, string][]) {
  const request = new Request(new URL(`${course.lessonPath}/quiz`, "http://bitgoeul.test"), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: await sessionCookieHeader(token) },
  });
  return settle(quizRoute.action(routeArgs(request, { params: course.params })));
}

function start(course: Course, token: string, key = randomUUID()) {
  return postQuiz(course, token, [
    ["intent", "start"],
    ["submissionKey", key],
  ]);
}

/** Responses by question id as the attempt form sends them (choice questions carry a blank first). */
function responseFields(responses: Record<string, string | string[]>): [string, string][] {
  return Object.entries(responses).flatMap(([questionId, value]): [string, string][] => {
    const name = `responses.${questionId}`;
    return typeof value === "string"
      ? [[name, value]]
      : [[name, ""], ...value.map((id): [string, string] => [name, id])];
  });
}

function answer(
  course: Course,
  token: string,
  intent: "save" | "submit",
  attemptId: string,
  responses: Record<string, string | string[]> = {},
) {
  return postQuiz(course, token, [["intent", intent], ["attemptId", attemptId], ...responseFields(responses)]);
}

async function attemptsOf(course: Course, userId: string) {
  return prisma.quizAttempt.findMany({
    where: { quizId: course.quiz.id, userId },
    orderBy: { attemptNumber: "asc" },
    select: {
      id: true,
      attemptNumber: true,
      layout: true,
      answers: true,
      deadlineAt: true,
      submittedAt: true,
      scorePercent: true,
      isPassed: true,
    },
  });
}

/** Starts an attempt through the Start form and gives its id. */
async function startedAttemptId(course: Course, { token, user }: { token: string; user: { id: string } }) {
  const started = await start(course, token);
  expect(started.status).toBe(303);
  const open = (await attemptsOf(course, user.id)).find((row) => row.submittedAt === null);
  return open!.id;
}

/** Every right answer for the default questions, by id. */
function rightAnswers(course: Course) {
  const [single, multiple, short, numeric] = course.questionIds;
  return { [single!]: "b", [multiple!]: ["b", "c"], [short!]: "pandas", [numeric!]: "3.14" };
}

/** Every key anywhere in a value (loader data), to find what should not be there. */
function keysIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      found.add(key);
      keysIn(item, found);
    }
  }
  return found;
}

describe("taking a quiz in the lesson player", () => {
  test("before submitting, no correct answer or explanation reaches the browser; the questions follow the attempt's shuffled layout", async () => {
    const course = await quizCourse({ settings: { shuffleQuestions: true, shuffleChoices: true } });
    const { token, user } = course.learner;

    const before = await lessonPage(course, token);
    expect(before.status).toBe(200);
    expect(before.data?.quiz?.view).toMatchObject({ mode: "learner", canStart: true, openAttempt: null });

    const started = await start(course, token);
    expect(started.status).toBe(303);
    expect(started.location).toBe(`${course.lessonPath}#quiz`);

    const during = await lessonPage(course, token);
    const quizPage = await settle(
      quizRoute.loader(
        routeArgs(await buildRequest({ path: `${course.lessonPath}/quiz`, token }), { params: course.params }),
      ),
    );
    for (const page of [during.data, quizPage.data]) {
      const text = JSON.stringify(page);
      expect(text).not.toContain(SECRET_ANSWER);
      expect(text).not.toContain(SECRET_EXPLANATION);
      const keys = keysIn(page);
      expect(keys).not.toContain("answer");
      expect(keys).not.toContain("correctAnswer");
      expect(keys).not.toContain("explanation");
    }

    const [attempt] = await attemptsOf(course, user.id);
    const layout = attempt!.layout as { questionId: string; choiceIds: string[] }[];
    const shown = during.data?.quiz?.view.mode === "learner" ? during.data.quiz.view.openAttempt : null;
    expect(shown?.questions.map((question) => question.id)).toEqual(layout.map((entry) => entry.questionId));
    expect(shown?.questions.map((question) => question.choices.map((choice) => choice.id))).toEqual(
      layout.map((entry) => entry.choiceIds),
    );
  });

  test("a double Start and a double Submit of the same forms make one attempt, graded once", async () => {
    const course = await quizCourse();
    const { token, user } = course.learner;
    const key = randomUUID();

    const starts = await Promise.all([start(course, token, key), start(course, token, key)]);
    expect(starts.map((reply) => reply.status)).toEqual([303, 303]);
    const [attempt] = await attemptsOf(course, user.id);
    expect(await attemptsOf(course, user.id)).toHaveLength(1);

    const submits = await Promise.all([
      answer(course, token, "submit", attempt!.id, rightAnswers(course)),
      answer(course, token, "submit", attempt!.id, rightAnswers(course)),
    ]);
    expect(submits.map((reply) => reply.status)).toEqual([303, 303]);
    expect(submits[0]!.location).toBe(`${course.lessonPath}?quiz=submitted#quiz-attempt-${attempt!.id}`);
    expect(submits[1]!.location).toBe(submits[0]!.location);
    // The same Start form sent again after submitting opens nothing new.
    expect((await start(course, token, key)).status).toBe(303);

    expect(await attemptsOf(course, user.id)).toEqual([
      expect.objectContaining({ scorePercent: 100, isPassed: true, submittedAt: expect.any(Date) }),
    ]);
    expect(await prisma.quizAnswer.count({ where: { attemptId: attempt!.id } })).toBe(4);
  });

  test("after submitting, the page shows the score, each question right or wrong and its explanation", async () => {
    const course = await quizCourse({ settings: { passingScore: 70 } });
    const { token } = course.learner;
    const attemptId = await startedAttemptId(course, course.learner);
    const [single, multiple, short, numeric] = course.questionIds;

    const submitted = await answer(course, token, "submit", attemptId, {
      [single!]: "b",
      [multiple!]: ["b"],
      [short!]: "numpy",
      [numeric!]: "3.14",
    });
    expect(submitted.status).toBe(303);

    const page = await lessonPage(course, token);
    const view = page.data?.quiz?.view;
    if (view?.mode !== "learner") throw new Error("Not a learner's view");
    expect(view.attempts).toHaveLength(1);
    expect(view.attempts[0]).toMatchObject({ scorePercent: 50, pointsEarned: 4, pointsPossible: 8, isPassed: false });
    expect(view.attempts[0]!.questions.map((question) => question.isCorrect)).toEqual([true, false, false, true]);
    expect(view.attempts[0]!.questions[0]!.explanation).toContain(SECRET_EXPLANATION);
    // Unlimited attempts: the right answers stay hidden while the learner may try again.
    expect(view.attempts[0]!.questions.every((question) => question.correctAnswer === null)).toBe(true);
    expect(view.canStart).toBe(true);
  });
});

describe("the lesson page's database work", () => {
  async function countQueries(run: () => Promise<unknown>) {
    const spy = vi.spyOn(pg.Client.prototype, "query");
    await run();
    const count = spy.mock.calls.length;
    spy.mockRestore();
    return count;
  }

  test("does not grow with the learner's attempts or the quiz's questions", async () => {
    async function learnerWithAttempts(attempts: number, questions: QuestionContent[]) {
      const course = await quizCourse({ questions });
      for (let index = 0; index < attempts; index++) {
        const attemptId = await startedAttemptId(course, course.learner);
        await answer(course, course.learner.token, "submit", attemptId, {});
      }
      // An open attempt too, so the questions being answered are read as well.
      await startedAttemptId(course, course.learner);
      await lessonPage(course, course.learner.token);
      return course;
    }
    const small = await learnerWithAttempts(1, [SINGLE]);
    const large = await learnerWithAttempts(6, [SINGLE, MULTIPLE, SHORT, NUMERIC, SINGLE, SHORT]);
    const statements = (course: Course) => countQueries(() => lessonPage(course, course.learner.token));

    expect(await statements(large)).toBe(await statements(small));
  });
});

describe("limits", () => {
  test("past the time limit, an attempt is graded on what was saved in time, and a late save is refused", async () => {
    const course = await quizCourse({ settings: { timeLimitMinutes: 10 } });
    const { token, user } = course.learner;
    const [single, multiple] = course.questionIds;
    const attemptId = await startedAttemptId(course, course.learner);
    expect((await answer(course, token, "save", attemptId, { [single!]: "b" })).location).toBe(
      `${course.lessonPath}?quiz=saved#quiz`,
    );
    // The deadline passed (and its grace) while the learner kept typing.
    const deadline = new Date(Date.now() - 60_000);
    await prisma.quizAttempt.update({ where: { id: attemptId }, data: { deadlineAt: deadline } });

    const late = await answer(course, token, "submit", attemptId, { [single!]: "a", [multiple!]: ["b", "c"] });

    expect(late.status).toBe(303);
    expect(late.location).toBe(`${course.lessonPath}?quiz=late#quiz-attempt-${attemptId}`);
    const [graded] = await attemptsOf(course, user.id);
    expect(graded).toMatchObject({ answers: { [single!]: ["b"] }, scorePercent: 25, submittedAt: deadline });

    // A save that arrives late is refused with a message, and grades the attempt on what it had.
    const second = await startedAttemptId(course, course.learner);
    await prisma.quizAttempt.update({ where: { id: second }, data: { deadlineAt: deadline } });
    const refused = await answer(course, token, "save", second, { [single!]: "b" });
    expect(refused.status).toBe(409);
    expect(refused.data?.result.error).toEqual({ "": ["quiz.refused.timeUp"] });
    expect((await attemptsOf(course, user.id))[1]).toMatchObject({ answers: {}, scorePercent: 0 });
  });

  test("once the attempts are used, Start is refused with a message, and the correct answers are shown", async () => {
    const course = await quizCourse({ settings: { maxAttempts: 1 } });
    const { token, user } = course.learner;
    const attemptId = await startedAttemptId(course, course.learner);
    await answer(course, token, "submit", attemptId, {});

    const refused = await start(course, token);

    expect(refused.status).toBe(409);
    expect(refused.data?.result.error).toEqual({ "": ["quiz.refused.attemptsUsed"] });
    expect(await attemptsOf(course, user.id)).toHaveLength(1);
    const view = (await lessonPage(course, token)).data?.quiz?.view;
    if (view?.mode !== "learner") throw new Error("Not a learner's view");
    expect(view).toMatchObject({ canStart: false, attemptsLeft: 0 });
    expect(view.attempts[0]!.questions[0]!.correctAnswer).toEqual(["b"]);
  });
});

describe("answers that are not the attempt's", () => {
  test("an answer to another quiz's question is refused and nothing is stored", async () => {
    const course = await quizCourse();
    const other = await quizCourse();
    const { token, user } = course.learner;
    const attemptId = await startedAttemptId(course, course.learner);

    for (const intent of ["save", "submit"] as const) {
      const reply = await answer(course, token, intent, attemptId, {
        [course.questionIds[0]!]: "b",
        [other.questionIds[0]!]: "b",
      });
      expect(reply.status).toBe(400);
      expect(reply.data?.result.error).toEqual({ "": ["quiz.refused.unknownQuestion"] });
    }

    expect(await attemptsOf(course, user.id)).toEqual([expect.objectContaining({ answers: {}, submittedAt: null })]);
    expect(await prisma.quizAnswer.count({ where: { attemptId } })).toBe(0);
  });

  test("an answer the question cannot take is shown beside that question, with what was typed kept", async () => {
    const course = await quizCourse();
    const { token } = course.learner;
    const attemptId = await startedAttemptId(course, course.learner);
    const [single, , short] = course.questionIds;

    const reply = await answer(course, token, "submit", attemptId, { [single!]: "z", [short!]: "판다스" });

    expect(reply.status).toBe(400);
    expect(reply.data?.result.error).toEqual({ [`responses.${single}`]: ["quiz.refused.invalidResponse"] });
    expect(reply.data?.result.initialValue).toMatchObject({ responses: { [short!]: "판다스" } });
    expect(await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).toMatchObject({
      submittedAt: null,
    });
  });

  test.each([
    { name: "an unknown attempt", attemptId: () => randomUUID(), status: 404 },
    { name: "a malformed attempt id", attemptId: () => "not-an-id", status: 400 },
  ])("$name answers $status", async ({ attemptId, status }) => {
    const course = await quizCourse();
    const reply = await answer(course, course.learner.token, "submit", attemptId(), {});
    expect(reply.status).toBe(status);
  });
});

describe("who may take the quiz", () => {
  test("another learner's attempt is not found; a learner of another course or not enrolled is refused", async () => {
    const course = await quizCourse();
    const other = await quizCourse();
    const attemptId = await startedAttemptId(course, course.learner);
    const classmate = await signedIn();
    await enrollLearnerDirectly(prisma, { userId: classmate.user.id, courseId: course.course.id });
    const stranger = await signedIn();

    expect((await answer(course, classmate.token, "submit", attemptId, {})).status).toBe(404);
    // The other course's learner, with an attempt id from this course, at this course's quiz and theirs.
    expect((await answer(course, other.learner.token, "submit", attemptId, {})).status).toBe(403);
    expect((await answer(other, other.learner.token, "submit", attemptId, {})).status).toBe(404);
    expect((await start(course, stranger.token)).status).toBe(403);
    expect((await lessonPage(course, stranger.token)).status).toBe(403);

    expect(await attemptsOf(course, course.learner.user.id)).toEqual([expect.objectContaining({ submittedAt: null })]);
    expect(await prisma.quizAttempt.count({ where: { userId: { in: [classmate.user.id, stranger.user.id] } } })).toBe(
      0,
    );
  });

  test("an instructor previews the questions without their answers and cannot start an attempt", async () => {
    const course = await quizCourse();
    const { token, user } = course.instructor;

    const page = await lessonPage(course, token);
    expect(page.data?.isPreview).toBe(true);
    expect(page.data?.quiz?.view.mode).toBe("preview");
    expect(JSON.stringify(page.data)).not.toContain(SECRET_ANSWER);

    const refused = await start(course, token);
    expect(refused.status).toBe(409);
    expect(refused.data?.result.error).toEqual({ "": ["quiz.refused.preview"] });
    expect(await attemptsOf(course, user.id)).toEqual([]);
  });
});

describe("grading", () => {
  test("passing completes the lesson through the progress rules", async () => {
    const course = await quizCourse({ settings: { passingScore: 100 } });
    const { token } = course.learner;

    const failed = await startedAttemptId(course, course.learner);
    await answer(course, token, "submit", failed, {});
    expect((await lessonPage(course, token)).data?.isCompleted).toBe(false);

    const passed = await startedAttemptId(course, course.learner);
    await answer(course, token, "submit", passed, rightAnswers(course));

    const page = await lessonPage(course, token);
    expect(page.data?.isCompleted).toBe(true);
    expect(page.data?.quiz?.view).toMatchObject({ isPassed: true });
    // One of the course's two required lessons.
    expect(page.data?.outline?.enrollment.progressPercent).toBe(50);
  });

  test("a Korean or English answer typed full-width or with extra spaces is right", async () => {
    const course = await quizCourse({ questions: [SHORT, SHORT, NUMERIC] });
    const { token, user } = course.learner;
    const [hangul, latin, numeric] = course.questionIds;
    const attemptId = await startedAttemptId(course, course.learner);

    // An ideographic space after the Hangul, full-width Latin letters, full-width digits.
    await answer(course, token, "submit", attemptId, {
      [hangul!]: " 판다스\u3000",
      [latin!]: "  ＰＡＮＤＡＳ ",
      [numeric!]: "３．１４",
    });

    expect(await attemptsOf(course, user.id)).toEqual([expect.objectContaining({ scorePercent: 100 })]);
  });
});

// ───────────────────────────── Pages in both languages ─────────────────────────────

describe("the pages, in Korean and in English", () => {
  test.each<Language>(["ko", "en"])(
    "in %s: the attempt is a plain form, a refusal shows beside its question, results and the preview render, nothing untranslated",
    async (language) => {
      const course = await quizCourse({ settings: { timeLimitMinutes: 30, maxAttempts: 3 } });
      const { token } = course.learner;
      const [single, multiple, short] = course.questionIds;
      const attemptId = await startedAttemptId(course, course.learner);
      const quizPath = `${course.lessonPath}/quiz`;

      // Taking it: forms that post to the quiz route, inputs named by question, without JavaScript.
      const taking = await renderPage({
        Page: lessonRoute.default,
        loaderData: (await lessonPage(course, token)).data,
        language,
      });
      expect(taking.html).toContain(`action="${quizPath}"`);
      expect(taking.html).toMatch(new RegExp(`<input type="radio" name="responses.${single}"[^>]* value="b"`));
      expect(taking.html).toMatch(new RegExp(`<input type="checkbox" name="responses.${multiple}"[^>]* value="c"`));
      expect(taking.html).toContain(`name="responses.${short}"`);
      expect(taking.html).toContain(`name="attemptId" value="${attemptId}"`);
      expect(taking.html).not.toContain(SECRET_EXPLANATION);

      // A refused form on the quiz route's own page: the message beside its question, what was typed kept.
      const refused = await answer(course, token, "submit", attemptId, { [single!]: "z", [short!]: "판다스?" });
      const quizPage = await settle(
        quizRoute.loader(routeArgs(await buildRequest({ path: quizPath, token }), { params: course.params })),
      );
      const refusal = await renderPage({
        Page: quizRoute.default,
        loaderData: quizPage.data,
        actionData: refused.data,
        language,
      });
      // The error list sits in the question's fieldset; each choice is marked invalid and points at it.
      expect(refusal.html).toMatch(
        new RegExp(`aria-describedby="quiz-${single}-error"[^]*id="quiz-${single}-error"[^>]*><li>[^<]*</li>`),
      );
      expect(refusal.html).toMatch(
        new RegExp(
          `<input type="radio" name="responses.${single}"[^>]*aria-invalid="true"[^>]*aria-describedby="quiz-${single}-error"`,
        ),
      );
      // With JavaScript, Conform focuses the first field the error names: a choice, so the hidden
      // "nothing ticked" field of the same name must come after the choices.
      expect(refusal.html.indexOf(`type="radio" name="responses.${single}"`)).toBeLessThan(
        refusal.html.indexOf(`type="hidden" name="responses.${single}"`),
      );
      expect(refusal.html).toContain(refusal.t("quiz.refused.invalidResponse"));
      expect(refusal.html).toContain('value="판다스?"');

      // Submitted: the score, right and wrong, and the explanation.
      await answer(course, token, "submit", attemptId, { [single!]: "b" });
      const results = await renderPage({
        Page: lessonRoute.default,
        loaderData: (await lessonPage(course, token)).data,
        language,
      });
      expect(results.html).toContain(SECRET_EXPLANATION);
      expect(results.html).toContain(results.t("quiz.wrong"));

      // The instructor's preview: the questions, no Start button.
      const preview = await renderPage({
        Page: lessonRoute.default,
        loaderData: (await lessonPage(course, course.instructor.token)).data,
        language,
      });
      expect(preview.html).toContain(SINGLE.prompt);
      expect(preview.html).not.toContain(preview.t("quiz.start"));

      expect([...taking.missingKeys, ...refusal.missingKeys, ...results.missingKeys, ...preview.missingKeys]).toEqual(
        [],
      );
    },
  );

  test.each<Language>(["ko", "en"])(
    "in %s: the studio's quiz editor and its results by question render, nothing untranslated",
    async (language) => {
      const course = await quizCourse();
      const { token } = course.instructor;
      const studioPath = `/teach/${course.course.id}/lessons/${course.lesson.id}`;
      const studioParams = { params: { courseId: course.course.id, lessonId: course.lesson.id } };
      const attemptId = await startedAttemptId(course, course.learner);
      await answer(course, course.learner.token, "submit", attemptId, { [course.questionIds[2]!]: "ＮｕｍＰｙ" });

      // A question without a correct choice is refused beside its field, and nothing is added.
      const refused = await settle(
        editorRoute.action(
          routeArgs(
            await buildFormRequest({
              path: `${studioPath}/quiz`,
              token,
              form: {
                intent: "add-question",
                kind: "SINGLE_CHOICE",
                prompt: "활성화 함수는?",
                points: "1",
                "choices[0].text": "ReLU",
                "choices[1].text": "Adam",
              },
            }),
            studioParams,
          ),
        ),
      );
      expect(refused.status).toBe(400);
      expect(await prisma.question.count({ where: { quizId: course.quiz.id } })).toBe(4);

      const editor = await settle(
        editorRoute.loader(
          routeArgs(await buildRequest({ path: `${studioPath}/quiz?add=SINGLE_CHOICE`, token }), studioParams),
        ),
      );
      const editorPage = await renderPage({
        Page: editorRoute.default,
        loaderData: editor.data,
        actionData: refused.data,
        language,
      });
      expect(editorPage.html).toContain(SINGLE.prompt);
      expect(editorPage.html).toContain(editorPage.t("studio.quizEditor.problem.noAnswer"));

      const results = await settle(
        resultsRoute.loader(routeArgs(await buildRequest({ path: `${studioPath}/results`, token }), studioParams)),
      );
      const resultsPage = await renderPage({ Page: resultsRoute.default, loaderData: results.data, language });
      // The common wrong answer, grouped as short answers are compared.
      expect(resultsPage.html).toContain("numpy");

      expect([...editorPage.missingKeys, ...resultsPage.missingKeys]).toEqual([]);
    },
  );
});
