import { expect, test } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { prisma } from "~/lib/db.server";
import { storeFile } from "~/lib/storage.server";
import { getCourseSyllabus } from "~/models/course.server";
import { getLessonForViewer, isLessonVisibleToLearners, visibleLessonSql } from "~/models/lesson.server";
import { getCourseOutlineForLearner, getMyLearning } from "~/models/progress.server";
import { getEnrollmentState } from "~/models/enrollment.server";
import { loader as downloadAttachment } from "~/routes/courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId";
import { createUser } from "../../tests/factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly, type BuiltLesson } from "../../tests/factories/progress";

function viewerOf(user: { id: string; email: string; name: string; role: SessionUser["role"] }): SessionUser {
  return { ...user, locale: "ko", hasTwoFactor: false };
}

async function courseWithLessons() {
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ title: "Open" }, { title: "Draft", isPublished: false }, { title: "Tomorrow", releaseAt: tomorrow }]],
  });
  const [open, draft, unreleased] = lessons;
  if (!open || !draft || !unreleased) throw new Error("expected three lessons");
  return { course, open, draft, unreleased };
}

test("an enrolled learner sees published, released lessons only", async () => {
  const { course, open, draft, unreleased } = await courseWithLessons();
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const viewer = viewerOf(learner);
  const view = (lessonSlug: string) => getLessonForViewer({ viewer, courseSlug: course.slug, lessonSlug });

  expect(await view(open.slug)).toMatchObject({ ok: true, isPreview: false });
  expect(await view(draft.slug)).toEqual({ ok: false, reason: "notFound" });
  expect(await view(unreleased.slug)).toEqual({ ok: false, reason: "notFound" });
  expect(await view("no-such-lesson")).toEqual({ ok: false, reason: "notFound" });
});

test("a learner who is not enrolled, or has dropped, is told to enroll", async () => {
  const { course, open } = await courseWithLessons();
  const learner = await createUser(prisma);
  expect(
    await getLessonForViewer({ viewer: viewerOf(learner), courseSlug: course.slug, lessonSlug: open.slug }),
  ).toMatchObject({
    ok: false,
    reason: "notEnrolled",
  });
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id, status: "DROPPED" });
  expect(
    await getLessonForViewer({ viewer: viewerOf(learner), courseSlug: course.slug, lessonSlug: open.slug }),
  ).toMatchObject({
    ok: false,
    reason: "notEnrolled",
  });
});

test("the course's instructor previews every lesson, drafts included", async () => {
  const { course, draft, unreleased } = await courseWithLessons();
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  for (const lessonSlug of [draft.slug, unreleased.slug]) {
    expect(
      await getLessonForViewer({ viewer: viewerOf(instructor), courseSlug: course.slug, lessonSlug }),
    ).toMatchObject({
      ok: true,
      isPreview: true,
    });
  }
});

test("an enrolled learner downloads an attachment with its name and bytes", async () => {
  const { course, open } = await courseWithLessons();
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const bytes = new TextEncoder().encode("week 1 slides");
  const attachment = await prisma.lessonAttachment.create({
    data: {
      lessonId: open.id,
      fileName: "1주차 슬라이드.pdf",
      contentType: "application/pdf",
      byteSize: bytes.length,
      storageKey: await storeFile(bytes),
    },
  });
  const { token } = await createUserSession(prisma, { userId: learner.id, isTwoFactorVerified: true });
  const path = `/courses/${course.slug}/lessons/${open.slug}/attachments/${attachment.id}`;

  const response = await downloadAttachment({
    request: await buildRequest({ path, token }),
    params: { slug: course.slug, lessonSlug: open.slug, attachmentId: attachment.id },
    context: { requestId: "test", clientIp: "192.0.2.1" },
  });

  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  expect(response.headers.get("Content-Disposition")).toBe(
    `attachment; filename="1_ _.pdf"; filename*=UTF-8''${encodeURIComponent("1주차 슬라이드.pdf")}`,
  );
  expect(await response.text()).toBe("week 1 slides");
});

test("the visibility rule says the same in SQL as in the predicate, for every status and release date", async () => {
  const now = new Date("2026-03-02T09:00:00.000Z");
  const releaseDates = [null, new Date("2026-03-01T00:00:00.000Z"), now, new Date("2026-03-03T00:00:00.000Z")];
  const cases = (["DRAFT", "PUBLISHED", "ARCHIVED"] as const).flatMap((status) =>
    releaseDates.map((releaseAt) => ({ status, releaseAt })),
  );
  for (const lesson of cases) {
    const [row] = await prisma.$queryRaw<{ isVisible: boolean }[]>`
      SELECT ${visibleLessonSql(now)} AS "isVisible"
      FROM (SELECT ${lesson.status}::"LessonStatus" AS "status", ${lesson.releaseAt}::timestamp(3) AS "releaseAt") l`;
    expect(row?.isVisible, JSON.stringify(lesson)).toBe(isLessonVisibleToLearners(lesson, now));
  }
});

test("syllabus, outline, Continue and Resume all follow positions, not the order rows were made in", async () => {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [
      [{}, {}],
      [{}, {}],
    ],
  });
  const [a1, a2, b1, b2] = lessons as [BuiltLesson, BuiltLesson, BuiltLesson, BuiltLesson];
  // The second module first, and its lessons the other way round: the positions constraint is
  // checked at commit, so swaps pass through a collision inside one transaction.
  await prisma.$transaction([
    prisma.module.update({ where: { id: a1.moduleId }, data: { position: 2 } }),
    prisma.module.update({ where: { id: b1.moduleId }, data: { position: 1 } }),
    prisma.lesson.update({ where: { id: b1.id }, data: { position: 2 } }),
    prisma.lesson.update({ where: { id: b2.id }, data: { position: 1 } }),
  ]);
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const expected = [b2.slug, b1.slug, a1.slug, a2.slug];

  const syllabus = await getCourseSyllabus({ slug: course.slug });
  const outline = await getCourseOutlineForLearner({ userId: learner.id, courseId: course.id });
  const slugsOf = (modules: { lessons: { slug: string }[] }[] | undefined) =>
    (modules ?? []).flatMap((courseModule) => courseModule.lessons.map((lesson) => lesson.slug));
  expect(slugsOf(syllabus?.modules)).toEqual(expected);
  expect(slugsOf(outline?.modules)).toEqual(expected);
  expect(await resumeLessonSlugOf({ userId: learner.id, courseId: course.id })).toBe(b2.slug);
  const { inProgress } = await getMyLearning({ userId: learner.id });
  expect(inProgress.find((item) => item.course.id === course.id)?.resumeLessonSlug).toBe(b2.slug);
});

test("two modules of a course, or two lessons of a module, can never share a position", async () => {
  const { lessons } = await createCourseWithLessons(prisma, { modules: [[{}, {}], [{}]] });
  const [a1, a2, b1] = lessons as [BuiltLesson, BuiltLesson, BuiltLesson];
  await expect(prisma.lesson.update({ where: { id: a2.id }, data: { position: 1 } })).rejects.toThrow();
  await expect(prisma.module.update({ where: { id: b1.moduleId }, data: { position: 1 } })).rejects.toThrow();
  const positions = await prisma.lesson.findMany({ where: { id: { in: [a1.id, a2.id] } }, select: { position: true } });
  expect(positions.map((lesson) => lesson.position).sort()).toEqual([1, 2]);
});

/** Where the course page's Continue takes an enrolled learner. */
async function resumeLessonSlugOf({ userId, courseId }: { userId: string; courseId: string }) {
  const state = await getEnrollmentState({ userId, courseId });
  return state?.kind === "continue" || state?.kind === "completed" ? state.resumeLessonSlug : undefined;
}
