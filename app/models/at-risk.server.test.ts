// The at-risk list against hand-built records: each reason just on and just off at its threshold,
// with the figures worked out by hand; several at once; who is in the list at all; sorting, paging
// and a statement count that does not grow with the cohort; the course's variant for instructors;
// the thresholds form's model and the export's audit entry.
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import type { Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import {
  exportAtRiskLearners,
  listAtRiskInCourse,
  listAtRiskLearners,
  updateAtRiskThresholds,
  type AtRiskLearner,
} from "~/models/at-risk.server";
import { createUser, uniqueSuffix } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, createQuizAttempt, createSubmission } from "../../tests/factories/progress";

/** 12:00 on 14 March 2026 in Korea: the Korean day is 2026-03-14. */
const NOW = new Date("2026-03-14T03:00:00.000Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (days: number, from = NOW) => new Date(from.getTime() - days * DAY_MS);
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

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

async function userWith(role: Role) {
  return createUser(prisma, { role });
}

/**
 * A cohort starting 2026-03-01 with one assigned course (two articles, a quiz, an assignment), its
 * schedule from 2026-03-01 to the end of 2026-03-20: on 2026-03-14, 13 of its 20 days are over, so
 * 65 % is expected.
 */
async function cohortWorld(
  thresholds: Partial<{
    inactiveDaysThreshold: number;
    behindSchedulePoints: number;
    failedQuizAttempts: number;
    attendanceThreshold: number;
  }> = {},
) {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [
      [{ kind: "ARTICLE" }, { kind: "ARTICLE" }],
      [
        { kind: "QUIZ", title: "Quiz 1" },
        { kind: "ASSIGNMENT", title: "Report 1" },
      ],
    ],
  });
  await prisma.course.update({ where: { id: course.id }, data: { code: "AI501" } });
  const cohort = await prisma.cohort.create({
    data: {
      programId: course.programId,
      slug: `cohort-${uniqueSuffix()}`,
      name: `2026 봄 ${uniqueSuffix()}`,
      startsOn: day("2026-03-01"),
      endsOn: day("2026-06-30"),
      ...thresholds,
      courses: { create: { courseId: course.id, startsOn: null, dueOn: day("2026-03-20") } },
    },
    select: { id: true },
  });
  const admin = await userWith("ADMIN");
  const quizLesson = lessons.find((lesson) => lesson.kind === "QUIZ")!;
  const assignmentLesson = lessons.find((lesson) => lesson.kind === "ASSIGNMENT")!;
  return { course, cohort, admin, quizLesson, assignmentLesson };
}

type World = Awaited<ReturnType<typeof cohortWorld>>;

/**
 * A member of the cohort with an enrollment in its course: by default one who is doing fine (active
 * an hour ago, 65 % done, joined a month ago).
 */
async function addMember(
  world: Pick<World, "cohort" | "course">,
  {
    name = `수강생 ${uniqueSuffix()}`,
    role = "LEARNER",
    joinedAt = daysBefore(30),
    leftAt = null,
    lastActivityAt = new Date(NOW.getTime() - 60 * 60 * 1000),
    progressPercent = 65,
    status = "ACTIVE",
  }: {
    name?: string;
    role?: "LEARNER" | "MENTOR";
    joinedAt?: Date;
    leftAt?: Date | null;
    lastActivityAt?: Date | null;
    progressPercent?: number;
    status?: "ACTIVE" | "COMPLETED" | "DROPPED";
  } = {},
) {
  const user = await createUser(prisma, { name });
  await prisma.cohortMember.create({ data: { cohortId: world.cohort.id, userId: user.id, role, joinedAt, leftAt } });
  await prisma.enrollment.create({
    data: {
      userId: user.id,
      courseId: world.course.id,
      cohortId: world.cohort.id,
      status,
      activatedAt: joinedAt,
      progressPercent,
      lastActivityAt,
    },
  });
  return user;
}

async function listOf(
  world: World,
  options: { now?: Date; sort?: Parameters<typeof listAtRiskLearners>[0]["sort"]; page?: number } = {},
) {
  return ok(await listAtRiskLearners({ actor: world.admin, cohortId: world.cohort.id, now: NOW, ...options }));
}

function reasonsOf(learners: readonly AtRiskLearner[], userId: string) {
  return learners.find((learner) => learner.userId === userId)?.reasons;
}

describe("inactive", () => {
  test("listed at exactly the threshold's days without activity, not a second before", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7 });
    const exactly = await addMember(world, { lastActivityAt: daysBefore(7) });
    const almost = await addMember(world, { lastActivityAt: new Date(daysBefore(7).getTime() + 1000) });
    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, exactly.id)).toEqual([{ kind: "inactive", days: 7, isNeverActive: false }]);
    expect(reasonsOf(list.learners.items, almost.id)).toBeUndefined();
    expect(list.learners.totalCount).toBe(1);
    // A second later it is 7 days for the other one too.
    const later = await listOf(world, { now: new Date(NOW.getTime() + 1000) });
    expect(reasonsOf(later.learners.items, almost.id)).toEqual([{ kind: "inactive", days: 7, isNeverActive: false }]);
  });

  test("someone never active counts the days since joining; the latest activity of any course counts", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7 });
    const never = await addMember(world, { joinedAt: daysBefore(12), lastActivityAt: null });
    const newcomer = await addMember(world, { joinedAt: daysBefore(6), lastActivityAt: null });
    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, never.id)).toEqual([{ kind: "inactive", days: 12, isNeverActive: true }]);
    expect(reasonsOf(list.learners.items, newcomer.id)).toBeUndefined();
    expect(list.learners.items[0]).toMatchObject({ lastActivityAt: null, progressPercent: 65, lastNudgedAt: null });

    // A second assigned course where the learner was active yesterday: no longer inactive.
    const { course: second } = await createCourseWithLessons(prisma, { modules: [[{ kind: "ARTICLE" }]] });
    await prisma.cohortCourse.create({ data: { cohortId: world.cohort.id, courseId: second.id } });
    await prisma.enrollment.create({
      data: {
        userId: never.id,
        courseId: second.id,
        status: "ACTIVE",
        progressPercent: 35,
        lastActivityAt: daysBefore(1),
      },
    });
    const after = await listOf(world);
    expect(reasonsOf(after.learners.items, never.id)).toBeUndefined();
  });
});

describe("behind schedule", () => {
  test("65 % expected on day 14 of 20: behind below 45 % with 20 points, not at 45 %", async () => {
    const world = await cohortWorld({ behindSchedulePoints: 20 });
    const atEdge = await addMember(world, { progressPercent: 45 });
    const behind = await addMember(world, { progressPercent: 44 });
    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, atEdge.id)).toBeUndefined();
    expect(reasonsOf(list.learners.items, behind.id)).toEqual([
      {
        kind: "behind",
        courses: [
          {
            courseId: world.course.id,
            courseCode: "AI501",
            courseTitle: world.course.title,
            progressPercent: 44,
            expectedPercent: 65,
          },
        ],
      },
    ]);
  });

  test("the course's own start date wins over the cohort's; after the due day 100 % is expected", async () => {
    const world = await cohortWorld({ behindSchedulePoints: 0 });
    const learner = await addMember(world, { progressPercent: 64 });
    // From 2026-03-11 to the end of 2026-03-20: 3 of 10 days are over on 2026-03-14.
    await prisma.cohortCourse.updateMany({
      where: { cohortId: world.cohort.id },
      data: { startsOn: day("2026-03-11") },
    });
    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, learner.id)).toBeUndefined();
    await prisma.enrollment.updateMany({ where: { userId: learner.id }, data: { progressPercent: 29 } });
    const behind = await listOf(world);
    expect(reasonsOf(behind.learners.items, learner.id)).toMatchObject([
      { kind: "behind", courses: [{ progressPercent: 29, expectedPercent: 30 }] },
    ]);
    // On the due day itself 19 of 20 days are over; the day after, everything is expected.
    await prisma.cohortCourse.updateMany({ where: { cohortId: world.cohort.id }, data: { startsOn: null } });
    await prisma.enrollment.updateMany({
      where: { userId: learner.id },
      data: { progressPercent: 94, lastActivityAt: day("2026-03-21") },
    });
    const dueDay = await listOf(world, { now: new Date("2026-03-20T03:00:00.000Z") });
    expect(reasonsOf(dueDay.learners.items, learner.id)).toMatchObject([
      { kind: "behind", courses: [{ expectedPercent: 95 }] },
    ]);
    const dayAfter = await listOf(world, { now: new Date("2026-03-21T03:00:00.000Z") });
    expect(reasonsOf(dayAfter.learners.items, learner.id)).toMatchObject([
      { kind: "behind", courses: [{ progressPercent: 94, expectedPercent: 100 }] },
    ]);
  });

  test("no due date, or a course without required lessons, has no schedule to fall behind", async () => {
    const world = await cohortWorld({ behindSchedulePoints: 0 });
    const learner = await addMember(world, { progressPercent: 0 });
    await prisma.course.update({ where: { id: world.course.id }, data: { requiredLessonCount: 0 } });
    expect((await listOf(world)).learners.totalCount).toBe(0);
    await prisma.course.update({ where: { id: world.course.id }, data: { requiredLessonCount: 4 } });
    expect(reasonsOf((await listOf(world)).learners.items, learner.id)).toMatchObject([{ kind: "behind" }]);
    await prisma.cohortCourse.updateMany({ where: { cohortId: world.cohort.id }, data: { dueOn: null } });
    expect((await listOf(world)).learners.totalCount).toBe(0);
  });
});

describe("overdue assignments", () => {
  test("due time passed with nothing handed in, or the latest attempt returned; not when handed in or not yet due", async () => {
    const world = await cohortWorld();
    const lessonId = world.assignmentLesson.id;
    await prisma.assignment.update({ where: { lessonId }, data: { dueAt: new Date(NOW.getTime() - 60_000) } });
    const missing = await addMember(world);
    const handedIn = await addMember(world);
    const returned = await addMember(world);
    await createSubmission(prisma, { lessonId, userId: handedIn.id, isPassing: false, isGraded: false });
    const submission = await createSubmission(prisma, { lessonId, userId: returned.id, isPassing: false });
    await prisma.submission.update({ where: { id: submission.id }, data: { status: "RETURNED", points: null } });

    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, missing.id)).toEqual([{ kind: "overdue", count: 1, titles: ["Report 1"] }]);
    expect(reasonsOf(list.learners.items, returned.id)).toEqual([{ kind: "overdue", count: 1, titles: ["Report 1"] }]);
    expect(reasonsOf(list.learners.items, handedIn.id)).toBeUndefined();

    // Only the latest attempt counts: an earlier one superseded by a returned one is not handed in.
    const resubmitted = await addMember(world);
    const superseded = await addMember(world);
    await createSubmission(prisma, { lessonId, userId: resubmitted.id, isPassing: false });
    await prisma.submission.updateMany({ where: { userId: resubmitted.id }, data: { status: "RETURNED" } });
    await createSubmission(prisma, { lessonId, userId: resubmitted.id, isPassing: false, isGraded: false });
    await createSubmission(prisma, { lessonId, userId: superseded.id, isPassing: false, isGraded: false });
    const latest = await createSubmission(prisma, { lessonId, userId: superseded.id, isPassing: false });
    await prisma.submission.update({ where: { id: latest.id }, data: { status: "RETURNED" } });
    const again = await listOf(world);
    expect(reasonsOf(again.learners.items, resubmitted.id)).toBeUndefined();
    expect(reasonsOf(again.learners.items, superseded.id)).toEqual([
      { kind: "overdue", count: 1, titles: ["Report 1"] },
    ]);

    // Due this very moment: not passed yet.
    await prisma.assignment.update({ where: { lessonId }, data: { dueAt: NOW } });
    expect((await listOf(world)).learners.totalCount).toBe(0);
    // An unpublished assignment is nobody's to hand in.
    await prisma.assignment.update({ where: { lessonId }, data: { dueAt: daysBefore(1) } });
    await prisma.lesson.update({ where: { id: lessonId }, data: { status: "DRAFT" } });
    expect((await listOf(world)).learners.totalCount).toBe(0);
  });
});

describe("failing quizzes", () => {
  test("2 failed attempts with a threshold of 2, not 1; failed then passed is not failing", async () => {
    const world = await cohortWorld({ failedQuizAttempts: 2 });
    const lessonId = world.quizLesson.id;
    const once = await addMember(world);
    const twice = await addMember(world);
    const thenPassed = await addMember(world);
    await createQuizAttempt(prisma, { lessonId, userId: once.id, isPassed: false });
    for (const userId of [twice.id, thenPassed.id]) {
      await createQuizAttempt(prisma, { lessonId, userId, isPassed: false });
      await createQuizAttempt(prisma, { lessonId, userId, isPassed: false });
    }
    await createQuizAttempt(prisma, { lessonId, userId: thenPassed.id, isPassed: true });
    // An attempt still open is not a failure.
    const quiz = await prisma.quiz.findUniqueOrThrow({ where: { lessonId }, select: { id: true } });
    await prisma.quizAttempt.create({ data: { quizId: quiz.id, userId: once.id, attemptNumber: 2 } });

    const list = await listOf(world);
    expect(reasonsOf(list.learners.items, once.id)).toBeUndefined();
    expect(reasonsOf(list.learners.items, twice.id)).toEqual([
      { kind: "failingQuizzes", count: 1, attempts: 2, titles: ["Quiz 1"] },
    ]);
    expect(reasonsOf(list.learners.items, thenPassed.id)).toBeUndefined();
  });
});

describe("attendance", () => {
  /** 100 class days up to yesterday (2025-12-04 … 2026-03-13), with `attended` of them attended by each learner. */
  async function classDays(world: World, attendance: { userId: string; attended: number }[]) {
    const first = day("2025-12-04").getTime();
    await prisma.classDay.createMany({
      data: Array.from({ length: 100 }, (_, index) => ({
        cohortId: world.cohort.id,
        date: new Date(first + index * DAY_MS),
      })),
    });
    const days = await prisma.classDay.findMany({
      where: { cohortId: world.cohort.id },
      orderBy: { date: "asc" },
      select: { id: true },
    });
    expect(days).toHaveLength(100);
    await prisma.attendanceRecord.createMany({
      data: attendance.flatMap(({ userId, attended }) =>
        days.slice(0, attended).map((classDay) => ({
          classDayId: classDay.id,
          cohortId: world.cohort.id,
          userId,
          status: "PRESENT" as const,
        })),
      ),
    });
  }

  test("79 % with an 80 % threshold is at risk, 80 % is not; no counted days, no reason", async () => {
    const world = await cohortWorld({ attendanceThreshold: 80 });
    const joinedAt = new Date("2025-11-01T00:00:00.000Z");
    const below = await addMember(world, { joinedAt });
    const atThreshold = await addMember(world, { joinedAt });
    // Joined today: no class day of theirs is over yet.
    await addMember(world, { joinedAt: new Date(NOW.getTime() - 60_000) });
    await classDays(world, [
      { userId: below.id, attended: 79 },
      { userId: atThreshold.id, attended: 80 },
    ]);
    const list = await listOf(world);
    expect(list.learners.totalCount).toBe(1);
    expect(reasonsOf(list.learners.items, below.id)).toEqual([{ kind: "attendance", percent: 79, threshold: 80 }]);
  });
});

describe("who is listed", () => {
  test("several reasons at once, in a fixed order, with the row's figures", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7, behindSchedulePoints: 20, failedQuizAttempts: 1 });
    await prisma.assignment.update({ where: { lessonId: world.assignmentLesson.id }, data: { dueAt: daysBefore(2) } });
    const learner = await addMember(world, { lastActivityAt: daysBefore(9), progressPercent: 30 });
    await createQuizAttempt(prisma, { lessonId: world.quizLesson.id, userId: learner.id, isPassed: false });
    await prisma.nudge.create({
      data: {
        cohortId: world.cohort.id,
        userId: learner.id,
        sentById: world.admin.id,
        subject: "힘내요",
        createdAt: daysBefore(3),
      },
    });
    const list = await listOf(world);
    expect(list.learners.items).toEqual([
      {
        userId: learner.id,
        name: learner.name,
        email: learner.email,
        lastActivityAt: daysBefore(9),
        progressPercent: 30,
        lastNudgedAt: daysBefore(3),
        reasons: [
          { kind: "inactive", days: 9, isNeverActive: false },
          {
            kind: "behind",
            courses: [expect.objectContaining({ courseCode: "AI501", progressPercent: 30, expectedPercent: 65 })],
          },
          { kind: "overdue", count: 1, titles: ["Report 1"] },
          { kind: "failingQuizzes", count: 1, attempts: 1, titles: ["Quiz 1"] },
        ],
      },
    ]);
  });

  test("members who left, mentors and deactivated accounts are not listed; only members' courses count", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7 });
    const stalled = { lastActivityAt: daysBefore(30) };
    const current = await addMember(world, stalled);
    await addMember(world, { ...stalled, leftAt: daysBefore(1) });
    await addMember(world, { ...stalled, role: "MENTOR" });
    const deactivated = await addMember(world, stalled);
    await prisma.user.update({ where: { id: deactivated.id }, data: { deactivatedAt: daysBefore(1) } });
    // Enrolled in the course, but not a member of this cohort.
    const outsider = await createUser(prisma);
    await prisma.enrollment.create({ data: { userId: outsider.id, courseId: world.course.id, status: "ACTIVE" } });
    const list = await listOf(world);
    expect(list.learners.items.map((learner) => learner.userId)).toEqual([current.id]);
    expect(list.cohort.thresholds).toEqual({
      inactiveDaysThreshold: 7,
      behindSchedulePoints: 20,
      failedQuizAttempts: 2,
      attendanceThreshold: 80,
    });
  });

  test("only admins; an unknown cohort is not found", async () => {
    const world = await cohortWorld();
    const instructor = await userWith("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: world.course.id, userId: instructor.id });
    expect(await listAtRiskLearners({ actor: instructor, cohortId: world.cohort.id, now: NOW })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await listAtRiskLearners({ actor: world.admin, cohortId: crypto.randomUUID(), now: NOW })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await listAtRiskLearners({ actor: world.admin, cohortId: "nope", now: NOW })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});

describe("sorting, paging and cost", () => {
  /** `count` members never active, joined 10 + i days ago (i from 0), named 학습자 000, 001, … */
  async function stalledMembers(world: World, count: number) {
    const suffix = uniqueSuffix();
    await prisma.user.createMany({
      data: Array.from({ length: count }, (_, index) => ({
        email: `stalled-${suffix}-${index}@test.bitgoeul.example`,
        name: `학습자 ${String(index).padStart(3, "0")}`,
      })),
    });
    const users = await prisma.user.findMany({
      where: { email: { startsWith: `stalled-${suffix}-` } },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    });
    await prisma.cohortMember.createMany({
      data: users.map((user, index) => ({
        cohortId: world.cohort.id,
        userId: user.id,
        joinedAt: daysBefore(10 + index),
      })),
    });
    await prisma.enrollment.createMany({
      data: users.map((user, index) => ({
        userId: user.id,
        courseId: world.course.id,
        cohortId: world.cohort.id,
        status: "ACTIVE" as const,
        progressPercent: index % 2 === 0 ? 65 : 10,
      })),
    });
    return users;
  }

  test("sorts by each column either way and pages 50 at a time", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7, behindSchedulePoints: 20 });
    const users = await stalledMembers(world, 52);
    const first = await listOf(world, { sort: "name-asc" });
    expect(first.learners).toMatchObject({ totalCount: 52, pageCount: 2, page: 1 });
    expect(first.learners.items).toHaveLength(50);
    expect(first.learners.items[0]?.name).toBe("학습자 000");
    const second = await listOf(world, { sort: "name-asc", page: 2 });
    expect(second.learners.items.map((learner) => learner.name)).toEqual(["학습자 050", "학습자 051"]);
    const beyond = await listOf(world, { sort: "name-asc", page: 9 });
    expect(beyond.learners).toMatchObject({ totalCount: 52, items: [] });

    expect((await listOf(world, { sort: "name-desc" })).learners.items[0]?.name).toBe("학습자 051");
    // Odd ones are behind as well as inactive: two reasons, first.
    const byReasons = await listOf(world, { sort: "reasons-desc" });
    expect(byReasons.learners.items.slice(0, 26).every((learner) => learner.reasons.length === 2)).toBe(true);
    expect(byReasons.learners.items[0]?.name).toBe("학습자 001");
    expect((await listOf(world, { sort: "reasons-asc" })).learners.items[0]?.name).toBe("학습자 000");
    expect((await listOf(world, { sort: "progress-asc" })).learners.items[0]?.name).toBe("학습자 001");
    expect((await listOf(world, { sort: "progress-desc" })).learners.items[0]?.name).toBe("학습자 000");

    // Last activity: the never active first ascending; someone active 8 days ago leads descending.
    const recent = users[5]!;
    await prisma.enrollment.updateMany({ where: { userId: recent.id }, data: { lastActivityAt: daysBefore(8) } });
    expect((await listOf(world, { sort: "activity-desc" })).learners.items[0]?.userId).toBe(recent.id);
    expect((await listOf(world, { sort: "activity-asc" })).learners.items[0]?.name).toBe("학습자 000");

    const nudged = users[7]!;
    await prisma.nudge.create({
      data: {
        cohortId: world.cohort.id,
        userId: nudged.id,
        sentById: world.admin.id,
        subject: "s",
        createdAt: daysBefore(1),
      },
    });
    expect((await listOf(world, { sort: "nudged-desc" })).learners.items[0]?.userId).toBe(nudged.id);
    const nudgedAscending = await listOf(world, { sort: "nudged-asc", page: 2 });
    expect(nudgedAscending.learners.items.at(-1)?.userId).toBe(nudged.id);
  });

  test("searches by name or e-mail", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7 });
    await stalledMembers(world, 3);
    const found = ok(
      await listAtRiskLearners({ actor: world.admin, cohortId: world.cohort.id, now: NOW, search: "학습자 001" }),
    );
    expect(found.learners.items.map((learner) => learner.name)).toEqual(["학습자 001"]);
  });

  test("the same number of statements for 3 members or 40", async () => {
    const small = await cohortWorld();
    const large = await cohortWorld();
    await stalledMembers(small, 3);
    await stalledMembers(large, 40);
    await listOf(small); // warm-up: the first use of a connection sends its own statements
    const forSmall = await countSqlStatements(() => listOf(small));
    const forLarge = await countSqlStatements(() => listOf(large));
    expect(forLarge).toBe(forSmall);
    expect(forSmall).toBe(1);
    expect((await listOf(large)).learners.totalCount).toBe(40);
  });
});

describe("a course's list for its instructors", () => {
  test("the course's active learners, its reasons only, with their cohort's thresholds and dates or the defaults", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 3, behindSchedulePoints: 0, attendanceThreshold: 90 });
    const instructor = await userWith("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: world.course.id, userId: instructor.id });
    // Through the cohort: inactive for 4 days (threshold 3) and 1 point behind 65 %.
    const member = await addMember(world, { lastActivityAt: daysBefore(4), progressPercent: 64 });
    // On their own: 4 days is under the default 7, and there is no schedule to be behind.
    const solo = await createUser(prisma);
    await prisma.enrollment.create({
      data: {
        userId: solo.id,
        courseId: world.course.id,
        status: "ACTIVE",
        progressPercent: 0,
        lastActivityAt: daysBefore(4),
      },
    });
    // Not taking it any more.
    const dropped = await createUser(prisma);
    await prisma.enrollment.create({
      data: { userId: dropped.id, courseId: world.course.id, status: "DROPPED", lastActivityAt: daysBefore(40) },
    });
    // Another course of the member's, with an overdue assignment: not this course's business.
    const { course: other, lessons } = await createCourseWithLessons(prisma, {
      modules: [[{ kind: "ASSIGNMENT", title: "Elsewhere" }]],
    });
    await prisma.assignment.update({ where: { lessonId: lessons[0]!.id }, data: { dueAt: daysBefore(1) } });
    await prisma.enrollment.create({ data: { userId: member.id, courseId: other.id, status: "ACTIVE" } });

    const list = ok(await listAtRiskInCourse({ actor: instructor, courseId: world.course.id, now: NOW }));
    expect(list.course).toMatchObject({ id: world.course.id, code: "AI501" });
    expect(list.learners.items.map((learner) => learner.userId)).toEqual([member.id]);
    expect(list.learners.items[0]?.reasons).toEqual([
      { kind: "inactive", days: 4, isNeverActive: false },
      { kind: "behind", courses: [expect.objectContaining({ progressPercent: 64, expectedPercent: 65 })] },
    ]);

    // Defaults for the one outside any cohort: 7 days; 2 failed attempts; never active since enrolling.
    await prisma.enrollment.updateMany({ where: { userId: solo.id }, data: { lastActivityAt: daysBefore(7) } });
    await createQuizAttempt(prisma, { lessonId: world.quizLesson.id, userId: solo.id, isPassed: false });
    await createQuizAttempt(prisma, { lessonId: world.quizLesson.id, userId: solo.id, isPassed: false });
    const withSolo = ok(await listAtRiskInCourse({ actor: instructor, courseId: world.course.id, now: NOW }));
    expect(reasonsOf(withSolo.learners.items, solo.id)).toEqual([
      { kind: "inactive", days: 7, isNeverActive: false },
      { kind: "failingQuizzes", count: 1, attempts: 2, titles: ["Quiz 1"] },
    ]);
  });

  test("attendance of the enrollment's cohort; the same statements for 3 learners or 40", async () => {
    const world = await cohortWorld({ attendanceThreshold: 80 });
    const instructor = await userWith("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: world.course.id, userId: instructor.id });
    const member = await addMember(world, { joinedAt: day("2026-02-01") });
    const classDay = await prisma.classDay.create({ data: { cohortId: world.cohort.id, date: day("2026-03-10") } });
    await prisma.attendanceRecord.create({
      data: { classDayId: classDay.id, cohortId: world.cohort.id, userId: member.id, status: "ABSENT" },
    });
    const list = ok(await listAtRiskInCourse({ actor: instructor, courseId: world.course.id, now: NOW }));
    expect(reasonsOf(list.learners.items, member.id)).toEqual([{ kind: "attendance", percent: 0, threshold: 80 }]);

    const large = await cohortWorld();
    const largeInstructor = await userWith("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: large.course.id, userId: largeInstructor.id });
    for (let index = 0; index < 40; index++) await addMember(large, { lastActivityAt: daysBefore(index) });
    const small = () => listAtRiskInCourse({ actor: instructor, courseId: world.course.id, now: NOW });
    const big = () => listAtRiskInCourse({ actor: largeInstructor, courseId: large.course.id, now: NOW });
    await small();
    expect(await countSqlStatements(big)).toBe(await countSqlStatements(small));
    expect(await countSqlStatements(small)).toBe(3);
    expect(ok(await big()).learners.totalCount).toBe(33);
  });

  test("instructors of the course and admins; others are refused", async () => {
    const world = await cohortWorld();
    const otherInstructor = await userWith("INSTRUCTOR");
    const learner = await userWith("LEARNER");
    for (const actor of [otherInstructor, learner]) {
      expect(await listAtRiskInCourse({ actor, courseId: world.course.id, now: NOW })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    expect((await listAtRiskInCourse({ actor: world.admin, courseId: world.course.id, now: NOW })).ok).toBe(true);
    expect(await listAtRiskInCourse({ actor: world.admin, courseId: crypto.randomUUID(), now: NOW })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});

describe("thresholds and the export", () => {
  test("saving thresholds audits before and after; the same values write nothing; only admins", async () => {
    const world = await cohortWorld();
    const thresholds = {
      inactiveDaysThreshold: 14,
      behindSchedulePoints: 10,
      failedQuizAttempts: 3,
      attendanceThreshold: 75,
    };
    expect(await updateAtRiskThresholds({ actor: world.admin, cohortId: world.cohort.id, thresholds })).toEqual({
      ok: true,
    });
    expect(await updateAtRiskThresholds({ actor: world.admin, cohortId: world.cohort.id, thresholds })).toEqual({
      ok: true,
    });
    const entries = await prisma.auditLog.findMany({
      where: { entityId: world.cohort.id, action: "cohort.thresholds-changed" },
      select: { actorId: true, data: true },
    });
    expect(entries).toEqual([
      {
        actorId: world.admin.id,
        data: {
          before: {
            inactiveDaysThreshold: 7,
            behindSchedulePoints: 20,
            failedQuizAttempts: 2,
            attendanceThreshold: 80,
          },
          after: thresholds,
        },
      },
    ]);
    expect((await listOf(world)).cohort.thresholds).toEqual(thresholds);
    const instructor = await userWith("INSTRUCTOR");
    expect(await updateAtRiskThresholds({ actor: instructor, cohortId: world.cohort.id, thresholds })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await updateAtRiskThresholds({ actor: world.admin, cohortId: crypto.randomUUID(), thresholds })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });

  test("the export has every learner at risk, not one page, and is audited", async () => {
    const world = await cohortWorld({ inactiveDaysThreshold: 7 });
    for (let index = 0; index < 55; index++) await addMember(world, { lastActivityAt: daysBefore(10) });
    const exported = ok(
      await exportAtRiskLearners({ actor: world.admin, cohortId: world.cohort.id, format: "csv", now: NOW }),
    );
    expect(exported.learners).toHaveLength(55);
    expect(
      await prisma.auditLog.findMany({
        where: { entityId: world.cohort.id, action: "report.exported" },
        select: { data: true },
      }),
    ).toEqual([{ data: { report: "at-risk", format: "csv", learnerCount: 55 } }]);
    const instructor = await userWith("INSTRUCTOR");
    expect(await exportAtRiskLearners({ actor: instructor, cohortId: world.cohort.id, format: "csv" })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
  });
});
