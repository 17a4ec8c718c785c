import pg from "pg";
import { afterEach, describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { markLessonComplete } from "~/models/progress.server";
import {
  decideEnrollmentRequest,
  dropEnrollment,
  enrollInCourse,
  enrollmentMailText,
  getEnrollmentState,
  listPendingRequests,
  promoteWaitlistedLearners,
  removeLearner,
} from "~/models/enrollment.server";
import { createModuleWithLessons, createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import {
  addCohortMember,
  createCohortFor,
  createCourseWith,
  createEnrollmentIn,
  createLearner,
  createLearners,
} from "../../tests/factories/enrollment";

const NOW = new Date("2026-03-02T09:00:00.000Z");
const HOUR = 60 * 60 * 1000;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The rollup must always equal the number of ACTIVE rows. */
async function expectActiveCountInSync(courseId: string) {
  const [course, activeCount] = await Promise.all([
    prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { seatsTakenCount: true } }),
    prisma.enrollment.count({ where: { courseId, status: "ACTIVE" } }),
  ]);
  expect(course.seatsTakenCount).toBe(activeCount);
  return activeCount;
}

async function eventsOf(enrollmentId: string) {
  return prisma.enrollmentEvent.findMany({
    where: { enrollmentId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { fromStatus: true, toStatus: true, actorId: true, reason: true },
  });
}

async function mailTo(email: string) {
  return prisma.emailOutbox.findMany({ where: { toAddress: email }, select: { subject: true, textBody: true } });
}

async function enrollmentOf(userId: string, courseId: string) {
  return prisma.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } });
}

describe("enrollInCourse", () => {
  test("an OPEN course with a free seat makes the learner ACTIVE, writes one event and counts the seat", async () => {
    const course = await createCourseWith(prisma, { capacity: 5 });
    const learner = await createLearner(prisma);

    const result = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });

    expect(result).toEqual({ ok: true, status: "ACTIVE", enrollmentId: expect.any(String) });
    const enrollment = await enrollmentOf(learner.id, course.id);
    expect(enrollment).toMatchObject({ status: "ACTIVE", requestedAt: NOW, activatedAt: NOW, cohortId: null });
    expect(await eventsOf(enrollment.id)).toEqual([
      { fromStatus: null, toStatus: "ACTIVE", actorId: learner.id, reason: "enroll" },
    ]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("refuses a draft or archived course and an unknown one, writing nothing", async () => {
    const learner = await createLearner(prisma);
    for (const status of ["DRAFT", "ARCHIVED"] as const) {
      const course = await createCourseWith(prisma, { status });
      expect(await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW })).toEqual({
        ok: false,
        reason: "notPublished",
      });
    }
    expect(
      await enrollInCourse({ userId: learner.id, courseId: "00000000-0000-7000-8000-000000000000", now: NOW }),
    ).toEqual({ ok: false, reason: "courseNotFound" });
    expect(await prisma.enrollment.count({ where: { userId: learner.id } })).toBe(0);
  });

  test("enrolls only inside the window: from opensAt, until just before closesAt", async () => {
    const course = await createCourseWith(prisma, { opensAt: NOW, closesAt: new Date(NOW.getTime() + HOUR) });
    const early = await createLearner(prisma);
    const onTime = await createLearner(prisma);
    const late = await createLearner(prisma);

    expect(await enrollInCourse({ userId: early.id, courseId: course.id, now: new Date(NOW.getTime() - 1) })).toEqual({
      ok: false,
      reason: "notOpenYet",
    });
    expect(await enrollInCourse({ userId: onTime.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      status: "ACTIVE",
    });
    expect(await enrollInCourse({ userId: late.id, courseId: course.id, now: new Date(NOW.getTime() + HOUR) })).toEqual(
      { ok: false, reason: "closed" },
    );
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
  });

  test("refuses while a prerequisite is not completed, naming only the missing ones", async () => {
    const program = await createCourseWith(prisma).then((course) => course.programId);
    const basics = await createCourseWith(prisma, { programId: program, code: "AI101" });
    const math = await createCourseWith(prisma, { programId: program, code: "AI102" });
    const course = await createCourseWith(prisma, { programId: program, prerequisiteIds: [basics.id, math.id] });
    const learner = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: basics.id, status: "COMPLETED" });
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: math.id, status: "ACTIVE" });

    expect(await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW })).toEqual({
      ok: false,
      reason: "prerequisiteMissing",
      missingPrerequisites: [{ id: math.id, code: "AI102", title: math.title, slug: math.slug }],
    });
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("accepts prerequisites completed in this offering or in another term's offering of the same course", async () => {
    const program = await createCourseWith(prisma).then((course) => course.programId);
    const fall = await createCourseWith(prisma, { programId: program, code: "AI501" });
    const spring = await createCourseWith(prisma, { programId: program, code: "AI501" });
    const elsewhere = await createCourseWith(prisma, { code: "AI502" });
    const otherProgram = await createCourseWith(prisma, { code: "AI502" });
    const course = await createCourseWith(prisma, { programId: program, prerequisiteIds: [fall.id] });
    const strict = await createCourseWith(prisma, { prerequisiteIds: [elsewhere.id] });
    const learner = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: spring.id, status: "COMPLETED" });
    await createEnrollmentIn(prisma, { userId: learner.id, courseId: otherProgram.id, status: "COMPLETED" });

    expect(await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      status: "ACTIVE",
    });
    // The same code in another program is another course.
    expect(await enrollInCourse({ userId: learner.id, courseId: strict.id, now: NOW })).toMatchObject({
      ok: false,
      reason: "prerequisiteMissing",
    });
  });

  test("COHORT_ONLY enrolls an active member of an assigned cohort (storing the cohort), not others", async () => {
    const course = await createCourseWith(prisma, { policy: "COHORT_ONLY", capacity: 30 });
    const cohort = await createCohortFor(prisma, { courseId: course.id });
    const unassignedCohort = await prisma.cohort.create({
      data: {
        programId: course.programId,
        slug: `cohort-other-${course.id}`,
        name: "Other cohort",
        startsOn: new Date("2026-03-02"),
        endsOn: new Date("2026-08-28"),
      },
    });
    const member = await createLearner(prisma);
    const formerMember = await createLearner(prisma);
    const memberElsewhere = await createLearner(prisma);
    const outsider = await createLearner(prisma);
    await addCohortMember(prisma, { cohortId: cohort.id, userId: member.id });
    await addCohortMember(prisma, { cohortId: cohort.id, userId: formerMember.id, leftAt: NOW });
    await addCohortMember(prisma, { cohortId: unassignedCohort.id, userId: memberElsewhere.id });

    for (const learner of [formerMember, memberElsewhere, outsider]) {
      expect(await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW })).toEqual({
        ok: false,
        reason: "cohortOnly",
      });
    }
    expect(await enrollInCourse({ userId: member.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      status: "ACTIVE",
    });
    expect(await enrollmentOf(member.id, course.id)).toMatchObject({ cohortId: cohort.id });
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
    await expectActiveCountInSync(course.id);
  });

  test("APPROVAL files a PENDING request that holds no seat", async () => {
    const course = await createCourseWith(prisma, { policy: "APPROVAL", capacity: 1 });
    const learner = await createLearner(prisma);

    expect(await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      status: "PENDING",
    });
    const enrollment = await enrollmentOf(learner.id, course.id);
    expect(enrollment).toMatchObject({ activatedAt: null, decidedAt: null });
    expect(await eventsOf(enrollment.id)).toEqual([
      { fromStatus: null, toStatus: "PENDING", actorId: learner.id, reason: "enroll" },
    ]);
    expect(await expectActiveCountInSync(course.id)).toBe(0);
  });

  test("a full course puts the learner on the waitlist", async () => {
    const course = await createCourseWith(prisma, { capacity: 1 });
    const first = await createLearner(prisma);
    const second = await createLearner(prisma);
    await enrollInCourse({ userId: first.id, courseId: course.id, now: NOW });

    expect(await enrollInCourse({ userId: second.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      status: "WAITLISTED",
    });
    expect(await enrollmentOf(second.id, course.id)).toMatchObject({ waitlistedAt: NOW, activatedAt: null });
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("enrolling twice returns the existing enrollment without a second row or event", async () => {
    const course = await createCourseWith(prisma);
    const learner = await createLearner(prisma);
    const first = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(first.ok);

    const again = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });

    expect(again).toEqual({ ok: true, status: "ACTIVE", enrollmentId: first.enrollmentId, reason: "alreadyEnrolled" });
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
    expect(await eventsOf(first.enrollmentId)).toHaveLength(1);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("re-enrolling after a drop reuses the row, writes an event and keeps progress", async () => {
    const course = await createCourseWith(prisma);
    const learner = await createLearner(prisma);
    const enrolled = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(enrolled.ok);
    await prisma.enrollment.update({
      where: { id: enrolled.enrollmentId },
      data: { progressPercent: 40, completedRequiredCount: 2 },
    });
    await dropEnrollment({ userId: learner.id, courseId: course.id, now: NOW });

    const later = new Date(NOW.getTime() + HOUR);
    const again = await enrollInCourse({ userId: learner.id, courseId: course.id, now: later });

    expect(again).toEqual({ ok: true, status: "ACTIVE", enrollmentId: enrolled.enrollmentId });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({
      status: "ACTIVE",
      activatedAt: later,
      droppedAt: null,
      progressPercent: 40,
      completedRequiredCount: 2,
    });
    expect(await eventsOf(enrolled.enrollmentId)).toEqual([
      { fromStatus: null, toStatus: "ACTIVE", actorId: learner.id, reason: "enroll" },
      { fromStatus: "ACTIVE", toStatus: "DROPPED", actorId: learner.id, reason: "drop" },
      { fromStatus: "DROPPED", toStatus: "ACTIVE", actorId: learner.id, reason: "enroll" },
    ]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("asking again after a rejection files a new request on the same row", async () => {
    const course = await createCourseWith(prisma, { policy: "APPROVAL" });
    const learner = await createLearner(prisma);
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const requested = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(requested.ok);
    await decideEnrollmentRequest({
      decider: instructor,
      courseId: course.id,
      enrollmentId: requested.enrollmentId,
      decision: "reject",
      now: new Date(NOW.getTime() + HOUR),
    });

    const again = await enrollInCourse({
      userId: learner.id,
      courseId: course.id,
      now: new Date(NOW.getTime() + 2 * HOUR),
    });

    expect(again).toEqual({ ok: true, status: "PENDING", enrollmentId: requested.enrollmentId });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({ decidedAt: null, decidedById: null });
    expect((await eventsOf(requested.enrollmentId)).map((event) => event.toStatus)).toEqual([
      "PENDING",
      "REJECTED",
      "PENDING",
    ]);
  });

  test("a learner who completes the course keeps the seat: the next one is waitlisted", async () => {
    const course = await createCourseWith(prisma, { capacity: 1 });
    await createModuleWithLessons(prisma, { courseId: course.id, lessons: [{ title: "Only lesson" }] });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
    const [finisher, latecomer] = await createLearners(prisma, 2);

    await enrollInCourse({ userId: finisher!.id, courseId: course.id });
    expect(await markLessonComplete({ userId: finisher!.id, lessonId: lesson.id })).toMatchObject({
      ok: true,
      enrollmentStatus: "COMPLETED",
    });
    expect(await enrollInCourse({ userId: latecomer!.id, courseId: course.id })).toMatchObject({
      ok: true,
      status: "WAITLISTED",
    });
    const { seatsTakenCount } = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(seatsTakenCount).toBe(1);
  });

  test("100 learners at once on 10 seats: exactly 10 ACTIVE and 90 WAITLISTED, none lost or doubled", async () => {
    const course = await createCourseWith(prisma, { capacity: 10 });
    const learners = await createLearners(prisma, 100);

    const results = await Promise.all(
      learners.map((learner) => enrollInCourse({ userId: learner.id, courseId: course.id })),
    );

    const statuses = results.map((result) => (result.ok ? result.status : result.reason));
    expect(statuses.filter((status) => status === "ACTIVE")).toHaveLength(10);
    expect(statuses.filter((status) => status === "WAITLISTED")).toHaveLength(90);
    const rows = await prisma.enrollment.groupBy({
      by: ["status"],
      where: { courseId: course.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(rows.map((row) => [row.status, row._count._all]))).toEqual({
      ACTIVE: 10,
      WAITLISTED: 90,
    });
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(100);
    expect(await prisma.enrollmentEvent.count({ where: { enrollment: { courseId: course.id } } })).toBe(100);
    expect(await expectActiveCountInSync(course.id)).toBe(10);
  });

  test("one learner enrolling 10 times at once gets one row and one event", async () => {
    const course = await createCourseWith(prisma, { capacity: 10 });
    const learner = await createLearner(prisma);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => enrollInCourse({ userId: learner.id, courseId: course.id })),
    );

    const ids = new Set(results.map((result) => (result.ok ? result.enrollmentId : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.ok && result.reason === "alreadyEnrolled")).toHaveLength(9);
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
    expect(await prisma.enrollmentEvent.count({ where: { enrollment: { courseId: course.id } } })).toBe(1);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });
});

describe("dropEnrollment", () => {
  test("drops with droppedAt and an event, keeping lesson progress and history", async () => {
    const course = await createCourseWith(prisma);
    await createModuleWithLessons(prisma, {
      courseId: course.id,
      lessons: [{ title: "Tensors" }, { title: "Autograd" }],
    });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: course.id, title: "Tensors" } });
    const learner = await createLearner(prisma);
    const enrolled = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(enrolled.ok);
    await prisma.lessonProgress.create({
      data: { userId: learner.id, lessonId: lesson.id, courseId: course.id, status: "COMPLETED", completedAt: NOW },
    });

    const later = new Date(NOW.getTime() + HOUR);
    const result = await dropEnrollment({ userId: learner.id, courseId: course.id, now: later });

    expect(result).toEqual({
      ok: true,
      status: "DROPPED",
      enrollmentId: enrolled.enrollmentId,
      promotedEnrollmentIds: [],
    });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({ status: "DROPPED", droppedAt: later });
    expect(await prisma.lessonProgress.count({ where: { userId: learner.id, courseId: course.id } })).toBe(1);
    expect(await eventsOf(enrolled.enrollmentId)).toEqual([
      { fromStatus: null, toStatus: "ACTIVE", actorId: learner.id, reason: "enroll" },
      { fromStatus: "ACTIVE", toStatus: "DROPPED", actorId: learner.id, reason: "drop" },
    ]);
    expect(await expectActiveCountInSync(course.id)).toBe(0);
  });

  test("a freed seat goes to the first waitlisted learner, who gets exactly one mail in their language", async () => {
    const course = await createCourseWith(prisma, { capacity: 1, title: "Deep Learning" });
    const holder = await createLearner(prisma);
    const first = await createLearner(prisma, { locale: "en" });
    const second = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: holder.id, courseId: course.id, status: "ACTIVE" });
    // Enrolled in the opposite order of their waitlist times: the earlier time wins, not the row.
    await createEnrollmentIn(prisma, {
      userId: second.id,
      courseId: course.id,
      status: "WAITLISTED",
      waitlistedAt: new Date(NOW.getTime() + 2000),
    });
    await createEnrollmentIn(prisma, {
      userId: first.id,
      courseId: course.id,
      status: "WAITLISTED",
      waitlistedAt: new Date(NOW.getTime() + 1000),
    });

    const result = await dropEnrollment({ userId: holder.id, courseId: course.id, now: NOW });

    const promoted = await enrollmentOf(first.id, course.id);
    expect(result).toMatchObject({ ok: true, promotedEnrollmentIds: [promoted.id] });
    expect(promoted).toMatchObject({ status: "ACTIVE", activatedAt: NOW });
    expect(await enrollmentOf(second.id, course.id)).toMatchObject({ status: "WAITLISTED" });
    expect(await eventsOf(promoted.id)).toEqual([
      { fromStatus: "WAITLISTED", toStatus: "ACTIVE", actorId: null, reason: "promoteFromWaitlist" },
    ]);
    const mails = await mailTo(first.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("A seat opened for you in Deep Learning");
    expect(mails[0]?.textBody).toContain(`Hello ${first.name},`);
    expect(mails[0]?.textBody).toContain(`${course.code} Deep Learning`);
    expect(await mailTo(second.email)).toEqual([]);
    expect(await mailTo(holder.email)).toEqual([]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("leaving the waitlist frees no seat and promotes nobody", async () => {
    const course = await createCourseWith(prisma, { capacity: 1 });
    const holder = await createLearner(prisma);
    const waiting = await createLearner(prisma);
    const behind = await createLearner(prisma);
    await enrollInCourse({ userId: holder.id, courseId: course.id, now: NOW });
    await enrollInCourse({ userId: waiting.id, courseId: course.id, now: NOW });
    await enrollInCourse({ userId: behind.id, courseId: course.id, now: NOW });

    expect(await dropEnrollment({ userId: waiting.id, courseId: course.id, now: NOW })).toMatchObject({
      ok: true,
      promotedEnrollmentIds: [],
    });
    expect(await enrollmentOf(behind.id, course.id)).toMatchObject({ status: "WAITLISTED" });
    expect(await mailTo(behind.email)).toEqual([]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("refuses a completed or missing enrollment; dropping twice is harmless", async () => {
    const course = await createCourseWith(prisma);
    const graduate = await createLearner(prisma);
    const stranger = await createLearner(prisma);
    const learner = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: graduate.id, courseId: course.id, status: "COMPLETED" });
    await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    await dropEnrollment({ userId: learner.id, courseId: course.id, now: NOW });

    expect(await dropEnrollment({ userId: graduate.id, courseId: course.id })).toEqual({
      ok: false,
      reason: "completed",
    });
    expect(await dropEnrollment({ userId: stranger.id, courseId: course.id })).toEqual({
      ok: false,
      reason: "notEnrolled",
    });
    expect(await dropEnrollment({ userId: learner.id, courseId: course.id })).toMatchObject({
      ok: true,
      reason: "alreadyDropped",
    });
    expect(await prisma.enrollmentEvent.count({ where: { enrollment: { userId: learner.id } } })).toBe(2);
  });
});

describe("decideEnrollmentRequest", () => {
  async function pendingRequest({ capacity = null }: { capacity?: number | null } = {}) {
    const course = await createCourseWith(prisma, { policy: "APPROVAL", capacity });
    const learner = await createLearner(prisma, { locale: "ko" });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const requested = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(requested.ok);
    return { course, learner, instructor, enrollmentId: requested.enrollmentId };
  }

  test("an instructor of another course, or a learner, may not decide, and nothing changes", async () => {
    const { course, enrollmentId } = await pendingRequest();
    const outsider = await createUser(prisma, { role: "INSTRUCTOR" });
    const learner = await createLearner(prisma);
    for (const decider of [outsider, learner]) {
      expect(
        await decideEnrollmentRequest({ decider, courseId: course.id, enrollmentId, decision: "approve", now: NOW }),
      ).toEqual({ ok: false, reason: "notAllowed" });
    }
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).toMatchObject({
      status: "PENDING",
      decidedAt: null,
    });
    expect(
      await decideEnrollmentRequest({
        decider: admin,
        courseId: course.id,
        enrollmentId,
        decision: "reject",
        now: NOW,
      }),
    ).toEqual({ ok: true, status: "REJECTED", enrollmentId });
    // The decision is in the audit log, by whom; the refused attempts left nothing there.
    const audited = await prisma.auditLog.findMany({
      where: { entityType: "Enrollment", entityId: enrollmentId },
      select: { actorId: true, action: true },
    });
    expect(audited).toEqual([{ actorId: admin.id, action: "enrollment.rejected" }]);
  });

  test("approving with a free seat makes the learner ACTIVE and mails them", async () => {
    const { course, learner, instructor, enrollmentId } = await pendingRequest({ capacity: 2 });

    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: course.id,
        enrollmentId,
        decision: "approve",
        now: NOW,
      }),
    ).toEqual({ ok: true, status: "ACTIVE", enrollmentId });

    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({
      status: "ACTIVE",
      activatedAt: NOW,
      decidedAt: NOW,
      decidedById: instructor.id,
    });
    expect((await eventsOf(enrollmentId)).at(-1)).toEqual({
      fromStatus: "PENDING",
      toStatus: "ACTIVE",
      actorId: instructor.id,
      reason: "approve",
    });
    expect((await mailTo(learner.email)).map((mail) => mail.subject)).toEqual([
      `${course.title} 수강 신청이 승인되었습니다`,
    ]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("approving on a full course puts the learner on the waitlist and says so", async () => {
    const { course, learner, instructor, enrollmentId } = await pendingRequest({ capacity: 1 });
    const holder = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: holder.id, courseId: course.id, status: "ACTIVE" });

    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: course.id,
        enrollmentId,
        decision: "approve",
        now: NOW,
      }),
    ).toEqual({ ok: true, status: "WAITLISTED", enrollmentId });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({ waitlistedAt: NOW, activatedAt: null });
    expect((await mailTo(learner.email)).map((mail) => mail.subject)).toEqual([
      `${course.title} 수강 신청이 승인되었습니다 (대기 중)`,
    ]);

    // The approved learner then gets the seat when it frees up, like anyone on the waitlist.
    await dropEnrollment({ userId: holder.id, courseId: course.id, now: NOW });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({ status: "ACTIVE" });
    expect(await mailTo(learner.email)).toHaveLength(2);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("rejecting makes the request REJECTED, mails the learner, and leaves seats and waitlist alone", async () => {
    const { course, learner, instructor, enrollmentId } = await pendingRequest({ capacity: 1 });
    const holder = await createLearner(prisma);
    const waiting = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: holder.id, courseId: course.id, status: "ACTIVE" });
    await createEnrollmentIn(prisma, { userId: waiting.id, courseId: course.id, status: "WAITLISTED" });

    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: course.id,
        enrollmentId,
        decision: "reject",
        now: NOW,
      }),
    ).toEqual({ ok: true, status: "REJECTED", enrollmentId });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({
      status: "REJECTED",
      decidedById: instructor.id,
    });
    expect((await eventsOf(enrollmentId)).at(-1)).toEqual({
      fromStatus: "PENDING",
      toStatus: "REJECTED",
      actorId: instructor.id,
      reason: "reject",
    });
    expect((await mailTo(learner.email)).map((mail) => mail.subject)).toEqual([`${course.title} 수강 신청 결과 안내`]);
    expect(await enrollmentOf(waiting.id, course.id)).toMatchObject({ status: "WAITLISTED" });
    expect(await mailTo(waiting.email)).toEqual([]);
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("only a PENDING request can be decided", async () => {
    const { course, instructor, enrollmentId } = await pendingRequest();
    await decideEnrollmentRequest({ decider: instructor, courseId: course.id, enrollmentId, decision: "approve" });

    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: course.id,
        enrollmentId,
        decision: "reject",
      }),
    ).toEqual({
      ok: false,
      reason: "notPending",
      status: "ACTIVE",
    });
    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: course.id,
        enrollmentId: "00000000-0000-7000-8000-000000000000",
        decision: "approve",
      }),
    ).toEqual({ ok: false, reason: "notFound" });
    expect(await eventsOf(enrollmentId)).toHaveLength(2);
  });

  test("a request of another course is not found, and stays pending", async () => {
    const { enrollmentId, instructor } = await pendingRequest();
    // The instructor teaches both, so only the request's course decides the answer.
    const otherCourse = await createCourseWith(prisma, { policy: "APPROVAL" });
    await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: instructor.id });
    expect(
      await decideEnrollmentRequest({
        decider: instructor,
        courseId: otherCourse.id,
        enrollmentId,
        decision: "approve",
      }),
    ).toEqual({ ok: false, reason: "notFound" });
    expect(await prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).toMatchObject({
      status: "PENDING",
    });
  });

  test("two decisions at once on one request: one wins, the other is told it is no longer pending", async () => {
    const { course, instructor, enrollmentId } = await pendingRequest({ capacity: 5 });

    const results = await Promise.all([
      decideEnrollmentRequest({ decider: instructor, courseId: course.id, enrollmentId, decision: "approve" }),
      decideEnrollmentRequest({ decider: instructor, courseId: course.id, enrollmentId, decision: "reject" }),
    ]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === "notPending")).toHaveLength(1);
    expect(await eventsOf(enrollmentId)).toHaveLength(2);
  });
});

describe("removeLearner", () => {
  test("an instructor removes a learner: the record and progress stay, the seat goes to the waitlist", async () => {
    const course = await createCourseWith(prisma, { capacity: 1 });
    await createModuleWithLessons(prisma, {
      courseId: course.id,
      lessons: [{ title: "Tensors" }, { title: "Autograd" }],
    });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: course.id, title: "Tensors" } });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    const removed = await createLearner(prisma);
    const waiting = await createLearner(prisma);
    await enrollInCourse({ userId: removed.id, courseId: course.id, now: NOW });
    await enrollInCourse({ userId: waiting.id, courseId: course.id, now: NOW });
    await markLessonComplete({ userId: removed.id, lessonId: lesson.id });
    const enrollment = await enrollmentOf(removed.id, course.id);

    const result = await removeLearner({
      actor: instructor,
      courseId: course.id,
      enrollmentId: enrollment.id,
      now: NOW,
    });

    expect(result).toMatchObject({ ok: true, promotedEnrollmentIds: [(await enrollmentOf(waiting.id, course.id)).id] });
    expect(await enrollmentOf(removed.id, course.id)).toMatchObject({ status: "DROPPED", droppedAt: NOW });
    expect(await prisma.lessonProgress.count({ where: { userId: removed.id, courseId: course.id } })).toBe(1);
    expect((await eventsOf(enrollment.id)).at(-1)).toEqual({
      fromStatus: "ACTIVE",
      toStatus: "DROPPED",
      actorId: instructor.id,
      reason: "removedByInstructor",
    });
    expect(await expectActiveCountInSync(course.id)).toBe(1);
  });

  test("an instructor of another course, or an enrollment of another course, is refused and changes nothing", async () => {
    const course = await createCourseWith(prisma);
    const other = await createCourseWith(prisma);
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: other.id, userId: instructor.id });
    const learner = await createLearner(prisma);
    await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    const enrollment = await enrollmentOf(learner.id, course.id);

    expect(await removeLearner({ actor: instructor, courseId: course.id, enrollmentId: enrollment.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    // Their own course in the URL does not reach another course's enrollment.
    expect(await removeLearner({ actor: instructor, courseId: other.id, enrollmentId: enrollment.id })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await removeLearner({ actor: instructor, courseId: other.id, enrollmentId: "not-a-uuid" })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await enrollmentOf(learner.id, course.id)).toMatchObject({ status: "ACTIVE" });
  });
});

describe("listPendingRequests", () => {
  test("lists a course's open requests, oldest first, with the learner's name and email", async () => {
    const course = await createCourseWith(prisma, { policy: "APPROVAL" });
    const other = await createCourseWith(prisma, { policy: "APPROVAL" });
    const [early, late, decided] = [
      await createLearner(prisma),
      await createLearner(prisma),
      await createLearner(prisma),
    ];
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    await enrollInCourse({ userId: late.id, courseId: course.id, now: new Date(NOW.getTime() + HOUR) });
    await enrollInCourse({ userId: early.id, courseId: course.id, now: NOW });
    await enrollInCourse({ userId: early.id, courseId: other.id, now: NOW });
    const approved = await enrollInCourse({ userId: decided.id, courseId: course.id, now: NOW });
    assert(approved.ok);
    await decideEnrollmentRequest({
      decider: instructor,
      courseId: course.id,
      enrollmentId: approved.enrollmentId,
      decision: "approve",
    });

    const requests = await listPendingRequests({ courseId: course.id });

    expect(requests).toEqual([
      { id: expect.any(String), requestedAt: NOW, user: { id: early.id, name: early.name, email: early.email } },
      {
        id: expect.any(String),
        requestedAt: new Date(NOW.getTime() + HOUR),
        user: { id: late.id, name: late.name, email: late.email },
      },
    ]);
  });
});

describe("getEnrollmentState", () => {
  test("asks a signed-out visitor to sign in, unless enrollment is not open", async () => {
    const open = await createCourseWith(prisma, { capacity: 3 });
    const upcoming = await createCourseWith(prisma, { opensAt: new Date(NOW.getTime() + HOUR) });
    const over = await createCourseWith(prisma, { closesAt: NOW });
    const draft = await createCourseWith(prisma, { status: "DRAFT" });

    expect(await getEnrollmentState({ userId: null, courseId: open.id, now: NOW })).toEqual({
      kind: "signIn",
      seatsLeft: 3,
    });
    expect(await getEnrollmentState({ userId: null, courseId: upcoming.id, now: NOW })).toEqual({
      kind: "notYetOpen",
      opensAt: new Date(NOW.getTime() + HOUR),
      seatsLeft: null,
    });
    expect(await getEnrollmentState({ userId: null, courseId: over.id, now: NOW })).toEqual({
      kind: "closed",
      seatsLeft: null,
    });
    expect(await getEnrollmentState({ userId: null, courseId: draft.id, now: NOW })).toEqual({
      kind: "closed",
      seatsLeft: null,
    });
    expect(
      await getEnrollmentState({ userId: null, courseId: "00000000-0000-7000-8000-000000000000", now: NOW }),
    ).toBeNull();
  });

  test("says what a signed-in learner can do next, matching what enrollInCourse then does", async () => {
    const learner = await createLearner(prisma);
    const open = await createCourseWith(prisma, { capacity: 2 });
    const approval = await createCourseWith(prisma, { policy: "APPROVAL" });
    const full = await createCourseWith(prisma, { capacity: 1 });
    await createEnrollmentIn(prisma, { userId: (await createLearner(prisma)).id, courseId: full.id, status: "ACTIVE" });
    const prerequisite = await createCourseWith(prisma);
    const advanced = await createCourseWith(prisma, {
      programId: prerequisite.programId,
      prerequisiteIds: [prerequisite.id],
    });
    const cohortCourse = await createCourseWith(prisma, { policy: "COHORT_ONLY" });

    const state = (courseId: string) => getEnrollmentState({ userId: learner.id, courseId, now: NOW });
    expect(await state(open.id)).toEqual({ kind: "enroll", seatsLeft: 2 });
    expect(await state(approval.id)).toEqual({ kind: "request", seatsLeft: null });
    expect(await state(full.id)).toEqual({ kind: "waitlist", seatsLeft: 0 });
    expect(await state(advanced.id)).toEqual({
      kind: "prerequisiteMissing",
      missingPrerequisites: [
        { id: prerequisite.id, code: prerequisite.code, title: prerequisite.title, slug: prerequisite.slug },
      ],
      seatsLeft: null,
    });
    expect(await state(cohortCourse.id)).toEqual({ kind: "cohortOnly", seatsLeft: null });

    const enrolled = await enrollInCourse({ userId: learner.id, courseId: open.id, now: NOW });
    const requested = await enrollInCourse({ userId: learner.id, courseId: approval.id, now: NOW });
    const waitlisted = await enrollInCourse({ userId: learner.id, courseId: full.id, now: NOW });
    assert(enrolled.ok && requested.ok && waitlisted.ok);
    expect(await state(open.id)).toEqual({
      kind: "continue",
      enrollmentId: enrolled.enrollmentId,
      resumeLessonSlug: null,
      seatsLeft: 1,
    });
    expect(await state(approval.id)).toEqual({
      kind: "pending",
      enrollmentId: requested.enrollmentId,
      seatsLeft: null,
    });
    expect(await state(full.id)).toEqual({ kind: "waitlisted", enrollmentId: waitlisted.enrollmentId, seatsLeft: 0 });

    await prisma.enrollment.update({ where: { id: enrolled.enrollmentId }, data: { status: "COMPLETED" } });
    expect(await state(open.id)).toMatchObject({ kind: "completed", enrollmentId: enrolled.enrollmentId });

    await dropEnrollment({ userId: learner.id, courseId: full.id, now: NOW });
    expect(await state(full.id)).toEqual({ kind: "waitlist", seatsLeft: 0 });
  });

  test("a learner in the course still sees it after enrollment closes", async () => {
    const course = await createCourseWith(prisma, { closesAt: new Date(NOW.getTime() + HOUR) });
    const learner = await createLearner(prisma);
    const enrolled = await enrollInCourse({ userId: learner.id, courseId: course.id, now: NOW });
    assert(enrolled.ok);

    expect(
      await getEnrollmentState({ userId: learner.id, courseId: course.id, now: new Date(NOW.getTime() + 2 * HOUR) }),
    ).toEqual({ kind: "continue", enrollmentId: enrolled.enrollmentId, resumeLessonSlug: null, seatsLeft: null });
  });

  test("runs the same few queries however many prerequisites, cohorts and enrollments there are", async () => {
    async function countQueries(run: () => Promise<unknown>) {
      const spy = vi.spyOn(pg.Client.prototype, "query");
      await run();
      const count = spy.mock.calls.length;
      spy.mockRestore();
      return count;
    }
    async function cohortCourseWithPrerequisites(count: number) {
      const programId = (await createCourseWith(prisma)).programId;
      const prerequisites = [];
      for (let index = 0; index < count; index++) {
        prerequisites.push(await createCourseWith(prisma, { programId }));
      }
      const course = await createCourseWith(prisma, {
        programId,
        policy: "COHORT_ONLY",
        capacity: 50,
        prerequisiteIds: prerequisites.map((prerequisite) => prerequisite.id),
      });
      const learner = await createLearner(prisma);
      for (const prerequisite of prerequisites) {
        await createEnrollmentIn(prisma, { userId: learner.id, courseId: prerequisite.id, status: "COMPLETED" });
      }
      const cohort = await createCohortFor(prisma, { courseId: course.id });
      await addCohortMember(prisma, { cohortId: cohort.id, userId: learner.id });
      return { course, learner };
    }

    const small = await cohortCourseWithPrerequisites(1);
    const large = await cohortCourseWithPrerequisites(8);
    const others = await createLearners(prisma, 20);
    for (const other of others) {
      await createEnrollmentIn(prisma, { userId: other.id, courseId: large.course.id, status: "ACTIVE" });
    }

    const smallCount = await countQueries(() =>
      getEnrollmentState({ userId: small.learner.id, courseId: small.course.id }),
    );
    const largeCount = await countQueries(() =>
      getEnrollmentState({ userId: large.learner.id, courseId: large.course.id }),
    );

    expect(await getEnrollmentState({ userId: large.learner.id, courseId: large.course.id })).toEqual({
      kind: "enroll",
      seatsLeft: 30,
    });
    // The worst case: a COHORT_ONLY course with prerequisites, for a learner not yet in it.
    expect(largeCount).toBe(smallCount);
    expect(largeCount).toBe(5);
    expect(await countQueries(() => getEnrollmentState({ userId: null, courseId: large.course.id }))).toBe(1);
  });
});

describe("promoteWaitlistedLearners", () => {
  test("fills seats added to a course in waitlist order, inside the caller's transaction", async () => {
    const course = await createCourseWith(prisma, { capacity: 1 });
    const learners = [await createLearner(prisma), await createLearner(prisma), await createLearner(prisma)];
    for (const [index, learner] of learners.entries()) {
      await enrollInCourse({ userId: learner.id, courseId: course.id, now: new Date(NOW.getTime() + index) });
    }

    const promoted = await prisma.$transaction(async (tx) => {
      await tx.course.update({ where: { id: course.id }, data: { capacity: 2 } });
      return promoteWaitlistedLearners({ db: tx, courseId: course.id, now: NOW });
    });

    expect(promoted).toEqual([(await enrollmentOf(learners[1]!.id, course.id)).id]);
    expect(await enrollmentOf(learners[2]!.id, course.id)).toMatchObject({ status: "WAITLISTED" });
    expect(await mailTo(learners[1]!.email)).toHaveLength(1);
    expect(await expectActiveCountInSync(course.id)).toBe(2);
  });
});

describe("enrollment mail text", () => {
  test("Korean and English have the same mails, each filled in with no placeholder left", async () => {
    const vars = { name: "김빛나", courseCode: "AI501", courseTitle: "딥러닝" };
    for (const kind of ["promoted", "approved", "approvedWaitlisted", "rejected"] as const) {
      for (const language of ["ko", "en"] as const) {
        const { subject, text } = await enrollmentMailText({ kind, language, vars });
        expect(subject).toContain("딥러닝");
        expect(text).toContain("김빛나");
        expect(text).toContain("AI501 딥러닝");
        expect(`${subject}${text}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});

function assert(condition: boolean): asserts condition {
  if (!condition) throw new Error("assertion failed");
}
