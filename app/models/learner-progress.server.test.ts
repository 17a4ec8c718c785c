import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { listLearnerProgress } from "~/models/learner-progress.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createGradedCourse, createGradedSubmission, createQuizAttempts } from "../../tests/factories/gradebook";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

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

async function courseWithLearners(count: number) {
  const { course, lessons } = await createGradedCourse(prisma, {
    lessons: [
      { kind: "ARTICLE", title: "Intro" },
      { kind: "QUIZ", title: "Quiz" },
      { kind: "ASSIGNMENT", title: "Report" },
      { kind: "QUIZ", title: "Draft quiz", isPublished: false },
    ],
  });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  const learners = [];
  for (let index = 0; index < count; index++) {
    const learner = await createUser(prisma, { name: `학습자 ${String(index).padStart(3, "0")}` });
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    learners.push(learner);
  }
  return { course, lessons, instructor, learners };
}

describe("My learners", () => {
  test("one row per learner: progress, last activity, each quiz's best score and each assignment's grade", async () => {
    const { course, lessons, instructor } = await courseWithLearners(0);
    const [, quiz, report] = lessons as [unknown, { id: string }, { id: string }];
    const hana = await createUser(prisma, { name: "한하나" });
    const dul = await createUser(prisma, { name: "두둘" });
    const set = await createUser(prisma, { name: "세셋" });
    const hanaEnrollment = await enrollLearnerDirectly(prisma, { userId: hana.id, courseId: course.id });
    await enrollLearnerDirectly(prisma, { userId: dul.id, courseId: course.id, status: "COMPLETED" });
    await enrollLearnerDirectly(prisma, { userId: set.id, courseId: course.id, status: "DROPPED" });
    const waiting = await createUser(prisma, { name: "대기자" });
    await enrollLearnerDirectly(prisma, { userId: waiting.id, courseId: course.id, status: "WAITLISTED" });
    await prisma.enrollment.update({
      where: { id: hanaEnrollment.id },
      data: { progressPercent: 40, lastActivityAt: new Date("2026-05-01T00:00:00.000Z") },
    });
    await createQuizAttempts(prisma, { lessonId: quiz.id, userId: hana.id, scores: [55, 85, 70], open: true });
    await createGradedSubmission(prisma, { lessonId: report.id, userId: hana.id, points: 77 });
    await createGradedSubmission(prisma, { lessonId: report.id, userId: hana.id, points: null, status: "SUBMITTED" });
    await createGradedSubmission(prisma, { lessonId: report.id, userId: dul.id, points: null, status: "SUBMITTED" });

    const table = ok(await listLearnerProgress({ actor: instructor, courseId: course.id }));
    expect(table.columns.map(({ title, kind, maxPoints }) => ({ title, kind, maxPoints }))).toEqual([
      { title: "Quiz", kind: "QUIZ", maxPoints: null },
      { title: "Report", kind: "ASSIGNMENT", maxPoints: 100 },
    ]);
    expect(table.learners.items.map(({ name, status }) => [name, status])).toEqual([
      ["두둘", "COMPLETED"],
      ["세셋", "DROPPED"],
      ["한하나", "ACTIVE"],
    ]);
    const row = table.learners.items.find(({ userId }) => userId === hana.id);
    expect(row).toMatchObject({
      progressPercent: 40,
      lastActivityAt: new Date("2026-05-01T00:00:00.000Z"),
      cells: {
        [quiz.id]: { best: 85, attempts: 3 },
        [report.id]: { points: 77, isAwaitingGrade: true },
      },
    });
    expect(table.learners.items.find(({ userId }) => userId === dul.id)?.cells).toEqual({
      [quiz.id]: { best: null, attempts: 0 },
      [report.id]: { points: null, isAwaitingGrade: true },
    });
  });

  test("filters by status and by name, sorts by progress and last activity", async () => {
    const { course, instructor, learners } = await courseWithLearners(4);
    const [a, b, c, d] = learners.map(({ id }) => ({ id })) as [
      { id: string },
      { id: string },
      { id: string },
      { id: string },
    ];
    const set = (userId: string, data: { progressPercent?: number; lastActivityAt?: Date; status?: "COMPLETED" }) =>
      prisma.enrollment.update({ where: { userId_courseId: { userId, courseId: course.id } }, data });
    await set(a.id, { progressPercent: 10, lastActivityAt: new Date("2026-05-03T00:00:00.000Z") });
    await set(b.id, { progressPercent: 90, lastActivityAt: new Date("2026-05-01T00:00:00.000Z") });
    await set(c.id, {
      progressPercent: 100,
      status: "COMPLETED",
      lastActivityAt: new Date("2026-05-02T00:00:00.000Z"),
    });
    await set(d.id, { progressPercent: 50 });

    const names = async (options: Partial<Parameters<typeof listLearnerProgress>[0]>) =>
      ok(await listLearnerProgress({ actor: instructor, courseId: course.id, ...options })).learners.items.map(
        ({ name }) => name,
      );
    expect(await names({ sort: "progress-desc" })).toEqual(["학습자 002", "학습자 001", "학습자 003", "학습자 000"]);
    expect(await names({ sort: "progress-asc" })).toEqual(["학습자 000", "학습자 003", "학습자 001", "학습자 002"]);
    expect(await names({ sort: "activity-desc" })).toEqual(["학습자 000", "학습자 002", "학습자 001", "학습자 003"]);
    expect(await names({ sort: "activity-asc" })).toEqual(["학습자 003", "학습자 001", "학습자 002", "학습자 000"]);
    expect(await names({ status: "COMPLETED" })).toEqual(["학습자 002"]);
    expect(await names({ search: "003" })).toEqual(["학습자 003"]);
    // LIKE's wildcards are text in a search.
    expect(await names({ search: "%" })).toEqual([]);
    const paged = ok(await listLearnerProgress({ actor: instructor, courseId: course.id, page: 2, pageSize: 3 }));
    expect(paged.learners).toMatchObject({ totalCount: 4, pageCount: 2, page: 2 });
    expect(paged.learners.items.map(({ name }) => name)).toEqual(["학습자 003"]);
    // Past the last page there are no rows to carry the count; it is still the count.
    const pastLast = ok(await listLearnerProgress({ actor: instructor, courseId: course.id, page: 5, pageSize: 3 }));
    expect(pastLast.learners).toMatchObject({ totalCount: 4, pageCount: 2, items: [] });
    expect(
      ok(await listLearnerProgress({ actor: instructor, courseId: course.id, search: "nobody" })).learners,
    ).toMatchObject({ totalCount: 0, items: [] });
  });

  test("a 60-learner course costs the same statements as a 2-learner one", async () => {
    const small = await courseWithLearners(2);
    const large = await courseWithLearners(60);
    const quizId = (large.lessons[1] as { id: string }).id;
    for (const learner of large.learners.slice(0, 20)) {
      await createQuizAttempts(prisma, { lessonId: quizId, userId: learner.id, scores: [80] });
    }
    await listLearnerProgress({ actor: small.instructor, courseId: small.course.id });
    const forSmall = await countSqlStatements(() =>
      listLearnerProgress({ actor: small.instructor, courseId: small.course.id }),
    );
    const forLarge = await countSqlStatements(() =>
      listLearnerProgress({ actor: large.instructor, courseId: large.course.id }),
    );
    expect(forLarge).toBe(forSmall);
    expect(forSmall).toBeLessThanOrEqual(3);
    const table = ok(await listLearnerProgress({ actor: large.instructor, courseId: large.course.id }));
    expect(table.learners.items).toHaveLength(50);
    expect(table.learners.totalCount).toBe(60);
  });

  test("only the course's instructors and admins", async () => {
    const { course } = await courseWithLearners(1);
    const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const learner = await createUser(prisma);
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect(await listLearnerProgress({ actor: otherInstructor, courseId: course.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await listLearnerProgress({ actor: learner, courseId: course.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect((await listLearnerProgress({ actor: admin, courseId: course.id })).ok).toBe(true);
    expect(await listLearnerProgress({ actor: admin, courseId: "nope" })).toEqual({ ok: false, reason: "notFound" });
  });
});
