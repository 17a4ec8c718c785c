// The admin's oversight pages through their loaders with real requests: only admins get in; the
// audit log's actor, action and Korea-time date filters return exactly the matching events, pages,
// and costs the same number of statements however long the log is; the overview's figures equal
// what a small fixture makes by hand; both pages render in Korean and English without a missing word.
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { getAdminOverview } from "~/models/admin-overview.server";
import * as overviewRoute from "~/routes/admin._index";
import * as auditRoute from "~/routes/admin.audit";
import { createCourse, createProgram, createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createGradedCourse, createGradedSubmission } from "../factories/gradebook";
import { enrollLearnerDirectly } from "../factories/progress";
import { escapeHtml, renderPage } from "../factories/render-page";
import { routeArgs, settle } from "../factories/requests";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN", overrides: { name?: string; email?: string } = {}) {
  const user = await createUser(prisma, { role, ...overrides });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function loadAudit(query: string, token: string) {
  return settle(auditRoute.loader(routeArgs(await buildRequest({ path: `/admin/audit${query}`, token }))));
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

describe("who may see the oversight pages", () => {
  test.each([
    ["/admin/audit", auditRoute.loader],
    ["/admin", overviewRoute.loader],
  ] as const)("%s: anonymous logs in, learners and instructors get 403, admins 200", async (path, loader) => {
    const load = async (token?: string) =>
      settle<unknown>(loader(routeArgs(await buildRequest({ path, token }))) as Promise<unknown>);
    const anonymous = await load();
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect((await load((await signedIn("LEARNER")).token)).status).toBe(403);
    expect((await load((await signedIn("INSTRUCTOR")).token)).status).toBe(403);
    expect((await load((await signedIn("ADMIN")).token)).status).toBe(200);
  });
});

describe("the audit log", () => {
  /**
   * Five events over three Korea days. The second happens at 00:10 on 2 March in Korea, still
   * 1 March in UTC, so the date filter must count it on the 2nd.
   */
  async function auditFixture() {
    const viewer = await signedIn("ADMIN");
    const suffix = uniqueSuffix();
    const kim = await createUser(prisma, {
      role: "ADMIN",
      name: "김감사",
      email: `kim.audit-${suffix}@campus.example`,
    });
    const baek = await createUser(prisma, {
      role: "INSTRUCTOR",
      name: "Baek Grader",
      email: `grader-${suffix}@campus.example`,
    });
    const courseId = "0190a5f0-0000-7000-8000-000000000001";
    const event = (
      actorId: string | null,
      action: string,
      entityType: string,
      entityId: string,
      at: string,
      data: object = {},
    ) =>
      prisma.auditLog.create({
        data: { actorId, action, entityType, entityId, data, ipAddress: "198.51.100.4", createdAt: new Date(at) },
        select: { id: true },
      });
    const events = {
      roleChanged: await event(kim.id, "user.role-changed", "User", baek.id, "2026-03-01T23:30:00+09:00", {
        from: "LEARNER",
        to: "INSTRUCTOR",
      }),
      published: await event(kim.id, "course.status-changed", "Course", courseId, "2026-03-02T00:10:00+09:00", {
        from: "DRAFT",
        to: "PUBLISHED",
      }),
      graded: await event(
        baek.id,
        "submission.graded",
        "Submission",
        "0190a5f0-0000-7000-8000-0000000000aa",
        "2026-03-02T12:00:00+09:00",
        { courseId, toPoints: 40, maxPoints: 50 },
      ),
      unknown: await event(null, "cohort.members-imported", "Cohort", "cohort-1", "2026-03-03T09:00:00+09:00"),
      gradeChanged: await event(baek.id, "grade.changed", "FinalGrade", "final-1", "2026-03-05T09:00:00+09:00", {
        courseId,
        reason: "재채점",
      }),
    };
    return { viewer, kim, baek, courseId, events };
  }

  test("filters by actor, action and Korea-time dates return exactly the matching events", async () => {
    const { viewer, events } = await auditFixture();
    const ids = async (query: string) => {
      const reply = await loadAudit(query, viewer.token);
      expect(reply.status).toBe(200);
      return reply.data!.events.items.map((item) => item.id);
    };
    const { roleChanged, published, graded, unknown, gradeChanged } = events;

    expect(await ids("")).toEqual([gradeChanged, unknown, graded, published, roleChanged].map((e) => e.id));
    // Part of an e-mail, and part of a name in another case.
    expect(await ids("?actor=kim.audit")).toEqual([published.id, roleChanged.id]);
    expect(await ids("?actor=baek")).toEqual([gradeChanged.id, graded.id]);
    expect(await ids("?actor=%EA%B9%80%EA%B0%90")).toEqual([published.id, roleChanged.id]); // 김감
    expect(await ids("?action=submission.graded")).toEqual([graded.id]);
    expect(await ids("?from=2026-03-02&to=2026-03-02")).toEqual([graded.id, published.id]);
    expect(await ids("?to=2026-03-01")).toEqual([roleChanged.id]);
    expect(await ids("?from=2026-03-03")).toEqual([gradeChanged.id, unknown.id]);
    expect(await ids("?actor=baek&action=grade.changed&from=2026-03-05&to=2026-03-05")).toEqual([gradeChanged.id]);
    expect(await ids("?actor=nobody-at-all")).toEqual([]);
  });

  test("bad filters are no filter, never an error", async () => {
    const viewer = await signedIn("ADMIN");
    const all = await loadAudit("", viewer.token);
    for (const query of [
      "?action=not.an-action",
      "?from=2026-13-45&to=yesterday",
      "?from=2026-02-30",
      "?page=-1",
      "?page=abc",
      "?action=&actor=",
    ]) {
      const reply = await loadAudit(query, viewer.token);
      expect(reply.status, query).toBe(200);
      expect(reply.data!.events.totalCount, query).toBe(all.data!.events.totalCount);
      expect(reply.data!.events.page, query).toBe(1);
      expect(reply.data!.filter, query).toMatchObject({ action: "", from: "", to: "" });
    }
  });

  test("pages 50 at a time, with the same number of statements for no events or sixty", async () => {
    const viewer = await signedIn("ADMIN");
    const actor = await createUser(prisma, { role: "ADMIN", name: "Paging Admin" });
    const april = "?from=2026-04-01&to=2026-04-30";
    await loadAudit(april, viewer.token); // warm-up: the first use of a connection sends its own statements
    const forNone = await countSqlStatements(() => loadAudit(`${april}&actor=paging`, viewer.token));
    await prisma.auditLog.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        actorId: actor.id,
        action: "course.imported",
        entityType: "Course",
        entityId: `course-${index}`,
        createdAt: new Date(Date.UTC(2026, 3, 1, 0, index)),
      })),
    });
    const forSixty = await countSqlStatements(() => loadAudit(`${april}&actor=paging`, viewer.token));
    expect(forSixty).toBe(forNone);

    const first = await loadAudit(`${april}&actor=paging`, viewer.token);
    expect(first.data!.events).toMatchObject({ page: 1, pageCount: 2, totalCount: 60 });
    expect(first.data!.events.items).toHaveLength(50);
    expect(first.data!.events.items[0]?.entityId).toBe("course-59");
    const second = await loadAudit(`${april}&actor=paging&page=2`, viewer.token);
    expect(second.data!.events.items.map((item) => item.entityId)).toEqual(
      Array.from({ length: 10 }, (_, index) => `course-${9 - index}`),
    );
    const beyond = await loadAudit(`${april}&actor=paging&page=9`, viewer.token);
    expect(beyond.data!.events.items).toEqual([]);
  });

  test("renders each event in Korean and English with links to its actor and record", async () => {
    const { viewer, kim, baek, courseId, events } = await auditFixture();
    const reply = await loadAudit("?from=2026-03-01&to=2026-03-05&actor=campus.example", viewer.token);
    for (const language of ["ko", "en"] as const) {
      const page = await renderPage({ Page: auditRoute.default, loaderData: reply.data, language });
      expect(page.missingKeys, language).toEqual([]);
      expect(page.html).toContain(`href="/admin/users/${kim.id}"`);
      expect(page.html).toContain(`href="/admin/users/${baek.id}"`); // the role change's record
      expect(page.html).toContain(`href="/teach/${courseId}"`);
      expect(page.html).toContain(`href="/teach/${courseId}/grading/0190a5f0-0000-7000-8000-0000000000aa"`);
      expect(page.html).toContain(`href="/teach/${courseId}/final-grades"`);
      expect(page.text).toContain(page.t("audit.submission.graded"));
      expect(page.text).toContain("toPoints: 40");
      expect(page.text).toContain("reason: 재채점");
      expect(page.text).toContain("198.51.100.4");
      expect(page.html).toContain(escapeHtml(baek.email));
    }
    // An action the viewer has no label for still shows, as its code.
    const withUnknown = await loadAudit("?from=2026-03-03&to=2026-03-03", viewer.token);
    expect(withUnknown.data!.events.items.map((item) => item.id)).toContain(events.unknown.id);
    const page = await renderPage({ Page: auditRoute.default, loaderData: withUnknown.data, language: "ko" });
    expect(page.text).toContain("cohort.members-imported");
    expect(page.text).toContain(page.t("admin.auditLog.system"));
  });
});

describe("the admin overview", () => {
  // Wednesday 3 June 2026, 12:00 in Korea: the week began on Monday 1 June, 00:00 Korea time.
  const NOW = new Date("2026-06-03T03:00:00.000Z");
  const WEEK_START = new Date("2026-05-31T15:00:00.000Z");

  /**
   * Three active learners (a fourth deactivated, an instructor); two published courses with an
   * assignment each, a draft and an archived course; enrollments activated at the week's first
   * moment, at NOW and one second before the week; two requests pending; three latest attempts
   * waiting (two in the first course, one in the second) beside a superseded SUBMITTED attempt and a
   * graded one; two failed mails beside a sent and a waiting one.
   */
  async function overviewFixture() {
    const learners = await Promise.all([1, 2, 3].map((n) => createUser(prisma, { name: `학습자 ${n}` })));
    const [one, two, three] = learners as [
      (typeof learners)[number],
      (typeof learners)[number],
      (typeof learners)[number],
    ];
    const gone = await createUser(prisma);
    await prisma.user.update({ where: { id: gone.id }, data: { deactivatedAt: NOW } });
    await createUser(prisma, { role: "INSTRUCTOR" });

    const first = await createGradedCourse(prisma, { lessons: [{ kind: "ASSIGNMENT" }] });
    const second = await createGradedCourse(prisma, { lessons: [{ kind: "ASSIGNMENT" }] });
    const program = await createProgram(prisma);
    await createCourse(prisma, { programId: program.id, status: "DRAFT" });
    await createCourse(prisma, { programId: program.id, status: "ARCHIVED" });

    await enrollLearnerDirectly(prisma, { userId: one.id, courseId: first.course.id, at: WEEK_START });
    await enrollLearnerDirectly(prisma, { userId: two.id, courseId: first.course.id, at: NOW });
    await enrollLearnerDirectly(prisma, {
      userId: three.id,
      courseId: first.course.id,
      at: new Date(WEEK_START.getTime() - 1000),
    });
    await enrollLearnerDirectly(prisma, { userId: one.id, courseId: second.course.id, status: "PENDING", at: NOW });
    await enrollLearnerDirectly(prisma, { userId: two.id, courseId: second.course.id, status: "PENDING", at: NOW });

    const firstAssignment = first.lessons[0]!.id;
    const secondAssignment = second.lessons[0]!.id;
    const submit = (lessonId: string, userId: string, status: "SUBMITTED" | "GRADED" | "RETURNED") =>
      createGradedSubmission(prisma, { lessonId, userId, points: 10, status });
    await submit(firstAssignment, one.id, "GRADED");
    await submit(firstAssignment, one.id, "SUBMITTED"); // waiting
    await submit(firstAssignment, two.id, "SUBMITTED"); // superseded by the graded resubmission
    await submit(firstAssignment, two.id, "GRADED");
    await submit(firstAssignment, three.id, "SUBMITTED"); // waiting
    await submit(secondAssignment, one.id, "SUBMITTED"); // waiting
    await submit(secondAssignment, two.id, "RETURNED");

    await prisma.emailOutbox.createMany({
      data: (["FAILED", "FAILED", "SENT", "PENDING"] as const).map((status, index) => ({
        toAddress: `mail-${index}@campus.example`,
        subject: "테스트",
        textBody: "본문",
        status,
      })),
    });
    return { first, second };
  }

  test("each figure equals the fixture's count, in two statements however many rows", async () => {
    const before = await getAdminOverview({ now: NOW });
    const forBefore = await countSqlStatements(() => getAdminOverview({ now: NOW }));
    const { first, second } = await overviewFixture();
    const after = await getAdminOverview({ now: NOW });
    expect(await countSqlStatements(() => getAdminOverview({ now: NOW }))).toBe(forBefore);
    expect(forBefore).toBe(2);

    expect(after.weekStart).toEqual(WEEK_START);
    expect({
      learners: after.learnerCount - before.learnerCount,
      publishedCourses: after.publishedCourseCount - before.publishedCourseCount,
      enrolledThisWeek: after.enrolledThisWeekCount - before.enrolledThisWeekCount,
      pendingApprovals: after.pendingApprovalCount - before.pendingApprovalCount,
      waitingSubmissions: after.waitingSubmissionCount - before.waitingSubmissionCount,
      failedEmails: after.failedEmailCount - before.failedEmailCount,
    }).toEqual({
      learners: 3,
      publishedCourses: 2,
      enrolledThisWeek: 2,
      pendingApprovals: 2,
      waitingSubmissions: 3,
      failedEmails: 2,
    });
    expect(after.waitingCourses.filter((row) => [first.course.id, second.course.id].includes(row.courseId))).toEqual([
      { courseId: first.course.id, title: first.course.title, code: first.course.code, waitingCount: 2 },
      { courseId: second.course.id, title: second.course.title, code: second.course.code, waitingCount: 1 },
    ]);
  });

  test("the page links each figure to its list and each waiting course to its grading queue", async () => {
    const { first } = await overviewFixture();
    const admin = await signedIn("ADMIN");
    const reply = await settle(
      overviewRoute.loader(routeArgs(await buildRequest({ path: "/admin", token: admin.token }))),
    );
    expect(reply.status).toBe(200);
    const course = reply.data!.waitingCourses.find((row) => row.courseId === first.course.id)!;
    for (const language of ["ko", "en"] as const) {
      const page = await renderPage({ Page: overviewRoute.default, loaderData: reply.data, language });
      expect(page.missingKeys, language).toEqual([]);
      for (const href of ["/admin/users", "/teach", "/admin/outbox", `/teach/${course.courseId}/grading`]) {
        expect(page.html).toContain(`href="${href}"`);
      }
      expect(page.text).toContain(page.t("admin.overview.waitingSubmissions"));
    }
  });
});
