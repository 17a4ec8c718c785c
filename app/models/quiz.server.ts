// Quizzes: written in the studio, taken by learners in the lesson player, graded on the server, and
// read back by question for their instructors. The questions' rules and the grading itself are pure
// and shared with the browser (app/lib/quiz-questions.ts); this module adds who may do what, time,
// and the database.
//
// Decisions:
// - Every change to a quiz in the studio locks its row, checks the version the editor loaded (for
//   saves that replace what is there: the settings and a question) and bumps it, so a save from a
//   stale tab is refused with the quiz as it now is, never merged or lost. Adding, moving and removing
//   a question replace nothing and do not need the editor's version.
// - A question learners answered (or that an open attempt shows) is archived when removed: their
//   attempts keep it. Any other is deleted. Positions of the questions asked run 0, 1, 2, … as a
//   course package numbers them.
// - Learners take a quiz with an ACTIVE or COMPLETED enrollment on a lesson they may see. The
//   course's instructors and admins see the questions as a preview and make no attempts.
// - Every write of a learner's attempt locks their enrollment row first (as progress writes do), so
//   a double click on Start or Submit is serialized: Start gives back the open attempt, Submit of a
//   submitted attempt gives back its result. One lock order (enrollment, then attempts) for every
//   path, so two of them never wait on each other.
// - Time is the server's: an attempt's deadline is its start plus the limit. Responses are taken
//   until RESPONSE_GRACE_SECONDS after it (for the network); later ones are ignored and the attempt
//   is graded on what was saved in time. An attempt left open past that is graded whenever it is
//   next read or written.
// - A learner may take the quiz again after passing, while attempts remain (the gradebook decides
//   which attempt counts); the lesson stays complete. Correct answers are shown with the results
//   only once no attempt is left: before that, the next attempt would be no test at all.
//   Explanations are shown after each attempt: what they reveal is the author's choice.
// - A score is floor(100 × earned / possible); passing compares exactly (earned × 100 ≥ passing ×
//   possible), so 69.9 % never passes a 70 % quiz.
import { randomInt } from "node:crypto";
import { can } from "~/auth/permissions";
import type { QuestionKind, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import {
  findQuestionProblems,
  gradeResponse,
  isChoiceKind,
  readResponse,
  type Choice,
  type QuestionAnswer,
  type QuestionContent,
  type QuestionResponse,
} from "~/lib/quiz-questions";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { getCourseTeachers } from "~/models/course.server";
import { oncePerSubmission } from "~/models/form-submission.server";
import { isLessonVisibleToLearners } from "~/models/lesson.server";
import { recalculateEnrollmentProgress } from "~/models/progress.server";

type Tx = Prisma.TransactionClient;
type Db = Tx | typeof prisma;
type Actor = { id: string; role: Role };

/** How long after its deadline an attempt still takes responses: the time a slow network may need. */
export const RESPONSE_GRACE_SECONDS = 15;

/** The order questions are asked in (and listed in the studio). */
export const QUESTION_ORDER: Prisma.QuestionOrderByWithRelationInput[] = [{ position: "asc" }, { id: "asc" }];

/** Correct choice ids, accepted answers or a number, as stored (checked when written). */
function asAnswer(answer: Prisma.JsonValue): QuestionAnswer {
  return answer as QuestionAnswer;
}

function asChoices(choices: Prisma.JsonValue): Choice[] {
  return Array.isArray(choices) ? (choices as Choice[]) : [];
}

// ───────────────────────────── The studio ─────────────────────────────

export const QUIZ_AUTHORING_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  staleVersion: { status: 409, messageKey: "studio.quizEditor.staleQuiz" },
  cannotMove: { status: 409, messageKey: "studio.cannotMove" },
  kindChanged: { status: 400, messageKey: "studio.quizEditor.kindChanged" },
  invalidQuestion: { status: 400, messageKey: "studio.quizEditor.invalidQuestion" },
});

type AuthoringRefusal = { ok: false; reason: Exclude<keyof typeof QUIZ_AUTHORING_REFUSALS, "staleVersion"> };
type StaleRefusal = { ok: false; reason: "staleVersion"; current: QuizForEditing };

const quizForEditingSelect = {
  id: true,
  version: true,
  passingScore: true,
  maxAttempts: true,
  timeLimitMinutes: true,
  shuffleQuestions: true,
  shuffleChoices: true,
  updatedAt: true,
  lesson: { select: { id: true, slug: true, title: true, course: { select: { language: true } } } },
  questions: {
    where: { archivedAt: null },
    orderBy: QUESTION_ORDER,
    select: {
      id: true,
      position: true,
      kind: true,
      prompt: true,
      choices: true,
      answer: true,
      points: true,
      explanation: true,
    },
  },
} satisfies Prisma.QuizSelect;

async function findQuizForEditing(db: Db, { courseId, lessonId }: { courseId: string; lessonId: string }) {
  if (!isUuid(lessonId)) return null;
  const quiz = await db.quiz.findFirst({
    where: { lessonId, lesson: { courseId, kind: "QUIZ", status: { not: "ARCHIVED" } } },
    select: quizForEditingSelect,
  });
  if (!quiz) return null;
  // One after another: `db` may be a transaction, whose one connection runs one query at a time.
  const answered = await db.quizAnswer.groupBy({
    by: ["questionId"],
    where: { questionId: { in: quiz.questions.map((question) => question.id) } },
    _count: { _all: true },
  });
  const archivedQuestionCount = await db.question.count({ where: { quizId: quiz.id, archivedAt: { not: null } } });
  const attemptCount = await db.quizAttempt.count({ where: { quizId: quiz.id, submittedAt: { not: null } } });
  const answeredCounts = new Map(answered.map((row) => [row.questionId, row._count._all]));
  const { lesson, questions, ...settings } = quiz;
  return {
    ...settings,
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title },
    courseLanguage: lesson.course.language,
    questions: questions.map((question) => ({
      ...question,
      choices: asChoices(question.choices),
      answer: asAnswer(question.answer),
      answeredCount: answeredCounts.get(question.id) ?? 0,
    })),
    archivedQuestionCount,
    attemptCount,
  };
}

/**
 * A QUIZ lesson's quiz as the studio's editor shows it: settings, version, the questions asked (with
 * their answers, and how often each was answered), how many were archived; null when the course has
 * no such quiz lesson. The route's course guard decides who may read it.
 */
export async function getQuizForEditing({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  return findQuizForEditing(prisma, { courseId, lessonId });
}

export type QuizForEditing = NonNullable<Awaited<ReturnType<typeof getQuizForEditing>>>;
export type QuizSettings = {
  passingScore: number;
  maxAttempts: number | null;
  timeLimitMinutes: number | null;
  shuffleQuestions: boolean;
  shuffleChoices: boolean;
};

type ChangeResult = ({ ok: true; isUnchanged?: boolean } & Record<string, unknown>) | AuthoringRefusal;

/**
 * Runs `change` on the quiz of a QUIZ lesson of the course, when the actor may manage the course,
 * holding the quiz's row lock; with `version`, only while the quiz is still at it. A change that
 * went through bumps the version, which the result carries.
 */
async function changeQuiz<T extends ChangeResult>(
  { actor, courseId, lessonId, version }: { actor: Actor; courseId: string; lessonId: string; version?: number },
  change: (tx: Tx, quiz: { id: string; courseLanguage: "ko" | "en" }) => Promise<T>,
): Promise<(T & { version: number }) | Exclude<T, { ok: true }> | AuthoringRefusal | StaleRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers || !isUuid(lessonId)) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  return prisma.$transaction(async (tx) => {
    const [quiz] = await tx.$queryRaw<{ id: string; version: number; courseLanguage: "ko" | "en" }[]>`
      SELECT q."id"::text AS "id", q."version", c."language"::text AS "courseLanguage"
      FROM "Quiz" q
      JOIN "Lesson" l ON l."id" = q."lessonId"
      JOIN "Course" c ON c."id" = l."courseId"
      WHERE l."id" = ${lessonId}::uuid AND l."courseId" = ${teachers.id}::uuid
        AND l."kind" = 'QUIZ' AND l."status" <> 'ARCHIVED'
      FOR UPDATE OF q`;
    if (!quiz) return { ok: false, reason: "notFound" } as const;
    if (version !== undefined && quiz.version !== version) {
      const current = await findQuizForEditing(tx, { courseId: teachers.id, lessonId });
      if (!current) return { ok: false, reason: "notFound" } as const;
      return { ok: false, reason: "staleVersion", current } as const;
    }
    const result = await change(tx, quiz);
    if (!result.ok) return result as Exclude<T, { ok: true }>;
    if (result.isUnchanged) return { ...result, version: quiz.version };
    await tx.quiz.update({ where: { id: quiz.id }, data: { version: { increment: 1 } }, select: { id: true } });
    return { ...result, version: quiz.version + 1 };
  });
}

/** Saves the quiz's settings when it is still at `version`; attempts already started keep their deadline. */
export async function saveQuizSettings({
  actor,
  courseId,
  lessonId,
  version,
  settings,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  version: number;
  settings: QuizSettings;
}) {
  return changeQuiz({ actor, courseId, lessonId, version }, async (tx, quiz) => {
    await tx.quiz.update({ where: { id: quiz.id }, data: settings, select: { id: true } });
    return { ok: true } as const;
  });
}

/** Adds a question after the others; a repeat of the same submission adds nothing more. */
export async function addQuestion({
  actor,
  courseId,
  lessonId,
  question,
  submissionKey,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  question: QuestionContent;
  submissionKey?: string;
}) {
  if (findQuestionProblems(question).length > 0) return { ok: false, reason: "invalidQuestion" } as const;
  return changeQuiz({ actor, courseId, lessonId }, async (tx, quiz) => {
    const { id, isRepeat } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const position = await tx.question.count({ where: { quizId: quiz.id, archivedAt: null } });
      const created = await tx.question.create({
        data: { quizId: quiz.id, position, ...question },
        select: { id: true },
      });
      return created.id;
    });
    return { ok: true, questionId: id, isUnchanged: isRepeat } as const;
  });
}

/**
 * Replaces a question's prompt, choices, answer, points and explanation when the quiz is still at
 * `version`. Its kind stays (answers given to it are of that kind). Attempts already graded keep
 * their points.
 */
export async function updateQuestion({
  actor,
  courseId,
  lessonId,
  questionId,
  version,
  question,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  questionId: string;
  version: number;
  question: QuestionContent;
}) {
  if (findQuestionProblems(question).length > 0) return { ok: false, reason: "invalidQuestion" } as const;
  return changeQuiz({ actor, courseId, lessonId, version }, async (tx, quiz) => {
    if (!isUuid(questionId)) return { ok: false, reason: "notFound" } as const;
    const current = await tx.question.findFirst({
      where: { id: questionId, quizId: quiz.id, archivedAt: null },
      select: { kind: true },
    });
    if (!current) return { ok: false, reason: "notFound" } as const;
    if (current.kind !== question.kind) return { ok: false, reason: "kindChanged" } as const;
    const { prompt, choices, answer, points, explanation } = question;
    await tx.question.update({
      where: { id: questionId },
      data: { prompt, choices, answer, points, explanation },
      select: { id: true },
    });
    return { ok: true } as const;
  });
}

/** Removes a question (archived when learners answered it, else deleted) and closes the gap it leaves. */
export async function removeQuestion({
  actor,
  courseId,
  lessonId,
  questionId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  questionId: string;
  now?: Date;
}) {
  return changeQuiz({ actor, courseId, lessonId }, async (tx, quiz) => {
    const order = await askedQuestionIds(tx, quiz.id);
    if (!order.includes(questionId)) return { ok: false, reason: "notFound" } as const;
    const { archivedIds } = await removeQuestions({ tx, questionIds: [questionId], now });
    await writeQuestionPositions(
      tx,
      order.filter((id) => id !== questionId),
    );
    return { ok: true, isArchived: archivedIds.length > 0 } as const;
  });
}

/** Moves a question one place up or down. */
export async function moveQuestion({
  actor,
  courseId,
  lessonId,
  questionId,
  direction,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  questionId: string;
  direction: "up" | "down";
}) {
  return changeQuiz({ actor, courseId, lessonId }, async (tx, quiz) => {
    const order = await askedQuestionIds(tx, quiz.id);
    const index = order.indexOf(questionId);
    if (index === -1) return { ok: false, reason: "notFound" } as const;
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= order.length) return { ok: false, reason: "cannotMove" } as const;
    [order[index], order[target]] = [order[target]!, order[index]!];
    await writeQuestionPositions(tx, order);
    return { ok: true } as const;
  });
}

/**
 * Takes questions out of their quiz inside the caller's transaction: those learners answered, or
 * that an open attempt shows, are archived (kept for the attempts, never asked again); the rest are
 * deleted. The studio and the course package importer remove questions through this one rule.
 */
export async function removeQuestions({ tx, questionIds, now }: { tx: Tx; questionIds: string[]; now: Date }) {
  if (questionIds.length === 0) return { archivedIds: [], deletedIds: [] };
  const kept = await tx.$queryRaw<{ id: string }[]>`
    SELECT q."id"::text AS "id" FROM "Question" q
    WHERE q."id" = ANY(${questionIds}::uuid[]) AND (
      EXISTS (SELECT 1 FROM "QuizAnswer" a WHERE a."questionId" = q."id")
      OR EXISTS (
        SELECT 1 FROM "QuizAttempt" t
        WHERE t."quizId" = q."quizId" AND t."submittedAt" IS NULL
          AND t."layout" @> jsonb_build_array(jsonb_build_object('questionId', q."id"::text))
      )
    )`;
  const archivedIds = kept.map((row) => row.id);
  const deletedIds = questionIds.filter((id) => !archivedIds.includes(id));
  if (archivedIds.length > 0) {
    await tx.question.updateMany({ where: { id: { in: archivedIds } }, data: { archivedAt: now } });
  }
  if (deletedIds.length > 0) await tx.question.deleteMany({ where: { id: { in: deletedIds } } });
  return { archivedIds, deletedIds };
}

async function askedQuestionIds(tx: Tx, quizId: string) {
  const questions = await tx.question.findMany({
    where: { quizId, archivedAt: null },
    orderBy: QUESTION_ORDER,
    select: { id: true },
  });
  return questions.map((question) => question.id);
}

/** Sets each question's position to its place in `ids`, from 0, in one statement. */
async function writeQuestionPositions(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Question" q SET "position" = o."position" - 1
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o("id", "position")
    WHERE q."id" = o."id" AND q."position" <> o."position" - 1`;
}

// ───────────────────────────── Taking a quiz ─────────────────────────────

export const QUIZ_ATTEMPT_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notEnrolled: { status: 403, messageKey: "lesson.enrollToSee" },
  preview: { status: 409, messageKey: "quiz.refused.preview" },
  noQuestions: { status: 409, messageKey: "quiz.refused.noQuestions" },
  attemptsUsed: { status: 409, messageKey: "quiz.refused.attemptsUsed" },
  notOpen: { status: 409, messageKey: "quiz.refused.notOpen" },
  timeUp: { status: 409, messageKey: "quiz.refused.timeUp" },
  unknownQuestion: { status: 400, messageKey: "quiz.refused.unknownQuestion" },
  invalidResponse: { status: 400, messageKey: "quiz.refused.invalidResponse" },
});

export type QuizAttemptRefusalReason = keyof typeof QUIZ_ATTEMPT_REFUSALS;
type AttemptRefusal<Reason extends QuizAttemptRefusalReason> = { ok: false; reason: Reason };
/** A value the question cannot take (a choice it lacks, too long a text): which question, so a form shows it there. */
type InvalidResponseRefusal = { ok: false; reason: "invalidResponse"; questionId: string };

/** The questions an attempt shows, in its order, each with its choices' order. */
export type AttemptLayout = { questionId: string; choiceIds: string[] }[];
/** Responses saved while an attempt is open, by question id. */
type SavedResponses = Record<string, QuestionResponse>;
/** A learner's form values by question id: the choice ids ticked, or the text typed. */
export type ResponseValues = Record<string, string | readonly string[]>;

function asLayout(layout: Prisma.JsonValue): AttemptLayout {
  return Array.isArray(layout) ? (layout as AttemptLayout) : [];
}

function asSavedResponses(answers: Prisma.JsonValue): SavedResponses {
  return answers && typeof answers === "object" && !Array.isArray(answers) ? (answers as SavedResponses) : {};
}

type LearnerQuiz = {
  id: string;
  courseId: string;
  passingScore: number;
  maxAttempts: number | null;
  timeLimitMinutes: number | null;
  shuffleQuestions: boolean;
  shuffleChoices: boolean;
};

/**
 * Whether the viewer takes this lesson's quiz, as getLessonForViewer decides who sees a lesson: the
 * course's instructors and admins preview it; a learner needs a published, released lesson of a
 * course that is not a draft, and an ACTIVE or COMPLETED enrollment, whose row is locked for the rest
 * of the transaction when `lock` is set.
 */
async function checkLearnerAccess(
  db: Db,
  { viewer, lessonId, now, lock }: { viewer: Actor; lessonId: string; now: Date; lock: boolean },
): Promise<{ ok: true; quiz: LearnerQuiz } | AttemptRefusal<"notFound" | "notEnrolled" | "preview">> {
  if (!isUuid(lessonId)) return { ok: false, reason: "notFound" };
  const lesson = await db.lesson.findUnique({
    where: { id: lessonId },
    select: { ...quizLessonSelect, course: { select: { status: true, instructors: { select: { userId: true } } } } },
  });
  if (!lesson) return { ok: false, reason: "notFound" };
  const decision = decideLearnerAccess({ viewer, lesson, now });
  if (!decision.ok) return decision;
  const [enrollment] = await db.$queryRaw<{ status: string }[]>`
    SELECT "status"::text AS "status" FROM "Enrollment"
    WHERE "userId" = ${viewer.id}::uuid AND "courseId" = ${lesson.courseId}::uuid
    ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  if (!enrollment || (enrollment.status !== "ACTIVE" && enrollment.status !== "COMPLETED")) {
    return { ok: false, reason: "notEnrolled" };
  }
  return decision;
}

const quizSettingsSelect = {
  id: true,
  passingScore: true,
  maxAttempts: true,
  timeLimitMinutes: true,
  shuffleQuestions: true,
  shuffleChoices: true,
} satisfies Prisma.QuizSelect;

const quizLessonSelect = {
  kind: true,
  status: true,
  releaseAt: true,
  courseId: true,
  quiz: { select: quizSettingsSelect },
} satisfies Prisma.LessonSelect;

/**
 * checkLearnerAccess's rules short of the enrollment: a quiz lesson with its quiz, previewed by the
 * course's instructors and admins, otherwise published and released in a course that is not a draft.
 */
function decideLearnerAccess({
  viewer,
  lesson,
  now,
}: {
  viewer: Actor;
  lesson: Prisma.LessonGetPayload<{ select: typeof quizLessonSelect }> & {
    course: { status: string; instructors: { userId: string }[] };
  };
  now: Date;
}): { ok: true; quiz: LearnerQuiz } | AttemptRefusal<"notFound" | "preview"> {
  if (lesson.kind !== "QUIZ" || !lesson.quiz) return { ok: false, reason: "notFound" };
  const instructorIds = lesson.course.instructors.map(({ userId }) => userId);
  if (can(viewer, "course:manage", { instructorIds })) return { ok: false, reason: "preview" };
  if (lesson.course.status === "DRAFT" || !isLessonVisibleToLearners(lesson, now)) {
    return { ok: false, reason: "notFound" };
  }
  return { ok: true, quiz: { ...lesson.quiz, courseId: lesson.courseId } };
}

const attemptSelect = {
  id: true,
  attemptNumber: true,
  answers: true,
  layout: true,
  startedAt: true,
  deadlineAt: true,
  submittedAt: true,
  pointsEarned: true,
  pointsPossible: true,
  scorePercent: true,
  isPassed: true,
} satisfies Prisma.QuizAttemptSelect;

type AttemptRow = Prisma.QuizAttemptGetPayload<{ select: typeof attemptSelect }>;

function findAttempts(db: Db, { quizId, userId }: { quizId: string; userId: string }) {
  return db.quizAttempt.findMany({
    where: { quizId, userId },
    orderBy: { attemptNumber: "asc" },
    select: attemptSelect,
  });
}

/** Whether responses to the attempt still count at `now`: no deadline, or within the grace after it. */
function isTakingResponses(attempt: { deadlineAt: Date | null }, now: Date) {
  return attempt.deadlineAt === null || now.getTime() <= attempt.deadlineAt.getTime() + RESPONSE_GRACE_SECONDS * 1000;
}

/** A random order: Fisher–Yates with the platform's secure random numbers. */
function shuffled<T>(items: readonly T[], random: (below: number) => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = random(index + 1);
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

/**
 * Starts an attempt: the questions asked now, shuffled if the quiz says so (and each choice
 * question's options; TRUE_FALSE keeps true before false), with a deadline when it has a time limit.
 * Idempotent: with an attempt open, that attempt is the answer; a repeat of the same submission
 * starts nothing more. Refused when no attempt is left or there are no questions.
 */
export async function startAttempt({
  viewer,
  lessonId,
  submissionKey,
  now = new Date(),
  random = randomInt,
}: {
  viewer: Actor;
  lessonId: string;
  submissionKey?: string;
  now?: Date;
  random?: (below: number) => number;
}): Promise<
  | { ok: true; attemptId: string; isNew: boolean }
  | AttemptRefusal<"notFound" | "notEnrolled" | "preview" | "noQuestions" | "attemptsUsed">
> {
  return prisma.$transaction(async (tx) => {
    const access = await checkLearnerAccess(tx, { viewer, lessonId, now, lock: true });
    if (!access.ok) return access;
    const { quiz } = access;
    const attempts = await findAttempts(tx, { quizId: quiz.id, userId: viewer.id });
    const open = attempts.find((attempt) => attempt.submittedAt === null);
    if (open) {
      if (isTakingResponses(open, now)) return { ok: true, attemptId: open.id, isNew: false };
      await finalizeAttempt({ tx, quiz, attempt: open, userId: viewer.id, now, actorId: viewer.id });
    }
    if (quiz.maxAttempts !== null && attempts.length >= quiz.maxAttempts) {
      return { ok: false, reason: "attemptsUsed" } as const;
    }
    const questions = await tx.question.findMany({
      where: { quizId: quiz.id, archivedAt: null },
      orderBy: QUESTION_ORDER,
      select: { id: true, kind: true, choices: true },
    });
    if (questions.length === 0) return { ok: false, reason: "noQuestions" } as const;
    const layout: AttemptLayout = (quiz.shuffleQuestions ? shuffled(questions, random) : questions).map((question) => {
      const choiceIds = asChoices(question.choices).map((choice) => choice.id);
      const isShuffled = quiz.shuffleChoices && isChoiceKind(question.kind) && question.kind !== "TRUE_FALSE";
      return { questionId: question.id, choiceIds: isShuffled ? shuffled(choiceIds, random) : choiceIds };
    });
    const { id, isRepeat } = await oncePerSubmission(tx, { key: submissionKey, userId: viewer.id }, async () => {
      const created = await tx.quizAttempt.create({
        data: {
          quizId: quiz.id,
          userId: viewer.id,
          attemptNumber: attempts.length + 1,
          layout,
          startedAt: now,
          deadlineAt: quiz.timeLimitMinutes ? new Date(now.getTime() + quiz.timeLimitMinutes * 60_000) : null,
        },
        select: { id: true },
      });
      return created.id;
    });
    return { ok: true, attemptId: id, isNew: !isRepeat };
  });
}

/**
 * Checks a learner's form values against the attempt: every question must be one it shows, every
 * value one that question can take. Returns the saved responses with these merged in (a question
 * sent with nothing clears its response), or a refusal, having stored nothing.
 */
async function mergeResponses(
  tx: Tx,
  { attempt, values }: { attempt: AttemptRow; values: ResponseValues },
): Promise<{ ok: true; responses: SavedResponses } | AttemptRefusal<"unknownQuestion"> | InvalidResponseRefusal> {
  const layout = asLayout(attempt.layout);
  const shown = new Set(layout.map((entry) => entry.questionId));
  const entries = Object.entries(values);
  if (entries.some(([questionId]) => !shown.has(questionId))) return { ok: false, reason: "unknownQuestion" };
  const responses = { ...asSavedResponses(attempt.answers) };
  if (entries.length === 0) return { ok: true, responses };
  const questions = await tx.question.findMany({
    where: { id: { in: entries.map(([questionId]) => questionId) } },
    select: { id: true, kind: true, choices: true },
  });
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const [questionId, given] of entries) {
    const question = byId.get(questionId);
    if (!question) return { ok: false, reason: "unknownQuestion" };
    const read = readResponse(
      { kind: question.kind, choices: asChoices(question.choices) },
      typeof given === "string" ? [given] : given,
    );
    if (!read.ok) return { ok: false, reason: "invalidResponse", questionId };
    if (read.response === null) delete responses[questionId];
    else responses[questionId] = read.response;
  }
  return { ok: true, responses };
}

/**
 * Grades an open attempt on `responses` (default: those saved), in the caller's transaction: one
 * QuizAnswer per question it showed, the points and score, pass or fail, and the learner's progress
 * recounted so that passing completes the lesson. `submittedAt` is now, or the deadline for an
 * attempt that ran out.
 */
async function finalizeAttempt({
  tx,
  quiz,
  attempt,
  userId,
  responses = asSavedResponses(attempt.answers),
  now,
  actorId,
}: {
  tx: Tx;
  quiz: LearnerQuiz;
  attempt: AttemptRow;
  userId: string;
  responses?: SavedResponses;
  now: Date;
  actorId: string;
}) {
  const layout = asLayout(attempt.layout);
  const questions = await tx.question.findMany({
    where: { id: { in: layout.map((entry) => entry.questionId) }, quizId: quiz.id },
    select: { id: true, kind: true, answer: true, points: true },
  });
  const byId = new Map(questions.map((question) => [question.id, question]));
  let pointsEarned = 0;
  let pointsPossible = 0;
  const rows = layout.flatMap(({ questionId }) => {
    const question = byId.get(questionId);
    // A question deleted since the attempt began (it cannot have been: see removeQuestions) counts for nothing.
    if (!question) return [];
    const response = responses[questionId] ?? null;
    const { isCorrect, points } = gradeResponse(question, response);
    pointsEarned += points;
    pointsPossible += question.points;
    return [{ attemptId: attempt.id, questionId, response: response ?? Prisma.DbNull, isCorrect, points }];
  });
  const scorePercent = pointsPossible === 0 ? 100 : Math.floor((100 * pointsEarned) / pointsPossible);
  const isPassed = pointsEarned * 100 >= quiz.passingScore * pointsPossible;
  const submittedAt = isTakingResponses(attempt, now) ? now : attempt.deadlineAt!;
  await tx.quizAnswer.createMany({ data: rows });
  await tx.quizAttempt.update({
    where: { id: attempt.id },
    data: { answers: responses, submittedAt, pointsEarned, pointsPossible, scorePercent, isPassed },
    select: { id: true },
  });
  await recalculateEnrollmentProgress({ tx, userId, courseId: quiz.courseId, now, actorId });
  return {
    attemptId: attempt.id,
    attemptNumber: attempt.attemptNumber,
    pointsEarned,
    pointsPossible,
    scorePercent,
    isPassed,
  };
}

export type AttemptResult = Awaited<ReturnType<typeof finalizeAttempt>>;

function resultOf(attempt: AttemptRow): AttemptResult {
  return {
    attemptId: attempt.id,
    attemptNumber: attempt.attemptNumber,
    pointsEarned: attempt.pointsEarned ?? 0,
    pointsPossible: attempt.pointsPossible ?? 0,
    scorePercent: attempt.scorePercent ?? 0,
    isPassed: attempt.isPassed ?? false,
  };
}

/** The learner's attempt and its quiz, locked, for a write; refusals as the taking functions give them. */
async function lockOpenAttempt(
  tx: Tx,
  { viewer, lessonId, attemptId, now }: { viewer: Actor; lessonId: string; attemptId: string; now: Date },
) {
  const access = await checkLearnerAccess(tx, { viewer, lessonId, now, lock: true });
  if (!access.ok) return access;
  if (!isUuid(attemptId)) return { ok: false, reason: "notFound" } as const;
  // Another learner's attempt, or one of another quiz, is simply not found.
  const attempt = await tx.quizAttempt.findFirst({
    where: { id: attemptId, quizId: access.quiz.id, userId: viewer.id },
    select: attemptSelect,
  });
  if (!attempt) return { ok: false, reason: "notFound" } as const;
  return { ok: true, quiz: access.quiz, attempt } as const;
}

/**
 * Saves responses to an open attempt (autosave, or "Save answers" without JavaScript). After the
 * deadline and its grace nothing more is taken: the attempt is graded on what was saved, and the
 * answer is `timeUp`.
 */
export async function saveResponses({
  viewer,
  lessonId,
  attemptId,
  responses,
  now = new Date(),
}: {
  viewer: Actor;
  lessonId: string;
  attemptId: string;
  responses: ResponseValues;
  now?: Date;
}): Promise<
  | { ok: true; savedAt: Date }
  | AttemptRefusal<"notFound" | "notEnrolled" | "preview" | "notOpen" | "timeUp" | "unknownQuestion">
  | InvalidResponseRefusal
> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockOpenAttempt(tx, { viewer, lessonId, attemptId, now });
    if (!locked.ok) return locked;
    const { quiz, attempt } = locked;
    if (attempt.submittedAt) return { ok: false, reason: "notOpen" } as const;
    const merged = await mergeResponses(tx, { attempt, values: responses });
    if (!merged.ok) return merged;
    if (!isTakingResponses(attempt, now)) {
      await finalizeAttempt({ tx, quiz, attempt, userId: viewer.id, now, actorId: viewer.id });
      return { ok: false, reason: "timeUp" } as const;
    }
    await tx.quizAttempt.update({
      where: { id: attempt.id },
      data: { answers: merged.responses },
      select: { id: true },
    });
    return { ok: true, savedAt: now } as const;
  });
}

/**
 * Submits an attempt with the responses sent along (saved ones fill in the rest) and grades it.
 * Idempotent: submitting a submitted attempt answers its result. Responses that arrive after the
 * deadline and its grace are ignored; the attempt is graded on those saved in time. A response to a
 * question this attempt does not show (another quiz's) is refused, and nothing is stored.
 */
export async function submitAttempt({
  viewer,
  lessonId,
  attemptId,
  responses = {},
  now = new Date(),
}: {
  viewer: Actor;
  lessonId: string;
  attemptId: string;
  responses?: ResponseValues;
  now?: Date;
}): Promise<
  | { ok: true; result: AttemptResult; isRepeat: boolean; isLate: boolean }
  | AttemptRefusal<"notFound" | "notEnrolled" | "preview" | "unknownQuestion">
  | InvalidResponseRefusal
> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockOpenAttempt(tx, { viewer, lessonId, attemptId, now });
    if (!locked.ok) return locked;
    const { quiz, attempt } = locked;
    if (attempt.submittedAt) return { ok: true, result: resultOf(attempt), isRepeat: true, isLate: false } as const;
    const merged = await mergeResponses(tx, { attempt, values: responses });
    if (!merged.ok) return merged;
    const isLate = !isTakingResponses(attempt, now);
    const result = await finalizeAttempt({
      tx,
      quiz,
      attempt,
      userId: viewer.id,
      responses: isLate ? undefined : merged.responses,
      now,
      actorId: viewer.id,
    });
    return { ok: true, result, isRepeat: false, isLate } as const;
  });
}

/** Grades the learner's open attempt if it ran out, so every read shows it as it ended. */
async function finalizeIfExpired({ viewer, lessonId, now }: { viewer: Actor; lessonId: string; now: Date }) {
  await prisma.$transaction(async (tx) => {
    const access = await checkLearnerAccess(tx, { viewer, lessonId, now, lock: true });
    if (!access.ok) return;
    const open = await tx.quizAttempt.findFirst({
      where: { quizId: access.quiz.id, userId: viewer.id, submittedAt: null },
      select: attemptSelect,
    });
    if (open && !isTakingResponses(open, now)) {
      await finalizeAttempt({ tx, quiz: access.quiz, attempt: open, userId: viewer.id, now, actorId: viewer.id });
    }
  });
}

/** An attempt's questions as the learner sees them while taking it: no answers, no explanations. */
function questionsToAnswer(
  attempt: AttemptRow,
  questions: { id: string; kind: QuestionKind; prompt: string; points: number; choices: Prisma.JsonValue }[],
) {
  const byId = new Map(questions.map((question) => [question.id, question]));
  return asLayout(attempt.layout).flatMap(({ questionId, choiceIds }) => {
    const question = byId.get(questionId);
    if (!question) return [];
    const { id, kind, prompt, points } = question;
    return [{ id, kind, prompt, points, choices: inLayoutOrder(asChoices(question.choices), choiceIds) }];
  });
}

/** Choices in the order the attempt showed them; any the layout does not name (none, normally) after them. */
function inLayoutOrder(choices: Choice[], choiceIds: string[]) {
  const position = (choice: Choice) => {
    const index = choiceIds.indexOf(choice.id);
    return index === -1 ? choiceIds.length : index;
  };
  return [...choices].sort((a, b) => position(a) - position(b));
}

/** Submitted attempts, newest first, each question with the response, its grade and the explanation. */
function reviewAttempts(attempts: LearnerAttemptRow[], { revealsAnswers }: { revealsAnswers: boolean }) {
  const submitted = attempts.filter((attempt) => attempt.submittedAt !== null).reverse();
  return submitted.map(({ responses, answers: _answers, layout, ...attempt }) => {
    const byQuestion = new Map(responses.map((row) => [row.questionId, row]));
    return {
      id: attempt.id,
      attemptNumber: attempt.attemptNumber,
      startedAt: attempt.startedAt,
      submittedAt: attempt.submittedAt!,
      pointsEarned: attempt.pointsEarned ?? 0,
      pointsPossible: attempt.pointsPossible ?? 0,
      scorePercent: attempt.scorePercent ?? 0,
      isPassed: attempt.isPassed ?? false,
      questions: asLayout(layout).flatMap(({ questionId, choiceIds }) => {
        const row = byQuestion.get(questionId);
        if (!row) return [];
        const { question } = row;
        return [
          {
            questionId,
            kind: question.kind,
            prompt: question.prompt,
            choices: inLayoutOrder(asChoices(question.choices), choiceIds),
            response: row.response as QuestionResponse,
            isCorrect: row.isCorrect,
            points: row.points,
            maxPoints: question.points,
            explanation: question.explanation,
            correctAnswer: revealsAnswers ? asAnswer(question.answer) : null,
          },
        ];
      }),
    };
  });
}

/**
 * The learner's submitted attempts at the lesson's quiz, newest first, with each question's response,
 * grade and explanation (and the correct answers once no attempt is left).
 */
export async function listMyAttempts({
  viewer,
  lessonId,
  now = new Date(),
}: {
  viewer: Actor;
  lessonId: string;
  now?: Date;
}): Promise<{ ok: true; attempts: ReviewedAttempt[] } | AttemptRefusal<"notFound" | "notEnrolled" | "preview">> {
  await finalizeIfExpired({ viewer, lessonId, now });
  const read = await readQuizForLearner({ viewer, lessonId, now });
  if (!read.ok) return read;
  const revealsAnswers = read.quiz.maxAttempts !== null && read.attempts.length >= read.quiz.maxAttempts;
  return { ok: true, attempts: reviewAttempts(read.attempts, { revealsAnswers }) };
}

export type ReviewedAttempt = ReturnType<typeof reviewAttempts>[number];

/**
 * What the lesson player shows of the quiz. For a learner: the settings, whether another attempt may
 * start, the open attempt's questions (without answers or explanations) with the responses saved and
 * the seconds left, and past attempts with their results. An attempt that ran out is graded first.
 * For the course's instructors and admins, a preview: the settings and questions, no attempts.
 */
export async function getQuizForLearner({
  viewer,
  lessonId,
  now = new Date(),
}: {
  viewer: Actor;
  lessonId: string;
  now?: Date;
}) {
  let read = await readQuizForLearner({ viewer, lessonId, now });
  if (!read.ok && read.reason === "preview") return { ok: true, view: await previewQuiz({ lessonId }) } as const;
  if (!read.ok) return read;
  if (read.attempts.some((attempt) => attempt.submittedAt === null && !isTakingResponses(attempt, now))) {
    await finalizeIfExpired({ viewer, lessonId, now });
    read = await readQuizForLearner({ viewer, lessonId, now });
    if (!read.ok) return read as AttemptRefusal<"notFound" | "notEnrolled">;
  }
  const { quiz, questions, attempts } = read;
  const asked = questions.filter((question) => question.archivedAt === null);
  const open = attempts.find((attempt) => attempt.submittedAt === null);
  const attemptsLeft = quiz.maxAttempts === null ? null : Math.max(0, quiz.maxAttempts - attempts.length);
  const questionCount = asked.length;
  return {
    ok: true,
    view: {
      mode: "learner",
      settings: {
        passingScore: quiz.passingScore,
        maxAttempts: quiz.maxAttempts,
        timeLimitMinutes: quiz.timeLimitMinutes,
        questionCount,
        totalPoints: asked.reduce((sum, question) => sum + question.points, 0),
      },
      attemptsLeft,
      isPassed: attempts.some((attempt) => attempt.isPassed),
      canStart: !open && questionCount > 0 && (attemptsLeft === null || attemptsLeft > 0),
      openAttempt: open
        ? {
            id: open.id,
            attemptNumber: open.attemptNumber,
            startedAt: open.startedAt,
            deadlineAt: open.deadlineAt,
            remainingSeconds: open.deadlineAt
              ? Math.max(0, Math.ceil((open.deadlineAt.getTime() - now.getTime()) / 1000))
              : null,
            questions: questionsToAnswer(open, questions),
            responses: asSavedResponses(open.answers),
          }
        : null,
      attempts: reviewAttempts(attempts, { revealsAnswers: attemptsLeft === 0 }),
    },
  } as const;
}

/**
 * Everything the lesson player shows of a quiz to a learner, in one statement (relation joins): the
 * access rules' inputs, the quiz, its questions (archived ones too, which older attempts may hold;
 * never their answers, which only graded responses bring along) and the learner's attempts with
 * their graded responses.
 */
async function readQuizForLearner({ viewer, lessonId, now }: { viewer: Actor; lessonId: string; now: Date }) {
  if (!isUuid(lessonId)) return { ok: false, reason: "notFound" } as const;
  const lesson = await prisma.lesson.findUnique({
    where: { id: lessonId },
    select: {
      ...quizLessonSelect,
      course: {
        select: {
          status: true,
          instructors: { select: { userId: true } },
          enrollments: {
            where: { userId: viewer.id, status: { in: ["ACTIVE", "COMPLETED"] } },
            select: { status: true },
          },
        },
      },
      quiz: {
        select: {
          ...quizSettingsSelect,
          questions: {
            orderBy: QUESTION_ORDER,
            select: { id: true, kind: true, prompt: true, points: true, choices: true, archivedAt: true },
          },
          attempts: {
            where: { userId: viewer.id },
            orderBy: { attemptNumber: "asc" },
            select: {
              ...attemptSelect,
              responses: {
                select: {
                  questionId: true,
                  response: true,
                  isCorrect: true,
                  points: true,
                  question: {
                    select: { kind: true, prompt: true, choices: true, points: true, explanation: true, answer: true },
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!lesson) return { ok: false, reason: "notFound" } as const;
  const decision = decideLearnerAccess({ viewer, lesson, now });
  if (!decision.ok) return decision;
  if (lesson.course.enrollments.length === 0) return { ok: false, reason: "notEnrolled" } as const;
  const { questions, attempts } = lesson.quiz!;
  return { ok: true, quiz: decision.quiz, questions, attempts } as const;
}

type LearnerAttemptRow = Extract<Awaited<ReturnType<typeof readQuizForLearner>>, { ok: true }>["attempts"][number];

/** The quiz as its instructors preview it in the lesson player: settings and questions, no answers. */
async function previewQuiz({ lessonId }: { lessonId: string }) {
  const quiz = await prisma.quiz.findUniqueOrThrow({
    where: { lessonId },
    select: {
      passingScore: true,
      maxAttempts: true,
      timeLimitMinutes: true,
      questions: {
        where: { archivedAt: null },
        orderBy: QUESTION_ORDER,
        select: { id: true, kind: true, prompt: true, points: true, choices: true },
      },
    },
  });
  return {
    mode: "preview",
    settings: {
      passingScore: quiz.passingScore,
      maxAttempts: quiz.maxAttempts,
      timeLimitMinutes: quiz.timeLimitMinutes,
      questionCount: quiz.questions.length,
      totalPoints: quiz.questions.reduce((sum, question) => sum + question.points, 0),
    },
    questions: quiz.questions.map((question) => ({ ...question, choices: asChoices(question.choices) })),
  } as const;
}

export type LearnerQuizView = Extract<Awaited<ReturnType<typeof getQuizForLearner>>, { ok: true }>["view"];

// ───────────────────────────── Results for instructors ─────────────────────────────

/** How many of the most common wrong responses each question's results list. */
export const COMMON_WRONG_RESPONSES = 3;

/**
 * How the quiz went, question by question, for the course's instructors: how many answered each
 * and how many got it right, and its most common wrong responses (short answers and numbers
 * compared as normalized text, so "ＮｕｍＰｙ" and "numpy" are one). Four queries whatever the number
 * of learners; each returns at most a row per question (three for wrong responses). Questions
 * archived after being answered are listed after the others.
 */
export async function getQuizResults({
  actor,
  courseId,
  lessonId,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
}) {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers || !isUuid(lessonId)) return { ok: false, reason: "notFound" } as const;
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" } as const;
  const quiz = await prisma.quiz.findFirst({
    where: { lessonId, lesson: { courseId: teachers.id, kind: "QUIZ", status: { not: "ARCHIVED" } } },
    select: {
      id: true,
      passingScore: true,
      lesson: { select: { id: true, title: true } },
      questions: {
        where: { OR: [{ archivedAt: null }, { answers: { some: {} } }] },
        orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, ...QUESTION_ORDER],
        select: { id: true, kind: true, prompt: true, choices: true, answer: true, points: true, archivedAt: true },
      },
    },
  });
  if (!quiz) return { ok: false, reason: "notFound" } as const;
  const [[summary], counts, wrongResponses] = await Promise.all([
    prisma.$queryRaw<
      { attemptCount: number; learnerCount: number; passedLearnerCount: number; averageScorePercent: number | null }[]
    >`
      SELECT count(*)::int AS "attemptCount",
             count(DISTINCT "userId")::int AS "learnerCount",
             (count(DISTINCT "userId") FILTER (WHERE "isPassed"))::int AS "passedLearnerCount",
             avg("scorePercent")::float8 AS "averageScorePercent"
      FROM "QuizAttempt"
      WHERE "quizId" = ${quiz.id}::uuid AND "submittedAt" IS NOT NULL`,
    prisma.$queryRaw<{ questionId: string; answerCount: number; answeredCount: number; correctCount: number }[]>`
      SELECT a."questionId"::text AS "questionId",
             count(*)::int AS "answerCount",
             (count(*) FILTER (WHERE a."response" IS NOT NULL))::int AS "answeredCount",
             (count(*) FILTER (WHERE a."isCorrect"))::int AS "correctCount"
      FROM "QuizAnswer" a
      JOIN "Question" q ON q."id" = a."questionId"
      WHERE q."quizId" = ${quiz.id}::uuid
      GROUP BY a."questionId"`,
    // Text responses are grouped as app/lib/quiz-questions.ts normalizes short answers (NFKC, case,
    // runs of white space); choice responses are stored in the question's choice order already.
    prisma.$queryRaw<{ questionId: string; response: Prisma.JsonValue; count: number }[]>`
      WITH wrong AS (
        SELECT a."questionId",
               CASE jsonb_typeof(a."response")
                 WHEN 'string' THEN to_jsonb(btrim(regexp_replace(
                   lower(normalize(a."response" #>> '{}', NFKC)), '\\s+', ' ', 'g')))
                 ELSE a."response"
               END AS "response"
        FROM "QuizAnswer" a
        JOIN "Question" q ON q."id" = a."questionId"
        WHERE q."quizId" = ${quiz.id}::uuid AND NOT a."isCorrect" AND a."response" IS NOT NULL
      ), counted AS (
        SELECT "questionId", "response", count(*)::int AS "count",
               row_number() OVER (PARTITION BY "questionId" ORDER BY count(*) DESC, "response"::text) AS "rank"
        FROM wrong
        GROUP BY "questionId", "response"
      )
      SELECT "questionId"::text AS "questionId", "response", "count"
      FROM counted
      WHERE "rank" <= ${COMMON_WRONG_RESPONSES}
      ORDER BY "questionId", "rank"`,
  ]);
  const countsById = new Map(counts.map((row) => [row.questionId, row]));
  return {
    ok: true,
    results: {
      lesson: quiz.lesson,
      passingScore: quiz.passingScore,
      attemptCount: summary?.attemptCount ?? 0,
      learnerCount: summary?.learnerCount ?? 0,
      passedLearnerCount: summary?.passedLearnerCount ?? 0,
      averageScorePercent: summary?.averageScorePercent ?? null,
      questions: quiz.questions.map((question) => {
        const count = countsById.get(question.id);
        return {
          id: question.id,
          kind: question.kind,
          prompt: question.prompt,
          choices: asChoices(question.choices),
          answer: asAnswer(question.answer),
          points: question.points,
          isArchived: question.archivedAt !== null,
          answerCount: count?.answerCount ?? 0,
          answeredCount: count?.answeredCount ?? 0,
          correctCount: count?.correctCount ?? 0,
          commonWrongResponses: wrongResponses
            .filter((row) => row.questionId === question.id)
            .map((row) => ({ response: row.response as QuestionResponse, count: row.count })),
        };
      }),
    },
  } as const;
}

export type QuizResults = Extract<Awaited<ReturnType<typeof getQuizResults>>, { ok: true }>["results"];
