// The demo's grading activity (seed-data/grading-activity.ts), written after the rest of the demo
// has committed, through the app's model functions rather than raw rows: attempts are numbered, late
// marks and grades judged, lessons completed and every grade audited exactly as in the app.
//
// Like the rest of the learner activity it is written once: each learner's hand-ins for an
// assignment, each learner's attempts at a quiz and each course's gradebook are skipped when any of
// theirs exists already, so a re-run keeps whatever people did in the demo since.
import type { QuestionKind, Role } from "../app/generated/prisma/enums";
import { withAppPrismaClient, type Database } from "../app/lib/prisma-client.server";
import type { QuestionAnswer } from "../app/lib/quiz-questions";
import { gradeSubmission, returnSubmission, submitAssignment } from "../app/models/assignment.server";
import {
  confirmFinalGrade,
  createGradeCategory,
  createGradeItem,
  recordManualGrade,
} from "../app/models/gradebook.server";
import { startAttempt, submitAttempt, type ResponseValues } from "../app/models/quiz.server";
import {
  GRADEBOOKS,
  GRADER_EMAIL,
  QUIZ_ATTEMPTS,
  SUBMISSIONS,
  type DemoGradebook,
  type DemoMoment,
  type DemoQuizAttempts,
  type DemoSubmission,
} from "./seed-data/grading-activity";

type Ids = ReadonlyMap<string, string>;
type SeededCourse = { id: string; lessonIds: Ids };
type Actor = { id: string; role: Role };

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** How long a demo learner spends on a quiz attempt (within every demo quiz's time limit). */
const QUIZ_MINUTES = 9;

function requireId(ids: Ids, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Demo grading data refers to unknown "${key}"`);
  return id;
}

/** A model function's answer, or an error naming what the demo data asked for. */
function expectOk<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
  if (!result.ok) {
    throw new Error(`Demo grading data: ${what} was refused (${(result as { reason?: string }).reason})`);
  }
  return result as Extract<T, { ok: true }>;
}

export async function seedGradingActivity({
  db,
  now,
  userIds,
  courses,
}: {
  db: Database;
  now: Date;
  /** Email → id of every demo person. */
  userIds: Ids;
  /** Package folder → the seeded course. */
  courses: ReadonlyMap<string, SeededCourse>;
}): Promise<{ submissions: number; quizAttempts: number; gradebooks: number }> {
  const course = (folder: string) => {
    const found = courses.get(folder);
    if (!found) throw new Error(`Demo grading data refers to unknown course package "${folder}"`);
    return found;
  };
  const actorFor = async (email: string): Promise<Actor> => {
    const id = requireId(userIds, email);
    const { role } = await db.user.findUniqueOrThrow({ where: { id }, select: { role: true } });
    return { id, role };
  };

  return withAppPrismaClient(db, async () => {
    const written = { submissions: 0, quizAttempts: 0, gradebooks: 0 };
    const grader = await actorFor(GRADER_EMAIL);
    for (const seed of SUBMISSIONS) {
      const { id: courseId, lessonIds } = course(seed.folder);
      written.submissions += await handIn({
        db,
        seed,
        courseId,
        lessonId: requireId(lessonIds, seed.lessonSlug),
        learnerId: requireId(userIds, seed.learnerEmail),
        grader,
        now,
      });
    }
    for (const seed of QUIZ_ATTEMPTS) {
      written.quizAttempts += await takeQuiz({
        db,
        seed,
        lessonId: requireId(course(seed.folder).lessonIds, seed.lessonSlug),
        learner: await actorFor(seed.learnerEmail),
        now,
      });
    }
    for (const seed of GRADEBOOKS) {
      const isNew = await setUpGradebook({
        db,
        seed,
        course: course(seed.folder),
        instructor: await actorFor(seed.instructorEmail),
        userIds,
        now,
      });
      if (isNew) written.gradebooks += 1;
    }
    return written;
  });
}

/** Each attempt of one learner at one assignment, reviewed as the data says; the number handed in. */
async function handIn({
  db,
  seed,
  courseId,
  lessonId,
  learnerId,
  grader,
  now,
}: {
  db: Database;
  seed: DemoSubmission;
  courseId: string;
  lessonId: string;
  learnerId: string;
  grader: Actor;
  now: Date;
}): Promise<number> {
  const assignment = await db.assignment.findUniqueOrThrow({
    where: { lessonId },
    select: { dueAt: true, _count: { select: { submissions: { where: { userId: learnerId } } } } },
  });
  if (assignment._count.submissions > 0) return 0;
  const at = (moment: DemoMoment) => momentOf(moment, { dueAt: assignment.dueAt, now });
  const what = `${seed.learnerEmail}'s ${seed.folder}/${seed.lessonSlug}`;

  for (const [index, attempt] of seed.attempts.entries()) {
    const { submissionId } = expectOk(
      await submitAssignment({ userId: learnerId, lessonId, body: attempt.body, files: [], now: at(attempt.at) }),
      `${what} attempt ${index + 1}`,
    );
    const review = attempt.review;
    if (!review) continue;
    const change = { actor: grader, courseId, submissionId, feedback: review.feedback, now: at(review.at) };
    expectOk(
      review.kind === "grade"
        ? await gradeSubmission({ ...change, points: review.points })
        : await returnSubmission(change),
      `grading ${what} attempt ${index + 1}`,
    );
  }
  return seed.attempts.length;
}

/** A demo moment as a time: relative to the due time or to the seed's run, and never after the run. */
function momentOf(moment: DemoMoment, { dueAt, now }: { dueAt: Date | null; now: Date }): Date {
  let time: number;
  if ("hoursAfterDue" in moment) {
    if (!dueAt) throw new Error("Demo grading data times a hand-in by the due time of an assignment without one");
    time = dueAt.getTime() + moment.hoursAfterDue * HOUR_MS;
  } else {
    time = now.getTime() - moment.daysAgo * DAY_MS;
  }
  return new Date(Math.min(time, now.getTime() - 60_000));
}

/** Each attempt of one learner at one quiz, answered as the data says; the number taken. */
async function takeQuiz({
  db,
  seed,
  lessonId,
  learner,
  now,
}: {
  db: Database;
  seed: DemoQuizAttempts;
  lessonId: string;
  learner: Actor;
  now: Date;
}): Promise<number> {
  const quiz = await db.quiz.findUniqueOrThrow({
    where: { lessonId },
    select: {
      _count: { select: { attempts: { where: { userId: learner.id } } } },
      questions: {
        where: { archivedAt: null },
        orderBy: { position: "asc" },
        select: { id: true, kind: true, choices: true, answer: true },
      },
    },
  });
  if (quiz._count.attempts > 0) return 0;
  const what = `${seed.learnerEmail}'s ${seed.folder}/${seed.lessonSlug}`;

  for (const [index, attempt] of seed.attempts.entries()) {
    const startedAt = new Date(now.getTime() - attempt.daysAgo * DAY_MS);
    const { attemptId } = expectOk(
      await startAttempt({ viewer: learner, lessonId, now: startedAt }),
      `${what} attempt ${index + 1}`,
    );
    const responses: ResponseValues = Object.fromEntries(
      quiz.questions.map((question, position) => [
        question.id,
        responseTo(
          {
            kind: question.kind,
            choices: question.choices as { id: string }[],
            answer: question.answer as QuestionAnswer,
          },
          { isRight: position < attempt.rightCount },
        ),
      ]),
    );
    expectOk(
      await submitAttempt({
        viewer: learner,
        lessonId,
        attemptId,
        responses,
        now: new Date(startedAt.getTime() + QUIZ_MINUTES * 60_000),
      }),
      `submitting ${what} attempt ${index + 1}`,
    );
  }
  return seed.attempts.length;
}

/** A right or a wrong response to a question, as a learner's form sends it. */
function responseTo(
  question: { kind: QuestionKind; choices: { id: string }[]; answer: QuestionAnswer },
  { isRight }: { isRight: boolean },
): string | string[] {
  const { kind, choices, answer } = question;
  if (!Array.isArray(answer)) return String(isRight ? answer.value : answer.value + answer.tolerance + 1000);
  if (kind === "SHORT_ANSWER") return isRight ? (answer[0] ?? "") : "모르겠습니다";
  if (isRight) return kind === "MULTIPLE_CHOICE" ? answer : (answer[0] ?? "");
  const wrong = choices.find((choice) => !answer.includes(choice.id))?.id ?? "";
  return kind === "MULTIPLE_CHOICE" ? [wrong] : wrong;
}

/**
 * A course's gradebook as the data says: categories and items, manual grades, confirmed letters.
 * Skipped (false) when the course has any grade category: someone has set it up already.
 */
async function setUpGradebook({
  db,
  seed,
  course,
  instructor,
  userIds,
  now,
}: {
  db: Database;
  seed: DemoGradebook;
  course: SeededCourse;
  instructor: Actor;
  userIds: Ids;
  now: Date;
}): Promise<boolean> {
  const courseId = course.id;
  if ((await db.gradeCategory.count({ where: { courseId } })) > 0) return false;
  const what = `${seed.folder}'s gradebook`;
  const manualItemIds = new Map<string, string>();

  for (const category of seed.categories) {
    const { categoryId } = expectOk(
      await createGradeCategory({
        actor: instructor,
        courseId,
        name: category.name,
        weightPercent: category.weightPercent,
      }),
      `${what}: category ${category.name}`,
    );
    for (const item of category.items) {
      const created = expectOk(
        await createGradeItem({
          actor: instructor,
          courseId,
          categoryId,
          item:
            "lessonSlug" in item
              ? {
                  kind: "LESSON",
                  lessonId: requireId(course.lessonIds, item.lessonSlug),
                  quizScoreRule: item.quizScoreRule ?? "BEST",
                }
              : { kind: "MANUAL", title: item.title, maxPoints: item.maxPoints },
        }),
        `${what}: item ${"lessonSlug" in item ? item.lessonSlug : item.title}`,
      );
      if ("title" in item) manualItemIds.set(item.title, created.itemId);
    }
  }

  for (const grade of seed.manualGrades) {
    expectOk(
      await recordManualGrade({
        actor: instructor,
        courseId,
        itemId: requireId(manualItemIds, grade.title),
        userId: requireId(userIds, grade.learnerEmail),
        points: grade.points,
        now,
      }),
      `${what}: ${grade.learnerEmail}'s ${grade.title}`,
    );
  }

  for (const email of seed.confirmedLearnerEmails) {
    const enrollment = await db.enrollment.findUniqueOrThrow({
      where: { userId_courseId: { userId: requireId(userIds, email), courseId } },
      select: { id: true },
    });
    expectOk(
      await confirmFinalGrade({ actor: instructor, courseId, enrollmentId: enrollment.id, now }),
      `${what}: ${email}'s letter`,
    );
  }
  return true;
}
