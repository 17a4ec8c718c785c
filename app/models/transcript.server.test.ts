import { describe, expect, test } from "vitest";
import type { GradeScale } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { creditProgressOf, exportTranscript, getTranscript } from "~/models/transcript.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { createCatalogCourse, createTerm } from "../../tests/factories/catalog";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

/** A graduate program on `scale` with a degree track requiring `requiredCredits`. */
async function graduateProgram({
  scale = "KR_4_5",
  requiredCredits = 24,
}: {
  scale?: GradeScale;
  requiredCredits?: number;
}) {
  const program = await prisma.program.update({
    where: { id: (await createProgram(prisma, { kind: "GRADUATE" })).id },
    data: { gradeScale: scale },
  });
  const track = await prisma.degreeTrack.create({
    data: {
      programId: program.id,
      slug: `ms-ai-${uniqueSuffix()}`,
      nameKo: "인공지능학 석사",
      nameEn: "M.S. in AI",
      descriptionKo: "석사 과정",
      descriptionEn: "Master's track",
      requiredCredits,
    },
  });
  return { program, track };
}

/** A course of the program with `credits` in which `learnerId` has a confirmed `letter` worth `gradePoint`. */
async function confirmedGrade({
  programId,
  termId = null,
  learnerId,
  confirmerId,
  code,
  credits,
  letter,
  gradePoint,
}: {
  programId: string;
  termId?: string | null;
  learnerId: string;
  confirmerId: string;
  code: string;
  credits: number | null;
  letter: string;
  gradePoint: number | null;
}) {
  const course = await createCatalogCourse(prisma, {
    programId,
    termId,
    code,
    title: `${code} 과목`,
    credits,
  });
  if (gradePoint === null) await prisma.course.update({ where: { id: course.id }, data: { isPassFail: true } });
  const enrollment = await enrollLearnerDirectly(prisma, {
    userId: learnerId,
    courseId: course.id,
    status: "COMPLETED",
  });
  await prisma.finalGrade.create({
    data: {
      courseId: course.id,
      userId: learnerId,
      enrollmentId: enrollment.id,
      letter,
      gradePoint,
      confirmedById: confirmerId,
      confirmedAt: new Date("2026-06-30T09:00:00Z"),
    },
  });
  return course;
}

/**
 * A learner on a 24-credit track with, worked out by hand:
 * - 2025 Fall: AI501 3 cr A+ (4.5), AI502 3 cr B0 (3.0), AI503 1 cr P → GPA 22.5 / 6 = 3.75; earned 7
 * - 2026 Spring: AI601 3 cr F (0), AI602 2 cr A0 (4.0), AI603 1 cr NP → GPA 8 / 5 = 1.60; earned 2
 * - 2026 Fall: AI701 3 cr C+ (2.5) → GPA 2.50; earned 3
 * - no term: SEM1 2 cr C0 (2.0) → GPA 2.00; earned 2
 * Cumulative: 42 / 16 = 2.625 → 2.63 (half-up; half-even would give 2.62). Earned 14 of 24 → 58 %.
 */
async function learnerWithRecord() {
  const { program, track } = await graduateProgram({ requiredCredits: 24 });
  const learner = await createUser(prisma, { role: "LEARNER", name: "김가람" });
  await prisma.user.update({
    where: { id: learner.id },
    data: { degreeTrackId: track.id, studentNumber: `2025${uniqueSuffix()}` },
  });
  const confirmer = await createUser(prisma, { role: "INSTRUCTOR" });
  // Terms made out of order: the transcript orders them.
  const fall2026 = await createTerm(prisma, { programId: program.id, year: 2026, season: "FALL" });
  const spring2026 = await createTerm(prisma, { programId: program.id, year: 2026, season: "SPRING" });
  const fall2025 = await createTerm(prisma, { programId: program.id, year: 2025, season: "FALL" });
  const base = { programId: program.id, learnerId: learner.id, confirmerId: confirmer.id };
  await confirmedGrade({ ...base, code: "SEM1", credits: 2, letter: "C0", gradePoint: 2.0 });
  await confirmedGrade({ ...base, termId: fall2026.id, code: "AI701", credits: 3, letter: "C+", gradePoint: 2.5 });
  await confirmedGrade({ ...base, termId: spring2026.id, code: "AI603", credits: 1, letter: "NP", gradePoint: null });
  await confirmedGrade({ ...base, termId: spring2026.id, code: "AI602", credits: 2, letter: "A0", gradePoint: 4.0 });
  await confirmedGrade({ ...base, termId: spring2026.id, code: "AI601", credits: 3, letter: "F", gradePoint: 0 });
  await confirmedGrade({ ...base, termId: fall2025.id, code: "AI503", credits: 1, letter: "P", gradePoint: null });
  await confirmedGrade({ ...base, termId: fall2025.id, code: "AI502", credits: 3, letter: "B0", gradePoint: 3.0 });
  await confirmedGrade({ ...base, termId: fall2025.id, code: "AI501", credits: 3, letter: "A+", gradePoint: 4.5 });
  // Not on the transcript: a course without credits, and another learner's grade.
  await confirmedGrade({ ...base, code: "NC100", credits: null, letter: "A+", gradePoint: 4.5 });
  const other = await createUser(prisma);
  await confirmedGrade({
    ...base,
    learnerId: other.id,
    termId: fall2025.id,
    code: "AI999",
    credits: 3,
    letter: "F",
    gradePoint: 0,
  });
  return { learner, program, track, other };
}

function ok<T extends { ok: boolean }>(result: T) {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe("a transcript's grade point averages and credits", () => {
  test("term and cumulative GPA by hand, with P/NP left out, F counted as 0, and credits earned", async () => {
    const { learner } = await learnerWithRecord();
    const { transcript } = ok(await getTranscript({ actor: learner, userId: learner.id }));
    expect(
      transcript.terms.map((term) => ({
        term: term.term,
        codes: term.courses.map((course) => course.code),
        gpa: term.gpa,
        creditsEarned: term.creditsEarned,
        gpaCredits: term.gpaCredits,
      })),
    ).toEqual([
      {
        term: { year: 2025, season: "FALL" },
        codes: ["AI501", "AI502", "AI503"],
        gpa: 3.75,
        creditsEarned: 7,
        gpaCredits: 6,
      },
      {
        term: { year: 2026, season: "SPRING" },
        codes: ["AI601", "AI602", "AI603"],
        gpa: 1.6,
        creditsEarned: 2,
        gpaCredits: 5,
      },
      { term: { year: 2026, season: "FALL" }, codes: ["AI701"], gpa: 2.5, creditsEarned: 3, gpaCredits: 3 },
      { term: null, codes: ["SEM1"], gpa: 2, creditsEarned: 2, gpaCredits: 2 },
    ]);
    expect(transcript.terms[0]!.courses).toEqual([
      expect.objectContaining({ code: "AI501", credits: 3, letter: "A+", gradePoint: 4.5 }),
      expect.objectContaining({ code: "AI502", credits: 3, letter: "B0", gradePoint: 3 }),
      expect.objectContaining({ code: "AI503", credits: 1, letter: "P", gradePoint: null }),
    ]);
    expect(transcript.gpa).toBe(2.63);
    expect(transcript.gpaCredits).toBe(16);
    expect(transcript.creditsEarned).toBe(14);
    expect(transcript.creditProgress).toEqual({ earned: 14, required: 24, percent: 58 });
    expect(transcript.scale).toBe("KR_4_5");
    expect(transcript.maxGradePoint).toBe(4.5);
    expect(transcript.degreeTrack).toMatchObject({ nameKo: "인공지능학 석사", requiredCredits: 24 });
  });

  test("on the 4.3 scale: (A0 4.0 × 2 + B- 2.7 × 1 + D- 0.7 × 3) / 6 credits is 2.13, out of 4.3", async () => {
    const { program, track } = await graduateProgram({ scale: "KR_4_3", requiredCredits: 30 });
    const learner = await createUser(prisma);
    await prisma.user.update({ where: { id: learner.id }, data: { degreeTrackId: track.id } });
    const confirmer = await createUser(prisma, { role: "INSTRUCTOR" });
    const spring = await createTerm(prisma, { programId: program.id, year: 2026, season: "SPRING" });
    const base = { programId: program.id, termId: spring.id, learnerId: learner.id, confirmerId: confirmer.id };
    await confirmedGrade({ ...base, code: "ML500", credits: 2, letter: "A0", gradePoint: 4.0 });
    await confirmedGrade({ ...base, code: "ML501", credits: 1, letter: "B-", gradePoint: 2.7 });
    await confirmedGrade({ ...base, code: "ML502", credits: 3, letter: "D-", gradePoint: 0.7 });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const { transcript } = ok(await getTranscript({ actor: admin, userId: learner.id }));
    // (8.0 + 2.7 + 2.1) / 6 = 2.1333… → 2.13; every course passed: 6 credits of 30 → 20 %.
    expect(transcript.terms[0]!.gpa).toBe(2.13);
    expect(transcript.gpa).toBe(2.13);
    expect(transcript.scale).toBe("KR_4_3");
    expect(transcript.maxGradePoint).toBe(4.3);
    expect(transcript.creditProgress).toEqual({ earned: 6, required: 30, percent: 20 });
  });

  test("an empty record has no GPA; without a degree track there is no credit progress", async () => {
    const learner = await createUser(prisma);
    const { transcript } = ok(await getTranscript({ actor: learner, userId: learner.id }));
    expect(transcript).toMatchObject({
      terms: [],
      gpa: null,
      creditsEarned: 0,
      creditProgress: null,
      degreeTrack: null,
    });
    expect(transcript.scale).toBe("KR_4_5");
  });

  test("credit progress rounds down and stops at 100 %", () => {
    expect(creditProgressOf(23, 24)).toEqual({ earned: 23, required: 24, percent: 95 });
    expect(creditProgressOf(36, 24)).toEqual({ earned: 36, required: 24, percent: 100 });
    expect(creditProgressOf(0, 24).percent).toBe(0);
  });
});

describe("who may see a transcript", () => {
  test("the learner and admins; another learner or an instructor is refused; an unknown id is not found", async () => {
    const { learner, other } = await learnerWithRecord();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect((await getTranscript({ actor: learner, userId: learner.id })).ok).toBe(true);
    expect((await getTranscript({ actor: admin, userId: learner.id })).ok).toBe(true);
    expect(await getTranscript({ actor: other, userId: learner.id })).toEqual({ ok: false, reason: "notAllowed" });
    expect(await getTranscript({ actor: instructor, userId: learner.id })).toEqual({ ok: false, reason: "notAllowed" });
    expect(await getTranscript({ actor: admin, userId: crypto.randomUUID() })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await getTranscript({ actor: admin, userId: "nope" })).toEqual({ ok: false, reason: "notFound" });
    expect(await getTranscript({ actor: learner, userId: "nope" })).toEqual({ ok: false, reason: "notAllowed" });
  });

  test("an admin's export of someone's transcript is audited; the learner's own is not", async () => {
    const { learner } = await learnerWithRecord();
    const admin = await createUser(prisma, { role: "ADMIN" });
    ok(await exportTranscript({ actor: learner, userId: learner.id, format: "csv" }));
    expect(await prisma.auditLog.count({ where: { entityId: learner.id, action: "report.exported" } })).toBe(0);
    ok(await exportTranscript({ actor: { ...admin, ipAddress: "192.0.2.9" }, userId: learner.id, format: "xlsx" }));
    const entries = await prisma.auditLog.findMany({
      where: { entityType: "User", entityId: learner.id, action: "report.exported" },
      select: { actorId: true, data: true, ipAddress: true },
    });
    expect(entries).toEqual([
      { actorId: admin.id, data: { kind: "transcript", format: "xlsx", courseCount: 8 }, ipAddress: "192.0.2.9" },
    ]);
  });
});
