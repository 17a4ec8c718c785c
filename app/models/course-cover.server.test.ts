// A course's cover image through the details page's handlers and the serving route, with real
// multipart bodies, real files and a real database: what may be uploaded, that a replaced or removed
// cover's file is deleted, and who may see a published and a draft course's cover.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { courseCoverUrl } from "~/lib/course-cover";
import { UPLOAD_KINDS } from "~/lib/upload-limits";
import { uploadRefusalData } from "~/lib/upload.server";
import { COVER_REFUSALS, handleCoverRemoval, handleCoverUpload } from "~/models/course-cover.server";
import { loader as coverLoader } from "~/routes/courses.$slug_.cover";
import { createCourse, createProgram, createUser } from "../../tests/factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7, 8]);
const WEBP = new TextEncoder().encode("RIFF\x10\x00\x00\x00WEBPVP8 ");

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

async function courseToEdit(status: "PUBLISHED" | "DRAFT" = "PUBLISHED") {
  const course = await createCourse(prisma, { programId: (await createProgram(prisma)).id, status });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  return { course, instructor };
}

function coverRequest(file: File, intent = "cover-upload") {
  const form = new FormData();
  form.append("intent", intent);
  form.append("cover", file);
  return new Request("http://bitgoeul.test/teach/course", { method: "POST", body: form });
}

async function coverOf(courseId: string) {
  return prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { slug: true, coverImageKey: true, coverImageType: true },
  });
}

type Viewer = "anonymous" | { id: string };

async function fetchCover(slug: string, viewer: Viewer, { query = "", headers = {} } = {}) {
  const token =
    viewer === "anonymous"
      ? undefined
      : (await createUserSession(prisma, { userId: viewer.id, isTwoFactorVerified: true })).token;
  const base = await buildRequest({ path: `/courses/${slug}/cover${query}`, token });
  const request = new Request(base, { headers: { ...Object.fromEntries(base.headers), ...headers } });
  try {
    return await coverLoader({ request, params: { slug }, context: { requestId: "test", clientIp: "192.0.2.1" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

test("a cover is set, served with its type, and replaced, the old file deleted", async () => {
  const { course, instructor } = await courseToEdit();
  const before = await storedFiles();

  expect(
    await handleCoverUpload({
      actor: instructor,
      courseId: course.id,
      request: coverRequest(new File([PNG], "a.png")),
    }),
  ).toEqual({ ok: true });
  const first = await coverOf(course.id);
  expect(first.coverImageType).toBe("image/png");
  expect(await storedFiles()).toEqual([...before, first.coverImageKey].sort());

  const response = await fetchCover(course.slug, "anonymous");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("image/png");
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
  expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);

  // The type comes from the bytes, not the name or what the browser claims.
  const jpegNamedPng = new File([JPEG], "photo.png", { type: "image/png" });
  expect(
    await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(jpegNamedPng) }),
  ).toEqual({ ok: true });
  const second = await coverOf(course.id);
  expect(second).toMatchObject({ coverImageType: "image/jpeg" });
  expect(await storedFiles()).toEqual([...before, second.coverImageKey].sort());

  expect(
    await handleCoverUpload({
      actor: instructor,
      courseId: course.id,
      request: coverRequest(new File([WEBP], "w.webp")),
    }),
  ).toEqual({ ok: true });
  expect(await coverOf(course.id)).toMatchObject({ coverImageType: "image/webp" });
});

test("the versioned URL may be kept for a year, and an unchanged cover answers 304", async () => {
  const { course, instructor } = await courseToEdit();
  await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(new File([PNG], "a.png")) });
  const cover = await coverOf(course.id);
  const url = courseCoverUrl(cover) ?? "";
  expect(url).toMatch(new RegExp(`^/courses/${course.slug}/cover\\?v=[0-9a-f]{8}$`));

  const versioned = await fetchCover(course.slug, "anonymous", { query: url.slice(url.indexOf("?")) });
  expect(versioned.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
  const etag = versioned.headers.get("ETag") ?? "";
  expect(etag).toBe(`"${cover.coverImageKey}"`);

  const revalidated = await fetchCover(course.slug, "anonymous", { headers: { "If-None-Match": etag } });
  expect(revalidated.status).toBe(304);
  expect(await revalidated.text()).toBe("");
  const stale = await fetchCover(course.slug, "anonymous", { query: "?v=00000000" });
  expect(stale.headers.get("Cache-Control")).toBe("private, no-cache");
});

test.each([
  ["a GIF", new File([new TextEncoder().encode("GIF89a....")], "anim.gif")],
  ["text named .png", new File(["<svg onload=alert(1)>"], "cover.png", { type: "image/png" })],
  ["an SVG", new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "cover.svg", { type: "image/svg+xml" })],
])("%s is refused with 415; the current cover stays and nothing is stored", async (_label, file) => {
  const { course, instructor } = await courseToEdit();
  await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(new File([PNG], "a.png")) });
  const current = await coverOf(course.id);
  const before = await storedFiles();

  const result = await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(file) });

  expect(result).toMatchObject({ ok: false, reason: "wrongType", intent: "cover-upload" });
  if (result.ok) throw new Error("expected a refusal");
  expect(uploadRefusalData(COVER_REFUSALS, result).init?.status).toBe(415);
  expect(uploadRefusalData(COVER_REFUSALS, result).data.uploadError.messageKey).toBe("studio.uploads.coverWrongType");
  expect(await coverOf(course.id)).toEqual(current);
  expect(await storedFiles()).toEqual(before);
});

test("an image over the cover limit is refused with 413 and nothing is stored", async () => {
  const { course, instructor } = await courseToEdit();
  const before = await storedFiles();
  const huge = new Uint8Array(UPLOAD_KINDS.coverImage.maxFileBytes + 1);
  huge.set(PNG);

  const result = await handleCoverUpload({
    actor: instructor,
    courseId: course.id,
    request: coverRequest(new File([huge], "huge.png")),
  });

  expect(result).toMatchObject({ ok: false, reason: "tooLarge" });
  if (result.ok) throw new Error("expected a refusal");
  expect(uploadRefusalData(COVER_REFUSALS, result).init?.status).toBe(413);
  expect(await coverOf(course.id)).toMatchObject({ coverImageKey: null, coverImageType: null });
  expect(await storedFiles()).toEqual(before);
});

test("removing the cover deletes its file, and the course then has none to serve", async () => {
  const { course, instructor } = await courseToEdit();
  const before = await storedFiles();
  await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(new File([PNG], "a.png")) });

  expect(await handleCoverRemoval({ actor: instructor, courseId: course.id })).toEqual({ ok: true });

  expect(await coverOf(course.id)).toMatchObject({ coverImageKey: null, coverImageType: null });
  expect(await storedFiles()).toEqual(before);
  expect((await fetchCover(course.slug, "anonymous")).status).toBe(404);
  // Removing again is fine: there is nothing left to remove.
  expect(await handleCoverRemoval({ actor: instructor, courseId: course.id })).toEqual({ ok: true });
});

test("an instructor of another course, or a learner, may not set or remove a cover", async () => {
  const { course, instructor } = await courseToEdit();
  await handleCoverUpload({ actor: instructor, courseId: course.id, request: coverRequest(new File([PNG], "a.png")) });
  const current = await coverOf(course.id);
  const before = await storedFiles();
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: (await courseToEdit()).course.id, userId: otherInstructor.id });
  const learner = await createUser(prisma);

  for (const actor of [otherInstructor, learner]) {
    const upload = await handleCoverUpload({
      actor,
      courseId: course.id,
      request: coverRequest(new File([JPEG], "b.jpg")),
    });
    expect(upload).toMatchObject({ ok: false, reason: "notAllowed", intent: "cover-upload" });
    expect(await handleCoverRemoval({ actor, courseId: course.id })).toMatchObject({
      ok: false,
      reason: "notAllowed",
      intent: "cover-remove",
    });
  }
  expect(await coverOf(course.id)).toEqual(current);
  expect(await storedFiles()).toEqual(before);
  expect(
    await handleCoverUpload({ actor: instructor, courseId: "nope", request: coverRequest(new File([PNG], "a.png")) }),
  ).toMatchObject({ reason: "notFound" });
});

test("a published course's cover is anyone's; a draft's only its instructors' and admins'", async () => {
  const published = await courseToEdit("PUBLISHED");
  const draft = await courseToEdit("DRAFT");
  for (const { course, instructor } of [published, draft]) {
    await handleCoverUpload({
      actor: instructor,
      courseId: course.id,
      request: coverRequest(new File([PNG], "a.png")),
    });
  }
  const learner = await createUser(prisma);
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: published.course.id, userId: otherInstructor.id });
  const admin = await createUser(prisma, { role: "ADMIN" });

  const statuses = async (slug: string) => ({
    anonymous: (await fetchCover(slug, "anonymous")).status,
    learner: (await fetchCover(slug, learner)).status,
    otherInstructor: (await fetchCover(slug, otherInstructor)).status,
    ownInstructor: (await fetchCover(slug, slug === draft.course.slug ? draft.instructor : published.instructor))
      .status,
    admin: (await fetchCover(slug, admin)).status,
  });
  expect(await statuses(published.course.slug)).toEqual({
    anonymous: 200,
    learner: 200,
    otherInstructor: 200,
    ownInstructor: 200,
    admin: 200,
  });
  expect(await statuses(draft.course.slug)).toEqual({
    anonymous: 404,
    learner: 404,
    otherInstructor: 404,
    ownInstructor: 200,
    admin: 200,
  });
  expect((await fetchCover("no-such-course", admin)).status).toBe(404);
});
