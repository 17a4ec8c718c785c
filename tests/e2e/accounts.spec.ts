import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser, uniqueSuffix } from "../factories";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인" }).click();
}

test("sign up, log out, log in, reset the password from the outbox link, log in with the new one", async ({ page }) => {
  const email = `journey-${uniqueSuffix()}@test.bitgoeul.example`;
  const firstPassword = "광주 빛고을에서 배우는 AI";
  const newPassword = "새로운 비밀번호는 길게 2026";

  await page.goto("/signup");
  await page.getByLabel("이름").fill("김하늘");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(firstPassword);
  await page.getByRole("button", { name: "가입하기" }).click();
  await expect(page.getByRole("banner")).toContainText("김하늘");

  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("link", { name: "로그인" })).toBeVisible();

  await logIn(page, email, firstPassword);
  await expect(page.getByRole("banner")).toContainText("김하늘");
  await page.getByRole("button", { name: "로그아웃" }).click();

  await page.goto("/forgot-password");
  await page.getByLabel("이메일").fill(email.toUpperCase());
  await page.getByRole("button", { name: "재설정 링크 보내기" }).click();
  await expect(page.getByRole("status")).toContainText("재설정 링크를 보냈습니다");

  const mail = await db.emailOutbox.findFirstOrThrow({
    where: { toAddress: email },
    orderBy: { createdAt: "desc" },
    select: { textBody: true },
  });
  const link = mail.textBody.match(/https?:\/\/\S+\/reset-password\/\S+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await page.getByLabel("새 비밀번호", { exact: true }).fill(newPassword);
  await page.getByLabel("새 비밀번호 확인").fill(newPassword);
  await page.getByRole("button", { name: "비밀번호 변경" }).click();
  await expect(page.getByRole("status")).toContainText("비밀번호가 변경되었습니다");

  await logIn(page, email, firstPassword);
  await expect(page.getByRole("alert")).toContainText("이메일 또는 비밀번호가 올바르지 않습니다");
  await logIn(page, email, newPassword);
  await expect(page.getByRole("banner")).toContainText("김하늘");

  // The link is single-use.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("alert")).toContainText("만료되었거나 이미 사용한");
});

test("a signup form with bad input shows each error beside its field and keeps what was typed, without JavaScript", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Jiwoo");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  // Without JavaScript the browser's own checks would stop the post; skip them to reach the server.
  await page.locator("form#signup").evaluate((form) => form.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Jiwoo");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await context.close();
});

test("an admin without two-factor is reminded on admin pages, and a learner gets 403 there", async ({ browser }) => {
  const suffix = uniqueSuffix();
  const admin = await db.user.create({
    data: { email: `admin-${suffix}@test.bitgoeul.example`, name: "Admin", role: "ADMIN" },
  });
  const learner = await db.user.create({
    data: { email: `learner-${suffix}@test.bitgoeul.example`, name: "Learner", role: "LEARNER" },
  });

  const adminContext = await browser.newContext({ locale: "ko-KR" });
  await signIn(adminContext, db, { userId: admin.id });
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/admin/users");
  await expect(adminPage.getByRole("banner")).toContainText("Admin");
  await expect(adminPage.getByRole("alert")).toContainText("2단계 인증으로 계정을 보호해야 합니다");
  await adminContext.close();

  const learnerContext = await browser.newContext({ locale: "ko-KR" });
  await signIn(learnerContext, db, { userId: learner.id });
  const learnerPage = await learnerContext.newPage();
  const response = await learnerPage.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(learnerPage.getByRole("banner")).toContainText("Learner");
  await learnerContext.close();
});

test("a visitor sent to log in comes back to the page they asked for", async ({ page }) => {
  await page.goto("/settings/password");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fpassword/);
});

test("a state-changing request from another origin, or with no Origin, is refused", async ({ request }) => {
  expect((await request.post("/logout")).status()).toBe(403);
  expect((await request.post("/logout", { headers: { Origin: "https://evil.example" } })).status()).toBe(403);
});

test("two-factor turned on in one tab: the other tab's Set up says so and shows it on, in English", async ({
  browser,
}) => {
  const password = "two tabs open at once 2026";
  const user = await createUser(db, { password });
  await db.user.update({ where: { id: user.id }, data: { locale: "en" } });
  const context = await browser.newContext({ locale: "en-US" });
  await signIn(context, db, { userId: user.id });
  const first = await context.newPage();
  const stale = await context.newPage();
  await first.goto("/settings/two-factor");
  await stale.goto("/settings/two-factor");

  await first.getByRole("button", { name: "Set up two-step verification" }).click();
  const secret = (await first.locator("main code").innerText()).trim();
  await first.getByLabel("Verification code").fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  await first.getByLabel("Current password").fill(password);
  await first.getByRole("button", { name: "Turn on" }).click();
  await expect(first.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();

  await stale.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(stale.getByRole("alert")).toContainText("already on");
  await expect(stale.getByText("Two-step verification is on.")).toBeVisible();
  await expect(stale.getByRole("button", { name: "Turn off" })).toBeVisible();
  await context.close();
});
