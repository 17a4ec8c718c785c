// The gradebook against values worked out by hand: weighted category scores, missing grades before
// and after their due time, letters on both scales and pass/fail, confirmation and changes with the
// audit log, manual grades out of range, a learner who dropped, and who may see or change what.
import pg from "pg";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  changeFinalGrade,
  confirmAllFinalGrades,
  confirmFinalGrade,
  createGradeCategory,
  createGradeItem,
  deleteGradeCategory,
  deleteGradeItem,
  getGradebook,
  getGradebookSettings,
  getMyGrades,
  recordManualGrade,
  setCoursePassFail,
  setGradeCutoffs,
  updateGradeItem,
} from "~/models/gradebook.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import {
  createCategory,
  createGradedCourse,
  createGradedSubmission,
  createLessonItem,
  createManualGrade,
  createManualItem,
  createQuizAttempts,
  setAssignment,
} from "../../tests/factories/gradebook";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

const NOW = new Date("2026-06-01T03:00:00.000Z");
const YESTERDAY = new Date("2026-05-31T03:00:00.000Z");

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

/**
 * A 3-credit course on the 4.5 scale: Quizzes 20 % (quiz 1 best attempt, quiz 2 last attempt),
 * Assignments 40 % (assignment 1 out of 50, assignment 2 out of 100), Final project 40 % (a manual
 * item out of 30). Kim did everything, Lee only quiz 1, Park dropped after quiz 1.
 */
async function buildCourse(options: { credits?: number | null; endsOn?: Date | null } = {}) {
  const { course, lessons } = await createGradedCourse(prisma, {
    credits: options.credits === undefined ? 3 : options.credits,
    endsOn: options.endsOn ?? null,
    lessons: [
      { kind: "QUIZ", title: "Quiz 1" },
      { kind: "QUIZ", title: "Quiz 2" },
      { kind: "ASSIGNMENT", title: "Assignment 1" },
      { kind: "ASSIGNMENT", title: "Assignment 2" },
      { kind: "ARTICLE", title: "Reading" },
    ],
  });
  const [quiz1, quiz2, assignment1, assignment2, article] = lessons as [
    (typeof lessons)[number],
    (typeof lessons)[number],
    (typeof lessons)[number],
    (typeof lessons)[number],
    (typeof lessons)[number],
  ];
  await setAssignment(prisma, { lessonId: assignment1.id, maxPoints: 50 });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });

  const quizzes = await createCategory(prisma, { courseId: course.id, name: "퀴즈", weightPercent: 20, position: 1 });
  const assignments = await createCategory(prisma, {
    courseId: course.id,
    name: "과제",
    weightPercent: 40,
    position: 2,
  });
  const project = await createCategory(prisma, {
    courseId: course.id,
    name: "기말 프로젝트",
    weightPercent: 40,
    position: 3,
  });
  const items = {
    quiz1: await createLessonItem(prisma, { courseId: course.id, categoryId: quizzes.id, lesson: quiz1, position: 1 }),
    quiz2: await createLessonItem(prisma, {
      courseId: course.id,
      categoryId: quizzes.id,
      lesson: quiz2,
      quizScoreRule: "LAST",
      position: 2,
    }),
    assignment1: await createLessonItem(prisma, {
      courseId: course.id,
      categoryId: assignments.id,
      lesson: assignment1,
      position: 1,
    }),
    assignment2: await createLessonItem(prisma, {
      courseId: course.id,
      categoryId: assignments.id,
      lesson: assignment2,
      position: 2,
    }),
    project: await createManualItem(prisma, {
      courseId: course.id,
      categoryId: project.id,
      title: "기말 프로젝트 발표",
      maxPoints: 30,
    }),
  };

  const kim = await createUser(prisma, { name: "김가람" });
  const lee = await createUser(prisma, { name: "이나래" });
  const park = await createUser(prisma, { name: "박다솜" });
  const enrollments = {
    kim: await enrollLearnerDirectly(prisma, { userId: kim.id, courseId: course.id }),
    lee: await enrollLearnerDirectly(prisma, { userId: lee.id, courseId: course.id }),
    park: await enrollLearnerDirectly(prisma, { userId: park.id, courseId: course.id, status: "DROPPED" }),
  };
  // Kim: quiz 1 best of 60, 80 → 80; quiz 2 last of 90, 70 → 70 (an unsubmitted attempt after it
  // does not count); assignment 1 graded 40, then 45 on resubmission, then a third submission not yet
  // graded → 45 of 50; assignment 2 → 70 of 100; project → 27 of 30.
  await createQuizAttempts(prisma, { lessonId: quiz1.id, userId: kim.id, scores: [60, 80] });
  await createQuizAttempts(prisma, { lessonId: quiz2.id, userId: kim.id, scores: [90, 70], open: true });
  await createGradedSubmission(prisma, { lessonId: assignment1.id, userId: kim.id, points: 40 });
  await createGradedSubmission(prisma, { lessonId: assignment1.id, userId: kim.id, points: 45 });
  await createGradedSubmission(prisma, { lessonId: assignment1.id, userId: kim.id, points: null, status: "SUBMITTED" });
  await createGradedSubmission(prisma, { lessonId: assignment2.id, userId: kim.id, points: 70 });
  await createManualGrade(prisma, { itemId: items.project.id, userId: kim.id, points: 27, gradedById: instructor.id });
  // Lee: quiz 1 → 50, nothing else yet. Park: quiz 1 → 100, then dropped.
  await createQuizAttempts(prisma, { lessonId: quiz1.id, userId: lee.id, scores: [50] });
  await createQuizAttempts(prisma, { lessonId: quiz1.id, userId: park.id, scores: [100] });

  return {
    course,
    lessons: { quiz1, quiz2, assignment1, assignment2, article },
    instructor,
    categories: { quizzes, assignments, project },
    items,
    learners: { kim, lee, park },
    enrollments,
  };
}

type Built = Awaited<ReturnType<typeof buildCourse>>;

async function gradebookOf(built: Built, now = NOW) {
  return ok(await getGradebook({ actor: built.instructor, courseId: built.course.id, now }));
}

function rowOf(gradebook: Awaited<ReturnType<typeof gradebookOf>>, userId: string) {
  const row = gradebook.learners.items.find((learner) => learner.userId === userId);
  if (!row) throw new Error("No such learner in the gradebook");
  return row;
}

describe("weighted course scores, by hand", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildCourse();
  });

  test("each item's points: best or last quiz attempt, latest graded submission, manual points", async () => {
    const kim = rowOf(await gradebookOf(built), built.learners.kim.id);
    expect(kim.itemPoints).toEqual({
      [built.items.quiz1.id]: 80,
      [built.items.quiz2.id]: 70,
      [built.items.assignment1.id]: 45,
      [built.items.assignment2.id]: 70,
      [built.items.project.id]: 27,
    });
  });

  test("categories are points over points; the course is their weighted mean: 81.67, B0", async () => {
    const gradebook = await gradebookOf(built);
    const kim = rowOf(gradebook, built.learners.kim.id);
    // Quizzes (80 + 70) / 200 = 75 %; assignments (45 + 70) / 150 = 76.67 %; project 27 / 30 = 90 %.
    expect(kim.categoryPercents).toEqual({
      [built.categories.quizzes.id]: { current: 75, final: 75 },
      [built.categories.assignments.id]: { current: 76.67, final: 76.67 },
      [built.categories.project.id]: { current: 90, final: 90 },
    });
    // 0.2 × 75 + 0.4 × 76.667 + 0.4 × 90 = 15 + 30.667 + 36 = 81.667.
    expect(kim.currentPercent).toBe(81.67);
    expect(kim.finalPercent).toBe(81.67);
    expect(kim.suggestedLetter).toBe("B0");
    expect(gradebook.problems).toEqual([]);
    expect(gradebook.canConfirmLetters).toBe(true);
  });

  test("ungraded items not yet due are left out of the current score and count 0 in the final one", async () => {
    const lee = rowOf(await gradebookOf(built), built.learners.lee.id);
    // Current: only quiz 1 counts (50 / 100), so only the quiz category, at its full weight.
    expect(lee.currentPercent).toBe(50);
    // Final: quizzes (50 + 0) / 200 = 25 %, the rest 0: 0.2 × 25 = 5.
    expect(lee.finalPercent).toBe(5);
    expect(lee.suggestedLetter).toBe("F");
    expect(lee.itemPoints[built.items.assignment1.id]).toBeNull();
  });

  test("an assignment past its due time counts 0 in the current score; after the course ends, everything does", async () => {
    const pastDue = await buildCourse();
    await setAssignment(prisma, { lessonId: pastDue.lessons.assignment1.id, dueAt: YESTERDAY });
    const lee = rowOf(await gradebookOf(pastDue), pastDue.learners.lee.id);
    // Quizzes 50 % at weight 20, assignments 0 / 50 = 0 % at weight 40: (20 × 50 + 40 × 0) / 60.
    expect(lee.currentPercent).toBe(16.67);
    expect(lee.finalPercent).toBe(5);

    // The course ended on May 30 (Korea): from May 31, 00:00 KST every item is due.
    const ended = await buildCourse({ endsOn: new Date("2026-05-30T00:00:00.000Z") });
    const onLastDay = rowOf(await gradebookOf(ended, new Date("2026-05-30T14:59:00.000Z")), ended.learners.lee.id);
    expect(onLastDay.currentPercent).toBe(50);
    const dayAfter = rowOf(await gradebookOf(ended, new Date("2026-05-30T15:00:00.000Z")), ended.learners.lee.id);
    expect(dayAfter.currentPercent).toBe(5);
    expect(dayAfter.finalPercent).toBe(5);
  });

  test("a learner who dropped is listed last with their records, and gets no suggested letter", async () => {
    const gradebook = await gradebookOf(built);
    expect(gradebook.learners.items.map((learner) => learner.name)).toEqual(["김가람", "이나래", "박다솜"]);
    const park = rowOf(gradebook, built.learners.park.id);
    expect(park).toMatchObject({ isDropped: true, suggestedLetter: null, currentPercent: 100 });
  });

  test("sorted by score, searched by name, paged", async () => {
    const byScore = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, sort: "final", now: NOW }),
    );
    expect(byScore.learners.items.map((learner) => learner.name)).toEqual(["김가람", "이나래", "박다솜"]);
    const searched = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, search: "나래", now: NOW }),
    );
    expect(searched.learners.items.map((learner) => learner.name)).toEqual(["이나래"]);
    expect(searched.learners.totalCount).toBe(1);
    const secondPage = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, page: 2, pageSize: 2, now: NOW }),
    );
    expect(secondPage.learners).toMatchObject({ totalCount: 3, pageCount: 2 });
    expect(secondPage.learners.items.map((learner) => learner.name)).toEqual(["박다솜"]);
    // Sorted by a score the page is cut after scoring; the count is still of every learner.
    const scoredPage = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, sort: "final", pageSize: 2, now: NOW }),
    );
    expect(scoredPage.learners).toMatchObject({ totalCount: 3, pageCount: 2 });
    // Past the last page no row carries the count; it is counted apart.
    const pastLast = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, page: 4, pageSize: 2, now: NOW }),
    );
    expect(pastLast.learners).toMatchObject({ totalCount: 3, pageCount: 2, items: [] });
    const nobody = ok(
      await getGradebook({ actor: built.instructor, courseId: built.course.id, search: "없는이름", now: NOW }),
    );
    expect(nobody.learners).toMatchObject({ totalCount: 0, items: [] });
  });

  test("weights that do not sum to 100 are scored over the weights there are, with a warning", async () => {
    const off = await buildCourse();
    await prisma.gradeCategory.update({ where: { id: off.categories.project.id }, data: { weightPercent: 30 } });
    const gradebook = await gradebookOf(off);
    expect(gradebook.problems).toEqual(["weightsNot100"]);
    expect(gradebook.weightTotal).toBe(90);
    expect(gradebook.canConfirmLetters).toBe(false);
    // (20 × 75 + 40 × 76.667 + 30 × 90) / 90 = 80.74.
    expect(rowOf(gradebook, off.learners.kim.id).finalPercent).toBe(80.74);
    expect(await confirmAllFinalGrades({ actor: off.instructor, courseId: off.course.id, now: NOW })).toEqual({
      ok: false,
      reason: "gradebookIncomplete",
    });
  });

  test("a weighted category without items, or no categories at all, is a problem too", async () => {
    const empty = await buildCourse();
    ok(await deleteGradeItem({ actor: empty.instructor, courseId: empty.course.id, itemId: empty.items.project.id }));
    const deleted = await prisma.auditLog.findFirstOrThrow({
      where: { action: "grade-item.deleted", entityId: empty.items.project.id },
    });
    expect(deleted.data).toMatchObject({
      title: "기말 프로젝트 발표",
      deletedGrades: 1,
      grades: [expect.objectContaining({ points: expect.any(String), userId: expect.any(String) })],
    });
    expect((await gradebookOf(empty)).problems).toEqual(["emptyCategory"]);
    const bare = await createGradedCourse(prisma, { lessons: [{ kind: "ARTICLE" }] });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: bare.course.id, userId: instructor.id });
    const gradebook = ok(await getGradebook({ actor: instructor, courseId: bare.course.id }));
    expect(gradebook.problems).toEqual(["noCategories"]);
  });

  test("a page of the gradebook costs the same number of statements for 3 learners or 40", async () => {
    const small = await buildCourse();
    const large = await buildCourse();
    for (let index = 0; index < 37; index++) {
      const learner = await createUser(prisma);
      await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: large.course.id });
      await createQuizAttempts(prisma, { lessonId: large.lessons.quiz1.id, userId: learner.id, scores: [index] });
    }
    await gradebookOf(small); // warm-up: the first use of a connection sends its own statements
    const forSmall = await countSqlStatements(() => gradebookOf(small));
    const forLarge = await countSqlStatements(() => gradebookOf(large));
    expect(forLarge).toBe(forSmall);
    expect(forSmall).toBeLessThanOrEqual(5);
  });
});

describe("letter suggestions on each scale", () => {
  async function courseWithOneManualItem(options: { scale: "KR_4_5" | "KR_4_3"; isPassFail?: boolean }) {
    const { course } = await createGradedCourse(prisma, { lessons: [{ kind: "ARTICLE" }], ...options });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const category = await createCategory(prisma, { courseId: course.id, name: "시험", weightPercent: 100 });
    const item = await createManualItem(prisma, {
      courseId: course.id,
      categoryId: category.id,
      title: "시험",
      maxPoints: 100,
    });
    const learner = await createUser(prisma);
    const enrollment = await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    return { course, instructor, item, learner, enrollment };
  }

  test("4.3 scale: 92 is A- (3.7) by the default cut-offs, A0 (4.0) by the course's own", async () => {
    const built = await courseWithOneManualItem({ scale: "KR_4_3" });
    ok(
      await recordManualGrade({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.item.id,
        userId: built.learner.id,
        points: 92,
      }),
    );
    const gradebook = ok(await getGradebook({ actor: built.instructor, courseId: built.course.id }));
    expect(gradebook.learners.items[0]?.suggestedLetter).toBe("A-");
    expect(gradebook.course.letters).toHaveLength(13);

    const cutoffs = {
      "A+": 96,
      A0: 92,
      "A-": 89,
      "B+": 86,
      B0: 83,
      "B-": 80,
      "C+": 77,
      C0: 73,
      "C-": 70,
      "D+": 67,
      D0: 63,
      "D-": 60,
    };
    ok(await setGradeCutoffs({ actor: built.instructor, courseId: built.course.id, cutoffs }));
    ok(
      await confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollment.id,
      }),
    );
    const grade = await prisma.finalGrade.findUniqueOrThrow({ where: { enrollmentId: built.enrollment.id } });
    expect(grade.letter).toBe("A0");
    expect(Number(grade.gradePoint)).toBe(4);
    expect(Number(grade.scorePercent)).toBe(92);
  });

  test("pass/fail: 60 passes by default, P has no grade point; cut-offs of the other kind are refused", async () => {
    const built = await courseWithOneManualItem({ scale: "KR_4_5", isPassFail: true });
    ok(
      await recordManualGrade({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.item.id,
        userId: built.learner.id,
        points: 60,
      }),
    );
    ok(
      await confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollment.id,
      }),
    );
    const grade = await prisma.finalGrade.findUniqueOrThrow({ where: { enrollmentId: built.enrollment.id } });
    expect(grade).toMatchObject({ letter: "P", gradePoint: null });

    expect(
      await setGradeCutoffs({ actor: built.instructor, courseId: built.course.id, cutoffs: { "A+": 95 } }),
    ).toEqual({
      ok: false,
      reason: "cutoffsInvalid",
    });
    ok(await setGradeCutoffs({ actor: built.instructor, courseId: built.course.id, cutoffs: { P: 50 } }));
    // Letters are confirmed: the course cannot turn to letters any more.
    expect(await setCoursePassFail({ actor: built.instructor, courseId: built.course.id, isPassFail: false })).toEqual({
      ok: false,
      reason: "lettersConfirmed",
    });
    expect(await setCoursePassFail({ actor: built.instructor, courseId: built.course.id, isPassFail: true })).toEqual({
      ok: true,
    });
  });
});

describe("final letters: confirmed, final, changed with a reason", () => {
  test("confirm all gives each learner taking the course their suggested letter, audited; dropped learners get none", async () => {
    const built = await buildCourse();
    const result = ok(await confirmAllFinalGrades({ actor: built.instructor, courseId: built.course.id, now: NOW }));
    expect(result.confirmedCount).toBe(2);
    const grades = await prisma.finalGrade.findMany({
      where: { courseId: built.course.id },
      select: { userId: true, letter: true, gradePoint: true, scorePercent: true, confirmedById: true },
    });
    expect(
      grades
        .map((grade) => ({ ...grade, gradePoint: Number(grade.gradePoint), scorePercent: Number(grade.scorePercent) }))
        .sort((a, b) => b.scorePercent - a.scorePercent),
    ).toEqual([
      {
        userId: built.learners.kim.id,
        letter: "B0",
        gradePoint: 3,
        scorePercent: 81.67,
        confirmedById: built.instructor.id,
      },
      {
        userId: built.learners.lee.id,
        letter: "F",
        gradePoint: 0,
        scorePercent: 5,
        confirmedById: built.instructor.id,
      },
    ]);
    const audits = await prisma.auditLog.findMany({
      where: { action: "grade.confirmed", actorId: built.instructor.id },
      select: { data: true },
    });
    expect(audits).toHaveLength(2);

    // Again: nothing more to confirm, nothing changed.
    expect(await confirmAllFinalGrades({ actor: built.instructor, courseId: built.course.id, now: NOW })).toEqual({
      ok: true,
      confirmedCount: 0,
    });
    expect(
      await confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollments.park.id,
      }),
    ).toEqual({ ok: false, reason: "learnerDropped" });
  });

  test("a confirmed letter is final: the same letter again is done, another is refused", async () => {
    const built = await buildCourse();
    const confirm = (letter?: string) =>
      confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollments.kim.id,
        letter,
        now: NOW,
      });
    expect(await confirm()).toEqual({ ok: true, letter: "B0" });
    expect(await confirm("B0")).toEqual({ ok: true, letter: "B0" });
    expect(await confirm("A+")).toEqual({ ok: false, reason: "alreadyConfirmed" });
    expect(await prisma.auditLog.count({ where: { action: "grade.confirmed", actorId: built.instructor.id } })).toBe(1);
  });

  test("the instructor may confirm another letter than the one suggested, but only one of the scale", async () => {
    const built = await buildCourse();
    const confirm = (letter: string) =>
      confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollments.lee.id,
        letter,
        now: NOW,
      });
    expect(await confirm("A-")).toEqual({ ok: false, reason: "invalidLetter" });
    expect(await confirm("D0")).toEqual({ ok: true, letter: "D0" });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "grade.confirmed", actorId: built.instructor.id },
    });
    expect(audit.data).toMatchObject({ letter: "D0", suggestedLetter: "F", scorePercent: 5 });
  });

  test("a change needs a reason, and is audited with what it was and what it became", async () => {
    const built = await buildCourse();
    const enrollmentId = built.enrollments.kim.id;
    const change = (letter: string, reason: string) =>
      changeFinalGrade({ actor: built.instructor, courseId: built.course.id, enrollmentId, letter, reason, now: NOW });
    expect(await change("B+", "성적 정정")).toEqual({ ok: false, reason: "notConfirmed" });
    ok(await confirmFinalGrade({ actor: built.instructor, courseId: built.course.id, enrollmentId, now: NOW }));
    expect(await change("B+", "   ")).toEqual({ ok: false, reason: "reasonRequired" });
    expect(await change("B0", "같은 등급")).toEqual({ ok: false, reason: "unchanged" });
    expect(await change("Z", "없는 등급")).toEqual({ ok: false, reason: "invalidLetter" });
    expect(await prisma.finalGrade.findUniqueOrThrow({ where: { enrollmentId }, select: { letter: true } })).toEqual({
      letter: "B0",
    });

    expect(await change("B+", "  기말 프로젝트 재채점  ")).toEqual({ ok: true });
    const grade = await prisma.finalGrade.findUniqueOrThrow({ where: { enrollmentId } });
    expect(grade).toMatchObject({ letter: "B+", changeReason: "기말 프로젝트 재채점" });
    expect(Number(grade.gradePoint)).toBe(3.5);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "grade.changed", entityId: grade.id } });
    expect(audit).toMatchObject({
      actorId: built.instructor.id,
      data: { from: "B0", to: "B+", reason: "기말 프로젝트 재채점" },
    });
    // The same change posted again is answered as done, and audited once.
    expect(await change("B+", "기말 프로젝트 재채점")).toEqual({ ok: true });
    expect(await prisma.auditLog.count({ where: { action: "grade.changed", entityId: grade.id } })).toBe(1);
  });

  test("a grade entered after confirmation shows the score has moved; the letter stays", async () => {
    const built = await buildCourse();
    ok(
      await confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollments.kim.id,
        now: NOW,
      }),
    );
    ok(
      await recordManualGrade({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.items.project.id,
        userId: built.learners.kim.id,
        points: 30,
      }),
    );
    const kim = rowOf(await gradebookOf(built), built.learners.kim.id);
    expect(kim.finalGrade).toMatchObject({ letter: "B0", scorePercent: 81.67, isScoreChanged: true });
    expect(kim.finalPercent).toBe(85.67);
    expect(kim.suggestedLetter).toBe("B+");
  });

  test("letters are only for credit courses", async () => {
    const built = await buildCourse({ credits: null });
    expect(await confirmAllFinalGrades({ actor: built.instructor, courseId: built.course.id })).toEqual({
      ok: false,
      reason: "notCreditCourse",
    });
    expect(rowOf(await gradebookOf(built), built.learners.kim.id).suggestedLetter).toBeNull();
  });
});

describe("manual grades", () => {
  test("points out of 0..full marks are refused and nothing is stored; in range, stored and audited", async () => {
    const built = await buildCourse();
    const record = (points: number | null, userId = built.learners.lee.id) =>
      recordManualGrade({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.items.project.id,
        userId,
        points,
      });
    expect(await record(30.01)).toEqual({ ok: false, reason: "outOfRange" });
    expect(await record(-1)).toEqual({ ok: false, reason: "outOfRange" });
    expect(await record(Number.NaN)).toEqual({ ok: false, reason: "outOfRange" });
    expect(await prisma.manualGrade.count({ where: { userId: built.learners.lee.id } })).toBe(0);

    expect(await record(22.5)).toEqual({ ok: true, points: 22.5 });
    expect(await record(24)).toEqual({ ok: true, points: 24 });
    expect(await record(null)).toEqual({ ok: true, points: null });
    const audits = await prisma.auditLog.findMany({
      where: { action: "grade.manual-recorded", actorId: built.instructor.id },
      orderBy: { createdAt: "asc" },
      select: { data: true },
    });
    expect(audits.map((audit) => audit.data)).toMatchObject([
      { from: null, to: 22.5 },
      { from: 22.5, to: 24 },
      { from: 24, to: null },
    ]);
  });

  test("only for manual items, and only for learners taking the course", async () => {
    const built = await buildCourse();
    const outsider = await createUser(prisma);
    const base = { actor: built.instructor, courseId: built.course.id, points: 10 };
    expect(await recordManualGrade({ ...base, itemId: built.items.quiz1.id, userId: built.learners.kim.id })).toEqual({
      ok: false,
      reason: "notManual",
    });
    expect(
      await recordManualGrade({ ...base, itemId: built.items.project.id, userId: built.learners.park.id }),
    ).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    expect(await recordManualGrade({ ...base, itemId: built.items.project.id, userId: outsider.id })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
  });
});

describe("categories and items", () => {
  test("an item is a quiz or assignment lesson of this course, once; a double post creates one", async () => {
    const built = await buildCourse();
    const other = await buildCourse();
    const categoryId = built.categories.quizzes.id;
    const add = (item: Parameters<typeof createGradeItem>[0]["item"], submissionKey?: string) =>
      createGradeItem({ actor: built.instructor, courseId: built.course.id, categoryId, item, submissionKey });

    expect(await add({ kind: "LESSON", lessonId: other.lessons.quiz1.id, quizScoreRule: "BEST" })).toEqual({
      ok: false,
      reason: "lessonNotFound",
    });
    expect(await add({ kind: "LESSON", lessonId: built.lessons.article.id, quizScoreRule: "BEST" })).toEqual({
      ok: false,
      reason: "lessonNotFound",
    });
    expect(await add({ kind: "LESSON", lessonId: built.lessons.quiz1.id, quizScoreRule: "BEST" })).toEqual({
      ok: false,
      reason: "lessonAlreadyGraded",
    });
    expect(
      await createGradeItem({
        actor: built.instructor,
        courseId: built.course.id,
        categoryId: other.categories.quizzes.id,
        item: { kind: "MANUAL", title: "Oral exam", maxPoints: 10 },
      }),
    ).toEqual({ ok: false, reason: "categoryNotFound" });

    const key = crypto.randomUUID();
    const first = ok(await add({ kind: "MANUAL", title: "중간고사", maxPoints: 100 }, key));
    const second = ok(await add({ kind: "MANUAL", title: "중간고사", maxPoints: 100 }, key));
    expect(second.itemId).toBe(first.itemId);
    expect(await prisma.gradeItem.count({ where: { courseId: built.course.id, title: "중간고사" } })).toBe(1);
  });

  test("a lesson item freed by deleting it can be added again; a double post of it answers with the first", async () => {
    const built = await buildCourse();
    ok(await deleteGradeItem({ actor: built.instructor, courseId: built.course.id, itemId: built.items.quiz2.id }));
    const key = crypto.randomUUID();
    const add = () =>
      createGradeItem({
        actor: built.instructor,
        courseId: built.course.id,
        categoryId: built.categories.quizzes.id,
        item: { kind: "LESSON", lessonId: built.lessons.quiz2.id, quizScoreRule: "LAST" },
        submissionKey: key,
      });
    const first = ok(await add());
    expect(await add()).toEqual({ ok: true, itemId: first.itemId });
    expect(await prisma.gradeItem.findUniqueOrThrow({ where: { id: first.itemId } })).toMatchObject({
      kind: "QUIZ",
      lessonId: built.lessons.quiz2.id,
      quizScoreRule: "LAST",
    });
  });

  test("full marks never drop below a grade given; a category with items is not deleted", async () => {
    const built = await buildCourse();
    const update = (maxPoints: number) =>
      updateGradeItem({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.items.project.id,
        categoryId: built.categories.project.id,
        title: "기말 프로젝트",
        maxPoints,
      });
    expect(await update(20)).toEqual({ ok: false, reason: "maxBelowGrades" });
    expect(await update(27)).toEqual({ ok: true });
    expect(
      await deleteGradeCategory({
        actor: built.instructor,
        courseId: built.course.id,
        categoryId: built.categories.project.id,
      }),
    ).toEqual({ ok: false, reason: "categoryNotEmpty" });
  });

  test("a quiz's rule switches between best and last attempt", async () => {
    const built = await buildCourse();
    ok(
      await updateGradeItem({
        actor: built.instructor,
        courseId: built.course.id,
        itemId: built.items.quiz2.id,
        categoryId: built.categories.quizzes.id,
        quizScoreRule: "BEST",
      }),
    );
    expect(rowOf(await gradebookOf(built), built.learners.kim.id).itemPoints[built.items.quiz2.id]).toBe(90);
  });

  test("the settings list the course's quiz and assignment lessons, marking those already graded", async () => {
    const built = await buildCourse();
    ok(
      await createGradeCategory({
        actor: built.instructor,
        courseId: built.course.id,
        name: "출석",
        weightPercent: 10,
      }),
    );
    const settings = ok(await getGradebookSettings({ actor: built.instructor, courseId: built.course.id }));
    expect(settings.lessons.map(({ title, isGraded }) => ({ title, isGraded }))).toEqual([
      { title: "Quiz 1", isGraded: true },
      { title: "Quiz 2", isGraded: true },
      { title: "Assignment 1", isGraded: true },
      { title: "Assignment 2", isGraded: true },
    ]);
    expect(settings.categories.map(({ name, items }) => [name, items.length])).toEqual([
      ["퀴즈", 2],
      ["과제", 2],
      ["기말 프로젝트", 1],
      ["출석", 0],
    ]);
    expect(settings.problems).toEqual(["weightsNot100", "emptyCategory"]);
    expect(settings.categories[1]?.items.map(({ title, maxPoints }) => [title, maxPoints])).toEqual([
      ["Assignment 1", 50],
      ["Assignment 2", 100],
    ]);
  });
});

describe("who sees and changes grades", () => {
  test("an instructor of another course and a learner are refused everything; an admin is not", async () => {
    const built = await buildCourse();
    const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const other = await buildCourse();
    await addCourseInstructor(prisma, { courseId: other.course.id, userId: otherInstructor.id });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const courseId = built.course.id;
    for (const actor of [otherInstructor, built.learners.kim]) {
      expect(await getGradebook({ actor, courseId })).toEqual({ ok: false, reason: "notAllowed" });
      expect(await getGradebookSettings({ actor, courseId })).toEqual({ ok: false, reason: "notAllowed" });
      expect(
        await recordManualGrade({
          actor,
          courseId,
          itemId: built.items.project.id,
          userId: built.learners.lee.id,
          points: 30,
        }),
      ).toEqual({ ok: false, reason: "notAllowed" });
      expect(await confirmAllFinalGrades({ actor, courseId })).toEqual({ ok: false, reason: "notAllowed" });
      expect(await createGradeCategory({ actor, courseId, name: "Sneaky", weightPercent: 100 })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    expect(await prisma.manualGrade.count({ where: { userId: built.learners.lee.id } })).toBe(0);
    // Another course's item, through this course, is not found.
    expect(
      await recordManualGrade({
        actor: built.instructor,
        courseId,
        itemId: other.items.project.id,
        userId: other.learners.kim.id,
        points: 1,
      }),
    ).toEqual({ ok: false, reason: "itemNotFound" });
    expect((await getGradebook({ actor: admin, courseId })).ok).toBe(true);
  });

  test("a learner sees their own grades and letter, never a suggestion; others are refused", async () => {
    const built = await buildCourse();
    const mine = ok(await getMyGrades({ userId: built.learners.kim.id, courseId: built.course.id, now: NOW }));
    expect(mine.grades).toMatchObject({
      userId: built.learners.kim.id,
      currentPercent: 81.67,
      finalPercent: 81.67,
      suggestedLetter: null,
      finalGrade: null,
    });
    expect(mine.categories.map(({ name }) => name)).toEqual(["퀴즈", "과제", "기말 프로젝트"]);

    ok(
      await confirmFinalGrade({
        actor: built.instructor,
        courseId: built.course.id,
        enrollmentId: built.enrollments.kim.id,
      }),
    );
    const bySlug = ok(await getMyGrades({ userId: built.learners.kim.id, slug: built.course.slug }));
    expect(bySlug.grades.finalGrade).toMatchObject({ letter: "B0", gradePoint: 3 });

    // Park dropped, and still sees what they had.
    expect((await getMyGrades({ userId: built.learners.park.id, courseId: built.course.id })).ok).toBe(true);
    const stranger = await createUser(prisma);
    expect(await getMyGrades({ userId: stranger.id, courseId: built.course.id })).toMatchObject({
      ok: false,
      reason: "notEnrolled",
    });
    await prisma.course.update({ where: { id: built.course.id }, data: { status: "DRAFT" } });
    expect(await getMyGrades({ userId: built.learners.kim.id, courseId: built.course.id })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await getMyGrades({ userId: built.learners.kim.id, courseId: "not-a-uuid" })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});
