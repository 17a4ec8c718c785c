// Issue 12's keyboard-only journeys, in Korean: no click, no check, no mouse. Only Tab, Shift+Tab,
// Enter, Space, arrow keys, Escape and typing, as someone who cannot use a pointer works. A page is
// opened with goto only to start a journey. Covers the skip link, a visible focus ring, enrolling
// and taking a quiz, focus on the first invalid field after a failed submit (checked in the browser
// and refused by the server), an instructor reordering an outline and grading, and the confirm
// step before removing something.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser, uniqueSuffix } from "../factories";
import { addCourseInstructor } from "../factories/auth";
import { createCourseWithLessons, createSubmission, enrollLearnerDirectly } from "../factories/progress";
import { watchForPageErrors } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());
// A journey walks the page's tab stops one key at a time, each a round trip: longer than clicking.
test.describe.configure({ timeout: 60_000 });

/** Opens a page and waits until React has hydrated it, so keys reach its handlers. */
async function openPage(page: Page, path: string) {
  await page.goto(path);
  await page.waitForFunction(() =>
    Object.keys(document.documentElement).some((key) => key.startsWith("__reactFiber$")),
  );
}

function isFocused(locator: Locator) {
  return locator.evaluate((element) => element === document.activeElement).catch(() => false);
}

/** Presses Tab (or Shift+Tab) until `locator` has focus; fails after `maxPresses`. */
async function tabTo(page: Page, locator: Locator, { maxPresses = 60, backwards = false } = {}) {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if (await isFocused(locator)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(locator).toBeFocused();
}

/**
 * The focused element's outline as the browser draws it, and its contrast against the background
 * it is drawn on (the nearest ancestor's opaque background, else white).
 */
async function focusRingOf(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return null;
    const style = getComputedStyle(element);
    // Any CSS colour (Tailwind's are oklch) to sRGB 0-255 and alpha 0-255, by painting one pixel.
    const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const channels = (color: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data];
    };
    const luminance = (color: string) => {
      const [r = 0, g = 0, b = 0] = channels(color).map((value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = "rgb(255, 255, 255)";
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const color = getComputedStyle(parent).backgroundColor;
      if (channels(color)[3] === 255) {
        background = color;
        break;
      }
    }
    const [lighter, darker] = [luminance(style.outlineColor), luminance(background)].sort((a, b) => b - a);
    return {
      tag: element.tagName.toLowerCase(),
      hasOutline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      contrast: Math.round(((lighter! + 0.05) / (darker! + 0.05)) * 10) / 10,
    };
  });
}

/** A ring that shows: an outline at least 2px wide, at 3:1 or more against its background (WCAG 1.4.11). */
async function expectVisibleFocus(page: Page) {
  const ring = await focusRingOf(page);
  expect(ring, `focus ring on ${ring?.tag}`).toMatchObject({ hasOutline: true });
  expect(ring?.contrast, `focus ring contrast on ${ring?.tag}`).toBeGreaterThanOrEqual(3);
}

/** The element focus is on names its error in aria-describedby, and that element says `message`. */
async function expectFocusedFieldError(page: Page, message: string) {
  const focused = page.locator(":focus");
  await expect(focused).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await focused.getAttribute("aria-describedby")) ?? "";
  const descriptions = await Promise.all(
    describedBy
      .split(" ")
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  expect(descriptions.join(" ")).toContain(message);
}

test("건너뛰기 링크가 첫 번째 탭 위치이고, 보이며, 본문으로 포커스를 옮긴다; 포커스 테두리가 보인다", async ({
  page,
}) => {
  const errors = watchForPageErrors(page);
  await openPage(page, "/courses");

  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "본문으로 건너뛰기" });
  await expect(skipLink).toBeFocused();
  // Visible when focused: not the 1px clip of a screen-reader-only element.
  const box = await skipLink.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(40);
  expect(box?.height ?? 0).toBeGreaterThan(16);
  await expectVisibleFocus(page);

  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The next stop is inside main, past the header's links.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.getElementById("main")?.contains(document.activeElement))).toBe(true);
  await expectVisibleFocus(page);

  // A header link, a text field and a button each show the ring.
  await tabTo(page, page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "과목" }), {
    backwards: true,
  });
  await expectVisibleFocus(page);
  await tabTo(page, page.getByLabel("과목 검색"));
  await expectVisibleFocus(page);
  await tabTo(page, page.getByRole("button", { name: "적용" }));
  await expectVisibleFocus(page);
  expect(errors).toEqual([]);
});

test("학습자가 키보드만으로 수강 신청하고, 레슨을 열어 퀴즈를 풀고 결과를 본다", async ({ context, page }) => {
  const suffix = uniqueSuffix();
  const { course, lessons } = await createCourseWithLessons(db, {
    title: `키보드 머신러닝 ${suffix}`,
    modules: [[{ title: "확인 퀴즈", kind: "QUIZ" }]],
  });
  const quiz = await db.quiz.findUniqueOrThrow({ where: { lessonId: lessons[0]!.id }, select: { id: true } });
  await db.question.createMany({
    data: [
      {
        quizId: quiz.id,
        position: 1,
        kind: "SINGLE_CHOICE",
        prompt: "검증 데이터는 무엇에 씁니까?",
        choices: [
          { id: "a", text: "모델 선택" },
          { id: "b", text: "모델 학습" },
        ],
        answer: ["a"],
      },
      {
        quizId: quiz.id,
        position: 2,
        kind: "SHORT_ANSWER",
        prompt: "연속된 값을 예측하는 지도 학습은?",
        answer: ["회귀"],
      },
    ],
  });
  const learner = await createUser(db, { name: "키보드 학습자" });
  await signIn(context, db, { userId: learner.id });
  const errors = watchForPageErrors(page);

  await openPage(page, `/courses/${course.slug}`);
  await tabTo(page, page.getByRole("button", { name: "수강 신청" }));
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  const resume = page.getByRole("link", { name: "이어서 학습" });
  await expect(resume).toBeVisible();
  // The button that was pressed is gone: focus goes to main, not to the top of the document.
  await expect(page.locator("main")).toBeFocused();
  expect(await db.enrollment.count({ where: { userId: learner.id, courseId: course.id, status: "ACTIVE" } })).toBe(1);

  await tabTo(page, resume);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "확인 퀴즈" })).toBeVisible();

  await tabTo(page, page.getByRole("button", { name: "퀴즈 시작" }));
  await page.keyboard.press("Enter");
  // The attempt's form replaces the Start button; focus goes to the quiz the redirect points to.
  await expect(page.locator("#quiz")).toBeFocused();

  // Tab enters the radio group on its first choice; arrows move and choose.
  await page.keyboard.press("Tab");
  const right = page.getByRole("radio", { name: "모델 선택" });
  const wrong = page.getByRole("radio", { name: "모델 학습" });
  await expect(right).toBeFocused();
  await expectVisibleFocus(page);
  await page.keyboard.press("ArrowDown");
  await expect(wrong).toBeFocused();
  await expect(wrong).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(right).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("textbox", { name: "답" })).toBeFocused();
  await page.keyboard.type("회귀");

  await tabTo(page, page.getByRole("button", { name: "답안 제출" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("이 퀴즈를 통과했습니다.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "답안을 제출했고 채점이 끝났습니다." })).toBeVisible();
  const attempt = await db.quizAttempt.findFirstOrThrow({
    where: { quizId: quiz.id, userId: learner.id },
    select: { id: true, scorePercent: true, isPassed: true },
  });
  expect(attempt).toMatchObject({ scorePercent: 100, isPassed: true });
  // Focus is on the graded attempt the redirect names, so the next Tab opens its details.
  await expect(page.locator(`[id="quiz-attempt-${attempt.id}"]`)).toBeFocused();
  expect(errors).toEqual([]);
});

test("제출이 실패하면 포커스가 첫 번째 잘못된 칸으로 간다: 브라우저 검사와 서버 거절 모두", async ({ page }) => {
  const taken = await createUser(db, { name: "이미 가입한 사람" });
  const errors = watchForPageErrors(page);
  await openPage(page, "/signup");

  // Checked in the browser: everything left empty.
  await tabTo(page, page.getByRole("button", { name: "가입하기" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("이름")).toBeFocused();
  await expectFocusedFieldError(page, "필수 입력 항목입니다.");

  // Refused by the server: the email belongs to someone else. Enter is pressed in the password field.
  await page.keyboard.type("새 학습자");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("이메일")).toBeFocused();
  await page.keyboard.type(taken.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("비밀번호")).toBeFocused();
  await page.keyboard.type("키보드로만 만든 비밀번호 2026");
  await page.keyboard.press("Enter");
  await expect(page.getByText("이미 가입된 이메일입니다.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("이메일")).toBeFocused();
  await expectFocusedFieldError(page, "이미 가입된 이메일입니다.");
  expect(await db.user.count({ where: { email: taken.email } })).toBe(1);

  // A refusal about the whole form (no field to blame) is announced, and focus stays where it was.
  await openPage(page, "/login");
  await tabTo(page, page.getByLabel("이메일"));
  await page.keyboard.type(taken.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("틀린 비밀번호 2026");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "이메일 또는 비밀번호가 올바르지 않습니다." })).toBeVisible();
  await expect(page.getByLabel("비밀번호")).toBeFocused();
  expect(errors).toEqual([]);
});

test("교수자가 키보드만으로 목차의 레슨 순서를 바꾸고, 새로 고쳐도 그대로다; 삭제 확인은 Esc로 닫힌다", async ({
  context,
  page,
}) => {
  const suffix = uniqueSuffix();
  const [first, second, third] = [`확률 ${suffix}`, `통계 ${suffix}`, `회귀 ${suffix}`];
  const { course } = await createCourseWithLessons(db, {
    modules: [[{ title: first }, { title: second }, { title: third }]],
  });
  const instructor = await createUser(db, { role: "INSTRUCTOR", name: "키보드 교수자" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  await signIn(context, db, { userId: instructor.id });
  const errors = watchForPageErrors(page);
  const savedOrder = async () =>
    (
      await db.lesson.findMany({
        where: { courseId: course.id },
        orderBy: { position: "asc" },
        select: { title: true },
      })
    ).map((lesson) => lesson.title);
  const shownOrder = () =>
    page
      .getByRole("link")
      .filter({ hasText: suffix })
      .allTextContents()
      .then((titles) => titles.map((title) => title.trim()));

  await openPage(page, `/teach/${course.id}/outline`);

  // dnd-kit's keyboard sensor: Space picks the lesson up, ArrowDown moves it, Space drops it.
  const handle = page.getByRole("button", { name: `레슨 ${first} 끌기` });
  await tabTo(page, handle);
  await expectVisibleFocus(page);
  await page.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  // Each step is announced in the page's language.
  await page.keyboard.press("ArrowDown");
  await expect(page.getByText(`${first}이(가) ${second} 위에 있습니다.`)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(page.getByText(`${first}을(를) ${second}에 내려놓았습니다.`)).toBeAttached();
  await expect.poll(savedOrder).toEqual([second, first, third]);
  await expect(handle).toBeFocused();

  // The move buttons: focus stays with the lesson moved, and at the top goes to the button that can
  // still move it.
  const up = page.getByRole("button", { name: `${third} 위로 옮기기` });
  await tabTo(page, up);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect.poll(savedOrder).toEqual([second, third, first]);
  await expect(up).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(savedOrder).toEqual([third, second, first]);
  await expect(up).toBeDisabled();
  await expect(page.getByRole("button", { name: `${third} 아래로 옮기기` })).toBeFocused();

  await page.reload();
  await expect.poll(shownOrder).toEqual([third, second, first]);

  // "Remove?" is a disclosure, not a modal dialog: Escape closes it and focus goes back to what
  // opened it; tabbing out of it closes it too.
  await openPage(page, `/teach/${course.id}/outline`);
  const removeSummary = page.locator("summary").filter({ hasText: `삭제 ${second}` });
  const removeDisclosure = page.locator("details").filter({ has: removeSummary });
  const isOpen = () => removeDisclosure.evaluate((details) => (details as HTMLDetailsElement).open);
  await tabTo(page, removeSummary);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect.poll(isOpen).toBe(true);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: `${second} 삭제` })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect.poll(isOpen).toBe(false);
  await expect(removeSummary).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(isOpen).toBe(true);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect.poll(isOpen).toBe(false);
  expect(await savedOrder()).toEqual([third, second, first]);
  expect(errors).toEqual([]);
});

test("교수자가 키보드만으로 과제를 채점한다: 빈 점수는 그 칸으로 돌아가고, 저장하면 기록된다", async ({
  context,
  page,
}) => {
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [[{ title: "회귀 분석 보고서", kind: "ASSIGNMENT" }]],
  });
  const instructor = await createUser(db, { role: "INSTRUCTOR", name: "키보드 채점자" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  const learner = await createUser(db, { name: "키보드 제출자" });
  await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });
  const submission = await createSubmission(db, {
    lessonId: lessons[0]!.id,
    userId: learner.id,
    isPassing: false,
    isGraded: false,
  });
  await signIn(context, db, { userId: instructor.id });
  const errors = watchForPageErrors(page);

  await openPage(page, `/teach/${course.id}/grading/${submission.id}`);
  const save = page.getByRole("button", { name: "점수 저장" });
  await tabTo(page, save);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  const points = page.getByLabel("점수", { exact: true });
  await expect(points).toBeFocused();
  await expectFocusedFieldError(page, "필수 입력 항목입니다.");

  await page.keyboard.type("85");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("피드백")).toBeFocused();
  await page.keyboard.type("가설 검정 부분이 좋습니다.");
  await tabTo(page, save);
  await page.keyboard.press("Enter");
  await expect(page.getByText("점수를 저장했습니다.")).toBeVisible();
  // The form is gone (the queue is shown): focus is on main, where the next Tab continues.
  await expect(page.locator("main")).toBeFocused();
  expect(
    await db.submission.findUniqueOrThrow({
      where: { id: submission.id },
      select: { status: true, points: true, feedback: true },
    }),
  ).toEqual({ status: "GRADED", points: 85, feedback: "가설 검정 부분이 좋습니다." });
  expect(errors).toEqual([]);
});

test("레슨 첨부 파일의 순서도 키보드로 바꾸고, 포커스는 옮긴 파일의 버튼에 남는다", async ({ context, page }) => {
  const { course, lessons } = await createCourseWithLessons(db, { modules: [[{ title: "자료가 있는 수업" }]] });
  const lessonId = lessons[0]!.id;
  const suffix = uniqueSuffix();
  await db.lessonAttachment.createMany({
    data: ["강의 슬라이드.pdf", "실습 데이터.csv"].map((fileName, position) => ({
      lessonId,
      fileName,
      contentType: "application/octet-stream",
      byteSize: 1024,
      storageKey: `keyboard-${suffix}-${position}`,
      position,
    })),
  });
  const instructor = await createUser(db, { role: "INSTRUCTOR" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  await signIn(context, db, { userId: instructor.id });
  const errors = watchForPageErrors(page);
  const savedOrder = async () =>
    (
      await db.lessonAttachment.findMany({
        where: { lessonId },
        orderBy: { position: "asc" },
        select: { fileName: true },
      })
    ).map((attachment) => attachment.fileName);

  await openPage(page, `/teach/${course.id}/lessons/${lessonId}`);
  const down = page.getByRole("button", { name: "강의 슬라이드.pdf 아래로 옮기기" });
  await tabTo(page, down, { maxPresses: 80 });
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect.poll(savedOrder).toEqual(["실습 데이터.csv", "강의 슬라이드.pdf"]);
  // Now last, its Down is disabled: focus is on its Up, so pressing again moves it back.
  await expect(down).toBeDisabled();
  await expect(page.getByRole("button", { name: "강의 슬라이드.pdf 위로 옮기기" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(savedOrder).toEqual(["강의 슬라이드.pdf", "실습 데이터.csv"]);
  expect(errors).toEqual([]);
});

test("페이지에 머무는 제출(fetcher)이 거절되어도 포커스가 사라지지 않는다", async ({ context, page }) => {
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [[{ title: "마감 있는 과제", kind: "ASSIGNMENT" }]],
  });
  const lesson = lessons[0]!;
  await db.assignment.update({
    where: { lessonId: lesson.id },
    data: { dueAt: new Date(Date.now() + 60 * 60 * 1000), latePolicy: "REFUSE" },
  });
  const learner = await createUser(db);
  await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });
  await signIn(context, db, { userId: learner.id });
  const errors = watchForPageErrors(page);

  await openPage(page, `/courses/${course.slug}/lessons/${lesson.slug}`);
  await tabTo(page, page.getByLabel("답안"));
  await page.keyboard.type("키보드로 쓴 답안입니다.");
  // The due time passes while the learner writes.
  await db.assignment.update({ where: { lessonId: lesson.id }, data: { dueAt: new Date(Date.now() - 1000) } });
  await tabTo(page, page.getByRole("button", { name: "제출하기" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "마감이 지났고" })).toBeVisible();
  // The button that was pressed (disabled while sending, then gone) took focus with it: it is on
  // main, where the next Tab continues, not lost to <body>.
  await expect(page.locator("main")).toBeFocused();
  expect(await db.submission.count({ where: { userId: learner.id } })).toBe(0);
  expect(errors).toEqual([]);
});
