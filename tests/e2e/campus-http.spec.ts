// A campus server over plain HTTP, reached by a host name: the browser treats it as the insecure
// origin it is (unlike localhost), so a Secure or __Host- cookie would be dropped and log-in would
// silently fail. Chromium maps the test host name to this machine.
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { uniqueSuffix } from "../factories";
import { resolveChromiumExecutable, SYSTEM_CHROMIUM_ARGS } from "../setup/browser";
import { signIn } from "./sign-in";

const CAMPUS_HOST = "bitgoeul.campus";
const campusUrl = new URL(process.env.E2E_BASE_URL!);
campusUrl.hostname = CAMPUS_HOST;
const CAMPUS_ORIGIN = campusUrl.origin;

const executablePath = resolveChromiumExecutable();
test.use({
  baseURL: CAMPUS_ORIGIN,
  launchOptions: {
    ...(executablePath ? { executablePath } : {}),
    args: [...(executablePath ? SYSTEM_CHROMIUM_ARGS : []), `--host-resolver-rules=MAP ${CAMPUS_HOST} 127.0.0.1`],
  },
});

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test("signs up and logs in at http://bitgoeul.campus:<port> and ends signed in", async ({ page, context }) => {
  const email = `campus-${uniqueSuffix()}@test.bitgoeul.example`;
  const password = "무등산 아래 강의실에서 2026";

  await page.goto("/signup");
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await page.getByLabel("이름").fill("최민준");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "가입하기" }).click();
  await expect(page.getByRole("banner")).toContainText("최민준");

  const [cookie] = (await context.cookies(CAMPUS_ORIGIN)).filter((c) => c.name.endsWith("bitgoeul_session"));
  expect(cookie).toMatchObject({ name: "bitgoeul_session", secure: false, httpOnly: true, sameSite: "Lax" });

  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("link", { name: "로그인" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("banner")).toContainText("최민준");
  await page.goto("/settings");
  await expect(page).toHaveURL(`${CAMPUS_ORIGIN}/settings`);
});

test("an admin reaching the server over plain HTTP is told passwords cross the network unencrypted", async ({
  browser,
}) => {
  const admin = await db.user.create({
    data: {
      email: `campus-admin-${uniqueSuffix()}@test.bitgoeul.example`,
      name: "Campus Admin",
      role: "ADMIN",
      locale: "en",
    },
  });
  const context = await browser.newContext({ locale: "en-US" });
  await signIn(context, db, { userId: admin.id, baseUrl: CAMPUS_ORIGIN });
  const page = await context.newPage();
  const response = await page.goto("/admin/users");
  await expect(page.getByText("reached over plain HTTP")).toContainText(CAMPUS_ORIGIN);
  await expect(page.getByText("Links in mails (password resets) point at")).toBeVisible();
  expect(response?.headers()["strict-transport-security"]).toBeUndefined();
  await context.close();
});
