// Lesson attachments through the lesson editor's handlers, with real multipart bodies, real files
// under this test file's UPLOAD_DIR and a real database: the limits, who may upload, rename, reorder
// and delete, and the learner's download of what was uploaded.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { UPLOAD_KINDS } from "~/lib/upload-limits";
import { uploadRefusalData } from "~/lib/upload.server";
import {
  ATTACHMENT_REFUSALS,
  handleAttachmentChange,
  handleAttachmentUpload,
  listLessonAttachments,
} from "~/models/attachment.server";
import { loader as downloadAttachment } from "~/routes/courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId";
import { createUser } from "../../tests/factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

async function lessonToEdit() {
  const { course, lessons } = await createCourseWithLessons(prisma, { modules: [[{ title: "Week 1" }]] });
  const lesson = lessons[0];
  if (!lesson) throw new Error("expected a lesson");
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  return { course, lesson, instructor, ref: { actor: instructor, courseId: course.id, lessonId: lesson.id } };
}

/** The lesson editor's upload form as a browser sends it: multipart, `intent` and the files in `files`. */
function uploadRequest(files: File[], fields: Record<string, string> = { intent: "attachment-upload" }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append("files", file);
  return new Request("http://bitgoeul.test/teach/course/lessons/lesson", { method: "POST", body: form });
}

function changeForm(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

function pdf(name: string, text = "%PDF-1.4 slides") {
  return new File([text], name, { type: "application/pdf" });
}

async function attachmentNames(lessonId: string) {
  const rows = await prisma.lessonAttachment.findMany({
    where: { lessonId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { fileName: true },
  });
  return rows.map(({ fileName }) => fileName);
}

async function expectNothingStored(lessonId: string, filesBefore: string[]) {
  expect(await prisma.lessonAttachment.count({ where: { lessonId } })).toBe(0);
  expect(await storedFiles()).toEqual(filesBefore);
}

test("an upload is stored in order, and an enrolled learner downloads it with its Korean name intact", async () => {
  const { course, lesson, ref } = await lessonToEdit();
  // macOS sends Korean file names decomposed (NFD); they are kept composed, as people type them.
  const slides = pdf("1주차 슬라이드.pdf".normalize("NFD"), "%PDF-1.4 week 1");
  const data = new File(["x,y\n1,2\n"], "데이터.csv", { type: "text/csv" });

  const result = await handleAttachmentUpload({ ...ref, request: uploadRequest([slides, data]) });

  expect(result).toMatchObject({ ok: true });
  const listed = await listLessonAttachments(ref);
  if (!listed.ok) throw new Error("expected the list");
  expect(listed.attachments).toEqual([
    expect.objectContaining({ fileName: "1주차 슬라이드.pdf", contentType: "application/pdf", byteSize: 15 }),
    expect.objectContaining({ fileName: "데이터.csv", contentType: "text/csv", byteSize: 8 }),
  ]);

  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const { token } = await createUserSession(prisma, { userId: learner.id, isTwoFactorVerified: true });
  const attachmentId = listed.attachments[0]?.id ?? "";
  const response = await downloadAttachment({
    request: await buildRequest({ path: `/courses/${course.slug}/lessons/${lesson.slug}/attachments/x`, token }),
    params: { slug: course.slug, lessonSlug: lesson.slug, attachmentId },
    context: { requestId: "test", clientIp: "192.0.2.1" },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Content-Disposition")).toBe(
    `attachment; filename="1_ _.pdf"; filename*=UTF-8''${encodeURIComponent("1주차 슬라이드.pdf")}`,
  );
  expect(await response.text()).toBe("%PDF-1.4 week 1");
});

test("a file over the size limit is refused with 413, and nothing is stored on disk or in the database", async () => {
  const { lesson, ref } = await lessonToEdit();
  const before = await storedFiles();
  const tooLarge = new File([new Uint8Array(UPLOAD_KINDS.attachment.maxFileBytes + 1)], "big.pdf");

  // A good file first, so the refusal must also take back what was already written.
  const result = await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("first.pdf"), tooLarge]) });

  expect(result).toMatchObject({ ok: false, reason: "tooLarge", intent: "attachment-upload" });
  await expectNothingStored(lesson.id, before);
});

test.each([
  ["an HTML page", "lecture.html", "text/html"],
  ["a program", "setup.exe", "application/octet-stream"],
  ["a file without an extension", "README", "text/plain"],
  ["an SVG (it could carry script)", "diagram.svg", "image/svg+xml"],
])("%s is refused with 415 and nothing is stored", async (_label, name, type) => {
  const { lesson, ref } = await lessonToEdit();
  const before = await storedFiles();

  const result = await handleAttachmentUpload({
    ...ref,
    request: uploadRequest([pdf("first.pdf"), new File(["<script>alert(1)</script>"], name, { type })]),
  });

  expect(result).toMatchObject({ ok: false, reason: "wrongType", fileName: name });
  await expectNothingStored(lesson.id, before);
});

test("more files than allowed at once are refused, and the ones already written are deleted", async () => {
  const { lesson, ref } = await lessonToEdit();
  const before = await storedFiles();
  const files = Array.from({ length: UPLOAD_KINDS.attachment.maxFiles + 1 }, (_, index) => pdf(`part-${index}.pdf`));

  const result = await handleAttachmentUpload({ ...ref, request: uploadRequest(files) });

  expect(result).toMatchObject({ ok: false, reason: "tooManyFiles" });
  await expectNothingStored(lesson.id, before);
});

test.each([
  ["no file at all", [], { intent: "attachment-upload" }, "noFile"],
  ["an empty file", [new File([], "empty.pdf")], { intent: "attachment-upload" }, "emptyFile"],
  ["a NUL in a text field", [pdf("a.pdf")], { intent: "attachment-upload\0" }, "malformed"],
  ["an overlong text field", [pdf("a.pdf")], { intent: "x".repeat(2000) }, "malformed"],
  ["another form's intent", [pdf("a.pdf")], { intent: "cover-upload" }, "malformed"],
] as const)("%s is refused and nothing is stored", async (_label, files, fields, reason) => {
  const { lesson, ref } = await lessonToEdit();
  const before = await storedFiles();

  const result = await handleAttachmentUpload({ ...ref, request: uploadRequest([...files], fields) });

  expect(result).toMatchObject({ ok: false, reason });
  await expectNothingStored(lesson.id, before);
});

test("a body that is not multipart, or is cut short, is malformed", async () => {
  const { ref } = await lessonToEdit();
  const urlencoded = new Request("http://bitgoeul.test/", { method: "POST", body: new URLSearchParams({ a: "b" }) });
  expect(await handleAttachmentUpload({ ...ref, request: urlencoded })).toMatchObject({ reason: "malformed" });

  const truncated = new Request("http://bitgoeul.test/", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=b" },
    body: '--b\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF',
  });
  expect(await handleAttachmentUpload({ ...ref, request: truncated })).toMatchObject({ reason: "malformed" });
});

test("only the course's instructors and admins may upload; nobody else gets a byte stored", async () => {
  const { lesson, ref } = await lessonToEdit();
  const before = await storedFiles();
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  const learner = await createUser(prisma);
  const admin = await createUser(prisma, { role: "ADMIN" });

  for (const actor of [otherInstructor, learner]) {
    const result = await handleAttachmentUpload({ ...ref, actor, request: uploadRequest([pdf("a.pdf")]) });
    expect(result).toMatchObject({ ok: false, reason: "notAllowed" });
  }
  await expectNothingStored(lesson.id, before);

  expect(await handleAttachmentUpload({ ...ref, actor: admin, request: uploadRequest([pdf("a.pdf")]) })).toMatchObject({
    ok: true,
  });
});

test("a lesson of another course, or an unknown one, is not found", async () => {
  const { ref } = await lessonToEdit();
  const other = await lessonToEdit();
  const elsewhere = { ...ref, lessonId: other.lesson.id };
  expect(await handleAttachmentUpload({ ...elsewhere, request: uploadRequest([pdf("a.pdf")]) })).toMatchObject({
    reason: "notFound",
  });
  expect(
    await handleAttachmentUpload({ ...ref, lessonId: "nope", request: uploadRequest([pdf("a.pdf")]) }),
  ).toMatchObject({ reason: "notFound" });
});

test("a name already in the lesson gets a number; names lose their folders and leading dots", async () => {
  const { lesson, ref } = await lessonToEdit();
  await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("Slides.pdf")]) });
  await handleAttachmentUpload({
    ...ref,
    request: uploadRequest([pdf("slides.pdf"), pdf("week-1/notes.pdf"), pdf("..hidden.pdf")]),
  });
  expect(await attachmentNames(lesson.id)).toEqual(["Slides.pdf", "slides (2).pdf", "notes.pdf", "hidden.pdf"]);
});

test("rename keeps the extension and refuses a name the lesson already has", async () => {
  const { lesson, ref } = await lessonToEdit();
  await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("slides.pdf"), pdf("notes.pdf")]) });
  const listed = await listLessonAttachments(ref);
  if (!listed.ok) throw new Error("expected the list");
  const [slides, notes] = listed.attachments;
  const rename = (attachmentId: string, fileName: string) =>
    handleAttachmentChange({ ...ref, formData: changeForm({ intent: "attachment-rename", attachmentId, fileName }) });

  expect(await rename(slides?.id ?? "", "1주차 자료")).toEqual({ ok: true });
  expect(await rename(notes?.id ?? "", "page.html")).toEqual({ ok: true });
  expect(await attachmentNames(lesson.id)).toEqual(["1주차 자료.pdf", "page.html.pdf"]);

  expect(await rename(notes?.id ?? "", "1주차 자료.PDF")).toMatchObject({
    ok: false,
    reason: "nameTaken",
    intent: "attachment-rename",
    attachmentId: notes?.id,
  });
  expect(await rename(notes?.id ?? "", " ... ")).toMatchObject({ ok: false, reason: "invalidName" });
  expect(await rename(notes?.id ?? "", "a\r\nX-Injected: 1")).toEqual({ ok: true });
  expect(await attachmentNames(lesson.id)).toEqual(["1주차 자료.pdf", "aX-Injected_ 1.pdf"]);
});

test("move up and down rewrites positions in order, and heals ties left by imports", async () => {
  const { lesson, ref } = await lessonToEdit();
  await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")]) });
  const move = async (fileName: string, direction: "up" | "down") => {
    const { id } = await prisma.lessonAttachment.findFirstOrThrow({ where: { lessonId: lesson.id, fileName } });
    return handleAttachmentChange({
      ...ref,
      formData: changeForm({ intent: "attachment-move", attachmentId: id, direction }),
    });
  };

  expect(await move("c.pdf", "up")).toEqual({ ok: true });
  expect(await attachmentNames(lesson.id)).toEqual(["a.pdf", "c.pdf", "b.pdf"]);
  expect(await move("a.pdf", "up")).toEqual({ ok: true });
  expect(await move("b.pdf", "down")).toEqual({ ok: true });
  expect(await attachmentNames(lesson.id)).toEqual(["a.pdf", "c.pdf", "b.pdf"]);

  await prisma.lessonAttachment.updateMany({ where: { lessonId: lesson.id }, data: { position: 0 } });
  const tiedOrder = await attachmentNames(lesson.id);
  await move(tiedOrder[2] ?? "", "up");
  const positions = await prisma.lessonAttachment.findMany({
    where: { lessonId: lesson.id },
    orderBy: { position: "asc" },
    select: { fileName: true, position: true },
  });
  expect(positions).toEqual([
    { fileName: tiedOrder[0], position: 0 },
    { fileName: tiedOrder[2], position: 1 },
    { fileName: tiedOrder[1], position: 2 },
  ]);
});

test("delete removes the row and the stored file; another lesson's attachment is not found", async () => {
  const { lesson, ref } = await lessonToEdit();
  const other = await lessonToEdit();
  await handleAttachmentUpload({ ...other.ref, request: uploadRequest([pdf("theirs.pdf")]) });
  const before = await storedFiles();
  await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("mine.pdf")]) });
  const mine = await prisma.lessonAttachment.findFirstOrThrow({ where: { lessonId: lesson.id } });
  const theirs = await prisma.lessonAttachment.findFirstOrThrow({ where: { lessonId: other.lesson.id } });
  const remove = (attachmentId: string) =>
    handleAttachmentChange({ ...ref, formData: changeForm({ intent: "attachment-delete", attachmentId }) });

  expect(await remove(theirs.id)).toMatchObject({ ok: false, reason: "notFound", attachmentId: theirs.id });
  expect(await remove(mine.id)).toEqual({ ok: true });
  await expectNothingStored(lesson.id, before);
  expect(await remove(mine.id)).toMatchObject({ ok: false, reason: "notFound" });
});

test("changes are refused to those who do not manage the course, and unknown intents are malformed", async () => {
  const { ref } = await lessonToEdit();
  await handleAttachmentUpload({ ...ref, request: uploadRequest([pdf("a.pdf")]) });
  const listed = await listLessonAttachments(ref);
  if (!listed.ok) throw new Error("expected the list");
  const attachmentId = listed.attachments[0]?.id ?? "";
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });

  const changes: Record<string, string>[] = [
    { intent: "attachment-rename", attachmentId, fileName: "b" },
    { intent: "attachment-move", attachmentId, direction: "down" },
    { intent: "attachment-delete", attachmentId },
  ];
  for (const fields of changes) {
    const result = await handleAttachmentChange({
      ...ref,
      actor: otherInstructor,
      formData: changeForm(fields),
    });
    expect(result).toMatchObject({ ok: false, reason: "notAllowed" });
  }
  expect(await listLessonAttachments({ ...ref, actor: otherInstructor })).toMatchObject({ reason: "notAllowed" });
  expect(
    await handleAttachmentChange({ ...ref, formData: changeForm({ intent: "attachment-move", attachmentId }) }),
  ).toMatchObject({ ok: false, reason: "malformed" });
  expect(await prisma.lessonAttachment.count({ where: { id: attachmentId } })).toBe(1);
});

test("a refusal answers with its status and the message key the editor shows", () => {
  const answer = uploadRefusalData(ATTACHMENT_REFUSALS, {
    ok: false,
    reason: "wrongType",
    intent: "attachment-upload",
    fileName: "a.exe",
  });
  expect(answer.init?.status).toBe(415);
  expect(answer.data).toEqual({
    uploadError: { messageKey: "studio.uploads.wrongType", intent: "attachment-upload", fileName: "a.exe" },
  });
});
