import iconv from "iconv-lite";
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { recordOutcomeSchema, type OutcomeInput } from "~/lib/outcome-forms";
import {
  confirmOutcomeImport,
  getCohortOutcomes,
  getCohortOutcomeSummary,
  previewOutcomeImport,
  previewOutcomeImportUpload,
  recordCohortOutcome,
} from "~/models/cohort-outcome.server";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";

/** A Saturday in November, three months after the fixture's cohort ended on Friday 28 August. */
const NOW = new Date("2026-11-28T03:00:00.000Z");

async function countSqlStatements(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

function ok<T extends { ok: boolean }>(result: T) {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

async function makeCohort({ startsOn = "2026-03-02", endsOn = "2026-08-28" } = {}) {
  const program = await createProgram(prisma);
  return prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: `AI 부트캠프 ${uniqueSuffix()}`,
      startsOn: new Date(startsOn),
      endsOn: new Date(endsOn),
    },
  });
}

async function member(
  cohortId: string,
  { leftAt = null, role = "LEARNER", name }: { leftAt?: Date | null; role?: "LEARNER" | "MENTOR"; name?: string } = {},
) {
  const user = await createUser(prisma, { name });
  await prisma.cohortMember.create({ data: { cohortId, userId: user.id, role, leftAt } });
  return user;
}

function outcome(userId: string, values: Partial<OutcomeInput> & Pick<OutcomeInput, "kind">): OutcomeInput {
  return { userId, organisation: null, outcomeOn: null, ...values };
}

/**
 * Ten graduates: eight who never left, one removed on the last day (14:00 in Korea) and one removed
 * at 00:30 in Korea the day after (15:30 UTC on the last day). Not graduates: a learner removed the
 * evening before the last day (23:59 in Korea), and a mentor.
 */
async function cohortWithGraduates() {
  const cohort = await makeCohort();
  const graduates = [];
  for (let index = 0; index < 8; index++) graduates.push(await member(cohort.id, { name: `Graduate ${index}` }));
  graduates.push(await member(cohort.id, { leftAt: new Date("2026-08-28T05:00:00Z") }));
  graduates.push(await member(cohort.id, { leftAt: new Date("2026-08-28T15:30:00Z") }));
  const leftEarly = await member(cohort.id, { leftAt: new Date("2026-08-27T14:59:00Z") });
  const mentor = await member(cohort.id, { role: "MENTOR" });
  const admin = await createUser(prisma, { role: "ADMIN" });
  return { cohort, graduates, leftEarly, mentor, admin };
}

describe("outcome figures", () => {
  test("10 graduates, 4 employed, 1 started a company, 2 graduate school, 1 seeking, 2 unrecorded: 50 %", async () => {
    const { cohort, graduates, leftEarly, mentor, admin } = await cohortWithGraduates();
    const kinds = [
      "EMPLOYED",
      "EMPLOYED",
      "EMPLOYED",
      "EMPLOYED",
      "STARTED_COMPANY",
      "GRADUATE_SCHOOL",
      "GRADUATE_SCHOOL",
      "SEEKING",
    ] as const;
    for (const [index, kind] of kinds.entries()) {
      const organisation = kind === "SEEKING" ? null : `Org ${index}`;
      ok(
        await recordCohortOutcome({
          actor: admin,
          cohortId: cohort.id,
          outcome: outcome(graduates[index]!.id, { kind, organisation }),
          now: NOW,
        }),
      );
    }
    // Not graduates: refused, and an outcome slipped in for one of them by hand is not counted.
    for (const user of [leftEarly, mentor]) {
      expect(
        await recordCohortOutcome({
          actor: admin,
          cohortId: cohort.id,
          outcome: outcome(user.id, { kind: "EMPLOYED", organisation: "X" }),
          now: NOW,
        }),
      ).toEqual({ ok: false, reason: "notGraduate" });
    }
    await prisma.cohortOutcome.create({
      data: { cohortId: cohort.id, userId: leftEarly.id, kind: "EMPLOYED", organisation: "X", recordedById: admin.id },
    });

    // (4 + 1) / 10 = 50 %; over the 8 recorded, 5 / 8 = 62.5 %.
    expect(await getCohortOutcomeSummary({ cohortId: cohort.id })).toEqual({
      graduates: 10,
      recorded: 8,
      unrecorded: 2,
      byKind: { EMPLOYED: 4, STARTED_COMPANY: 1, GRADUATE_SCHOOL: 2, SEEKING: 1 },
      employedOrStarted: 5,
      employmentRate: 50,
      employmentRateOfRecorded: 62.5,
    });
  });

  test("a cohort without graduates has no rate; an unknown cohort has no figures", async () => {
    const cohort = await makeCohort();
    const empty = await getCohortOutcomeSummary({ cohortId: cohort.id });
    expect(empty).toMatchObject({ graduates: 0, recorded: 0, employmentRate: null, employmentRateOfRecorded: null });
    expect(await getCohortOutcomeSummary({ cohortId: "nope" })).toEqual(empty);
    // One graduate of three employed: 33.3 %, to one decimal.
    const small = await makeCohort();
    const admin = await createUser(prisma, { role: "ADMIN" });
    const [first] = [await member(small.id), await member(small.id), await member(small.id)];
    ok(
      await recordCohortOutcome({
        actor: admin,
        cohortId: small.id,
        outcome: outcome(first.id, { kind: "EMPLOYED", organisation: "Naver" }),
        now: NOW,
      }),
    );
    expect(await getCohortOutcomeSummary({ cohortId: small.id })).toMatchObject({
      employmentRate: 33.3,
      employmentRateOfRecorded: 100,
    });
  });

  test("the page lists graduates by name, 50 at a time or only the unrecorded, in the same statements for 3 or 60", async () => {
    const { cohort, graduates, admin } = await cohortWithGraduates();
    ok(
      await recordCohortOutcome({
        actor: admin,
        cohortId: cohort.id,
        outcome: outcome(graduates[0]!.id, { kind: "SEEKING" }),
        now: NOW,
      }),
    );
    const page = ok(
      await getCohortOutcomes({ actor: admin, cohortId: cohort.id, editUserId: graduates[0]!.id, now: NOW }),
    );
    expect(page.graduates.totalCount).toBe(10);
    expect(page.graduates.items.map((row) => row.userId).sort()).toEqual(graduates.map((user) => user.id).sort());
    expect(page.editing).toMatchObject({ userId: graduates[0]!.id, kind: "SEEKING", organisation: null });
    expect(page.isOpen).toBe(true);
    expect(page.opensOn).toBe("2026-08-29");
    const unrecorded = ok(
      await getCohortOutcomes({ actor: admin, cohortId: cohort.id, filter: "unrecorded", now: NOW }),
    );
    expect(unrecorded.graduates.totalCount).toBe(9);
    expect(unrecorded.graduates.items.some((row) => row.userId === graduates[0]!.id)).toBe(false);

    const large = await makeCohort();
    for (let index = 0; index < 60; index++) await member(large.id);
    const statements = (cohortId: string) =>
      countSqlStatements(() => getCohortOutcomes({ actor: admin, cohortId, editUserId: graduates[0]!.id, now: NOW }));
    await statements(cohort.id); // warm-up
    expect(await statements(large.id)).toBe(await statements(cohort.id));
    const secondPage = ok(await getCohortOutcomes({ actor: admin, cohortId: large.id, page: 2, now: NOW }));
    expect(secondPage.graduates.items).toHaveLength(10);
    expect(secondPage.graduates.pageCount).toBe(2);
  });
});

describe("recording one graduate's outcome", () => {
  test("before the day after the cohort's end it is refused; from then on it is recorded", async () => {
    const cohort = await makeCohort({ startsOn: "2026-09-01", endsOn: "2026-12-18" });
    const graduate = await member(cohort.id);
    const admin = await createUser(prisma, { role: "ADMIN" });
    const input = outcome(graduate.id, { kind: "EMPLOYED", organisation: "카카오" });
    for (const now of [NOW, new Date("2026-12-18T14:59:00Z")]) {
      expect(await recordCohortOutcome({ actor: admin, cohortId: cohort.id, outcome: input, now })).toEqual({
        ok: false,
        reason: "cohortNotEnded",
      });
    }
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(0);
    const page = ok(await getCohortOutcomes({ actor: admin, cohortId: cohort.id, now: NOW }));
    expect(page).toMatchObject({ isOpen: false, opensOn: "2026-12-19" });
    // 00:00 on 19 December in Korea.
    ok(
      await recordCohortOutcome({
        actor: admin,
        cohortId: cohort.id,
        outcome: input,
        now: new Date("2026-12-18T15:00:00Z"),
      }),
    );
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(1);
  });

  test("a double submit records once and audits once; a change is audited with what it was and became", async () => {
    const { cohort, graduates, admin } = await cohortWithGraduates();
    const graduate = graduates[0]!;
    const input = outcome(graduate.id, { kind: "EMPLOYED", organisation: "네이버", outcomeOn: new Date("2026-10-01") });
    const results = await Promise.all([
      recordCohortOutcome({ actor: admin, cohortId: cohort.id, outcome: input, now: NOW }),
      recordCohortOutcome({ actor: admin, cohortId: cohort.id, outcome: input, now: NOW }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(results.filter((result) => result.ok && result.isChanged)).toHaveLength(1);
    ok(
      await recordCohortOutcome({
        actor: { ...admin, ipAddress: "192.0.2.4" },
        cohortId: cohort.id,
        outcome: outcome(graduate.id, { kind: "GRADUATE_SCHOOL", organisation: "KAIST" }),
        now: NOW,
      }),
    );
    const rows = await prisma.cohortOutcome.findMany({
      where: { cohortId: cohort.id },
      select: { userId: true, kind: true, organisation: true, outcomeOn: true, recordedById: true },
    });
    expect(rows).toEqual([
      { userId: graduate.id, kind: "GRADUATE_SCHOOL", organisation: "KAIST", outcomeOn: null, recordedById: admin.id },
    ]);
    const audit = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohort.id, action: "outcome.recorded" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { data: true, ipAddress: true },
    });
    expect(audit).toEqual([
      {
        data: {
          userId: graduate.id,
          before: null,
          after: { kind: "EMPLOYED", organisation: "네이버", outcomeOn: "2026-10-01" },
        },
        ipAddress: null,
      },
      {
        data: {
          userId: graduate.id,
          before: { kind: "EMPLOYED", organisation: "네이버", outcomeOn: "2026-10-01" },
          after: { kind: "GRADUATE_SCHOOL", organisation: "KAIST", outcomeOn: null },
        },
        ipAddress: "192.0.2.4",
      },
    ]);
  });

  test("a date before the cohort began or more than a year ahead is refused beside the date", async () => {
    const { cohort, graduates, admin } = await cohortWithGraduates();
    for (const day of ["2026-03-01", "2027-11-29"]) {
      expect(
        await recordCohortOutcome({
          actor: admin,
          cohortId: cohort.id,
          outcome: outcome(graduates[0]!.id, { kind: "EMPLOYED", organisation: "X", outcomeOn: new Date(day) }),
          now: NOW,
        }),
      ).toEqual({ ok: false, reason: "dateOutOfRange" });
    }
    for (const day of ["2026-03-02", "2027-11-28"]) {
      ok(
        await recordCohortOutcome({
          actor: admin,
          cohortId: cohort.id,
          outcome: outcome(graduates[0]!.id, { kind: "EMPLOYED", organisation: "X", outcomeOn: new Date(day) }),
          now: NOW,
        }),
      );
    }
  });

  test("the form's schema asks an organisation of a job, a company or a school, and drops one for someone still looking", () => {
    const userId = crypto.randomUUID();
    const missing = recordOutcomeSchema.safeParse({ userId, kind: "STARTED_COMPANY", organisation: "  " });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["organisation", "outcomes.organisationRequired"],
    ]);
    expect(recordOutcomeSchema.parse({ userId, kind: "SEEKING", organisation: "Somewhere" })).toEqual({
      userId,
      kind: "SEEKING",
      organisation: null,
      outcomeOn: null,
    });
    const bad = recordOutcomeSchema.safeParse({ userId, kind: "RETIRED", outcomeOn: "2026-02-30" });
    expect(bad.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["kind", "outcomes.kindRequired"],
      ["outcomeOn", "validation.dateInvalid"],
    ]);
  });

  test("only admins record; an unknown cohort is not found", async () => {
    const { cohort, graduates } = await cohortWithGraduates();
    const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
    const input = outcome(graduates[0]!.id, { kind: "SEEKING" });
    expect(await recordCohortOutcome({ actor: instructor, cohortId: cohort.id, outcome: input, now: NOW })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await getCohortOutcomes({ actor: graduates[0]!, cohortId: cohort.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect(
      await recordCohortOutcome({ actor: admin, cohortId: crypto.randomUUID(), outcome: input, now: NOW }),
    ).toEqual({
      ok: false,
      reason: "notFound",
    });
  });
});

describe("importing outcomes from a CSV file", () => {
  /** A cohort's graduates with known e-mails and student numbers, one outcome already recorded. */
  async function importFixture() {
    const { cohort, graduates, leftEarly, admin } = await cohortWithGraduates();
    const numbered = async (index: number, studentNumber: string) => {
      await prisma.user.update({ where: { id: graduates[index]!.id }, data: { studentNumber } });
    };
    const suffix = uniqueSuffix();
    await numbered(1, `S${suffix}-1`);
    const outsider = await createUser(prisma);
    await prisma.user.update({ where: { id: outsider.id }, data: { studentNumber: `S${suffix}-9` } });
    ok(
      await recordCohortOutcome({
        actor: admin,
        cohortId: cohort.id,
        outcome: outcome(graduates[8]!.id, { kind: "SEEKING" }),
        now: NOW,
      }),
    );
    ok(
      await recordCohortOutcome({
        actor: admin,
        cohortId: cohort.id,
        outcome: outcome(graduates[9]!.id, { kind: "SEEKING" }),
        now: NOW,
      }),
    );
    return { cohort, graduates, leftEarly, admin, suffix };
  }

  function csv(lines: string[]) {
    return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
  }

  test("each bad row is named with what is wrong; good rows show what confirming will do", async () => {
    const { cohort, graduates: g, leftEarly, admin, suffix } = await importFixture();
    const bytes = csv([
      "이메일,학번,이름,진로,기관,날짜",
      `${g[0]!.email},,참고용 이름,취업,네이버,2026-10-01`, // 2: new
      `,S${suffix}-1,,employed,Kakao,`, // 3: new, by student number
      `${g[2]!.email.toUpperCase()},,,창업,우리 회사,2026-02-30`, // 4: not a day
      `nobody-${suffix}@example.com,,,취업,X,`, // 5: unknown e-mail
      `,NOPE-${suffix},,취업,X,`, // 6: unknown student number
      `${leftEarly.email},,,취업,X,`, // 7: not a graduate
      `${g[3]!.email},,,해외여행,,`, // 8: unknown outcome
      `${g[4]!.email},,,진학,,`, // 9: no organisation
      `${g[0]!.email},,,구직 중,,`, // 10: repeats line 2
      `${g[5]!.email},,,still looking,ignored,`, // 11: new, organisation dropped
      `${g[6]!.email},,,GRADUATE_SCHOOL,KAIST,2020-01-01`, // 12: date out of range
      `,,,취업,X,`, // 13: nobody named
      `${g[7]!.email},S${suffix}-9,,취업,X,`, // 14: e-mail and student number of two people
      `${g[8]!.email},,,SEEKING,,`, // 15: same as recorded
      `${g[9]!.email},,,Started a company,Lab 9,2026-09-01`, // 16: replaces SEEKING
      `${g[7]!.email},,,,,`, // 17: no outcome
    ]);
    const { preview } = ok(
      await previewOutcomeImport({ actor: admin, cohortId: cohort.id, fileName: "진로.csv", bytes, now: NOW }),
    );
    expect(
      preview.rows.map((row) => [row.line, row.status, row.issues.map((issue) => issue.messageKey.split(".").at(-1))]),
    ).toEqual([
      [2, "new", []],
      [3, "new", []],
      [4, "error", ["dateInvalid"]],
      [5, "error", ["unknownEmail"]],
      [6, "error", ["unknownStudentNumber"]],
      [7, "error", ["notGraduate"]],
      [8, "error", ["unknownOutcome"]],
      [9, "error", ["organisationMissing"]],
      [10, "error", ["repeated"]],
      [11, "new", []],
      [12, "error", ["dateOutOfRange"]],
      [13, "error", ["personMissing"]],
      [14, "error", ["personMismatch"]],
      [15, "same", []],
      [16, "changed", []],
      [17, "error", ["outcomeMissing"]],
    ]);
    expect(preview.rows[8]!.issues[0]!.values).toEqual({ line: 2 });
    expect(preview.rows[10]!.issues[0]!.values).toEqual({ from: "2026-03-02", to: "2027-11-28" });
    expect(preview.rows[0]).toMatchObject({ name: g[0]!.name, kind: "EMPLOYED" });
    expect(preview.counts).toEqual({ new: 3, changed: 1, same: 1, error: 11 });
    expect(preview.checkedRows.map((row) => row.line)).toEqual([2, 3, 11, 15, 16]);
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(2);
  });

  test("confirming records the checked rows in one transaction, once, with one audit entry", async () => {
    const { cohort, graduates: g, admin, suffix } = await importFixture();
    const bytes = csv([
      "email,student number,outcome,organisation,date",
      `${g[0]!.email},,취업,네이버,2026-10-01`,
      `,S${suffix}-1,창업,Lab,`,
      `${g[5]!.email},,구직 중,,`,
      `${g[8]!.email},,구직 중,,`,
      `${g[9]!.email},,진학,서울대학교,2027-03-02`,
      `${g[2]!.email},,취업,,`, // wrong: left out of the confirmation
    ]);
    const { preview } = ok(
      await previewOutcomeImport({ actor: admin, cohortId: cohort.id, fileName: "outcomes.csv", bytes, now: NOW }),
    );
    const confirm = () =>
      confirmOutcomeImport({
        actor: admin,
        cohortId: cohort.id,
        fileName: "outcomes.csv",
        rows: preview.checkedRows,
        now: NOW,
      });
    const [first, second] = await Promise.all([confirm(), confirm()]);
    expect([first, second]).toContainEqual({ ok: true, created: 3, updated: 1, unchanged: 1 });
    expect([first, second]).toContainEqual({ ok: true, created: 0, updated: 0, unchanged: 5 });
    const recorded = await prisma.cohortOutcome.findMany({
      where: { cohortId: cohort.id },
      select: { userId: true, kind: true, organisation: true, outcomeOn: true },
    });
    expect(recorded).toHaveLength(5);
    expect(recorded).toContainEqual({
      userId: g[0]!.id,
      kind: "EMPLOYED",
      organisation: "네이버",
      outcomeOn: new Date("2026-10-01"),
    });
    expect(recorded).toContainEqual({
      userId: g[1]!.id,
      kind: "STARTED_COMPANY",
      organisation: "Lab",
      outcomeOn: null,
    });
    expect(recorded).toContainEqual({
      userId: g[9]!.id,
      kind: "GRADUATE_SCHOOL",
      organisation: "서울대학교",
      outcomeOn: new Date("2027-03-02"),
    });
    const audit = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohort.id, action: "outcomes.imported" },
      select: { data: true },
    });
    expect(audit).toEqual([{ data: { fileName: "outcomes.csv", rowCount: 5, created: 3, updated: 1, unchanged: 1 } }]);
  });

  test("rows edited in the page are checked again: anything wrong now writes nothing", async () => {
    const { cohort, graduates: g, leftEarly, admin } = await importFixture();
    const rows = [
      { line: 2, email: g[0]!.email, studentNumber: "", outcome: "취업", organisation: "네이버", date: "" },
      { line: 3, email: leftEarly.email, studentNumber: "", outcome: "취업", organisation: "X", date: "" },
    ];
    const refused = await confirmOutcomeImport({
      actor: admin,
      cohortId: cohort.id,
      fileName: "x.csv",
      rows,
      now: NOW,
    });
    expect(refused).toMatchObject({ ok: false, reason: "changed" });
    if (refused.ok) throw new Error("expected a refusal");
    expect(refused.preview?.rows.map((row) => row.status)).toEqual(["new", "error"]);
    expect(
      await confirmOutcomeImport({ actor: admin, cohortId: cohort.id, fileName: "x.csv", rows: null, now: NOW }),
    ).toEqual({
      ok: false,
      reason: "rowsUnreadable",
    });
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(2);
    expect(await prisma.auditLog.count({ where: { entityId: cohort.id, action: "outcomes.imported" } })).toBe(0);
  });

  test("a Korean Excel file (CP949) is read; files that are not outcome lists are refused whole", async () => {
    const { cohort, graduates: g, admin } = await importFixture();
    const cp949 = iconv.encode(`이메일,진로,기관\r\n${g[0]!.email},취업,광주은행\r\n`, "cp949");
    const { preview } = ok(
      await previewOutcomeImport({
        actor: admin,
        cohortId: cohort.id,
        fileName: "진로.csv",
        bytes: new Uint8Array(cp949),
        now: NOW,
      }),
    );
    expect(preview.rows[0]).toMatchObject({ status: "new", organisation: "광주은행", kind: "EMPLOYED" });
    const preview_ = (bytes: Uint8Array) =>
      previewOutcomeImport({ actor: admin, cohortId: cohort.id, fileName: "x.csv", bytes, now: NOW });
    expect(await preview_(csv(["이름,진로", "홍길동,취업"]))).toEqual({ ok: false, reason: "missingPersonColumn" });
    expect(await preview_(csv(["이메일,기관", `${g[0]!.email},X`]))).toEqual({
      ok: false,
      reason: "missingOutcomeColumn",
    });
    expect(await preview_(csv(["이메일,진로"]))).toEqual({ ok: false, reason: "noRows" });
    expect(await preview_(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toEqual({ ok: false, reason: "notText" });
    expect(await preview_(csv(["이메일,진로", '"unterminated,취업']))).toMatchObject({
      ok: false,
      reason: "csvMalformed",
    });
    const running = await makeCohort({ endsOn: "2026-12-18" });
    expect(
      await previewOutcomeImport({
        actor: admin,
        cohortId: running.id,
        fileName: "x.csv",
        bytes: csv(["이메일,진로"]),
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: "cohortNotEnded" });
  });

  test("an upload over 1 MB is refused before it is read, and so is a file that is not .csv", async () => {
    const { cohort, admin } = await importFixture();
    const upload = (file: File) => {
      const form = new FormData();
      form.set("intent", "import-preview");
      form.set("files", file);
      return previewOutcomeImportUpload({
        actor: admin,
        cohortId: cohort.id,
        request: new Request("http://bitgoeul.test/outcomes", { method: "POST", body: form }),
        now: NOW,
      });
    };
    const large = new File([new Uint8Array(1024 * 1024 + 1).fill(0x61)], "outcomes.csv", { type: "text/csv" });
    expect(await upload(large)).toMatchObject({ ok: false, reason: "tooLarge" });
    const spreadsheet = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], "outcomes.xlsx");
    expect(await upload(spreadsheet)).toMatchObject({ ok: false, reason: "wrongType" });
    const good = new File([csv(["email,outcome", "x@example.com,취업"])], "outcomes.csv", { type: "text/csv" });
    const read = ok(await upload(good));
    expect(read.preview.rows[0]!.issues[0]!.messageKey).toBe("outcomes.import.rowErrors.unknownEmail");
  });
});
