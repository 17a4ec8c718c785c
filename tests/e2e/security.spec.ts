// What a hostile or odd request meets on the real app, and proof that the Content-Security-Policy
// lets the app's own scripts run (a policy that broke hydration would still pass no-JS tests).
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser } from "../factories";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test("pages hydrate and navigate under the Content-Security-Policy, with no violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  const response = await page.goto("/");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  // Client-side navigation only happens once React has hydrated: a full page load would clear the mark.
  await page.evaluate(() => ((window as unknown as { stayedOnPage: boolean }).stayedOnPage = true));
  await page.getByRole("navigation").getByRole("link", { name: "과목" }).click();
  await expect(page).toHaveURL(/\/courses$/);
  expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
  expect(violations).toEqual([]);
});

test("a NUL byte or broken UTF-8 in the URL or a form is a 400, not a server error", async ({ request }) => {
  expect((await request.get("/courses/%00")).status()).toBe(400);
  expect((await request.get("/courses?q=%C0%AF")).status()).toBe(400);
  const origin = new URL(process.env.E2E_BASE_URL!).origin;
  const signup = await request.post("/signup", {
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    data: "name=a%00b&email=x%40example.com&password=long-enough-password",
  });
  expect(signup.status()).toBe(400);
});

test("a body over the limit is refused with 413 before it is read", async ({ request }) => {
  const origin = new URL(process.env.E2E_BASE_URL!).origin;
  const response = await request.post("/login", {
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    data: `email=${"a".repeat(2 * 1024 * 1024)}`,
  });
  expect(response.status()).toBe(413);
});

test("pages for a signed-in browser are never stored by a cache; every page refuses to be framed", async ({
  browser,
}) => {
  const visitor = await browser.newContext();
  const anonymous = await (await visitor.newPage()).goto("/");
  expect(anonymous?.headers()["cache-control"]).toBeUndefined();
  expect(anonymous?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(anonymous?.headers()["permissions-policy"]).toContain("camera=()");
  await visitor.close();

  const learner = await createUser(db);
  const signedIn = await browser.newContext();
  await signIn(signedIn, db, { userId: learner.id });
  const page = await signedIn.newPage();
  for (const path of ["/", "/learn", "/settings"]) {
    const response = await page.goto(path);
    expect(response?.headers()["cache-control"], path).toBe("no-store");
  }
  await signedIn.close();
});
