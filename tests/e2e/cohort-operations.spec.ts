// The journey for an admin running a cohort, in Korean: create a cohort, import its members
// from a CSV file saved by Korean Excel (CP949), assign a course, find a member on the at-risk list,
// nudge them; the member sets a password from the invitation, completes a lesson, and the
// dashboard's figures change.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import iconv from "iconv-lite";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createProgram, createUser, uniqueSuffix } from "../factories";
import { createCourseWithLessons } from "../factories/progress";
import { overflowingElements, watchForPageErrors } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day as <input type="date"> takes it, counted from today in Korea. */
function koreanDay(offsetDays: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(
    new Date(Date.now() + offsetDays * DAY_MS),
  );
}

test("an admin imports a cohort from a CP949 file, nudges a learner at risk, and sees the figures move", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const suffix = uniqueSuffix();
  const program = await createProgram(db, { kind: "ACADEMY" });
  const { course } = await createCourseWithLessons(db, {
    programId: program.id,
    title: `데이터 분석 실전 ${suffix}`,
    modules: [[{ title: "판다스 시작하기" }, { title: "데이터 정제" }]],
  });
  const admin = await createUser(db, { role: "ADMIN", name: "관리자" });
  const trainee = { name: "김빛나", email: `binna-${suffix}@test.bitgoeul.example` };
  const classmate = { name: "이무등", email: `mudeung-${suffix}@test.bitgoeul.example` };
  // What Korean Excel writes for "CSV (쉼표로 분리)": CP949 bytes, CRLF, a trailing blank line.
  const csvPath = path.join(os.tmpdir(), `members-${suffix}.csv`);
  await writeFile(
    csvPath,
    iconv.encode(
      `이름,이메일,학번\r\n${trainee.name},${trainee.email},S${suffix}\r\n${classmate.name},${classmate.email},\r\n\r\n`,
      "cp949",
    ),
  );

  const adminContext = await browser.newContext();
  await signIn(adminContext, db, { userId: admin.id });
  const page = await adminContext.newPage();
  const errors = watchForPageErrors(page);

  // A cohort that began a month ago.
  await page.goto("/admin/cohorts");
  await page.getByLabel("프로그램").selectOption(program.id);
  await page.getByLabel("기수 이름").fill(`데이터 부트캠프 ${suffix}`);
  await page.getByLabel("시작일").fill(koreanDay(-30));
  await page.getByLabel("종료일").fill(koreanDay(60));
  await page.getByRole("button", { name: "기수 만들기" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`데이터 부트캠프 ${suffix}`);
  const cohortUrl = new URL(page.url()).pathname;

  // Members from the file: a preview first, then one confirmation (clicked twice).
  await page.getByRole("link", { name: "CSV 파일로 여러 명 가져오기" }).click();
  await page.getByLabel("구성원 목록 파일(.csv)").setInputFiles(csvPath);
  await page.getByRole("button", { name: "파일 확인하기" }).click();
  await expect(page.getByRole("cell", { name: trainee.name })).toBeVisible();
  await expect(page.getByText("새 계정을 만들어 추가")).toHaveCount(2);
  await page.getByRole("button", { name: "가져오기 확인" }).dblclick();
  await expect(page.getByText("CSV 파일의 구성원을 가져왔습니다.")).toBeVisible();
  await expect(page.getByRole("cell", { name: trainee.email })).toBeVisible();
  expect(await db.user.count({ where: { email: { in: [trainee.email, classmate.email] } } })).toBe(2);

  // The course, due in two days: four weeks in, an untouched course is far behind.
  await page.getByLabel("과목", { exact: true }).selectOption(course.id);
  await page.getByLabel("시작일(선택)").fill(koreanDay(-28));
  await page.getByLabel("마감일(선택)").fill(koreanDay(2));
  await page.getByRole("button", { name: "배정하기" }).click();
  await expect(page.getByText("과목을 배정하고 학습자를 등록했습니다.")).toBeVisible();

  await page.getByRole("link", { name: "대시보드" }).click();
  await expect(page.getByRole("heading", { name: "주요 지표" })).toBeVisible();
  // Each headline figure is described by its label.
  const figure = (key: string) => page.locator(`[aria-describedby="figure-${key}"]`);
  await expect(figure("members")).toHaveText("2");
  await expect(figure("averageProgress")).toHaveText("0%");
  await expect(figure("active")).toHaveText("0");

  await page.getByRole("link", { name: "관심 필요 학습자" }).first().click();
  const traineeRow = page.getByRole("row").filter({ hasText: trainee.name });
  await expect(traineeRow).toContainText("일정보다 뒤처짐");
  // The last column says when they were last nudged: never, so far.
  const lastNudged = traineeRow.getByRole("cell").last();
  await expect(lastNudged).toHaveText("없음");
  await page.getByLabel(`${trainee.name} 선택`).check();
  await page.getByRole("button", { name: "선택한 학습자에게 독려 메일 보내기" }).dblclick();
  await expect(page.getByText("학습자 1명에게 독려 메일을 보냈습니다.")).toBeVisible();
  await expect(lastNudged).not.toHaveText("없음");
  const nudgeMails = await db.emailOutbox.count({
    where: { toAddress: trainee.email, subject: { not: { contains: "초대" } } },
  });
  expect(await db.nudge.count({ where: { user: { email: trainee.email } } })).toBe(1);
  expect(nudgeMails).toBe(1);

  // The trainee sets a password from the invitation and completes a lesson.
  const invitation = await db.emailOutbox.findFirstOrThrow({
    where: { toAddress: trainee.email, textBody: { contains: "/reset-password/" } },
  });
  const link = invitation.textBody.match(/https?:\/\/\S+\/reset-password\/\S+/)?.[0];
  expect(link).toBeTruthy();
  const traineeContext = await browser.newContext();
  const traineePage = await traineeContext.newPage();
  await traineePage.goto(new URL(link!).pathname);
  const password = `bitgoeul trainee ${suffix}`;
  await traineePage.getByLabel("새 비밀번호", { exact: true }).fill(password);
  await traineePage.getByLabel("새 비밀번호 확인").fill(password);
  await traineePage.getByRole("button", { name: "비밀번호 변경" }).click();
  await expect(traineePage.getByRole("status")).toContainText("비밀번호가 변경되었습니다");
  await traineePage.goto("/login");
  await traineePage.getByLabel("이메일").fill(trainee.email);
  await traineePage.getByLabel("비밀번호").fill(password);
  await traineePage.getByRole("button", { name: "로그인" }).click();
  await expect(traineePage.getByRole("banner")).toContainText(trainee.name);
  await traineePage.goto(`/courses/${course.slug}`);
  await traineePage.getByRole("link", { name: "이어서 학습" }).click();
  // The tick shows at once (optimistic); the figures wait for the server to have written it.
  const written = traineePage.waitForResponse(
    (response) => response.request().method() === "POST" && !new URL(response.url()).pathname.endsWith("/time"),
  );
  await traineePage.getByRole("button", { name: "완료로 표시" }).click();
  await expect(traineePage.getByRole("status").filter({ hasText: "완료함" })).toBeVisible();
  expect((await written).ok()).toBe(true);

  // Current to the second: the dashboard and the list show it on the next load.
  await page.goto(`${cohortUrl}/dashboard`);
  await expect(figure("averageProgress")).toHaveText("25%");
  await expect(figure("active")).toHaveText("1");

  // On a phone, the at-risk list and the dashboard fit; tables scroll inside themselves.
  await page.setViewportSize({ width: 360, height: 780 });
  for (const tab of ["dashboard", "at-risk"]) {
    await page.goto(`${cohortUrl}/${tab}`);
    expect(await overflowingElements(page)).toEqual([]);
  }
  expect(errors).toEqual([]);
});
