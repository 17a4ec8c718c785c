import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPasswordHash } from "../app/auth/password.server";
import { readCoursePackage } from "../app/lib/course-package.server";
import { createPrismaClient } from "../app/lib/prisma-client.server";
import { renderMarkdown } from "../app/lib/markdown.server";
import { generateDemoPasswords } from "./demo-passwords";
import { DEMO_ACCOUNTS, seedDemoData } from "./seed";
import { INSTRUCTOR_EMAIL } from "./seed-data/people";

// The test setup points DATABASE_URL at a fresh, migrated, empty database for this file.
const db = createPrismaClient(process.env.DATABASE_URL!);

/** Primary keys of every table the seed writes, sorted, so two snapshots compare row for row. */
async function snapshotSeededRows() {
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
  const pairs = (rows: { courseId: string; userId?: string; prerequisiteId?: string }[]) =>
    rows.map((row) => `${row.courseId}/${row.userId ?? row.prerequisiteId}`).sort();
  const byId = { select: { id: true } } as const;
  return {
    user: ids(await db.user.findMany(byId)),
    program: ids(await db.program.findMany(byId)),
    term: ids(await db.term.findMany(byId)),
    degreeTrack: ids(await db.degreeTrack.findMany(byId)),
    cohort: ids(await db.cohort.findMany(byId)),
    cohortMember: ids(await db.cohortMember.findMany(byId)),
    cohortCourse: ids(await db.cohortCourse.findMany(byId)),
    course: ids(await db.course.findMany(byId)),
    courseInstructor: pairs(await db.courseInstructor.findMany({ select: { courseId: true, userId: true } })),
    coursePrerequisite: pairs(
      await db.coursePrerequisite.findMany({ select: { courseId: true, prerequisiteId: true } }),
    ),
    module: ids(await db.module.findMany(byId)),
    lesson: ids(await db.lesson.findMany(byId)),
    quiz: ids(await db.quiz.findMany(byId)),
    question: ids(await db.question.findMany(byId)),
    assignment: ids(await db.assignment.findMany(byId)),
    enrollment: ids(await db.enrollment.findMany(byId)),
    enrollmentEvent: ids(await db.enrollmentEvent.findMany(byId)),
    lessonProgress: ids(await db.lessonProgress.findMany(byId)),
    submission: ids(await db.submission.findMany(byId)),
    quizAttempt: ids(await db.quizAttempt.findMany(byId)),
    quizAnswer: ids(await db.quizAnswer.findMany(byId)),
    gradeCategory: ids(await db.gradeCategory.findMany(byId)),
    gradeItem: ids(await db.gradeItem.findMany(byId)),
    manualGrade: ids(await db.manualGrade.findMany(byId)),
    finalGrade: ids(await db.finalGrade.findMany(byId)),
    auditLog: ids(await db.auditLog.findMany(byId)),
    classDay: ids(await db.classDay.findMany(byId)),
    attendanceRecord: ids(await db.attendanceRecord.findMany(byId)),
    cohortOutcome: ids(await db.cohortOutcome.findMany(byId)),
    nudge: ids(await db.nudge.findMany(byId)),
    appMeta: (await db.appMeta.findMany({ select: { key: true, value: true } })).map(
      (row) => `${row.key}=${row.value}`,
    ),
  };
}

let afterFirstRun: Awaited<ReturnType<typeof snapshotSeededRows>>;
let afterSecondRun: Awaited<ReturnType<typeof snapshotSeededRows>>;

const passwords = generateDemoPasswords();

beforeAll(async () => {
  await seedDemoData({ db, passwords });
  afterFirstRun = await snapshotSeededRows();
  await seedDemoData({ db, passwords });
  afterSecondRun = await snapshotSeededRows();
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
});

describe("seedDemoData", () => {
  test("writes every table it touches, and a second run changes no row", () => {
    for (const [table, rows] of Object.entries(afterFirstRun)) {
      expect(rows.length, table).toBeGreaterThan(0);
    }
    expect(afterSecondRun).toEqual(afterFirstRun);
  });

  test("creates the demo accounts with passwords that verify", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const user = await db.user.findUniqueOrThrow({
        where: { email: account.email },
        select: { email: true, name: true, role: true, passwordHash: true },
      });
      expect(user).toMatchObject({ email: account.email, name: account.name, role: account.role });
      expect(user.email).toBe(user.email.toLowerCase());
      expect(await verifyPasswordHash(user.passwordHash!, passwords.get(account.email)!)).toBe(true);
    }
  });

  test("keeps course rollups equal to a recount", async () => {
    const courses = await db.course.findMany({
      select: { id: true, requiredLessonCount: true, seatsTakenCount: true },
    });
    for (const course of courses) {
      expect(course.requiredLessonCount).toBe(
        await db.lesson.count({
          where: { courseId: course.id, status: "PUBLISHED", isRequired: true },
        }),
      );
      expect(course.seatsTakenCount).toBe(
        await db.enrollment.count({ where: { courseId: course.id, status: { in: ["ACTIVE", "COMPLETED"] } } }),
      );
    }
  });

  test("keeps enrollment rollups equal to a recount of completed lessons", async () => {
    const enrollments = await db.enrollment.findMany({
      select: {
        userId: true,
        courseId: true,
        status: true,
        completedAt: true,
        completedRequiredCount: true,
        progressPercent: true,
        lastActivityAt: true,
        lastLessonId: true,
        course: { select: { requiredLessonCount: true } },
        events: { select: { toStatus: true } },
      },
    });
    expect(enrollments.length).toBeGreaterThan(0);

    for (const enrollment of enrollments) {
      const { userId, courseId } = enrollment;
      const progress = await db.lessonProgress.findMany({
        where: { userId, courseId },
        orderBy: { lastViewedAt: "desc" },
        select: { lessonId: true, lastViewedAt: true, lesson: { select: { courseId: true } } },
      });
      // Complete: an article or video viewed to the end, a quiz passed, an assignment graded passing.
      const completed = await db.lesson.count({
        where: {
          courseId,
          isRequired: true,
          status: "PUBLISHED",
          OR: [
            { kind: { in: ["ARTICLE", "VIDEO"] }, progress: { some: { userId, status: "COMPLETED" } } },
            { kind: "QUIZ", quiz: { attempts: { some: { userId, isPassed: true } } } },
            {
              kind: "ASSIGNMENT",
              assignment: { submissions: { some: { userId, status: "GRADED", isPassing: true } } },
            },
          ],
        },
      });
      const required = enrollment.course.requiredLessonCount;

      expect(progress.every((row) => row.lesson.courseId === enrollment.courseId)).toBe(true);
      expect(enrollment.completedRequiredCount).toBe(completed);
      expect(enrollment.progressPercent).toBe(Math.floor((100 * completed) / required));
      expect(enrollment.lastLessonId).toBe(progress[0]?.lessonId ?? null);
      expect(enrollment.lastActivityAt).toEqual(progress[0]?.lastViewedAt ?? null);
      expect(enrollment.events.map((event) => event.toStatus)).toContain(enrollment.status);
      if (enrollment.status === "COMPLETED") {
        expect(completed).toBe(required);
        expect(enrollment.completedAt).not.toBeNull();
      }
    }
  });

  test("puts the demo learner part-way through AI501 (its first assignment graded) and through all of ACA101", async () => {
    const enrollments = await db.enrollment.findMany({
      where: { user: { email: "learner@bitgoeul.example" } },
      select: { status: true, completedRequiredCount: true, course: { select: { code: true } } },
      orderBy: { course: { code: "asc" } },
    });
    expect(enrollments).toEqual([
      { status: "COMPLETED", completedRequiredCount: 5, course: { code: "ACA101" } },
      { status: "ACTIVE", completedRequiredCount: 3, course: { code: "AI501" } },
    ]);
  });

  test("leaves AI501's instructor submissions to grade, some late and one handed in again after a return", async () => {
    const submissions = await db.submission.findMany({
      where: { assignment: { lesson: { slug: "assignment-gradient-descent" } } },
      orderBy: [{ user: { email: "asc" } }, { attemptNumber: "asc" }],
      select: {
        attemptNumber: true,
        status: true,
        isLate: true,
        points: true,
        feedback: true,
        user: { select: { email: true } },
      },
    });
    const waiting = submissions.filter((submission) => submission.status === "SUBMITTED");
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting.some((submission) => submission.isLate)).toBe(true);
    expect(waiting.some((submission) => !submission.isLate)).toBe(true);
    expect(
      submissions
        .filter((submission) => submission.user.email === "doyoon.han@bitgoeul.example")
        .map(({ attemptNumber, status }) => [attemptNumber, status]),
    ).toEqual([
      [1, "RETURNED"],
      [2, "SUBMITTED"],
    ]);
    // The demo learner sees a grade with feedback.
    expect(submissions.find((submission) => submission.user.email === "learner@bitgoeul.example")).toMatchObject({
      status: "GRADED",
      points: 85,
      feedback: expect.stringContaining("손실 곡선"),
    });
    // Every grade and return is in the audit log, by the instructor.
    const reviewed = submissions.filter((submission) => submission.status !== "SUBMITTED").length;
    expect(
      await db.auditLog.count({
        where: {
          action: { in: ["submission.graded", "submission.returned"] },
          actor: { email: INSTRUCTOR_EMAIL },
        },
      }),
    ).toBeGreaterThanOrEqual(reviewed);
  });

  test("fills the running cohort with trainees at every stage: inactive, behind, often absent", async () => {
    const cohort = await db.cohort.findUniqueOrThrow({
      where: { slug: "academy-2026-fall-data" },
      select: { id: true, _count: { select: { members: { where: { role: "LEARNER" } }, classDays: true } } },
    });
    expect(cohort._count.members).toBeGreaterThanOrEqual(36);
    const enrollments = await db.enrollment.findMany({
      where: { cohortId: cohort.id },
      select: { progressPercent: true, lastActivityAt: true },
    });
    const percents = new Set(enrollments.map((enrollment) => enrollment.progressPercent));
    expect(percents.has(0)).toBe(true);
    expect(percents.size).toBeGreaterThanOrEqual(6);
    const twoWeeksAgo = Date.now() - 13 * 24 * 60 * 60 * 1000;
    expect(enrollments.some((e) => e.lastActivityAt && e.lastActivityAt.getTime() < twoWeeksAgo)).toBe(true);
    // Every weekday from the start is a class day; each one that is over has a record per learner.
    expect(cohort._count.classDays).toBeGreaterThan(0);
    const rates = await db.$queryRaw<{ rate: number }[]>`
      SELECT count(*) FILTER (WHERE "status" IN ('PRESENT', 'LATE', 'LEFT_EARLY'))::float
        / nullif(count(*) FILTER (WHERE "status" <> 'EXCUSED'), 0) AS "rate"
      FROM "AttendanceRecord" WHERE "cohortId" = ${cohort.id}::uuid GROUP BY "userId"`;
    expect(rates.some(({ rate }) => rate < 0.8)).toBe(true);
    expect(rates.some(({ rate }) => rate >= 0.9)).toBe(true);
    expect(await db.nudge.count({ where: { cohortId: cohort.id } })).toBe(1);
    // Two trainees failed the checkpoint quiz twice and never passed it.
    const failing = await db.quizAttempt.groupBy({
      by: ["userId"],
      where: { user: { email: { startsWith: "trainee" } }, submittedAt: { not: null } },
      _count: true,
    });
    expect(failing.filter((row) => row._count >= 2)).toHaveLength(2);
    expect(await db.quizAttempt.count({ where: { user: { email: { startsWith: "trainee" } }, isPassed: true } })).toBe(
      0,
    );
  });

  test("gives the finished cohort graduates who completed its course, most with an outcome", async () => {
    const cohort = await db.cohort.findUniqueOrThrow({
      where: { slug: "academy-2026-spring-vision" },
      select: { id: true, endsOn: true },
    });
    const enrollments = await db.enrollment.findMany({
      where: { cohortId: cohort.id },
      select: { status: true, completedAt: true },
    });
    expect(enrollments).toHaveLength(20);
    expect(enrollments.every((e) => e.status === "COMPLETED" && e.completedAt! < cohort.endsOn)).toBe(true);
    const outcomes = await db.cohortOutcome.groupBy({ by: ["kind"], where: { cohortId: cohort.id }, _count: true });
    expect(Object.fromEntries(outcomes.map((row) => [row.kind, row._count]))).toEqual({
      EMPLOYED: 9,
      STARTED_COMPANY: 3,
      GRADUATE_SCHOOL: 2,
      SEEKING: 4,
    });
  });

  test("gives every completed enrollment its certificate: the demo learner holds ACA101's", async () => {
    expect(await db.enrollment.count({ where: { status: "COMPLETED", certificate: null } })).toBe(0);
    const certificates = await db.certificate.findMany({
      where: { user: { email: "learner@bitgoeul.example" }, kind: "COURSE" },
      select: { course: { select: { code: true } } },
    });
    expect(certificates.map((certificate) => certificate.course?.code)).toEqual(["ACA101"]);
  });

  test("gives the finished spring cohort's graduates their program certificate", async () => {
    const spring = await db.cohort.findFirstOrThrow({
      where: { endsOn: { lt: new Date() } },
      orderBy: { endsOn: "desc" },
      select: { id: true, _count: { select: { members: { where: { leftAt: null, role: "LEARNER" } } } } },
    });
    expect(await db.certificate.count({ where: { kind: "COHORT", cohortId: spring.id } })).toBe(spring._count.members);
  });

  test("has quiz attempts passed and failed", async () => {
    const attempts = await db.quizAttempt.findMany({ select: { isPassed: true, submittedAt: true } });
    expect(attempts.every((attempt) => attempt.submittedAt !== null)).toBe(true);
    expect(new Set(attempts.map((attempt) => attempt.isPassed))).toEqual(new Set([true, false]));
  });

  test("sets up AI501's gradebook: weights summing to 100, a manual item with grades, a confirmed letter", async () => {
    const course = await db.course.findFirstOrThrow({
      where: { code: "AI501" },
      select: {
        program: { select: { gradeScale: true } },
        gradeCategories: {
          orderBy: { position: "asc" },
          select: {
            name: true,
            weightPercent: true,
            items: { select: { kind: true, _count: { select: { manualGrades: true } } } },
          },
        },
        finalGrades: { select: { letter: true, gradePoint: true, user: { select: { email: true } } } },
      },
    });
    expect(course.program.gradeScale).toBe("KR_4_5");
    expect(course.gradeCategories.map(({ name, weightPercent }) => [name, weightPercent])).toEqual([
      ["퀴즈", 20],
      ["과제", 40],
      ["기말 프로젝트", 40],
    ]);
    const items = course.gradeCategories.flatMap((category) => category.items);
    expect(items.map((item) => item.kind).sort()).toEqual(["ASSIGNMENT", "ASSIGNMENT", "MANUAL", "QUIZ"]);
    expect(items.find((item) => item.kind === "MANUAL")?._count.manualGrades).toBeGreaterThan(0);
    // 최유나: quiz 100 × 20 % + assignments (95 + 88) / 200 × 40 % + project 91 × 40 % = 93.0, an A0 (4.0).
    expect(course.finalGrades.map(({ letter, gradePoint, user }) => [user.email, letter, Number(gradePoint)])).toEqual([
      ["yuna.choi@bitgoeul.example", "A0", 4],
    ]);
  });

  test("stores each lesson's Markdown rendered, with math and highlighted code", async () => {
    const lessons = await db.lesson.findMany({
      select: {
        slug: true,
        markdown: true,
        html: true,
        status: true,
        courseId: true,
        module: { select: { courseId: true } },
      },
    });
    const published = lessons.filter((lesson) => lesson.status === "PUBLISHED");
    expect(published.length).toBeGreaterThan(0);

    for (const lesson of lessons) {
      expect(lesson.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(lesson.courseId).toBe(lesson.module.courseId);
    }
    for (const lesson of published) {
      expect(lesson.html.length, lesson.slug).toBeGreaterThan(0);
      expect(lesson.html, lesson.slug).toBe(renderMarkdown(lesson.markdown));
      expect(lesson.html, lesson.slug).not.toContain("katex-error");
    }
    expect(published.some((lesson) => lesson.html.includes('class="katex"'))).toBe(true);
    expect(published.some((lesson) => lesson.html.includes('class="hljs language-python"'))).toBe(true);
  });

  test("gives the demo instructor a draft course in progress: some lessons ready, some still drafts", async () => {
    const drafts = await db.course.findMany({
      where: { status: "DRAFT" },
      select: {
        publishedAt: true,
        lessons: { select: { status: true } },
        instructors: { select: { role: true, user: { select: { email: true } } } },
      },
    });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.publishedAt).toBeNull();
    expect(drafts[0]?.instructors).toEqual([{ role: "LEAD", user: { email: INSTRUCTOR_EMAIL } }]);
    const statuses = drafts[0]?.lessons.map((lesson) => lesson.status);
    expect(statuses).toContain("PUBLISHED");
    expect(statuses).toContain("DRAFT");
  });

  test("gives every quiz question choices and correct answers among them", async () => {
    const questions = await db.question.findMany({ select: { choices: true, answer: true } });
    for (const question of questions) {
      const choiceIds = (question.choices as { id: string }[]).map((choice) => choice.id);
      expect(choiceIds.length).toBeGreaterThan(1);
      expect(question.answer as string[]).not.toHaveLength(0);
      for (const answer of question.answer as string[]) expect(choiceIds).toContain(answer);
    }
  });

  test("makes each course what its package in seed-data/courses says, lessons in the package's order", async () => {
    const coursesDir = path.join(import.meta.dirname, "seed-data/courses");
    const folders = readdirSync(coursesDir);
    expect(await db.course.count()).toBe(folders.length);
    for (const folder of folders) {
      const result = await readCoursePackage({ dir: path.join(coursesDir, folder) });
      if (!result.ok) throw new Error(`${folder} did not load`);
      const { course, modules } = result.coursePackage;
      const seeded = await db.course.findUniqueOrThrow({
        where: { slug: course.slug },
        select: {
          title: true,
          descriptionMarkdown: true,
          lessons: { orderBy: { position: "asc" }, select: { slug: true, kind: true, markdown: true } },
        },
      });
      expect(seeded, folder).toEqual({
        title: course.title,
        descriptionMarkdown: course.descriptionMarkdown,
        lessons: modules.flatMap((module) =>
          module.lessons.map((lesson) => ({ slug: lesson.slug, kind: lesson.kind, markdown: lesson.markdown })),
        ),
      });
    }
  });
});
