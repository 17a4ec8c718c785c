// The certificate journey, as its people live it: a learner completes a course and finds the
// certificate; its PDF holds their Korean name and code; anyone, signed out, sees it VALID; a
// verifier checks the badge's signature against the key the app serves and its revocation bit; an
// admin revokes it, and the page and the status list both say so.
import { gunzipSync } from "node:zlib";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createUser } from "../factories";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { watchForPageErrors } from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

async function pdfText(bytes: Buffer) {
  const document = await getDocument({ data: new Uint8Array(bytes) }).promise;
  const content = await (await document.getPage(1)).getTextContent();
  return content.items.map((item) => ("str" in item ? item.str : "")).join(" ");
}

/** What the status list the badge points to says of the badge's entry, after checking its signature. */
async function isRevokedInStatusList(request: APIRequestContext, badge: string, keys: JSONWebKeySet) {
  const status = decodeJwt(badge).credentialStatus as { statusListCredential: string; statusListIndex: string };
  // The list is named by the app's public origin; the test reaches the same app at its own address.
  const response = await request.get(new URL(status.statusListCredential).pathname);
  expect(response.ok()).toBe(true);
  const { payload } = await jwtVerify(await response.text(), createLocalJWKSet(keys));
  const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
  const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
  const index = Number(status.statusListIndex);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

test("a completed course's certificate: PDF, public page, verifiable badge, revocation", async ({ browser }) => {
  test.setTimeout(60_000);
  const { course, lessons } = await createCourseWithLessons(db, {
    modules: [[{ title: "유일한 레슨" }]],
    title: "생성형 AI 실무",
  });
  const learner = await createUser(db, { name: "윤수료" });
  await enrollLearnerDirectly(db, { userId: learner.id, courseId: course.id });
  const admin = await createUser(db, { role: "ADMIN", name: "관리 담당" });

  // The learner completes the only lesson and finds the certificate on My learning.
  const learnerContext = await browser.newContext();
  await signIn(learnerContext, db, { userId: learner.id });
  const page = await learnerContext.newPage();
  const errors = watchForPageErrors(page);
  await page.goto(`/courses/${course.slug}/lessons/${lessons[0]!.slug}`);
  // The tick shows at once (optimistic); the certificate comes with the server's write.
  const written = page.waitForResponse(
    (response) => response.request().method() === "POST" && !new URL(response.url()).pathname.endsWith("/time"),
  );
  await page.getByRole("button", { name: "완료로 표시" }).click();
  await expect(page.getByRole("status").filter({ hasText: "완료함" })).toBeVisible();
  expect((await written).ok()).toBe(true);
  await page.getByRole("link", { name: "내 학습" }).click();
  const certificates = page.getByRole("region", { name: "내 수료증" });
  await certificates.getByRole("link", { name: /생성형 AI 실무/ }).click();
  await expect(page.getByRole("status")).toHaveText("유효한 수료증");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("윤수료");
  const code = page.url().split("/certificates/")[1]!;
  expect(code).toMatch(/^[a-z2-7]{32}$/);

  // Its PDF is a PDF whose text holds the Korean name and the code.
  const pdf = await page.request.get(`/certificates/${code}/certificate.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const pdfBytes = await pdf.body();
  expect(pdfBytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const text = await pdfText(pdfBytes);
  expect(text).toContain("윤수료");
  expect(text).toContain(code);

  // Anyone, signed out, sees it VALID, and can take the badge.
  const visitor = await browser.newContext();
  const publicPage = await visitor.newPage();
  await publicPage.goto(`/certificates/${code}`);
  await expect(publicPage.getByRole("status")).toHaveText("유효한 수료증");
  await expect(publicPage.getByRole("banner")).not.toContainText("윤수료");
  const download = publicPage.waitForEvent("download");
  await publicPage.getByRole("link", { name: /오픈 배지 내려받기/ }).click();
  expect((await download).suggestedFilename()).toMatch(/\.jwt$/);
  const badge = await (await visitor.request.get(`/certificates/${code}/badge.jwt`)).text();

  // The badge verifies against the key the app serves, and its status entry reads not revoked.
  const keys = (await (await visitor.request.get("/issuer/jwks.json")).json()) as JSONWebKeySet;
  const { payload } = await jwtVerify(badge, createLocalJWKSet(keys));
  expect(payload.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect(JSON.stringify(payload.credentialSubject)).toContain("윤수료");
  expect(await isRevokedInStatusList(visitor.request, badge, keys)).toBe(false);

  // An admin revokes it with a reason, once, though the button is pressed twice.
  const adminContext = await browser.newContext();
  await signIn(adminContext, db, { userId: admin.id });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/certificates/${code}`);
  await adminPage.getByRole("button", { name: "이 수료증 취소하기" }).click();
  await expect(adminPage.getByText("필수 입력 항목입니다.")).toBeVisible();
  await adminPage.getByLabel("취소 사유").fill("수료 요건 미충족 확인");
  await adminPage.getByRole("button", { name: "이 수료증 취소하기" }).dblclick();
  await expect(adminPage.getByRole("status")).toHaveText("취소된 수료증");
  expect(await db.auditLog.count({ where: { action: "certificate.revoked", actorId: admin.id } })).toBe(1);

  // The page says REVOKED to everyone, and the status bit is set.
  await publicPage.reload();
  await expect(publicPage.getByRole("status")).toHaveText("취소된 수료증");
  await expect(publicPage.getByText("수료 요건 미충족 확인")).toBeVisible();
  expect(await isRevokedInStatusList(visitor.request, badge, keys)).toBe(true);

  expect(errors).toEqual([]);
  await Promise.all([learnerContext.close(), visitor.close(), adminContext.close()]);
});
