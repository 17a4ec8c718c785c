import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { postAnnouncement } from "~/models/announcement.server";
import { addModule } from "~/models/outline.server";
import { newSubmissionKey } from "~/models/form-submission.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWith, createEnrollmentIn, createLearner } from "../../tests/factories/enrollment";

async function taughtCourse() {
  const course = await createCourseWith(prisma);
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  return { course, instructor };
}

describe("a form posted twice with the same key", () => {
  test("a double click on Post announcement posts it and mails each learner once", async () => {
    const { course, instructor } = await taughtCourse();
    const learner = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: course.id, status: "ACTIVE" });
    const post = { actor: instructor, courseId: course.id, title: "Room change", bodyMarkdown: "Room 301." };
    const submissionKey = newSubmissionKey();

    // The two posts of a double click race each other.
    const [first, second] = await Promise.all([
      postAnnouncement({ ...post, submissionKey }),
      postAnnouncement({ ...post, submissionKey }),
    ]);

    expect(first).toEqual(second);
    expect(first).toMatchObject({ ok: true, mailedCount: 1 });
    expect(await prisma.announcement.count({ where: { courseId: course.id } })).toBe(1);
    expect(await prisma.emailOutbox.count({ where: { toAddress: learner.email } })).toBe(1);
    // The next announcement, from a freshly loaded form, is posted.
    await postAnnouncement({ ...post, submissionKey: newSubmissionKey() });
    expect(await prisma.announcement.count({ where: { courseId: course.id } })).toBe(2);
  });

  test("adds one module; another person's key, or none, does not stand in the way", async () => {
    const { course, instructor } = await taughtCourse();
    const colleague = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: colleague.id });
    const submissionKey = newSubmissionKey();

    const first = await addModule({ actor: instructor, courseId: course.id, title: "Week 1", submissionKey });
    const again = await addModule({ actor: instructor, courseId: course.id, title: "Week 1", submissionKey });
    expect(again).toEqual(first);
    expect(await prisma.module.count({ where: { courseId: course.id } })).toBe(1);

    await addModule({ actor: colleague, courseId: course.id, title: "Week 2", submissionKey });
    await addModule({ actor: instructor, courseId: course.id, title: "Week 3" });
    await addModule({ actor: instructor, courseId: course.id, title: "Week 3" });
    expect(await prisma.module.count({ where: { courseId: course.id } })).toBe(4);
  });
});
