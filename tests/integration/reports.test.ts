// A cohort's outcomes and reports, and transcripts, through the routes' loaders and actions with real
// signed-in requests: who gets in (admins; a learner only to their own transcript), what the exports
// send (type, file name, a BOM before CSV), the outcome form's errors beside its fields in the
// reader's language with what was typed kept, the CSV import from upload to confirmation, and every
// page in Korean and English without a missing word.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as outcomesRoute from "~/routes/admin.cohorts.$cohortId_.outcomes";
import * as reportsRoute from "~/routes/admin.cohorts.$cohortId_.reports";
import * as matrixRoute from "~/routes/admin.cohorts.$cohortId_.reports_.matrix";
import * as transcriptRoute from "~/routes/transcripts.$userId";
import * as transcriptExportRoute from "~/routes/transcripts.$userId_.export";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createCatalogCourse, createTerm } from "../factories/catalog";
import { enrollLearnerDirectly } from "../factories/progress";
import { escapeHtml, renderPage } from "../factories/render-page";
import { buildFormRequest, routeArgs, sessionCookieHeader, settle } from "../factories/requests";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN", overrides: { email?: string; name?: string } = {}) {
  const user = await createUser(prisma, { role, ...overrides });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

type Loader = (args: ReturnType<typeof routeArgs>) => Promise<unknown>;

async function get(loader: Loader, pathname: string, token: string | undefined, params: Record<string, string>) {
  const request = await buildRequest({ path: pathname, token });
  return settle(loader(routeArgs(request, { params })));
}

/** A download as the browser gets it: the loader's Response, or what it threw. */
async function download(loader: Loader, pathname: string, token: string | undefined, params: Record<string, string>) {
  const request = await buildRequest({ path: pathname, token });
  try {
    return (await loader(routeArgs(request, { params }))) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function postOutcomes(cohortId: string, token: string, form: Record<string, string>, query = "") {
  const request = await buildFormRequest({ path: `/admin/cohorts/${cohortId}/outcomes${query}`, form, token });
  return settle(outcomesRoute.action(routeArgs(request, { params: { cohortId } })));
}

/** A cohort that ended in August (so outcomes are open), with `graduates` learners and a course. */
async function endedCohort({ graduates = 3 }: { graduates?: number } = {}) {
  const program = await createProgram(prisma);
  const course = await createCatalogCourse(prisma, { programId: program.id, code: "DATA101", title: "데이터 기초" });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: `2026 봄 데이터 ${uniqueSuffix()}`,
      startsOn: new Date("2026-03-02"),
      endsOn: new Date("2026-08-28"),
      courses: { create: { courseId: course.id } },
    },
  });
  const learners = [];
  for (let index = 0; index < graduates; index++) {
    const learner = await createUser(prisma, { name: `수료생 ${index + 1}` });
    await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: learner.id } });
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
    learners.push(learner);
  }
  return { cohort, course, learners };
}

describe("who may open a cohort's outcomes and reports", () => {
  test("admins get in; learners and instructors get 403; visitors go to log in; an unknown cohort is 404", async () => {
    const { cohort } = await endedCohort();
    const admin = await signedIn("ADMIN");
    const learner = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    const params = { cohortId: cohort.id };
    const pages: [Loader, string][] = [
      [outcomesRoute.loader as Loader, `/admin/cohorts/${cohort.id}/outcomes`],
      [reportsRoute.loader as Loader, `/admin/cohorts/${cohort.id}/reports`],
      [matrixRoute.loader as Loader, `/admin/cohorts/${cohort.id}/reports/matrix?format=csv`],
    ];
    for (const [loader, pathname] of pages) {
      expect((await get(loader, pathname, admin.token, params)).status).toBe(200);
      expect((await get(loader, pathname, learner.token, params)).status).toBe(403);
      expect((await get(loader, pathname, instructor.token, params)).status).toBe(403);
      const anonymous = await get(loader, pathname, undefined, params);
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toMatch(/^\/login/);
      const unknown = crypto.randomUUID();
      expect((await get(loader, pathname, admin.token, { cohortId: unknown })).status).toBe(404);
    }
    const posted = await postOutcomes(cohort.id, learner.token, {
      intent: "record",
      userId: learner.user.id,
      kind: "SEEKING",
    });
    expect(posted.status).toBe(403);
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(0);
  });
});

describe("the cohort's exports", () => {
  test("the matrix downloads as CSV (with a BOM) or XLSX, named for the cohort, and is audited", async () => {
    const { cohort, learners } = await endedCohort({ graduates: 2 });
    const admin = await signedIn("ADMIN");
    const params = { cohortId: cohort.id };
    const csv = await download(
      matrixRoute.loader as Loader,
      `/admin/cohorts/${cohort.id}/reports/matrix?format=csv`,
      admin.token,
      params,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+\.csv"; /);
    expect(csv.headers.get("Content-Disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${cohort.name} 학습자별 학습 현황.csv`)}`,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.split("\r\n")[0]).toBe("이름,이메일,학번,DATA101 진도율(%),DATA101 이수일,DATA101 상태");
    expect(text).toContain(learners[0]!.email);

    const xlsx = await download(
      matrixRoute.loader as Loader,
      `/admin/cohorts/${cohort.id}/reports/matrix`,
      admin.token,
      params,
    );
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename=".*\.xlsx"; filename\*=UTF-8''.*\.xlsx$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]!.rowCount).toBe(3);
    const bad = await download(
      matrixRoute.loader as Loader,
      `/admin/cohorts/${cohort.id}/reports/matrix?format=pdf`,
      admin.token,
      params,
    );
    expect(bad.status).toBe(400);
    expect(
      await prisma.auditLog.count({ where: { entityType: "Cohort", entityId: cohort.id, action: "report.exported" } }),
    ).toBe(2);
  });

  test("the reports page links every export, the attendance month picked with a GET form", async () => {
    const { cohort, course } = await endedCohort({ graduates: 1 });
    const admin = await signedIn("ADMIN");
    const page = await get(reportsRoute.loader as Loader, `/admin/cohorts/${cohort.id}/reports`, admin.token, {
      cohortId: cohort.id,
    });
    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({ Page: reportsRoute.default as ComponentType, loaderData: page.data, language });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.html).toContain(`href="/admin/cohorts/${cohort.id}/reports/matrix?format=csv"`);
      expect(shown.html).toContain(`href="/admin/cohorts/${cohort.id}/reports/matrix?format=xlsx"`);
      expect(shown.html).toContain(`href="/admin/cohorts/${cohort.id}/at-risk/export?format=xlsx"`);
      expect(shown.html).toContain(`action="/cohorts/${cohort.id}/attendance/export"`);
      expect(shown.html).toMatch(/<input[^>]*name="month"[^>]*type="month"/);
      expect(shown.html).toContain(`href="/teach/${course.id}/gradebook/export?format=csv"`);
      expect(shown.text).toContain(shown.t("reports.matrixTitle"));
    }
  });
});

describe("recording outcomes on the page", () => {
  test("errors appear beside the fields in Korean with what was typed kept, and nothing is saved", async () => {
    const { cohort, learners } = await endedCohort();
    const admin = await signedIn("ADMIN");
    const graduate = learners[0]!;
    const query = `?edit=${graduate.id}`;
    const missing = await postOutcomes(
      cohort.id,
      admin.token,
      { intent: "record", userId: graduate.id, kind: "", organisation: "광주은행", outcomeOn: "2026-02-30" },
      query,
    );
    expect(missing.status).toBe(400);
    expect(missing.data?.result?.error).toEqual({
      kind: ["outcomes.kindRequired"],
      outcomeOn: ["validation.dateInvalid"],
    });
    const noOrganisation = await postOutcomes(
      cohort.id,
      admin.token,
      { intent: "record", userId: graduate.id, kind: "EMPLOYED", organisation: "", outcomeOn: "2026-10-05" },
      query,
    );
    expect(noOrganisation.data?.result?.error).toEqual({ organisation: ["outcomes.organisationRequired"] });
    const tooEarly = await postOutcomes(
      cohort.id,
      admin.token,
      {
        intent: "record",
        userId: graduate.id,
        kind: "GRADUATE_SCHOOL",
        organisation: "전남대학교",
        outcomeOn: "2025-12-01",
      },
      query,
    );
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.data?.result?.error).toEqual({ outcomeOn: ["outcomes.dateOutOfRange"] });
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(0);

    const page = await get(
      outcomesRoute.loader as Loader,
      `/admin/cohorts/${cohort.id}/outcomes${query}`,
      admin.token,
      {
        cohortId: cohort.id,
      },
    );
    const shown = await renderPage({
      Page: outcomesRoute.default as ComponentType,
      loaderData: page.data,
      actionData: missing.data,
      language: "ko",
      url: `/page${query}`,
    });
    expect(shown.missingKeys).toEqual([]);
    expect(shown.text).toContain("진로를 골라 주세요.");
    expect(shown.text).toContain("올바른 날짜를 입력해 주세요.");
    expect(shown.html).toContain('value="광주은행"');
    expect(shown.html).toContain('value="2026-02-30"');
    expect(shown.html).toMatch(/aria-invalid="true"/);
    // The message sits with its field: inside the date field's error list.
    expect(shown.html).toMatch(/id="[^"]*outcomeOn-error"[^>]*>\s*<li>올바른 날짜를 입력해 주세요\.<\/li>/);
    const range = await renderPage({
      Page: outcomesRoute.default as ComponentType,
      loaderData: page.data,
      actionData: tooEarly.data,
      language: "ko",
      url: `/page${query}`,
    });
    expect(range.text).toContain("날짜는 기수 시작일부터 오늘로부터 1년 뒤까지만 쓸 수 있습니다.");
    expect(range.html).toContain('value="전남대학교"');
  });

  test("a double submit records once; the page then shows the rate and its definition in both languages", async () => {
    const { cohort, learners } = await endedCohort({ graduates: 4 });
    const admin = await signedIn("ADMIN");
    const form = {
      intent: "record",
      userId: learners[0]!.id,
      kind: "EMPLOYED",
      organisation: "카카오",
      outcomeOn: "2026-10-05",
    };
    const [first, second] = await Promise.all([
      postOutcomes(cohort.id, admin.token, form, `?edit=${learners[0]!.id}&page=1`),
      postOutcomes(cohort.id, admin.token, form, `?edit=${learners[0]!.id}&page=1`),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.location).toBe(`/admin/cohorts/${cohort.id}/outcomes?page=1&done=recorded`);
    expect(await prisma.cohortOutcome.count({ where: { cohortId: cohort.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { entityId: cohort.id, action: "outcome.recorded" } })).toBe(1);
    await postOutcomes(cohort.id, admin.token, { intent: "record", userId: learners[1]!.id, kind: "SEEKING" });

    const page = await get(outcomesRoute.loader as Loader, `/admin/cohorts/${cohort.id}/outcomes`, admin.token, {
      cohortId: cohort.id,
    });
    // 1 of 4 graduates employed: 25 %; over the 2 recorded, 50 %.
    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({
        Page: outcomesRoute.default as ComponentType,
        loaderData: page.data,
        language,
        url: "/page?done=recorded",
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain("25%");
      expect(shown.text).toContain(shown.t("outcomes.rateDefinition"));
      expect(shown.text).toContain(shown.t("outcomes.done.recorded"));
      expect(shown.text).toContain(shown.t("outcomes.kinds.EMPLOYED"));
      expect(shown.html).toContain(escapeHtml(learners[0]!.email));
      expect(shown.html).toContain(`href="/page?edit=${learners[2]!.id}#outcome-form"`);
    }
  });

  test("before the cohort ends the page says from when, and a post is refused with its message", async () => {
    const { cohort, learners } = await endedCohort();
    await prisma.cohort.update({ where: { id: cohort.id }, data: { endsOn: new Date("2099-12-31") } });
    const admin = await signedIn("ADMIN");
    const refused = await postOutcomes(cohort.id, admin.token, {
      intent: "record",
      userId: learners[0]!.id,
      kind: "SEEKING",
    });
    expect(refused.status).toBe(409);
    expect(refused.data?.result?.error).toEqual({ "": ["outcomes.cohortNotEnded"] });
    const page = await get(outcomesRoute.loader as Loader, `/admin/cohorts/${cohort.id}/outcomes`, admin.token, {
      cohortId: cohort.id,
    });
    const shown = await renderPage({
      Page: outcomesRoute.default as ComponentType,
      loaderData: page.data,
      language: "ko",
      actionData: refused.data,
    });
    expect(shown.missingKeys).toEqual([]);
    expect(shown.text).toContain("2100년 1월 1일부터 기록할 수 있습니다");
    expect(shown.text).toContain("기수가 아직 끝나지 않아");
    expect(shown.html).not.toContain('type="file"');
  });
});

describe("importing outcomes from a CSV file on the page", () => {
  test("the upload is previewed with each bad line's error, and the confirmation records the rest once", async () => {
    const { cohort } = await endedCohort({ graduates: 0 });
    const admin = await signedIn("ADMIN");
    const people = [
      { email: "kim.garam@outcomes.example", name: "김가람" },
      { email: "lee.narae@outcomes.example", name: "이나래", studentNumber: "OUT-2026-002" },
      { email: "park.dao@outcomes.example", name: "박다오" },
      { email: "choi.on@outcomes.example", name: "최온" },
    ];
    for (const person of people) {
      const user = await createUser(prisma, { email: person.email, name: person.name });
      if (person.studentNumber)
        await prisma.user.update({ where: { id: user.id }, data: { studentNumber: person.studentNumber } });
      await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: user.id } });
    }
    const form = new FormData();
    form.set("intent", "import-preview");
    form.set(
      "files",
      new File([readFileSync(path.join(FIXTURES, "outcomes-sample.csv"))], "outcomes-sample.csv", { type: "text/csv" }),
    );
    const upload = new Request(`http://bitgoeul.test/admin/cohorts/${cohort.id}/outcomes`, {
      method: "POST",
      body: form,
      headers: { Cookie: await sessionCookieHeader(admin.token) },
    });
    const previewed = await settle(outcomesRoute.action(routeArgs(upload, { params: { cohortId: cohort.id } })));
    expect(previewed.status).toBe(200);
    const preview = previewed.data?.preview;
    expect(preview?.counts).toEqual({ new: 4, changed: 0, same: 0, error: 2 });
    expect(
      preview?.rows.filter((row) => row.status === "error").map((row) => [row.line, row.issues[0]?.messageKey]),
    ).toEqual([
      [6, "outcomes.import.rowErrors.unknownEmail"],
      [7, "outcomes.import.rowErrors.repeated"],
    ]);
    for (const language of ["ko", "en"] as const) {
      const page = await get(outcomesRoute.loader as Loader, `/admin/cohorts/${cohort.id}/outcomes`, admin.token, {
        cohortId: cohort.id,
      });
      const shown = await renderPage({
        Page: outcomesRoute.default as ComponentType,
        loaderData: page.data,
        actionData: previewed.data,
        language,
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain(shown.t("outcomes.import.rowErrors.unknownEmail"));
      expect(shown.text).toContain(shown.t("outcomes.import.rowErrors.repeated", { line: 2 }));
      expect(shown.html).toContain('name="rows"');
    }

    const rows = JSON.stringify(preview?.checkedRows);
    const confirm = { intent: "import-confirm", fileName: "outcomes-sample.csv", rows };
    const [first, second] = await Promise.all([
      postOutcomes(cohort.id, admin.token, confirm),
      postOutcomes(cohort.id, admin.token, confirm),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(first.location).toBe(`/admin/cohorts/${cohort.id}/outcomes?done=imported`);
    const recorded = await prisma.cohortOutcome.findMany({
      where: { cohortId: cohort.id },
      orderBy: { organisation: "asc" },
      select: { kind: true, organisation: true },
    });
    expect(recorded).toEqual([
      { kind: "GRADUATE_SCHOOL", organisation: "KAIST" },
      { kind: "EMPLOYED", organisation: "광주은행" },
      { kind: "STARTED_COMPANY", organisation: "나래랩" },
      { kind: "SEEKING", organisation: null },
    ]);
    expect(await prisma.auditLog.count({ where: { entityId: cohort.id, action: "outcomes.imported" } })).toBe(1);

    const tampered = await postOutcomes(cohort.id, admin.token, { ...confirm, rows: '[{"line":"x"}]' });
    expect(tampered.status).toBe(400);
    expect(tampered.data?.importError?.messageKey).toBe("outcomes.import.refusals.rowsUnreadable");
  });
});

describe("transcripts", () => {
  /** A learner with one confirmed A+ in a 3-credit course of Fall 2026. */
  async function learnerWithGrade() {
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const term = await createTerm(prisma, { programId: program.id, year: 2026, season: "FALL" });
    const course = await createCatalogCourse(prisma, {
      programId: program.id,
      termId: term.id,
      code: "AI501",
      title: "기계학습",
      credits: 3,
    });
    const learner = await signedIn("LEARNER", { name: "김가람" });
    const enrollment = await enrollLearnerDirectly(prisma, {
      userId: learner.user.id,
      courseId: course.id,
      status: "COMPLETED",
    });
    const confirmer = await createUser(prisma, { role: "INSTRUCTOR" });
    await prisma.finalGrade.create({
      data: {
        courseId: course.id,
        userId: learner.user.id,
        enrollmentId: enrollment.id,
        letter: "A+",
        gradePoint: 4.5,
        confirmedById: confirmer.id,
        confirmedAt: new Date("2026-12-20T00:00:00Z"),
      },
    });
    return { learner, course };
  }

  test("a learner sees their own and gets 403 for another's; admins see anyone's; unknown is 404", async () => {
    const { learner } = await learnerWithGrade();
    const other = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    const admin = await signedIn("ADMIN");
    const own = { userId: learner.user.id };
    const pathname = `/transcripts/${learner.user.id}`;
    expect((await get(transcriptRoute.loader as Loader, pathname, learner.token, own)).status).toBe(200);
    expect((await get(transcriptRoute.loader as Loader, pathname, admin.token, own)).status).toBe(200);
    expect((await get(transcriptRoute.loader as Loader, pathname, other.token, own)).status).toBe(403);
    expect((await get(transcriptRoute.loader as Loader, pathname, instructor.token, own)).status).toBe(403);
    expect((await get(transcriptRoute.loader as Loader, pathname, undefined, own)).status).toBe(302);
    const unknown = crypto.randomUUID();
    expect(
      (await get(transcriptRoute.loader as Loader, `/transcripts/${unknown}`, admin.token, { userId: unknown })).status,
    ).toBe(404);
    const exportPath = `/transcripts/${learner.user.id}/export?format=csv`;
    expect((await download(transcriptExportRoute.loader as Loader, exportPath, other.token, own)).status).toBe(403);
    expect((await download(transcriptExportRoute.loader as Loader, exportPath, undefined, own)).status).toBe(302);
  });

  test("exports as CSV and XLSX with their types and names; an admin's export is audited, the learner's own is not", async () => {
    const { learner } = await learnerWithGrade();
    const admin = await signedIn("ADMIN");
    const own = { userId: learner.user.id };
    const csv = await download(
      transcriptExportRoute.loader as Loader,
      `/transcripts/${learner.user.id}/export?format=csv`,
      learner.token,
      own,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe(
      `attachment; filename="download.csv"; filename*=UTF-8''${encodeURIComponent("김가람 성적증명서.csv")}`,
    );
    const text = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()).subarray(3));
    expect(text.split("\r\n").slice(0, 2)).toEqual([
      "학기,과목 코드,과목,학점,등급,평점",
      "2026년 가을학기,AI501,기계학습,3,A+,4.5",
    ]);
    expect(text).toContain("누적 평점(GPA),4.5");
    expect(await prisma.auditLog.count({ where: { entityId: learner.user.id, action: "report.exported" } })).toBe(0);

    const xlsx = await download(
      transcriptExportRoute.loader as Loader,
      `/transcripts/${learner.user.id}/export?format=xlsx`,
      admin.token,
      own,
    );
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(Number(xlsx.headers.get("Content-Length"))).toBeGreaterThan(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]!.getCell("F2").value).toBe(4.5);
    expect(await prisma.auditLog.count({ where: { entityId: learner.user.id, action: "report.exported" } })).toBe(1);
  });

  test("the page renders in Korean and English, printable, with GPA, credits and no degree track", async () => {
    const { learner } = await learnerWithGrade();
    const page = await get(transcriptRoute.loader as Loader, `/transcripts/${learner.user.id}`, learner.token, {
      userId: learner.user.id,
    });
    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({
        Page: transcriptRoute.default as ComponentType,
        loaderData: page.data,
        language,
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain(shown.t("transcripts.title"));
      expect(shown.text).toContain("4.50");
      expect(shown.text).toContain(shown.t("transcripts.noDegreeTrack"));
      expect(shown.text).toContain(shown.t("transcripts.credits", { count: 3 }));
      expect(shown.html).toContain("print:hidden");
      expect(shown.html).toContain(`href="/transcripts/${learner.user.id}/export?format=csv"`);
    }
  });
});
