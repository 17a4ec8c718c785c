import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  findCertificateByCode,
  getDegreeCertificateStatus,
  issueDegreeCertificate,
  issueMissingCertificates,
  listCertificatesForLearner,
  revokeCertificate,
} from "~/models/certificate.server";
import { addCourseInstructor } from "../../tests/factories/auth";
import { markLessonComplete, markLessonIncomplete } from "~/models/progress.server";
import { createProgram, createUser } from "../../tests/factories";
import {
  createCohortWithCourses,
  createCourseWithLessons,
  enrollLearnerDirectly,
} from "../../tests/factories/progress";

const NOW = new Date("2026-03-02T01:00:00.000Z");

/** A learner enrolled in a course of two required articles. */
async function learnerInTwoLessonCourse() {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ kind: "ARTICLE" }, { kind: "ARTICLE" }]],
    title: "Certified course",
  });
  const learner = await createUser(prisma, { name: "김수료" });
  const enrollment = await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  return { course, lessons, learner, enrollment };
}

describe("certificates", () => {
  test("completing the course issues one certificate, in the completion's own write", async () => {
    const { lessons, learner, enrollment } = await learnerInTwoLessonCourse();
    await markLessonComplete({ userId: learner.id, lessonId: lessons[0]!.id, now: NOW });
    expect(await prisma.certificate.count({ where: { enrollmentId: enrollment.id } })).toBe(0);

    await markLessonComplete({ userId: learner.id, lessonId: lessons[1]!.id, now: NOW });
    const [certificate] = await prisma.certificate.findMany({ where: { enrollmentId: enrollment.id } });
    expect(certificate).toMatchObject({ userId: learner.id, issuedAt: NOW, revokedAt: null });
    expect(certificate!.verificationCode).toMatch(/^[a-z2-7]{32}$/);
  });

  test("a double submit, a completion taken back and given again, and a catch-up issue no second one", async () => {
    const { lessons, learner, enrollment } = await learnerInTwoLessonCourse();
    await markLessonComplete({ userId: learner.id, lessonId: lessons[0]!.id, now: NOW });
    await Promise.all([
      markLessonComplete({ userId: learner.id, lessonId: lessons[1]!.id, now: NOW }),
      markLessonComplete({ userId: learner.id, lessonId: lessons[1]!.id, now: NOW }),
    ]);
    const first = await prisma.certificate.findUniqueOrThrow({ where: { enrollmentId: enrollment.id } });

    await markLessonIncomplete({ userId: learner.id, lessonId: lessons[1]!.id, now: NOW });
    await markLessonComplete({ userId: learner.id, lessonId: lessons[1]!.id, now: new Date(NOW.getTime() + 60_000) });
    await issueMissingCertificates();

    const all = await prisma.certificate.findMany({ where: { enrollmentId: enrollment.id } });
    expect(all.map((certificate) => certificate.verificationCode)).toEqual([first.verificationCode]);
  });

  test("enrollments completed without one get theirs, dated when they were completed", async () => {
    const { course, learner } = await learnerInTwoLessonCourse();
    const completedAt = new Date("2026-02-01T03:00:00.000Z");
    const other = await createUser(prisma);
    const completed = await prisma.enrollment.create({
      data: { userId: other.id, courseId: course.id, status: "COMPLETED", completedAt },
    });
    expect(await issueMissingCertificates()).toBeGreaterThanOrEqual(1);
    expect(await prisma.certificate.findUnique({ where: { enrollmentId: completed.id } })).toMatchObject({
      issuedAt: completedAt,
    });
    // The active learner has none.
    expect(await prisma.certificate.count({ where: { userId: learner.id } })).toBe(0);
  });

  test("the public record: found by its code only, with its revocation; the learner's own list", async () => {
    const { lessons, learner, enrollment } = await learnerInTwoLessonCourse();
    for (const lesson of lessons) await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    const { verificationCode } = await prisma.certificate.findUniqueOrThrow({ where: { enrollmentId: enrollment.id } });

    expect(await findCertificateByCode({ code: verificationCode })).toMatchObject({
      kind: "COURSE",
      learner: { name: "김수료" },
      achievement: { nameKo: "Certified course", nameEn: "Certified course" },
      revokedAt: null,
    });
    expect(await findCertificateByCode({ code: "not-a-code" })).toBeNull();
    expect(await findCertificateByCode({ code: "a".repeat(32) })).toBeNull();

    const revokedAt = new Date("2026-04-01T00:00:00.000Z");
    await prisma.certificate.update({
      where: { verificationCode },
      data: { revokedAt, revokedReason: "부정행위 확인" },
    });
    expect(await findCertificateByCode({ code: verificationCode })).toMatchObject({
      revokedAt,
      revokedReason: "부정행위 확인",
    });
    expect(await listCertificatesForLearner({ userId: learner.id })).toEqual([
      expect.objectContaining({
        verificationCode,
        revokedAt,
        kind: "COURSE",
        achievement: expect.objectContaining({ code: expect.any(String), nameKo: "Certified course" }),
      }),
    ]);
  });

  test("revoking: the course's instructors and admins only, with a reason, once, audited", async () => {
    const { course, lessons, learner, enrollment } = await learnerInTwoLessonCourse();
    for (const lesson of lessons) await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    const { verificationCode: code, id } = await prisma.certificate.findUniqueOrThrow({
      where: { enrollmentId: enrollment.id },
    });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const admin = await createUser(prisma, { role: "ADMIN" });

    expect(await revokeCertificate({ actor: learner, code, reason: "mine" })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await revokeCertificate({ actor: otherInstructor, code, reason: "not mine" })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await revokeCertificate({ actor: admin, code: "z".repeat(32), reason: "x" })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedAt: null });

    const at = new Date("2026-04-01T00:00:00.000Z");
    const [first, second] = await Promise.all([
      revokeCertificate({ actor: { ...instructor, ipAddress: "203.0.113.9" }, code, reason: "표절 확인", now: at }),
      revokeCertificate({ actor: admin, code, reason: "다른 사유", now: at }),
    ]);
    expect([first, second].filter((result) => result.ok)).toHaveLength(1);
    expect([first, second].filter((result) => !result.ok)).toEqual([{ ok: false, reason: "alreadyRevoked" }]);
    const audits = await prisma.auditLog.findMany({ where: { action: "certificate.revoked", entityId: id } });
    expect(audits).toHaveLength(1);
    const revoked = await prisma.certificate.findUniqueOrThrow({ where: { id } });
    expect(revoked.revokedAt).toEqual(at);
    expect(audits[0]!.data).toMatchObject({ code, reason: revoked.revokedReason });
  });

  test("completing every course assigned to a cohort issues its program certificate, once", async () => {
    const first = await learnerInTwoLessonCourse();
    const second = await createCourseWithLessons(prisma, { modules: [[{ kind: "ARTICLE" }]] });
    await enrollLearnerDirectly(prisma, { userId: first.learner.id, courseId: second.course.id });
    const program = await createProgram(prisma, { kind: "ACADEMY" });
    const cohort = await createCohortWithCourses(prisma, {
      programId: program.id,
      userId: first.learner.id,
      courses: [
        { courseId: first.course.id, dueOn: null },
        { courseId: second.course.id, dueOn: null },
      ],
    });
    // A member who left gets none, even with the courses done.
    const leaver = await createUser(prisma);
    await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: leaver.id, leftAt: NOW } });
    for (const course of [first.course, second.course]) {
      await prisma.enrollment.create({
        data: { userId: leaver.id, courseId: course.id, status: "COMPLETED", completedAt: NOW },
      });
    }

    for (const lesson of first.lessons) {
      await markLessonComplete({ userId: first.learner.id, lessonId: lesson.id, now: NOW });
    }
    // One course of two: the course certificate only.
    expect(await prisma.certificate.count({ where: { cohortId: cohort.id } })).toBe(0);

    const later = new Date(NOW.getTime() + 3_600_000);
    await Promise.all([
      markLessonComplete({ userId: first.learner.id, lessonId: second.lessons[0]!.id, now: later }),
      markLessonComplete({ userId: first.learner.id, lessonId: second.lessons[0]!.id, now: later }),
    ]);
    await issueMissingCertificates();
    const programCertificates = await prisma.certificate.findMany({ where: { cohortId: cohort.id } });
    expect(programCertificates).toEqual([
      expect.objectContaining({ kind: "COHORT", userId: first.learner.id, issuedAt: later, courseId: null }),
    ]);
    const view = await findCertificateByCode({ code: programCertificates[0]!.verificationCode });
    expect(view).toMatchObject({
      kind: "COHORT",
      achievement: { nameKo: cohort.name, code: null },
      program: { nameKo: expect.any(String) },
      instructorIds: [],
    });
  });

  test("a degree track's certificate: issued by an admin once the credits are earned, once, audited", async () => {
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const track = await prisma.degreeTrack.create({
      data: {
        programId: program.id,
        slug: `track-${crypto.randomUUID()}`,
        nameKo: "인공지능학 석사",
        nameEn: "M.S. in Artificial Intelligence",
        descriptionKo: "",
        descriptionEn: "",
        requiredCredits: 6,
      },
    });
    const student = await createUser(prisma, { name: "정대학" });
    await prisma.user.update({ where: { id: student.id }, data: { degreeTrackId: track.id } });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const withoutTrack = await createUser(prisma);

    /** A 3-credit course with a confirmed letter for the student. */
    async function graded(letter: string) {
      const { course } = await createCourseWithLessons(prisma, { modules: [[{ kind: "ARTICLE" }]] });
      await prisma.course.update({ where: { id: course.id }, data: { credits: 3 } });
      const enrollment = await enrollLearnerDirectly(prisma, { userId: student.id, courseId: course.id });
      await prisma.finalGrade.create({
        data: {
          courseId: course.id,
          userId: student.id,
          enrollmentId: enrollment.id,
          letter,
          gradePoint: letter === "F" ? 0 : 4,
          scorePercent: 90,
          confirmedAt: NOW,
          confirmedById: admin.id,
        },
      });
    }
    await graded("A0");
    await graded("F");
    expect(await getDegreeCertificateStatus({ userId: student.id })).toMatchObject({
      creditsEarned: 3,
      certificateCode: null,
    });
    expect(await issueDegreeCertificate({ actor: admin, userId: student.id })).toEqual({
      ok: false,
      reason: "creditsShort",
    });
    await graded("B+");
    expect(await issueDegreeCertificate({ actor: instructor, userId: student.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await issueDegreeCertificate({ actor: admin, userId: withoutTrack.id })).toEqual({
      ok: false,
      reason: "noDegreeTrack",
    });

    const results = await Promise.all([
      issueDegreeCertificate({ actor: { ...admin, ipAddress: "203.0.113.5" }, userId: student.id, now: NOW }),
      issueDegreeCertificate({ actor: admin, userId: student.id, now: NOW }),
    ]);
    const issued = results.filter((result) => result.ok);
    expect(issued).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "alreadyIssued" }]);
    const code = (issued[0] as { code: string }).code;
    expect(await findCertificateByCode({ code })).toMatchObject({
      kind: "DEGREE_TRACK",
      learner: { name: "정대학" },
      achievement: { nameKo: "인공지능학 석사", nameEn: "M.S. in Artificial Intelligence" },
      issuedAt: NOW,
    });
    expect(await getDegreeCertificateStatus({ userId: student.id })).toMatchObject({
      creditsEarned: 6,
      certificateCode: code,
    });
    expect(
      await prisma.auditLog.count({ where: { action: "certificate.issued", data: { path: ["code"], equals: code } } }),
    ).toBe(1);
  });

  test("a certificate, or a learner's list of every kind, is read in one statement", async () => {
    const { lessons, learner } = await learnerInTwoLessonCourse();
    for (const lesson of lessons) await markLessonComplete({ userId: learner.id, lessonId: lesson.id, now: NOW });
    const { verificationCode: code } = await prisma.certificate.findFirstOrThrow({ where: { userId: learner.id } });
    await findCertificateByCode({ code }); // warm-up: a connection's first use sends its own statements
    const spy = vi.spyOn(pg.Client.prototype, "query");
    try {
      await findCertificateByCode({ code });
      expect(spy.mock.calls).toHaveLength(1);
      spy.mockClear();
      await listCertificatesForLearner({ userId: learner.id });
      expect(spy.mock.calls).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});
