import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { getLessonForEditing, saveLesson, type LessonInput } from "~/models/lesson-authoring.server";
import { markLessonComplete } from "~/models/progress.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

function inputFor(overrides: Partial<LessonInput> = {}): LessonInput {
  return {
    title: "Gradients",
    markdown: "Edited notes.",
    status: "PUBLISHED",
    isRequired: true,
    durationMinutes: 15,
    releaseAt: null,
    videoUrl: null,
    transcript: null,
    ...overrides,
  };
}

async function courseWithInstructor(modules: Parameters<typeof createCourseWithLessons>[1]["modules"]) {
  const built = await createCourseWithLessons(prisma, { modules });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: built.course.id, userId: instructor.id, role: "CO_INSTRUCTOR" });
  return { ...built, instructor };
}

describe("saving a lesson", () => {
  test("renders the Markdown as learners will see it, with scripts and event handlers gone", async () => {
    const { course, lessons, instructor } = await courseWithInstructor([[{}]]);
    const markdown = [
      "## Chain rule",
      "",
      "$\\frac{dy}{dx}$",
      "",
      "<script>alert(1)</script>",
      '<img src="x" onerror="alert(2)">',
      "[click](javascript:alert(3))",
    ].join("\n");

    const saved = await saveLesson({
      actor: instructor,
      courseId: course.id,
      lessonId: lessons[0]!.id,
      version: 1,
      input: inputFor({ markdown }),
    });

    expect(saved).toEqual({ ok: true, version: 2 });
    const { html } = await prisma.lesson.findUniqueOrThrow({ where: { id: lessons[0]!.id } });
    expect(html).toContain("katex");
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  test("a save from a stale editor is refused with the lesson as it now is, and overwrites nothing", async () => {
    const { course, lessons, instructor } = await courseWithInstructor([[{}]]);
    const colleague = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: colleague.id, role: "LEAD" });
    const lessonId = lessons[0]!.id;

    await saveLesson({
      actor: colleague,
      courseId: course.id,
      lessonId,
      version: 1,
      input: inputFor({ markdown: "Theirs." }),
    });
    const mine = await saveLesson({
      actor: instructor,
      courseId: course.id,
      lessonId,
      version: 1,
      input: inputFor({ markdown: "Mine." }),
    });

    expect(mine).toMatchObject({ ok: false, reason: "staleVersion", current: { markdown: "Theirs.", version: 2 } });
    expect((await getLessonForEditing({ courseId: course.id, lessonId }))?.markdown).toBe("Theirs.");
  });

  test("unpublishing a required lesson recounts everyone's progress in the course", async () => {
    const { course, lessons, instructor } = await courseWithInstructor([[{}, {}]]);
    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    await markLessonComplete({ userId: learner.id, lessonId: lessons[0]!.id });
    const enrollmentOf = () =>
      prisma.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: learner.id, courseId: course.id } } });
    expect(await enrollmentOf()).toMatchObject({ progressPercent: 50, status: "ACTIVE" });

    await saveLesson({
      actor: instructor,
      courseId: course.id,
      lessonId: lessons[1]!.id,
      version: 1,
      input: inputFor({ status: "DRAFT" }),
    });

    // The only required lesson left is done: the learner has completed the course.
    expect(await enrollmentOf()).toMatchObject({ progressPercent: 100, status: "COMPLETED" });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).requiredLessonCount).toBe(1);
  });

  test("refuses an outsider, another course's lesson and a video address it cannot play", async () => {
    const { course, lessons, instructor } = await courseWithInstructor([[{ kind: "VIDEO" }]]);
    const other = await createCourseWithLessons(prisma, { modules: [[{}]] });
    const outsider = await createUser(prisma, { role: "INSTRUCTOR" });
    const lessonId = lessons[0]!.id;

    expect(await saveLesson({ actor: outsider, courseId: course.id, lessonId, version: 1, input: inputFor() })).toEqual(
      {
        ok: false,
        reason: "notAllowed",
      },
    );
    expect(
      await saveLesson({
        actor: instructor,
        courseId: course.id,
        lessonId: other.lessons[0]!.id,
        version: 1,
        input: inputFor(),
      }),
    ).toEqual({ ok: false, reason: "notFound" });
    expect(
      await saveLesson({
        actor: instructor,
        courseId: course.id,
        lessonId,
        version: 1,
        input: inputFor({ videoUrl: "https://example.com/clip" }),
      }),
    ).toEqual({ ok: false, reason: "videoUrlUnsupported" });
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lessonId } })).version).toBe(1);
  });
});
