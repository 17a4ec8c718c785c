import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { describeCoursePackageIssue } from "~/lib/course-package";
import { readCoursePackage } from "~/lib/course-package.server";
import { prisma } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { importCoursePackage } from "~/models/course-package.server";
import { loader as downloadAttachment } from "~/routes/courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { buildRequest, createUserSession } from "../../tests/factories/auth";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

const scratch = mkdtempSync(path.join(tmpdir(), "bitgoeul-course-import-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type LessonEntry = { slug: string; title: string; kind: string; durationMinutes: number; [field: string]: unknown };

/** A course package folder: course.json from `modules`, and every other file from `files`. */
function writePackage({
  slug,
  modules,
  files,
}: {
  slug: string;
  modules: { title: string; lessons: LessonEntry[] }[];
  files: Record<string, string | Uint8Array>;
}) {
  const dir = path.join(scratch, slug);
  rmSync(dir, { recursive: true, force: true });
  const course = {
    format: 1,
    slug,
    code: "PKG101",
    title: "패키지로 만든 강좌",
    summary: "A course imported from its package by a test.",
    level: "BEGINNER",
    language: "ko",
    status: "PUBLISHED",
    publishedAt: "2026-07-20T10:00:00+09:00",
    modules,
  };
  for (const [file, content] of Object.entries({ "course.json": JSON.stringify(course), ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function importFolder({ dir, programId }: { dir: string; programId: string }) {
  const result = await readCoursePackage({ dir });
  if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
  return prisma.$transaction((tx) => importCoursePackage({ tx, coursePackage: result.coursePackage, programId }));
}

/** Every row of the course's content, every column, updatedAt included. */
async function snapshotCourse(courseId: string) {
  const lessons = await prisma.lesson.findMany({ where: { courseId }, orderBy: { id: "asc" } });
  const lessonIds = { lessonId: { in: lessons.map((lesson) => lesson.id) } };
  const quizzes = await prisma.quiz.findMany({ where: lessonIds, orderBy: { id: "asc" } });
  return {
    course: await prisma.course.findUniqueOrThrow({ where: { id: courseId } }),
    modules: await prisma.module.findMany({ where: { courseId }, orderBy: { id: "asc" } }),
    lessons,
    quizzes,
    questions: await prisma.question.findMany({
      where: { quizId: { in: quizzes.map((quiz) => quiz.id) } },
      orderBy: { id: "asc" },
    }),
    assignments: await prisma.assignment.findMany({ where: lessonIds, orderBy: { id: "asc" } }),
    attachments: await prisma.lessonAttachment.findMany({ where: lessonIds, orderBy: { id: "asc" } }),
  };
}

const QUIZ = {
  passingScore: 60,
  questions: [
    {
      kind: "SINGLE_CHOICE",
      prompt: "MSE는 어떤 함수인가?",
      choices: [
        { id: "a", text: "볼록 함수" },
        { id: "b", text: "오목 함수" },
      ],
      answer: ["a"],
    },
    {
      kind: "TRUE_FALSE",
      prompt: "학습률은 클수록 좋다.",
      choices: [
        { id: "true", text: "참" },
        { id: "false", text: "거짓" },
      ],
      answer: ["false"],
    },
  ],
};

const LINEAR_REGRESSION = "## 모델\n\n$$\n\\hat{y} = \\mathbf{w}^\\top \\mathbf{x} + b\n$$\n";

function fullPackage(slug: string) {
  return writePackage({
    slug,
    modules: [
      {
        title: "선형 회귀",
        lessons: [
          { slug: "intro", title: "소개", kind: "ARTICLE", durationMinutes: 10 },
          { slug: "linear-regression", title: "선형 회귀", kind: "ARTICLE", durationMinutes: 30 },
          {
            slug: "lecture",
            title: "강의",
            kind: "VIDEO",
            durationMinutes: 20,
            videoUrl: "https://youtu.be/IHZwWFHWa-w",
          },
        ],
      },
      {
        title: "확인",
        lessons: [
          { slug: "check", title: "퀴즈", kind: "QUIZ", durationMinutes: 15 },
          { slug: "homework", title: "과제", kind: "ASSIGNMENT", durationMinutes: 120, isRequired: false },
        ],
      },
    ],
    files: {
      "description.md": "**지도 학습**의 기초.\n",
      "lessons/intro.md": "Welcome.\n",
      "lessons/linear-regression.md": LINEAR_REGRESSION,
      "lessons/lecture.md": "Watch the lecture.\n",
      "lessons/lecture.transcript.txt": "오늘은 선형 회귀를 다룹니다.\n",
      "lessons/check.md": "70점 이상이면 통과입니다.\n",
      "lessons/check.quiz.json": JSON.stringify(QUIZ),
      "lessons/homework.md": "```python\nimport numpy as np\n```\n",
      "lessons/homework.assignment.json": JSON.stringify({ dueAt: "2026-12-04T23:59:00+09:00", passingPoints: 70 }),
    },
  });
}

test("imports a package as the course its files describe", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const { courseId, lessonIds, changes } = await importFolder({ dir: fullPackage(slug), programId: program.id });

  expect(changes).toContainEqual({ action: "created", item: "course", key: slug });
  const course = await prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      programId: true,
      status: true,
      publishedAt: true,
      requiredLessonCount: true,
      descriptionHtml: true,
      modules: { orderBy: { position: "asc" }, select: { position: true, title: true } },
      lessons: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          slug: true,
          position: true,
          kind: true,
          status: true,
          isRequired: true,
          markdown: true,
          html: true,
          transcript: true,
          module: { select: { position: true } },
          quiz: {
            select: { passingScore: true, questions: { orderBy: { position: "asc" }, select: { answer: true } } },
          },
          assignment: { select: { maxPoints: true, passingPoints: true, dueAt: true } },
        },
      },
    },
  });
  expect(course).toMatchObject({
    programId: program.id,
    status: "PUBLISHED",
    publishedAt: new Date("2026-07-20T01:00:00.000Z"),
    requiredLessonCount: 4,
    descriptionHtml: "<p><strong>지도 학습</strong>의 기초.</p>",
    modules: [
      { position: 0, title: "선형 회귀" },
      { position: 1, title: "확인" },
    ],
  });
  expect(course.lessons.map((lesson) => [lesson.slug, lesson.position, lesson.module.position, lesson.status])).toEqual(
    [
      ["intro", 0, 0, "PUBLISHED"],
      ["linear-regression", 1, 0, "PUBLISHED"],
      ["lecture", 2, 0, "PUBLISHED"],
      ["check", 3, 1, "PUBLISHED"],
      ["homework", 4, 1, "PUBLISHED"],
    ],
  );
  expect(Object.fromEntries(lessonIds)).toEqual(Object.fromEntries(course.lessons.map(({ slug, id }) => [slug, id])));
  for (const lesson of course.lessons) expect(lesson.html, lesson.slug).toBe(renderMarkdown(lesson.markdown));
  const [, linearRegression, lecture, check, homework] = course.lessons;
  expect(linearRegression?.markdown).toBe(LINEAR_REGRESSION.trimEnd());
  expect(linearRegression?.html).toContain('class="katex-display"');
  expect(lecture?.transcript).toBe("오늘은 선형 회귀를 다룹니다.");
  expect(check?.quiz).toEqual({ passingScore: 60, questions: [{ answer: ["a"] }, { answer: ["false"] }] });
  expect(homework).toMatchObject({
    isRequired: false,
    assignment: { maxPoints: 100, passingPoints: 70, dueAt: new Date("2026-12-04T14:59:00.000Z") },
  });
});

test("importing the same package again changes no row, not even updatedAt", async () => {
  const program = await createProgram(prisma);
  const dir = fullPackage(`package-${uniqueSuffix()}`);
  const { courseId } = await importFolder({ dir, programId: program.id });
  const before = await snapshotCourse(courseId);

  const again = await importFolder({ dir, programId: program.id });

  expect(again).toMatchObject({ courseId, changes: [] });
  expect(await snapshotCourse(courseId)).toEqual(before);
});

test("an edited lesson file changes that lesson's Markdown and HTML, and nothing else", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const dir = fullPackage(slug);
  const { courseId } = await importFolder({ dir, programId: program.id });
  const before = await snapshotCourse(courseId);

  const fixed = "## 모델\n\n$$\n\\hat{y} = \\mathbf{w}^\\top \\mathbf{x} + b_0\n$$\n";
  writeFileSync(path.join(dir, "lessons/linear-regression.md"), fixed);
  const { changes } = await importFolder({ dir, programId: program.id });

  expect(changes).toEqual([{ action: "updated", item: "lesson", key: "linear-regression" }]);
  const after = await snapshotCourse(courseId);
  const lesson = after.lessons.find((row) => row.slug === "linear-regression");
  expect(lesson?.markdown).toBe(fixed.trimEnd());
  expect(lesson?.html).toBe(renderMarkdown(fixed.trimEnd()));
  expect(lesson?.html).toContain("b_0");
  expect(after.lessons.filter((row) => row.slug !== "linear-regression")).toEqual(
    before.lessons.filter((row) => row.slug !== "linear-regression"),
  );
  expect({ ...after, lessons: [] }).toEqual({ ...before, lessons: [] });
});

test("an attachment is stored, served to an enrolled learner, and replaced when its file changes", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const modules = [
    {
      title: "자료",
      lessons: [
        {
          slug: "slides",
          title: "슬라이드",
          kind: "ARTICLE",
          durationMinutes: 5,
          attachments: [{ file: "1주차 슬라이드.pdf", contentType: "application/pdf" }],
        },
      ],
    },
  ];
  const packageWith = (bytes: string) =>
    writePackage({
      slug,
      modules,
      files: {
        "description.md": "",
        "lessons/slides.md": "Slides attached.",
        "attachments/slides/1주차 슬라이드.pdf": new TextEncoder().encode(bytes),
      },
    });
  const { courseId, lessonIds } = await importFolder({ dir: packageWith("week 1 slides"), programId: program.id });
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId });
  const { token } = await createUserSession(prisma, { userId: learner.id, isTwoFactorVerified: true });

  async function download() {
    const attachment = await prisma.lessonAttachment.findFirstOrThrow({
      where: { lessonId: lessonIds.get("slides") },
      select: { id: true, storageKey: true, byteSize: true },
    });
    const params = { slug, lessonSlug: "slides", attachmentId: attachment.id };
    const response = await downloadAttachment({
      request: await buildRequest({ path: `/courses/${slug}/lessons/slides/attachments/${attachment.id}`, token }),
      params,
      context: { requestId: "test", clientIp: "192.0.2.1" },
    });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="1_ _.pdf"; filename*=UTF-8''${encodeURIComponent("1주차 슬라이드.pdf")}`,
    );
    return { ...attachment, body: await response.text() };
  }

  const first = await download();
  expect(first).toMatchObject({ body: "week 1 slides", byteSize: 13 });

  expect((await importFolder({ dir: packageWith("week 1 slides"), programId: program.id })).changes).toEqual([]);
  expect(await download()).toEqual(first);

  const { changes } = await importFolder({ dir: packageWith("week 1 slides, corrected"), programId: program.id });
  expect(changes).toEqual([{ action: "updated", item: "attachment", key: "slides/1주차 슬라이드.pdf" }]);
  const replaced = await download();
  expect(replaced).toMatchObject({ id: first.id, body: "week 1 slides, corrected" });
  expect(replaced.storageKey).not.toBe(first.storageKey);
});

test("a lesson the package drops is archived and rollups are recounted; bringing it back revives it", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const files = { "description.md": "", "lessons/first.md": "One.", "lessons/second.md": "Two." };
  const first = { slug: "first", title: "First", kind: "ARTICLE", durationMinutes: 5 };
  const second = { slug: "second", title: "Second", kind: "ARTICLE", durationMinutes: 5 };
  const writeBoth = () =>
    writePackage({
      slug,
      modules: [
        { title: "One", lessons: [first] },
        { title: "Two", lessons: [second] },
      ],
      files,
    });
  const { courseId, lessonIds } = await importFolder({ dir: writeBoth(), programId: program.id });
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId });
  await prisma.lessonProgress.create({
    data: {
      userId: learner.id,
      courseId,
      lessonId: lessonIds.get("first")!,
      status: "COMPLETED",
      completedAt: new Date(),
    },
  });

  const onlyFirst = writePackage({
    slug,
    modules: [{ title: "One", lessons: [first] }],
    files: { "description.md": "", "lessons/first.md": "One." },
  });
  const { changes } = await importFolder({ dir: onlyFirst, programId: program.id });

  expect(changes).toEqual([
    { action: "archived", item: "lesson", key: "second" },
    { action: "removed", item: "module", key: "Two" },
  ]);
  const course = await prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      requiredLessonCount: true,
      modules: { select: { id: true } },
      lessons: { orderBy: { position: "asc" }, select: { slug: true, status: true, moduleId: true } },
      enrollments: { select: { status: true, progressPercent: true, completedRequiredCount: true } },
    },
  });
  const [onlyModule] = course.modules;
  expect(course).toEqual({
    requiredLessonCount: 1,
    modules: [onlyModule],
    lessons: [
      { slug: "first", status: "PUBLISHED", moduleId: onlyModule?.id },
      { slug: "second", status: "ARCHIVED", moduleId: onlyModule?.id },
    ],
    enrollments: [{ status: "COMPLETED", progressPercent: 100, completedRequiredCount: 1 }],
  });

  const revived = await importFolder({ dir: writeBoth(), programId: program.id });
  expect(revived.lessonIds.get("second")).toBe(lessonIds.get("second"));
  expect(
    await prisma.lesson.findUniqueOrThrow({ where: { id: lessonIds.get("second") }, select: { status: true } }),
  ).toEqual({ status: "PUBLISHED" });
});

test("quiz questions are edited in place, and those the package no longer has are removed", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const dir = fullPackage(slug);
  const { lessonIds } = await importFolder({ dir, programId: program.id });
  const questionsOf = () =>
    prisma.question.findMany({
      where: { quiz: { lessonId: lessonIds.get("check") } },
      orderBy: { position: "asc" },
      select: { id: true, position: true, prompt: true },
    });
  const [firstQuestion] = await questionsOf();

  const [question] = QUIZ.questions;
  const edited = { ...QUIZ, questions: [{ ...question, prompt: "평균 제곱 오차는 어떤 함수인가?" }] };
  writeFileSync(path.join(dir, "lessons/check.quiz.json"), JSON.stringify(edited));
  const { changes } = await importFolder({ dir, programId: program.id });

  expect(changes).toEqual([
    { action: "updated", item: "question", key: "check/1" },
    { action: "removed", item: "question", key: "check/2" },
  ]);
  expect(await questionsOf()).toEqual([
    { id: firstQuestion?.id, position: 0, prompt: "평균 제곱 오차는 어떤 함수인가?" },
  ]);
});

test("a question learners answered is archived, not deleted, when the package drops it, and stays out of the course", async () => {
  const program = await createProgram(prisma);
  const slug = `package-${uniqueSuffix()}`;
  const dir = fullPackage(slug);
  const { lessonIds } = await importFolder({ dir, programId: program.id });
  const quiz = await prisma.quiz.findUniqueOrThrow({
    where: { lessonId: lessonIds.get("check") },
    select: { id: true, version: true, questions: { orderBy: { position: "asc" }, select: { id: true } } },
  });
  const learner = await createUser(prisma);
  const answered = quiz.questions[1]!;
  const attempt = await prisma.quizAttempt.create({
    data: { quizId: quiz.id, userId: learner.id, attemptNumber: 1, submittedAt: new Date(), scorePercent: 50 },
  });
  await prisma.quizAnswer.create({
    data: { attemptId: attempt.id, questionId: answered.id, response: ["true"], isCorrect: false, points: 0 },
  });

  writeFileSync(path.join(dir, "lessons/check.quiz.json"), JSON.stringify({ ...QUIZ, questions: [QUIZ.questions[0]] }));
  const { changes } = await importFolder({ dir, programId: program.id });

  expect(changes).toEqual([{ action: "archived", item: "question", key: "check/2" }]);
  const kept = await prisma.question.findUniqueOrThrow({ where: { id: answered.id }, select: { archivedAt: true } });
  expect(kept.archivedAt).toBeInstanceOf(Date);
  // The studio's open editor is now stale.
  expect(await prisma.quiz.findUniqueOrThrow({ where: { id: quiz.id }, select: { version: true } })).toEqual({
    version: quiz.version + 1,
  });
  // Importing the same files again finds the course as they say: the archived question is not part of it.
  expect((await importFolder({ dir, programId: program.id })).changes).toEqual([]);
});
