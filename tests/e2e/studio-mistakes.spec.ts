// The studio in English on a phone, with the mistakes people make: a stale tab saving over a
// colleague, a double click on "Post and mail", a wrong file for the cover.
import { expect, test } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createProgram, createUser } from "../factories";
import { addCourseInstructor } from "../factories/auth";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

test.use({ locale: "en-US", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function taughtCourse() {
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id, title: "Convex Optimization" });
  const instructor = await createUser(db, { role: "INSTRUCTOR" });
  await db.user.update({ where: { id: instructor.id }, data: { locale: "en" } });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id, role: "LEAD" });
  return { course, instructor };
}

test("a stale tab cannot save over a colleague's details: it shows theirs and keeps what was typed", async ({
  context,
}) => {
  const { course, instructor } = await taughtCourse();
  await signIn(context, db, { userId: instructor.id });
  const stale = await context.newPage();
  await stale.goto(`/teach/${course.id}`);
  const fresh = await context.newPage();
  await fresh.goto(`/teach/${course.id}`);

  await fresh.getByLabel("Title").fill("Convex Optimization (Spring)");
  await fresh.getByRole("button", { name: "Save details" }).click();
  await expect(fresh.getByText("Saved.")).toBeVisible();

  await stale.getByLabel("Title").fill("Convex Optimization I");
  await stale.getByRole("button", { name: "Save details" }).click();
  await expect(stale.getByText("Someone else saved this course after you opened it")).toBeVisible();
  await expect(stale.getByRole("alert").filter({ hasText: "Convex Optimization (Spring)" })).toBeVisible();
  await expect(stale.getByLabel("Title")).toHaveValue("Convex Optimization I");
  expect((await db.course.findUniqueOrThrow({ where: { id: course.id } })).title).toBe("Convex Optimization (Spring)");
  // Having seen theirs, saving again is a choice, and it goes through.
  await stale.getByRole("button", { name: "Save details" }).click();
  await expect(stale.getByText("Saved.")).toBeVisible();
  expect((await db.course.findUniqueOrThrow({ where: { id: course.id } })).title).toBe("Convex Optimization I");
});

test("a double click on Post and mail posts once; the learner reads it on My learning", async ({ browser }) => {
  const { course, instructor } = await taughtCourse();
  const learner = await createUser(db);
  await db.user.update({ where: { id: learner.id }, data: { locale: "en" } });
  await db.enrollment.create({
    data: { userId: learner.id, courseId: course.id, status: "ACTIVE", activatedAt: new Date() },
  });

  const instructorContext = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
  await signIn(instructorContext, db, { userId: instructor.id });
  const page = await instructorContext.newPage();
  await page.goto(`/teach/${course.id}/announcements`);
  await page.getByLabel("Title").fill("Room change");
  await page.getByLabel("Message").fill("From Monday we meet in **room 301**.");
  await page.getByRole("button", { name: "Post and mail" }).dblclick();
  await expect(page.getByText("Posted, and mailed to 1 learner.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Room change" })).toHaveCount(1);
  expect(await db.announcement.count({ where: { courseId: course.id } })).toBe(1);
  expect(await db.emailOutbox.count({ where: { toAddress: learner.email } })).toBe(1);

  const learnerContext = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
  await signIn(learnerContext, db, { userId: learner.id });
  const learnerPage = await learnerContext.newPage();
  await learnerPage.goto("/learn");
  const announcements = learnerPage.getByRole("region", { name: "Announcements" });
  await expect(announcements).toContainText("Room change");
  await expect(announcements.locator("strong")).toHaveText("room 301");
  await instructorContext.close();
  await learnerContext.close();
});

test("a wrong file for the cover is refused beside its field, and a real image becomes the cover", async ({
  context,
  page,
}) => {
  const { course, instructor } = await taughtCourse();
  await signIn(context, db, { userId: instructor.id });
  await page.goto(`/teach/${course.id}`);

  await page.getByLabel("Image for the cover").setInputFiles({
    name: "cover.png",
    mimeType: "image/png",
    buffer: Buffer.from("this is not an image at all"),
  });
  await page.getByRole("button", { name: "Upload cover" }).click();
  await expect(page.getByText("A cover must be a PNG, JPEG or WebP image.")).toBeVisible();
  expect((await db.course.findUniqueOrThrow({ where: { id: course.id } })).coverImageKey).toBeNull();

  // A 1×1 PNG.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByLabel("Image for the cover").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Upload cover" }).click();
  await expect(page.getByRole("img", { name: "Cover image of Convex Optimization" })).toBeVisible();
  const { coverImageKey } = await db.course.findUniqueOrThrow({ where: { id: course.id } });
  expect(coverImageKey).not.toBeNull();
  const cover = await page.request.get(`/courses/${course.slug}/cover`);
  expect(cover.status()).toBe(200);
  expect(cover.headers()["content-type"]).toBe("image/png");
});
