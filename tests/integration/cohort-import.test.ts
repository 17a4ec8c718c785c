// Importing a cohort's members from a CSV file as an admin's browser does it, through the route's
// loader and action with real multipart bodies: files in UTF-8, UTF-8 with a byte order mark and
// CP949 (Korean Excel) are read, blank lines and Excel's trailing commas included; each row's errors
// show beside it in Korean and English; a file with an unknown column, a file too large or not CSV is
// refused with its message and nothing kept; confirming creates the accounts, members, enrolments,
// invitations and audit entry once, however often it is posted; a conflict found on confirming undoes
// everything and says so; and only admins get in.
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as exampleRoute from "~/routes/admin.cohorts.$cohortId_.import_.example";
import * as importRoute from "~/routes/admin.cohorts.$cohortId_.import";
import { createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createCohortFor, createCourseWith } from "../factories/enrollment";
import { buildFormRequest, routeArgs, sessionCookieHeader, settle } from "../factories/requests";
import { renderPage } from "../factories/render-page";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

function fixture(name: string, type = "text/csv") {
  return new File([readFileSync(path.join(FIXTURES, name))], name, { type });
}

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN", locale: "ko" | "en" = "ko") {
  const user = await createUser(prisma, { role });
  if (locale !== "ko") await prisma.user.update({ where: { id: user.id }, data: { locale } });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/** A cohort with a published course assigned to it. */
async function cohortFixture() {
  const course = await createCourseWith(prisma, { policy: "COHORT_ONLY" });
  const cohort = await createCohortFor(prisma, { courseId: course.id });
  return { course, cohort, path: `/admin/cohorts/${cohort.id}/import`, params: { cohortId: cohort.id } };
}

type Cohort = Awaited<ReturnType<typeof cohortFixture>>;

/** The import form as a browser posts it: multipart, the file in its `files` field. */
async function upload(cohort: Cohort, token: string | undefined, file: File) {
  const form = new FormData();
  form.append("files", file);
  const request = new Request(new URL(cohort.path, "http://bitgoeul.test"), {
    method: "POST",
    body: form,
    headers: token ? { Cookie: await sessionCookieHeader(token) } : {},
  });
  return settle(importRoute.action(routeArgs(request, { params: cohort.params })));
}

async function confirm(cohort: Cohort, token: string, importId: string) {
  const request = await buildFormRequest({ path: `${cohort.path}?import=${importId}`, form: { importId }, token });
  return settle(importRoute.action(routeArgs(request, { params: cohort.params })));
}

async function load(cohort: Cohort, token: string | undefined, search = "") {
  const request = await buildRequest({ path: `${cohort.path}${search}`, token });
  return settle(importRoute.loader(routeArgs(request, { params: cohort.params })));
}

/** Uploads a file that should be accepted and loads its preview page. */
async function uploadAndPreview(cohort: Cohort, token: string, file: File) {
  const uploaded = await upload(cohort, token, file);
  expect(uploaded.status).toBe(303);
  const search = new URL(uploaded.location!, "http://bitgoeul.test").search;
  expect(search).toMatch(/^\?import=[0-9a-f-]{36}$/);
  const page = await load(cohort, token, search);
  expect(page.status).toBe(200);
  const preview = page.data?.preview;
  if (!preview) throw new Error("No preview");
  return { page, preview, importId: search.slice("?import=".length) };
}

function csvFile(lines: string[], name = "members.csv") {
  return new File([`${lines.join("\r\n")}\r\n`], name, { type: "text/csv" });
}

/** The HTML of the table row whose line cell says `line`. */
function rowHtml(html: string, line: number) {
  return html.split("<tr").find((row) => row.includes(`>${line}</th>`)) ?? "";
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe("who may import", () => {
  test("visitors go to log in, learners and instructors get 403, admins get in", async () => {
    const cohort = await cohortFixture();
    const file = () => fixture("cohort-members-utf8.csv");
    const anonymous = [await load(cohort, undefined), await upload(cohort, undefined, file())];
    for (const reply of anonymous) {
      expect(reply.status).toBe(302);
      expect(reply.location).toMatch(/^\/login/);
    }
    for (const role of ["LEARNER", "INSTRUCTOR"] as const) {
      const { token } = await signedIn(role);
      expect((await load(cohort, token)).status).toBe(403);
      expect((await upload(cohort, token, file())).status).toBe(403);
      const example = await buildRequest({ path: `${cohort.path}/example`, token });
      expect((await settle(exampleRoute.loader(routeArgs(example, { params: cohort.params })))).status).toBe(403);
    }
    expect(await prisma.cohortImport.count({ where: { cohortId: cohort.cohort.id } })).toBe(0);
    const admin = await signedIn("ADMIN");
    expect((await load(cohort, admin.token)).status).toBe(200);
    const unknown = { ...cohort, params: { cohortId: crypto.randomUUID() } };
    expect((await load(unknown, admin.token)).status).toBe(404);
    expect((await upload(unknown, admin.token, file())).status).toBe(404);
  });
});

describe("reading the file", () => {
  test("CP949 from Korean Excel, with Korean names beyond EUC-KR", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const { preview, page } = await uploadAndPreview(cohort, admin.token, fixture("cohort-members-cp949.csv"));
    expect(
      preview.rows.map(({ line, name, studentNumber, status }) => ({ line, name, studentNumber, status })),
    ).toEqual([
      { line: 2, name: "김민지", studentNumber: "20260101", status: "new" },
      { line: 3, name: "이서준", studentNumber: "20260102", status: "new" },
      { line: 4, name: "박지우", studentNumber: null, status: "new" },
      { line: 5, name: "뷁똠방", studentNumber: "20260104", status: "new" },
    ]);
    const { text, missingKeys } = await renderPage({
      Page: importRoute.default,
      loaderData: page.data,
      language: "ko",
    });
    expect(text).toContain("뷁똠방");
    expect(text).toContain("새 계정 4명");
    expect(text).toContain("가져오기 확인");
    expect(missingKeys).toEqual([]);
  });

  test("UTF-8 with blank lines, rows of commas, Excel's trailing commas and a quoted comma", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const { preview } = await uploadAndPreview(cohort, admin.token, fixture("cohort-members-utf8.csv"));
    expect(preview.rows.map(({ line, name, email, studentNumber }) => ({ line, name, email, studentNumber }))).toEqual([
      { line: 2, name: "홍길동", email: "gildong.hong@fixture.bitgoeul.example", studentNumber: "20260201" },
      { line: 4, name: "김하늘", email: "haneul.kim@fixture.bitgoeul.example", studentNumber: null },
      { line: 6, name: "최, 유리", email: "yuri.choi@fixture.bitgoeul.example", studentNumber: "20260203" },
    ]);
    expect(preview.counts).toEqual({ new: 3, existing: 0, member: 0, error: 0 });
  });

  test("UTF-8 with a byte order mark and English column titles", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN", "en");
    const { preview, page } = await uploadAndPreview(cohort, admin.token, fixture("cohort-members-utf8-bom.csv"));
    expect(preview.rows.map(({ line, name, studentNumber }) => ({ line, name, studentNumber }))).toEqual([
      { line: 2, name: "Alex Kim", studentNumber: "20260301" },
      { line: 3, name: "Sam Lee", studentNumber: null },
    ]);
    const { text, missingKeys } = await renderPage({
      Page: importRoute.default,
      loaderData: page.data,
      language: "en",
    });
    expect(text).toContain("New accounts: 2");
    expect(text).toContain("Confirm import");
    expect(missingKeys).toEqual([]);
  });

  test("the example file is UTF-8 with a BOM in the reader's language, and imports as it is", async () => {
    const cohort = await cohortFixture();
    for (const [locale, header] of [
      ["ko", "이름,이메일,학번"],
      ["en", "name,email,student number"],
    ] as const) {
      const admin = await signedIn("ADMIN", locale);
      const request = await buildRequest({ path: `${cohort.path}/example`, token: admin.token });
      const response = (await exampleRoute.loader(routeArgs(request, { params: cohort.params }))) as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; /);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text.split("\r\n")[0]).toBe(header);
      const { preview } = await uploadAndPreview(cohort, admin.token, new File([bytes], "example.csv"));
      expect(preview.counts.error).toBe(0);
      expect(preview.rows).toHaveLength(2);
    }
  });
});

describe("refusals", () => {
  test("each row's errors are shown beside it, in Korean and in English, and nothing is kept", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const taken = await prisma.user.create({
      data: {
        email: `taken-${uniqueSuffix()}@test.bitgoeul.example`,
        name: "Taken",
        studentNumber: `T${uniqueSuffix()}`,
      },
    });
    const reply = await upload(
      cohort,
      admin.token,
      csvFile([
        "이름,이메일,학번",
        "김하나,one@example.com,",
        ",two@example.com,",
        "박셋,three-at-example.com,",
        "이넷,ONE@example.com,",
        `정다섯,five@example.com,${taken.studentNumber}`,
      ]),
    );
    expect(reply.status).toBe(400);
    expect(reply.data?.preview?.importId).toBeNull();
    expect(await prisma.cohortImport.count({ where: { cohortId: cohort.cohort.id } })).toBe(0);
    const page = await load(cohort, admin.token);
    const expected = {
      ko: {
        3: "이름이 비어 있습니다.",
        4: "이메일 주소 형식이 올바르지 않습니다.",
        5: "2번째 줄과 이메일이 같습니다.",
        6: "다른 계정이 이미 쓰고 있는 학번입니다.",
        fix: "오류가 있는 줄을 고친 뒤 파일을 다시 올려 주세요.",
      },
      en: {
        3: "The name is empty.",
        4: "This is not a valid email address.",
        5: "Same email as line 2.",
        6: "Another account already has this student number.",
        fix: "Fix these rows and upload the file again.",
      },
    } as const;
    for (const language of ["ko", "en"] as const) {
      const { html, text, missingKeys } = await renderPage({
        Page: importRoute.default,
        loaderData: page.data,
        actionData: reply.data,
        language,
      });
      expect(missingKeys).toEqual([]);
      expect(text).toContain(expected[language].fix);
      for (const line of [3, 4, 5, 6] as const) expect(rowHtml(html, line)).toContain(expected[language][line]);
      expect(rowHtml(html, 2)).not.toContain("red-800");
      expect(html).not.toContain("가져오기 확인");
      expect(html).not.toContain("Confirm import");
    }
  });

  test("an unknown column is refused, naming it", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const reply = await upload(
      cohort,
      admin.token,
      csvFile(["이름,이메일,휴대전화", "김하나,one@example.com,010-1234-5678"]),
    );
    expect(reply.status).toBe(400);
    const page = await load(cohort, admin.token);
    for (const [language, message] of [
      ["ko", '알 수 없는 열 제목입니다: "휴대전화".'],
      ["en", 'Unknown column title: "휴대전화".'],
    ] as const) {
      const { text, missingKeys } = await renderPage({
        Page: importRoute.default,
        loaderData: page.data,
        actionData: reply.data,
        language,
      });
      expect(text).toContain(message);
      expect(missingKeys).toEqual([]);
    }
    expect(await prisma.cohortImport.count({ where: { cohortId: cohort.cohort.id } })).toBe(0);
  });

  test("a file over 2 MB is refused before it is read, a non-CSV file by its name or its bytes", async () => {
    const cohort = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const before = await storedFiles();
    const row = "김하나,one@example.com,20260001\n";
    const large = new File([`이름,이메일,학번\n${row.repeat(Math.ceil((2.5 * 1024 * 1024) / row.length))}`], "big.csv");
    const tooLarge = await upload(cohort, admin.token, large);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.data?.uploadError?.messageKey).toBe("cohorts.import.refusals.tooLarge");
    const page = await load(cohort, admin.token);
    const { text } = await renderPage({
      Page: importRoute.default,
      loaderData: page.data,
      actionData: tooLarge.data,
      language: "ko",
    });
    expect(text).toContain("파일이 너무 큽니다. 2 MB까지 올릴 수 있습니다.");

    const xlsx = await upload(cohort, admin.token, new File(["PK\u0003\u0004"], "members.xlsx"));
    expect(xlsx.status).toBe(415);
    expect(xlsx.data?.uploadError?.messageKey).toBe("cohorts.import.refusals.wrongType");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const renamed = await upload(cohort, admin.token, new File([png], "members.csv"));
    expect(renamed.status).toBe(415);
    expect(renamed.data?.uploadError?.messageKey).toBe("cohorts.import.refusals.notText");
    const empty = await upload(cohort, admin.token, new File([""], "members.csv"));
    expect(empty.status).toBe(400);

    expect(await storedFiles()).toEqual(before);
    expect(await prisma.cohortImport.count({ where: { cohortId: cohort.cohort.id } })).toBe(0);
  });
});

describe("confirming", () => {
  test("creates accounts, members, enrolments, invitations and the audit entry, once however often posted", async () => {
    const { course, ...cohort } = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const existing = await createUser(prisma, { name: "기존 수강생" });
    const suffix = uniqueSuffix();
    const people = [0, 1, 2].map((index) => ({
      name: `새 수강생 ${index}`,
      email: `new-${suffix}-${index}@example.com`,
    }));
    const { importId } = await uploadAndPreview(
      { course, ...cohort },
      admin.token,
      csvFile([
        "이름,이메일,학번",
        ...people.map((p, i) => `${p.name},${p.email},${suffix}-${i}`),
        `다른 이름,${existing.email},`,
      ]),
    );
    const first = await confirm({ course, ...cohort }, admin.token, importId);
    const again = await confirm({ course, ...cohort }, admin.token, importId);
    for (const reply of [first, again]) {
      expect(reply.status).toBe(303);
      expect(reply.location).toBe(`/admin/cohorts/${cohort.cohort.id}?done=imported`);
    }

    const created = await prisma.user.findMany({
      where: { email: { in: people.map((p) => p.email) } },
      select: { id: true, role: true, passwordHash: true, studentNumber: true },
    });
    expect(created).toHaveLength(3);
    expect(created.every((user) => user.role === "LEARNER" && user.passwordHash === null && user.studentNumber)).toBe(
      true,
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: existing.id }, select: { name: true } })).name).toBe(
      "기존 수강생",
    );
    expect(await prisma.cohortMember.count({ where: { cohortId: cohort.cohort.id, leftAt: null } })).toBe(4);
    expect(await prisma.enrollment.count({ where: { courseId: course.id, cohortId: cohort.cohort.id } })).toBe(4);
    const mails = await prisma.emailOutbox.findMany({
      where: { toAddress: { in: [...people.map((p) => p.email), existing.email] } },
      select: { toAddress: true, textBody: true },
    });
    expect(mails.map((mail) => mail.toAddress).sort()).toEqual(people.map((p) => p.email).sort());
    for (const mail of mails) expect(mail.textBody).toMatch(/\/reset-password\/[a-z0-9]+/);
    const audit = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohort.cohort.id, action: "cohort.members-imported" },
      select: { actorId: true, data: true },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.user.id, data: { created: 3, added: 4, skipped: 0 } });

    // The confirmed preview is gone from the page: it says so instead of offering the button again.
    const page = await load({ course, ...cohort }, admin.token, `?import=${importId}`);
    expect(page.status).toBe(409);
    const { text } = await renderPage({ Page: importRoute.default, loaderData: page.data, language: "ko" });
    expect(text).toContain("이 파일은 이미 가져왔습니다.");
  });

  test("a student number taken between preview and confirm: a clear 409, nothing written", async () => {
    const { course, ...cohort } = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const suffix = uniqueSuffix();
    const { importId, page } = await uploadAndPreview(
      { course, ...cohort },
      admin.token,
      csvFile(["이름,이메일,학번", `가,a-${suffix}@example.com,A${suffix}`, `나,b-${suffix}@example.com,B${suffix}`]),
    );
    await prisma.user.create({
      data: { email: `rival-${suffix}@example.com`, name: "Rival", studentNumber: `B${suffix}` },
    });
    const reply = await confirm({ course, ...cohort }, admin.token, importId);
    expect(reply.status).toBe(409);
    expect(reply.data?.result?.error?.[""]).toEqual(["cohorts.import.refusals.changed"]);
    expect(await prisma.user.count({ where: { email: { endsWith: `${suffix}@example.com`, startsWith: "a-" } } })).toBe(
      0,
    );
    expect(await prisma.cohortMember.count({ where: { cohortId: cohort.cohort.id } })).toBe(0);
    expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { entityId: cohort.cohort.id } })).toBe(0);
    for (const [language, message, rowMessage] of [
      ["ko", "미리 보기 이후 계정 정보가 바뀌어 가져오지 못했습니다.", "다른 계정이 이미 쓰고 있는 학번입니다."],
      [
        "en",
        "Accounts changed since the preview, so nothing was imported.",
        "Another account already has this student number.",
      ],
    ] as const) {
      const { html, text, missingKeys } = await renderPage({
        Page: importRoute.default,
        loaderData: page.data,
        actionData: reply.data,
        language,
      });
      expect(text).toContain(message);
      // The rows that went wrong come after the refusal, each with its message.
      expect(html.slice(html.indexOf('id="changed-heading"'))).toContain(rowMessage);
      expect(missingKeys).toEqual([]);
    }
  });

  test("a preview posted without an import id, or one that does not exist, is a 4xx", async () => {
    const { course, ...cohort } = await cohortFixture();
    const admin = await signedIn("ADMIN");
    const request = await buildFormRequest({ path: cohort.path, form: { importId: "" }, token: admin.token });
    expect((await settle(importRoute.action(routeArgs(request, { params: cohort.params })))).status).toBe(400);
    expect((await confirm({ course, ...cohort }, admin.token, crypto.randomUUID())).status).toBe(404);
    const gone = await load({ course, ...cohort }, admin.token, `?import=${crypto.randomUUID()}`);
    expect(gone.status).toBe(404);
    expect(gone.data?.step).toBe("upload");
  });
});
