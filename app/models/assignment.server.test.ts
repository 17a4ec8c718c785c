// Assignments against a real database and real files under this test file's UPLOAD_DIR: settings
// and stale saves, handing in (late policies, double submits, resubmission, what an assignment
// accepts), grading with its audit trail and the lesson's completion, the queue's filters and query
// counts, and who may download a submission's files.
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import type { LatePolicy } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { storeFile } from "~/lib/storage.server";
import type { StoredUpload } from "~/lib/upload.server";
import {
  findNextUngradedSubmission,
  getAssignmentForLearner,
  getAssignmentSettings,
  getSubmissionFileForViewer,
  getSubmissionForGrading,
  gradeSubmission,
  handleSubmissionUpload,
  listSubmissionsForGrading,
  MAX_ATTEMPTS,
  returnSubmission,
  saveAssignmentSettings,
  submitAssignment,
  type AssignmentSettingsInput,
} from "~/models/assignment.server";
import { createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly, type LessonSpec } from "../../tests/factories/progress";

const NOW = new Date("2026-05-04T03:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const BEFORE_DUE = new Date(NOW.getTime() - HOUR);
const AFTER_DUE = new Date(NOW.getTime() + HOUR);

const SETTINGS: AssignmentSettingsInput = {
  dueAt: NOW,
  latePolicy: "MARK_LATE",
  maxPoints: 100,
  passingPoints: 60,
  allowsText: true,
  allowsFile: true,
  maxFiles: 3,
  maxFileMegabytes: 20,
  fileExtensions: [],
};

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/**
 * A published course whose first lesson is a required assignment (due at NOW unless `settings` say
 * otherwise), its instructor and an ACTIVE learner.
 */
async function assignmentCourse({
  settings = {},
  lessons = [],
}: { settings?: Partial<AssignmentSettingsInput>; lessons?: LessonSpec[] } = {}) {
  const built = await createCourseWithLessons(prisma, {
    modules: [[{ title: "Essay", kind: "ASSIGNMENT" }, ...lessons]],
  });
  const lesson = built.lessons[0]!;
  await prisma.assignment.update({ where: { lessonId: lesson.id }, data: { ...SETTINGS, ...settings } });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: built.course.id, userId: instructor.id });
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: built.course.id });
  return { course: built.course, lessons: built.lessons, lesson, instructor, learner };
}

async function enrolledLearner(courseId: string) {
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId });
  return learner;
}

/** A file already in storage, as the upload parser hands it over. */
async function stored(fileName: string, text = "%PDF-1.4 essay"): Promise<StoredUpload> {
  const bytes = new TextEncoder().encode(text);
  return { key: await storeFile(bytes), fileName, contentType: "application/pdf", byteSize: bytes.byteLength };
}

/** The submission form as a browser sends it: multipart, the text in `body`, files in `files`. */
function submissionRequest({ body, files = [], key = randomUUID() }: { body?: string; files?: File[]; key?: string }) {
  const form = new FormData();
  form.append("submissionKey", key);
  if (body !== undefined) form.append("body", body);
  for (const file of files) form.append("files", file);
  return new Request("http://bitgoeul.test/courses/c/lessons/l/submission", { method: "POST", body: form });
}

function pdf(name: string, text = "%PDF-1.4 essay") {
  return new File([text], name, { type: "application/pdf" });
}

async function submissionsOf(lessonId: string, userId: string) {
  return prisma.submission.findMany({
    where: { assignment: { lessonId }, userId },
    orderBy: { attemptNumber: "asc" },
    select: {
      id: true,
      attemptNumber: true,
      status: true,
      isLate: true,
      body: true,
      files: { select: { storageKey: true } },
    },
  });
}

async function submitText(lessonId: string, userId: string, now = BEFORE_DUE) {
  const result = await submitAssignment({ userId, lessonId, body: "My essay", files: [], now });
  if (!result.ok) throw new Error(`expected the submission to be taken, got ${result.reason}`);
  return result.submissionId;
}

async function auditEvents(submissionId: string) {
  return prisma.auditLog.findMany({
    where: { entityType: "Submission", entityId: submissionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, actorId: true, data: true },
  });
}

async function countQueries(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  await run();
  const count = spy.mock.calls.length;
  spy.mockRestore();
  return count;
}

describe("settings", () => {
  test("an instructor reads and saves them; a save from a stale page is refused with what is saved", async () => {
    const { course, lesson, instructor } = await assignmentCourse();
    const ref = { actor: instructor, courseId: course.id, lessonId: lesson.id };
    const read = await getAssignmentSettings(ref);
    if (!read.ok) throw new Error("expected the settings");
    expect(read.lesson.title).toBe("Essay");
    expect(read.settings).toMatchObject({ latePolicy: "MARK_LATE", maxPoints: 100, version: 1 });

    const input = {
      ...SETTINGS,
      latePolicy: "REFUSE" as const,
      maxPoints: 20,
      passingPoints: 12,
      fileExtensions: ["PDF", "ipynb"],
    };
    expect(await saveAssignmentSettings({ ...ref, version: 1, input })).toEqual({ ok: true, version: 2 });
    const saved = await getAssignmentSettings(ref);
    expect(saved.ok && saved.settings).toMatchObject({
      latePolicy: "REFUSE",
      maxPoints: 20,
      passingPoints: 12,
      fileExtensions: [".pdf", ".ipynb"],
      version: 2,
    });

    const stale = await saveAssignmentSettings({ ...ref, version: 1, input: { ...input, maxPoints: 50 } });
    expect(stale).toMatchObject({ ok: false, reason: "staleVersion", current: { maxPoints: 20, version: 2 } });
  });

  test("refuses a pass mark above full marks, no kind of answer and an unknown file type, saving nothing", async () => {
    const { course, lesson, instructor } = await assignmentCourse();
    const ref = { actor: instructor, courseId: course.id, lessonId: lesson.id, version: 1 };
    const refusals = [
      [{ ...SETTINGS, passingPoints: 101 }, "passingAboveMax"],
      [{ ...SETTINGS, allowsText: false, allowsFile: false }, "noAnswerKind"],
      [{ ...SETTINGS, fileExtensions: [".exe"] }, "unknownExtension"],
    ] as const;
    for (const [input, reason] of refusals) {
      expect(
        await saveAssignmentSettings({ ...ref, input: { ...input, fileExtensions: [...input.fileExtensions] } }),
      ).toEqual({
        ok: false,
        reason,
      });
    }
    expect(await prisma.assignment.findUnique({ where: { lessonId: lesson.id }, select: { version: true } })).toEqual({
      version: 1,
    });
  });

  test("are the course's own: another course's instructor and a learner are refused, another course's lesson not found", async () => {
    const { course, lesson, learner } = await assignmentCourse();
    const other = await assignmentCourse();
    const ref = { courseId: course.id, lessonId: lesson.id };
    expect(await getAssignmentSettings({ ...ref, actor: other.instructor })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(await getAssignmentSettings({ ...ref, actor: learner })).toEqual({ ok: false, reason: "notAllowed" });
    expect(await saveAssignmentSettings({ ...ref, actor: other.instructor, version: 1, input: SETTINGS })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(
      await getAssignmentSettings({ actor: other.instructor, courseId: other.course.id, lessonId: lesson.id }),
    ).toEqual({ ok: false, reason: "notFound" });
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect((await getAssignmentSettings({ ...ref, actor: admin })).ok).toBe(true);
  });
});

describe("handing in", () => {
  test("a text answer is attempt 1; the learner sees it and may replace it until the due time, as attempt 2", async () => {
    const { course, lesson, learner } = await assignmentCourse();
    await submitText(lesson.id, learner.id);

    const seen = await getAssignmentForLearner({
      userId: learner.id,
      courseId: course.id,
      lessonId: lesson.id,
      now: BEFORE_DUE,
    });
    expect(seen?.submissions).toEqual([
      expect.objectContaining({
        attemptNumber: 1,
        status: "SUBMITTED",
        body: "My essay",
        points: null,
        feedback: null,
      }),
    ]);
    expect(seen?.opening).toEqual({ canSubmit: true, isLate: false });

    const again = await submitAssignment({
      userId: learner.id,
      lessonId: lesson.id,
      body: "Better",
      files: [],
      now: BEFORE_DUE,
    });
    expect(again).toMatchObject({ ok: true, isRepeat: false });
    expect(
      (await submissionsOf(lesson.id, learner.id)).map(({ attemptNumber, body }) => [attemptNumber, body]),
    ).toEqual([
      [1, "My essay"],
      [2, "Better"],
    ]);

    // After the due time, a submission waiting for its grade stays as it is.
    expect(
      (await getAssignmentForLearner({ userId: learner.id, courseId: course.id, lessonId: lesson.id, now: AFTER_DUE }))
        ?.opening,
    ).toEqual({ canSubmit: false, reason: "awaitingGrade" });
    expect(
      await submitAssignment({ userId: learner.id, lessonId: lesson.id, body: "Late", files: [], now: AFTER_DUE }),
    ).toEqual({
      ok: false,
      reason: "awaitingGrade",
    });
  });

  test("a double submit (one form posted twice at once) makes one submission, and the repeat's files are deleted", async () => {
    const { lesson, learner } = await assignmentCourse();
    const before = await storedFiles();
    const key = randomUUID();

    const results = await Promise.all(
      [1, 2].map(() =>
        handleSubmissionUpload({
          request: submissionRequest({ body: "Once", files: [pdf("essay.pdf")], key }),
          userId: learner.id,
          lessonId: lesson.id,
          now: BEFORE_DUE,
        }),
      ),
    );

    expect(results.every((result) => result.ok)).toBe(true);
    const ids = new Set(results.map((result) => (result.ok ? result.submissionId : null)));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.ok && result.isRepeat)).toHaveLength(1);
    const submissions = await submissionsOf(lesson.id, learner.id);
    expect(submissions).toHaveLength(1);
    // Only the kept submission's file remains.
    expect((await storedFiles()).length).toBe(before.length + 1);
    expect(await storedFiles()).toContain(submissions[0]!.files[0]!.storageKey);
  });

  test("the same form posted again after the due time is answered with its first submission, not refused", async () => {
    const { lesson, learner } = await assignmentCourse({ settings: { latePolicy: "ACCEPT" } });
    const key = randomUUID();
    const post = () =>
      handleSubmissionUpload({
        request: submissionRequest({ body: "Once", key }),
        userId: learner.id,
        lessonId: lesson.id,
        now: AFTER_DUE,
      });
    const first = await post();
    const second = await post();
    expect(first).toMatchObject({ ok: true, isRepeat: false });
    expect(second).toEqual({ ok: true, isRepeat: true, submissionId: first.ok ? first.submissionId : "" });
    expect(await submissionsOf(lesson.id, learner.id)).toHaveLength(1);
  });

  test.each<[LatePolicy, boolean]>([
    ["ACCEPT", true],
    ["MARK_LATE", true],
  ])("after the due time, %s takes the submission with isLate set", async (latePolicy) => {
    const { course, lesson, learner } = await assignmentCourse({ settings: { latePolicy } });
    const onTime = await enrolledLearner(course.id);
    await submitText(lesson.id, onTime.id, BEFORE_DUE);
    await submitText(lesson.id, learner.id, AFTER_DUE);

    expect((await submissionsOf(lesson.id, onTime.id))[0]?.isLate).toBe(false);
    expect((await submissionsOf(lesson.id, learner.id))[0]?.isLate).toBe(true);
    const queue = await listSubmissionsForGrading({
      actor: await createUser(prisma, { role: "ADMIN" }),
      courseId: course.id,
    });
    if (!queue.ok) throw new Error("expected the queue");
    const late = queue.submissions.items.find((item) => item.learner.id === learner.id);
    // Only MARK_LATE shows it; ACCEPT keeps it for the record.
    expect(late).toMatchObject({ isLate: true, isMarkedLate: latePolicy === "MARK_LATE" });
  });

  test("REFUSE refuses after the due time before reading the upload: nothing is stored", async () => {
    const { course, lesson, learner } = await assignmentCourse({ settings: { latePolicy: "REFUSE" } });
    const before = await storedFiles();

    const refused = await handleSubmissionUpload({
      request: submissionRequest({ body: "Too late", files: [pdf("essay.pdf")] }),
      userId: learner.id,
      lessonId: lesson.id,
      now: AFTER_DUE,
    });

    expect(refused).toEqual({ ok: false, reason: "pastDue" });
    expect(await submissionsOf(lesson.id, learner.id)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
    expect(
      (await getAssignmentForLearner({ userId: learner.id, courseId: course.id, lessonId: lesson.id, now: AFTER_DUE }))
        ?.opening,
    ).toEqual({ canSubmit: false, reason: "pastDue" });
    // Files handed straight to submitAssignment are deleted when it refuses.
    const file = await stored("essay.pdf");
    expect(
      await submitAssignment({ userId: learner.id, lessonId: lesson.id, body: "", files: [file], now: AFTER_DUE }),
    ).toEqual({ ok: false, reason: "pastDue" });
    expect(await storedFiles()).toEqual(before);
  });

  test("a returned submission may be handed in again, a graded one may not; attempts are capped", async () => {
    const { course, lesson, learner, instructor } = await assignmentCourse({ settings: { dueAt: null } });
    const first = await submitText(lesson.id, learner.id);
    expect(
      await returnSubmission({
        actor: instructor,
        courseId: course.id,
        submissionId: first,
        feedback: "Add sources",
        now: NOW,
      }),
    ).toEqual({ ok: true, isChanged: true });

    const seen = await getAssignmentForLearner({ userId: learner.id, courseId: course.id, lessonId: lesson.id });
    expect(seen?.submissions[0]).toMatchObject({ status: "RETURNED", feedback: "Add sources" });
    expect(seen?.opening).toEqual({ canSubmit: true, isLate: false });

    const second = await submitText(lesson.id, learner.id);
    await gradeSubmission({
      actor: instructor,
      courseId: course.id,
      submissionId: second,
      points: 70,
      feedback: "Good",
    });
    expect(
      await submitAssignment({ userId: learner.id, lessonId: lesson.id, body: "More", files: [], now: NOW }),
    ).toEqual({
      ok: false,
      reason: "graded",
    });

    const other = await enrolledLearner(course.id);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await submitText(lesson.id, other.id);
    expect(
      await submitAssignment({ userId: other.id, lessonId: lesson.id, body: "Again", files: [], now: NOW }),
    ).toEqual({
      ok: false,
      reason: "tooManyAttempts",
    });
  });

  // Where files are taken, a good one comes first, so the refusal must also take back what was written.
  test.each<[string, Partial<AssignmentSettingsInput>, { body?: string; files?: File[] }, string]>([
    [
      "text to an assignment that takes files only",
      { allowsText: false },
      { body: "Words", files: [pdf("a.pdf")] },
      "textNotAccepted",
    ],
    [
      "a file to one that takes text only",
      { allowsFile: false },
      { body: "Words", files: [pdf("a.pdf")] },
      "filesNotAccepted",
    ],
    ["nothing at all", {}, { body: "   " }, "noAnswer"],
    [
      "a type the assignment does not take",
      { fileExtensions: [".ipynb"] },
      { files: [new File(["{}"], "lab.ipynb"), pdf("essay.pdf")] },
      "wrongType",
    ],
    ["more files than it takes", { maxFiles: 1 }, { files: [pdf("a.pdf"), pdf("b.pdf")] }, "tooManyFiles"],
    [
      "a file over its size",
      { maxFileMegabytes: 1 },
      { files: [pdf("a.pdf"), new File([new Uint8Array(1024 * 1024 + 1)], "big.pdf")] },
      "tooLarge",
    ],
  ])("%s is refused and nothing is stored", async (_label, settings, form, reason) => {
    const { lesson, learner } = await assignmentCourse({ settings });
    const before = await storedFiles();

    const refused = await handleSubmissionUpload({
      request: submissionRequest(form),
      userId: learner.id,
      lessonId: lesson.id,
      now: BEFORE_DUE,
    });

    expect(refused).toMatchObject({ ok: false, reason });
    expect(await submissionsOf(lesson.id, learner.id)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });

  test("only learners enrolled in the course hand in, and only to an assignment they may see", async () => {
    const { course, lesson, lessons, learner } = await assignmentCourse({ lessons: [{ title: "Reading" }] });
    const stranger = await createUser(prisma);
    const dropped = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: dropped.id, courseId: course.id, status: "DROPPED" });
    const draft = await createCourseWithLessons(prisma, { modules: [[{ kind: "ASSIGNMENT", isPublished: false }]] });
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: draft.course.id });

    const submit = (userId: string, lessonId: string) =>
      submitAssignment({ userId, lessonId, body: "Essay", files: [], now: BEFORE_DUE });
    expect(await submit(stranger.id, lesson.id)).toEqual({ ok: false, reason: "notEnrolled" });
    expect(await submit(dropped.id, lesson.id)).toEqual({ ok: false, reason: "notEnrolled" });
    expect(await submit(learner.id, lessons[1]!.id)).toEqual({ ok: false, reason: "notFound" });
    expect(await submit(learner.id, draft.lessons[0]!.id)).toEqual({ ok: false, reason: "notFound" });
    expect(await submit(learner.id, "not-a-uuid")).toEqual({ ok: false, reason: "notFound" });
    expect(
      (await getAssignmentForLearner({ userId: stranger.id, courseId: course.id, lessonId: lesson.id }))?.opening,
    ).toEqual({ canSubmit: false, reason: "notEnrolled" });
  });
});

describe("grading", () => {
  test("a passing grade completes the lesson, a regrade below the pass mark takes it back; both are audited", async () => {
    const { course, lesson, learner, instructor } = await assignmentCourse();
    const submissionId = await submitText(lesson.id, learner.id);
    const grade = (points: number, feedback: string) =>
      gradeSubmission({
        actor: instructor,
        courseId: course.id,
        submissionId,
        points,
        feedback,
        now: NOW,
        ipAddress: "192.0.2.9",
      });
    const enrollment = () =>
      prisma.enrollment.findUniqueOrThrow({
        where: { userId_courseId: { userId: learner.id, courseId: course.id } },
        select: { status: true, progressPercent: true },
      });

    expect(await grade(85, "Well argued")).toEqual({ ok: true, isChanged: true });
    expect(await enrollment()).toEqual({ status: "COMPLETED", progressPercent: 100 });
    const seen = await getAssignmentForLearner({ userId: learner.id, courseId: course.id, lessonId: lesson.id });
    expect(seen?.submissions[0]).toMatchObject({
      status: "GRADED",
      points: 85,
      isPassing: true,
      feedback: "Well argued",
    });

    expect(await grade(40, "Sources missing after all")).toEqual({ ok: true, isChanged: true });
    expect(await enrollment()).toEqual({ status: "ACTIVE", progressPercent: 0 });

    expect(await auditEvents(submissionId)).toEqual([
      {
        action: "submission.graded",
        actorId: instructor.id,
        data: expect.objectContaining({
          fromStatus: "SUBMITTED",
          fromPoints: null,
          toPoints: 85,
          isPassing: true,
          learnerId: learner.id,
        }),
      },
      {
        action: "submission.graded",
        actorId: instructor.id,
        data: expect.objectContaining({
          fromStatus: "GRADED",
          fromPoints: 85,
          toPoints: 40,
          wasPassing: true,
          isPassing: false,
        }),
      },
    ]);
  });

  test("points out of range are refused and nothing changes; the same grade saved twice is logged once", async () => {
    const { course, lesson, learner, instructor } = await assignmentCourse();
    const submissionId = await submitText(lesson.id, learner.id);
    const grade = (points: number) =>
      gradeSubmission({ actor: instructor, courseId: course.id, submissionId, points, feedback: "" });

    expect(await grade(101)).toEqual({ ok: false, reason: "pointsOutOfRange" });
    expect(await grade(-1)).toEqual({ ok: false, reason: "pointsOutOfRange" });
    expect(await grade(2.5)).toEqual({ ok: false, reason: "pointsOutOfRange" });
    expect(
      await prisma.submission.findUnique({ where: { id: submissionId }, select: { status: true, points: true } }),
    ).toEqual({
      status: "SUBMITTED",
      points: null,
    });
    expect(await auditEvents(submissionId)).toEqual([]);

    expect(await grade(100)).toEqual({ ok: true, isChanged: true });
    expect(await grade(100)).toEqual({ ok: true, isChanged: false });
    expect(await auditEvents(submissionId)).toHaveLength(1);
  });

  test("a return needs feedback, clears the points, is audited, and leaves the older attempt superseded once resubmitted", async () => {
    const { course, lesson, learner, instructor } = await assignmentCourse({ settings: { dueAt: null } });
    const first = await submitText(lesson.id, learner.id);
    const ref = { actor: instructor, courseId: course.id, submissionId: first };
    await gradeSubmission({ ...ref, points: 90, feedback: "" });

    expect(await returnSubmission({ ...ref, feedback: "  " })).toEqual({ ok: false, reason: "feedbackRequired" });
    expect(await returnSubmission({ ...ref, feedback: "Please cite" })).toEqual({ ok: true, isChanged: true });
    expect(
      await prisma.submission.findUnique({
        where: { id: first },
        select: { status: true, points: true, isPassing: true },
      }),
    ).toEqual({
      status: "RETURNED",
      points: null,
      isPassing: null,
    });
    // The returned attempt no longer completes the lesson.
    expect(
      await prisma.enrollment.findUniqueOrThrow({
        where: { userId_courseId: { userId: learner.id, courseId: course.id } },
        select: { status: true },
      }),
    ).toEqual({ status: "ACTIVE" });
    expect(
      (await auditEvents(first)).map(({ action, data }) => [
        action,
        (data as { fromPoints: number | null }).fromPoints,
      ]),
    ).toEqual([
      ["submission.graded", null],
      ["submission.returned", 90],
    ]);

    await submitText(lesson.id, learner.id);
    expect(await gradeSubmission({ ...ref, points: 95, feedback: "" })).toEqual({ ok: false, reason: "superseded" });
    expect(await returnSubmission({ ...ref, feedback: "Again" })).toEqual({ ok: false, reason: "superseded" });
  });

  test("only the course's instructors and admins grade; another course's submission is not found", async () => {
    const { course, lesson, learner } = await assignmentCourse();
    const other = await assignmentCourse();
    const submissionId = await submitText(lesson.id, learner.id);
    const theirs = await submitText(other.lesson.id, other.learner.id);
    const grade = (actor: { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" }, courseId: string, id: string) =>
      gradeSubmission({ actor, courseId, submissionId: id, points: 80, feedback: "" });

    expect(await grade(other.instructor, course.id, submissionId)).toEqual({ ok: false, reason: "notAllowed" });
    expect(await grade(learner, course.id, submissionId)).toEqual({ ok: false, reason: "notAllowed" });
    expect(await grade(other.instructor, other.course.id, submissionId)).toEqual({ ok: false, reason: "notFound" });
    expect(await getSubmissionForGrading({ actor: other.instructor, courseId: other.course.id, submissionId })).toEqual(
      { ok: false, reason: "notFound" },
    );
    expect(await listSubmissionsForGrading({ actor: other.instructor, courseId: course.id })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
    expect(
      await findNextUngradedSubmission({ actor: learner, courseId: course.id, afterSubmissionId: theirs }),
    ).toBeNull();
    const admin = await createUser(prisma, { role: "ADMIN" });
    expect(await grade(admin, course.id, submissionId)).toEqual({ ok: true, isChanged: true });
  });
});

describe("the grading queue", () => {
  test("filters by assignment and status, shows each learner's latest attempt unless asked for all, and pages", async () => {
    const { course, lessons, instructor, learner } = await assignmentCourse({
      settings: { dueAt: null },
      lessons: [{ title: "Lab report", kind: "ASSIGNMENT" }],
    });
    const [essay, lab] = [lessons[0]!, lessons[1]!];
    await prisma.assignment.update({ where: { lessonId: lab.id }, data: { dueAt: null } });
    const second = await enrolledLearner(course.id);
    await submitText(essay.id, learner.id);
    const replaced = await submitText(essay.id, learner.id);
    const graded = await submitText(essay.id, second.id);
    await gradeSubmission({ actor: instructor, courseId: course.id, submissionId: graded, points: 70, feedback: "" });
    await submitText(lab.id, learner.id);
    const list = async (filter: Parameters<typeof listSubmissionsForGrading>[0]["filter"], page = 1, pageSize = 50) => {
      const queue = await listSubmissionsForGrading({ actor: instructor, courseId: course.id, filter, page, pageSize });
      if (!queue.ok) throw new Error("expected the queue");
      return queue;
    };

    const all = await list({});
    expect(all.submissions.totalCount).toBe(3);
    expect(all.assignments).toEqual([
      expect.objectContaining({ lessonId: essay.id, title: "Essay", ungradedCount: 1 }),
      expect.objectContaining({ lessonId: lab.id, title: "Lab report", ungradedCount: 1 }),
    ]);
    expect((await list({ lessonId: essay.id })).submissions.items.map(({ id }) => id).sort()).toEqual(
      [replaced, graded].sort(),
    );
    expect((await list({ lessonId: essay.id, status: "GRADED" })).submissions.items.map(({ id }) => id)).toEqual([
      graded,
    ]);
    const everyAttempt = await list({ lessonId: essay.id, isAllAttempts: true });
    expect(everyAttempt.submissions.totalCount).toBe(3);
    expect(everyAttempt.submissions.items.filter((item) => item.isSuperseded)).toHaveLength(1);
    const paged = await list({}, 2, 2);
    expect(paged.submissions).toMatchObject({ page: 2, pageCount: 2, totalCount: 3 });
    expect(paged.submissions.items).toHaveLength(1);
  });

  test("a submission opens with the ones before and after it in the filter, and saving goes to the next ungraded", async () => {
    const { course, lesson, instructor } = await assignmentCourse({ settings: { dueAt: null } });
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const learner = await enrolledLearner(course.id);
      ids.push(await submitText(lesson.id, learner.id, new Date(NOW.getTime() + index * 1000)));
    }
    const open = async (submissionId: string) => {
      const found = await getSubmissionForGrading({
        actor: instructor,
        courseId: course.id,
        submissionId,
        filter: { lessonId: lesson.id },
      });
      if (!found.ok) throw new Error("expected the submission");
      return found;
    };

    expect((await open(ids[1]!)).queue).toEqual({ previousId: ids[0], nextId: ids[2], position: 2, totalCount: 3 });
    expect((await open(ids[0]!)).queue).toMatchObject({ previousId: null, nextId: ids[1], position: 1 });
    const after = (afterSubmissionId: string) =>
      findNextUngradedSubmission({ actor: instructor, courseId: course.id, afterSubmissionId, lessonId: lesson.id });
    expect(await after(ids[0]!)).toBe(ids[1]);
    // From the last, it starts again at the top; graded ones are skipped.
    await gradeSubmission({ actor: instructor, courseId: course.id, submissionId: ids[0]!, points: 80, feedback: "" });
    expect(await after(ids[2]!)).toBe(ids[1]);
    await gradeSubmission({ actor: instructor, courseId: course.id, submissionId: ids[1]!, points: 80, feedback: "" });
    expect(await after(ids[2]!)).toBeNull();
  });

  test("the queue and a submission's page run the same number of queries however many submissions there are", async () => {
    async function queueWith(count: number) {
      const { course, lesson, instructor } = await assignmentCourse({ settings: { dueAt: null } });
      let last = "";
      for (let index = 0; index < count; index++) {
        const learner = await enrolledLearner(course.id);
        last = await submitAssignment({
          userId: learner.id,
          lessonId: lesson.id,
          body: "Essay",
          files: [await stored("a.pdf"), await stored("b.pdf")],
          now: NOW,
        }).then((result) => (result.ok ? result.submissionId : ""));
      }
      return { course, instructor, last };
    }
    const small = await queueWith(1);
    const large = await queueWith(12);
    const listing = (queue: Awaited<ReturnType<typeof queueWith>>) =>
      countQueries(() => listSubmissionsForGrading({ actor: queue.instructor, courseId: queue.course.id }));
    const opening = (queue: Awaited<ReturnType<typeof queueWith>>) =>
      countQueries(() =>
        getSubmissionForGrading({ actor: queue.instructor, courseId: queue.course.id, submissionId: queue.last }),
      );

    expect(await listing(large)).toBe(await listing(small));
    expect(await opening(large)).toBe(await opening(small));
    // The guard's course query, the page, its count and the assignments; the page's own are Prisma's
    // one query per relation level (files, learner, assignment, lesson, attempts) and the neighbours.
    expect(await listing(large)).toBe(4);
    expect(await opening(large)).toBeLessThanOrEqual(10);
  });
});

describe("downloads of submission files", () => {
  test("are for the learner who handed them in and the course's instructors and admins only", async () => {
    const { course, lesson, learner, instructor } = await assignmentCourse();
    const file = await stored("에세이.pdf");
    const submitted = await submitAssignment({
      userId: learner.id,
      lessonId: lesson.id,
      body: "",
      files: [file],
      now: BEFORE_DUE,
    });
    if (!submitted.ok) throw new Error("expected the submission");
    const fileId = (await prisma.submissionFile.findFirstOrThrow({ where: { submissionId: submitted.submissionId } }))
      .id;
    const other = await assignmentCourse();
    const classmate = await enrolledLearner(course.id);
    const admin = await createUser(prisma, { role: "ADMIN" });
    const download = (viewer: { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" }, courseSlug = course.slug) =>
      getSubmissionFileForViewer({ viewer, courseSlug, submissionId: submitted.submissionId, fileId });

    expect(await download(learner)).toMatchObject({ fileName: "에세이.pdf", storageKey: file.key });
    expect(await download(instructor)).not.toBeNull();
    expect(await download(admin)).not.toBeNull();
    expect(await download(classmate)).toBeNull();
    expect(await download(other.instructor)).toBeNull();
    // Named under another course, even its own instructor finds nothing.
    expect(await download(other.instructor, other.course.slug)).toBeNull();
    expect(await download(learner, other.course.slug)).toBeNull();
  });
});
