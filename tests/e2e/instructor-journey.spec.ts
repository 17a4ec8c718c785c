// An instructor builds a course in the studio from nothing and publishes it; a learner then finds
// it, enrolls and studies it. Everything through the pages, in Korean, as people use them.
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

const LESSON_MARKDOWN = [
  "## 경사 하강법",
  "",
  "손실 $L(\\theta)$를 줄이는 방향으로 매개변수를 옮깁니다:",
  "",
  "$$",
  "\\theta \\leftarrow \\theta - \\eta \\nabla L(\\theta)",
  "$$",
  "",
  "```python",
  "for step in range(100):",
  "    theta -= lr * grad(theta)",
  "```",
].join("\n");

/** The outline's lesson titles, module by module, as the page shows them. */
async function outlineOrder(page: Page) {
  return page
    .getByRole("list", { name: "구성", exact: true })
    .evaluate((list) =>
      [...list.querySelectorAll(":scope > li")].map((module) => [
        module.querySelector<HTMLInputElement>("input[name=title]")?.value ?? "",
        [...module.querySelectorAll("ol > li a")].map((link) => link.textContent?.trim() ?? ""),
      ]),
    );
}

async function addLesson(page: Page, moduleTitle: string, title: string, kind: string) {
  const form = page.locator("form", { has: page.getByLabel(`${moduleTitle}에 새 레슨`) });
  await form.getByLabel(`${moduleTitle}에 새 레슨`).fill(title);
  await form.getByLabel("종류").selectOption({ label: kind });
  await form.getByRole("button", { name: "레슨 추가" }).click();
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
}

async function saveLessonAs(page: Page, status: "공개" | "초안") {
  await page.getByLabel("상태").selectOption({ label: status });
  await page.getByRole("button", { name: "레슨 저장" }).click();
  await expect(page.getByText("저장했습니다.")).toBeVisible();
}

test("an instructor builds, previews and publishes a course; a learner finds it, enrolls and studies", async ({
  browser,
}) => {
  // A whole course built through the pages: longer than one page's test.
  test.setTimeout(90_000);
  const suffix = uniqueSuffix();
  const program = await createProgram(db, { kind: "GRADUATE" });
  const instructor = await createUser(db, { role: "INSTRUCTOR" });
  const learner = await createUser(db);
  const title = `최적화 기초 ${suffix}`;
  const code = `OPT${suffix.slice(0, 4).toUpperCase()}`;

  const instructorContext = await browser.newContext();
  await signIn(instructorContext, db, { userId: instructor.id });
  const page = await instructorContext.newPage();

  // A new course, from the studio's list.
  await page.goto("/");
  await page.getByRole("link", { name: "스튜디오" }).click();
  await page.getByRole("link", { name: "새 과목" }).click();
  await page.getByLabel("제목").fill(title);
  await page.getByLabel("과목 코드").fill(code);
  await page.getByLabel("요약").fill("경사 하강법부터 최신 최적화 기법까지.");
  await page.getByLabel("프로그램").selectOption(program.id);
  await page.getByRole("button", { name: "초안 과목 만들기" }).click();

  // Two modules; in the first, a Markdown lesson and a video lesson; in the second, a reading.
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  for (const moduleTitle of ["1주차", "2주차"]) {
    await page.getByLabel("새 모듈").fill(moduleTitle);
    await page.getByRole("button", { name: "모듈 추가" }).click();
    await expect(page.getByLabel(`${moduleTitle}에 새 레슨`)).toBeVisible();
  }
  await addLesson(page, "1주차", "경사 하강법", "읽기");
  await addLesson(page, "1주차", "강의 영상", "영상");
  await addLesson(page, "2주차", "읽을거리", "읽기");

  // The Markdown lesson: math and code, previewed as learners will see it, an attachment, published.
  await page.getByRole("link", { name: "경사 하강법", exact: true }).click();
  await page.getByLabel("레슨 내용").fill(LESSON_MARKDOWN);
  await page.getByRole("button", { name: "미리 보기", exact: true }).click();
  const preview = page.getByRole("region", { name: "미리 보기" });
  await expect(preview.locator(".katex-display")).toBeVisible();
  await expect(preview.locator("code.hljs")).toContainText("theta -= lr");
  await saveLessonAs(page, "공개");
  await page.getByLabel("올릴 파일").setInputFiles({
    name: "1주차 강의자료.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% 경사 하강법 슬라이드\n"),
  });
  await page.getByRole("button", { name: "올리기" }).click();
  await expect(page.getByRole("region", { name: "첨부 자료" })).toContainText("1주차 강의자료.pdf");

  // The video lesson: an address the player can show and its transcript.
  await page.getByRole("link", { name: "← 구성" }).click();
  await page.getByRole("link", { name: "강의 영상", exact: true }).click();
  await page.getByLabel("동영상 링크").fill("https://www.youtube.com/watch?v=aircAruvnKk");
  await page.getByLabel("스크립트").fill("오늘은 신경망이 무엇인지 알아봅니다.");
  await saveLessonAs(page, "공개");
  await page.getByRole("link", { name: "← 구성" }).click();
  await page.getByRole("link", { name: "읽을거리", exact: true }).click();
  await saveLessonAs(page, "공개");
  await page.getByRole("link", { name: "← 구성" }).click();

  // Reordering by keyboard: the video first by dragging with the keyboard, then the reading up into
  // week 1 with its button, pressed from the keyboard.
  expect(await outlineOrder(page)).toEqual([
    ["1주차", ["경사 하강법", "강의 영상"]],
    ["2주차", ["읽을거리"]],
  ]);
  // dnd-kit measures between keys: each step waits for what it tells screen readers.
  const dragAnnouncement = page.locator("[aria-live]", { hasText: /들었습니다|위에 있습니다|내려놓았습니다/ });
  await page.getByRole("button", { name: "레슨 강의 영상 끌기" }).focus();
  await page.keyboard.press("Space");
  await expect(dragAnnouncement).toContainText("강의 영상");
  await page.keyboard.press("ArrowUp");
  await expect(dragAnnouncement).toHaveText("강의 영상이(가) 경사 하강법 위에 있습니다.");
  await page.keyboard.press("Space");
  await expect(dragAnnouncement).toHaveText("강의 영상을(를) 경사 하강법에 내려놓았습니다.");
  await expect
    .poll(() => outlineOrder(page))
    .toEqual([
      ["1주차", ["강의 영상", "경사 하강법"]],
      ["2주차", ["읽을거리"]],
    ]);
  await page.getByRole("button", { name: "읽을거리 위로 옮기기" }).focus();
  await page.keyboard.press("Enter");
  await expect
    .poll(() => outlineOrder(page))
    .toEqual([
      ["1주차", ["강의 영상", "경사 하강법", "읽을거리"]],
      ["2주차", []],
    ]);
  // The order was saved, not only drawn.
  await page.reload();
  expect(await outlineOrder(page)).toEqual([
    ["1주차", ["강의 영상", "경사 하강법", "읽을거리"]],
    ["2주차", []],
  ]);

  // Preview as a learner: the draft course page and its lessons, rendered as learners will get them.
  await page.getByRole("link", { name: "학습자 화면으로 미리 보기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("스튜디오에서 열기")).toBeVisible();
  await page.getByRole("link", { name: "경사 하강법" }).first().click();
  await expect(page.locator("main .katex-display")).toBeVisible();
  await page.goBack();
  await page.getByRole("link", { name: "스튜디오에서 열기" }).click();

  // Publish.
  await page.getByRole("button", { name: "공개하기" }).click();
  await expect(page.getByRole("heading", { name: "상태: 공개" })).toBeVisible();

  // The learner finds it in the catalog, enrolls and studies.
  const learnerContext = await browser.newContext();
  await signIn(learnerContext, db, { userId: learner.id });
  const learnerPage = await learnerContext.newPage();
  await learnerPage.goto("/courses");
  await learnerPage.getByLabel("과목 검색").fill(code);
  await learnerPage.getByRole("button", { name: "적용" }).click();
  await learnerPage.getByRole("link", { name: title }).click();
  await learnerPage.getByRole("button", { name: "수강 신청" }).click();
  await learnerPage.getByRole("link", { name: "이어서 학습" }).click();
  await expect(learnerPage.getByRole("heading", { level: 1, name: "강의 영상" })).toBeVisible();
  await expect(learnerPage.locator("iframe[src*='youtube-nocookie.com/embed/aircAruvnKk']")).toBeAttached();
  await learnerPage.getByRole("button", { name: "완료로 표시" }).click();
  await learnerPage.getByRole("link", { name: /→$/ }).click();
  await expect(learnerPage.getByRole("heading", { level: 1, name: "경사 하강법" })).toBeVisible();
  await expect(learnerPage.locator("main .katex-display")).toBeVisible();
  const download = learnerPage.waitForEvent("download");
  await learnerPage.getByRole("link", { name: /1주차 강의자료\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe("1주차 강의자료.pdf");
  await learnerPage.getByRole("button", { name: "완료로 표시" }).click();
  await expect(learnerPage.getByRole("navigation", { name: "과목 목차" })).toContainText("66% 완료");

  await instructorContext.close();
  await learnerContext.close();
});
