// A cohort's dashboard through its loader with real signed-in requests: only admins get in (others
// 403, visitors to the log-in page, unknown cohorts 404); the page renders in Korean and English
// without a missing word, with the figures a small fixture makes by hand, every chart an SVG with
// role="img" and an aria-label that holds its numbers, and tables below holding the same numbers;
// a cohort without members or courses shows its empty state.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as dashboardRoute from "~/routes/admin.cohorts.$cohortId_.dashboard";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { renderPage } from "../factories/render-page";
import { routeArgs, settle } from "../factories/requests";

const DAY_MS = 24 * 60 * 60 * 1000;

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function loadDashboard(cohortId: string, token?: string) {
  const request = await buildRequest({ path: `/admin/cohorts/${cohortId}/dashboard`, token });
  return settle(dashboardRoute.loader(routeArgs(request, { params: { cohortId } })));
}

function daysFromNow(days: number) {
  return new Date(Date.now() + days * DAY_MS);
}

/** A calendar day (UTC midnight) `days` from today. */
function dayFromNow(days: number) {
  return new Date(`${daysFromNow(days).toISOString().slice(0, 10)}T00:00:00.000Z`);
}

/**
 * Three current learners, one who left and a mentor; course A (an article and an assignment due
 * three days ago) was due ten days ago, course B (one article) is due in a month. By hand:
 * 6 enrollments, 1 completed: average (100 + 60 + 40 + 20 + 0 + 0) / 6 = 36.7 %, completion 16.7 %;
 * active in 7 days: 1; overdue: A for two learners and the assignment for two = 4. Averages per
 * learner 80, 30 and 0 (buckets 80–89, 30–39, 0–9). Funnel: A's article by 2 of 3, its assignment
 * by 1 of 3; B's article by none.
 */
async function dashboardFixture() {
  const program = await createProgram(prisma);
  const a = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "데이터 분석 입문",
    modules: [
      [
        { title: "판다스 시작하기", kind: "ARTICLE" },
        { title: "첫 분석 보고서", kind: "ASSIGNMENT" },
      ],
    ],
  });
  const b = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "머신러닝 기초",
    modules: [[{ title: "회귀 분석", kind: "ARTICLE" }]],
  });
  const [article, report] = a.lessons;
  await prisma.assignment.update({ where: { lessonId: report!.id }, data: { dueAt: daysFromNow(-3) } });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: `2026 데이터 부트캠프 ${uniqueSuffix()}`,
      startsOn: dayFromNow(-60),
      endsOn: dayFromNow(60),
      courses: {
        create: [
          { courseId: a.course.id, dueOn: dayFromNow(-10), startsOn: dayFromNow(-60) },
          { courseId: b.course.id, dueOn: dayFromNow(30), startsOn: dayFromNow(-30) },
        ],
      },
    },
  });
  const learners = [];
  for (const name of ["김하나", "이두리", "박세찬"]) learners.push(await createUser(prisma, { name }));
  const [first, second, third] = learners as [
    (typeof learners)[number],
    (typeof learners)[number],
    (typeof learners)[number],
  ];
  const left = await createUser(prisma);
  const mentor = await createUser(prisma);
  await prisma.cohortMember.createMany({
    data: [
      ...learners.map((learner) => ({ cohortId: cohort.id, userId: learner.id })),
      { cohortId: cohort.id, userId: left.id, leftAt: daysFromNow(-5) },
      { cohortId: cohort.id, userId: mentor.id, role: "MENTOR" as const },
    ],
  });
  const enroll = async (
    userId: string,
    courseId: string,
    progressPercent: number,
    { isCompleted = false, lastActivityAt = null }: { isCompleted?: boolean; lastActivityAt?: Date | null } = {},
  ) => {
    const { id } = await enrollLearnerDirectly(prisma, {
      userId,
      courseId,
      status: isCompleted ? "COMPLETED" : "ACTIVE",
      at: daysFromNow(-40),
    });
    await prisma.enrollment.update({ where: { id }, data: { progressPercent, lastActivityAt } });
  };
  await enroll(first.id, a.course.id, 100, { isCompleted: true, lastActivityAt: daysFromNow(-1) });
  await enroll(first.id, b.course.id, 60);
  await enroll(second.id, a.course.id, 40, { lastActivityAt: daysFromNow(-10) });
  await enroll(second.id, b.course.id, 20);
  await enroll(third.id, a.course.id, 0);
  await enroll(third.id, b.course.id, 0);
  await enroll(left.id, a.course.id, 90, { lastActivityAt: daysFromNow(-1) });
  await enroll(mentor.id, a.course.id, 90, { lastActivityAt: daysFromNow(-1) });
  for (const [userId, days] of [
    [first.id, -2],
    [second.id, -9],
    [left.id, -2],
  ] as const) {
    await prisma.lessonProgress.create({
      data: {
        userId,
        lessonId: article!.id,
        courseId: a.course.id,
        status: "COMPLETED",
        completedAt: daysFromNow(days),
      },
    });
  }
  const assignment = await prisma.assignment.findUniqueOrThrow({ where: { lessonId: report!.id } });
  await prisma.submission.create({
    data: {
      assignmentId: assignment.id,
      userId: first.id,
      submittedAt: daysFromNow(-4),
      status: "GRADED",
      points: 90,
      isPassing: true,
      gradedAt: daysFromNow(-3),
    },
  });
  return { cohort, a, b };
}

/** Each `<svg role="img">`'s aria-label, in the order the page shows them. */
function chartLabels(html: string) {
  return [...html.matchAll(/<svg[^>]*role="img"[^>]*aria-label="([^"]*)"/g)].map((match) => match[1] ?? "");
}

/** The text of each table row, cell by cell. */
function tableRows(html: string) {
  return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? "").replace(/<[^>]+>/g, "").trim(),
    ),
  );
}

describe("who may see a cohort's dashboard", () => {
  test("visitors log in, learners and instructors get 403, admins 200, unknown cohorts 404", async () => {
    const { cohort, a } = await dashboardFixture();
    const learner = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: a.course.id, userId: instructor.user.id });
    const admin = await signedIn("ADMIN");
    const anonymous = await loadDashboard(cohort.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect((await loadDashboard(cohort.id, learner.token)).status).toBe(403);
    expect((await loadDashboard(cohort.id, instructor.token)).status).toBe(403);
    expect((await loadDashboard(cohort.id, admin.token)).status).toBe(200);
    expect((await loadDashboard(crypto.randomUUID(), admin.token)).status).toBe(404);
    expect((await loadDashboard("nope", admin.token)).status).toBe(404);
  });
});

describe("the dashboard page", () => {
  test("shows the hand-computed figures, charts with labels and tables of the same numbers, in ko and en", async () => {
    const { cohort } = await dashboardFixture();
    const admin = await signedIn("ADMIN");
    const reply = await loadDashboard(cohort.id, admin.token);
    expect(reply.status).toBe(200);
    const { figures } = reply.data!.dashboard;
    expect(figures).toMatchObject({
      memberCount: 3,
      enrollmentCount: 6,
      completedEnrollmentCount: 1,
      averageProgressPercent: 36.7,
      completionRatePercent: 16.7,
      activeLearnerCount: 1,
      overdueCourseCount: 2,
      overdueAssignmentCount: 2,
      overdueItemCount: 4,
    });

    for (const language of ["ko", "en"] as const) {
      const page = await renderPage({ Page: dashboardRoute.default, loaderData: reply.data, language });
      expect(page.missingKeys, language).toEqual([]);
      expect(page.text).toContain(cohort.name);
      // The figure cards, each with its explanation and link.
      for (const key of ["members", "averageProgress", "completionRate", "active", "overdue"]) {
        expect(page.text, `${language} ${key}`).toContain(page.t(`cohortDashboard.${key}`));
      }
      expect(page.text).toContain("36.7%");
      expect(page.text).toContain("16.7%");
      expect(page.text).toContain(page.t("cohortDashboard.completionRateHelp", { completed: "1", total: "6" }));
      expect(page.text).toContain(page.t("cohortDashboard.overdueHelp", { courses: "2", assignments: "2" }));
      expect(page.html).toContain(`href="/admin/cohorts/${cohort.id}"`);
      expect(page.html).toContain(`href="/admin/cohorts/${cohort.id}/at-risk"`);
      expect(page.html).toContain(`href="/admin/cohorts/${cohort.id}/outcomes"`);
      expect(page.html).toContain('data-slot="cohort-outcomes"');

      // Four charts: the distribution, the weeks, and a funnel per course.
      const labels = chartLabels(page.html);
      expect(labels).toHaveLength(4);
      const [distribution, weekly, funnelA, funnelB] = labels as [string, string, string, string];
      const rows = tableRows(page.html);
      const rowOf = (header: string) => rows.find((row) => row[0] === header);

      expect(distribution).toContain(page.t("cohortDashboard.distributionChart"));
      for (const [range, count] of [
        ["0–9%", "1"],
        ["30–39%", "1"],
        ["80–89%", "1"],
        ["50–59%", "0"],
        ["100%", "0"],
      ] as const) {
        expect(distribution).toContain(`${range}: ${count}`);
        expect(rowOf(range)).toEqual([range, count]);
      }

      // Twelve weeks: the two articles (two and nine days ago) and the submission (four days ago)
      // make three completions and submissions in all, in the table as in the chart's label.
      expect(weekly).toContain(page.t("cohortDashboard.weeklyChart"));
      const header = rows.findIndex((row) => row[0] === page.t("cohortDashboard.week"));
      expect(rows[header]).toEqual(
        ["week", "activeLearners", "activities", "lessonCompletions", "quizAttempts", "submissions"].map((key) =>
          page.t(`cohortDashboard.${key}`),
        ),
      );
      const weekRows = rows.slice(header + 1, header + 13);
      expect(weekRows.map((row) => row.slice(1).map(Number))).toEqual(
        reply.data!.dashboard.weeks.map((week) => [
          week.activeLearnerCount,
          week.activityCount,
          week.lessonCompletionCount,
          week.quizAttemptCount,
          week.submissionCount,
        ]),
      );
      expect(weekRows.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(3);
      expect(weekRows.reduce((sum, row) => sum + Number(row[5]), 0)).toBe(1);
      for (const row of weekRows) {
        expect(weekly).toContain(
          `${row[0]}: ${page.t("cohortDashboard.activeLearners")} ${row[1]}, ${page.t("cohortDashboard.activities")} ${row[2]}`,
        );
      }

      expect(funnelA).toContain("판다스 시작하기: 2 / 3");
      expect(funnelA).toContain("첫 분석 보고서: 1 / 3");
      expect(rowOf("판다스 시작하기")).toEqual(["판다스 시작하기", "2 / 3", "66.7%"]);
      expect(rowOf("첫 분석 보고서")).toEqual(["첫 분석 보고서", "1 / 3", "33.3%"]);
      expect(funnelB).toContain("회귀 분석: 0 / 3");
      expect(rowOf("회귀 분석")).toEqual(["회귀 분석", "0 / 3", "0%"]);
      expect(page.html.match(/<details/g)).toHaveLength(4);
      expect(page.text).toContain(page.t("charts.showNumbers"));
    }
  });

  test("a cohort without members or courses shows its empty state and no charts", async () => {
    const program = await createProgram(prisma);
    const cohort = await prisma.cohort.create({
      data: {
        programId: program.id,
        slug: `cohort-${uniqueSuffix()}`,
        name: "빈 기수",
        startsOn: new Date("2026-09-01"),
        endsOn: new Date("2026-12-18"),
      },
    });
    const admin = await signedIn("ADMIN");
    const reply = await loadDashboard(cohort.id, admin.token);
    expect(reply.status).toBe(200);
    for (const language of ["ko", "en"] as const) {
      const page = await renderPage({ Page: dashboardRoute.default, loaderData: reply.data, language });
      expect(page.missingKeys).toEqual([]);
      expect(page.text).toContain(page.t("cohortDashboard.emptyTitle"));
      expect(page.text).toContain(page.t("cohortDashboard.empty", { members: "0", courses: "0" }));
      expect(chartLabels(page.html)).toEqual([]);
    }
  });
});
