// Nudges: one mail per learner in their own language with the placeholders filled, a Nudge row
// pointing at each mail, one audit entry, the wording kept on the cohort, a double submit sending
// once, and a learner outside the list refusing the whole nudge with nothing written.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { getLinkOrigin } from "~/lib/request.server";
import { builtInNudgeMessage, nudgeMessageToPrefill, sendNudges } from "~/models/nudge.server";
import { createCourse, createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createLearner } from "../../tests/factories/enrollment";

const NOW = new Date("2026-03-14T03:00:00.000Z");

const MESSAGE = {
  subjectKo: "{{name}}님, 이번 주 과제를 확인하세요",
  bodyKo: "{{name}}님, 안녕하세요.\n\n여기서 이어서 학습하세요: {{link}}",
  subjectEn: "{{ name }}, check this week's work",
  bodyEn: "Hello {{name}},\n\nPick up here: {{link}}",
};

async function cohortWorld() {
  const program = await createProgram(prisma);
  const course = await createCourse(prisma, { programId: program.id });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: "2026 봄",
      startsOn: new Date("2026-03-01"),
      endsOn: new Date("2026-06-30"),
    },
    select: { id: true },
  });
  const admin = await createUser(prisma, { role: "ADMIN" });
  const korean = await createLearner(prisma, { locale: "ko" });
  const english = await createLearner(prisma, { locale: "en" });
  for (const learner of [korean, english]) {
    await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: learner.id } });
    await prisma.enrollment.create({
      data: { userId: learner.id, courseId: course.id, cohortId: cohort.id, status: "ACTIVE" },
    });
  }
  return { program, course, cohort, admin, korean, english };
}

async function outboxTo(addresses: string[]) {
  return prisma.emailOutbox.findMany({
    where: { toAddress: { in: addresses } },
    orderBy: { toAddress: "asc" },
    select: { id: true, toAddress: true, subject: true, textBody: true },
  });
}

describe("nudging from a cohort's list", () => {
  test("one mail per learner in their language, placeholders filled, a Nudge row each, one audit entry", async () => {
    const world = await cohortWorld();
    const sent = await sendNudges({
      actor: world.admin,
      cohortId: world.cohort.id,
      learnerIds: [world.korean.id, world.english.id],
      ...MESSAGE,
      submissionKey: randomUUID(),
      now: NOW,
    });
    expect(sent).toEqual({ ok: true, count: 2, isRepeat: false });

    const link = `${getLinkOrigin()}/learn`;
    const mails = await outboxTo([world.korean.email, world.english.email]);
    expect(mails).toHaveLength(2);
    const toKorean = mails.find((mail) => mail.toAddress === world.korean.email)!;
    const toEnglish = mails.find((mail) => mail.toAddress === world.english.email)!;
    expect(toKorean).toMatchObject({
      subject: `${world.korean.name}님, 이번 주 과제를 확인하세요`,
      textBody: `${world.korean.name}님, 안녕하세요.\n\n여기서 이어서 학습하세요: ${link}`,
    });
    expect(toEnglish).toMatchObject({
      subject: `${world.english.name}, check this week's work`,
      textBody: `Hello ${world.english.name},\n\nPick up here: ${link}`,
    });

    const nudges = await prisma.nudge.findMany({
      where: { cohortId: world.cohort.id },
      select: { userId: true, courseId: true, sentById: true, subject: true, emailId: true, createdAt: true },
    });
    expect(nudges).toHaveLength(2);
    expect(nudges).toEqual(
      expect.arrayContaining([
        {
          userId: world.korean.id,
          courseId: null,
          sentById: world.admin.id,
          subject: toKorean.subject,
          emailId: toKorean.id,
          createdAt: NOW,
        },
        {
          userId: world.english.id,
          courseId: null,
          sentById: world.admin.id,
          subject: toEnglish.subject,
          emailId: toEnglish.id,
          createdAt: NOW,
        },
      ]),
    );

    const entries = await prisma.auditLog.findMany({
      where: { action: "learner.nudged", entityId: world.cohort.id },
      select: { actorId: true, entityType: true, data: true },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: world.admin.id,
      entityType: "Cohort",
      data: { cohortId: world.cohort.id, count: 2 },
    });
    expect(((entries[0]!.data as { learnerIds: string[] }).learnerIds ?? []).sort()).toEqual(
      [world.korean.id, world.english.id].sort(),
    );
  });

  test("the wording is saved on the cohort and prefills the next nudge; the built-in wording is saved as null", async () => {
    const world = await cohortWorld();
    const builtIn = await builtInNudgeMessage();
    expect(builtIn.bodyKo).toContain("{{link}}");
    expect(builtIn.subjectEn).toContain("{{name}}");
    await sendNudges({
      actor: world.admin,
      cohortId: world.cohort.id,
      learnerIds: [world.korean.id],
      ...builtIn,
      subjectKo: MESSAGE.subjectKo,
      now: NOW,
    });
    const saved = await prisma.cohort.findUniqueOrThrow({
      where: { id: world.cohort.id },
      select: { nudgeSubjectKo: true, nudgeBodyKo: true, nudgeSubjectEn: true, nudgeBodyEn: true },
    });
    expect(saved).toEqual({
      nudgeSubjectKo: MESSAGE.subjectKo,
      nudgeBodyKo: null,
      nudgeSubjectEn: null,
      nudgeBodyEn: null,
    });
    expect(
      await nudgeMessageToPrefill({
        subjectKo: saved.nudgeSubjectKo,
        bodyKo: saved.nudgeBodyKo,
        subjectEn: saved.nudgeSubjectEn,
        bodyEn: saved.nudgeBodyEn,
      }),
    ).toEqual({ ...builtIn, subjectKo: MESSAGE.subjectKo });
    // The built-in mail reads naturally once filled in.
    const [mail] = await outboxTo([world.korean.email]);
    expect(mail!.textBody).toContain(`${world.korean.name}님, 안녕하세요.`);
    expect(mail!.textBody).toContain(`${getLinkOrigin()}/learn`);
  });

  test("a double submit (the same key) sends once and answers with the first's count", async () => {
    const world = await cohortWorld();
    const submissionKey = randomUUID();
    const post = () =>
      sendNudges({
        actor: world.admin,
        cohortId: world.cohort.id,
        learnerIds: [world.korean.id, world.english.id],
        ...MESSAGE,
        submissionKey,
        now: NOW,
      });
    const [first, second] = await Promise.all([post(), post()]);
    const third = await post();
    expect([first, second].filter((result) => result.ok && !result.isRepeat)).toHaveLength(1);
    for (const result of [first, second, third]) expect(result).toMatchObject({ ok: true, count: 2 });
    expect(third).toMatchObject({ isRepeat: true });
    expect(await outboxTo([world.korean.email, world.english.email])).toHaveLength(2);
    expect(await prisma.nudge.count({ where: { cohortId: world.cohort.id } })).toBe(2);
    expect(await prisma.auditLog.count({ where: { action: "learner.nudged", entityId: world.cohort.id } })).toBe(1);
  });

  test("a learner outside the list (left, a mentor, another cohort's) refuses the whole nudge, nothing written", async () => {
    const world = await cohortWorld();
    const left = await createLearner(prisma);
    const mentor = await createLearner(prisma);
    const stranger = await createLearner(prisma);
    await prisma.cohortMember.create({ data: { cohortId: world.cohort.id, userId: left.id, leftAt: NOW } });
    await prisma.cohortMember.create({ data: { cohortId: world.cohort.id, userId: mentor.id, role: "MENTOR" } });
    for (const outsider of [left, mentor, stranger]) {
      const refused = await sendNudges({
        actor: world.admin,
        cohortId: world.cohort.id,
        learnerIds: [world.korean.id, outsider.id],
        ...MESSAGE,
        submissionKey: randomUUID(),
        now: NOW,
      });
      expect(refused).toEqual({ ok: false, reason: "notInList" });
    }
    expect(await outboxTo([world.korean.email, left.email, mentor.email, stranger.email])).toEqual([]);
    expect(await prisma.nudge.count({ where: { cohortId: world.cohort.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: "learner.nudged", entityId: world.cohort.id } })).toBe(0);
    expect(
      await prisma.cohort.findUniqueOrThrow({ where: { id: world.cohort.id }, select: { nudgeSubjectKo: true } }),
    ).toEqual({ nudgeSubjectKo: null });
  });

  test("only admins nudge from a cohort; bad wording and too many learners are refused", async () => {
    const world = await cohortWorld();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: world.course.id, userId: instructor.id });
    const base = { cohortId: world.cohort.id, learnerIds: [world.korean.id], ...MESSAGE, now: NOW };
    expect(await sendNudges({ ...base, actor: instructor })).toEqual({ ok: false, reason: "notAllowed" });
    expect(await sendNudges({ ...base, actor: world.admin, bodyEn: "Hi {{email}}" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(
      await sendNudges({ ...base, actor: world.admin, learnerIds: Array.from({ length: 501 }, () => randomUUID()) }),
    ).toEqual({ ok: false, reason: "tooMany" });
    expect(await sendNudges({ ...base, actor: world.admin, cohortId: randomUUID() })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await prisma.emailOutbox.count({ where: { toAddress: world.korean.email } })).toBe(0);
  });
});

describe("nudging from a course's list", () => {
  test("its instructors nudge its active learners; the wording is not saved anywhere; others are refused", async () => {
    const world = await cohortWorld();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: world.course.id, userId: instructor.id });
    const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const solo = await createLearner(prisma, { locale: "en" });
    await prisma.enrollment.create({ data: { userId: solo.id, courseId: world.course.id, status: "ACTIVE" } });
    const dropped = await createLearner(prisma);
    await prisma.enrollment.create({ data: { userId: dropped.id, courseId: world.course.id, status: "DROPPED" } });
    const base = { courseId: world.course.id, ...MESSAGE, now: NOW };

    expect(await sendNudges({ ...base, actor: otherInstructor, learnerIds: [solo.id] })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await sendNudges({ ...base, actor: instructor, learnerIds: [solo.id, dropped.id] })).toEqual({
      ok: false,
      reason: "notInList",
    });
    expect(await sendNudges({ ...base, actor: instructor, learnerIds: [solo.id, world.korean.id] })).toEqual({
      ok: true,
      count: 2,
      isRepeat: false,
    });
    expect(
      await prisma.nudge.findMany({
        where: { courseId: world.course.id },
        orderBy: { userId: "asc" },
        select: { userId: true, cohortId: true, sentById: true },
      }),
    ).toEqual([solo.id, world.korean.id].sort().map((userId) => ({ userId, cohortId: null, sentById: instructor.id })));
    const [entry] = await prisma.auditLog.findMany({
      where: { action: "learner.nudged", entityId: world.course.id },
      select: { entityType: true, data: true },
    });
    expect(entry).toMatchObject({ entityType: "Course", data: { courseId: world.course.id, count: 2 } });
    expect(
      await prisma.cohort.findUniqueOrThrow({ where: { id: world.cohort.id }, select: { nudgeSubjectKo: true } }),
    ).toEqual({ nudgeSubjectKo: null });
    const [mail] = await outboxTo([solo.email]);
    expect(mail!.subject).toBe(`${solo.name}, check this week's work`);
  });
});
