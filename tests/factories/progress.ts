// Builders for progress tests: courses with lessons of every kind, enrollments made directly (not
// through the enrollment model), quiz attempts, graded submissions and cohort due dates.
import type { Database } from "../../app/lib/db.server";
import type { EnrollmentStatus, LessonKind } from "../../app/generated/prisma/client";
import { createCourse, createProgram, uniqueSuffix } from "./index";

export type LessonSpec = {
  title?: string;
  kind?: LessonKind;
  isRequired?: boolean;
  isPublished?: boolean;
  releaseAt?: Date | null;
};

export type BuiltLesson = { id: string; slug: string; kind: LessonKind; moduleId: string; title: string };

/**
 * A PUBLISHED course with one module per entry of `modules` (positions 1, 2, …), their lessons in
 * order, a Quiz or Assignment for each QUIZ or ASSIGNMENT lesson, and Course.requiredLessonCount set
 * to its published required lessons. Returns the lessons flattened in outline order.
 */
export async function createCourseWithLessons(
  db: Database,
  { modules, programId, title }: { modules: LessonSpec[][]; programId?: string; title?: string },
) {
  const course = await createCourse(db, { programId: programId ?? (await createProgram(db)).id, title });
  const lessons = await db.$transaction(async (tx) => {
    const built: BuiltLesson[] = [];
    for (const [moduleIndex, lessonSpecs] of modules.entries()) {
      const courseModule = await tx.module.create({
        data: { courseId: course.id, position: moduleIndex + 1, title: `Module ${moduleIndex + 1}` },
        select: { id: true },
      });
      for (const [lessonIndex, spec] of lessonSpecs.entries()) {
        const kind = spec.kind ?? "ARTICLE";
        const lessonTitle = spec.title ?? `Lesson ${moduleIndex + 1}.${lessonIndex + 1}`;
        const lesson = await tx.lesson.create({
          data: {
            courseId: course.id,
            moduleId: courseModule.id,
            slug: `lesson-${uniqueSuffix()}`,
            position: lessonIndex + 1,
            title: lessonTitle,
            kind,
            isRequired: spec.isRequired ?? true,
            status: spec.isPublished === false ? "DRAFT" : "PUBLISHED",
            releaseAt: spec.releaseAt ?? null,
          },
          select: { id: true, slug: true, kind: true, moduleId: true, title: true },
        });
        if (kind === "QUIZ") await tx.quiz.create({ data: { lessonId: lesson.id }, select: { id: true } });
        if (kind === "ASSIGNMENT") {
          await tx.assignment.create({ data: { lessonId: lesson.id }, select: { id: true } });
        }
        built.push(lesson);
      }
    }
    const requiredLessonCount = modules
      .flat()
      .filter((spec) => (spec.isRequired ?? true) && spec.isPublished !== false).length;
    await tx.course.update({ where: { id: course.id }, data: { requiredLessonCount } });
    return built;
  });
  return { course, lessons };
}

/** An enrollment in the given status, written directly, with the timestamps that status implies. */
export async function enrollLearnerDirectly(
  db: Database,
  {
    userId,
    courseId,
    status = "ACTIVE",
    at = new Date(),
  }: { userId: string; courseId: string; status?: EnrollmentStatus; at?: Date },
) {
  return db.enrollment.create({
    data: {
      userId,
      courseId,
      status,
      requestedAt: at,
      activatedAt: status === "ACTIVE" || status === "COMPLETED" || status === "DROPPED" ? at : null,
      completedAt: status === "COMPLETED" ? at : null,
      droppedAt: status === "DROPPED" ? at : null,
      waitlistedAt: status === "WAITLISTED" ? at : null,
    },
    select: { id: true, status: true },
  });
}

/** A submitted attempt at the quiz of a QUIZ lesson. */
export async function createQuizAttempt(
  db: Database,
  { lessonId, userId, isPassed }: { lessonId: string; userId: string; isPassed: boolean },
) {
  const quiz = await db.quiz.findUniqueOrThrow({ where: { lessonId }, select: { id: true } });
  const attemptNumber = (await db.quizAttempt.count({ where: { quizId: quiz.id, userId } })) + 1;
  return db.quizAttempt.create({
    data: {
      quizId: quiz.id,
      userId,
      attemptNumber,
      submittedAt: new Date(),
      scorePercent: isPassed ? 90 : 30,
      isPassed,
    },
    select: { id: true },
  });
}

/** A submission to the assignment of an ASSIGNMENT lesson, graded unless `isGraded` is false. */
export async function createSubmission(
  db: Database,
  {
    lessonId,
    userId,
    isPassing,
    isGraded = true,
  }: { lessonId: string; userId: string; isPassing: boolean; isGraded?: boolean },
) {
  const assignment = await db.assignment.findUniqueOrThrow({ where: { lessonId }, select: { id: true } });
  const attemptNumber = (await db.submission.count({ where: { assignmentId: assignment.id, userId } })) + 1;
  return db.submission.create({
    data: {
      assignmentId: assignment.id,
      userId,
      attemptNumber,
      body: "My answer",
      status: isGraded ? "GRADED" : "SUBMITTED",
      points: isGraded ? (isPassing ? 80 : 20) : null,
      isPassing: isGraded ? isPassing : null,
      gradedAt: isGraded ? new Date() : null,
    },
    select: { id: true },
  });
}

/** A cohort with `userId` as a learner (left at `leftAt`, if given) and the courses assigned to it. */
export async function createCohortWithCourses(
  db: Database,
  {
    programId,
    userId,
    leftAt = null,
    courses,
  }: { programId: string; userId: string; leftAt?: Date | null; courses: { courseId: string; dueOn: Date | null }[] },
) {
  const suffix = uniqueSuffix();
  return db.cohort.create({
    data: {
      programId,
      slug: `cohort-${suffix}`,
      name: `Cohort ${suffix}`,
      startsOn: new Date("2026-01-01T00:00:00.000Z"),
      endsOn: new Date("2026-12-31T00:00:00.000Z"),
      members: { create: { userId, leftAt } },
      courses: { create: courses },
    },
    select: { id: true, slug: true, name: true },
  });
}
