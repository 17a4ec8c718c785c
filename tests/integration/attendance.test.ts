// Attendance as browsers drive it, through the routes' loaders and actions with real signed-in
// requests: who may take a cohort's attendance (its course's instructor and admins; an instructor of
// another course and learners get 403); class days added by weekday and a day with records kept;
// a roster saved whole, refused with the message beside the field and the typed input kept, and a
// correction audited; learners checking in with the code (once under concurrent posts, wrong codes
// refused, rate-limited); the monthly export as CSV and XLSX; and the pages in Korean and English.
import ExcelJS from "exceljs";
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { academyCalendarDay } from "~/lib/time-zone";
import { prisma } from "~/lib/db.server";
import * as checkInRoute from "~/routes/check-in";
import * as calendarRoute from "~/routes/cohorts.$cohortId.attendance";
import * as rosterRoute from "~/routes/cohorts.$cohortId.attendance_.$classDayId";
import * as exportRoute from "~/routes/cohorts.$cohortId.attendance_.export";
import * as cohortsRoute from "~/routes/cohorts._index";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCohortFor, createCourseWith, createLearner } from "../factories/enrollment";
import { buildFormRequest, routeArgs, settle } from "../factories/requests";
import { escapeHtml, renderPage } from "../factories/render-page";

const DAY_MS = 24 * 60 * 60 * 1000;
const today = academyCalendarDay(new Date());
const daysFromToday = (offset: number) => new Date(today.getTime() + offset * DAY_MS);
const iso = (day: Date) => day.toISOString().slice(0, 10);

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN", locale: "ko" | "en" = "ko") {
  const user = await createUser(prisma, { role });
  if (locale !== "ko") await prisma.user.update({ where: { id: user.id }, data: { locale } });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/**
 * A cohort running from 90 days ago to 60 days ahead with one course, its instructor, an instructor
 * of another course (who teaches none of the cohort's), an admin, two learners and today's class day.
 */
async function attendanceFixture() {
  const program = await createProgram(prisma);
  const course = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY" });
  const otherCourse = await createCourseWith(prisma, { programId: program.id });
  const created = await createCohortFor(prisma, { courseId: course.id });
  const cohort = await prisma.cohort.update({
    where: { id: created.id },
    data: { startsOn: daysFromToday(-90), endsOn: daysFromToday(60) },
  });
  const instructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
  const otherInstructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: otherInstructor.user.id });
  const admin = await signedIn("ADMIN");
  const learner = await signedIn("LEARNER");
  const joinedAt = new Date(daysFromToday(-90).getTime() - 9 * 60 * 60 * 1000); // midnight in Korea
  await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: learner.user.id, joinedAt } });
  const secondLearner = await createLearner(prisma);
  await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: secondLearner.id, joinedAt } });
  const todayDay = await prisma.classDay.create({ data: { cohortId: cohort.id, date: today }, select: { id: true } });
  return { program, course, cohort, instructor, otherInstructor, admin, learner, secondLearner, joinedAt, todayDay };
}

const calendarPath = (cohortId: string) => `/cohorts/${cohortId}/attendance`;
const rosterPath = (cohortId: string, classDayId: string) => `/cohorts/${cohortId}/attendance/${classDayId}`;

async function getCalendar(cohortId: string, token: string | undefined, query = "") {
  const request = await buildRequest({ path: `${calendarPath(cohortId)}${query}`, token });
  return settle(calendarRoute.loader(routeArgs(request, { params: { cohortId } })));
}

async function postCalendar(cohortId: string, token: string | undefined, form: Record<string, string>) {
  const request = await buildFormRequest({ path: calendarPath(cohortId), form, token });
  return settle(calendarRoute.action(routeArgs(request, { params: { cohortId } })));
}

/** The calendar form's weekday checkboxes as the browser posts them: one `weekdays` per box. */
async function postWeekdays(cohortId: string, token: string, from: string, to: string, weekdays: number[]) {
  const body = new URLSearchParams({ intent: "add-days", from, to });
  for (const weekday of weekdays) body.append("weekdays", String(weekday));
  const base = await buildFormRequest({ path: calendarPath(cohortId), form: {}, token });
  const request = new Request(base.url, { method: "POST", body, headers: base.headers });
  return settle(calendarRoute.action(routeArgs(request, { params: { cohortId } })));
}

async function getRoster(cohortId: string, classDayId: string, token: string | undefined) {
  const request = await buildRequest({ path: rosterPath(cohortId, classDayId), token });
  return settle(rosterRoute.loader(routeArgs(request, { params: { cohortId, classDayId } })));
}

async function postRoster(
  cohortId: string,
  classDayId: string,
  token: string | undefined,
  form: Record<string, string>,
) {
  const request = await buildFormRequest({ path: rosterPath(cohortId, classDayId), form, token });
  return settle(rosterRoute.action(routeArgs(request, { params: { cohortId, classDayId } })));
}

async function postCheckIn(token: string, code: string) {
  const request = await buildFormRequest({ path: "/check-in", form: { code }, token });
  return settle(checkInRoute.action(routeArgs(request)));
}

async function getExport(cohortId: string, token: string | undefined, query: string) {
  const request = await buildRequest({ path: `${calendarPath(cohortId)}/export${query}`, token });
  return exportRoute.loader(routeArgs(request, { params: { cohortId } })).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
}

describe("who takes a cohort's attendance", () => {
  test("its course's instructor and admins; an instructor of another course and learners get 403", async () => {
    const { cohort, instructor, otherInstructor, admin, learner, todayDay } = await attendanceFixture();
    const saveForm = { intent: "save", "rows[0].userId": learner.user.id, "rows[0].status": "PRESENT" };

    for (const { token } of [instructor, admin]) {
      expect((await getCalendar(cohort.id, token)).status).toBe(200);
      expect((await getRoster(cohort.id, todayDay.id, token)).status).toBe(200);
    }
    const listed = await settle(
      cohortsRoute.loader(routeArgs(await buildRequest({ path: "/cohorts", token: instructor.token }))),
    );
    expect(listed.data?.cohorts.map((row) => [row.id, row.todayClassDayId])).toEqual([[cohort.id, todayDay.id]]);
    const adminList = await settle(
      cohortsRoute.loader(routeArgs(await buildRequest({ path: "/cohorts", token: admin.token }))),
    );
    expect(adminList.data?.cohorts.some((row) => row.id === cohort.id)).toBe(true);
    const otherList = await settle(
      cohortsRoute.loader(routeArgs(await buildRequest({ path: "/cohorts", token: otherInstructor.token }))),
    );
    expect(otherList.status).toBe(200);
    expect(otherList.data?.cohorts).toEqual([]);

    for (const { token } of [otherInstructor, learner]) {
      expect((await getCalendar(cohort.id, token)).status).toBe(403);
      expect((await getRoster(cohort.id, todayDay.id, token)).status).toBe(403);
      expect((await postRoster(cohort.id, todayDay.id, token, saveForm)).status).toBe(403);
      expect((await postCalendar(cohort.id, token, { intent: "add-day", date: iso(today) })).status).toBe(403);
    }
    expect(
      (await settle(cohortsRoute.loader(routeArgs(await buildRequest({ path: "/cohorts", token: learner.token })))))
        .status,
    ).toBe(403);
    for (const reply of [
      await getCalendar(cohort.id, undefined),
      await getRoster(cohort.id, todayDay.id, undefined),
      await postRoster(cohort.id, todayDay.id, undefined, saveForm),
    ]) {
      expect(reply.status).toBe(302);
      expect(reply.location).toMatch(/^\/login/);
    }
    expect(await prisma.attendanceRecord.count({ where: { cohortId: cohort.id } })).toBe(0);

    const saved = await postRoster(cohort.id, todayDay.id, instructor.token, saveForm);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${rosterPath(cohort.id, todayDay.id)}?done=saved&recorded=1&corrected=0`);
    // Bad input from someone who may act is a 400; an empty roster changes nothing.
    expect((await postCalendar(cohort.id, admin.token, { intent: "add-day", date: "" })).status).toBe(400);
    expect((await postRoster(cohort.id, todayDay.id, admin.token, { intent: "open-code", minutes: "0" })).status).toBe(
      400,
    );
    expect((await postRoster(cohort.id, todayDay.id, admin.token, { intent: "save" })).status).toBe(303);
    for (const { token } of [otherInstructor, learner]) {
      expect((await postCalendar(cohort.id, token, { intent: "add-day", date: "" })).status).toBe(403);
      expect((await postRoster(cohort.id, todayDay.id, token, { intent: "open-code", minutes: "0" })).status).toBe(403);
    }
    expect((await getCalendar(cohort.id, admin.token, "?month=2026-13")).status).toBe(400);
    expect((await getRoster(cohort.id, "not-a-day", admin.token)).status).toBe(404);
    expect((await getCalendar(crypto.randomUUID(), admin.token)).status).toBe(404);
  });
});

describe("the calendar", () => {
  test("adds class days by weekday (counted by hand), keeps them when added again, keeps a day with records", async () => {
    const { cohort, instructor, learner, todayDay } = await attendanceFixture();
    // 14 days from a Monday: two Mondays, Wednesdays and Fridays.
    const offsetToMonday = ((8 - (daysFromToday(-40).getUTCDay() || 7)) % 7) - 40;
    const monday = daysFromToday(offsetToMonday);
    const sunday = new Date(monday.getTime() + 13 * DAY_MS);
    const added = await postWeekdays(cohort.id, instructor.token, iso(monday), iso(sunday), [1, 3, 5]);
    expect(added.status).toBe(303);
    expect(added.location).toContain("done=days-added&added=6&kept=0");
    const again = await postWeekdays(cohort.id, instructor.token, iso(monday), iso(sunday), [1, 2, 3, 4, 5]);
    expect(again.location).toContain("added=4&kept=6");
    const single = await postWeekdays(cohort.id, instructor.token, iso(monday), iso(monday), [1]);
    expect(single.location).toContain("added=0&kept=1");
    const dates = await prisma.classDay.findMany({
      where: { cohortId: cohort.id, date: { gte: monday, lte: sunday } },
      select: { date: true },
    });
    expect(dates).toHaveLength(10);

    const noWeekday = await postCalendar(cohort.id, instructor.token, {
      intent: "add-days",
      from: iso(monday),
      to: "2000-01-01",
    });
    expect(noWeekday.status).toBe(400);
    expect(noWeekday.data?.result?.error).toEqual({ weekdays: ["attendance.chooseWeekdays"] });
    const backwards = await postWeekdays(cohort.id, instructor.token, iso(sunday), iso(monday), [1]);
    expect(backwards.status).toBe(400);
    expect(backwards.data?.result?.error).toEqual({ to: ["attendance.toBeforeFrom"] });
    const outside = await postCalendar(cohort.id, instructor.token, {
      intent: "add-day",
      date: iso(daysFromToday(61)),
    });
    expect(outside.status).toBe(400);
    expect(outside.data?.result?.error).toEqual({ date: ["attendance.dateOutsideCohort"] });
    expect(outside.data?.result?.initialValue).toMatchObject({ date: iso(daysFromToday(61)) });

    await prisma.attendanceRecord.create({
      data: { cohortId: cohort.id, classDayId: todayDay.id, userId: learner.user.id, status: "PRESENT" },
    });
    const kept = await postCalendar(cohort.id, instructor.token, { intent: "remove-day", classDayId: todayDay.id });
    expect(kept.status).toBe(409);
    expect(kept.data?.result?.error).toEqual({ "": ["attendance.dayHasRecords"] });
    expect(await prisma.classDay.count({ where: { id: todayDay.id } })).toBe(1);
    const mondayDay = await prisma.classDay.findFirstOrThrow({
      where: { cohortId: cohort.id, date: monday },
      select: { id: true },
    });
    const removed = await postCalendar(cohort.id, instructor.token, {
      intent: "remove-day",
      classDayId: mondayDay.id,
      month: iso(monday).slice(0, 7),
    });
    expect(removed.status).toBe(303);
    expect(removed.location).toBe(`${calendarPath(cohort.id)}?month=${iso(monday).slice(0, 7)}&done=day-removed`);
  });
});

describe("a day's roster", () => {
  test("an excused absence without a reason is refused beside its field, typed input kept, nothing saved", async () => {
    const { cohort, instructor, learner, secondLearner, todayDay } = await attendanceFixture();
    const page = await getRoster(cohort.id, todayDay.id, instructor.token);
    const order = page.data?.learners.map((line) => line.userId) ?? [];
    const indexOf = (userId: string) => order.indexOf(userId);
    const form = {
      intent: "save",
      [`rows[${indexOf(learner.user.id)}].userId`]: learner.user.id,
      [`rows[${indexOf(learner.user.id)}].status`]: "EXCUSED",
      [`rows[${indexOf(secondLearner.id)}].userId`]: secondLearner.id,
      [`rows[${indexOf(secondLearner.id)}].status`]: "LATE",
      [`rows[${indexOf(secondLearner.id)}].reason`]: "지하철 지연",
    };
    const refused = await postRoster(cohort.id, todayDay.id, instructor.token, form);
    expect(refused.status).toBe(400);
    expect(refused.data?.result?.error).toEqual({
      [`rows[${indexOf(learner.user.id)}].reason`]: ["attendance.reasonRequired"],
    });
    expect(await prisma.attendanceRecord.count({ where: { classDayId: todayDay.id } })).toBe(0);

    for (const language of ["ko", "en"] as const) {
      const rendered = await renderPage({
        Page: rosterRoute.default as ComponentType,
        loaderData: page.data,
        actionData: refused.data,
        language,
      });
      expect(rendered.missingKeys).toEqual([]);
      expect(rendered.html).toContain(escapeHtml(rendered.t("attendance.reasonRequired")));
      expect(rendered.html).toContain('value="지하철 지연"');
      expect(rendered.html).toMatch(/value="EXCUSED"[^>]*checked=""|checked=""[^>]*value="EXCUSED"/);
      expect(rendered.html).toMatch(/aria-invalid="true"/);
    }

    const unknownRow = await postRoster(cohort.id, todayDay.id, instructor.token, {
      intent: "save",
      "rows[0].userId": crypto.randomUUID(),
      "rows[0].status": "PRESENT",
    });
    expect(unknownRow.status).toBe(409);
    expect(unknownRow.data?.result?.error).toEqual({ "": ["attendance.rosterChanged"] });
    const badStatus = await postRoster(cohort.id, todayDay.id, instructor.token, {
      intent: "save",
      "rows[0].userId": learner.user.id,
      "rows[0].status": "ON_HOLIDAY",
    });
    expect(badStatus.status).toBe(400);
    expect((await postRoster(cohort.id, todayDay.id, instructor.token, { intent: "bogus" })).status).toBe(400);
    expect(await prisma.attendanceRecord.count({ where: { classDayId: todayDay.id } })).toBe(0);
  });

  test("saves the whole roster, audits a correction with old and new, marks the rest present", async () => {
    const { cohort, instructor, admin, learner, secondLearner, todayDay } = await attendanceFixture();
    const third = await createLearner(prisma);
    await prisma.cohortMember.create({ data: { cohortId: cohort.id, userId: third.id, joinedAt: new Date(0) } });
    const rows = (statuses: Record<string, [string, string?]>) =>
      Object.fromEntries(
        Object.entries(statuses).flatMap(([userId, [status, reason]], index) => [
          [`rows[${index}].userId`, userId],
          [`rows[${index}].status`, status],
          ...(reason ? [[`rows[${index}].reason`, reason]] : []),
        ]),
      );
    const first = await postRoster(cohort.id, todayDay.id, instructor.token, {
      intent: "save",
      ...rows({ [learner.user.id]: ["EXCUSED", "예비군 훈련"], [secondLearner.id]: [""] }),
    });
    expect(first.location).toContain("recorded=1&corrected=0");
    const second = await postRoster(cohort.id, todayDay.id, admin.token, {
      intent: "save",
      ...rows({ [learner.user.id]: ["PRESENT"], [secondLearner.id]: ["LATE"] }),
    });
    expect(second.location).toContain("recorded=1&corrected=1");
    const marked = await postRoster(cohort.id, todayDay.id, instructor.token, { intent: "mark-all-present" });
    expect(marked.location).toBe(`${rosterPath(cohort.id, todayDay.id)}?done=marked&count=1`);
    const records = await prisma.attendanceRecord.findMany({
      where: { classDayId: todayDay.id },
      select: { userId: true, status: true, reason: true },
    });
    expect(new Map(records.map((row) => [row.userId, [row.status, row.reason]]))).toEqual(
      new Map([
        [learner.user.id, ["PRESENT", null]],
        [secondLearner.id, ["LATE", null]],
        [third.id, ["PRESENT", null]],
      ]),
    );
    const audits = await prisma.auditLog.findMany({
      where: { action: "attendance.corrected", data: { path: ["classDayId"], equals: todayDay.id } },
      select: { actorId: true, ipAddress: true, data: true },
    });
    expect(audits).toEqual([
      {
        actorId: admin.user.id,
        ipAddress: "203.0.113.7",
        data: expect.objectContaining({
          userId: learner.user.id,
          before: { status: "EXCUSED", reason: "예비군 훈련" },
          after: { status: "PRESENT", reason: null },
        }),
      },
    ]);
  });
});

describe("checking in", () => {
  async function openCode() {
    const fixture = await attendanceFixture();
    const opened = await postRoster(fixture.cohort.id, fixture.todayDay.id, fixture.instructor.token, {
      intent: "open-code",
      minutes: "10",
    });
    expect(opened.status).toBe(303);
    const { checkInCode } = await prisma.classDay.findUniqueOrThrow({
      where: { id: fixture.todayDay.id },
      select: { checkInCode: true },
    });
    return { ...fixture, code: checkInCode! };
  }

  test("the right code records PRESENT once under five concurrent posts", async () => {
    const { learner, todayDay, code } = await openCode();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => postCheckIn(learner.token, ` ${code.slice(0, 3)} ${code.slice(3)} `)),
    );
    expect(replies.map((reply) => reply.status)).toEqual([303, 303, 303, 303, 303]);
    expect(replies.filter((reply) => reply.location === "/check-in?done=checked-in")).toHaveLength(1);
    expect(replies.filter((reply) => reply.location === "/check-in?done=already")).toHaveLength(4);
    const records = await prisma.attendanceRecord.findMany({
      where: { classDayId: todayDay.id },
      select: { userId: true, status: true, checkedInAt: true },
    });
    expect(records).toEqual([{ userId: learner.user.id, status: "PRESENT", checkedInAt: expect.any(Date) }]);

    const page = await settle(
      checkInRoute.loader(routeArgs(await buildRequest({ path: "/check-in", token: learner.token }))),
    );
    expect(page.data?.classDays.map((day) => day.record?.status)).toEqual(["PRESENT"]);
    for (const language of ["ko", "en"] as const) {
      const rendered = await renderPage({
        Page: checkInRoute.default as ComponentType,
        loaderData: page.data,
        language,
        url: "/page?done=checked-in",
      });
      expect(rendered.missingKeys).toEqual([]);
      expect(rendered.html).toContain('inputMode="numeric"');
      expect(rendered.html).toContain('autoComplete="one-time-code"');
      expect(rendered.text).toContain(rendered.t("attendance.checkIn.done"));
      expect(rendered.text).toContain(rendered.t("attendance.status.PRESENT"));
    }
  });

  test("a wrong code and a non-member are refused beside the field; ten tries, then 429", async () => {
    const { cohort, todayDay, code, learner, otherInstructor } = await openCode();
    const wrong = code === "000000" ? "000001" : "000000";
    const outsider = await signedIn("LEARNER");
    for (const token of [outsider.token, otherInstructor.token]) {
      const refused = await postCheckIn(token, code);
      expect(refused.status).toBe(400);
      expect(refused.data?.result?.error).toEqual({ code: ["attendance.checkIn.codeInvalid"] });
    }
    const malformed = await postCheckIn(learner.token, "12ab");
    expect(malformed.status).toBe(400);
    expect(malformed.data?.result?.error).toEqual({ code: ["attendance.checkIn.codeFormat"] });
    for (let attempt = 0; attempt < 10; attempt++) {
      const refused = await postCheckIn(learner.token, wrong);
      expect(refused.status).toBe(400);
      expect(refused.data?.result?.error).toEqual({ code: ["attendance.checkIn.codeInvalid"] });
    }
    const limited = await postCheckIn(learner.token, code);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(limited.data?.result?.error).toEqual({ "": ["auth.tooManyAttempts"] });
    expect(await prisma.attendanceRecord.count({ where: { cohortId: cohort.id, classDayId: todayDay.id } })).toBe(0);
  });
});

describe("the monthly export", () => {
  /** A month wholly in the past, with three class days and two learners, worked out by hand. */
  async function exportFixture() {
    const fixture = await attendanceFixture();
    const month = iso(daysFromToday(-45)).slice(0, 7);
    const studentNumber = `S-${uniqueSuffix()}`;
    const [d3, d10, d17] = await Promise.all(
      ["03", "10", "17"].map((dayOfMonth) =>
        prisma.classDay.create({
          data: { cohortId: fixture.cohort.id, date: new Date(`${month}-${dayOfMonth}T00:00:00.000Z`) },
          select: { id: true },
        }),
      ),
    );
    await prisma.user.update({
      where: { id: fixture.learner.user.id },
      data: { name: "김하나", studentNumber },
    });
    await prisma.user.update({ where: { id: fixture.secondLearner.id }, data: { name: "이두리" } });
    const mark = (
      classDayId: string,
      userId: string,
      status: "PRESENT" | "LATE" | "LEFT_EARLY" | "ABSENT" | "EXCUSED",
    ) => prisma.attendanceRecord.create({ data: { cohortId: fixture.cohort.id, classDayId, userId, status } });
    // 김하나: present, excused, no record → present 1, absent 1, excused 1, counted 2, rate 50 %.
    await mark(d3!.id, fixture.learner.user.id, "PRESENT");
    await mark(d10!.id, fixture.learner.user.id, "EXCUSED");
    // 이두리: late, left early, absent → late 1, left early 1, absent 1, counted 3, rate 66.7 %.
    await mark(d3!.id, fixture.secondLearner.id, "LATE");
    await mark(d10!.id, fixture.secondLearner.id, "LEFT_EARLY");
    await mark(d17!.id, fixture.secondLearner.id, "ABSENT");
    return { ...fixture, month, studentNumber };
  }

  function dayHeaders(month: string, language: "ko" | "en") {
    const weekdays = {
      ko: ["일", "월", "화", "수", "목", "금", "토"],
      en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    };
    return ["03", "10", "17"].map((dayOfMonth) => {
      const date = new Date(`${month}-${dayOfMonth}T00:00:00.000Z`);
      const weekday = weekdays[language][date.getUTCDay()];
      const monthNumber = Number(month.slice(5));
      return language === "ko"
        ? `${monthNumber}/${Number(dayOfMonth)}(${weekday})`
        : `${monthNumber}/${Number(dayOfMonth)} ${weekday}`;
    });
  }

  test("CSV starts with a BOM and holds the header and cells, in the reader's language; audited", async () => {
    const { cohort, admin, learner, secondLearner, month, studentNumber } = await exportFixture();
    const response = await getExport(cohort.id, admin.token, `?month=${month}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain(".csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(lines[0]).toBe(
      [
        "이름",
        "이메일",
        "학번",
        ...dayHeaders(month, "ko"),
        "출석",
        "지각",
        "조퇴",
        "결석",
        "공결",
        "집계 수업일",
        "출석률(%)",
      ].join(","),
    );
    expect(lines[1]).toBe(
      ["김하나", learner.user.email, studentNumber, "출", "공", "미", 1, 0, 0, 1, 1, 2, 50].join(","),
    );
    expect(lines[2]).toBe(["이두리", secondLearner.email, "", "지", "조", "결", 0, 1, 1, 1, 0, 3, 66.7].join(","));
    expect(lines[3]).toBe("");
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "report.exported", entityId: cohort.id },
      select: { actorId: true, data: true, ipAddress: true },
    });
    expect(audit).toEqual({
      actorId: admin.user.id,
      ipAddress: "203.0.113.7",
      data: { kind: "attendance", month, rows: 2, format: "csv" },
    });

    const english = await signedIn("ADMIN", "en");
    const englishCsv = await (await getExport(cohort.id, english.token, `?month=${month}&format=csv`)).text();
    const englishLines = englishCsv.replace(/^\uFEFF/, "").split("\r\n");
    expect(englishLines[0]).toBe(
      [
        "Name",
        "Email",
        "Student number",
        ...dayHeaders(month, "en"),
        "Present",
        "Late",
        "Left early",
        "Absent",
        "Excused",
        "Counted class days",
        "Rate (%)",
      ].join(","),
    );
    expect(englishLines[1]).toContain(",P,EX,NR,");
  });

  test("XLSX opens with exceljs and holds numbers as numbers; bad month 400; instructors and learners 403", async () => {
    const { cohort, admin, instructor, learner, month } = await exportFixture();
    const response = await getExport(cohort.id, admin.token, `?month=${month}&format=xlsx`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("이름");
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe("김하나");
    expect([4, 5, 6].map((column) => first.getCell(column).value)).toEqual(["출", "공", "미"]);
    expect([7, 8, 9, 10, 11, 12, 13].map((column) => first.getCell(column).value)).toEqual([1, 0, 0, 1, 1, 2, 50]);
    expect(sheet.getRow(3).getCell(13).value).toBe(66.7);
    expect(typeof sheet.getRow(3).getCell(12).value).toBe("number");

    for (const query of ["?month=2026-13&format=csv", "?format=csv", `?month=${month}&format=pdf`]) {
      expect((await getExport(cohort.id, admin.token, query)).status).toBe(400);
    }
    for (const token of [instructor.token, learner.token]) {
      expect((await getExport(cohort.id, token, `?month=${month}&format=csv`)).status).toBe(403);
    }
    expect((await getExport(crypto.randomUUID(), admin.token, `?month=${month}&format=csv`)).status).toBe(404);
    expect(await prisma.auditLog.count({ where: { action: "report.exported", entityId: cohort.id } })).toBe(1);
  });
});

describe("the pages in Korean and English", () => {
  test("the list, the calendar and the roster with an open code render without a missing key", async () => {
    const { cohort, instructor, admin, learner, todayDay } = await attendanceFixture();
    await postRoster(cohort.id, todayDay.id, instructor.token, { intent: "open-code", minutes: "15" });
    await postRoster(cohort.id, todayDay.id, instructor.token, {
      intent: "save",
      "rows[0].userId": learner.user.id,
      "rows[0].status": "LATE",
    });
    const { checkInCode } = await prisma.classDay.findUniqueOrThrow({
      where: { id: todayDay.id },
      select: { checkInCode: true },
    });
    const roster = await getRoster(cohort.id, todayDay.id, instructor.token);
    const calendar = await getCalendar(cohort.id, instructor.token);
    const adminCalendar = await getCalendar(cohort.id, admin.token);
    const list = await settle(
      cohortsRoute.loader(routeArgs(await buildRequest({ path: "/cohorts", token: instructor.token }))),
    );
    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({
        Page: rosterRoute.default as ComponentType,
        loaderData: roster.data,
        language,
        url: "/page?done=saved&recorded=1&corrected=0",
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.html).toContain(checkInCode!);
      expect(shown.text).toContain(shown.t("attendance.code.close"));
      expect(shown.text).toContain(shown.t("attendance.status.LEFT_EARLY"));
      expect(shown.text).toContain(shown.t("attendance.unrecorded"));
      expect(shown.text).toContain(shown.t("attendance.done.saved", { recorded: "1", corrected: "0" }));
      expect(shown.html).toMatch(/type="radio"/);
      expect(shown.html).not.toContain(escapeHtml(shown.t("cohortNav.members")));

      const month = await renderPage({
        Page: calendarRoute.default as ComponentType,
        loaderData: calendar.data,
        language,
      });
      expect(month.missingKeys).toEqual([]);
      expect(month.html).toContain(`href="${rosterPath(cohort.id, todayDay.id)}"`);
      expect(month.html).toContain("<caption");
      expect(month.html).not.toContain("/export?month=");
      const adminMonth = await renderPage({
        Page: calendarRoute.default as ComponentType,
        loaderData: adminCalendar.data,
        language,
      });
      expect(adminMonth.html).toContain(escapeHtml(adminMonth.t("cohortNav.members")));
      expect(adminMonth.html).toContain("/export?month=");

      const listed = await renderPage({ Page: cohortsRoute.default as ComponentType, loaderData: list.data, language });
      expect(listed.missingKeys).toEqual([]);
      expect(listed.html).toContain(escapeHtml(cohort.name));
      expect(listed.text).toContain(listed.t("attendance.todayClassDay"));
    }
  });

  test("learners below the threshold are marked in words", async () => {
    const { cohort, instructor, learner, secondLearner } = await attendanceFixture();
    const past = await prisma.classDay.create({
      data: { cohortId: cohort.id, date: daysFromToday(-1) },
      select: { id: true },
    });
    await prisma.attendanceRecord.create({
      data: { cohortId: cohort.id, classDayId: past.id, userId: secondLearner.id, status: "PRESENT" },
    });
    // Yesterday: the learner has no record (absent, 0 %), the second learner was present (100 %).
    const page = await getCalendar(cohort.id, instructor.token, `?month=${iso(daysFromToday(-1)).slice(0, 7)}`);
    const byUser = new Map(page.data?.learners.map((row) => [row.userId, row]));
    expect(byUser.get(learner.user.id)).toMatchObject({ rate: 0, isBelowThreshold: true, absentDays: 1 });
    expect(byUser.get(secondLearner.id)).toMatchObject({ rate: 1, isBelowThreshold: false });
    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({ Page: calendarRoute.default as ComponentType, loaderData: page.data, language });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain(shown.t("attendance.belowThreshold"));
    }
  });
});
