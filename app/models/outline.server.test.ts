import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  addLesson,
  addModule,
  getStudioOutline,
  moveLesson,
  moveLessonToModule,
  moveModule,
  removeLesson,
  removeModule,
  reorderOutline,
} from "~/models/outline.server";
import { recordLessonView } from "~/models/progress.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly, type BuiltLesson } from "../../tests/factories/progress";

async function taughtCourse(modules: Parameters<typeof createCourseWithLessons>[1]["modules"]) {
  const { course, lessons } = await createCourseWithLessons(prisma, { modules });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  return { course, lessons: lessons as BuiltLesson[], actor: instructor };
}

async function outlineTitles(courseId: string) {
  const { modules } = await getStudioOutline({ courseId });
  return modules.map((module) => [module.title, module.lessons.map((lesson) => lesson.title)] as const);
}

/** Every module of the course, and every lesson of each, at a distinct position. */
async function expectDistinctPositions(courseId: string) {
  const modules = await prisma.module.findMany({ where: { courseId }, select: { position: true, id: true } });
  expect(new Set(modules.map((module) => module.position)).size).toBe(modules.length);
  for (const module of modules) {
    const lessons = await prisma.lesson.findMany({ where: { moduleId: module.id }, select: { position: true } });
    expect(new Set(lessons.map((lesson) => lesson.position)).size).toBe(lessons.length);
  }
}

describe("building an outline", () => {
  test("modules and lessons are added at the end, lessons as drafts with a slug from the title", async () => {
    const { course, actor } = await taughtCourse([[{ title: "A1" }]]);
    const addedModule = await addModule({ actor, courseId: course.id, title: "두 번째 모듈" });
    const { modules } = await getStudioOutline({ courseId: course.id });
    const second = modules[1]!;
    expect(addedModule).toEqual({ ok: true, moduleId: second.id });
    const added = await addLesson({
      actor,
      courseId: course.id,
      moduleId: second.id,
      title: "Gradient Descent",
      kind: "QUIZ",
    });
    expect(added.ok).toBe(true);
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { moduleId: second.id } });
    expect(lesson).toMatchObject({ slug: "gradient-descent", status: "DRAFT", kind: "QUIZ", position: 1 });
    expect(await prisma.quiz.count({ where: { lessonId: lesson.id } })).toBe(1);
    // A Korean title has no Latin letters: the slug falls back, and stays unique.
    await addLesson({ actor, courseId: course.id, moduleId: second.id, title: "경사 하강법", kind: "ARTICLE" });
    await addLesson({ actor, courseId: course.id, moduleId: second.id, title: "확률적 경사 하강법", kind: "ARTICLE" });
    const slugs = (await prisma.lesson.findMany({ where: { moduleId: second.id }, select: { slug: true } })).map(
      (row) => row.slug,
    );
    expect(new Set(slugs).size).toBe(3);
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 1", ["A1"]],
      ["두 번째 모듈", ["Gradient Descent", "경사 하강법", "확률적 경사 하강법"]],
    ]);
  });

  test("an instructor of another course, or a learner, changes nothing", async () => {
    const { course } = await taughtCourse([[{ title: "A1" }]]);
    for (const actor of [await createUser(prisma, { role: "INSTRUCTOR" }), await createUser(prisma)]) {
      expect(await addModule({ actor, courseId: course.id, title: "Intruder" })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    expect(await prisma.module.count({ where: { courseId: course.id } })).toBe(1);
  });
});

describe("moving", () => {
  test("up and down cross into the neighbouring module at the edges", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "A1" }, { title: "A2" }], [{ title: "B1" }]]);
    const [a1, a2, b1] = lessons;
    await moveLesson({ actor, courseId: course.id, lessonId: a2!.id, direction: "up" });
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 1", ["A2", "A1"]],
      ["Module 2", ["B1"]],
    ]);
    await moveLesson({ actor, courseId: course.id, lessonId: b1!.id, direction: "up" });
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 1", ["A2", "A1", "B1"]],
      ["Module 2", []],
    ]);
    await moveLesson({ actor, courseId: course.id, lessonId: a1!.id, direction: "down" });
    await moveLesson({ actor, courseId: course.id, lessonId: a1!.id, direction: "down" });
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 1", ["A2", "B1"]],
      ["Module 2", ["A1"]],
    ]);
    expect(await moveLesson({ actor, courseId: course.id, lessonId: a1!.id, direction: "down" })).toEqual({
      ok: false,
      reason: "cannotMove",
    });
    await expectDistinctPositions(course.id);
  });

  test("a module moves among modules, and a lesson to the end of another module", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "A1" }], [{ title: "B1" }]]);
    const module2 = lessons[1]!.moduleId;
    await moveModule({ actor, courseId: course.id, moduleId: module2, direction: "up" });
    await moveLessonToModule({ actor, courseId: course.id, lessonId: lessons[0]!.id, moduleId: module2 });
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 2", ["B1", "A1"]],
      ["Module 1", []],
    ]);
    await expectDistinctPositions(course.id);
  });

  test("a whole new order from drag and drop is applied in one go", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "A1" }, { title: "A2" }], [{ title: "B1" }]]);
    const [a1, a2, b1] = lessons as [BuiltLesson, BuiltLesson, BuiltLesson];
    const order = [
      { id: b1.moduleId, lessonIds: [a2.id, b1.id] },
      { id: a1.moduleId, lessonIds: [a1.id] },
    ];
    expect(await reorderOutline({ actor, courseId: course.id, order })).toEqual({ ok: true });
    expect(await outlineTitles(course.id)).toEqual([
      ["Module 2", ["A2", "B1"]],
      ["Module 1", ["A1"]],
    ]);
    await expectDistinctPositions(course.id);
  });

  test("an order that does not name exactly the current lessons (a stale tab) is refused, and nothing moves", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "A1" }, { title: "A2" }]]);
    const [a1, a2] = lessons as [BuiltLesson, BuiltLesson];
    await addLesson({ actor, courseId: course.id, moduleId: a1.moduleId, title: "A3", kind: "ARTICLE" });
    const stale = [{ id: a1.moduleId, lessonIds: [a2.id, a1.id] }];
    expect(await reorderOutline({ actor, courseId: course.id, order: stale })).toEqual({
      ok: false,
      reason: "outlineChanged",
    });
    const duplicated = [{ id: a1.moduleId, lessonIds: [a1.id, a1.id, a2.id] }];
    expect(await reorderOutline({ actor, courseId: course.id, order: duplicated })).toMatchObject({ ok: false });
    expect(await outlineTitles(course.id)).toEqual([["Module 1", ["A1", "A2", "A3"]]]);
  });

  test("twenty concurrent reorders end in one of the orders asked for, with no two lessons in one place", async () => {
    const { course, lessons, actor } = await taughtCourse([
      [{ title: "A1" }, { title: "A2" }, { title: "A3" }],
      [{ title: "B1" }, { title: "B2" }],
    ]);
    const moduleIds = [...new Set(lessons.map((lesson) => lesson.moduleId))];
    const ids = lessons.map((lesson) => lesson.id);
    const orders = Array.from({ length: 20 }, (_, index) => {
      const shuffled = [...ids].sort(
        (a, b) =>
          ((a.charCodeAt(index % a.length) * (index + 3)) % 7) - ((b.charCodeAt(index % b.length) * (index + 3)) % 7),
      );
      return [
        { id: moduleIds[index % 2]!, lessonIds: shuffled.slice(0, 2) },
        { id: moduleIds[(index + 1) % 2]!, lessonIds: shuffled.slice(2) },
      ];
    });
    const results = await Promise.all(orders.map((order) => reorderOutline({ actor, courseId: course.id, order })));
    expect(results.every((result) => result.ok)).toBe(true);
    await expectDistinctPositions(course.id);
    const { modules } = await getStudioOutline({ courseId: course.id });
    const final = modules.map((module) => ({ id: module.id, lessonIds: module.lessons.map((lesson) => lesson.id) }));
    expect(orders.map((order) => JSON.stringify(order))).toContain(JSON.stringify(final));
  });
});

describe("removing", () => {
  test("a lesson nobody studied is deleted; one a learner opened is archived and kept", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "Opened" }, { title: "Untouched" }]]);
    const [opened, untouched] = lessons as [BuiltLesson, BuiltLesson];
    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    await recordLessonView({ userId: learner.id, lessonId: opened.id });

    expect(await removeLesson({ actor, courseId: course.id, lessonId: untouched.id })).toEqual({ ok: true });
    expect(await removeLesson({ actor, courseId: course.id, lessonId: opened.id })).toEqual({ ok: true });

    expect(await prisma.lesson.findUnique({ where: { id: untouched.id } })).toBeNull();
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ status: "ARCHIVED" });
    expect(await prisma.lessonProgress.count({ where: { lessonId: opened.id } })).toBe(1);
    expect((await getStudioOutline({ courseId: course.id })).archivedLessonCount).toBe(1);
    // The course no longer counts it as required.
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).requiredLessonCount).toBe(0);
  });

  test("a module with a studied lesson is archived with it; an empty one is deleted", async () => {
    const { course, lessons, actor } = await taughtCourse([[{ title: "Studied" }], [{ title: "Fresh" }]]);
    const [studied, fresh] = lessons as [BuiltLesson, BuiltLesson];
    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    await recordLessonView({ userId: learner.id, lessonId: studied.id });

    await removeModule({ actor, courseId: course.id, moduleId: studied.moduleId });
    await removeModule({ actor, courseId: course.id, moduleId: fresh.moduleId });

    expect(await prisma.module.findUniqueOrThrow({ where: { id: studied.moduleId } })).toMatchObject({
      archivedAt: expect.any(Date),
    });
    expect(await prisma.module.findUnique({ where: { id: fresh.moduleId } })).toBeNull();
    expect(await outlineTitles(course.id)).toEqual([]);
    // The learner's resume point still names the archived lesson: nothing they did was lost.
    expect(await prisma.enrollment.count({ where: { lastLessonId: studied.id } })).toBe(1);
  });
});
