// Assignments as browsers drive them, through the routes' loaders and actions with real multipart
// bodies: a learner hands in (twice at once, late, after a return), an instructor grades and returns
// from the grading pages and moves on to the next, nobody reaches another course's submissions, and
// every page renders in Korean and English with what its loader and action really return.
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { LatePolicy } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import type { Language } from "~/lib/i18n";
import * as submissionRoute from "~/routes/courses.$slug_.lessons.$lessonSlug_.submission";
import * as fileRoute from "~/routes/courses.$slug_.submissions.$submissionId.files.$fileId";
import * as settingsRoute from "~/routes/teach.$courseId.lessons.$lessonId_.assignment";
import * as queueRoute from "~/routes/teach.$courseId.grading";
import * as gradingRoute from "~/routes/teach.$courseId.grading_.$submissionId";
import { createUser } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons, enrollLearnerDirectly } from "../factories/progress";
import { buildFormRequest, routeArgs, sessionCookieHeader, settle, TEST_CLIENT_IP } from "../factories/requests";
import { renderPage } from "../factories/render-page";

const HOUR = 60 * 60 * 1000;

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN" = "LEARNER") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** A course with a required assignment lesson (its settings as given), its instructor and an enrolled learner. */
async function assignmentCourse(settings: { dueAt?: Date | null; latePolicy?: LatePolicy } = {}) {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ title: "Essay", kind: "ASSIGNMENT" }]],
  });
  const lesson = lessons[0]!;
  await prisma.assignment.update({ where: { lessonId: lesson.id }, data: { dueAt: null, ...settings } });
  const instructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
  const learner = await signedIn();
  await enrollLearnerDirectly(prisma, { userId: learner.user.id, courseId: course.id });
  const lessonPath = `/courses/${course.slug}/lessons/${lesson.slug}`;
  return { course, lesson, instructor, learner, lessonPath };
}

type Course = Awaited<ReturnType<typeof assignmentCourse>>;

/** The lesson page's submission form as a browser posts it: multipart, with the learner's session. */
async function postSubmission(
  course: Course,
  token: string,
  { body, files = [], key = randomUUID() }: { body?: string; files?: File[]; key?: string },
) {
  const form = new FormData();
  form.append("submissionKey", key);
  if (body !== undefined) form.append("body", body);
  for (const file of files) form.append("files", file);
  const request = new Request(new URL(`${course.lessonPath}/submission`, "http://bitgoeul.test"), {
    method: "POST",
    body: form,
    headers: { Cookie: await sessionCookieHeader(token) },
  });
  return settle(
    submissionRoute.action(
      routeArgs(request, { params: { slug: course.course.slug, lessonSlug: course.lesson.slug } }),
    ),
  );
}

async function submissionsOf(course: Course, userId: string) {
  return prisma.submission.findMany({
    where: { assignment: { lessonId: course.lesson.id }, userId },
    orderBy: { attemptNumber: "asc" },
    select: { id: true, attemptNumber: true, status: true, isLate: true, points: true },
  });
}

function gradingPath(course: Course, submissionId: string, query = "") {
  return `/teach/${course.course.id}/grading/${submissionId}${query}`;
}

async function postGrade(
  course: Course,
  token: string,
  submissionId: string,
  form: Record<string, string>,
  query = "",
) {
  const request = await buildFormRequest({ path: gradingPath(course, submissionId, query), form, token });
  return settle(gradingRoute.action(routeArgs(request, { params: { courseId: course.course.id, submissionId } })));
}

describe("handing in from the lesson page", () => {
  test("text and a file are taken (303 back to the lesson); a double submit makes one submission", async () => {
    const course = await assignmentCourse();
    const key = randomUUID();
    const before = await storedFiles();
    const pdf = () => new File(["%PDF-1.4 essay"], "에세이.pdf", { type: "application/pdf" });

    const [first, second] = await Promise.all([
      postSubmission(course, course.learner.token, { body: "My essay", files: [pdf()], key }),
      postSubmission(course, course.learner.token, { body: "My essay", files: [pdf()], key }),
    ]);

    expect(first.status).toBe(303);
    expect(first.location).toBe(`${course.lessonPath}?submitted=1`);
    expect(second.location).toBe(first.location);
    expect(await submissionsOf(course, course.learner.user.id)).toHaveLength(1);
    expect((await storedFiles()).length).toBe(before.length + 1);

    const page = await settle(
      submissionRoute.loader(
        routeArgs(await buildRequest({ path: `${course.lessonPath}/submission`, token: course.learner.token }), {
          params: { slug: course.course.slug, lessonSlug: course.lesson.slug },
        }),
      ),
    );
    expect(page.status).toBe(200);
    expect(page.data?.panel.submissions).toEqual([
      expect.objectContaining({ status: "SUBMITTED", files: [expect.objectContaining({ fileName: "에세이.pdf" })] }),
    ]);
  });

  test.each<[LatePolicy, number]>([
    ["ACCEPT", 303],
    ["MARK_LATE", 303],
    ["REFUSE", 409],
  ])("after the due time, %s answers %i", async (latePolicy, status) => {
    const course = await assignmentCourse({ dueAt: new Date(Date.now() - HOUR), latePolicy });
    const before = await storedFiles();

    const reply = await postSubmission(course, course.learner.token, {
      body: "Late essay",
      files: [new File(["%PDF-1.4"], "late.pdf")],
    });

    expect(reply.status).toBe(status);
    const submissions = await submissionsOf(course, course.learner.user.id);
    if (latePolicy === "REFUSE") {
      // Refused with the message above the form, and nothing kept.
      expect(reply.data?.result?.error).toEqual({ "": ["assignment.refused.pastDue"] });
      expect(submissions).toEqual([]);
      expect(await storedFiles()).toEqual(before);
    } else {
      expect(submissions).toEqual([expect.objectContaining({ isLate: true })]);
    }
  });

  test("a refusal beside its field keeps what was typed", async () => {
    const course = await assignmentCourse();
    await prisma.assignment.update({ where: { lessonId: course.lesson.id }, data: { allowsText: false } });

    const reply = await postSubmission(course, course.learner.token, { body: "Only words" });

    expect(reply.status).toBe(400);
    expect(reply.data?.result?.error).toEqual({ body: ["assignment.refused.textNotAccepted"] });
    expect(reply.data?.result?.initialValue).toMatchObject({ body: "Only words" });
  });

  test("an upload refusal answers with the file's message, and nothing is stored", async () => {
    const course = await assignmentCourse();
    const before = await storedFiles();

    const reply = await postSubmission(course, course.learner.token, {
      files: [new File(["<script>"], "page.html", { type: "text/html" })],
    });

    expect(reply.status).toBe(415);
    expect(reply.data?.uploadError).toEqual({ messageKey: "studio.uploads.wrongType", fileName: "page.html" });
    expect(await storedFiles()).toEqual(before);
  });
});

describe("grading from the studio", () => {
  test("return, resubmit, grade: each step moves on, a passing grade completes the course, each is audited", async () => {
    // To the second: the audit time is the database clock's, which may differ from ours by a hair.
    const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const course = await assignmentCourse();
    await postSubmission(course, course.learner.token, { body: "Draft" });
    const [first] = await submissionsOf(course, course.learner.user.id);
    const other = await signedIn();
    await enrollLearnerDirectly(prisma, { userId: other.user.id, courseId: course.course.id });
    await postSubmission(course, other.token, { body: "Theirs" });
    const [theirs] = await submissionsOf(course, other.user.id);
    const query = `?lesson=${course.lesson.id}`;

    const returned = await postGrade(
      course,
      course.instructor.token,
      first!.id,
      { intent: "return", feedback: "Cite sources" },
      query,
    );
    // On to the next submission waiting in the same filter.
    expect(returned.status).toBe(303);
    expect(returned.location).toBe(gradingPath(course, theirs!.id, `${query}&saved=return`));

    expect((await postSubmission(course, course.learner.token, { body: "With sources" })).status).toBe(303);
    const attempts = await submissionsOf(course, course.learner.user.id);
    expect(attempts.map(({ attemptNumber, status }) => [attemptNumber, status])).toEqual([
      [1, "RETURNED"],
      [2, "SUBMITTED"],
    ]);

    const outOfRange = await postGrade(course, course.instructor.token, attempts[1]!.id, {
      intent: "grade",
      points: "101",
      feedback: "",
    });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.data?.result?.error).toEqual({ points: ["studio.grading.pointsOutOfRange"] });

    const graded = await postGrade(
      course,
      course.instructor.token,
      attempts[1]!.id,
      { intent: "grade", points: "80", feedback: "Good" },
      query,
    );
    expect(graded.location).toBe(gradingPath(course, theirs!.id, `${query}&saved=grade`));
    expect(
      await prisma.enrollment.findUniqueOrThrow({
        where: { userId_courseId: { userId: course.learner.user.id, courseId: course.course.id } },
        select: { status: true },
      }),
    ).toEqual({ status: "COMPLETED" });

    const last = await postGrade(
      course,
      course.instructor.token,
      theirs!.id,
      { intent: "grade", points: "50", feedback: "" },
      query,
    );
    // Nothing else waits: back to the queue.
    expect(last.location).toBe(`/teach/${course.course.id}/grading${query}&saved=grade`);

    const page = await settle(
      gradingRoute.loader(
        routeArgs(
          await buildRequest({ path: gradingPath(course, attempts[0]!.id, query), token: course.instructor.token }),
          {
            params: { courseId: course.course.id, submissionId: attempts[0]!.id },
          },
        ),
      ),
    );
    expect(page.data?.submission).toMatchObject({ attemptNumber: 1, isLatest: false, status: "RETURNED" });
    expect(page.data?.attempts.map(({ attemptNumber }) => attemptNumber)).toEqual([2, 1]);
    // Every grade and return is in the audit log: what, by whom, from where, and when.
    const audited = await prisma.auditLog.findMany({
      where: { entityType: "Submission", entityId: { in: [first!.id, attempts[1]!.id, theirs!.id] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, entityId: true, actorId: true, ipAddress: true, createdAt: true, data: true },
    });
    expect(
      audited.map(({ action, entityId, data }) => [action, entityId, (data as { toPoints?: number }).toPoints]),
    ).toEqual([
      ["submission.returned", first!.id, undefined],
      ["submission.graded", attempts[1]!.id, 80],
      ["submission.graded", theirs!.id, 50],
    ]);
    for (const event of audited) {
      expect(event).toMatchObject({ actorId: course.instructor.user.id, ipAddress: TEST_CLIENT_IP });
      expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
      expect(event.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  test("the queue reads its filter from the URL and ignores what it does not know", async () => {
    const course = await assignmentCourse();
    await postSubmission(course, course.learner.token, { body: "Essay" });
    const list = async (query: string) =>
      settle(
        queueRoute.loader(
          routeArgs(
            await buildRequest({ path: `/teach/${course.course.id}/grading${query}`, token: course.instructor.token }),
            {
              params: { courseId: course.course.id },
            },
          ),
        ),
      );

    expect((await list(`?lesson=${course.lesson.id}&status=SUBMITTED`)).data?.submissions.totalCount).toBe(1);
    expect((await list("?status=GRADED")).data?.submissions.totalCount).toBe(0);
    expect((await list("?lesson=not-a-uuid&status=BOGUS&page=x")).data).toMatchObject({
      filter: {},
      submissions: { totalCount: 1, page: 1 },
    });
  });

  test("the settings page saves, and answers a stale save with 409 and what is saved", async () => {
    const course = await assignmentCourse();
    const path = `/teach/${course.course.id}/lessons/${course.lesson.id}/assignment`;
    const params = { courseId: course.course.id, lessonId: course.lesson.id };
    const form = {
      version: "1",
      dueAt: "2026-12-01T23:59",
      latePolicy: "REFUSE",
      maxPoints: "50",
      passingPoints: "30",
      allowsText: "on",
      maxFiles: "2",
      maxFileMegabytes: "10",
    };
    const save = async (fields: Record<string, string>) =>
      settle(
        settingsRoute.action(
          routeArgs(await buildFormRequest({ path, form: fields, token: course.instructor.token }), { params }),
        ),
      );

    expect((await save(form)).status).toBe(200);
    expect(await prisma.assignment.findUnique({ where: { lessonId: course.lesson.id } })).toMatchObject({
      dueAt: new Date("2026-12-01T14:59:00.000Z"),
      latePolicy: "REFUSE",
      maxPoints: 50,
      allowsFile: false,
      version: 2,
    });
    const stale = await save({ ...form, maxPoints: "70" });
    expect(stale.status).toBe(409);
    expect(stale.data?.theirs).toMatchObject({ maxPoints: 50, version: 2 });
    const mistakes = await save({ ...form, version: "2", passingPoints: "60", allowsText: "" });
    expect(mistakes.status).toBe(400);
    expect(mistakes.data?.result.error).toMatchObject({
      passingPoints: ["studio.assignment.passingAboveMax"],
      allowsText: ["studio.assignment.noAnswerKind"],
    });
  });
});

describe("another course's submissions are out of reach", () => {
  test("for its instructors, other learners and visitors, on every page, form and download", async () => {
    const course = await assignmentCourse();
    const other = await assignmentCourse();
    const admin = await signedIn("ADMIN");
    const classmate = await signedIn();
    await enrollLearnerDirectly(prisma, { userId: classmate.user.id, courseId: course.course.id });
    await postSubmission(course, course.learner.token, { body: "Mine", files: [new File(["%PDF-1.4"], "mine.pdf")] });
    const [submission] = await submissionsOf(course, course.learner.user.id);
    const file = await prisma.submissionFile.findFirstOrThrow({ where: { submissionId: submission!.id } });

    const queueAs = async (token?: string) =>
      (
        await settle(
          queueRoute.loader(
            routeArgs(await buildRequest({ path: `/teach/${course.course.id}/grading`, token }), {
              params: { courseId: course.course.id },
            }),
          ),
        )
      ).status;
    expect(await queueAs()).toBe(302);
    expect(await queueAs(course.learner.token)).toBe(403);
    expect(await queueAs(other.instructor.token)).toBe(403);
    expect(await queueAs(admin.token)).toBe(200);

    // Under the other instructor's own course id, this course's submission is not found.
    const pageAs = async (courseId: string, token: string) =>
      (
        await settle(
          gradingRoute.loader(
            routeArgs(await buildRequest({ path: `/teach/${courseId}/grading/${submission!.id}`, token }), {
              params: { courseId, submissionId: submission!.id },
            }),
          ),
        )
      ).status;
    expect(await pageAs(other.course.id, other.instructor.token)).toBe(404);
    expect(await pageAs(course.course.id, other.instructor.token)).toBe(403);
    expect(await pageAs(course.course.id, course.instructor.token)).toBe(200);
    const sneaky = await settle(
      gradingRoute.action(
        routeArgs(
          await buildFormRequest({
            path: `/teach/${other.course.id}/grading/${submission!.id}`,
            form: { intent: "grade", points: "100", feedback: "" },
            token: other.instructor.token,
          }),
          { params: { courseId: other.course.id, submissionId: submission!.id } },
        ),
      ),
    );
    expect(sneaky.status).toBe(404);
    expect((await submissionsOf(course, course.learner.user.id))[0]?.status).toBe("SUBMITTED");

    const downloadAs = async (token?: string) =>
      (
        await settle(
          fileRoute.loader(
            routeArgs(
              await buildRequest({
                path: `/courses/${course.course.slug}/submissions/${submission!.id}/files/${file.id}`,
                token,
              }),
              { params: { slug: course.course.slug, submissionId: submission!.id, fileId: file.id } },
            ),
          ),
        )
      ).status;
    expect(await downloadAs()).toBe(302);
    expect(await downloadAs(classmate.token)).toBe(404);
    expect(await downloadAs(other.instructor.token)).toBe(404);
    expect(await downloadAs(other.learner.token)).toBe(404);
    expect(await downloadAs(course.learner.token)).toBe(200);
    expect(await downloadAs(course.instructor.token)).toBe(200);
    expect(await downloadAs(admin.token)).toBe(200);

    // A learner of another course cannot hand in here.
    expect((await postSubmission(course, other.learner.token, { body: "Not mine" })).status).toBe(403);
  });
});

// ───────────────────────────── Pages in both languages ─────────────────────────────

const LANGUAGES: Language[] = ["ko", "en"];

describe("the pages, in Korean and in English", () => {
  test("show the learner's and the grader's view with real data, refusals beside their fields, nothing untranslated", async () => {
    const course = await assignmentCourse({ dueAt: new Date(Date.now() - HOUR), latePolicy: "MARK_LATE" });
    const { course: row, lesson, instructor, learner, lessonPath } = course;
    const submissionParams = { params: { slug: row.slug, lessonSlug: lesson.slug } };
    const submissionPage = async (token: string) =>
      settle(
        submissionRoute.loader(
          routeArgs(await buildRequest({ path: `${lessonPath}/submission`, token }), submissionParams),
        ),
      );

    // A late hand-in with a Korean file name, then a grader's points out of range, then a grade.
    await postSubmission(course, learner.token, { body: "내 답안", files: [new File(["%PDF-1.4"], "에세이.pdf")] });
    const [submission] = await submissionsOf(course, learner.user.id);
    const gradingParams = { params: { courseId: row.id, submissionId: submission!.id } };
    const gradingPage = async () =>
      settle(
        gradingRoute.loader(
          routeArgs(
            await buildRequest({ path: gradingPath(course, submission!.id), token: instructor.token }),
            gradingParams,
          ),
        ),
      );
    const waiting = await gradingPage();
    const queue = await settle(
      queueRoute.loader(
        routeArgs(await buildRequest({ path: `/teach/${row.id}/grading`, token: instructor.token }), {
          params: { courseId: row.id },
        }),
      ),
    );
    const settings = await settle(
      settingsRoute.loader(
        routeArgs(await buildRequest({ path: "/settings", token: instructor.token }), {
          params: { courseId: row.id, lessonId: lesson.id },
        }),
      ),
    );
    const badSettings = await settle(
      settingsRoute.action(
        routeArgs(
          await buildFormRequest({
            path: "/settings",
            token: instructor.token,
            form: {
              version: "1",
              latePolicy: "ACCEPT",
              maxPoints: "10",
              passingPoints: "20",
              maxFiles: "1",
              maxFileMegabytes: "1",
            },
          }),
          { params: { courseId: row.id, lessonId: lesson.id } },
        ),
      ),
    );
    const outOfRange = await postGrade(course, instructor.token, submission!.id, {
      intent: "grade",
      points: "101",
      feedback: "출처를 더 밝혀 주세요",
    });
    const preview = await submissionPage(instructor.token);
    await postGrade(course, instructor.token, submission!.id, {
      intent: "grade",
      points: "85",
      feedback: "근거가 탄탄합니다",
    });
    const graded = await submissionPage(learner.token);
    const gradedForGrader = await gradingPage();

    // A classmate's answer too long to take comes back in the form, beside its message.
    const classmate = await signedIn();
    await enrollLearnerDirectly(prisma, { userId: classmate.user.id, courseId: row.id });
    const tooLong = "a".repeat(50_001);
    const refused = await postSubmission(course, classmate.token, { body: tooLong });
    expect(refused.status).toBe(400);
    const classmatePage = await submissionPage(classmate.token);

    for (const language of LANGUAGES) {
      const pages = {
        queue: await renderPage({ Page: queueRoute.default, loaderData: queue.data, language }),
        settings: await renderPage({ Page: settingsRoute.default, loaderData: settings.data, language }),
        badSettings: await renderPage({
          Page: settingsRoute.default,
          loaderData: settings.data,
          actionData: badSettings.data,
          language,
        }),
        waiting: await renderPage({ Page: gradingRoute.default, loaderData: waiting.data, language }),
        outOfRange: await renderPage({
          Page: gradingRoute.default,
          loaderData: waiting.data,
          actionData: outOfRange.data,
          language,
        }),
        gradedForGrader: await renderPage({ Page: gradingRoute.default, loaderData: gradedForGrader.data, language }),
        preview: await renderPage({ Page: submissionRoute.default, loaderData: preview.data, language }),
        graded: await renderPage({
          Page: submissionRoute.default,
          loaderData: graded.data,
          language,
          url: "/page?submitted=1",
        }),
        refused: await renderPage({
          Page: submissionRoute.default,
          loaderData: classmatePage.data,
          actionData: refused.data,
          language,
        }),
      };
      for (const [name, page] of Object.entries(pages)) expect(page.missingKeys, `${name} in ${language}`).toEqual([]);
      const { t } = pages.queue;

      // The queue: who handed in what, marked late in the reader's language.
      expect(pages.queue.text).toContain(learner.user.name);
      expect(pages.queue.text).toContain(t("assignment.late"));
      expect(pages.queue.text).toContain(t("studio.grading.statusName.SUBMITTED"));

      // The settings form and its mistakes, each beside its field.
      expect(fieldTag(pages.settings.html, "input", "maxPoints")).toContain('value="100"');
      expect(pages.badSettings.html).toMatch(
        new RegExp(
          `id="[^"]*passingPoints[^"]*-error"[^>]*>.*?${escapeRegExp(t("studio.assignment.passingAboveMax"))}`,
        ),
      );

      // The grader sees the work, and a grade out of range is refused beside the points, what was typed kept.
      expect(pages.waiting.text).toContain("내 답안");
      expect(pages.waiting.text).toContain("에세이.pdf");
      expect(pages.outOfRange.text).toContain(t("studio.grading.pointsOutOfRange"));
      expect(fieldTag(pages.outOfRange.html, "input", "points")).toMatch(/(?=.*value="101")(?=.*aria-invalid="true")/);
      expect(pages.outOfRange.html).toContain("출처를 더 밝혀 주세요</textarea>");
      expect(pages.gradedForGrader.text).toContain(t("studio.grading.statusName.GRADED"));

      // An instructor previews the form without handing in.
      expect(pages.preview.text).toContain(t("assignment.preview"));

      // The learner sees the grade, whether it passes, and the feedback.
      expect(pages.graded.text).toContain(t("assignment.received"));
      expect(pages.graded.text).toContain(t("assignment.status.GRADED"));
      expect(pages.graded.text).toContain(t("assignment.grade", { points: 85, maxPoints: 100 }));
      expect(pages.graded.text).toContain(t("assignment.passed"));
      expect(pages.graded.text).toContain("근거가 탄탄합니다");

      // A refused hand-in: the message beside the answer, and the answer still in the form.
      expect(pages.refused.text).toContain(t("validation.tooLong"));
      expect(fieldTag(pages.refused.html, "textarea", "body")).toContain('aria-invalid="true"');
      expect(pages.refused.html).toContain(`>${tooLong}</textarea>`);
    }
  });
});

/** The opening tag of the form control named `name`. */
function fieldTag(html: string, tag: "input" | "textarea", name: string) {
  return html.match(new RegExp(`<${tag}\\b[^>]*\\bname="${name}"[^>]*>`))?.[0] ?? "";
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
