// An admin runs a cohort through the pages, in Korean: creates it, adds a learner by e-mail, assigns
// a course (with a double click); the learner finds the course on My learning at once.
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { createCourseWith } from "../factories/enrollment";
import { overflowingElements, watchForPageErrors } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test("an admin creates a cohort, adds a learner and assigns a course; the learner is enrolled", async ({ browser }) => {
  const program = await createProgram(db, { kind: "ACADEMY" });
  const suffix = uniqueSuffix();
  const course = await createCourseWith(db, {
    programId: program.id,
    policy: "COHORT_ONLY",
    title: `부트캠프 실전 ${suffix}`,
  });
  const admin = await createUser(db, { role: "ADMIN", name: "관리자" });
  const learner = await createUser(db, { name: "이수강" });

  const adminContext = await browser.newContext();
  await signIn(adminContext, db, { userId: admin.id });
  const page = await adminContext.newPage();
  const errors = watchForPageErrors(page);

  await page.goto("/admin");
  await page.getByRole("link", { name: "기수", exact: true }).click();
  await page.getByLabel("프로그램").selectOption(program.id);
  await page.getByLabel("기수 이름").fill(`AI 부트캠프 ${suffix}`);
  await page.getByLabel("시작일").fill("2026-09-01");
  await page.getByLabel("종료일").fill("2026-08-01");
  await page.getByRole("button", { name: "기수 만들기" }).click();
  // The end before the start: the message beside the field, what was typed kept.
  await expect(page.getByText("종료일은 시작일보다 빠를 수 없습니다.")).toBeVisible();
  await expect(page.getByLabel("기수 이름")).toHaveValue(`AI 부트캠프 ${suffix}`);
  await page.getByLabel("종료일").fill("2027-02-26");
  await page.getByRole("button", { name: "기수 만들기" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`AI 부트캠프 ${suffix}`);

  await page.getByLabel("추가할 사람의 이메일").fill(learner.email);
  await page.getByRole("button", { name: "구성원 추가" }).click();
  await expect(page.getByText("구성원을 추가했습니다.")).toBeVisible();
  await expect(page.getByRole("cell", { name: learner.email })).toBeVisible();

  await page.getByLabel("과목", { exact: true }).selectOption(course.id);
  await page.getByLabel("마감일(선택)").fill("2026-12-18");
  await page.getByRole("button", { name: "배정하기" }).dblclick();
  await expect(page.getByText("과목을 배정하고 학습자를 등록했습니다.")).toBeVisible();
  // On a phone, in English (longer words), the members and courses fit; tables scroll inside themselves.
  await db.user.update({ where: { id: admin.id }, data: { locale: "en" } });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  expect(await overflowingElements(page)).toEqual([]);
  expect(errors).toEqual([]);
  const cohort = await db.cohort.findFirstOrThrow({ where: { programId: program.id } });
  expect(await db.cohortCourse.count({ where: { cohortId: cohort.id } })).toBe(1);
  expect(
    await db.enrollment.findMany({ where: { courseId: course.id }, select: { userId: true, status: true } }),
  ).toEqual([{ userId: learner.id, status: "ACTIVE" }]);

  // The learner, signed in elsewhere, finds the course on My learning.
  const learnerContext = await browser.newContext();
  await signIn(learnerContext, db, { userId: learner.id });
  const learnerPage = await learnerContext.newPage();
  await learnerPage.goto("/learn");
  await expect(learnerPage.getByRole("link", { name: new RegExp(`부트캠프 실전 ${suffix}$`) }).first()).toBeVisible();

  await adminContext.close();
  await learnerContext.close();
});
