import pg from "pg";
import { getEnrollmentState } from "~/models/enrollment.server";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  getCourseOutlineForLearner,
  getMyLearning,
  markLessonComplete,
  markLessonIncomplete,
  recalculateEnrollmentProgress,
  recordLessonTime,
  recordLessonView,
} from "~/models/progress.server";
import { createProgram, createUser } from "../../tests/factories";
import {
  createCohortWithCourses,
  createCourseWithLessons,
  createQuizAttempt,
  createSubmission,
  enrollLearnerDirectly,
  type LessonSpec,
} from "../../tests/factories/progress";

const NOW = new Date("2026-03-02T01:00:00.000Z");

function secondsAfter(base: Date, seconds: number) {
  return new Date(base.getTime() + seconds * 1000);
}

function requiredArticles(count: number): LessonSpec[] {
  return Array.from({ length: count }, () => ({ kind: "ARTICLE" }));
}

/** A learner with an ACTIVE enrollment in a new course built from `modules`. */
async function enrolledLearnerIn(modules: LessonSpec[][]) {
  const { course, lessons } = await createCourseWithLessons(prisma, { modules });
  const learner = await createUser(prisma);
  const enrollment = await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  return { course, lessons, learner, enrollment };
}

function lessonAt<T>(lessons: T[], index: number): T {
  const lesson = lessons[index];
  if (!lesson) throw new Error(`No lesson at ${index}`);
  return lesson;
}

async function readEnrollment(enrollmentId: string) {
  return prisma.enrollment.findUniqueOrThrow({
    where: { id: enrollmentId },
    select: {
      status: true,
      completedAt: true,
      completedRequiredCount: true,
      progressPercent: true,
      lastActivityAt: true,
      lastLessonId: true,
      events: { orderBy: { createdAt: "asc" }, select: { fromStatus: true, toStatus: true, actorId: true } },
    },
  });
}

/** SQL statements sent to PostgreSQL while `run` runs, counted at the node-postgres client. */
async function countSqlStatements(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("progress arithmetic", () => {
  test("counts completed required lessons over published required ones: 2 of 3 is 66%", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([
      [{ kind: "ARTICLE" }, { kind: "VIDEO" }, { kind: "ARTICLE", isRequired: false }],
      [{ kind: "ARTICLE" }, { kind: "ARTICLE", isPublished: false }],
    ]);
    const [first, video, optional, , draft] = lessons.map((lesson) => lesson.id) as string[];

    expect(await markLessonComplete({ userId: learner.id, lessonId: first!, now: NOW })).toEqual({
      ok: true,
      progressPercent: 33,
      enrollmentStatus: "ACTIVE",
    });
    // An optional lesson changes nothing; a draft cannot be completed at all.
    expect(await markLessonComplete({ userId: learner.id, lessonId: optional!, now: NOW })).toMatchObject({
      progressPercent: 33,
    });
    expect(await markLessonComplete({ userId: learner.id, lessonId: draft!, now: NOW })).toEqual({
      ok: false,
      reason: "notAvailable",
    });
    expect(await markLessonComplete({ userId: learner.id, lessonId: video!, now: NOW })).toEqual({
      ok: true,
      progressPercent: 66,
      enrollmentStatus: "ACTIVE",
    });
    expect(await readEnrollment(enrollment.id)).toMatchObject({ completedRequiredCount: 2, progressPercent: 66 });
  });

  test("a completed lesson that is later unpublished stops counting at the next recount", async () => {
    const { course, lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(4)]);
    for (const lesson of lessons.slice(0, 2)) {
      await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    }
    expect(await readEnrollment(enrollment.id)).toMatchObject({ completedRequiredCount: 2, progressPercent: 50 });

    await prisma.lesson.update({ where: { id: lessonAt(lessons, 0).id }, data: { status: "ARCHIVED" } });
    const recount = await prisma.$transaction((tx) =>
      recalculateEnrollmentProgress({ tx, userId: learner.id, courseId: course.id, now: NOW }),
    );
    // 1 of the 3 lessons still published.
    expect(recount).toEqual({ progressPercent: 33, completedRequiredCount: 1, enrollmentStatus: "ACTIVE" });
  });

  test("an unreleased required lesson counts in the total but cannot be completed until it opens", async () => {
    const releaseAt = secondsAfter(NOW, 7 * 24 * 3600);
    const { lessons, learner, enrollment } = await enrolledLearnerIn([[{ kind: "ARTICLE" }, { releaseAt }]]);
    const [opened, upcoming] = lessons.map((lesson) => lesson.id) as [string, string];

    expect(await markLessonComplete({ userId: learner.id, lessonId: opened, now: NOW })).toEqual({
      ok: true,
      progressPercent: 50,
      enrollmentStatus: "ACTIVE",
    });
    expect(await markLessonComplete({ userId: learner.id, lessonId: upcoming, now: NOW })).toEqual({
      ok: false,
      reason: "notAvailable",
    });
    expect(await recordLessonView({ userId: learner.id, lessonId: upcoming, now: NOW })).toEqual({
      ok: false,
      reason: "notAvailable",
    });

    const afterRelease = secondsAfter(releaseAt, 60);
    expect(await markLessonComplete({ userId: learner.id, lessonId: upcoming, now: afterRelease })).toEqual({
      ok: true,
      progressPercent: 100,
      enrollmentStatus: "COMPLETED",
    });
    expect((await readEnrollment(enrollment.id)).completedAt).toEqual(afterRelease);
  });

  test("a course with no required lessons stays at 0% and is never completed by progress", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([[{ isRequired: false }]]);
    expect(await markLessonComplete({ userId: learner.id, lessonId: lessonAt(lessons, 0).id, now: NOW })).toEqual({
      ok: true,
      progressPercent: 0,
      enrollmentStatus: "ACTIVE",
    });
    expect(await readEnrollment(enrollment.id)).toMatchObject({ status: "ACTIVE", completedRequiredCount: 0 });
  });
});

describe("completion", () => {
  test("completing the last required lesson completes the enrollment and records the event", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    await markLessonComplete({ userId: learner.id, lessonId: lessonAt(lessons, 0).id, now: NOW });
    const finishedAt = secondsAfter(NOW, 600);
    const result = await markLessonComplete({ userId: learner.id, lessonId: lessonAt(lessons, 1).id, now: finishedAt });

    expect(result).toEqual({ ok: true, progressPercent: 100, enrollmentStatus: "COMPLETED" });
    expect(await readEnrollment(enrollment.id)).toEqual({
      status: "COMPLETED",
      completedAt: finishedAt,
      completedRequiredCount: 2,
      progressPercent: 100,
      lastActivityAt: finishedAt,
      lastLessonId: lessonAt(lessons, 1).id,
      events: [{ fromStatus: "ACTIVE", toStatus: "COMPLETED", actorId: learner.id }],
    });
  });

  test("marking a lesson complete twice leaves one completed row with the first completion time", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    const lessonId = lessonAt(lessons, 0).id;
    await markLessonComplete({ userId: learner.id, lessonId, now: NOW });
    await markLessonComplete({ userId: learner.id, lessonId, now: secondsAfter(NOW, 30) });

    const rows = await prisma.lessonProgress.findMany({
      where: { userId: learner.id, lessonId },
      select: { status: true, completedAt: true },
    });
    expect(rows).toEqual([{ status: "COMPLETED", completedAt: NOW }]);
    expect(await readEnrollment(enrollment.id)).toMatchObject({ completedRequiredCount: 1, progressPercent: 50 });
  });

  test("20 concurrent completions of one lesson leave exactly one completed row and a count of 1", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    const lessonId = lessonAt(lessons, 0).id;

    const results = await Promise.all(
      Array.from({ length: 20 }, () => markLessonComplete({ userId: learner.id, lessonId, now: NOW })),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    expect(
      await prisma.lessonProgress.findMany({ where: { userId: learner.id, lessonId }, select: { status: true } }),
    ).toEqual([{ status: "COMPLETED" }]);
    expect(await readEnrollment(enrollment.id)).toMatchObject({
      status: "ACTIVE",
      completedRequiredCount: 1,
      progressPercent: 50,
    });
  });

  test("concurrent completions of different lessons keep the rollup equal to the true count", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(5), requiredArticles(3)]);
    const toComplete = lessons.slice(0, 7);

    await Promise.all(
      toComplete.flatMap((lesson) => [
        markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW }),
        markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW }),
        recordLessonView({ userId: learner.id, lessonId: lesson.id, now: NOW }),
      ]),
    );

    const trueCount = await prisma.lessonProgress.count({ where: { userId: learner.id, status: "COMPLETED" } });
    expect(trueCount).toBe(7);
    expect(await readEnrollment(enrollment.id)).toMatchObject({
      status: "ACTIVE",
      completedRequiredCount: 7,
      progressPercent: 87,
    });

    // The last two, concurrently: exactly one of them completes the enrollment, with one event.
    await Promise.all(
      [lessonAt(lessons, 7), lessonAt(lessons, 7)].map((lesson) =>
        markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW }),
      ),
    );
    expect(await readEnrollment(enrollment.id)).toMatchObject({
      status: "COMPLETED",
      completedRequiredCount: 8,
      progressPercent: 100,
      events: [{ fromStatus: "ACTIVE", toStatus: "COMPLETED" }],
    });
  });

  test("un-completing a lesson recalculates and reopens a COMPLETED enrollment", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    for (const lesson of lessons) await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    expect((await readEnrollment(enrollment.id)).status).toBe("COMPLETED");

    const later = secondsAfter(NOW, 3600);
    const result = await markLessonIncomplete({ userId: learner.id, lessonId: lessonAt(lessons, 1).id, now: later });

    expect(result).toEqual({ ok: true, progressPercent: 50, enrollmentStatus: "ACTIVE" });
    expect(await readEnrollment(enrollment.id)).toMatchObject({
      status: "ACTIVE",
      completedAt: null,
      completedRequiredCount: 1,
      events: [
        { fromStatus: "ACTIVE", toStatus: "COMPLETED", actorId: learner.id },
        { fromStatus: "COMPLETED", toStatus: "ACTIVE", actorId: learner.id },
      ],
    });
    expect(
      await prisma.lessonProgress.findUniqueOrThrow({
        where: { userId_lessonId: { userId: learner.id, lessonId: lessonAt(lessons, 1).id } },
        select: { status: true, completedAt: true },
      }),
    ).toEqual({ status: "IN_PROGRESS", completedAt: null });

    // Un-completing again is a no-op.
    expect(await markLessonIncomplete({ userId: learner.id, lessonId: lessonAt(lessons, 1).id, now: later })).toEqual({
      ok: true,
      progressPercent: 50,
      enrollmentStatus: "ACTIVE",
    });
    expect((await readEnrollment(enrollment.id)).events).toHaveLength(2);
  });

  test("a required lesson added after the learner finished does not take the completion away", async () => {
    const { course, lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    for (const lesson of lessons) await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    await prisma.lesson.create({
      data: {
        courseId: course.id,
        moduleId: lessonAt(lessons, 0).moduleId,
        slug: `added-${enrollment.id}`,
        position: 3,
        title: "Added later",
        status: "PUBLISHED",
      },
    });

    const recount = await prisma.$transaction((tx) =>
      recalculateEnrollmentProgress({ tx, userId: learner.id, courseId: course.id, now: NOW }),
    );
    expect(recount).toEqual({ progressPercent: 66, completedRequiredCount: 2, enrollmentStatus: "COMPLETED" });
  });

  test("a quiz lesson counts only with a passed attempt and cannot be completed by hand", async () => {
    const { course, lessons, learner, enrollment } = await enrolledLearnerIn([
      [{ kind: "ARTICLE" }, { kind: "QUIZ" }, { kind: "ASSIGNMENT" }],
    ]);
    const [article, quiz, assignment] = lessons.map((lesson) => lesson.id) as [string, string, string];
    const recount = () =>
      prisma.$transaction((tx) =>
        recalculateEnrollmentProgress({ tx, userId: learner.id, courseId: course.id, now: NOW }),
      );

    expect(await markLessonComplete({ userId: learner.id, lessonId: quiz, now: NOW })).toEqual({
      ok: false,
      reason: "notManuallyCompletable",
    });
    expect(await markLessonIncomplete({ userId: learner.id, lessonId: assignment, now: NOW })).toEqual({
      ok: false,
      reason: "notManuallyCompletable",
    });
    await markLessonComplete({ userId: learner.id, lessonId: article, now: NOW });

    await createQuizAttempt(prisma, { lessonId: quiz, userId: learner.id, isPassed: false });
    await createSubmission(prisma, { lessonId: assignment, userId: learner.id, isPassing: true, isGraded: false });
    await createSubmission(prisma, { lessonId: assignment, userId: learner.id, isPassing: false });
    expect(await recount()).toMatchObject({ completedRequiredCount: 1, progressPercent: 33 });

    await createQuizAttempt(prisma, { lessonId: quiz, userId: learner.id, isPassed: true });
    expect(await recount()).toMatchObject({ completedRequiredCount: 2, progressPercent: 66 });

    await createSubmission(prisma, { lessonId: assignment, userId: learner.id, isPassing: true });
    expect(await recount()).toEqual({
      completedRequiredCount: 3,
      progressPercent: 100,
      enrollmentStatus: "COMPLETED",
    });
    expect((await readEnrollment(enrollment.id)).events).toEqual([
      { fromStatus: "ACTIVE", toStatus: "COMPLETED", actorId: null },
    ]);

    const outline = await getCourseOutlineForLearner({ userId: learner.id, courseId: course.id, now: NOW });
    expect(outline?.modules[0]?.lessons.map((lesson) => lesson.state)).toEqual(["completed", "completed", "completed"]);
  });
});

describe("views and time", () => {
  test("a view records first and last viewed and becomes the resume point", async () => {
    const { lessons, learner, enrollment } = await enrolledLearnerIn([requiredArticles(2)]);
    const lessonId = lessonAt(lessons, 1).id;
    const later = secondsAfter(NOW, 90);

    expect(await recordLessonView({ userId: learner.id, lessonId, now: NOW })).toEqual({
      ok: true,
      progressPercent: 0,
      enrollmentStatus: "ACTIVE",
    });
    await recordLessonView({ userId: learner.id, lessonId, now: later });

    expect(
      await prisma.lessonProgress.findMany({
        where: { userId: learner.id, lessonId },
        select: { status: true, firstViewedAt: true, lastViewedAt: true, secondsSpent: true },
      }),
    ).toEqual([{ status: "IN_PROGRESS", firstViewedAt: NOW, lastViewedAt: later, secondsSpent: 0 }]);
    expect(await readEnrollment(enrollment.id)).toMatchObject({ lastLessonId: lessonId, lastActivityAt: later });
  });

  async function secondsSpent(userId: string, lessonId: string) {
    const row = await prisma.lessonProgress.findUniqueOrThrow({
      where: { userId_lessonId: { userId, lessonId } },
      select: { secondsSpent: true },
    });
    return row.secondsSpent;
  }

  test("a beacon claiming an hour adds at most 60 seconds", async () => {
    const { lessons, learner } = await enrolledLearnerIn([requiredArticles(1)]);
    const lessonId = lessonAt(lessons, 0).id;
    await recordLessonView({ userId: learner.id, lessonId, now: NOW });

    await recordLessonTime({ userId: learner.id, lessonId, seconds: 3600, now: secondsAfter(NOW, 2 * 3600) });
    expect(await secondsSpent(learner.id, lessonId)).toBe(60);
  });

  test("two beacons 1 second apart cannot add 120 seconds", async () => {
    const { lessons, learner } = await enrolledLearnerIn([requiredArticles(1)]);
    const lessonId = lessonAt(lessons, 0).id;
    await recordLessonView({ userId: learner.id, lessonId, now: NOW });

    await recordLessonTime({ userId: learner.id, lessonId, seconds: 60, now: secondsAfter(NOW, 60) });
    await recordLessonTime({ userId: learner.id, lessonId, seconds: 60, now: secondsAfter(NOW, 61) });
    // 60 for the first minute, then at most 1 s of wall clock plus 5 s of slack.
    expect(await secondsSpent(learner.id, lessonId)).toBe(66);
  });

  test("however many beacons arrive, the total stays within wall-clock time plus the slack", async () => {
    const { lessons, learner } = await enrolledLearnerIn([requiredArticles(1)]);
    const lessonId = lessonAt(lessons, 0).id;
    await recordLessonView({ userId: learner.id, lessonId, now: NOW });

    for (let tick = 1; tick <= 20; tick += 1) {
      await recordLessonTime({ userId: learner.id, lessonId, seconds: 60, now: secondsAfter(NOW, tick) });
    }
    expect(await secondsSpent(learner.id, lessonId)).toBe(20 + 5);

    // Regular 30-second beacons that arrive a little early or late are credited in full.
    const start = secondsAfter(NOW, 3600);
    await recordLessonView({ userId: learner.id, lessonId, now: start });
    for (const arrival of [30.2, 59.7, 90.1, 119.9]) {
      await recordLessonTime({ userId: learner.id, lessonId, seconds: 30, now: secondsAfter(start, arrival) });
    }
    expect(await secondsSpent(learner.id, lessonId)).toBe(25 + 120);
  });

  test("negative, fractional and non-numeric claims add nothing beyond whole seconds", async () => {
    const { lessons, learner } = await enrolledLearnerIn([requiredArticles(1)]);
    const lessonId = lessonAt(lessons, 0).id;
    await recordLessonView({ userId: learner.id, lessonId, now: NOW });

    await recordLessonTime({ userId: learner.id, lessonId, seconds: -30, now: secondsAfter(NOW, 30) });
    await recordLessonTime({ userId: learner.id, lessonId, seconds: Number.NaN, now: secondsAfter(NOW, 60) });
    await recordLessonTime({ userId: learner.id, lessonId, seconds: 9.9, now: secondsAfter(NOW, 90) });
    expect(await secondsSpent(learner.id, lessonId)).toBe(9);
  });
});

describe("refusals", () => {
  test("learners who are not enrolled, or whose enrollment is not ACTIVE or COMPLETED, are refused", async () => {
    const { course, lessons } = await createCourseWithLessons(prisma, { modules: [requiredArticles(1)] });
    const lessonId = lessonAt(lessons, 0).id;
    const stranger = await createUser(prisma);
    const dropped = await createUser(prisma);
    const waitlisted = await createUser(prisma);
    const finished = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: dropped.id, courseId: course.id, status: "DROPPED" });
    await enrollLearnerDirectly(prisma, { userId: waitlisted.id, courseId: course.id, status: "WAITLISTED" });
    await enrollLearnerDirectly(prisma, { userId: finished.id, courseId: course.id, status: "COMPLETED" });

    for (const userId of [stranger.id, dropped.id, waitlisted.id]) {
      for (const record of [recordLessonView, markLessonComplete, markLessonIncomplete]) {
        expect(await record({ userId, lessonId, now: NOW })).toEqual({ ok: false, reason: "notEnrolled" });
      }
      expect(await recordLessonTime({ userId, lessonId, seconds: 30, now: NOW })).toEqual({
        ok: false,
        reason: "notEnrolled",
      });
      expect(await getCourseOutlineForLearner({ userId, courseId: course.id, now: NOW })).toBeNull();
    }
    expect(await prisma.lessonProgress.count({ where: { lessonId } })).toBe(0);

    // A learner who finished may still come back to a lesson.
    expect(await recordLessonView({ userId: finished.id, lessonId, now: NOW })).toEqual({
      ok: true,
      progressPercent: 0,
      enrollmentStatus: "COMPLETED",
    });
  });

  test("unknown or malformed lesson ids are not available", async () => {
    const { learner } = await enrolledLearnerIn([requiredArticles(1)]);
    for (const lessonId of ["not-a-uuid", "0190d7a8-0000-7000-8000-000000000000"]) {
      expect(await markLessonComplete({ userId: learner.id, lessonId, now: NOW })).toEqual({
        ok: false,
        reason: "notAvailable",
      });
    }
  });
});

describe("getCourseOutlineForLearner", () => {
  test("lists visible lessons by module in order with the learner's state and the rollups", async () => {
    const { course, lessons, learner } = await enrolledLearnerIn([
      [{ title: "Intro" }, { title: "Draft", isPublished: false }, { title: "Setup", isRequired: false }],
      [{ title: "Hidden", isPublished: false }],
      [{ title: "Models" }, { title: "Next week", releaseAt: secondsAfter(NOW, 86_400) }],
    ]);
    const byTitle = (title: string) => lessons.find((lesson) => lesson.title === title)!.id;
    await markLessonComplete({ userId: learner.id, lessonId: byTitle("Intro"), now: NOW });
    await recordLessonView({ userId: learner.id, lessonId: byTitle("Models"), now: NOW });

    const outline = await getCourseOutlineForLearner({ userId: learner.id, courseId: course.id, now: NOW });

    expect(outline).toMatchObject({
      enrollment: {
        status: "ACTIVE",
        completedRequiredCount: 1,
        progressPercent: 33,
        lastLessonId: byTitle("Models"),
        lastActivityAt: NOW,
      },
    });
    expect(
      outline?.modules.map((courseModule) => ({
        position: courseModule.position,
        lessons: courseModule.lessons.map(({ title, state, isRequired }) => ({ title, state, isRequired })),
      })),
    ).toEqual([
      {
        position: 1,
        lessons: [
          { title: "Intro", state: "completed", isRequired: true },
          { title: "Setup", state: "notStarted", isRequired: false },
        ],
      },
      { position: 3, lessons: [{ title: "Models", state: "inProgress", isRequired: true }] },
    ]);
  });

  test("uses a constant number of queries", async () => {
    const small = await enrolledLearnerIn([requiredArticles(1)]);
    const large = await enrolledLearnerIn([requiredArticles(6), requiredArticles(6), requiredArticles(6)]);
    const count = (setup: typeof small) =>
      countSqlStatements(() =>
        getCourseOutlineForLearner({ userId: setup.learner.id, courseId: setup.course.id, now: NOW }),
      );
    await count(small);
    const smallCount = await count(small);
    expect(smallCount).toBeLessThanOrEqual(3);
    expect(await count(large)).toBe(smallCount);
  });
});

describe("getMyLearning", () => {
  async function learnerWithCourses(courseCount: number) {
    const program = await createProgram(prisma);
    const learner = await createUser(prisma);
    const courses = [];
    for (let index = 0; index < courseCount; index += 1) {
      const built = await createCourseWithLessons(prisma, {
        programId: program.id,
        modules: [[{ isPublished: false }, {}, {}], [{}]],
      });
      await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: built.course.id });
      courses.push(built);
    }
    await createCohortWithCourses(prisma, {
      programId: program.id,
      userId: learner.id,
      courses: courses.map(({ course }, index) => ({
        courseId: course.id,
        dueOn: new Date(Date.UTC(2026, 3, 1 + index)),
      })),
    });
    return { program, learner, courses };
  }

  test("returns resume targets, upcoming due dates and recently completed courses", async () => {
    const { program, learner, courses } = await learnerWithCourses(3);
    const [opened, untouched, resumedDraft] = courses as [
      (typeof courses)[number],
      (typeof courses)[number],
      (typeof courses)[number],
    ];
    // Resume at the last lesson opened; at the first visible lesson if it is no longer visible.
    await recordLessonView({ userId: learner.id, lessonId: lessonAt(opened.lessons, 3).id, now: NOW });
    await recordLessonView({
      userId: learner.id,
      lessonId: lessonAt(resumedDraft.lessons, 2).id,
      now: secondsAfter(NOW, -60),
    });
    await prisma.lesson.update({ where: { id: lessonAt(resumedDraft.lessons, 2).id }, data: { status: "DRAFT" } });

    // A finished course, and due dates that should not show: past, in a cohort the learner left,
    // and for the finished course.
    const finished = await createCourseWithLessons(prisma, { programId: program.id, modules: [requiredArticles(1)] });
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: finished.course.id });
    await markLessonComplete({ userId: learner.id, lessonId: lessonAt(finished.lessons, 0).id, now: NOW });
    const dueToday = new Date("2026-03-02T00:00:00.000Z");
    await createCohortWithCourses(prisma, {
      programId: program.id,
      userId: learner.id,
      courses: [
        { courseId: finished.course.id, dueOn: new Date("2026-03-10T00:00:00.000Z") },
        { courseId: untouched.course.id, dueOn: new Date("2026-03-01T00:00:00.000Z") },
      ],
    });
    await createCohortWithCourses(prisma, {
      programId: program.id,
      userId: learner.id,
      leftAt: NOW,
      courses: [{ courseId: opened.course.id, dueOn: new Date("2026-03-05T00:00:00.000Z") }],
    });
    const todayCohort = await createCohortWithCourses(prisma, {
      programId: program.id,
      userId: learner.id,
      courses: [{ courseId: opened.course.id, dueOn: dueToday }],
    });

    // 01:00 UTC on 2 March is 10:00 on 2 March in Korea.
    const myLearning = await getMyLearning({ userId: learner.id, now: NOW });

    expect(
      myLearning.inProgress.map(({ course, resumeLessonSlug, progressPercent }) => ({
        courseId: course.id,
        resumeLessonSlug,
        progressPercent,
      })),
    ).toEqual([
      { courseId: opened.course.id, resumeLessonSlug: lessonAt(opened.lessons, 3).slug, progressPercent: 0 },
      {
        courseId: resumedDraft.course.id,
        resumeLessonSlug: lessonAt(resumedDraft.lessons, 1).slug,
        progressPercent: 0,
      },
      { courseId: untouched.course.id, resumeLessonSlug: lessonAt(untouched.lessons, 1).slug, progressPercent: 0 },
    ]);
    expect(myLearning.inProgress[0]?.course).toEqual({
      id: opened.course.id,
      slug: opened.course.slug,
      code: opened.course.code,
      title: opened.course.title,
    });

    expect(myLearning.upcomingDueDates.map(({ dueOn, course, cohort }) => [dueOn, course.slug, cohort.slug])).toEqual([
      [dueToday, opened.course.slug, todayCohort.slug],
      [new Date("2026-04-01T00:00:00.000Z"), opened.course.slug, expect.any(String)],
      [new Date("2026-04-02T00:00:00.000Z"), untouched.course.slug, expect.any(String)],
      [new Date("2026-04-03T00:00:00.000Z"), resumedDraft.course.slug, expect.any(String)],
    ]);

    expect(myLearning.recentlyCompleted).toEqual([
      {
        completedAt: NOW,
        progressPercent: 100,
        course: {
          id: finished.course.id,
          slug: finished.course.slug,
          code: finished.course.code,
          title: finished.course.title,
        },
      },
    ]);
  });

  test("a course with no visible lesson has no resume target", async () => {
    const { course } = await createCourseWithLessons(prisma, { modules: [[{ isPublished: false }]] });
    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    const myLearning = await getMyLearning({ userId: learner.id, now: NOW });
    expect(myLearning.inProgress).toEqual([expect.objectContaining({ resumeLessonSlug: null })]);
  });

  test("uses the same number of queries for 1 course as for 5", async () => {
    const one = await learnerWithCourses(1);
    const five = await learnerWithCourses(5);
    for (const { learner, courses } of [one, five]) {
      for (const { lessons } of courses) {
        await recordLessonView({ userId: learner.id, lessonId: lessonAt(lessons, 1).id, now: NOW });
      }
    }
    const count = (userId: string) => countSqlStatements(() => getMyLearning({ userId, now: NOW }));
    // The first call may open a pooled connection; compare warm calls.
    await count(one.learner.id);
    const oneCount = await count(one.learner.id);
    const fiveCount = await count(five.learner.id);

    const [oneResult, fiveResult] = await Promise.all([
      getMyLearning({ userId: one.learner.id, now: NOW }),
      getMyLearning({ userId: five.learner.id, now: NOW }),
    ]);
    expect(oneResult.inProgress).toHaveLength(1);
    expect(fiveResult.inProgress).toHaveLength(5);
    expect(fiveResult.upcomingDueDates).toHaveLength(5);
    expect(oneCount).toBeGreaterThan(0);
    expect(fiveCount).toBe(oneCount);
  });
});

describe("where Continue resumes (getEnrollmentState)", () => {
  test("resumes at the lesson last opened, and at the first visible lesson once that one is hidden", async () => {
    const learner = await createUser(prisma);
    const { course, lessons } = await createCourseWithLessons(prisma, { modules: [[{}, {}], [{}]] });
    const [first, , third] = lessons as [{ id: string; slug: string }, unknown, { id: string; slug: string }];
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });

    expect(await resumeLessonSlugOf({ userId: learner.id, courseId: course.id })).toBe(first.slug);
    await recordLessonView({ userId: learner.id, lessonId: third.id });
    expect(await resumeLessonSlugOf({ userId: learner.id, courseId: course.id })).toBe(third.slug);
    await prisma.lesson.update({ where: { id: third.id }, data: { status: "DRAFT" } });
    expect(await resumeLessonSlugOf({ userId: learner.id, courseId: course.id })).toBe(first.slug);
  });
});

/** Where the course page's Continue takes an enrolled learner. */
async function resumeLessonSlugOf({ userId, courseId }: { userId: string; courseId: string }) {
  const state = await getEnrollmentState({ userId, courseId });
  return state?.kind === "continue" || state?.kind === "completed" ? state.resumeLessonSlug : undefined;
}
