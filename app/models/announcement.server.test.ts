import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { listAnnouncementsForLearner, listCourseAnnouncements, postAnnouncement } from "~/models/announcement.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWith, createEnrollmentIn, createLearner } from "../../tests/factories/enrollment";

const NOW = new Date("2026-09-01T01:00:00.000Z");

describe("announcements", () => {
  test("reach the course page, My learning and each learner's mail in their language; not the waitlist", async () => {
    const course = await createCourseWith(prisma, { title: "컴퓨터 비전" });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const korean = await createLearner(prisma, { locale: "ko" });
    const english = await createLearner(prisma, { locale: "en" });
    const waiting = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: korean.id, courseId: course.id, status: "ACTIVE" });
    await createEnrollmentIn(prisma, { userId: english.id, courseId: course.id, status: "COMPLETED" });
    await createEnrollmentIn(prisma, { userId: waiting.id, courseId: course.id, status: "WAITLISTED" });

    const posted = await postAnnouncement({
      actor: instructor,
      courseId: course.id,
      title: "휴강 안내",
      bodyMarkdown: "다음 주 수업은 **휴강**입니다. <script>alert(1)</script>",
      now: NOW,
    });

    expect(posted).toMatchObject({ ok: true, mailedCount: 2 });
    const [shown] = await listCourseAnnouncements({ courseId: course.id });
    expect(shown).toMatchObject({ title: "휴강 안내", publishedAt: NOW, author: { name: instructor.name } });
    expect(shown?.bodyHtml).toContain("<strong>휴강</strong>");
    expect(shown?.bodyHtml).not.toContain("<script");
    expect(await listAnnouncementsForLearner({ userId: english.id })).toEqual([
      expect.objectContaining({ title: "휴강 안내", course: expect.objectContaining({ slug: course.slug }) }),
    ]);
    expect(await listAnnouncementsForLearner({ userId: waiting.id })).toEqual([]);

    const mailTo = (email: string) => prisma.emailOutbox.findMany({ where: { toAddress: email } });
    const [koreanMail] = await mailTo(korean.email);
    const [englishMail] = await mailTo(english.email);
    expect(koreanMail?.subject).toContain("컴퓨터 비전");
    expect(koreanMail?.textBody).toContain(`${korean.name} 님, 안녕하세요.`);
    expect(englishMail?.textBody).toContain(`Hello ${english.name},`);
    expect(englishMail?.textBody).toContain(`/courses/${course.slug}`);
    for (const mail of [koreanMail, englishMail]) expect(mail?.textBody).not.toMatch(/{{|}}/);
    expect(await mailTo(waiting.email)).toEqual([]);
  });

  test("an instructor of another course, or a learner, posts nothing and mails nobody", async () => {
    const course = await createCourseWith(prisma);
    const learner = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: course.id, status: "ACTIVE" });
    const outsider = await createUser(prisma, { role: "INSTRUCTOR" });

    for (const actor of [outsider, learner]) {
      expect(await postAnnouncement({ actor, courseId: course.id, title: "Hi", bodyMarkdown: "Hi" })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    expect(await listCourseAnnouncements({ courseId: course.id })).toEqual([]);
    expect(await prisma.emailOutbox.count({ where: { toAddress: learner.email } })).toBe(0);
  });
});
