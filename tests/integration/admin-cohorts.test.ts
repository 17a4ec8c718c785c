// Cohorts as an admin's browser drives them, through the routes' loaders and actions with real
// signed-in requests: only admins get in (others 403, visitors to the log-in page), bad input is
// refused with its message beside the field in the reader's language and the typed value kept,
// nothing saved; a cohort is created, gets a member and a course, and its learner is enrolled; and
// both pages render in Korean and English without a missing word.
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as cohortRoute from "~/routes/admin.cohorts.$cohortId";
import * as cohortsRoute from "~/routes/admin.cohorts._index";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createCourseWith, createLearner } from "../factories/enrollment";
import { buildFormRequest, routeArgs, settle } from "../factories/requests";
import { escapeHtml, renderPage } from "../factories/render-page";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function getPage(path: string, token: string | undefined, params: Record<string, string> = {}) {
  const request = await buildRequest({ path, token });
  const args = routeArgs(request, { params });
  return params.cohortId ? settle(cohortRoute.loader(args)) : settle(cohortsRoute.loader(args));
}

async function post(
  path: string,
  token: string | undefined,
  form: Record<string, string>,
  params: Record<string, string> = {},
) {
  const request = await buildFormRequest({ path, form, token });
  return params.cohortId
    ? settle(cohortRoute.action(routeArgs(request, { params })))
    : settle(cohortsRoute.action(routeArgs(request, { params })));
}

/** A cohort of a new program with a published course of that program not yet assigned. */
async function cohortFixture() {
  const program = await createProgram(prisma);
  const course = await createCourseWith(prisma, {
    programId: program.id,
    policy: "COHORT_ONLY",
    title: "데이터 분석 입문",
  });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: `2026 가을 데이터 ${uniqueSuffix()}`,
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2026-12-18"),
    },
  });
  return { program, course, cohort };
}

describe("who may manage cohorts", () => {
  test("visitors go to log in, learners and instructors get 403, admins get in", async () => {
    const { cohort } = await cohortFixture();
    const learner = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    const admin = await signedIn("ADMIN");
    const params = { cohortId: cohort.id };
    const path = `/admin/cohorts/${cohort.id}`;
    const anonymous = [
      await getPage("/admin/cohorts", undefined),
      await getPage(path, undefined, params),
      await post("/admin/cohorts", undefined, { name: "x" }),
      await post(path, undefined, { intent: "remove-member", memberId: cohort.id }, params),
    ];
    for (const reply of anonymous) {
      expect(reply.status).toBe(302);
      expect(reply.location).toMatch(/^\/login/);
    }
    for (const { token } of [learner, instructor]) {
      expect((await getPage("/admin/cohorts", token)).status).toBe(403);
      expect((await getPage(path, token, params)).status).toBe(403);
      expect((await post("/admin/cohorts", token, { name: "x" })).status).toBe(403);
      expect((await post(path, token, { intent: "unassign-course", courseId: cohort.id }, params)).status).toBe(403);
    }
    expect((await getPage("/admin/cohorts", admin.token)).status).toBe(200);
    expect((await getPage(path, admin.token, params)).status).toBe(200);
    expect(
      (await getPage(`/admin/cohorts/${crypto.randomUUID()}`, admin.token, { cohortId: crypto.randomUUID() })).status,
    ).toBe(404);
    expect((await getPage("/admin/cohorts/nope", admin.token, { cohortId: "nope" })).status).toBe(404);
    expect(await prisma.auditLog.count({ where: { entityType: "Cohort", entityId: cohort.id } })).toBe(0);
  });
});

describe("an admin running a cohort", () => {
  test("creates a cohort, adds a learner by email, assigns a course and the learner is enrolled", async () => {
    const admin = await signedIn("ADMIN");
    const program = await createProgram(prisma);
    const course = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY" });
    const page = await getPage("/admin/cohorts", admin.token);
    const slug = `fall-${uniqueSuffix()}`;
    const form = {
      programId: program.id,
      name: "2026 가을 MLOps",
      slug,
      startsOn: "2026-10-12",
      endsOn: "2026-12-18",
      submissionKey: page.data?.submissionKey ?? "",
    };
    const created = await post("/admin/cohorts", admin.token, form);
    const again = await post("/admin/cohorts", admin.token, form);
    expect(created.status).toBe(303);
    expect(again.location).toBe(created.location);
    const cohort = await prisma.cohort.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    expect(created.location).toBe(`/admin/cohorts/${cohort.id}`);

    const params = { cohortId: cohort.id };
    const path = `/admin/cohorts/${cohort.id}`;
    const learner = await createLearner(prisma);
    const detail = await getPage(path, admin.token, params);
    const added = await post(
      path,
      admin.token,
      { intent: "add-member", email: learner.email, role: "LEARNER", submissionKey: detail.data?.submissionKey ?? "" },
      params,
    );
    expect(added.status).toBe(303);
    expect(added.location).toBe(`${path}?done=add-member`);
    const assigned = await post(
      path,
      admin.token,
      { intent: "assign-course", courseId: course.id, startsOn: "2026-10-12", dueOn: "2026-11-30" },
      params,
    );
    expect(assigned.status).toBe(303);
    expect(
      await prisma.enrollment.findMany({
        where: { courseId: course.id },
        select: { userId: true, status: true, cohortId: true },
      }),
    ).toEqual([{ userId: learner.id, status: "ACTIVE", cohortId: cohort.id }]);

    const member = await prisma.cohortMember.findFirstOrThrow({ where: { cohortId: cohort.id }, select: { id: true } });
    expect((await post(path, admin.token, { intent: "remove-member", memberId: member.id }, params)).status).toBe(303);
    expect((await post(path, admin.token, { intent: "unassign-course", courseId: course.id }, params)).status).toBe(
      303,
    );
    expect(await prisma.enrollment.count({ where: { courseId: course.id, status: "ACTIVE" } })).toBe(1);
    const actions = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohort.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, ipAddress: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "cohort.created",
      "cohort.member-added",
      "cohort.course-assigned",
      "cohort.member-removed",
      "cohort.course-unassigned",
    ]);
    expect(actions.every((row) => row.ipAddress === "203.0.113.7")).toBe(true);
  });

  test("bad input is refused with 400 and field errors, typed input kept, nothing saved", async () => {
    const admin = await signedIn("ADMIN");
    const { program, course, cohort } = await cohortFixture();
    const params = { cohortId: cohort.id };
    const path = `/admin/cohorts/${cohort.id}`;
    const cohortCount = await prisma.cohort.count();

    const endsFirst = await post("/admin/cohorts", admin.token, {
      programId: program.id,
      name: "거꾸로 기수",
      startsOn: "2026-12-01",
      endsOn: "2026-09-01",
    });
    expect(endsFirst.status).toBe(400);
    expect(endsFirst.data?.result?.error).toEqual({ endsOn: ["cohorts.endsBeforeStarts"] });
    const taken = await post("/admin/cohorts", admin.token, {
      programId: program.id,
      name: "같은 슬러그",
      slug: cohort.slug,
      startsOn: "2026-09-01",
      endsOn: "2026-12-01",
    });
    expect(taken.status).toBe(400);
    expect(taken.data?.result?.error).toEqual({ slug: ["cohorts.slugTaken"] });
    const missing = await post("/admin/cohorts", admin.token, { programId: "", name: "", startsOn: "2026-02-30" });
    expect(missing.status).toBe(400);
    expect(missing.data?.result?.error).toMatchObject({
      programId: ["validation.required"],
      name: ["validation.required"],
      startsOn: ["validation.dateInvalid"],
      endsOn: ["validation.required"],
    });
    expect(await prisma.cohort.count()).toBe(cohortCount);

    const unknownEmail = `nobody-${uniqueSuffix()}@example.com`;
    const unknown = await post(
      path,
      admin.token,
      { intent: "add-member", email: unknownEmail, role: "LEARNER" },
      params,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.data?.result?.error).toEqual({ email: ["cohorts.userNotFound"] });
    const malformed = await post(
      path,
      admin.token,
      { intent: "add-member", email: "not-an-email", role: "BOSS" },
      params,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.data?.result?.error).toEqual({
      email: ["validation.emailInvalid"],
      role: ["validation.required"],
    });
    const dueFirst = await post(
      path,
      admin.token,
      { intent: "assign-course", courseId: course.id, startsOn: "2026-10-01", dueOn: "2026-09-01" },
      params,
    );
    expect(dueFirst.status).toBe(400);
    expect(dueFirst.data?.result?.error).toEqual({ dueOn: ["cohorts.dueBeforeStart"] });
    const draft = await createCourseWith(prisma, { programId: program.id, status: "DRAFT" });
    const notAvailable = await post(path, admin.token, { intent: "assign-course", courseId: draft.id }, params);
    expect(notAvailable.status).toBe(400);
    expect(notAvailable.data?.result?.error).toEqual({ courseId: ["cohorts.courseNotAvailable"] });
    expect((await post(path, admin.token, { intent: "bogus" }, params)).status).toBe(400);
    expect((await post(path, admin.token, { intent: "remove-member", memberId: "x" }, params)).status).toBe(400);
    expect(await prisma.cohortMember.count({ where: { cohortId: cohort.id } })).toBe(0);
    expect(await prisma.cohortCourse.count({ where: { cohortId: cohort.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { entityType: "Cohort", entityId: cohort.id } })).toBe(0);

    const page = await getPage(path, admin.token, params);
    for (const language of ["ko", "en"] as const) {
      const rendered = await renderPage({
        Page: cohortRoute.default as ComponentType,
        loaderData: page.data,
        actionData: unknown.data,
        language,
      });
      expect(rendered.missingKeys).toEqual([]);
      expect(rendered.html).toContain(escapeHtml(rendered.t("cohorts.userNotFound")));
      expect(rendered.html).toContain(`value="${unknownEmail}"`);
      expect(rendered.html).toMatch(/aria-invalid="true"/);

      const listPage = await getPage("/admin/cohorts", admin.token);
      const list = await renderPage({
        Page: cohortsRoute.default as ComponentType,
        loaderData: listPage.data,
        actionData: taken.data,
        language,
      });
      expect(list.missingKeys).toEqual([]);
      expect(list.html).toContain(escapeHtml(list.t("cohorts.slugTaken")));
      expect(list.html).toContain(`value="${cohort.slug}"`);
    }
  });

  test("both pages render in Korean and English with members and courses, without a missing key", async () => {
    const admin = await signedIn("ADMIN");
    const { course, cohort } = await cohortFixture();
    const learner = await createLearner(prisma);
    const params = { cohortId: cohort.id };
    const path = `/admin/cohorts/${cohort.id}`;
    await post(path, admin.token, { intent: "add-member", email: learner.email, role: "MENTOR" }, params);
    await post(path, admin.token, { intent: "assign-course", courseId: course.id, dueOn: "2026-11-30" }, params);
    const [list, detail] = [await getPage("/admin/cohorts", admin.token), await getPage(path, admin.token, params)];
    for (const language of ["ko", "en"] as const) {
      const listed = await renderPage({ Page: cohortsRoute.default as ComponentType, loaderData: list.data, language });
      expect(listed.missingKeys).toEqual([]);
      expect(listed.html).toContain(escapeHtml(cohort.name));
      const shown = await renderPage({
        Page: cohortRoute.default as ComponentType,
        loaderData: detail.data,
        language,
        url: "/page?done=assign-course",
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.html).toContain(escapeHtml(learner.email));
      expect(shown.html).toContain(escapeHtml(course.title));
      expect(shown.html).toContain('value="2026-11-30"');
      expect(shown.text).toContain(shown.t("cohorts.done.courseAssigned"));
      expect(shown.text).toContain(shown.t("cohorts.roles.MENTOR"));
    }
  });
});

describe("describing and archiving a cohort", () => {
  async function getList(query: string, token: string) {
    return settle(cohortsRoute.loader(routeArgs(await buildRequest({ path: `/admin/cohorts${query}`, token }))));
  }

  test("the description is saved from both forms; archiving keeps members and enrollments and hides the cohort", async () => {
    const admin = await signedIn("ADMIN");
    const { program, course, cohort } = await cohortFixture();
    const params = { cohortId: cohort.id };
    const path = `/admin/cohorts/${cohort.id}`;
    const slug = `described-${uniqueSuffix()}`;
    const created = await post("/admin/cohorts", admin.token, {
      programId: program.id,
      name: "2027 봄 AI 엔지니어",
      slug,
      startsOn: "2027-03-02",
      endsOn: "2027-08-27",
      description: "  주 5일 대면 수업, 오후 2시~6시  ",
    });
    expect(created.status).toBe(303);
    expect(await prisma.cohort.findUniqueOrThrow({ where: { slug }, select: { description: true } })).toEqual({
      description: "주 5일 대면 수업, 오후 2시~6시",
    });
    const tooLong = await post("/admin/cohorts", admin.token, {
      programId: program.id,
      name: "너무 긴 소개",
      startsOn: "2027-03-02",
      endsOn: "2027-08-27",
      description: "가".repeat(2001),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data?.result?.error).toEqual({ description: ["validation.tooLong"] });

    const learner = await createLearner(prisma);
    await post(path, admin.token, { intent: "add-member", email: learner.email, role: "LEARNER" }, params);
    await post(path, admin.token, { intent: "assign-course", courseId: course.id }, params);
    const edited = await post(
      path,
      admin.token,
      {
        intent: "details",
        programId: program.id,
        name: cohort.name,
        slug: cohort.slug,
        startsOn: "2026-09-01",
        endsOn: "2026-12-18",
        description: "저녁반",
      },
      params,
    );
    expect(edited).toMatchObject({ status: 303, location: `${path}?done=details` });

    const archived = await post(path, admin.token, { intent: "archive" }, params);
    expect(archived).toMatchObject({ status: 303, location: `${path}?done=archive` });
    expect(await prisma.cohortMember.count({ where: { cohortId: cohort.id, leftAt: null } })).toBe(1);
    expect(await prisma.enrollment.count({ where: { cohortId: cohort.id, status: "ACTIVE" } })).toBe(1);
    expect(await prisma.cohortCourse.count({ where: { cohortId: cohort.id } })).toBe(1);
    const current = await getList("", admin.token);
    const archivedList = await getList("?archived=1", admin.token);
    expect(current.data?.cohorts.map((shown) => shown.id)).not.toContain(cohort.id);
    expect(archivedList.data?.cohorts.map((shown) => shown.id)).toContain(cohort.id);

    const detail = await getPage(path, admin.token, params);
    for (const language of ["ko", "en"] as const) {
      const listed = await renderPage({
        Page: cohortsRoute.default as ComponentType,
        loaderData: current.data,
        language,
      });
      expect(listed.missingKeys).toEqual([]);
      expect(listed.html).toContain('href="/admin/cohorts?archived=1"');
      expect(listed.html).toContain('name="description"');
      expect(listed.html).not.toContain(escapeHtml(cohort.name));
      const shownArchived = await renderPage({
        Page: cohortsRoute.default as ComponentType,
        loaderData: archivedList.data,
        language,
        url: "/page?archived=1",
      });
      expect(shownArchived.missingKeys).toEqual([]);
      expect(shownArchived.html).toContain(escapeHtml(cohort.name));
      expect(shownArchived.text).toContain(shownArchived.t("cohorts.archivedTitle"));

      const shown = await renderPage({
        Page: cohortRoute.default as ComponentType,
        loaderData: detail.data,
        language,
        url: "/page?done=archive",
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain(shown.t("cohorts.done.archived"));
      expect(shown.text).toContain(shown.t("cohorts.restore"));
      expect(shown.html).toContain(">저녁반</textarea>");
      expect(shown.html).toContain(escapeHtml(learner.email));
    }
    expect((await post(path, admin.token, { intent: "restore" }, params)).status).toBe(303);
    expect((await getList("", admin.token)).data?.cohorts.map((shown) => shown.id)).toContain(cohort.id);
    const actions = await prisma.auditLog.findMany({
      where: { entityType: "Cohort", entityId: cohort.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      "cohort.member-added",
      "cohort.course-assigned",
      "cohort.updated",
      "cohort.archived",
      "cohort.restored",
    ]);
  });
});
