import ExcelJS from "exceljs";
import { createInstance, type TFunction } from "i18next";
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import type { Language } from "~/lib/i18n";
import { serverI18nOptions } from "~/lib/i18n-resources.server";
import { csvStream, xlsxStream } from "~/lib/spreadsheet-stream.server";
import { DEFAULT_TIME_ZONE, setAppTimeZone } from "~/lib/time-zone";
import { cohortMatrixSheet, exportCohortMatrix, getCohortReports, type MatrixRow } from "~/models/cohort-report.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { createCatalogCourse } from "../../tests/factories/catalog";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

async function translator(language: Language): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({ ...serverI18nOptions, lng: language });
  return i18n.getFixedT(language, "common");
}

/** SQL statements sent to PostgreSQL while `run` runs, counted at the node-postgres client. */
async function countSqlStatements(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

async function learnerNamed(name: string) {
  return createUser(prisma, { role: "LEARNER", name });
}

/**
 * A cohort with a non-credit course (DATA101) and a credit course (AI501) assigned, and:
 * - Ahn: DATA101 completed (100 %) at 01:30 on 21 Nov in Korea (16:30 UTC the day before); AI501 active, 40 %
 * - Baek: DATA101 active, 50 %; AI501 completed, 100 %, confirmed A0
 * - Cho: DATA101 dropped at 10 %; not enrolled in AI501
 * - not in the matrix: Dong, who left; Eom, a mentor
 */
async function cohortFixture() {
  const program = await createProgram(prisma);
  const data101 = await createCatalogCourse(prisma, { programId: program.id, code: `DATA101`, title: "데이터 기초" });
  const ai501 = await createCatalogCourse(prisma, {
    programId: program.id,
    code: `AI501`,
    title: "기계학습",
    credits: 3,
  });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: "2026 가을 AI",
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2026-12-18"),
      courses: {
        create: [
          { courseId: ai501.id, startsOn: new Date("2026-10-01") },
          { courseId: data101.id, startsOn: new Date("2026-09-01") },
        ],
      },
    },
  });
  const [ahn, baek, cho, dong, eom] = await Promise.all(["Ahn", "Baek", "Cho", "Dong", "Eom"].map(learnerNamed));
  const ahnStudentNumber = `S-${uniqueSuffix()}`;
  await prisma.user.update({ where: { id: ahn!.id }, data: { studentNumber: ahnStudentNumber } });
  await prisma.cohortMember.createMany({
    data: [
      { cohortId: cohort.id, userId: ahn!.id },
      { cohortId: cohort.id, userId: baek!.id },
      { cohortId: cohort.id, userId: cho!.id },
      { cohortId: cohort.id, userId: dong!.id, leftAt: new Date("2026-10-01") },
      { cohortId: cohort.id, userId: eom!.id, role: "MENTOR" },
    ],
  });
  const enroll = async (
    userId: string,
    courseId: string,
    status: "ACTIVE" | "COMPLETED" | "DROPPED",
    progressPercent: number,
    completedAt: Date | null = null,
  ) => {
    const enrollment = await enrollLearnerDirectly(prisma, { userId, courseId, status });
    await prisma.enrollment.update({
      where: { id: enrollment.id },
      data: { progressPercent, completedAt, cohortId: cohort.id },
    });
    return enrollment;
  };
  await enroll(ahn!.id, data101.id, "COMPLETED", 100, new Date("2026-11-20T16:30:00Z"));
  await enroll(ahn!.id, ai501.id, "ACTIVE", 40);
  await enroll(baek!.id, data101.id, "ACTIVE", 50);
  const graded = await enroll(baek!.id, ai501.id, "COMPLETED", 100, new Date("2026-12-01T03:00:00Z"));
  await enroll(cho!.id, data101.id, "DROPPED", 10);
  await enroll(dong!.id, data101.id, "ACTIVE", 70);
  const confirmer = await createUser(prisma, { role: "INSTRUCTOR" });
  await prisma.finalGrade.create({
    data: {
      courseId: ai501.id,
      userId: baek!.id,
      enrollmentId: graded.id,
      letter: "A0",
      gradePoint: 4.0,
      confirmedById: confirmer.id,
      confirmedAt: new Date("2026-12-20T00:00:00Z"),
    },
  });
  const admin = await createUser(prisma, { role: "ADMIN" });
  return { cohort, data101, ai501, ahn: ahn!, ahnStudentNumber, baek: baek!, cho: cho!, admin };
}

async function allRows(batches: AsyncIterable<MatrixRow[]>) {
  const rows: MatrixRow[] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
}

function ok<T extends { ok: boolean }>(result: T) {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe("the learner × course matrix", () => {
  test("one row per current learner, by name, with each course's progress, completion day in Korea, status and letter", async () => {
    const fixture = await cohortFixture();
    const { data101, ai501 } = fixture;
    const matrix = ok(await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "csv" }));
    expect(matrix.courses.map((course) => course.code)).toEqual(["DATA101", "AI501"]);
    expect(matrix.learnerCount).toBe(3);
    const rows = await allRows(matrix.batches);
    expect(rows.map((row) => row.name)).toEqual(["Ahn", "Baek", "Cho"]);
    expect(rows[0]!.cells).toEqual({
      [data101.id]: { status: "COMPLETED", progressPercent: 100, completedOn: "2026-11-21", letter: null },
      [ai501.id]: { status: "ACTIVE", progressPercent: 40, completedOn: null, letter: null },
    });
    expect(rows[1]!.cells[ai501.id]).toEqual({
      status: "COMPLETED",
      progressPercent: 100,
      completedOn: "2026-12-01",
      letter: "A0",
    });
    expect(rows[2]!.cells).toEqual({
      [data101.id]: { status: "DROPPED", progressPercent: 10, completedOn: null, letter: null },
    });
    expect(rows[0]!.studentNumber).toBe(fixture.ahnStudentNumber);
    const audit = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: fixture.cohort.id, action: "report.exported" },
      select: { actorId: true, data: true },
    });
    expect(audit).toEqual([
      { actorId: fixture.admin.id, data: { kind: "cohort-matrix", format: "csv", learnerCount: 3, courseCount: 2 } },
    ]);
  });

  test("the completion day is taken in APP_TIME_ZONE, not always in Korea", async () => {
    const fixture = await cohortFixture();
    setAppTimeZone("America/New_York");
    try {
      const matrix = ok(await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "csv" }));
      const rows = await allRows(matrix.batches);
      // 2026-11-20 16:30 UTC is 11:30 that day in New York (21 November 01:30 in Seoul);
      // 2026-12-01 03:00 UTC is 22:00 on 30 November in New York (noon on 1 December in Seoul).
      expect(rows[0]!.cells[fixture.data101.id]?.completedOn).toBe("2026-11-20");
      expect(rows[1]!.cells[fixture.ai501.id]?.completedOn).toBe("2026-11-30");
    } finally {
      setAppTimeZone(DEFAULT_TIME_ZONE);
    }
  });

  test("streamed as CSV it starts with a BOM, its header in the reader's language, a letter column only for credit courses", async () => {
    const fixture = await cohortFixture();
    const matrix = ok(await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "csv" }));
    const t = await translator("ko");
    const bytes = new Uint8Array(await new Response(csvStream(cohortMatrixSheet(matrix, t))).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.subarray(3)).split("\r\n");
    expect(lines[0]).toBe(
      "이름,이메일,학번,DATA101 진도율(%),DATA101 이수일,DATA101 상태,AI501 진도율(%),AI501 이수일,AI501 상태,AI501 등급",
    );
    expect(lines[1]).toBe(`Ahn,${fixture.ahn.email},${fixture.ahnStudentNumber},100,2026-11-21,이수,40,,수강 중,`);
    expect(lines[2]).toBe(`Baek,${fixture.baek.email},,50,,수강 중,100,2026-12-01,이수,A0`);
    expect(lines[3]).toBe(`Cho,${fixture.cho.email},,10,,취소,,,,`);
    expect(lines[4]).toBe("");
  });

  test("streamed as XLSX it opens in exceljs with the expected cells", async () => {
    const fixture = await cohortFixture();
    const matrix = ok(await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "xlsx" }));
    const sheet = cohortMatrixSheet(matrix, await translator("en"));
    const bytes = await new Response(xlsxStream(sheet)).arrayBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const worksheet = workbook.worksheets[0]!;
    expect(worksheet.name).toBe("2026 가을 AI learner progress");
    expect(worksheet.getRow(1).values).toEqual([
      undefined,
      "Name",
      "Email",
      "Student number",
      "DATA101 progress (%)",
      "DATA101 completed on",
      "DATA101 status",
      "AI501 progress (%)",
      "AI501 completed on",
      "AI501 status",
      "AI501 letter grade",
    ]);
    expect(worksheet.getRow(3).values).toEqual([
      undefined,
      "Baek",
      fixture.baek.email,
      undefined,
      50,
      undefined,
      "Learning",
      100,
      "2026-12-01",
      "Completed",
      "A0",
    ]);
    expect(worksheet.getCell("D2").type).toBe(ExcelJS.ValueType.Number);
    expect(worksheet.rowCount).toBe(4);
  });

  test("pages of learners follow name then id, so learners with one name are neither lost nor repeated", async () => {
    const fixture = await cohortFixture();
    const twins = await Promise.all([learnerNamed("Baek"), learnerNamed("Baek")]);
    await prisma.cohortMember.createMany({
      data: twins.map((twin) => ({ cohortId: fixture.cohort.id, userId: twin.id })),
    });
    const matrix = ok(
      await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "csv", batchSize: 2 }),
    );
    const batches: MatrixRow[][] = [];
    for await (const batch of matrix.batches) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    const names = batches.flat().map((row) => row.name);
    expect(names).toEqual(["Ahn", "Baek", "Baek", "Baek", "Cho"]);
    const baekIds = batches
      .flat()
      .filter((row) => row.name === "Baek")
      .map((row) => row.id);
    expect(baekIds).toEqual([fixture.baek.id, ...twins.map((twin) => twin.id)].sort());
  });

  test("reading the whole matrix costs the same statements for 3 learners as for 40", async () => {
    const small = await cohortFixture();
    const large = await cohortFixture();
    for (let index = 0; index < 37; index++) {
      const learner = await learnerNamed(`Learner ${String(index).padStart(2, "0")}`);
      await prisma.cohortMember.create({ data: { cohortId: large.cohort.id, userId: learner.id } });
      await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: large.ai501.id });
    }
    const read = async (fixture: typeof small) => {
      const matrix = ok(await exportCohortMatrix({ actor: fixture.admin, cohortId: fixture.cohort.id, format: "csv" }));
      return allRows(matrix.batches);
    };
    await read(small); // warm-up: the first use of a connection sends its own statements
    const forSmall = await countSqlStatements(() => read(small));
    const forLarge = await countSqlStatements(() => read(large));
    expect((await read(large)).length).toBe(40);
    expect(forLarge).toBe(forSmall);
    expect(forSmall).toBeLessThanOrEqual(6);
  });
});

describe("who may export a cohort's reports", () => {
  test("admins only; an unknown cohort is not found; nothing is audited when refused", async () => {
    const fixture = await cohortFixture();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const learner = await createUser(prisma);
    for (const actor of [instructor, learner]) {
      expect(await exportCohortMatrix({ actor, cohortId: fixture.cohort.id, format: "xlsx" })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
      expect(await getCohortReports({ actor, cohortId: fixture.cohort.id })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    const unknown = crypto.randomUUID();
    expect(await exportCohortMatrix({ actor: fixture.admin, cohortId: unknown, format: "csv" })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await getCohortReports({ actor: fixture.admin, cohortId: "nope" })).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(
      await prisma.auditLog.count({
        where: { action: "report.exported", entityId: { in: [fixture.cohort.id, unknown] } },
      }),
    ).toBe(0);
    const page = ok(await getCohortReports({ actor: fixture.admin, cohortId: fixture.cohort.id }));
    expect(page.courses.map((course) => [course.code, course.credits])).toEqual([
      ["DATA101", null],
      ["AI501", 3],
    ]);
  });
});
