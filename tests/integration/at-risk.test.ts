// The at-risk pages as their users' browsers drive them, through the routes' loaders and actions with
// real signed-in requests: who gets in (admins on a cohort's page; a course's instructors on its
// page), nudging from both with the outbox written and a double submit sent once, the thresholds
// form's errors beside its fields in Korean with the typed values kept and nothing saved, the export
// as a CSV Excel reads (BOM) and an XLSX exceljs opens, and both pages in Korean and English.
import ExcelJS from "exceljs";
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as cohortRoute from "~/routes/admin.cohorts.$cohortId_.at-risk";
import * as exportRoute from "~/routes/admin.cohorts.$cohortId_.at-risk_.export";
import * as courseRoute from "~/routes/teach.$courseId.at-risk";
import { createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons } from "../factories/progress";
import { escapeHtml, renderPage } from "../factories/render-page";
import { buildFormRequest, routeArgs, settle } from "../factories/requests";

const DAY_MS = 24 * 60 * 60 * 1000;

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN", locale: "ko" | "en" = "ko") {
  const user = await createUser(prisma, { role });
  await prisma.user.update({ where: { id: user.id }, data: { locale } });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/**
 * A cohort with one course (taught by `instructor`) and two learners, both 10 days without
 * activity: 김가람 (Korean mail) and Dana Park (English mail); and a learner doing fine.
 */
async function world() {
  const { course } = await createCourseWithLessons(prisma, {
    modules: [[{ kind: "ARTICLE" }, { kind: "ARTICLE" }]],
    title: "데이터 분석 입문",
  });
  const cohort = await prisma.cohort.create({
    data: {
      programId: course.programId,
      slug: `cohort-${uniqueSuffix()}`,
      name: `2026 봄 AI ${uniqueSuffix()}`,
      startsOn: new Date("2026-03-01"),
      endsOn: new Date("2026-08-31"),
      courses: { create: { courseId: course.id } },
    },
    select: { id: true, name: true },
  });
  const instructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
  const stalled = new Date(Date.now() - 10 * DAY_MS - 60_000);
  const member = async (name: string, locale: "ko" | "en", lastActivityAt: Date) => {
    const user = await prisma.user.create({
      data: { name, email: `${uniqueSuffix()}@test.bitgoeul.example`, locale },
    });
    await prisma.cohortMember.create({
      data: { cohortId: cohort.id, userId: user.id, joinedAt: new Date(Date.now() - 40 * DAY_MS) },
    });
    await prisma.enrollment.create({
      data: {
        userId: user.id,
        courseId: course.id,
        cohortId: cohort.id,
        status: "ACTIVE",
        lastActivityAt,
        progressPercent: 50,
      },
    });
    return user;
  };
  const kim = await member("김가람", "ko", stalled);
  const dana = await member("Dana Park", "en", stalled);
  const fine = await member("이나래", "ko", new Date());
  return { course, cohort, instructor, kim, dana, fine };
}

type World = Awaited<ReturnType<typeof world>>;

async function getCohortPage(built: World, token: string | undefined, query = "") {
  const request = await buildRequest({ path: `/admin/cohorts/${built.cohort.id}/at-risk${query}`, token });
  return settle(cohortRoute.loader(routeArgs(request, { params: { cohortId: built.cohort.id } })));
}

async function postCohortPage(built: World, token: string | undefined, form: Record<string, string>) {
  const request = await buildFormRequest({ path: `/admin/cohorts/${built.cohort.id}/at-risk`, form, token });
  return settle(cohortRoute.action(routeArgs(request, { params: { cohortId: built.cohort.id } })));
}

async function getCoursePage(built: World, token: string | undefined) {
  const request = await buildRequest({ path: `/teach/${built.course.id}/at-risk`, token });
  return settle(courseRoute.loader(routeArgs(request, { params: { courseId: built.course.id } })));
}

/** A nudge form post: learnerIds as a browser sends ticked boxes (one field per box). */
async function postCourseNudge(built: World, token: string, fields: [string, string][]) {
  const request = new Request(`http://bitgoeul.test/teach/${built.course.id}/at-risk`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: (await buildFormRequest({ path: "/", form: {}, token })).headers,
  });
  return settle(courseRoute.action(routeArgs(request, { params: { courseId: built.course.id } })));
}

const WORDING = {
  subjectKo: "{{name}}님, 다시 시작해요",
  bodyKo: "{{name}}님, 여기서 이어 가세요: {{link}}",
  subjectEn: "{{name}}, let's pick it up again",
  bodyEn: "Hello {{name}}, continue here: {{link}}",
};

describe("who may see and act", () => {
  test("the cohort's page: admins 200; learners, instructors (of another course or of this one) 403", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN");
    const learner = await signedIn("LEARNER");
    const otherInstructor = await signedIn("INSTRUCTOR");
    const { course: otherCourse } = await createCourseWithLessons(prisma, { modules: [[{ kind: "ARTICLE" }]] });
    await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: otherInstructor.user.id });

    expect((await getCohortPage(built, admin.token)).status).toBe(200);
    for (const token of [learner.token, otherInstructor.token, built.instructor.token]) {
      expect((await getCohortPage(built, token)).status).toBe(403);
      expect((await postCohortPage(built, token, { intent: "thresholds" })).status).toBe(403);
    }
    const anonymous = await getCohortPage(built, undefined);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
    const unknown = crypto.randomUUID();
    const request = await buildRequest({ path: `/admin/cohorts/${unknown}/at-risk`, token: admin.token });
    expect((await settle(cohortRoute.loader(routeArgs(request, { params: { cohortId: unknown } })))).status).toBe(404);
  });

  test("a course's instructor sees its list and nudges; an instructor who does not teach it gets 403", async () => {
    const built = await world();
    const page = await getCoursePage(built, built.instructor.token);
    expect(page.status).toBe(200);
    expect(page.data?.learners.totalCount).toBe(2);
    expect(page.data?.canNudge).toBe(true);
    expect(page.data?.nudgeMessage.bodyEn).toContain("{{link}}");

    const outsider = await signedIn("INSTRUCTOR");
    expect((await getCoursePage(built, outsider.token)).status).toBe(403);
    const refused = await postCourseNudge(built, outsider.token, [
      ["intent", "nudge"],
      ["learnerIds", built.kim.id],
      ...Object.entries(WORDING),
    ]);
    expect(refused.status).toBe(403);

    const fields: [string, string][] = [
      ["intent", "nudge"],
      ["submissionKey", page.data?.submissionKey ?? ""],
      ["learnerIds", built.kim.id],
      ["learnerIds", built.dana.id],
      ...Object.entries(WORDING),
    ];
    const sent = await postCourseNudge(built, built.instructor.token, fields);
    const again = await postCourseNudge(built, built.instructor.token, fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/teach/${built.course.id}/at-risk?done=nudged&count=2`);
    expect(again.location).toBe(sent.location);
    const mails = await prisma.emailOutbox.findMany({
      where: { toAddress: { in: [built.kim.email, built.dana.email] } },
      select: { toAddress: true, subject: true },
    });
    expect(mails).toHaveLength(2);
    expect(mails).toEqual(
      expect.arrayContaining([
        { toAddress: built.kim.email, subject: "김가람님, 다시 시작해요" },
        { toAddress: built.dana.email, subject: "Dana Park, let's pick it up again" },
      ]),
    );
    expect(await prisma.nudge.count({ where: { courseId: built.course.id } })).toBe(2);
    // The list shows when each was last nudged.
    const after = await getCoursePage(built, built.instructor.token);
    expect(after.data?.learners.items.every((learner) => learner.lastNudgedAt !== null)).toBe(true);
  });
});

describe("an admin working the cohort's list", () => {
  test("nudges the learners ticked: 303 with the count, one mail each, a double submit sends once", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN");
    const page = await getCohortPage(built, admin.token, "?select=page");
    expect(page.data?.learners.items.map((learner) => learner.name).sort()).toEqual(["Dana Park", "김가람"].sort());
    const request = () =>
      buildFormRequest({ path: `/admin/cohorts/${built.cohort.id}/at-risk`, form: {}, token: admin.token }).then(
        (base) =>
          new Request(base.url, {
            method: "POST",
            headers: base.headers,
            body: new URLSearchParams([
              ["intent", "nudge"],
              ["submissionKey", page.data?.submissionKey ?? ""],
              ["learnerIds", built.kim.id],
              ["learnerIds", built.dana.id],
              ...Object.entries({ ...page.data!.nudgeMessage, subjectKo: WORDING.subjectKo }),
            ]),
          }),
      );
    const params = { params: { cohortId: built.cohort.id } };
    const first = await settle(cohortRoute.action(routeArgs(await request(), params)));
    const second = await settle(cohortRoute.action(routeArgs(await request(), params)));
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/admin/cohorts/${built.cohort.id}/at-risk?done=nudged&count=2`);
    expect(second.location).toBe(first.location);
    expect(await prisma.emailOutbox.count({ where: { toAddress: { in: [built.kim.email, built.dana.email] } } })).toBe(
      2,
    );
    const next = await getCohortPage(built, admin.token);
    expect(next.data?.nudgeMessage.subjectKo).toBe(WORDING.subjectKo);

    // Nobody ticked: the error is beside the learners, nothing is sent.
    const none = await postCohortPage(built, admin.token, { intent: "nudge", ...WORDING });
    expect(none.status).toBe(400);
    expect(none.data?.result?.error).toEqual({ learnerIds: ["atRisk.nudge.noneSelected"] });
    // Someone not in the cohort: refused, beside the learners, nothing sent.
    const stranger = await createUser(prisma);
    const outside = await postCohortPage(built, admin.token, { intent: "nudge", learnerIds: stranger.id, ...WORDING });
    expect(outside.status).toBe(400);
    expect(outside.data?.result?.error).toEqual({ learnerIds: ["atRisk.nudge.notInList"] });
    expect(await prisma.emailOutbox.count({ where: { toAddress: stranger.email } })).toBe(0);
    const unknownPlaceholder = await postCohortPage(built, admin.token, {
      intent: "nudge",
      learnerIds: built.kim.id,
      ...WORDING,
      bodyEn: "Hi {{email}}",
    });
    expect(unknownPlaceholder.status).toBe(400);
    expect(unknownPlaceholder.data?.result?.error).toEqual({ bodyEn: ["atRisk.nudge.unknownPlaceholder"] });
  });

  test("thresholds: errors beside the fields in Korean with the typed values kept, nothing saved; then saved", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN");
    const bad = await postCohortPage(built, admin.token, {
      intent: "thresholds",
      inactiveDaysThreshold: "0",
      behindSchedulePoints: "101",
      failedQuizAttempts: "2.5",
      attendanceThreshold: "",
    });
    expect(bad.status).toBe(400);
    expect(bad.data?.result?.error).toEqual({
      inactiveDaysThreshold: ["atRisk.thresholds.range.inactiveDaysThreshold"],
      behindSchedulePoints: ["atRisk.thresholds.range.behindSchedulePoints"],
      failedQuizAttempts: ["validation.wholeNumber"],
      attendanceThreshold: ["validation.required"],
    });
    expect(
      await prisma.cohort.findUniqueOrThrow({
        where: { id: built.cohort.id },
        select: { inactiveDaysThreshold: true, behindSchedulePoints: true },
      }),
    ).toEqual({ inactiveDaysThreshold: 7, behindSchedulePoints: 20 });
    expect(await prisma.auditLog.count({ where: { entityId: built.cohort.id } })).toBe(0);

    const page = await getCohortPage(built, admin.token);
    const rendered = await renderPage({
      Page: cohortRoute.default as ComponentType,
      loaderData: page.data,
      actionData: bad.data,
      language: "ko",
    });
    expect(rendered.missingKeys).toEqual([]);
    expect(rendered.text).toContain("1에서 90 사이의 일수를 입력해 주세요.");
    expect(rendered.text).toContain("0에서 100 사이의 값을 입력해 주세요.");
    expect(rendered.text).toContain("정수를 입력해 주세요.");
    expect(rendered.text).toContain("필수 입력 항목입니다.");
    // Each message is the field's own description (aria-describedby), and the typed value stays.
    expect(rendered.html).toMatch(
      /id="thresholds-inactiveDaysThreshold"[^>]*value="0"|value="0"[^>]*id="thresholds-inactiveDaysThreshold"/,
    );
    expect(rendered.html).toContain(
      'aria-describedby="thresholds-inactiveDaysThreshold-description thresholds-inactiveDaysThreshold-error"',
    );
    expect(rendered.html).toMatch(/value="101"/);

    const saved = await postCohortPage(built, admin.token, {
      intent: "thresholds",
      inactiveDaysThreshold: "14",
      behindSchedulePoints: "10",
      failedQuizAttempts: "3",
      attendanceThreshold: "75",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/admin/cohorts/${built.cohort.id}/at-risk?done=thresholds`);
    // Ten days without activity is no longer at risk with fourteen.
    expect((await getCohortPage(built, admin.token)).data?.learners.totalCount).toBe(0);
    expect(
      await prisma.auditLog.count({ where: { entityId: built.cohort.id, action: "cohort.thresholds-changed" } }),
    ).toBe(1);
  });
});

describe("the export", () => {
  async function download(built: World, format: string, token: string) {
    const request = await buildRequest({
      path: `/admin/cohorts/${built.cohort.id}/at-risk/export?format=${format}`,
      token,
    });
    return exportRoute.loader(routeArgs(request, { params: { cohortId: built.cohort.id } }));
  }

  test("CSV starts with a BOM, its header in the reader's language, reasons as words and figures as numbers", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN", "ko");
    const response = await download(built, "csv", admin.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment;.*\.csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe(
      "이름,이메일,사유,사유 수,활동 없음 (일),일정보다 뒤처진 과목 수,마감 지난 과제 수,미통과 퀴즈 수,출석률 (%),평균 진도 (%),마지막 활동,마지막 독려",
    );
    const kimLine = lines.find((line) => line.startsWith("김가람,"));
    expect(kimLine).toMatch(
      new RegExp(
        `^김가람,${built.kim.email.replace(/\./g, "\\.")},10일째 활동 없음,1,10,,,,,50,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},$`,
      ),
    );
    expect(lines.filter((line) => line !== "")).toHaveLength(3);
    expect(
      await prisma.auditLog.findMany({
        where: { entityId: built.cohort.id, action: "report.exported" },
        select: { actorId: true, data: true },
      }),
    ).toEqual([{ actorId: admin.user.id, data: { report: "at-risk", format: "csv", learnerCount: 2 } }]);
  });

  test("XLSX opens in exceljs with the expected cells; others get no export; unknown formats are a 400", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN", "en");
    const response = await download(built, "xlsx", admin.token);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      "Name",
      "Email",
      "Reasons",
      "Number of reasons",
      "Days without activity",
    ]);
    const dana = [sheet.getRow(2), sheet.getRow(3)].find((row) => row.getCell(1).value === "Dana Park")!;
    expect(dana.getCell(2).value).toBe(built.dana.email);
    expect(dana.getCell(3).value).toBe("No activity for 10 days");
    expect(dana.getCell(4).value).toBe(1);
    expect(dana.getCell(5).value).toBe(10);
    expect(dana.getCell(10).value).toBe(50);

    expect((await settle(download(built, "pdf", admin.token))).status).toBe(400);
    expect((await settle(download(built, "csv", built.instructor.token))).status).toBe(403);
  });
});

describe("rendering", () => {
  test("both pages in Korean and English, with reasons in words, labels naming each learner, no missing key", async () => {
    const built = await world();
    const admin = await signedIn("ADMIN");
    const cohortPage = await getCohortPage(built, admin.token);
    const coursePage = await getCoursePage(built, built.instructor.token);
    for (const language of ["ko", "en"] as const) {
      const cohort = await renderPage({
        Page: cohortRoute.default as ComponentType,
        loaderData: cohortPage.data,
        language,
        url: "/page?done=nudged&count=2",
      });
      expect(cohort.missingKeys).toEqual([]);
      expect(cohort.text).toContain(cohort.t("atRisk.title"));
      expect(cohort.text).toContain(cohort.t("atRisk.count", { count: 2 }));
      expect(cohort.text).toContain(cohort.t("atRisk.reason.inactive", { count: 10 }));
      expect(cohort.text).toContain(cohort.t("atRisk.done.nudged", { count: 2 }));
      expect(cohort.html).toContain(escapeHtml(cohort.t("atRisk.selectLearner", { name: "김가람" })));
      expect(cohort.html).toContain(`href="/admin/learners/${built.kim.id}"`);
      expect(cohort.html).toContain(`href="/admin/cohorts/${built.cohort.id}/at-risk/export?format=csv"`);
      expect(cohort.html).toContain("<caption");
      expect(cohort.html).toContain('class="relative overflow-x-auto');
      expect(cohort.html).not.toContain("이나래");

      const course = await renderPage({
        Page: courseRoute.default as ComponentType,
        loaderData: coursePage.data,
        language,
      });
      expect(course.missingKeys).toEqual([]);
      expect(course.text).toContain(course.t("atRisk.reason.inactive", { count: 10 }));
      expect(course.text).toContain(course.t("atRisk.nudge.send"));
      expect(course.html).toContain(escapeHtml(course.t("atRisk.selectLearner", { name: "Dana Park" })));
    }
    // "Select all on this page" without JavaScript: every box ticked.
    const selected = await renderPage({
      Page: cohortRoute.default as ComponentType,
      loaderData: (await getCohortPage(built, admin.token, "?select=page")).data,
      language: "ko",
      url: "/page?select=page",
    });
    expect(selected.html.match(/type="checkbox"[^>]*checked=""/g)).toHaveLength(2);
  });
});
