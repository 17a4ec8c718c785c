import { expect, test } from "vitest";
import type { SessionUser } from "~/auth/session.server";
import { prisma } from "~/lib/db.server";
import { storeFile } from "~/lib/storage.server";
import { getLessonForViewer } from "~/models/lesson.server";
import { loader as downloadAttachment } from "~/routes/courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId";
import { createUser } from "../../tests/factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

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
    `attachment; filename*=UTF-8''${encodeURIComponent("1주차 슬라이드.pdf")}`,
  );
  expect(await response.text()).toBe("week 1 slides");
});
