import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import type { EnrollmentStatus } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { FUNNEL_LESSON_LIMIT, getCohortDashboard } from "~/models/cohort-dashboard.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { createCourseWithLessons, enrollLearnerDirectly, type BuiltLesson } from "../../tests/factories/progress";

/** Thursday 12 March 2026, 01:00 in Korea: still Wednesday the 11th in UTC. */
const NOW = new Date("2026-03-11T16:00:00.000Z");

async function countSqlStatements(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

function at(iso: string) {
  return new Date(iso);
}

function lessonOf(lessons: BuiltLesson[], title: string) {
  const lesson = lessons.find((candidate) => candidate.title === title);
  if (!lesson) throw new Error(`No lesson ${title}`);
  return lesson;
}

async function enroll(
  userId: string,
  courseId: string,
  {
    status = "ACTIVE",
    progressPercent = 0,
    lastActivityAt = null,
  }: { status?: EnrollmentStatus; progressPercent?: number; lastActivityAt?: Date | null } = {},
) {
  const { id } = await enrollLearnerDirectly(prisma, { userId, courseId, status, at: at("2026-01-02T00:00:00.000Z") });
  await prisma.enrollment.update({ where: { id }, data: { progressPercent, lastActivityAt } });
}

async function completeLesson(userId: string, lesson: { id: string }, completedAt: Date | null, courseId: string) {
  await prisma.lessonProgress.create({
    data: {
      userId,
      lessonId: lesson.id,
      courseId,
      status: completedAt ? "COMPLETED" : "IN_PROGRESS",
      firstViewedAt: completedAt ?? NOW,
      lastViewedAt: completedAt ?? NOW,
      completedAt,
    },
  });
}

async function attemptQuiz(userId: string, lesson: { id: string }, submittedAt: Date, isPassed: boolean) {
  const quiz = await prisma.quiz.findUniqueOrThrow({ where: { lessonId: lesson.id }, select: { id: true } });
  const attemptNumber = (await prisma.quizAttempt.count({ where: { quizId: quiz.id, userId } })) + 1;
  await prisma.quizAttempt.create({
    data: {
      quizId: quiz.id,
      userId,
      attemptNumber,
      startedAt: submittedAt,
      submittedAt,
      scorePercent: isPassed ? 90 : 30,
      isPassed,
    },
  });
}

async function submit(userId: string, lesson: { id: string }, submittedAt: Date, grade: "passing" | "waiting") {
  const assignment = await prisma.assignment.findUniqueOrThrow({
    where: { lessonId: lesson.id },
    select: { id: true },
  });
  await prisma.submission.create({
    data: {
      assignmentId: assignment.id,
      userId,
      submittedAt,
      status: grade === "passing" ? "GRADED" : "SUBMITTED",
      points: grade === "passing" ? 80 : null,
      isPassing: grade === "passing" ? true : null,
      gradedAt: grade === "passing" ? submittedAt : null,
    },
  });
}

async function setAssignmentDue(lesson: { id: string }, dueAt: Date) {
  await prisma.assignment.update({ where: { lessonId: lesson.id }, data: { dueAt } });
}

async function createCohort({
  programId,
  courses,
}: {
  programId: string;
  courses: { courseId: string; dueOn: Date | null; startsOn?: Date | null }[];
}) {
  const suffix = uniqueSuffix();
  return prisma.cohort.create({
    data: {
      programId,
      slug: `cohort-${suffix}`,
      name: `대시보드 기수 ${suffix}`,
      startsOn: at("2026-01-05T00:00:00.000Z"),
      endsOn: at("2026-06-30T00:00:00.000Z"),
      courses: { create: courses },
    },
    select: { id: true, name: true },
  });
}

/**
 * Four current learners (김, 이, 박, 최), one who left and one mentor, in a cohort with two assigned
 * courses; a third course of the same program is not assigned. Every figure below is worked out
 * by hand from these rows.
 *
 * Course A (due 11 March: before today, 12 March in Korea): module 1 [A1 article, A2 video], module 2
 * [A3 quiz, A4 assignment due 5 March, A5 assignment still a draft, also past due].
 * Course B (due 12 March: today, so not overdue): [B1 article, B2 article, B3 assignment due 20 March].
 */
async function dashboardFixture() {
  const program = await createProgram(prisma);
  const a = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "A 데이터 분석",
    modules: [
      [
        { title: "A1", kind: "ARTICLE" },
        { title: "A2", kind: "VIDEO" },
      ],
      [
        { title: "A3", kind: "QUIZ" },
        { title: "A4", kind: "ASSIGNMENT" },
        { title: "A5", kind: "ASSIGNMENT", isPublished: false },
      ],
    ],
  });
  const b = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "B 머신러닝",
    modules: [
      [
        { title: "B1", kind: "ARTICLE" },
        { title: "B2", kind: "ARTICLE" },
        { title: "B3", kind: "ASSIGNMENT" },
      ],
    ],
  });
  const c = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "C 배정되지 않은 과목",
    modules: [
      [
        { title: "C1", kind: "ARTICLE" },
        { title: "C2", kind: "ASSIGNMENT" },
      ],
    ],
  });
  const lesson = {
    a1: lessonOf(a.lessons, "A1"),
    a2: lessonOf(a.lessons, "A2"),
    a3: lessonOf(a.lessons, "A3"),
    a4: lessonOf(a.lessons, "A4"),
    a5: lessonOf(a.lessons, "A5"),
    b1: lessonOf(b.lessons, "B1"),
    b2: lessonOf(b.lessons, "B2"),
    b3: lessonOf(b.lessons, "B3"),
    c1: lessonOf(c.lessons, "C1"),
    c2: lessonOf(c.lessons, "C2"),
  };
  await setAssignmentDue(lesson.a4, at("2026-03-05T00:00:00.000Z"));
  await setAssignmentDue(lesson.a5, at("2026-03-05T00:00:00.000Z"));
  await setAssignmentDue(lesson.b3, at("2026-03-20T00:00:00.000Z"));
  await setAssignmentDue(lesson.c2, at("2026-03-05T00:00:00.000Z"));

  const cohort = await createCohort({
    programId: program.id,
    courses: [
      { courseId: a.course.id, dueOn: at("2026-03-11T00:00:00.000Z"), startsOn: at("2026-01-05T00:00:00.000Z") },
      { courseId: b.course.id, dueOn: at("2026-03-12T00:00:00.000Z"), startsOn: at("2026-02-02T00:00:00.000Z") },
    ],
  });
  const kim = await createUser(prisma, { name: "김하나" });
  const lee = await createUser(prisma, { name: "이두리" });
  const park = await createUser(prisma, { name: "박세찬" });
  const choi = await createUser(prisma, { name: "최네온" });
  const left = await createUser(prisma, { name: "떠난 수강생" });
  const mentor = await createUser(prisma, { name: "멘토" });
  await prisma.cohortMember.createMany({
    data: [
      { cohortId: cohort.id, userId: kim.id },
      { cohortId: cohort.id, userId: lee.id },
      { cohortId: cohort.id, userId: park.id },
      { cohortId: cohort.id, userId: choi.id },
      { cohortId: cohort.id, userId: left.id, leftAt: at("2026-03-01T00:00:00.000Z") },
      { cohortId: cohort.id, userId: mentor.id, role: "MENTOR" },
    ],
  });

  // Enrollments: 김 finished both; 이 is half-way through A and has not started B (and is far along
  // in the unassigned C); 박 is 10 % through A and dropped B; 최 has no enrollment yet.
  const sixDaysAgo = at("2026-03-05T16:00:00.000Z");
  const justOverSevenDaysAgo = at("2026-03-04T15:59:00.000Z");
  const yesterday = at("2026-03-10T16:00:00.000Z");
  await enroll(kim.id, a.course.id, { status: "COMPLETED", progressPercent: 100, lastActivityAt: sixDaysAgo });
  await enroll(kim.id, b.course.id, { status: "COMPLETED", progressPercent: 100 });
  await enroll(lee.id, a.course.id, { progressPercent: 50, lastActivityAt: justOverSevenDaysAgo });
  await enroll(lee.id, b.course.id, { progressPercent: 0 });
  await enroll(lee.id, c.course.id, { progressPercent: 90, lastActivityAt: yesterday });
  await enroll(park.id, a.course.id, { progressPercent: 10 });
  await enroll(park.id, b.course.id, { status: "DROPPED", progressPercent: 50, lastActivityAt: yesterday });
  await enroll(left.id, a.course.id, { progressPercent: 0, lastActivityAt: yesterday });
  await enroll(mentor.id, a.course.id, { progressPercent: 10, lastActivityAt: yesterday });

  // Lesson completions. Korea's weeks: 이's A1 is at 00:30 on Monday 2 March in Korea (still Sunday
  // in UTC); 박's A1 at 23:30 on Sunday 1 March in Korea; 김's B2 at 01:00 on Monday 22 December,
  // the first day of the twelve weeks; 박's B1 at 23:00 the Sunday before, outside them.
  await completeLesson(kim.id, lesson.a1, at("2026-03-02T00:30:00.000Z"), a.course.id);
  await completeLesson(lee.id, lesson.a1, at("2026-03-01T15:30:00.000Z"), a.course.id);
  await completeLesson(park.id, lesson.a1, at("2026-03-01T14:30:00.000Z"), a.course.id);
  await completeLesson(kim.id, lesson.a2, at("2026-03-09T01:00:00.000Z"), a.course.id);
  await completeLesson(lee.id, lesson.a2, at("2026-02-10T01:00:00.000Z"), a.course.id);
  await completeLesson(park.id, lesson.a2, null, a.course.id);
  await completeLesson(kim.id, lesson.b1, at("2026-01-05T01:00:00.000Z"), b.course.id);
  await completeLesson(kim.id, lesson.b2, at("2025-12-21T16:00:00.000Z"), b.course.id);
  await completeLesson(park.id, lesson.b1, at("2025-12-21T14:00:00.000Z"), b.course.id);
  // Not counted: someone who left, a mentor, a course not assigned.
  await completeLesson(left.id, lesson.a1, at("2026-03-03T01:00:00.000Z"), a.course.id);
  await completeLesson(mentor.id, lesson.a1, at("2026-03-03T01:00:00.000Z"), a.course.id);
  await completeLesson(lee.id, lesson.c1, at("2026-03-03T01:00:00.000Z"), c.course.id);

  // Quizzes: 김 passed; 이 failed; 박 failed, then passed; the mentor passed.
  await attemptQuiz(kim.id, lesson.a3, at("2026-03-10T01:00:00.000Z"), true);
  await attemptQuiz(lee.id, lesson.a3, at("2026-03-03T01:00:00.000Z"), false);
  await attemptQuiz(park.id, lesson.a3, at("2026-03-03T02:00:00.000Z"), false);
  await attemptQuiz(park.id, lesson.a3, at("2026-03-04T02:00:00.000Z"), true);
  await attemptQuiz(mentor.id, lesson.a3, at("2026-03-03T01:00:00.000Z"), true);

  // Assignments: 김's A4 graded passing, 이's waiting for a grade; 박 and 최 have not submitted.
  await submit(kim.id, lesson.a4, at("2026-03-04T05:00:00.000Z"), "passing");
  await submit(lee.id, lesson.a4, at("2026-03-06T05:00:00.000Z"), "waiting");
  await submit(lee.id, lesson.c2, at("2026-03-06T05:00:00.000Z"), "waiting");

  const admin = await createUser(prisma, { role: "ADMIN" });
  return { admin, cohort, a, b, c, lesson };
}

describe("the cohort dashboard", () => {
  test("headline figures count current learners in assigned courses only", async () => {
    const { admin, cohort } = await dashboardFixture();
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    expect(dashboard.cohort).toMatchObject({ id: cohort.id, name: cohort.name });
    expect(dashboard.today).toEqual(at("2026-03-12T00:00:00.000Z"));
    expect(dashboard.figures).toEqual({
      memberCount: 4,
      courseCount: 2,
      // 김 A and B, 이 A and B, 박 A (박's B is dropped; 최 has none).
      enrollmentCount: 5,
      completedEnrollmentCount: 2,
      // (100 + 100 + 50 + 0 + 10) / 5.
      averageProgressPercent: 52,
      // 2 of 5.
      completionRatePercent: 40,
      // 김 (6 days ago) and 박 (yesterday, in the course they dropped); 이 was 7 days and a minute ago.
      activeLearnerCount: 2,
      // A is past due for 이, 박 and 최 (김 finished it); B is due today.
      overdueCourseCount: 3,
      // A4 for 박 and 최 (이's waits for a grade, which counts as submitted); the draft A5 and the
      // unassigned C2 do not count, B3 is not due yet.
      overdueAssignmentCount: 2,
      overdueItemCount: 5,
      membersWithProgressCount: 3,
    });
  });

  test("each learner falls in the bucket of their own average progress", async () => {
    const { admin, cohort } = await dashboardFixture();
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    // 김: (100 + 100) / 2 = 100; 이: (50 + 0) / 2 = 25; 박: 10 (B dropped); 최: no enrollment.
    expect(dashboard.distribution).toEqual([
      { bucket: 0, memberCount: 0 },
      { bucket: 1, memberCount: 1 },
      { bucket: 2, memberCount: 1 },
      { bucket: 3, memberCount: 0 },
      { bucket: 4, memberCount: 0 },
      { bucket: 5, memberCount: 0 },
      { bucket: 6, memberCount: 0 },
      { bucket: 7, memberCount: 0 },
      { bucket: 8, memberCount: 0 },
      { bucket: 9, memberCount: 0 },
      { bucket: 10, memberCount: 1 },
    ]);
  });

  test("twelve Korean weeks of activity, empty weeks included", async () => {
    const { admin, cohort } = await dashboardFixture();
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    // Mondays 00:00 in Korea, from 22 December 2025 to 9 March 2026.
    const mondays = Array.from(
      { length: 12 },
      (_, index) => new Date(at("2025-12-21T15:00:00.000Z").getTime() + index * 7 * 24 * 3600 * 1000),
    );
    const empty = {
      activeLearnerCount: 0,
      lessonCompletionCount: 0,
      quizAttemptCount: 0,
      submissionCount: 0,
      activityCount: 0,
    };
    const expected = mondays.map((weekStart) => ({
      weekStart,
      weekStartsOn: new Date(weekStart.getTime() + 9 * 3600 * 1000),
      ...empty,
    }));
    // 22 Dec: 김's B2. 5 Jan: 김's B1. 9 Feb: 이's A2. 23 Feb: 박's A1 (Sunday night in Korea).
    for (const index of [0, 2, 7, 9]) {
      expected[index] = { ...expected[index]!, activeLearnerCount: 1, lessonCompletionCount: 1, activityCount: 1 };
    }
    // 2 Mar: 김's and 이's A1; quizzes by 이 and 박 (twice); submissions by 김 and 이.
    expected[10] = {
      ...expected[10]!,
      activeLearnerCount: 3,
      lessonCompletionCount: 2,
      quizAttemptCount: 3,
      submissionCount: 2,
      activityCount: 7,
    };
    // 9 Mar, this week: 김's A2 and quiz.
    expected[11] = {
      ...expected[11]!,
      activeLearnerCount: 1,
      lessonCompletionCount: 1,
      quizAttemptCount: 1,
      submissionCount: 0,
      activityCount: 2,
    };
    expect(dashboard.weeks).toEqual(expected);
  });

  test("each assigned course's funnel: published lessons in course order, completed by current learners", async () => {
    const { admin, cohort, a, b, lesson } = await dashboardFixture();
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    expect(dashboard.funnel).toEqual([
      {
        courseId: a.course.id,
        code: a.course.code,
        title: "A 데이터 분석",
        startsOn: at("2026-01-05T00:00:00.000Z"),
        dueOn: at("2026-03-11T00:00:00.000Z"),
        lessonCount: 4,
        lessons: [
          // 김, 이, 박 (not the one who left, nor the mentor).
          { lessonId: lesson.a1.id, title: "A1", kind: "ARTICLE", isRequired: true, completedCount: 3 },
          // 김 and 이; 박 only opened it.
          { lessonId: lesson.a2.id, title: "A2", kind: "VIDEO", isRequired: true, completedCount: 2 },
          // Passed by 김 and, at the second try, 박.
          { lessonId: lesson.a3.id, title: "A3", kind: "QUIZ", isRequired: true, completedCount: 2 },
          // Graded passing for 김; 이's waits for a grade.
          { lessonId: lesson.a4.id, title: "A4", kind: "ASSIGNMENT", isRequired: true, completedCount: 1 },
        ],
      },
      {
        courseId: b.course.id,
        code: b.course.code,
        title: "B 머신러닝",
        startsOn: at("2026-02-02T00:00:00.000Z"),
        dueOn: at("2026-03-12T00:00:00.000Z"),
        lessonCount: 3,
        lessons: [
          { lessonId: lesson.b1.id, title: "B1", kind: "ARTICLE", isRequired: true, completedCount: 2 },
          { lessonId: lesson.b2.id, title: "B2", kind: "ARTICLE", isRequired: true, completedCount: 1 },
          { lessonId: lesson.b3.id, title: "B3", kind: "ASSIGNMENT", isRequired: true, completedCount: 0 },
        ],
      },
    ]);
  });

  test(`a long course shows its first ${FUNNEL_LESSON_LIMIT} lessons and says how many it has`, async () => {
    const program = await createProgram(prisma);
    const long = await createCourseWithLessons(prisma, {
      programId: program.id,
      modules: [
        Array.from({ length: 20 }, (_, index) => ({ title: `1.${index + 1}` })),
        Array.from({ length: 12 }, (_, index) => ({ title: `2.${index + 1}` })),
      ],
    });
    const cohort = await createCohort({ programId: program.id, courses: [{ courseId: long.course.id, dueOn: null }] });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    const [course] = dashboard.funnel;
    expect(course?.lessonCount).toBe(32);
    expect(course?.lessons).toHaveLength(FUNNEL_LESSON_LIMIT);
    expect(course?.lessons.at(-1)?.title).toBe("2.10");
  });

  test("a cohort without members or courses: zeros, empty buckets and weeks, no funnel", async () => {
    const program = await createProgram(prisma);
    const cohort = await createCohort({ programId: program.id, courses: [] });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const dashboard = ok(await getCohortDashboard({ actor: admin, cohortId: cohort.id, now: NOW }));
    expect(dashboard.figures).toMatchObject({
      memberCount: 0,
      courseCount: 0,
      enrollmentCount: 0,
      averageProgressPercent: null,
      completionRatePercent: null,
      activeLearnerCount: 0,
      overdueItemCount: 0,
    });
    expect(dashboard.distribution.every((bucket) => bucket.memberCount === 0)).toBe(true);
    expect(dashboard.weeks).toHaveLength(12);
    expect(dashboard.funnel).toEqual([]);
  });

  test("only those who manage cohorts; an unknown or malformed id is not found", async () => {
    const { cohort } = await dashboardFixture();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const learner = await createUser(prisma);
    const admin = await createUser(prisma, { role: "ADMIN" });
    for (const actor of [instructor, learner]) {
      expect(await getCohortDashboard({ actor, cohortId: cohort.id, now: NOW })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    for (const cohortId of [crypto.randomUUID(), "nope"]) {
      expect(await getCohortDashboard({ actor: admin, cohortId, now: NOW })).toEqual({
        ok: false,
        reason: "notFound",
      });
    }
  });

  test("three statements, for 3 learners or 30", async () => {
    async function cohortOf(size: number) {
      const program = await createProgram(prisma);
      const course = await createCourseWithLessons(prisma, {
        programId: program.id,
        modules: [[{ kind: "ARTICLE" }, { kind: "QUIZ" }, { kind: "ASSIGNMENT" }]],
      });
      const [article, quiz, report] = course.lessons as [BuiltLesson, BuiltLesson, BuiltLesson];
      await setAssignmentDue(report, at("2026-03-01T00:00:00.000Z"));
      const cohort = await createCohort({
        programId: program.id,
        courses: [{ courseId: course.course.id, dueOn: at("2026-03-01T00:00:00.000Z") }],
      });
      for (let index = 0; index < size; index++) {
        const learner = await createUser(prisma);
        await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: learner.id } });
        await enroll(learner.id, course.course.id, { progressPercent: (index * 7) % 100, lastActivityAt: NOW });
        await completeLesson(learner.id, article, at("2026-03-02T01:00:00.000Z"), course.course.id);
        if (index % 2 === 0) await attemptQuiz(learner.id, quiz, at("2026-03-03T01:00:00.000Z"), index % 4 === 0);
        if (index % 3 === 0) await submit(learner.id, report, at("2026-02-20T01:00:00.000Z"), "passing");
      }
      return cohort;
    }
    const small = await cohortOf(3);
    const large = await cohortOf(30);
    const admin = await createUser(prisma, { role: "ADMIN" });
    const load = (cohortId: string) => getCohortDashboard({ actor: admin, cohortId, now: NOW });
    await load(small.id); // warm-up: the first use of a connection sends its own statements
    const forSmall = await countSqlStatements(() => load(small.id));
    const forLarge = await countSqlStatements(() => load(large.id));
    expect(forLarge).toBe(forSmall);
    expect(forSmall).toBe(3);
    expect(ok(await load(large.id)).figures.memberCount).toBe(30);
  });
});
