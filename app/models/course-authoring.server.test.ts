import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import {
  createCourse,
  listTeachingCourses,
  removeCourseInstructor,
  setCourseInstructor,
  setCourseStatus,
  updateCourseDetails,
  type CourseDetailsInput,
} from "~/models/course-authoring.server";
import { addCohortMember, createCohort } from "~/models/cohort.server";
import { saveLesson } from "~/models/lesson-authoring.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createTerm } from "../../tests/factories/catalog";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

async function detailsFor(overrides: Partial<CourseDetailsInput> = {}): Promise<CourseDetailsInput> {
  const program = overrides.programId ? { id: overrides.programId } : await createProgram(prisma, { kind: "GRADUATE" });
  return {
    title: "강화학습 입문",
    code: `RL${uniqueSuffix().slice(0, 3).toUpperCase()}`,
    summary: "An introduction to reinforcement learning.",
    descriptionMarkdown: "## Week 1\n\n$V(s)$",
    programId: program.id,
    termId: null,
    cohortIds: [],
    level: "INTERMEDIATE",
    language: "ko",
    credits: 3,
    enrollmentPolicy: "OPEN",
    capacity: null,
    enrollmentOpensAt: null,
    enrollmentClosesAt: null,
    startsOn: null,
    endsOn: null,
    prerequisiteIds: [],
    tags: ["reinforcement learning"],
    ...overrides,
  };
}

describe("a new course", () => {
  test("starts as a draft led by its creator, with a slug from its code and term", async () => {
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const term = await createTerm(prisma, { programId: program.id, year: 2027, season: "SPRING" });
    const input = await detailsFor({ programId: program.id, termId: term.id });

    const created = await createCourse({ actor: instructor, input });

    if (!created.ok) throw new Error(created.reason);
    const course = await prisma.course.findUniqueOrThrow({
      where: { id: created.courseId },
      select: {
        status: true,
        slug: true,
        descriptionHtml: true,
        instructors: { select: { userId: true, role: true } },
      },
    });
    expect(course.status).toBe("DRAFT");
    expect(course.slug).toBe(`${input.code.toLowerCase()}-2027-spring`);
    expect(course.descriptionHtml).toContain("katex");
    expect(course.instructors).toEqual([{ userId: instructor.id, role: "LEAD" }]);
    // The same code and term again get the next free slug.
    const again = await createCourse({ actor: instructor, input });
    if (!again.ok) throw new Error(again.reason);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: again.courseId } })).slug).toBe(`${course.slug}-2`);
  });

  test("a learner cannot make one, and a term of another program is refused beside its field", async () => {
    const learner = await createUser(prisma);
    expect(await createCourse({ actor: learner, input: await detailsFor() })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const otherProgram = await createProgram(prisma);
    const otherTerm = await createTerm(prisma, { programId: otherProgram.id, year: 2027, season: "FALL" });
    const before = await prisma.course.count();
    expect(await createCourse({ actor: instructor, input: await detailsFor({ termId: otherTerm.id }) })).toEqual({
      ok: false,
      reason: "termNotInProgram",
    });
    expect(await prisma.course.count()).toBe(before);
  });
});

describe("saving details", () => {
  test("a save based on an older version is refused with the current one, and overwrites nothing", async () => {
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const colleague = await createUser(prisma, { role: "INSTRUCTOR" });
    const created = await createCourse({ actor: instructor, input: await detailsFor() });
    if (!created.ok) throw new Error(created.reason);
    await setCourseInstructor({
      actor: instructor,
      courseId: created.courseId,
      email: colleague.email,
      role: "CO_INSTRUCTOR",
    });
    const input = await detailsFor();

    // Both opened the page at version 1; the colleague saves first.
    const first = await updateCourseDetails({
      actor: colleague,
      courseId: created.courseId,
      version: 1,
      input: { ...input, title: "The colleague's title" },
    });
    expect(first).toEqual({ ok: true });
    const second = await updateCourseDetails({
      actor: instructor,
      courseId: created.courseId,
      version: 1,
      input: { ...input, title: "My title" },
    });

    expect(second).toMatchObject({
      ok: false,
      reason: "staleVersion",
      current: { title: "The colleague's title", version: 2 },
    });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: created.courseId } })).title).toBe(
      "The colleague's title",
    );
    // Having seen it, the instructor saves on top of version 2 on purpose.
    expect(
      await updateCourseDetails({
        actor: instructor,
        courseId: created.courseId,
        version: 2,
        input: { ...input, title: "My title" },
      }),
    ).toEqual({ ok: true });
  });

  test("an instructor of another course is refused", async () => {
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const created = await createCourse({ actor: instructor, input: await detailsFor() });
    if (!created.ok) throw new Error(created.reason);
    const outsider = await createUser(prisma, { role: "INSTRUCTOR" });
    expect(
      await updateCourseDetails({ actor: outsider, courseId: created.courseId, version: 1, input: await detailsFor() }),
    ).toEqual({ ok: false, reason: "notAllowed" });
  });
});

describe("status and instructors", () => {
  test("publishing needs a published lesson; unpublishing and archiving keep every enrollment", async () => {
    const { course, lessons } = await createCourseWithLessons(prisma, { modules: [[{ isPublished: false }]] });
    await prisma.course.update({ where: { id: course.id }, data: { status: "DRAFT" } });
    const lead = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: lead.id, role: "LEAD" });
    expect(await setCourseStatus({ actor: lead, courseId: course.id, status: "PUBLISHED" })).toEqual({
      ok: false,
      reason: "noPublishedLesson",
    });
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: lessons[0]!.id } });
    await saveLesson({
      actor: lead,
      courseId: course.id,
      lessonId: lesson.id,
      version: lesson.version,
      input: {
        title: lesson.title,
        markdown: "Now published.",
        status: "PUBLISHED",
        isRequired: true,
        durationMinutes: 10,
        releaseAt: null,
        videoUrl: null,
        transcript: null,
      },
    });
    expect(await setCourseStatus({ actor: lead, courseId: course.id, status: "PUBLISHED" })).toEqual({ ok: true });

    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    await setCourseStatus({ actor: lead, courseId: course.id, status: "DRAFT" });
    await setCourseStatus({ actor: lead, courseId: course.id, status: "ARCHIVED" });
    expect(await prisma.enrollment.count({ where: { courseId: course.id, status: "ACTIVE" } })).toBe(1);
    const events = await prisma.auditLog.findMany({ where: { entityId: course.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => event.data)).toEqual([
      { from: "DRAFT", to: "PUBLISHED" },
      { from: "PUBLISHED", to: "DRAFT" },
      { from: "DRAFT", to: "ARCHIVED" },
    ]);
  });

  test("co-instructors edit but do not publish or choose instructors; a course always keeps a lead", async () => {
    const lead = await createUser(prisma, { role: "INSTRUCTOR" });
    const co = await createUser(prisma, { role: "INSTRUCTOR" });
    const created = await createCourse({ actor: lead, input: await detailsFor() });
    if (!created.ok) throw new Error(created.reason);
    const courseId = created.courseId;
    expect(
      await setCourseInstructor({ actor: lead, courseId, email: co.email.toUpperCase(), role: "CO_INSTRUCTOR" }),
    ).toEqual({
      ok: true,
    });
    expect(await setCourseStatus({ actor: co, courseId, status: "ARCHIVED" })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await removeCourseInstructor({ actor: co, courseId, userId: lead.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await removeCourseInstructor({ actor: lead, courseId, userId: lead.id })).toEqual({
      ok: false,
      reason: "lastLead",
    });
    expect(await setCourseInstructor({ actor: lead, courseId, email: lead.email, role: "CO_INSTRUCTOR" })).toEqual({
      ok: false,
      reason: "lastLead",
    });
    const learner = await createUser(prisma);
    expect(await setCourseInstructor({ actor: lead, courseId, email: learner.email, role: "CO_INSTRUCTOR" })).toEqual({
      ok: false,
      reason: "notAnInstructor",
    });
    expect(await setCourseInstructor({ actor: lead, courseId, email: "nobody@example.com", role: "LEAD" })).toEqual({
      ok: false,
      reason: "userNotFound",
    });
    // Once the co-instructor leads too, the first lead may step down.
    await setCourseInstructor({ actor: lead, courseId, email: co.email, role: "LEAD" });
    expect(await removeCourseInstructor({ actor: co, courseId, userId: lead.id })).toEqual({ ok: true });
  });

  test("the studio lists what an instructor teaches with its counts; an admin sees every course", async () => {
    const { course } = await createCourseWithLessons(prisma, { modules: [[{}]] });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
    for (const status of ["ACTIVE", "ACTIVE", "WAITLISTED", "PENDING"] as const) {
      await enrollLearnerDirectly(prisma, { userId: (await createUser(prisma)).id, courseId: course.id, status });
    }
    const listed = await listTeachingCourses({ actor: instructor, page: 1 });
    expect(listed.items).toEqual([
      expect.objectContaining({ id: course.id, enrolledCount: 2, waitlistedCount: 1, pendingCount: 1 }),
    ]);
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect((await listTeachingCourses({ actor: admin, page: 1 })).totalCount).toBe(await prisma.course.count());
  });
});

describe("cohorts chosen in the details", () => {
  test("their learners are enrolled once the course is published, and at once in a published course", async () => {
    const admin = await createUser(prisma, { role: "ADMIN" });
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const program = await createProgram(prisma, { kind: "ACADEMY" });
    const cohortWith = async (email: string) => {
      const created = await createCohort({
        actor: admin,
        details: {
          programId: program.id,
          name: `Cohort ${uniqueSuffix()}`,
          slug: null,
          startsOn: new Date("2026-09-01"),
          endsOn: new Date("2027-02-26"),
        },
      });
      if (!created.ok) throw new Error(created.reason);
      await addCohortMember({ actor: admin, cohortId: created.cohortId, email, role: "LEARNER" });
      return created.cohortId;
    };
    const first = await createUser(prisma);
    const second = await createUser(prisma);
    const firstCohort = await cohortWith(first.email);
    const secondCohort = await cohortWith(second.email);
    const enrolledIn = (courseId: string) =>
      prisma.enrollment.findMany({
        where: { courseId },
        orderBy: { userId: "asc" },
        select: { userId: true, cohortId: true, status: true },
      });

    const input = await detailsFor({ programId: program.id, cohortIds: [firstCohort] });
    const created = await createCourse({ actor: instructor, input });
    if (!created.ok) throw new Error(created.reason);
    // A draft has no learners yet, cohort or not.
    expect(await enrolledIn(created.courseId)).toEqual([]);

    const lesson = await prisma.lesson.create({
      data: {
        courseId: created.courseId,
        moduleId: (await prisma.module.create({ data: { courseId: created.courseId, position: 1, title: "1주차" } }))
          .id,
        slug: `lesson-${uniqueSuffix()}`,
        position: 1,
        title: "첫 수업",
        status: "PUBLISHED",
      },
    });
    expect(lesson.status).toBe("PUBLISHED");
    expect(await setCourseStatus({ actor: instructor, courseId: created.courseId, status: "PUBLISHED" })).toEqual({
      ok: true,
    });
    expect(await enrolledIn(created.courseId)).toEqual([{ userId: first.id, cohortId: firstCohort, status: "ACTIVE" }]);

    const updated = await updateCourseDetails({
      actor: instructor,
      courseId: created.courseId,
      version: 1,
      input: { ...input, cohortIds: [firstCohort, secondCohort] },
    });
    expect(updated).toEqual({ ok: true });
    expect(await enrolledIn(created.courseId)).toEqual(
      [
        { userId: first.id, cohortId: firstCohort, status: "ACTIVE" },
        { userId: second.id, cohortId: secondCohort, status: "ACTIVE" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    const course = await prisma.course.findUniqueOrThrow({
      where: { id: created.courseId },
      select: { seatsTakenCount: true },
    });
    expect(course.seatsTakenCount).toBe(2);
  });
});

describe("archived programs and terms", () => {
  test("a new course cannot go in an archived program or term; a course already there keeps them", async () => {
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const term = await createTerm(prisma, { programId: program.id, year: 2026, season: "SPRING" });
    const input = await detailsFor({ programId: program.id, termId: term.id });
    const created = await createCourse({ actor: instructor, input });
    if (!created.ok) throw new Error(created.reason);

    await prisma.term.update({ where: { id: term.id }, data: { archivedAt: new Date() } });
    expect(await createCourse({ actor: instructor, input })).toEqual({ ok: false, reason: "termNotInProgram" });
    await prisma.program.update({ where: { id: program.id }, data: { archivedAt: new Date() } });
    expect(await createCourse({ actor: instructor, input: { ...input, termId: null } })).toEqual({
      ok: false,
      reason: "programNotFound",
    });

    const { version } = await prisma.course.findUniqueOrThrow({ where: { id: created.courseId } });
    const saved = await updateCourseDetails({
      actor: instructor,
      courseId: created.courseId,
      version,
      input: { ...input, title: "강화학습 입문 (개정)" },
    });
    expect(saved).toEqual({ ok: true });
    expect(
      await prisma.course.findUniqueOrThrow({
        where: { id: created.courseId },
        select: { title: true, programId: true, termId: true },
      }),
    ).toEqual({ title: "강화학습 입문 (개정)", programId: program.id, termId: term.id });
  });
});
