// A learner's record page through its loader with real signed-in requests: admins only (the learner
// themself and their instructor get 403, visitors the log-in page, unknown ids 404); it renders in
// Korean and English without a missing word, with the learner's details, cohorts linked to their
// dashboards, progress per module, attempts, submissions, nudges and the timeline.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as learnerRoute from "~/routes/admin.learners.$userId";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { escapeHtml, renderPage } from "../factories/render-page";
import { routeArgs, settle } from "../factories/requests";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN") {
  const user = await createUser(prisma, { role, name: role === "ADMIN" ? "관리자 박" : undefined });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function loadLearner(userId: string, token?: string) {
  const request = await buildRequest({ path: `/admin/learners/${userId}`, token });
  return settle(learnerRoute.loader(routeArgs(request, { params: { userId } })));
}

/** A learner in a cohort, enrolled in a two-module course with a little of everything done. */
async function learnerFixture(senderId: string) {
  const program = await createProgram(prisma);
  const { course, lessons } = await createCourseWithLessons(prisma, {
    programId: program.id,
    title: "자연어 처리",
    modules: [
      [{ title: "토큰화" }, { title: "임베딩 퀴즈", kind: "QUIZ" }],
      [{ title: "감성 분석 과제", kind: "ASSIGNMENT" }],
    ],
  });
  const [article, quizLesson, assignmentLesson] = lessons;
  const learner = await prisma.user.create({
    data: { email: `minji-${uniqueSuffix()}@campus.example`, name: "서민지", studentNumber: `S${uniqueSuffix()}` },
  });
  const { token } = await createUserSession(prisma, { userId: learner.id, isTwoFactorVerified: true });
  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${uniqueSuffix()}`,
      name: "2026 NLP 부트캠프",
      startsOn: new Date("2026-03-02"),
      endsOn: new Date("2026-06-30"),
      members: { create: { userId: learner.id } },
      courses: { create: { courseId: course.id } },
    },
  });
  const enrollment = await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  await prisma.enrollment.update({
    where: { id: enrollment.id },
    data: { progressPercent: 66, completedRequiredCount: 2 },
  });
  await prisma.lessonProgress.create({
    data: {
      userId: learner.id,
      lessonId: article!.id,
      courseId: course.id,
      status: "COMPLETED",
      completedAt: new Date("2026-03-05T01:00:00.000Z"),
    },
  });
  const quiz = await prisma.quiz.findUniqueOrThrow({ where: { lessonId: quizLesson!.id } });
  await prisma.quizAttempt.create({
    data: {
      quizId: quiz.id,
      userId: learner.id,
      attemptNumber: 1,
      submittedAt: new Date("2026-03-06T01:00:00.000Z"),
      scorePercent: 80,
      isPassed: true,
    },
  });
  const assignment = await prisma.assignment.findUniqueOrThrow({ where: { lessonId: assignmentLesson!.id } });
  await prisma.submission.create({
    data: {
      assignmentId: assignment.id,
      userId: learner.id,
      submittedAt: new Date("2026-03-07T01:00:00.000Z"),
      status: "GRADED",
      points: 72,
      isPassing: true,
      isLate: true,
    },
  });
  await prisma.nudge.create({
    data: { cohortId: cohort.id, userId: learner.id, sentById: senderId, subject: "이번 주 과제를 확인하세요" },
  });
  return { learner, token, course, cohort };
}

describe("who may see a learner's record", () => {
  test("visitors log in; the learner and their instructor get 403; admins 200; unknown ids 404", async () => {
    const admin = await signedIn("ADMIN");
    const { learner, token, course } = await learnerFixture(admin.user.id);
    const instructor = await signedIn("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
    const anonymous = await loadLearner(learner.id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect((await loadLearner(learner.id, token)).status).toBe(403);
    expect((await loadLearner(learner.id, instructor.token)).status).toBe(403);
    expect((await loadLearner(learner.id, admin.token)).status).toBe(200);
    expect((await loadLearner(crypto.randomUUID(), admin.token)).status).toBe(404);
    expect((await loadLearner("nope", admin.token)).status).toBe(404);
  });
});

describe("the learner's record page", () => {
  test("renders in ko and en: details, cohorts, progress per module, attempts, submissions, nudges, timeline", async () => {
    const admin = await signedIn("ADMIN");
    const { learner, cohort } = await learnerFixture(admin.user.id);
    const reply = await loadLearner(learner.id, admin.token);
    expect(reply.status).toBe(200);
    for (const language of ["ko", "en"] as const) {
      const page = await renderPage({ Page: learnerRoute.default, loaderData: reply.data, language });
      expect(page.missingKeys, language).toEqual([]);
      expect(page.text).toContain("서민지");
      expect(page.text).toContain(learner.email);
      expect(page.text).toContain(learner.studentNumber!);
      expect(page.html).toContain(`href="/admin/cohorts/${cohort.id}/dashboard"`);
      expect(page.html).toContain(
        `aria-label="${escapeHtml(page.t("learnerDetail.dashboardOf", { name: "2026 NLP 부트캠프" }))}"`,
      );
      expect(page.html).toContain(`href="/admin/users/${learner.id}"`);
      // Module 1: the article done, the quiz passed; module 2: the assignment graded passing.
      expect(page.text).toContain(
        `Module 1 ${page.t("learnerDetail.requiredDoneCount", { completed: 2, required: 2 })}`,
      );
      expect(page.text).toContain(
        `Module 2 ${page.t("learnerDetail.requiredDoneCount", { completed: 1, required: 1 })}`,
      );
      expect(page.text).toContain(page.t("learnerDetail.pointsOf", { points: "72", max: "100" }));
      expect(page.text).toContain("80%");
      expect(page.text).toContain("이번 주 과제를 확인하세요");
      expect(page.text).toContain("관리자 박");
      expect(page.text).toContain(page.t("learnerDetail.event.lessonCompleted", { title: "토큰화" }));
      expect(page.text).toContain(page.t("learnerDetail.event.assignmentSubmitted", { title: "감성 분석 과제" }));
      expect(page.html).toContain('role="progressbar"');
    }
  });
});
