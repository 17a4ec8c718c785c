// Issue 10's journey, through the pages in Korean: an instructor adds a quiz and an assignment to a
// credit course; a learner fails the quiz once and passes it, hands in a file; the instructor
// returns it, the learner resubmits, the instructor grades it; the learner sees the course
// complete and the grade; the instructor confirms a letter grade, which the learner then sees.
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser, uniqueSuffix } from "../factories";
import { createCategory, createGradedCourse } from "../factories/gradebook";
import { addCourseInstructor } from "../factories/auth";
import { enrollLearnerDirectly } from "../factories/progress";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

async function addLesson(page: Page, title: string, kind: "퀴즈" | "과제") {
  const form = page.locator("form", { has: page.getByLabel("Module 1에 새 레슨") });
  await form.getByLabel("Module 1에 새 레슨").fill(title);
  await form.getByLabel("종류").selectOption({ label: kind });
  await form.getByRole("button", { name: "레슨 추가" }).click();
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
}

async function publishLesson(page: Page, markdown: string) {
  await page.getByLabel("레슨 내용").fill(markdown);
  await page.getByLabel("상태").selectOption({ label: "공개" });
  await page.getByRole("button", { name: "레슨 저장" }).click();
  await expect(page.getByText("저장했습니다.")).toBeVisible();
}

async function handIn(page: Page, fileName: string, attempt: number) {
  await page.getByLabel("파일").setInputFiles({
    name: fileName,
    mimeType: "application/pdf",
    buffer: Buffer.from(`%PDF-1.4\n% ${fileName}\n`),
  });
  await page.getByRole("button", { name: /제출하기/ }).click();
  await expect(page.getByText("과제를 제출했습니다.")).toBeVisible();
  await expect(page.getByText(`${attempt}차 제출`, { exact: false }).first()).toBeVisible();
}

test("quiz and assignment to a confirmed letter grade: instructor and learner, each through the pages", async ({
  browser,
}) => {
  // Two people through a whole course's assessment: longer than one page's test.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const { course } = await createGradedCourse(db, { lessons: [] });
  const title = `데이터 분석 실습 ${suffix}`;
  await db.course.update({ where: { id: course.id }, data: { title } });
  const instructor = await createUser(db, { role: "INSTRUCTOR", name: "박교수" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id });
  const learner = await createUser(db, { name: "김학생" });
  await enrollLearnerDirectly(db, { courseId: course.id, userId: learner.id });

  // The instructor adds a quiz and an assignment in the outline, and writes each.
  const teacher = await browser.newContext();
  await signIn(teacher, db, { userId: instructor.id });
  const studio = await teacher.newPage();
  await studio.goto(`/teach/${course.id}/outline`);
  await addLesson(studio, "확인 퀴즈", "퀴즈");
  await addLesson(studio, "회귀 분석 과제", "과제");

  await studio.getByRole("link", { name: "확인 퀴즈", exact: true }).click();
  await publishLesson(studio, "배운 내용을 확인합니다.");
  await studio.getByRole("link", { name: "문항 편집" }).click();
  await studio.getByLabel("유형").selectOption({ label: "단일 선택" });
  await studio.getByRole("button", { name: "다음" }).click();
  await studio.getByLabel("문제").fill("검증 데이터는 무엇에 씁니까?");
  await studio.getByLabel("보기 1", { exact: true }).fill("모델 선택");
  await studio.getByLabel("보기 2", { exact: true }).fill("학습");
  await studio.getByLabel("정답으로 표시: 보기 1").check();
  await studio.getByLabel("배점").fill("10");
  await studio.getByLabel("해설").fill("검증 데이터로 모델과 하이퍼파라미터를 고릅니다.");
  await studio.getByRole("button", { name: "문항 추가하기" }).click();
  await expect(studio.getByText("1번 문항 · 단일 선택 · 10점")).toBeVisible();
  await studio.getByLabel("응시 기회").fill("3");
  await studio.getByRole("button", { name: "설정 저장" }).click();
  await expect(studio.getByLabel("응시 기회")).toHaveValue("3");

  await studio.getByRole("link", { name: "레슨으로 돌아가기" }).click();
  await studio.getByRole("link", { name: "← 구성" }).click();
  await studio.getByRole("link", { name: "회귀 분석 과제", exact: true }).click();
  await publishLesson(studio, "광주 아파트 실거래가로 회귀 모델을 만들고 보고서를 PDF로 내세요.");
  await studio.getByRole("link", { name: "과제 설정" }).click();
  await studio.getByLabel("통과 점수").fill("60");
  await studio.getByRole("button", { name: "설정 저장" }).click();
  await expect(studio.getByLabel("통과 점수")).toHaveValue("60");

  // The gradebook: quizzes 30 %, assignments 70 % (its settings page is tested on its own).
  const quizLesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id, kind: "QUIZ" } });
  const assignmentLesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id, kind: "ASSIGNMENT" } });
  const quizzes = await createCategory(db, { courseId: course.id, name: "퀴즈", weightPercent: 30, position: 1 });
  const assignments = await createCategory(db, { courseId: course.id, name: "과제", weightPercent: 70, position: 2 });
  await db.gradeItem.createMany({
    data: [
      { courseId: course.id, categoryId: quizzes.id, kind: "QUIZ", lessonId: quizLesson.id, position: 1 },
      {
        courseId: course.id,
        categoryId: assignments.id,
        kind: "ASSIGNMENT",
        lessonId: assignmentLesson.id,
        position: 1,
      },
    ],
  });

  // The learner fails the quiz once, then passes it.
  const student = await browser.newContext();
  await signIn(student, db, { userId: learner.id });
  const learnerPage = await student.newPage();
  await learnerPage.goto(`/courses/${course.slug}/lessons/${quizLesson.slug}`);
  await learnerPage.getByRole("button", { name: "퀴즈 시작" }).click();
  await learnerPage.getByLabel("학습").check();
  await learnerPage.getByRole("button", { name: "답안 제출" }).click();
  await expect(learnerPage.getByText("미통과").first()).toBeVisible();
  await expect(learnerPage.getByText("검증 데이터로 모델과 하이퍼파라미터를 고릅니다.")).toBeVisible();
  await learnerPage.getByRole("button", { name: "다시 응시하기" }).click();
  await learnerPage.getByLabel("모델 선택").check();
  await learnerPage.getByRole("button", { name: "답안 제출" }).click();
  await expect(learnerPage.getByText("이 퀴즈를 통과했습니다.")).toBeVisible();

  // … and hands in a file.
  await learnerPage.goto(`/courses/${course.slug}/lessons/${assignmentLesson.slug}`);
  await handIn(learnerPage, "회귀분석 보고서.pdf", 1);
  await expect(learnerPage.getByText("제출함, 채점 대기 중", { exact: true })).toBeVisible();

  // The instructor opens it from the grading queue and returns it for resubmission.
  await studio.goto(`/teach/${course.id}/grading`);
  await studio.getByRole("link", { name: /김학생의 회귀 분석 과제 제출 열기/ }).click();
  await expect(studio.getByRole("link", { name: /회귀분석 보고서\.pdf/ })).toBeVisible();
  await studio.getByLabel("피드백").fill("잔차 그림을 추가해 주세요.");
  await studio.getByRole("button", { name: "재제출 요청" }).click();
  await expect(studio.getByText("재제출을 요청했습니다.")).toBeVisible();

  // The learner sees why, and resubmits.
  await learnerPage.reload();
  await expect(learnerPage.getByText("재제출 요청됨", { exact: true })).toBeVisible();
  await expect(learnerPage.getByText("잔차 그림을 추가해 주세요.")).toBeVisible();
  await handIn(learnerPage, "회귀분석 보고서 v2.pdf", 2);

  // The instructor grades the new attempt.
  await studio.goto(`/teach/${course.id}/grading`);
  await studio.getByRole("link", { name: /김학생의 회귀 분석 과제 제출 열기/ }).click();
  await expect(studio.getByRole("link", { name: /회귀분석 보고서 v2\.pdf/ })).toBeVisible();
  await studio.getByLabel("점수", { exact: true }).fill("90");
  await studio.getByLabel("피드백").fill("잘 고쳤습니다.");
  await studio.getByRole("button", { name: "점수 저장" }).click();
  await expect(studio.getByText("점수를 저장했습니다.")).toBeVisible();

  // The learner sees the grade and the course complete.
  await learnerPage.reload();
  await expect(learnerPage.getByText("채점 완료 · 90 / 100점 (통과)", { exact: true })).toBeVisible();
  await expect(learnerPage.getByText("잘 고쳤습니다.")).toBeVisible();
  await expect(learnerPage.getByRole("navigation", { name: "과목 목차" })).toContainText("100% 완료");

  // Quiz 100 % × 30 + assignment 90 % × 70 = 93: A0 on the 4.5 scale's default cut-offs.
  await studio.goto(`/teach/${course.id}/final-grades`);
  const row = studio.getByRole("row", { name: /김학생/ });
  await expect(row).toContainText("93%");
  await row.getByRole("button", { name: "확정" }).click();
  await expect(studio.getByText("학점을 확정했습니다.")).toBeVisible();

  await learnerPage.goto(`/courses/${course.slug}/grades`);
  await expect(learnerPage.getByRole("heading", { level: 1 })).toContainText("내 성적");
  const courseGrade = learnerPage.getByRole("region", { name: "과목 성적" });
  await expect(courseGrade).toContainText("A0");
  await expect(courseGrade).toContainText("평점 4.0");

  await teacher.close();
  await student.close();
});
