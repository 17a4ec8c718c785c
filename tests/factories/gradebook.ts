// Builders for gradebook tests: a credit course with quiz, assignment and other lessons, categories
// and items made directly, and quiz attempts, graded submissions and manual grades as if the learner
// and the grader had made them.
import type { Database } from "../../app/lib/db.server";
import type { GradeScale, SubmissionStatus } from "../../app/generated/prisma/client";
import { createProgram } from "./index";
import { createCourseWithLessons, type LessonSpec } from "./progress";

/** A published course (in a new program on `scale`) with the given lessons, credits and end date. */
export async function createGradedCourse(
  db: Database,
  {
    lessons,
    credits = 3,
    scale = "KR_4_5",
    isPassFail = false,
    endsOn = null,
  }: {
    lessons: LessonSpec[];
    credits?: number | null;
    scale?: GradeScale;
    isPassFail?: boolean;
    endsOn?: Date | null;
  },
) {
  const program = await db.program.update({
    where: { id: (await createProgram(db, { kind: "GRADUATE" })).id },
    data: { gradeScale: scale },
  });
  const built = await createCourseWithLessons(db, { modules: [lessons], programId: program.id });
  const course = await db.course.update({
    where: { id: built.course.id },
    data: { credits, isPassFail, endsOn },
  });
  return { course, lessons: built.lessons, program };
}

export async function createCategory(
  db: Database,
  {
    courseId,
    name,
    weightPercent,
    position = 1,
  }: { courseId: string; name: string; weightPercent: number; position?: number },
) {
  return db.gradeCategory.create({ data: { courseId, name, weightPercent, position }, select: { id: true } });
}

export async function createLessonItem(
  db: Database,
  {
    courseId,
    categoryId,
    lesson,
    quizScoreRule = "BEST",
    position = 1,
  }: {
    courseId: string;
    categoryId: string;
    lesson: { id: string; kind: string };
    quizScoreRule?: "BEST" | "LAST";
    position?: number;
  },
) {
  if (lesson.kind !== "QUIZ" && lesson.kind !== "ASSIGNMENT") throw new Error("Only quiz and assignment lessons");
  return db.gradeItem.create({
    data: { courseId, categoryId, kind: lesson.kind, lessonId: lesson.id, quizScoreRule, position },
    select: { id: true },
  });
}

export async function createManualItem(
  db: Database,
  {
    courseId,
    categoryId,
    title,
    maxPoints,
    position = 1,
  }: { courseId: string; categoryId: string; title: string; maxPoints: number; position?: number },
) {
  return db.gradeItem.create({
    data: { courseId, categoryId, kind: "MANUAL", title, maxPoints, position },
    select: { id: true },
  });
}

/** Submitted quiz attempts with these score percents, in this order; `open` adds an unsubmitted one last. */
export async function createQuizAttempts(
  db: Database,
  { lessonId, userId, scores, open = false }: { lessonId: string; userId: string; scores: number[]; open?: boolean },
) {
  const quiz = await db.quiz.findUniqueOrThrow({ where: { lessonId }, select: { id: true } });
  const start = await db.quizAttempt.count({ where: { quizId: quiz.id, userId } });
  await db.quizAttempt.createMany({
    data: [
      ...scores.map((scorePercent, index) => ({
        quizId: quiz.id,
        userId,
        attemptNumber: start + index + 1,
        submittedAt: new Date(),
        scorePercent,
        isPassed: scorePercent >= 70,
      })),
      ...(open ? [{ quizId: quiz.id, userId, attemptNumber: start + scores.length + 1 }] : []),
    ],
  });
}

/** A submission to the assignment of an ASSIGNMENT lesson: GRADED with `points`, or only submitted. */
export async function createGradedSubmission(
  db: Database,
  {
    lessonId,
    userId,
    points,
    status = "GRADED",
  }: { lessonId: string; userId: string; points: number | null; status?: SubmissionStatus },
) {
  const assignment = await db.assignment.findUniqueOrThrow({ where: { lessonId }, select: { id: true } });
  const attemptNumber = (await db.submission.count({ where: { assignmentId: assignment.id, userId } })) + 1;
  return db.submission.create({
    data: {
      assignmentId: assignment.id,
      userId,
      attemptNumber,
      status,
      points: status === "GRADED" ? points : null,
      gradedAt: status === "GRADED" ? new Date() : null,
    },
    select: { id: true },
  });
}

export async function setAssignment(
  db: Database,
  { lessonId, maxPoints, dueAt }: { lessonId: string; maxPoints?: number; dueAt?: Date | null },
) {
  return db.assignment.update({ where: { lessonId }, data: { maxPoints, dueAt }, select: { id: true } });
}

export async function createManualGrade(
  db: Database,
  { itemId, userId, points, gradedById }: { itemId: string; userId: string; points: number; gradedById: string },
) {
  return db.manualGrade.create({ data: { itemId, userId, points, gradedById }, select: { id: true } });
}
