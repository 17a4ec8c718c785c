import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  addCohortMember,
  archiveCohort,
  assignCohortCourse,
  createCohort,
  getCohortForAdmin,
  listCohortPrograms,
  listCohorts,
  removeCohortMember,
  restoreCohort,
  unassignCohortCourse,
  updateCohort,
  updateCohortCourseDates,
} from "~/models/cohort.server";
import { newSubmissionKey } from "~/models/form-submission.server";
import { createModuleWithLessons, createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { createCourseWith, createEnrollmentIn, createLearner } from "../../tests/factories/enrollment";

const NOW = new Date("2026-03-02T09:00:00.000Z");

async function admin() {
  return createUser(prisma, { role: "ADMIN" });
}

/** A program with a published COHORT_ONLY course, and an empty cohort of that program made by an admin. */
async function cohortWithCourse({ capacity = null }: { capacity?: number | null } = {}) {
  const actor = await admin();
  const program = await createProgram(prisma);
  const course = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY", capacity });
  const created = await createCohort({
    actor,
    details: {
      programId: program.id,
      name: `Bootcamp ${uniqueSuffix()}`,
      slug: null,
      startsOn: new Date("2026-03-02"),
      endsOn: new Date("2026-08-28"),
    },
  });
  if (!created.ok) throw new Error(created.reason);
  return { actor, program, course, cohortId: created.cohortId };
}

async function expectSeatsInSync(courseId: string) {
  const [course, held] = await Promise.all([
    prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { seatsTakenCount: true } }),
    prisma.enrollment.count({ where: { courseId, status: { in: ["ACTIVE", "COMPLETED"] } } }),
  ]);
  expect(course.seatsTakenCount).toBe(held);
}

async function auditActions(cohortId: string) {
  const rows = await prisma.auditLog.findMany({
    where: { entityType: "Cohort", entityId: cohortId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true },
  });
  return rows.map((row) => row.action);
}

describe("cohort details", () => {
  test("a slug is made from the name, or from the start month for a Korean name, and made unique", async () => {
    const actor = await admin();
    const program = await createProgram(prisma);
    const name = `Data Bootcamp ${uniqueSuffix()}`;
    const details = {
      programId: program.id,
      name,
      slug: null,
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2026-12-18"),
    };
    const first = await createCohort({ actor, details });
    const second = await createCohort({ actor, details });
    const korean = await createCohort({ actor, details: { ...details, name: "데이터 부트캠프" } });
    const slugOf = async (result: Awaited<ReturnType<typeof createCohort>>) => {
      if (!result.ok) throw new Error(result.reason);
      const cohort = await prisma.cohort.findUniqueOrThrow({ where: { id: result.cohortId }, select: { slug: true } });
      return cohort.slug;
    };
    const stem = name.toLowerCase().replaceAll(" ", "-");
    expect(await slugOf(first)).toBe(stem);
    expect(await slugOf(second)).toBe(`${stem}-2`);
    expect(await slugOf(korean)).toMatch(/^cohort-2026-09(-\d+)?$/);
  });

  test("a typed slug that is taken is refused, and nothing is saved", async () => {
    const { actor, program, cohortId } = await cohortWithCourse();
    const { slug } = await prisma.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { slug: true } });
    const before = await prisma.cohort.count();
    const result = await createCohort({
      actor,
      details: {
        programId: program.id,
        name: "Other",
        slug,
        startsOn: new Date("2026-01-01"),
        endsOn: new Date("2026-02-01"),
      },
    });
    expect(result).toEqual({ ok: false, reason: "slugTaken" });
    expect(await prisma.cohort.count()).toBe(before);
  });

  test("a double submit with one key creates one cohort, audited once", async () => {
    const actor = await admin();
    const program = await createProgram(prisma);
    const submissionKey = newSubmissionKey();
    const slug = `twice-${uniqueSuffix()}`;
    const details = {
      programId: program.id,
      name: "Twice",
      slug,
      startsOn: new Date("2026-01-05"),
      endsOn: new Date("2026-06-30"),
    };
    const results = await Promise.all([
      createCohort({ actor, details, submissionKey }),
      createCohort({ actor, details, submissionKey }),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    const cohorts = await prisma.cohort.findMany({ where: { slug }, select: { id: true } });
    expect(cohorts).toHaveLength(1);
    expect(await auditActions(cohorts[0]!.id)).toEqual(["cohort.created"]);
  });

  test("the program cannot change while courses of the old one are assigned", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    const otherProgram = await createProgram(prisma);
    const result = await updateCohort({
      actor,
      cohortId,
      details: {
        programId: otherProgram.id,
        name: "Moved",
        slug: null,
        startsOn: new Date("2026-03-02"),
        endsOn: new Date("2026-08-28"),
      },
    });
    expect(result).toEqual({ ok: false, reason: "programHasOtherCourses" });
  });

  test("only admins may manage cohorts", async () => {
    const { cohortId } = await cohortWithCourse();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    expect(await listCohorts({ actor: instructor })).toEqual({ ok: false, reason: "notAllowed" });
    expect(await getCohortForAdmin({ actor: instructor, cohortId })).toEqual({ ok: false, reason: "notAllowed" });
    const learner = await createLearner(prisma);
    expect(await addCohortMember({ actor: learner, cohortId, email: learner.email, role: "LEARNER" })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
  });
});

describe("auto-enrolment", () => {
  test("assigning a course enrolls every current learner through the cohort, not mentors or those who left", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    const [learner, mentor, leaver] = [
      await createLearner(prisma),
      await createLearner(prisma),
      await createLearner(prisma),
    ];
    await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    await addCohortMember({ actor, cohortId, email: mentor.email, role: "MENTOR" });
    const added = await addCohortMember({ actor, cohortId, email: leaver.email, role: "LEARNER" });
    if (!added.ok) throw new Error(added.reason);
    await removeCohortMember({ actor, cohortId, memberId: added.memberId });

    const result = await assignCohortCourse({
      actor,
      cohortId,
      courseId: course.id,
      startsOn: new Date("2026-03-02"),
      dueOn: new Date("2026-05-29"),
      now: NOW,
    });
    expect(result.ok && result.enrollmentIds).toHaveLength(1);
    const enrollments = await prisma.enrollment.findMany({
      where: { courseId: course.id },
      select: {
        userId: true,
        status: true,
        cohortId: true,
        activatedAt: true,
        events: { select: { reason: true, actorId: true } },
      },
    });
    expect(enrollments).toEqual([
      {
        userId: learner.id,
        status: "ACTIVE",
        cohortId,
        activatedAt: NOW,
        events: [{ reason: "cohortAssignment", actorId: actor.id }],
      },
    ]);
    await expectSeatsInSync(course.id);
  });

  test("a learner added later is enrolled in every assigned course; a mentor in none", async () => {
    const { actor, program, course, cohortId } = await cohortWithCourse();
    const second = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY" });
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    await assignCohortCourse({ actor, cohortId, courseId: second.id, startsOn: null, dueOn: null });
    const learner = await createLearner(prisma);
    const mentor = await createLearner(prisma);
    const added = await addCohortMember({ actor, cohortId, email: learner.email.toUpperCase(), role: "LEARNER" });
    await addCohortMember({ actor, cohortId, email: mentor.email, role: "MENTOR" });
    expect(added.ok && added.enrollmentIds).toHaveLength(2);
    expect(await prisma.enrollment.count({ where: { userId: learner.id, cohortId, status: "ACTIVE" } })).toBe(2);
    expect(await prisma.enrollment.count({ where: { userId: mentor.id } })).toBe(0);
    await expectSeatsInSync(course.id);
    await expectSeatsInSync(second.id);
  });

  test("anyone already enrolled is left as they are, a DROPPED enrollment included", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    const waiting = await createLearner(prisma);
    const dropped = await createLearner(prisma);
    await createEnrollmentIn(prisma, { userId: waiting.id, courseId: course.id, status: "WAITLISTED" });
    await createEnrollmentIn(prisma, { userId: dropped.id, courseId: course.id, status: "DROPPED" });
    await addCohortMember({ actor, cohortId, email: waiting.email, role: "LEARNER" });
    await addCohortMember({ actor, cohortId, email: dropped.email, role: "LEARNER" });
    const result = await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    expect(result.ok && result.enrollmentIds).toEqual([]);
    const statuses = await prisma.enrollment.findMany({
      where: { courseId: course.id },
      orderBy: { status: "asc" },
      select: { status: true, cohortId: true },
    });
    expect(statuses).toEqual([
      { status: "WAITLISTED", cohortId: null },
      { status: "DROPPED", cohortId: null },
    ]);
  });

  test("cohort enrolment ignores the course's capacity, and the seats it takes still count", async () => {
    const { actor, course, cohortId } = await cohortWithCourse({ capacity: 1 });
    const learners = [await createLearner(prisma), await createLearner(prisma), await createLearner(prisma)];
    for (const learner of learners) await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    expect(await prisma.enrollment.count({ where: { courseId: course.id, status: "ACTIVE" } })).toBe(3);
    const { seatsTakenCount } = await prisma.course.findUniqueOrThrow({
      where: { id: course.id },
      select: { seatsTakenCount: true },
    });
    expect(seatsTakenCount).toBe(3);
    await expectSeatsInSync(course.id);
  });

  test("a double submit of one assignment assigns and enrolls once", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    const learner = await createLearner(prisma);
    await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    const submissionKey = newSubmissionKey();
    const assign = () =>
      assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null, submissionKey });
    const results = await Promise.all([assign(), assign()]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await prisma.cohortCourse.count({ where: { cohortId } })).toBe(1);
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
    expect((await auditActions(cohortId)).filter((action) => action === "cohort.course-assigned")).toHaveLength(1);
    await expectSeatsInSync(course.id);
  });

  test("a double submit of one member adds and enrolls once; without the key the second is refused", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    const learner = await createLearner(prisma);
    const submissionKey = newSubmissionKey();
    const add = () => addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER", submissionKey });
    const results = await Promise.all([add(), add()]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await prisma.cohortMember.count({ where: { cohortId } })).toBe(1);
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(1);
    expect(await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" })).toEqual({
      ok: false,
      reason: "alreadyMember",
    });
    await expectSeatsInSync(course.id);
  });

  test("an unknown e-mail is refused and nothing is written", async () => {
    const { actor, cohortId } = await cohortWithCourse();
    const result = await addCohortMember({
      actor,
      cohortId,
      email: `nobody-${uniqueSuffix()}@example.com`,
      role: "LEARNER",
    });
    expect(result).toEqual({ ok: false, reason: "userNotFound" });
    expect(await prisma.cohortMember.count({ where: { cohortId } })).toBe(0);
  });
});

describe("keeping records", () => {
  test("removing a member keeps their enrollment and progress; adding them again clears leftAt", async () => {
    const { actor, program, cohortId } = await cohortWithCourse();
    const course = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY" });
    await createModuleWithLessons(prisma, { courseId: course.id, lessons: [{ title: "첫 수업" }] });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    const learner = await createLearner(prisma);
    const added = await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    if (!added.ok) throw new Error(added.reason);
    await prisma.lessonProgress.create({
      data: { userId: learner.id, lessonId: lesson.id, courseId: course.id, status: "COMPLETED", completedAt: NOW },
    });

    const removedAt = new Date("2026-04-01T00:00:00.000Z");
    expect(await removeCohortMember({ actor, cohortId, memberId: added.memberId, now: removedAt })).toEqual({
      ok: true,
    });
    expect(await removeCohortMember({ actor, cohortId, memberId: added.memberId })).toEqual({ ok: true });
    const member = await prisma.cohortMember.findUniqueOrThrow({
      where: { id: added.memberId },
      select: { leftAt: true },
    });
    expect(member.leftAt).toEqual(removedAt);
    expect(
      await prisma.enrollment.findMany({ where: { userId: learner.id }, select: { status: true, cohortId: true } }),
    ).toEqual([{ status: "ACTIVE", cohortId }]);
    expect(await prisma.lessonProgress.count({ where: { userId: learner.id } })).toBe(1);

    const again = await addCohortMember({ actor, cohortId, email: learner.email, role: "MENTOR" });
    expect(again.ok && again.memberId).toBe(added.memberId);
    const back = await prisma.cohortMember.findUniqueOrThrow({
      where: { id: added.memberId },
      select: { leftAt: true, role: true },
    });
    expect(back).toEqual({ leftAt: null, role: "MENTOR" });
    expect(await prisma.enrollment.count({ where: { userId: learner.id } })).toBe(1);
    expect(await auditActions(cohortId)).toEqual([
      "cohort.created",
      "cohort.course-assigned",
      "cohort.member-added",
      "cohort.member-removed",
      "cohort.member-added",
    ]);
  });

  test("unassigning a course deletes only the assignment: enrollments and progress stay", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    const learner = await createLearner(prisma);
    await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    expect(
      await updateCohortCourseDates({
        actor,
        cohortId,
        courseId: course.id,
        startsOn: new Date("2026-03-09"),
        dueOn: new Date("2026-04-30"),
      }),
    ).toEqual({ ok: true });
    expect(await unassignCohortCourse({ actor, cohortId, courseId: course.id })).toEqual({ ok: true });
    expect(await unassignCohortCourse({ actor, cohortId, courseId: course.id })).toEqual({ ok: true });
    expect(await prisma.cohortCourse.count({ where: { cohortId } })).toBe(0);
    expect(
      await prisma.enrollment.findMany({ where: { courseId: course.id }, select: { status: true, cohortId: true } }),
    ).toEqual([{ status: "ACTIVE", cohortId }]);
    await expectSeatsInSync(course.id);
    const audits = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohortId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actorId: true, data: true },
    });
    expect(audits.map((row) => row.action)).toEqual([
      "cohort.created",
      "cohort.member-added",
      "cohort.course-assigned",
      "cohort.course-dates-changed",
      "cohort.course-unassigned",
    ]);
    expect(audits.every((row) => row.actorId === actor.id)).toBe(true);
    expect(audits[4]?.data).toMatchObject({ courseId: course.id, startsOn: "2026-03-09", dueOn: "2026-04-30" });
  });

  test("a draft course or one of another program cannot be assigned", async () => {
    const { actor, program, cohortId } = await cohortWithCourse();
    const draft = await createCourseWith(prisma, { programId: program.id, status: "DRAFT" });
    const elsewhere = await createCourseWith(prisma);
    for (const course of [draft, elsewhere]) {
      expect(await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null })).toEqual({
        ok: false,
        reason: "courseNotAvailable",
      });
    }
  });
});

describe("description and archiving", () => {
  test("a description is saved on create and edit, and a caller that leaves it out keeps it", async () => {
    const actor = await admin();
    const program = await createProgram(prisma);
    const details = {
      programId: program.id,
      name: `Described ${uniqueSuffix()}`,
      slug: null,
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2026-12-18"),
    };
    const created = await createCohort({ actor, details: { ...details, description: "주 3회 저녁 수업" } });
    if (!created.ok) throw new Error(created.reason);
    const cohortId = created.cohortId;
    const descriptionOf = async () =>
      (await prisma.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { description: true } })).description;
    expect(await descriptionOf()).toBe("주 3회 저녁 수업");
    expect(await updateCohort({ actor, cohortId, details: { ...details, description: "주 2회" } })).toEqual({
      ok: true,
    });
    expect(await descriptionOf()).toBe("주 2회");
    expect(await updateCohort({ actor, cohortId, details: { ...details, name: "Renamed" } })).toEqual({ ok: true });
    expect(await descriptionOf()).toBe("주 2회");
    const updates = await prisma.auditLog.findMany({
      where: { entityId: cohortId, action: "cohort.updated" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { data: true },
    });
    expect(updates[0]?.data).toMatchObject({
      before: { description: "주 3회 저녁 수업" },
      after: { description: "주 2회" },
    });
  });

  test("archiving keeps members, enrollments and progress, hides the cohort from the list, and is audited", async () => {
    const { actor, course, cohortId } = await cohortWithCourse();
    const learner = await createLearner(prisma);
    await addCohortMember({ actor, cohortId, email: learner.email, role: "LEARNER" });
    await assignCohortCourse({ actor, cohortId, courseId: course.id, startsOn: null, dueOn: null });
    const recordsOf = async () => ({
      members: await prisma.cohortMember.findMany({ where: { cohortId }, select: { userId: true, leftAt: true } }),
      enrollments: await prisma.enrollment.findMany({
        where: { cohortId },
        select: { userId: true, status: true, courseId: true },
      }),
      courses: await prisma.cohortCourse.count({ where: { cohortId } }),
    });
    const before = await recordsOf();
    const now = new Date("2026-12-20T01:00:00.000Z");

    expect(await archiveCohort({ actor, cohortId, now })).toEqual({ ok: true });
    expect(await archiveCohort({ actor, cohortId })).toEqual({ ok: true }); // a repeated click changes nothing
    expect(await recordsOf()).toEqual(before);
    expect(before.enrollments).toEqual([{ userId: learner.id, status: "ACTIVE", courseId: course.id }]);
    const current = await listCohorts({ actor });
    const archived = await listCohorts({ actor, isArchived: true });
    if (!current.ok || !archived.ok) throw new Error("not allowed");
    expect(current.cohorts.map((cohort) => cohort.id)).not.toContain(cohortId);
    expect(archived.cohorts.map((cohort) => cohort.id)).toContain(cohortId);
    expect(current.otherListCount).toBe(archived.cohorts.length);
    const found = await getCohortForAdmin({ actor, cohortId });
    expect(found.ok && found.cohort.archivedAt).toEqual(now);

    expect(await restoreCohort({ actor, cohortId })).toEqual({ ok: true });
    const restored = await listCohorts({ actor });
    expect(restored.ok && restored.cohorts.map((cohort) => cohort.id)).toContain(cohortId);
    const entries = await prisma.auditLog.findMany({
      where: { entityId: cohortId, action: { in: ["cohort.archived", "cohort.restored"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actorId: true, data: true },
    });
    expect(entries).toEqual([
      {
        action: "cohort.archived",
        actorId: actor.id,
        data: { before: { archivedAt: null }, after: { archivedAt: now.toISOString() } },
      },
      {
        action: "cohort.restored",
        actorId: actor.id,
        data: { before: { archivedAt: now.toISOString() }, after: { archivedAt: null } },
      },
    ]);
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    expect(await archiveCohort({ actor: instructor, cohortId })).toEqual({ ok: false, reason: "notAllowed" });
  });

  test("a new cohort cannot join an archived program; an existing cohort keeps its archived program", async () => {
    const { actor, program, cohortId } = await cohortWithCourse();
    await prisma.program.update({ where: { id: program.id }, data: { archivedAt: new Date() } });
    const details = {
      programId: program.id,
      name: `Late ${uniqueSuffix()}`,
      slug: null,
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2026-12-18"),
    };
    expect(await createCohort({ actor, details })).toEqual({ ok: false, reason: "programNotFound" });
    expect((await listCohortPrograms()).map((choice) => choice.id)).not.toContain(program.id);
    expect((await listCohortPrograms({ cohortId })).map((choice) => choice.id)).toContain(program.id);
    expect(await updateCohort({ actor, cohortId, details })).toEqual({ ok: true });
    const otherArchived = await createProgram(prisma);
    await prisma.program.update({ where: { id: otherArchived.id }, data: { archivedAt: new Date() } });
    expect(await updateCohort({ actor, cohortId, details: { ...details, programId: otherArchived.id } })).toEqual({
      ok: false,
      reason: "programNotFound",
    });
  });
});
