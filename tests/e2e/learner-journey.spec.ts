import { expect, test } from "@playwright/test";
import { hashPassword } from "../../app/auth/password.server";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createModuleWithLessons, createProgram, uniqueSuffix } from "../factories";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test("a learner finds a course by a Korean word, enrolls, completes every lesson and sees 100%", async ({ page }) => {
  const suffix = uniqueSuffix();
  const password = "journey password 2026";
  const learner = await db.user.create({
    data: {
      email: `learner-${suffix}@test.bitgoeul.example`,
      name: "여정 학습자",
      passwordHash: await hashPassword(password),
    },
  });
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id, title: `강화학습 입문 ${suffix}` });
  await createModuleWithLessons(db, {
    courseId: course.id,
    lessons: [{ title: "마르코프 결정 과정" }, { title: "가치 함수" }],
  });
  await createModuleWithLessons(db, { courseId: course.id, position: 2, lessons: [{ title: "Q-러닝" }] });

  await page.goto("/login");
  // Titles are in the reader's language, in the server's page and after each client navigation.
  await expect(page).toHaveTitle("로그인 · 빛고을");
  await page.getByLabel("이메일").fill(learner.email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("banner")).toContainText("여정 학습자");

  await page.getByRole("link", { name: "과목", exact: true }).click();
  await expect(page).toHaveTitle("과목 목록 · 빛고을");
  await page.getByLabel("과목 검색").fill("강화학습");
  await page.getByRole("button", { name: "적용" }).click();
  await page.getByRole("link", { name: course.title }).click();

  await page.getByRole("button", { name: "수강 신청" }).click();
  await page.getByRole("link", { name: "이어서 학습" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "마르코프 결정 과정" })).toBeVisible();
  await expect(page).toHaveTitle(`마르코프 결정 과정 · ${course.code} · 빛고을`);

  for (const [title, percent] of [
    ["마르코프 결정 과정", 33],
    ["가치 함수", 66],
    ["Q-러닝", 100],
  ] as const) {
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await page.getByRole("button", { name: "완료로 표시" }).click();
    await expect(page.getByRole("status").filter({ hasText: "완료함" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "과목 목차" })).toContainText(`${percent}% 완료`);
    if (percent < 100) await page.getByRole("link", { name: /→$/ }).click();
  }

  await page.getByRole("link", { name: "내 학습" }).click();
  await expect(page).toHaveTitle("내 학습 · 빛고을");
  const completed = page.getByRole("region", { name: "최근 수료" });
  // The course's own link (its code and title), beside the link to the learner's grades in it.
  await expect(completed.getByRole("link", { name: new RegExp(`${course.title}$`) })).toBeVisible();
  await expect(completed.getByRole("link", { name: `${course.title} 내 성적` })).toBeVisible();
  await expect(completed).toContainText("100%");

  await page.goto(`/courses/${course.slug}`);
  await expect(page.getByRole("status").filter({ hasText: "수료함" })).toBeVisible();
});

test("marking a lesson complete works without JavaScript", async ({ browser }) => {
  const learner = await db.user.create({
    data: { email: `nojs-${uniqueSuffix()}@test.bitgoeul.example`, name: "No Script", locale: "en" },
  });
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, {
    courseId: course.id,
    lessons: [{ title: "Only lesson" }, { title: "Second lesson" }],
  });

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  await signIn(context, db, { userId: learner.id });
  const page = await context.newPage();
  await page.goto(`/courses/${course.slug}`);
  await expect(page).toHaveTitle(`${course.code} ${course.title} · Bitgoeul`);
  await page.getByRole("button", { name: "Enroll" }).click();
  await page.getByRole("link", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Mark complete" }).click();
  await expect(page.getByText("50% complete")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as not complete" })).toBeVisible();
  await context.close();
});

test("a visitor who is not enrolled sees the syllabus but not the lessons", async ({ page }) => {
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, { courseId: course.id, lessons: [{ title: "Hidden until enrolled" }] });
  const lesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { slug: true } });

  await page.goto(`/courses/${course.slug}`);
  await expect(page.getByText("Hidden until enrolled")).toBeVisible();
  await expect(page.getByRole("link", { name: "Hidden until enrolled" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "로그인하고 수강 신청" })).toBeVisible();
  await page.goto(`/courses/${course.slug}/lessons/${lesson.slug}`);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});
