import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createModuleWithLessons, createProgram } from "../factories";
import { watchForPageErrors } from "./page-checks";

// The global setup exports the app's database so tests can make their own rows.
const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test("the home page lists every program with its first published courses, a link to the rest, and no drafts", async ({
  page,
}) => {
  const program = await createProgram(db, { kind: "GRADUATE" });
  const published = await createCourse(db, { programId: program.id, title: `공개 과목 ${program.slug}` });
  const draft = await createCourse(db, { programId: program.id, status: "DRAFT", title: `초안 과목 ${program.slug}` });
  const largeProgram = await createProgram(db);
  for (let index = 0; index < 8; index++) await createCourse(db, { programId: largeProgram.id });

  // Read before the page loads: other tests running in parallel only ever add programs of their own.
  const programs = await db.program.findMany({
    select: {
      slug: true,
      nameKo: true,
      courses: {
        where: { status: "PUBLISHED" },
        orderBy: [{ code: "asc" }, { title: "asc" }],
        select: { title: true },
      },
    },
  });
  await page.goto("/");
  expect(programs.length).toBeGreaterThanOrEqual(4);
  for (const { slug, nameKo, courses } of programs) {
    const section = page.locator(`section[aria-labelledby="program-${slug}"]`);
    await expect(section.getByRole("heading", { level: 3, name: nameKo })).toBeVisible();
    for (const course of courses.slice(0, 6))
      await expect(section.getByRole("link", { name: course.title })).toBeVisible();
    for (const course of courses.slice(6))
      await expect(section.getByRole("link", { name: course.title })).toHaveCount(0);
    const seeAll = section.getByRole("link", { name: `과목 ${courses.length}개 모두 보기` });
    await expect(seeAll).toHaveCount(courses.length > 6 ? 1 : 0);
  }
  await expect(page.getByRole("link", { name: published.title })).toBeVisible();
  await expect(page.getByText(draft.title)).toHaveCount(0);

  await page
    .locator(`section[aria-labelledby="program-${largeProgram.slug}"]`)
    .getByRole("link", { name: "과목 8개 모두 보기" })
    .click();
  await expect(page).toHaveURL(`/courses?program=${largeProgram.slug}`);
  await expect(page.getByRole("status")).toContainText("과목 8개");
});

test("a course page shows its syllabus: modules, published lessons and durations", async ({ page }) => {
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await createModuleWithLessons(db, {
    courseId: course.id,
    position: 1,
    lessons: [
      { title: "선형 회귀 입문", durationMinutes: 25 },
      { title: "Gradient descent video", kind: "VIDEO", durationMinutes: 40 },
      { title: "Unreleased draft lesson", isPublished: false },
    ],
  });
  await createModuleWithLessons(db, {
    courseId: course.id,
    position: 2,
    lessons: [{ title: "중간 퀴즈", kind: "QUIZ" }],
  });

  await page.goto("/");
  await page.getByRole("link", { name: course.title }).click();
  await expect(page).toHaveURL(`/courses/${course.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: course.title })).toBeVisible();

  const syllabus = page.getByRole("region", { name: "강의 계획" });
  await expect(syllabus.getByRole("listitem").filter({ hasText: "모듈 1" })).toContainText("선형 회귀 입문");
  await expect(syllabus).toContainText("25분");
  await expect(syllabus).toContainText("Gradient descent video");
  await expect(syllabus).toContainText("영상 · 40분");
  await expect(syllabus).toContainText("중간 퀴즈");
  await expect(syllabus).not.toContainText("Unreleased draft lesson");
  await expect(syllabus).toContainText("레슨 3개 · 총 1시간 15분");
});

test("an unknown course gives a 404 page", async ({ page }) => {
  const response = await page.goto("/courses/no-such-course");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "페이지를 찾을 수 없습니다" })).toBeVisible();
});

test("the language switcher changes the page language without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await context.close();
});

test("with JavaScript, a page fetches only its own language's texts, and switching language swaps them at once", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  const pageErrors = watchForPageErrors(page);
  const textFiles: string[] = [];
  page.on("request", (request) => {
    if (/\/assets\/common-[\w-]+\.json$/.test(request.url())) textFiles.push(new URL(request.url()).pathname);
  });
  await page.goto("/courses");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  // Hydrated with the Korean texts: a client-side navigation renders in Korean.
  await page.getByRole("link", { name: "홈" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("link", { name: "과목", exact: true })).toBeVisible();
  expect(new Set(textFiles).size).toBe(1);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByRole("link", { name: "홈" })).toHaveCount(0);
  expect(new Set(textFiles).size).toBe(2);
  expect(pageErrors).toEqual([]);
  await context.close();
});

test("Accept-Language picks English for a first visit", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
  await context.close();
});

test("program pages show a graduate program's tracks and terms, and an academy's cohorts with due dates", async ({
  page,
}) => {
  const graduate = await createProgram(db, { kind: "GRADUATE" });
  const term = await db.term.create({
    data: {
      programId: graduate.id,
      year: 2031,
      season: "SPRING",
      startsOn: new Date("2031-03-02"),
      endsOn: new Date("2031-06-20"),
    },
  });
  await db.degreeTrack.create({
    data: {
      programId: graduate.id,
      slug: `track-${graduate.slug}`,
      nameKo: "로봇공학 석사",
      nameEn: "M.S. in Robotics",
      descriptionKo: "로봇 과정",
      descriptionEn: "Robotics track",
      requiredCredits: 30,
    },
  });
  const termCourse = await createCourse(db, { programId: graduate.id, title: `강화학습 특론 ${graduate.slug}` });
  await db.course.update({ where: { id: termCourse.id }, data: { termId: term.id, credits: 3 } });

  await page.goto(`/programs/${graduate.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: graduate.nameKo })).toBeVisible();
  await expect(page.getByRole("region", { name: "학위 과정" })).toContainText("로봇공학 석사");
  await expect(page.getByRole("region", { name: "학위 과정" })).toContainText("이수 학점 30학점");
  const termSection = page.getByRole("region", { name: "2031년 봄학기" });
  await expect(termSection.getByRole("link", { name: new RegExp(termCourse.title) })).toBeVisible();

  const academy = await createProgram(db, { kind: "ACADEMY" });
  const cohort = await db.cohort.create({
    data: {
      programId: academy.id,
      slug: `cohort-${academy.slug}`,
      name: "2031 봄 9기",
      startsOn: new Date("2031-03-02"),
      endsOn: new Date("2031-05-29"),
    },
  });
  const cohortCourse = await createCourse(db, { programId: academy.id });
  await db.cohortCourse.create({
    data: { cohortId: cohort.id, courseId: cohortCourse.id, dueOn: new Date("2031-04-30") },
  });

  await page.goto(`/programs/${academy.slug}`);
  const cohortSection = page.getByRole("region", { name: "2031 봄 9기" });
  await expect(cohortSection).toContainText("2031년 3월 2일");
  await expect(cohortSection.getByRole("listitem").filter({ hasText: cohortCourse.title })).toContainText(
    "2031년 4월 30일 마감",
  );
});

test("the course facts box keeps each label on one line, in Korean and English, at 1280 px and on a phone", async ({
  browser,
}) => {
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id });
  await db.course.update({
    where: { id: course.id },
    data: {
      startsOn: new Date("2026-03-02"),
      endsOn: new Date("2026-06-19"),
      enrollmentClosesAt: new Date("2026-03-09T14:59:00Z"),
      credits: 3,
    },
  });
  for (const [locale, width] of [
    ["ko-KR", 1280],
    ["en-US", 1280],
    ["ko-KR", 375],
  ] as const) {
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`/courses/${course.slug}`);
    const labels = page.locator("#details-heading + dl dt");
    expect(await labels.count()).toBeGreaterThanOrEqual(6);
    for (const label of await labels.all()) {
      // The line boxes its text was laid out in.
      const lines = await label.evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines, `${locale} ${width}px: "${await label.textContent()}"`).toBe(1);
    }
    await context.close();
  }
});
