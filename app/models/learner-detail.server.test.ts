import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { getLearnerDetail, TIMELINE_LENGTH } from "~/models/learner-detail.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly, type BuiltLesson } from "../../tests/factories/progress";

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

const at = (iso: string) => new Date(iso);

function lessonOf(lessons: BuiltLesson[], title: string) {
  const lesson = lessons.find((candidate) => candidate.title === title);
  if (!lesson) throw new Error(`No lesson ${title}`);
  return lesson;
}

async function createCohort(programId: string, name: string) {
  return prisma.cohort.create({
    data: {
      programId,
      slug: `cohort-${uniqueSuffix()}`,
      name,
      startsOn: at("2026-03-02T00:00:00.000Z"),
      endsOn: at("2026-08-28T00:00:00.000Z"),
    },
    select: { id: true, name: true },
  });
}

/**
 * 한지우, a graduate student (student number, M.S. track) in one cohort now and a mentor in one she
 * left; taking course X (half of each module done) and done with course Y (A+ confirmed); with quiz
 * attempts, a submission waiting for a grade, a nudge and a check-in. Another learner's records sit
 * beside hers and must not show.
 */
async function learnerFixture() {
  const program = await createProgram(prisma, { kind: "GRADUATE" });
  const track = await prisma.degreeTrack.create({
    data: {
      programId: program.id,
      slug: `ms-${uniqueSuffix()}`,
      nameKo: "인공지능학 석사",
      nameEn: "M.S. in AI",
      descriptionKo: "석사 과정",
      descriptionEn: "Master's track",
      requiredCredits: 24,
    },
  });
  const learner = await prisma.user.create({
    data: {
      email: `jiwoo-${uniqueSuffix()}@campus.example`,
      name: "한지우",
      studentNumber: `2026${uniqueSuffix()}`,
      degreeTrackId: track.id,
    },
  });
  const other = await createUser(prisma, { name: "다른 수강생" });
  const admin = await createUser(prisma, { role: "ADMIN", name: "관리자 김" });

  const x = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "X 딥러닝",
    modules: [
      [{ title: "X1" }, { title: "X2", kind: "VIDEO" }, { title: "X3", isRequired: false }],
      [
        { title: "X4", kind: "QUIZ" },
        { title: "X5", kind: "ASSIGNMENT" },
        { title: "X6", isPublished: false },
      ],
    ],
  });
  const y = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "Y 통계",
    modules: [[{ title: "Y1" }]],
  });
  const current = await createCohort(program.id, "2026 봄 AI 대학원");
  const earlier = await createCohort(program.id, "2025 가을 멘토링");
  await prisma.cohortMember.createMany({
    data: [
      { cohortId: current.id, userId: learner.id, joinedAt: at("2026-03-02T00:00:00.000Z") },
      {
        cohortId: earlier.id,
        userId: learner.id,
        role: "MENTOR",
        joinedAt: at("2025-09-01T00:00:00.000Z"),
        leftAt: at("2025-12-20T00:00:00.000Z"),
      },
      { cohortId: current.id, userId: other.id },
    ],
  });

  const xEnrollment = await enrollLearnerDirectly(prisma, {
    userId: learner.id,
    courseId: x.course.id,
    at: at("2026-03-03T00:00:00.000Z"),
  });
  await prisma.enrollment.update({
    where: { id: xEnrollment.id },
    data: { progressPercent: 50, completedRequiredCount: 2, cohortId: current.id },
  });
  const yEnrollment = await enrollLearnerDirectly(prisma, {
    userId: learner.id,
    courseId: y.course.id,
    status: "COMPLETED",
    at: at("2026-03-02T00:00:00.000Z"),
  });
  await prisma.enrollment.update({ where: { id: yEnrollment.id }, data: { progressPercent: 100 } });
  await prisma.finalGrade.create({
    data: {
      courseId: y.course.id,
      userId: learner.id,
      enrollmentId: yEnrollment.id,
      letter: "A+",
      confirmedById: admin.id,
      confirmedAt: at("2026-06-30T00:00:00.000Z"),
    },
  });
  await enrollLearnerDirectly(prisma, { userId: other.id, courseId: x.course.id });
  await prisma.enrollmentEvent.createMany({
    data: [
      { enrollmentId: xEnrollment.id, toStatus: "ACTIVE", createdAt: at("2026-03-03T00:00:00.000Z") },
      { enrollmentId: yEnrollment.id, toStatus: "ACTIVE", createdAt: at("2026-03-02T00:00:00.000Z") },
      {
        enrollmentId: yEnrollment.id,
        fromStatus: "ACTIVE",
        toStatus: "COMPLETED",
        createdAt: at("2026-03-20T00:00:00.000Z"),
      },
    ],
  });

  const progress = (userId: string, lesson: BuiltLesson, courseId: string, completedAt: Date | null) =>
    prisma.lessonProgress.create({
      data: {
        userId,
        lessonId: lesson.id,
        courseId,
        status: completedAt ? "COMPLETED" : "IN_PROGRESS",
        completedAt,
      },
    });
  await progress(learner.id, lessonOf(x.lessons, "X1"), x.course.id, at("2026-03-04T01:00:00.000Z"));
  await progress(learner.id, lessonOf(x.lessons, "X2"), x.course.id, null);
  await progress(learner.id, lessonOf(x.lessons, "X3"), x.course.id, at("2026-03-05T01:00:00.000Z"));
  await progress(learner.id, lessonOf(y.lessons, "Y1"), y.course.id, at("2026-03-19T01:00:00.000Z"));
  await progress(other.id, lessonOf(x.lessons, "X1"), x.course.id, at("2026-03-06T01:00:00.000Z"));
  await progress(other.id, lessonOf(x.lessons, "X2"), x.course.id, at("2026-03-06T02:00:00.000Z"));

  const quiz = await prisma.quiz.findUniqueOrThrow({ where: { lessonId: lessonOf(x.lessons, "X4").id } });
  await prisma.quizAttempt.createMany({
    data: [
      {
        quizId: quiz.id,
        userId: learner.id,
        attemptNumber: 1,
        startedAt: at("2026-03-06T01:00:00.000Z"),
        submittedAt: at("2026-03-06T01:20:00.000Z"),
        scorePercent: 40,
        isPassed: false,
      },
      {
        quizId: quiz.id,
        userId: learner.id,
        attemptNumber: 2,
        startedAt: at("2026-03-07T01:00:00.000Z"),
        submittedAt: at("2026-03-07T01:20:00.000Z"),
        scorePercent: 85,
        isPassed: true,
      },
      { quizId: quiz.id, userId: learner.id, attemptNumber: 3, startedAt: at("2026-03-08T01:00:00.000Z") },
      {
        quizId: quiz.id,
        userId: other.id,
        attemptNumber: 1,
        submittedAt: at("2026-03-06T01:00:00.000Z"),
        scorePercent: 100,
        isPassed: true,
      },
    ],
  });
  const assignment = await prisma.assignment.findUniqueOrThrow({ where: { lessonId: lessonOf(x.lessons, "X5").id } });
  await prisma.submission.create({
    data: {
      assignmentId: assignment.id,
      userId: learner.id,
      submittedAt: at("2026-03-09T01:00:00.000Z"),
      isLate: true,
    },
  });
  await prisma.nudge.create({
    data: {
      cohortId: current.id,
      courseId: x.course.id,
      userId: learner.id,
      sentById: admin.id,
      subject: "과제 제출을 잊지 마세요",
      createdAt: at("2026-03-10T01:00:00.000Z"),
    },
  });
  const classDay = await prisma.classDay.create({
    data: { cohortId: current.id, date: at("2026-03-11T00:00:00.000Z") },
  });
  await prisma.attendanceRecord.create({
    data: {
      classDayId: classDay.id,
      cohortId: current.id,
      userId: learner.id,
      status: "PRESENT",
      checkedInAt: at("2026-03-11T00:05:00.000Z"),
    },
  });
  return { admin, learner, track, x, y, current, earlier, xEnrollment, yEnrollment };
}

describe("a learner's record", () => {
  test("who they are, their cohorts and every enrollment with its progress per module and letter", async () => {
    const { admin, learner, x, y, current, earlier, xEnrollment, yEnrollment } = await learnerFixture();
    const detail = ok(await getLearnerDetail({ actor: admin, userId: learner.id }));
    expect(detail.learner).toEqual({
      id: learner.id,
      name: "한지우",
      email: learner.email,
      role: "LEARNER",
      studentNumber: learner.studentNumber,
      deactivatedAt: null,
      degreeTrack: { nameKo: "인공지능학 석사", nameEn: "M.S. in AI" },
    });
    expect(
      detail.memberships.map(({ cohortId, cohortName, role, leftAt }) => ({ cohortId, cohortName, role, leftAt })),
    ).toEqual([
      { cohortId: current.id, cohortName: "2026 봄 AI 대학원", role: "LEARNER", leftAt: null },
      { cohortId: earlier.id, cohortName: "2025 가을 멘토링", role: "MENTOR", leftAt: at("2025-12-20T00:00:00.000Z") },
    ]);
    const [moduleOne, moduleTwo] = await prisma.module.findMany({
      where: { courseId: x.course.id },
      orderBy: { position: "asc" },
      select: { id: true },
    });
    expect(detail.enrollments).toEqual([
      expect.objectContaining({
        enrollmentId: xEnrollment.id,
        courseId: x.course.id,
        title: "X 딥러닝",
        status: "ACTIVE",
        progressPercent: 50,
        cohortId: current.id,
        finalLetter: null,
        completedAt: null,
        // Module 1: X1 and X2 are required (X3 is optional), X1 done. Module 2: X4 (passed at the
        // second try) and X5 (waiting for a grade) are required, the draft X6 does not count.
        modules: [
          { moduleId: moduleOne!.id, title: "Module 1", position: 1, requiredCount: 2, completedCount: 1 },
          { moduleId: moduleTwo!.id, title: "Module 2", position: 2, requiredCount: 2, completedCount: 1 },
        ],
      }),
      expect.objectContaining({
        enrollmentId: yEnrollment.id,
        courseId: y.course.id,
        status: "COMPLETED",
        progressPercent: 100,
        completedAt: at("2026-03-02T00:00:00.000Z"),
        finalLetter: "A+",
        modules: [expect.objectContaining({ requiredCount: 1, completedCount: 1 })],
      }),
    ]);
  });

  test("quiz attempts, submissions and nudges, newest first, hers only", async () => {
    const { admin, learner } = await learnerFixture();
    const detail = ok(await getLearnerDetail({ actor: admin, userId: learner.id }));
    expect(detail.quizAttempts.totalCount).toBe(3);
    expect(
      detail.quizAttempts.items.map(({ lessonTitle, attemptNumber, scorePercent, isPassed, submittedAt }) => ({
        lessonTitle,
        attemptNumber,
        scorePercent,
        isPassed,
        submittedAt,
      })),
    ).toEqual([
      { lessonTitle: "X4", attemptNumber: 3, scorePercent: null, isPassed: null, submittedAt: null },
      {
        lessonTitle: "X4",
        attemptNumber: 2,
        scorePercent: 85,
        isPassed: true,
        submittedAt: at("2026-03-07T01:20:00.000Z"),
      },
      {
        lessonTitle: "X4",
        attemptNumber: 1,
        scorePercent: 40,
        isPassed: false,
        submittedAt: at("2026-03-06T01:20:00.000Z"),
      },
    ]);
    expect(detail.submissions.items).toEqual([
      expect.objectContaining({
        lessonTitle: "X5",
        attemptNumber: 1,
        status: "SUBMITTED",
        points: null,
        maxPoints: 100,
        isLate: true,
        submittedAt: at("2026-03-09T01:00:00.000Z"),
      }),
    ]);
    expect(detail.nudges).toEqual({
      totalCount: 1,
      items: [
        expect.objectContaining({
          subject: "과제 제출을 잊지 마세요",
          sentByName: "관리자 김",
          cohortName: "2026 봄 AI 대학원",
          courseTitle: "X 딥러닝",
          createdAt: at("2026-03-10T01:00:00.000Z"),
        }),
      ],
    });
  });

  test("the timeline merges six kinds of event, newest first", async () => {
    const { admin, learner } = await learnerFixture();
    const detail = ok(await getLearnerDetail({ actor: admin, userId: learner.id }));
    expect(
      detail.timeline.map(({ kind, at: when, title, status }) => [kind, when.toISOString(), title, status]),
    ).toEqual([
      ["enrollmentChanged", "2026-03-20T00:00:00.000Z", null, "COMPLETED"],
      ["lessonCompleted", "2026-03-19T01:00:00.000Z", "Y1", null],
      ["checkedIn", "2026-03-11T00:05:00.000Z", "2026 봄 AI 대학원", "PRESENT"],
      ["nudgeReceived", "2026-03-10T01:00:00.000Z", "과제 제출을 잊지 마세요", null],
      ["assignmentSubmitted", "2026-03-09T01:00:00.000Z", "X5", "SUBMITTED"],
      ["quizSubmitted", "2026-03-07T01:20:00.000Z", "X4", null],
      ["quizSubmitted", "2026-03-06T01:20:00.000Z", "X4", null],
      ["lessonCompleted", "2026-03-05T01:00:00.000Z", "X3", null],
      ["lessonCompleted", "2026-03-04T01:00:00.000Z", "X1", null],
      ["enrollmentChanged", "2026-03-03T00:00:00.000Z", null, "ACTIVE"],
      ["enrollmentChanged", "2026-03-02T00:00:00.000Z", null, "ACTIVE"],
    ]);
    expect(detail.timeline[5]).toMatchObject({ scorePercent: 85, isPassed: true, courseTitle: "X 딥러닝" });
  });

  test(`the timeline keeps the latest ${TIMELINE_LENGTH}, in the same seven statements however long the record`, async () => {
    const { admin, learner, xEnrollment } = await learnerFixture();
    const quiet = await createUser(prisma);
    await getLearnerDetail({ actor: admin, userId: quiet.id }); // warm-up: a connection's first statements
    const forQuiet = await countSqlStatements(() => getLearnerDetail({ actor: admin, userId: quiet.id }));
    await prisma.enrollmentEvent.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        enrollmentId: xEnrollment.id,
        toStatus: "ACTIVE" as const,
        createdAt: new Date(at("2026-04-01T00:00:00.000Z").getTime() + index * 60_000),
      })),
    });
    const forBusy = await countSqlStatements(() => getLearnerDetail({ actor: admin, userId: learner.id }));
    expect(forBusy).toBe(forQuiet);
    expect(forQuiet).toBe(7);
    const detail = ok(await getLearnerDetail({ actor: admin, userId: learner.id }));
    expect(detail.timeline).toHaveLength(TIMELINE_LENGTH);
    expect(detail.timeline[0]?.at).toEqual(at("2026-04-01T00:59:00.000Z"));
    expect(detail.timeline.every((event) => event.kind === "enrollmentChanged")).toBe(true);
  });

  test("admins only; the learner themself and the course's instructor are refused; unknown ids not found", async () => {
    const { admin, learner, x } = await learnerFixture();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: x.course.id, userId: instructor.id });
    for (const actor of [learner, instructor]) {
      expect(await getLearnerDetail({ actor, userId: learner.id })).toEqual({ ok: false, reason: "notAllowed" });
    }
    for (const userId of [crypto.randomUUID(), "nope"]) {
      expect(await getLearnerDetail({ actor: admin, userId })).toEqual({ ok: false, reason: "notFound" });
    }
  });
});
