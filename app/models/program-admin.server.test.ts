import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { listCohortPrograms } from "~/models/cohort.server";
import { getCourseFormOptions } from "~/models/course-authoring.server";
import { getDuplicateFormOptions, listCoursePlacements } from "~/models/course-copy.server";
import { newSubmissionKey } from "~/models/form-submission.server";
import {
  archiveDegreeTrack,
  archiveProgram,
  archiveTerm,
  createDegreeTrack,
  createProgram,
  createTerm,
  getProgramForAdmin,
  listDegreeTrackChoices,
  listProgramsForAdmin,
  PROGRAM_ADMIN_REFUSALS,
  restoreDegreeTrack,
  restoreProgram,
  restoreTerm,
  updateDegreeTrack,
  updateProgram,
  updateTerm,
} from "~/models/program-admin.server";
import { getProgramOverview, listProgramsWithPublishedCourses } from "~/models/program.server";
import type { Role } from "~/generated/prisma/client";
import type { DegreeTrackDetails, ProgramDetails, TermDetails } from "~/lib/program-forms";
import { createCourse, createUser, uniqueSuffix } from "../../tests/factories";
import { createLearner } from "../../tests/factories/enrollment";

async function admin() {
  return createUser(prisma, { role: "ADMIN" });
}

function programDetails(overrides: Partial<ProgramDetails> = {}): ProgramDetails {
  const suffix = uniqueSuffix();
  return {
    slug: `ai-${suffix}`,
    kind: "GRADUATE",
    nameKo: `인공지능대학원 ${suffix}`,
    nameEn: `AI Graduate School ${suffix}`,
    descriptionKo: "인공지능 석사·박사 과정",
    descriptionEn: "Master's and doctoral degrees in AI",
    gradeScale: "KR_4_5",
    position: 10,
    ...overrides,
  };
}

function trackDetails(overrides: Partial<DegreeTrackDetails> = {}): DegreeTrackDetails {
  const suffix = uniqueSuffix();
  return {
    slug: `ms-${suffix}`,
    nameKo: "인공지능학과 석사",
    nameEn: "M.S. in Artificial Intelligence",
    descriptionKo: "",
    descriptionEn: "",
    requiredCredits: 24,
    position: 1,
    ...overrides,
  };
}

function termDetails(overrides: Partial<TermDetails> = {}): TermDetails {
  return {
    year: 2026,
    season: "FALL",
    startsOn: new Date("2026-09-01"),
    endsOn: new Date("2026-12-18"),
    ...overrides,
  };
}

async function newGraduateProgram(actor: { id: string; role: Role }) {
  const created = await createProgram({ actor, details: programDetails() });
  if (!created.ok) throw new Error(created.reason);
  return created.programId;
}

async function auditEntries(entityId: string) {
  return prisma.auditLog.findMany({
    where: { entityId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, entityType: true, actorId: true, data: true },
  });
}

async function countSqlStatements(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("programs", () => {
  test("a program is created with its values audited; an empty slug is made from the English name", async () => {
    const actor = await admin();
    const details = programDetails({ kind: "ACADEMY", gradeScale: "KR_4_3" });
    const created = await createProgram({ actor, details });
    if (!created.ok) throw new Error(created.reason);
    const program = await prisma.program.findUniqueOrThrow({
      where: { id: created.programId },
      select: { slug: true, kind: true, nameKo: true, gradeScale: true, position: true, archivedAt: true },
    });
    expect(program).toEqual({
      slug: details.slug,
      kind: "ACADEMY",
      nameKo: details.nameKo,
      gradeScale: "KR_4_3",
      position: 10,
      archivedAt: null,
    });
    expect(await auditEntries(created.programId)).toEqual([
      { action: "program.created", entityType: "Program", actorId: actor.id, data: { after: { ...details } } },
    ]);

    const nameEn = `Data Science ${uniqueSuffix()}`;
    const first = await createProgram({ actor, details: programDetails({ slug: null, nameEn }) });
    const second = await createProgram({ actor, details: programDetails({ slug: null, nameEn }) });
    const slugs = await prisma.program.findMany({
      where: { id: { in: [first.ok ? first.programId : "", second.ok ? second.programId : ""] } },
      orderBy: { createdAt: "asc" },
      select: { slug: true },
    });
    const stem = nameEn.toLowerCase().replaceAll(" ", "-");
    expect(slugs.map((row) => row.slug)).toEqual([stem, `${stem}-2`]);
  });

  test("a typed slug that is taken is refused beside the slug field, and nothing is saved", async () => {
    const actor = await admin();
    const details = programDetails();
    await createProgram({ actor, details });
    const before = await prisma.program.count();
    const again = await createProgram({ actor, details: programDetails({ slug: details.slug }) });
    expect(again).toEqual({ ok: false, reason: "slugTaken" });
    expect(PROGRAM_ADMIN_REFUSALS.slugTaken.field).toBe("slug");
    expect(await prisma.program.count()).toBe(before);
  });

  test("a double submit with one key creates one program, audited once", async () => {
    const actor = await admin();
    const details = programDetails();
    const submissionKey = newSubmissionKey();
    const results = await Promise.all([
      createProgram({ actor, details, submissionKey }),
      createProgram({ actor, details, submissionKey }),
    ]);
    const again = await createProgram({ actor, details, submissionKey });
    expect(results.every((result) => result.ok)).toBe(true);
    const programs = await prisma.program.findMany({ where: { slug: details.slug ?? "" }, select: { id: true } });
    expect(programs).toHaveLength(1);
    expect(again).toEqual({ ok: true, programId: programs[0]!.id });
    expect((await auditEntries(programs[0]!.id)).map((entry) => entry.action)).toEqual(["program.created"]);
  });

  test("an edit audits only the values that changed, and a save that changes nothing writes nothing", async () => {
    const actor = await admin();
    const details = programDetails();
    const created = await createProgram({ actor, details });
    if (!created.ok) throw new Error(created.reason);
    const programId = created.programId;
    // An empty slug keeps the current one.
    const edited = { ...details, slug: null, nameEn: "AI School", gradeScale: "KR_4_3" as const };
    expect(await updateProgram({ actor, programId, details: edited })).toEqual({ ok: true });
    expect(await updateProgram({ actor, programId, details: edited })).toEqual({ ok: true });
    const entries = await auditEntries(programId);
    expect(entries.map((entry) => entry.action)).toEqual(["program.created", "program.updated"]);
    expect(entries[1]!.data).toEqual({
      before: { nameEn: details.nameEn, gradeScale: "KR_4_5" },
      after: { nameEn: "AI School", gradeScale: "KR_4_3" },
    });
    const saved = await prisma.program.findUniqueOrThrow({ where: { id: programId }, select: { slug: true } });
    expect(saved.slug).toBe(details.slug);
  });

  test("renaming to another program's slug is refused and nothing changes", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const other = programDetails();
    await createProgram({ actor, details: other });
    const result = await updateProgram({ actor, programId, details: programDetails({ slug: other.slug }) });
    expect(result).toEqual({ ok: false, reason: "slugTaken" });
    expect((await auditEntries(programId)).map((entry) => entry.action)).toEqual(["program.created"]);
  });

  test("a graduate program with a track or term cannot become an academy; an academy gets neither", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const program = await prisma.program.findUniqueOrThrow({ where: { id: programId } });
    await createTerm({ actor, programId, term: termDetails() });
    const details = programDetails({ slug: program.slug, kind: "ACADEMY" });
    expect(await updateProgram({ actor, programId, details })).toEqual({ ok: false, reason: "kindLocked" });
    expect(PROGRAM_ADMIN_REFUSALS.kindLocked.field).toBe("kind");

    const academy = await createProgram({ actor, details: programDetails({ kind: "ACADEMY" }) });
    if (!academy.ok) throw new Error(academy.reason);
    expect(await createTerm({ actor, programId: academy.programId, term: termDetails() })).toEqual({
      ok: false,
      reason: "notGraduate",
    });
    expect(await createDegreeTrack({ actor, programId: academy.programId, track: trackDetails() })).toEqual({
      ok: false,
      reason: "notGraduate",
    });
  });

  test("the admin list counts what refers to each program in the same statements for one program or many", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    await createDegreeTrack({ actor, programId, track: trackDetails() });
    await createTerm({ actor, programId, term: termDetails() });
    await createTerm({ actor, programId, term: termDetails({ season: "SPRING" }) });
    await createCourse(prisma, { programId });
    await prisma.cohort.create({
      data: {
        programId,
        slug: `cohort-${uniqueSuffix()}`,
        name: "석사 1기",
        startsOn: new Date("2026-03-02"),
        endsOn: new Date("2026-08-28"),
      },
    });
    await listProgramsForAdmin({ actor }); // warm-up: the first use of a connection sends its own statements
    const before = await countSqlStatements(() => listProgramsForAdmin({ actor }));
    const listed = await listProgramsForAdmin({ actor });
    if (!listed.ok) throw new Error(listed.reason);
    expect(listed.programs.find((program) => program.id === programId)).toMatchObject({
      courseCount: 1,
      cohortCount: 1,
      trackCount: 1,
      termCount: 2,
    });
    for (let index = 0; index < 5; index++) await newGraduateProgram(actor);
    expect(await countSqlStatements(() => listProgramsForAdmin({ actor }))).toBe(before);

    await archiveProgram({ actor, programId });
    const current = await listProgramsForAdmin({ actor });
    const archived = await listProgramsForAdmin({ actor, isArchived: true });
    if (!current.ok || !archived.ok) throw new Error("not allowed");
    expect(current.programs.map((program) => program.id)).not.toContain(programId);
    expect(archived.programs.map((program) => program.id)).toContain(programId);
    expect(current.otherListCount).toBe(archived.programs.length);
  });
});

describe("degree tracks and terms", () => {
  test("a track is created, edited (only the changes audited), and its slug is unique across programs", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const otherProgramId = await newGraduateProgram(actor);
    const details = trackDetails();
    const created = await createDegreeTrack({ actor, programId, track: details });
    if (!created.ok) throw new Error(created.reason);
    expect(
      await createDegreeTrack({ actor, programId: otherProgramId, track: trackDetails({ slug: details.slug }) }),
    ).toEqual({ ok: false, reason: "trackSlugTaken" });
    expect(PROGRAM_ADMIN_REFUSALS.trackSlugTaken.field).toBe("slug");

    const edited = await updateDegreeTrack({
      actor,
      programId,
      trackId: created.trackId,
      track: { ...details, slug: null, requiredCredits: 30 },
    });
    expect(edited).toEqual({ ok: true });
    // A track is found only through its own program.
    expect(
      await updateDegreeTrack({ actor, programId: otherProgramId, trackId: created.trackId, track: details }),
    ).toEqual({ ok: false, reason: "notFound" });
    const entries = await auditEntries(created.trackId);
    expect(entries).toEqual([
      {
        action: "degree-track.created",
        entityType: "DegreeTrack",
        actorId: actor.id,
        data: { programId, after: details },
      },
      {
        action: "degree-track.updated",
        entityType: "DegreeTrack",
        actorId: actor.id,
        data: { programId, before: { requiredCredits: 24 }, after: { requiredCredits: 30 } },
      },
    ]);
  });

  test("a program has one term per year and season; another program may have the same one", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const otherProgramId = await newGraduateProgram(actor);
    const fall = await createTerm({ actor, programId, term: termDetails() });
    const spring = await createTerm({
      actor,
      programId,
      term: termDetails({ season: "SPRING", startsOn: new Date("2026-03-02"), endsOn: new Date("2026-06-19") }),
    });
    if (!fall.ok || !spring.ok) throw new Error("not created");
    expect(await createTerm({ actor, programId, term: termDetails() })).toEqual({ ok: false, reason: "termTaken" });
    expect(PROGRAM_ADMIN_REFUSALS.termTaken.field).toBe("season");
    expect((await createTerm({ actor, programId: otherProgramId, term: termDetails() })).ok).toBe(true);

    expect(await updateTerm({ actor, programId, termId: spring.termId, term: termDetails() })).toEqual({
      ok: false,
      reason: "termTaken",
    });
    expect(
      await updateTerm({
        actor,
        programId,
        termId: fall.termId,
        term: termDetails({ endsOn: new Date("2026-12-23") }),
      }),
    ).toEqual({ ok: true });
    expect((await auditEntries(fall.termId)).map((entry) => entry.data)).toEqual([
      { programId, after: { year: 2026, season: "FALL", startsOn: "2026-09-01", endsOn: "2026-12-18" } },
      { programId, before: { endsOn: "2026-12-18" }, after: { endsOn: "2026-12-23" } },
    ]);
    expect(await prisma.term.count({ where: { programId } })).toBe(2);
  });

  test("a double submit of a new track or term creates one", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const track = trackDetails();
    const trackKey = newSubmissionKey();
    const termKey = newSubmissionKey();
    const [tracks, terms] = await Promise.all([
      Promise.all([
        createDegreeTrack({ actor, programId, track, submissionKey: trackKey }),
        createDegreeTrack({ actor, programId, track, submissionKey: trackKey }),
      ]),
      Promise.all([
        createTerm({ actor, programId, term: termDetails(), submissionKey: termKey }),
        createTerm({ actor, programId, term: termDetails(), submissionKey: termKey }),
      ]),
    ]);
    expect([...tracks, ...terms].every((result) => result.ok)).toBe(true);
    expect(await prisma.degreeTrack.count({ where: { programId } })).toBe(1);
    expect(await prisma.term.count({ where: { programId } })).toBe(1);
    expect(
      await prisma.auditLog.count({
        where: { action: { in: ["degree-track.created", "term.created"] }, actorId: actor.id },
      }),
    ).toBe(2);
  });

  test("only admins may manage programs, tracks and terms", async () => {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    for (const role of ["INSTRUCTOR", "LEARNER"] as const) {
      const other = await createUser(prisma, { role });
      const refused = { ok: false, reason: "notAllowed" };
      expect(await listProgramsForAdmin({ actor: other })).toEqual(refused);
      expect(await getProgramForAdmin({ actor: other, programId })).toEqual(refused);
      expect(await createProgram({ actor: other, details: programDetails() })).toEqual(refused);
      expect(await updateProgram({ actor: other, programId, details: programDetails() })).toEqual(refused);
      expect(await archiveProgram({ actor: other, programId })).toEqual(refused);
      expect(await createDegreeTrack({ actor: other, programId, track: trackDetails() })).toEqual(refused);
      expect(await createTerm({ actor: other, programId, term: termDetails() })).toEqual(refused);
    }
    expect(await prisma.program.findUniqueOrThrow({ where: { id: programId }, select: { archivedAt: true } })).toEqual({
      archivedAt: null,
    });
    expect(await getProgramForAdmin({ actor, programId: "not-a-uuid" })).toEqual({ ok: false, reason: "notFound" });
  });
});

describe("archiving", () => {
  /** A graduate program with a track (and a student in it), a term with a published course, and a cohort. */
  async function programInUse() {
    const actor = await admin();
    const programId = await newGraduateProgram(actor);
    const track = await createDegreeTrack({ actor, programId, track: trackDetails() });
    const term = await createTerm({ actor, programId, term: termDetails() });
    if (!track.ok || !term.ok) throw new Error("not created");
    const course = await createCourse(prisma, { programId });
    await prisma.course.update({ where: { id: course.id }, data: { termId: term.termId } });
    const student = await createLearner(prisma);
    await prisma.user.update({ where: { id: student.id }, data: { degreeTrackId: track.trackId } });
    const cohort = await prisma.cohort.create({
      data: {
        programId,
        slug: `cohort-${uniqueSuffix()}`,
        name: "석사 1기",
        startsOn: new Date("2026-09-01"),
        endsOn: new Date("2027-02-26"),
      },
    });
    const { slug } = await prisma.program.findUniqueOrThrow({ where: { id: programId }, select: { slug: true } });
    return { actor, programId, slug, trackId: track.trackId, termId: term.termId, course, student, cohort };
  }

  test("an archived track and term leave the public page and the pickers; their records stay", async () => {
    const { actor, programId, slug, trackId, termId, course, student } = await programInUse();
    expect(await archiveDegreeTrack({ actor, programId, trackId })).toEqual({ ok: true });
    expect(await archiveTerm({ actor, programId, termId })).toEqual({ ok: true });
    expect(await archiveTerm({ actor, programId, termId })).toEqual({ ok: true }); // a repeated click

    const overview = await getProgramOverview({ slug });
    expect(overview?.degreeTracks).toEqual([]);
    expect(overview?.terms).toEqual([]);
    expect((await listDegreeTrackChoices()).map((choice) => choice.id)).not.toContain(trackId);
    expect((await listDegreeTrackChoices({ includeTrackId: trackId })).map((choice) => choice.id)).toContain(trackId);
    const termsOffered = (options: Awaited<ReturnType<typeof getCourseFormOptions>>) =>
      options.programs.find((program) => program.id === programId)?.terms.map((term) => term.id);
    expect(termsOffered(await getCourseFormOptions())).toEqual([]);
    // The course already in the archived term keeps it selectable.
    expect(termsOffered(await getCourseFormOptions({ courseId: course.id }))).toEqual([termId]);
    expect((await listCoursePlacements()).find((program) => program.id === programId)?.terms).toEqual([]);
    const otherTerm = await createTerm({ actor, programId, term: termDetails({ year: 2027 }) });
    if (!otherTerm.ok) throw new Error(otherTerm.reason);
    await archiveTerm({ actor, programId, termId: otherTerm.termId });
    // A duplicate may share its source's archived term, but no other archived one.
    expect((await getDuplicateFormOptions({ courseId: course.id }))?.program.terms.map((term) => term.id)).toEqual([
      termId,
    ]);

    expect(await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { termId: true } })).toEqual({
      termId,
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: student.id }, select: { degreeTrackId: true } })).toEqual(
      { degreeTrackId: trackId },
    );
    expect((await auditEntries(termId)).map((entry) => entry.action)).toEqual(["term.created", "term.archived"]);

    expect(await restoreDegreeTrack({ actor, programId, trackId })).toEqual({ ok: true });
    expect(await restoreTerm({ actor, programId, termId })).toEqual({ ok: true });
    const restored = await getProgramOverview({ slug });
    expect(restored?.degreeTracks.map((track) => track.id)).toEqual([trackId]);
    expect(restored?.terms.map((term) => term.id)).toEqual([termId]);
    expect((await auditEntries(trackId)).map((entry) => entry.action)).toEqual([
      "degree-track.created",
      "degree-track.archived",
      "degree-track.restored",
    ]);
  });

  test("an archived program leaves the home page, its page (not found) and the pickers; its records stay", async () => {
    const { actor, programId, slug, trackId, termId, course, student, cohort } = await programInUse();
    const now = new Date("2026-11-30T03:00:00.000Z");
    expect(await archiveProgram({ actor, programId, now })).toEqual({ ok: true });

    expect((await listProgramsWithPublishedCourses()).map((program) => program.id)).not.toContain(programId);
    expect(await getProgramOverview({ slug })).toBeNull();
    expect((await listCohortPrograms()).map((program) => program.id)).not.toContain(programId);
    expect((await listCohortPrograms({ cohortId: cohort.id })).map((program) => program.id)).toContain(programId);
    expect((await getCourseFormOptions()).programs.map((program) => program.id)).not.toContain(programId);
    expect((await getCourseFormOptions({ courseId: course.id })).programs.map((program) => program.id)).toContain(
      programId,
    );
    expect((await listCoursePlacements()).map((program) => program.id)).not.toContain(programId);
    expect((await listDegreeTrackChoices()).map((choice) => choice.id)).not.toContain(trackId);

    // Everything that refers to it is still there, unchanged.
    expect(
      await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { programId: true, termId: true } }),
    ).toEqual({
      programId,
      termId,
    });
    expect(await prisma.cohort.count({ where: { id: cohort.id, programId } })).toBe(1);
    expect(await prisma.user.count({ where: { id: student.id, degreeTrackId: trackId } })).toBe(1);
    const entries = await auditEntries(programId);
    expect(entries.at(-1)).toEqual({
      action: "program.archived",
      entityType: "Program",
      actorId: actor.id,
      data: { before: { archivedAt: null }, after: { archivedAt: now.toISOString() } },
    });

    expect(await restoreProgram({ actor, programId })).toEqual({ ok: true });
    expect(await getProgramOverview({ slug })).not.toBeNull();
    expect((await listProgramsWithPublishedCourses()).map((program) => program.id)).toContain(programId);
    expect((await auditEntries(programId)).map((entry) => entry.action)).toEqual([
      "program.created",
      "program.archived",
      "program.restored",
    ]);
  });
});
