import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import type { QuestionContent } from "~/lib/quiz-questions";
import {
  addQuestion,
  getQuizForEditing,
  getQuizForLearner,
  getQuizResults,
  listMyAttempts,
  moveQuestion,
  removeQuestion,
  RESPONSE_GRACE_SECONDS,
  saveQuizSettings,
  saveResponses,
  startAttempt,
  submitAttempt,
  updateQuestion,
  type QuizSettings,
} from "~/models/quiz.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

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
  explanation: "σ(z)는 0과 1 사이의 값입니다.",
};
const MULTIPLE: QuestionContent = {
  kind: "MULTIPLE_CHOICE",
  prompt: "불균형 데이터에 알맞은 지표를 모두 고르세요.",
  choices: [
    { id: "a", text: "정확도" },
    { id: "b", text: "재현율" },
    { id: "c", text: "정밀도" },
    { id: "d", text: "학습률" },
  ],
  answer: ["b", "c"],
  points: 3,
  explanation: "",
};
const TRUE_FALSE: QuestionContent = {
  kind: "TRUE_FALSE",
  prompt: "테스트 세트로 하이퍼파라미터를 골라도 된다.",
  choices: [
    { id: "true", text: "참" },
    { id: "false", text: "거짓" },
  ],
  answer: ["false"],
  points: 1,
  explanation: "검증 세트를 씁니다.",
};
const SHORT: QuestionContent = {
  kind: "SHORT_ANSWER",
  prompt: "표 데이터를 다루는 파이썬 라이브러리는?",
  choices: [],
  answer: ["pandas", "판다스"],
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
const EVERY_KIND = [SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERIC];

/** A published course with one QUIZ lesson, its lead instructor, an enrolled learner, and the questions. */
async function quizCourse({
  settings = {},
  questions = EVERY_KIND,
}: { settings?: Partial<QuizSettings>; questions?: QuestionContent[] } = {}) {
  const { course, lessons } = await createCourseWithLessons(prisma, { modules: [[{ kind: "QUIZ" }]] });
  const lesson = lessons[0]!;
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const quiz = await prisma.quiz.update({ where: { lessonId: lesson.id }, data: settings, select: { id: true } });
  const questionIds: string[] = [];
  for (const [position, question] of questions.entries()) {
    const created = await prisma.question.create({ data: { quizId: quiz.id, position, ...question } });
    questionIds.push(created.id);
  }
  return { course, lesson, quiz, instructor, learner, questionIds };
}

async function enrolledLearner(courseId: string) {
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId });
  return learner;
}

function secondsLater(start: Date, seconds: number) {
  return new Date(start.getTime() + seconds * 1000);
}

async function startedAttempt(args: Parameters<typeof startAttempt>[0]) {
  const started = await startAttempt(args);
  if (!started.ok) throw new Error(`Could not start: ${started.reason}`);
  return started.attemptId;
}

describe("authoring a quiz", () => {
  test("adds, edits, moves and removes questions, numbering them from 0 and bumping the version each time", async () => {
    const { course, lesson, instructor } = await quizCourse({ questions: [] });
    const ref = { actor: instructor, courseId: course.id, lessonId: lesson.id };

    const first = await addQuestion({ ...ref, question: SINGLE });
    const second = await addQuestion({ ...ref, question: NUMERIC });
    const third = await addQuestion({ ...ref, question: SHORT });
    expect(first).toMatchObject({ ok: true, version: 2 });
    expect(third).toMatchObject({ ok: true, version: 4 });
    if (!first.ok || !second.ok || !third.ok) throw new Error("not added");

    expect(await moveQuestion({ ...ref, questionId: third.questionId, direction: "up" })).toMatchObject({
      ok: true,
      version: 5,
    });
    expect(await moveQuestion({ ...ref, questionId: first.questionId, direction: "up" })).toEqual({
      ok: false,
      reason: "cannotMove",
    });
    const edited = await updateQuestion({
      ...ref,
      questionId: second.questionId,
      version: 5,
      question: { ...NUMERIC, answer: { value: 2.72, tolerance: 0.005 }, prompt: "e?" },
    });
    expect(edited).toEqual({ ok: true, version: 6 });
    expect(await removeQuestion({ ...ref, questionId: first.questionId })).toMatchObject({
      ok: true,
      isArchived: false,
      version: 7,
    });

    const quiz = await getQuizForEditing({ courseId: course.id, lessonId: lesson.id });
    expect(quiz?.version).toBe(7);
    expect(quiz?.questions.map(({ id, position, prompt, answer }) => ({ id, position, prompt, answer }))).toEqual([
      { id: third.questionId, position: 0, prompt: SHORT.prompt, answer: SHORT.answer },
      { id: second.questionId, position: 1, prompt: "e?", answer: { value: 2.72, tolerance: 0.005 } },
    ]);
    expect(await prisma.question.count({ where: { id: first.questionId } })).toBe(0);
  });

  test("a stale save of the settings or of a question is refused with the quiz as it now is, and overwrites nothing", async () => {
    const { course, lesson, instructor, questionIds } = await quizCourse();
    const colleague = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: colleague.id, role: "CO_INSTRUCTOR" });
    const settings: QuizSettings = {
      passingScore: 80,
      maxAttempts: 2,
      timeLimitMinutes: 20,
      shuffleQuestions: true,
      shuffleChoices: true,
    };

    const theirs = await saveQuizSettings({
      actor: colleague,
      courseId: course.id,
      lessonId: lesson.id,
      version: 1,
      settings,
    });
    expect(theirs).toEqual({ ok: true, version: 2 });
    const mine = await saveQuizSettings({
      actor: instructor,
      courseId: course.id,
      lessonId: lesson.id,
      version: 1,
      settings: { ...settings, passingScore: 50 },
    });
    expect(mine).toMatchObject({ ok: false, reason: "staleVersion", current: { version: 2, passingScore: 80 } });
    const staleQuestion = await updateQuestion({
      actor: instructor,
      courseId: course.id,
      lessonId: lesson.id,
      questionId: questionIds[0]!,
      version: 1,
      question: { ...SINGLE, prompt: "Mine" },
    });
    expect(staleQuestion).toMatchObject({ ok: false, reason: "staleVersion", current: { version: 2 } });

    const quiz = await getQuizForEditing({ courseId: course.id, lessonId: lesson.id });
    expect(quiz).toMatchObject({ version: 2, passingScore: 80, shuffleChoices: true });
    expect(quiz?.questions[0]?.prompt).toBe(SINGLE.prompt);
  });

  test("a question of the wrong shape, or of another kind than it was, is refused", async () => {
    const { course, lesson, instructor, questionIds } = await quizCourse();
    const ref = { actor: instructor, courseId: course.id, lessonId: lesson.id };
    expect(await addQuestion({ ...ref, question: { ...SINGLE, answer: ["z"] } })).toEqual({
      ok: false,
      reason: "invalidQuestion",
    });
    expect(await updateQuestion({ ...ref, questionId: questionIds[0]!, version: 1, question: { ...SHORT } })).toEqual({
      ok: false,
      reason: "kindChanged",
    });
    expect(await prisma.quiz.findUniqueOrThrow({ where: { lessonId: lesson.id }, select: { version: true } })).toEqual({
      version: 1,
    });
  });

  test("the same add sent twice adds one question", async () => {
    const { course, lesson, instructor } = await quizCourse({ questions: [] });
    const submissionKey = crypto.randomUUID();
    const ref = { actor: instructor, courseId: course.id, lessonId: lesson.id, question: SHORT, submissionKey };
    const [first, second] = await Promise.all([addQuestion(ref), addQuestion(ref)]);
    expect(first.ok && second.ok && first.questionId === second.questionId).toBe(true);
    expect(await prisma.question.count({ where: { quiz: { lessonId: lesson.id } } })).toBe(1);
  });

  test("a question learners answered is archived when removed: their attempts keep it, the quiz asks it no more", async () => {
    const { course, lesson, instructor, learner, questionIds } = await quizCourse();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId, responses: { [questionIds[0]!]: ["b"] } });

    const removed = await removeQuestion({
      actor: instructor,
      courseId: course.id,
      lessonId: lesson.id,
      questionId: questionIds[0]!,
    });

    expect(removed).toMatchObject({ ok: true, isArchived: true });
    const quiz = await getQuizForEditing({ courseId: course.id, lessonId: lesson.id });
    expect(quiz?.questions.map((question) => question.position)).toEqual([0, 1, 2, 3]);
    expect(quiz?.archivedQuestionCount).toBe(1);
    const attempts = await listMyAttempts({ viewer: learner, lessonId: lesson.id });
    expect(attempts.ok && attempts.attempts[0]?.questions[0]).toMatchObject({ prompt: SINGLE.prompt, isCorrect: true });
  });

  test("another course's instructor is refused, and a lesson of another course is not found", async () => {
    const mine = await quizCourse();
    const theirs = await quizCourse();
    expect(
      await addQuestion({
        actor: theirs.instructor,
        courseId: mine.course.id,
        lessonId: mine.lesson.id,
        question: SHORT,
      }),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(
      await addQuestion({
        actor: mine.instructor,
        courseId: mine.course.id,
        lessonId: theirs.lesson.id,
        question: SHORT,
      }),
    ).toEqual({ ok: false, reason: "notFound" });
    expect(
      await removeQuestion({
        actor: mine.instructor,
        courseId: mine.course.id,
        lessonId: mine.lesson.id,
        questionId: theirs.questionIds[0]!,
      }),
    ).toEqual({ ok: false, reason: "notFound" });
    expect(await getQuizForEditing({ courseId: mine.course.id, lessonId: theirs.lesson.id })).toBeNull();
    expect(
      await getQuizResults({ actor: theirs.instructor, courseId: mine.course.id, lessonId: mine.lesson.id }),
    ).toEqual({ ok: false, reason: "notAllowed" });
    expect(await prisma.question.count({ where: { quizId: theirs.quiz.id } })).toBe(EVERY_KIND.length);
  });
});

describe("taking a quiz", () => {
  test("grades every kind of question on the server and stores the attempt, its answers and its score", async () => {
    const { lesson, learner, questionIds } = await quizCourse();
    const [single, multiple, trueFalse, short, numeric] = questionIds;
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });

    const submitted = await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: {
        [single!]: "b",
        [multiple!]: ["c", "b"],
        [trueFalse!]: "true",
        [short!]: "  ＰＡＮＤＡＳ ",
        [numeric!]: "3.15",
      },
    });

    expect(submitted).toMatchObject({
      ok: true,
      isRepeat: false,
      result: { pointsEarned: 9, pointsPossible: 10, scorePercent: 90, isPassed: true },
    });
    const answers = await prisma.quizAnswer.findMany({
      where: { attemptId },
      select: { questionId: true, response: true, isCorrect: true, points: true },
    });
    expect(new Map(answers.map(({ questionId, ...answer }) => [questionId, answer]))).toEqual(
      new Map([
        [single, { response: ["b"], isCorrect: true, points: 2 }],
        [multiple, { response: ["b", "c"], isCorrect: true, points: 3 }],
        [trueFalse, { response: ["true"], isCorrect: false, points: 0 }],
        [short, { response: "ＰＡＮＤＡＳ", isCorrect: true, points: 2 }],
        [numeric, { response: "3.15", isCorrect: true, points: 2 }],
      ]),
    );
  });

  test.each([
    ["판다스", true],
    ["판다스".normalize("NFD"), true],
    ["ｐａｎｄａｓ", true],
    ["Pandas\u3000", true],
    ["판 다 스", false],
    ["numpy", false],
  ])("a short answer typed as %j is right: %s", async (typed, isCorrect) => {
    const { lesson, learner, questionIds } = await quizCourse({ questions: [SHORT] });
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    const submitted = await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: { [questionIds[0]!]: typed },
    });
    expect(submitted.ok && submitted.result.isPassed).toBe(isCorrect);
  });

  test.each([
    ["3.14", true],
    ["3.13", true],
    ["３．１５", true],
    ["3.151", false],
    ["3,14", false],
  ])("a number typed as %j is right: %s", async (typed, isCorrect) => {
    const { lesson, learner, questionIds } = await quizCourse({ questions: [NUMERIC] });
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    const submitted = await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: { [questionIds[0]!]: typed },
    });
    expect(submitted.ok && submitted.result.isPassed).toBe(isCorrect);
  });

  test("answers and explanations never reach the learner before the attempt is submitted", async () => {
    const { lesson, learner } = await quizCourse();
    await startedAttempt({ viewer: learner, lessonId: lesson.id });

    const shown = await getQuizForLearner({ viewer: learner, lessonId: lesson.id });

    expect(shown.ok && shown.view.mode === "learner" && shown.view.openAttempt?.questions).toHaveLength(5);
    const text = JSON.stringify(shown);
    for (const secret of ["판다스", "3.14", "σ(z)는", "검증 세트", '"answer"', '"explanation"']) {
      expect(text).not.toContain(secret);
    }
  });

  test("passing completes the lesson and, with it, the course", async () => {
    const { lesson, learner, course, questionIds } = await quizCourse({
      questions: [SHORT],
      settings: { passingScore: 100 },
    });
    const failed = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId: failed,
      responses: { [questionIds[0]!]: "numpy" },
    });
    const enrollmentOf = () =>
      prisma.enrollment.findFirstOrThrow({
        where: { userId: learner.id, courseId: course.id },
        select: { status: true, progressPercent: true },
      });
    expect(await enrollmentOf()).toEqual({ status: "ACTIVE", progressPercent: 0 });

    const passed = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId: passed,
      responses: { [questionIds[0]!]: "pandas" },
    });

    expect(await enrollmentOf()).toEqual({ status: "COMPLETED", progressPercent: 100 });
  });

  test("a double click on Start gives one attempt, and a resent Start form starts nothing more", async () => {
    const { lesson, learner } = await quizCourse({ settings: { maxAttempts: 3 } });
    const [first, second] = await Promise.all([
      startAttempt({ viewer: learner, lessonId: lesson.id }),
      startAttempt({ viewer: learner, lessonId: lesson.id }),
    ]);
    expect(first.ok && second.ok && first.attemptId === second.attemptId).toBe(true);

    const submissionKey = crypto.randomUUID();
    if (!first.ok) throw new Error("not started");
    await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId: first.attemptId });
    const fresh = await startAttempt({ viewer: learner, lessonId: lesson.id, submissionKey });
    const resent = await startAttempt({ viewer: learner, lessonId: lesson.id, submissionKey });
    await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId: fresh.ok ? fresh.attemptId : "" });
    const resentAfterSubmit = await startAttempt({ viewer: learner, lessonId: lesson.id, submissionKey });

    expect(fresh).toMatchObject({ ok: true, isNew: true });
    expect(resent).toEqual({ ok: true, attemptId: fresh.ok && fresh.attemptId, isNew: false });
    expect(resentAfterSubmit).toEqual({ ok: true, attemptId: fresh.ok && fresh.attemptId, isNew: false });
    expect(await prisma.quizAttempt.count({ where: { userId: learner.id } })).toBe(2);
  });

  test("a double submit grades the attempt once and answers both with its result", async () => {
    const { lesson, learner, questionIds } = await quizCourse();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    const submit = () =>
      submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId, responses: { [questionIds[0]!]: "b" } });

    const results = await Promise.all([submit(), submit()]);

    expect(results.map((result) => result.ok && result.isRepeat).sort()).toEqual([false, true]);
    expect(results.map((result) => result.ok && result.result.scorePercent)).toEqual([20, 20]);
    expect(await prisma.quizAnswer.count({ where: { attemptId } })).toBe(5);
    expect(await prisma.quizAttempt.count({ where: { userId: learner.id } })).toBe(1);
  });

  test("once the attempts are used up, another is refused and nothing is stored", async () => {
    const { lesson, learner } = await quizCourse({ settings: { maxAttempts: 1 } });
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId });

    expect(await startAttempt({ viewer: learner, lessonId: lesson.id })).toEqual({ ok: false, reason: "attemptsUsed" });
    expect(await prisma.quizAttempt.count({ where: { userId: learner.id } })).toBe(1);
    const shown = await getQuizForLearner({ viewer: learner, lessonId: lesson.id });
    expect(shown.ok && shown.view.mode === "learner" && shown.view).toMatchObject({ canStart: false, attemptsLeft: 0 });
  });

  test("a quiz without questions cannot be started", async () => {
    const { lesson, learner } = await quizCourse({ questions: [] });
    expect(await startAttempt({ viewer: learner, lessonId: lesson.id })).toEqual({ ok: false, reason: "noQuestions" });
  });

  test("past the time limit (and its grace) nothing more is taken: the attempt is graded on what arrived in time", async () => {
    const { lesson, learner, questionIds } = await quizCourse({ settings: { timeLimitMinutes: 10 } });
    const [single, multiple, trueFalse] = questionIds;
    const start = new Date();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id, now: start });
    const save = (seconds: number, responses: Record<string, string | string[]>) =>
      saveResponses({ viewer: learner, lessonId: lesson.id, attemptId, responses, now: secondsLater(start, seconds) });

    expect(await save(300, { [single!]: "b" })).toMatchObject({ ok: true });
    expect(await save(600 + RESPONSE_GRACE_SECONDS - 1, { [multiple!]: ["b", "c"] })).toMatchObject({ ok: true });
    expect(await save(600 + RESPONSE_GRACE_SECONDS + 1, { [trueFalse!]: "false" })).toEqual({
      ok: false,
      reason: "timeUp",
    });

    const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ pointsEarned: 5, scorePercent: 50, isPassed: false });
    expect(attempt.submittedAt).toEqual(secondsLater(start, 600));
    expect(attempt.deadlineAt).toEqual(secondsLater(start, 600));
    expect(attempt.answers).toEqual({ [single!]: ["b"], [multiple!]: ["b", "c"] });
  });

  test("a late submit is graded on the responses saved in time; the ones it brings are ignored", async () => {
    const { lesson, learner, questionIds } = await quizCourse({ settings: { timeLimitMinutes: 5 } });
    const start = new Date();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id, now: start });
    await saveResponses({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: { [questionIds[0]!]: "b" },
      now: secondsLater(start, 60),
    });

    const submitted = await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: { [questionIds[1]!]: ["b", "c"] },
      now: secondsLater(start, 3600),
    });

    expect(submitted).toMatchObject({ ok: true, isLate: true, result: { pointsEarned: 2 } });
  });

  test("an attempt left open past its time is graded when it is next read, and then another may start", async () => {
    const { lesson, learner, questionIds } = await quizCourse({ settings: { timeLimitMinutes: 1, maxAttempts: 2 } });
    const start = new Date();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id, now: start });
    await saveResponses({
      viewer: learner,
      lessonId: lesson.id,
      attemptId,
      responses: { [questionIds[3]!]: "pandas" },
      now: secondsLater(start, 30),
    });

    const during = await getQuizForLearner({ viewer: learner, lessonId: lesson.id, now: secondsLater(start, 40) });
    expect(during.ok && during.view.mode === "learner" && during.view.openAttempt).toMatchObject({
      remainingSeconds: 20,
      responses: { [questionIds[3]!]: "pandas" },
    });
    const after = await getQuizForLearner({ viewer: learner, lessonId: lesson.id, now: secondsLater(start, 3600) });

    expect(after.ok && after.view.mode === "learner" && after.view).toMatchObject({
      openAttempt: null,
      canStart: true,
      attemptsLeft: 1,
      attempts: [{ id: attemptId, pointsEarned: 2, scorePercent: 20 }],
    });
  });

  test("a response to another quiz's question is refused and nothing is stored", async () => {
    const { lesson, learner, questionIds } = await quizCourse();
    const other = await quizCourse();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    const foreign = { [questionIds[0]!]: "b", [other.questionIds[0]!]: "b" };

    expect(await saveResponses({ viewer: learner, lessonId: lesson.id, attemptId, responses: foreign })).toEqual({
      ok: false,
      reason: "unknownQuestion",
    });
    expect(await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId, responses: foreign })).toEqual({
      ok: false,
      reason: "unknownQuestion",
    });
    expect(
      await saveResponses({ viewer: learner, lessonId: lesson.id, attemptId, responses: { [questionIds[0]!]: "z" } }),
    ).toEqual({ ok: false, reason: "invalidResponse", questionId: questionIds[0] });

    const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(attempt).toMatchObject({ answers: {}, submittedAt: null });
    expect(await prisma.quizAnswer.count({ where: { attemptId } })).toBe(0);
  });

  test("across courses: only enrolled learners take a quiz, an attempt is its learner's own, and instructors preview", async () => {
    const { course, lesson, learner, instructor } = await quizCourse();
    const other = await quizCourse();
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    const classmate = await enrolledLearner(course.id);

    expect(await startAttempt({ viewer: other.learner, lessonId: lesson.id })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    expect(await getQuizForLearner({ viewer: other.learner, lessonId: lesson.id })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    expect(await submitAttempt({ viewer: classmate, lessonId: lesson.id, attemptId })).toEqual({
      ok: false,
      reason: "notFound",
    });
    // The right attempt through another quiz's lesson is not found either.
    expect(await submitAttempt({ viewer: learner, lessonId: other.lesson.id, attemptId })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    expect(await startAttempt({ viewer: instructor, lessonId: lesson.id })).toEqual({ ok: false, reason: "preview" });
    expect(await startAttempt({ viewer: other.instructor, lessonId: lesson.id })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    const preview = await getQuizForLearner({ viewer: instructor, lessonId: lesson.id });
    expect(preview.ok && preview.view.mode).toBe("preview");
    expect(JSON.stringify(preview)).not.toContain("판다스");
    expect(await prisma.quizAttempt.count({ where: { quizId: { in: [other.quiz.id] } } })).toBe(0);
  });

  test("a draft lesson's quiz is not found by learners", async () => {
    const { lesson, learner } = await quizCourse();
    await prisma.lesson.update({ where: { id: lesson.id }, data: { status: "DRAFT" } });
    expect(await startAttempt({ viewer: learner, lessonId: lesson.id })).toEqual({ ok: false, reason: "notFound" });
  });

  test("each attempt shows the questions and their options in its own order when the quiz shuffles", async () => {
    const { lesson, learner, questionIds } = await quizCourse({
      settings: { shuffleQuestions: true, shuffleChoices: true },
    });
    // Always the last remaining item: every order is reversed.
    const attemptId = await startedAttempt({ viewer: learner, lessonId: lesson.id, random: () => 0 });

    const { layout } = await prisma.quizAttempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: { layout: true },
    });
    expect(layout).toEqual([
      { questionId: questionIds[1], choiceIds: ["b", "c", "d", "a"] },
      { questionId: questionIds[2], choiceIds: ["true", "false"] },
      { questionId: questionIds[3], choiceIds: [] },
      { questionId: questionIds[4], choiceIds: [] },
      { questionId: questionIds[0], choiceIds: ["b", "c", "a"] },
    ]);
    const shown = await getQuizForLearner({ viewer: learner, lessonId: lesson.id });
    const open = shown.ok && shown.view.mode === "learner" ? shown.view.openAttempt : null;
    expect(open?.questions.map((question) => question.id)).toEqual(
      (layout as { questionId: string }[]).map((entry) => entry.questionId),
    );
    expect(open?.questions[4]?.choices.map((choice) => choice.id)).toEqual(["b", "c", "a"]);
  });

  test("results show explanations after each attempt, and the correct answers once no attempt is left", async () => {
    const { lesson, learner, questionIds } = await quizCourse({ settings: { maxAttempts: 2 } });
    const first = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({
      viewer: learner,
      lessonId: lesson.id,
      attemptId: first,
      responses: { [questionIds[0]!]: "a" },
    });

    const afterFirst = await listMyAttempts({ viewer: learner, lessonId: lesson.id });
    expect(afterFirst.ok && afterFirst.attempts[0]?.questions[0]).toMatchObject({
      response: ["a"],
      isCorrect: false,
      explanation: SINGLE.explanation,
      correctAnswer: null,
    });

    const second = await startedAttempt({ viewer: learner, lessonId: lesson.id });
    await submitAttempt({ viewer: learner, lessonId: lesson.id, attemptId: second });
    const afterLast = await listMyAttempts({ viewer: learner, lessonId: lesson.id });
    expect(afterLast.ok && afterLast.attempts.map((attempt) => attempt.attemptNumber)).toEqual([2, 1]);
    expect(afterLast.ok && afterLast.attempts[1]?.questions[0]?.correctAnswer).toEqual(["b"]);
  });
});

describe("results by question", () => {
  test("count who answered and who got it right, and list the most common wrong responses", async () => {
    const { course, lesson, instructor, learner, questionIds } = await quizCourse();
    const [single, multiple, , short, numeric] = questionIds;
    const responses = [
      { [single!]: "b", [short!]: "numpy", [multiple!]: ["b"], [numeric!]: "3.14" },
      { [single!]: "a", [short!]: "ＮＵＭＰＹ", [multiple!]: ["b"] },
      { [single!]: "a", [short!]: "Num  Py", [multiple!]: ["a", "b"] },
      { [single!]: "c", [short!]: "scipy", [multiple!]: ["b", "c"] },
      { [short!]: "판다스", [multiple!]: ["d"] },
    ];
    const learners = [learner, ...(await Promise.all(responses.slice(1).map(() => enrolledLearner(course.id))))];
    for (const [index, viewer] of learners.entries()) {
      const attemptId = await startedAttempt({ viewer, lessonId: lesson.id });
      await submitAttempt({ viewer, lessonId: lesson.id, attemptId, responses: responses[index] });
    }

    const results = await getQuizResults({ actor: instructor, courseId: course.id, lessonId: lesson.id });

    if (!results.ok) throw new Error(results.reason);
    expect(results.results).toMatchObject({ attemptCount: 5, learnerCount: 5, passedLearnerCount: 0 });
    const byId = new Map(results.results.questions.map((question) => [question.id, question]));
    expect(byId.get(single!)).toMatchObject({
      answerCount: 5,
      answeredCount: 4,
      correctCount: 1,
      commonWrongResponses: [
        { response: ["a"], count: 2 },
        { response: ["c"], count: 1 },
      ],
    });
    expect(byId.get(short!)).toMatchObject({
      answeredCount: 5,
      correctCount: 1,
      // Full-width and upper-case "NUMPY" is "numpy"; spaces inside a word make another answer.
      commonWrongResponses: [
        { response: "numpy", count: 2 },
        { response: "num py", count: 1 },
        { response: "scipy", count: 1 },
      ],
    });
    expect(byId.get(multiple!)?.commonWrongResponses).toEqual([
      { response: ["b"], count: 2 },
      { response: ["a", "b"], count: 1 },
      { response: ["d"], count: 1 },
    ]);
    expect(byId.get(numeric!)).toMatchObject({ answeredCount: 1, correctCount: 1, commonWrongResponses: [] });
  });
});
