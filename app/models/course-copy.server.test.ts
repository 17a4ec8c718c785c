// The studio's course packages end to end, against a real PostgreSQL and real files: export, import
// of a zip as a new draft (through the route, as a browser posts it), and duplication.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import type { Role } from "~/generated/prisma/client";
import { describeCoursePackageIssue, type CoursePackage, type CoursePackageIssue } from "~/lib/course-package";
import { readCoursePackage } from "~/lib/course-package.server";
import { unzipCoursePackage, zipCoursePackage } from "~/lib/course-package-zip";
import { writeCoursePackage } from "~/lib/course-package-writer";
import { prisma } from "~/lib/db.server";
import { openStoredFile, storeFile } from "~/lib/storage.server";
import { duplicateCourse } from "~/models/course-copy.server";
import { exportCoursePackage } from "~/models/course-package-export.server";
import { importCoursePackage } from "~/models/course-package.server";
import { action as duplicateAction, loader as duplicateLoader } from "~/routes/teach.$courseId.duplicate";
import { loader as exportLoader } from "~/routes/teach.$courseId.export";
import { action as importAction, loader as importLoader } from "~/routes/teach.import";
import { createProgram, createUser, uniqueSuffix } from "../../tests/factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../../tests/factories/auth";
import { createTerm } from "../../tests/factories/catalog";
import { enrollLearnerDirectly } from "../../tests/factories/progress";

const DEMO_COURSES = path.resolve(import.meta.dirname, "../../prisma/seed-data/courses");
const context = { requestId: "test", clientIp: "192.0.2.1" };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function signedIn(role: Role) {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/** A course package using quizzes, assignments, a transcript and attachments. */
function samplePackage(slug: string): CoursePackage {
  return {
    course: {
      slug,
      code: "PKG501",
      title: "패키지 왕복",
      summary: "A course that travels out and back in.",
      credits: 3,
      level: "INTERMEDIATE",
      language: "ko",
      tags: ["머신러닝", "python"],
      enrollmentPolicy: "OPEN",
      capacity: null,
      enrollmentOpensAt: new Date("2026-07-31T15:00:00.000Z"),
      enrollmentClosesAt: null,
      startsOn: new Date("2026-09-01T00:00:00.000Z"),
      endsOn: new Date("2026-12-18T00:00:00.000Z"),
      status: "PUBLISHED",
      publishedAt: new Date("2026-07-20T01:00:00.000Z"),
      descriptionMarkdown: "**지도 학습**의 기초.",
    },
    modules: [
      {
        title: "시작",
        summary: "선형 회귀",
        lessons: [
          {
            slug: "intro",
            title: "소개",
            kind: "ARTICLE",
            durationMinutes: 10,
            isRequired: true,
            releaseAt: null,
            markdown: "## 모델\n\n$$\n\\hat{y} = \\mathbf{w}^\\top \\mathbf{x}\n$$",
            videoUrl: null,
            transcript: null,
            quiz: null,
            assignment: null,
            attachments: [
              { fileName: "1주차 슬라이드.pdf", contentType: "application/pdf", bytes: encoder.encode("%PDF week 1") },
              { fileName: "data.csv", contentType: "text/csv", bytes: encoder.encode("x,y\n1,2\n") },
            ],
          },
          {
            slug: "lecture",
            title: "강의",
            kind: "VIDEO",
            durationMinutes: 20,
            isRequired: false,
            status: "DRAFT",
            releaseAt: new Date("2026-09-08T00:00:00.000Z"),
            markdown: "Watch.",
            videoUrl: "https://youtu.be/IHZwWFHWa-w",
            transcript: "오늘은 선형 회귀를 다룹니다.",
            quiz: null,
            assignment: null,
            attachments: [],
          },
        ],
      },
      {
        title: "확인",
        summary: "",
        lessons: [
          {
            slug: "check",
            title: "퀴즈",
            kind: "QUIZ",
            durationMinutes: 15,
            isRequired: true,
            releaseAt: null,
            markdown: "70점 이상이면 통과.",
            videoUrl: null,
            transcript: null,
            quiz: {
              passingScore: 70,
              maxAttempts: 2,
              timeLimitMinutes: null,
              shuffleQuestions: false,
              shuffleChoices: false,
              questions: [
                {
                  kind: "SINGLE_CHOICE",
                  prompt: "MSE는?",
                  choices: [
                    { id: "a", text: "볼록" },
                    { id: "b", text: "오목" },
                  ],
                  answer: ["a"],
                  points: 1,
                  explanation: "볼록 함수입니다.",
                },
                {
                  kind: "SHORT_ANSWER",
                  prompt: "라이브러리?",
                  choices: [],
                  answer: ["pandas"],
                  points: 2,
                  explanation: "",
                },
              ],
            },
            assignment: null,
            attachments: [],
          },
          {
            slug: "homework",
            title: "과제",
            kind: "ASSIGNMENT",
            durationMinutes: 120,
            isRequired: true,
            releaseAt: null,
            markdown: "```python\nimport numpy as np\n```",
            videoUrl: null,
            transcript: null,
            quiz: null,
            assignment: {
              dueAt: new Date("2026-12-04T14:59:00.000Z"),
              latePolicy: "MARK_LATE",
              maxPoints: 100,
              passingPoints: 60,
              allowsText: true,
              allowsFile: true,
              maxFiles: 3,
              maxFileMegabytes: 20,
              fileExtensions: [],
            },
            attachments: [],
          },
        ],
      },
    ],
  };
}

async function createSourceCourse({
  slug = `source-${uniqueSuffix()}`,
  status = "PUBLISHED",
}: { slug?: string; status?: "DRAFT" | "PUBLISHED" } = {}) {
  const program = await createProgram(prisma, { kind: "GRADUATE" });
  const coursePackage = samplePackage(slug);
  if (status !== "PUBLISHED") {
    coursePackage.course.status = status;
    delete coursePackage.course.publishedAt;
  }
  const { courseId } = await prisma.$transaction((tx) =>
    importCoursePackage({ tx, coursePackage, programId: program.id }),
  );
  return { courseId, slug, program };
}

/** The import form's first step, posted as a browser posts it (multipart, the zip in `package`). */
async function uploadPackage({
  token,
  zip,
  fileName = "course.zip",
}: {
  token: string;
  zip: Uint8Array;
  fileName?: string;
}) {
  const body = new FormData();
  body.set("package", new File([new Uint8Array(zip)], fileName, { type: "application/zip" }));
  const base = await buildRequest({ path: "/teach/import", token, method: "POST" });
  const request = new Request(base, { body, headers: base.headers });
  return importAction({ request, params: {}, context });
}

async function postForm<T>(
  handler: (args: { request: Request; params: Record<string, string>; context: typeof context }) => Promise<T>,
  {
    path: requestPath,
    token,
    form,
    params = {},
  }: { path: string; token: string; form: Record<string, string>; params?: Record<string, string> },
) {
  const base = await buildRequest({ path: requestPath, token, method: "POST" });
  const request = new Request(base, { body: new URLSearchParams(form), headers: base.headers });
  return handler({ request, params, context });
}

/** What a loader or action answered: a Response (redirect, file) or data() with its status. */
function answer(result: unknown): { status: number; location: string | null; data: Record<string, unknown> } {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), data: {} };
  const init = (result as { init?: { status?: number } | null; data?: unknown }).init;
  const data = ((result as { data?: unknown }).data ?? result) as Record<string, unknown>;
  return { status: init?.status ?? 200, location: null, data };
}

async function statusOf(run: () => Promise<unknown>) {
  try {
    return answer(await run()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** Uploads a zip and creates the draft from it: the course id and the upload's id. */
async function importZip({
  token,
  zip,
  programId,
  termId = "",
}: {
  token: string;
  zip: Uint8Array;
  programId: string;
  termId?: string;
}) {
  const uploaded = answer(await uploadPackage({ token, zip }));
  expect(uploaded.status, JSON.stringify(uploaded.data)).toBe(303);
  const uploadId = new URL(uploaded.location!, "http://bitgoeul.test").searchParams.get("upload")!;
  const created = answer(
    await postForm(importAction, { path: "/teach/import", token, form: { upload: uploadId, programId, termId } }),
  );
  expect(created.status, JSON.stringify(created.data)).toBe(303);
  return { courseId: created.location!.replace("/teach/", ""), uploadId };
}

async function exportedFiles(courseId: string) {
  const exported = await exportCoursePackage({ courseId });
  if (!exported) throw new Error("no such course");
  return exported.files;
}

function manifestOf(files: ReadonlyMap<string, Uint8Array>) {
  return JSON.parse(decoder.decode(files.get("course.json")));
}

function issueLines(issues: CoursePackageIssue[]) {
  return issues.map(describeCoursePackageIssue);
}

async function courseCount() {
  return prisma.course.count();
}

describe("export and import", () => {
  test("export, import as a new draft, export again: the same package, but for the slug and the draft", async () => {
    const { courseId, slug, program } = await createSourceCourse();
    const { token } = await signedIn("INSTRUCTOR");
    const first = await exportedFiles(courseId);
    const zip = zipCoursePackage({ files: first, folder: slug });

    const { courseId: copyId } = await importZip({ token, zip, programId: program.id });
    const second = await exportedFiles(copyId);

    // Every lesson, quiz, assignment, transcript and attachment file is byte for byte the same.
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of first) {
      if (file !== "course.json") expect(second.get(file), file).toEqual(bytes);
    }
    // course.json differs in what an import as a new draft must change, and nothing else: the slug
    // was taken (by the source), the copy is a draft, and so its lessons now state their status.
    const before = manifestOf(first);
    const after = manifestOf(second);
    expect(after.slug).toBe(`${slug}-2`);
    const { publishedAt: _publishedAt, ...beforeWithoutPublishedAt } = before;
    type LessonEntry = { status?: string };
    // A lesson that followed its published course is published; a draft lesson now follows the draft.
    expect(after).toEqual({
      ...beforeWithoutPublishedAt,
      slug: `${slug}-2`,
      status: "DRAFT",
      modules: before.modules.map((module: { lessons: LessonEntry[] }) => ({
        ...module,
        lessons: module.lessons.map(({ status, ...lesson }) => (status ? lesson : { ...lesson, status: "PUBLISHED" })),
      })),
    });
  });

  test("a draft course comes back byte for byte, course.json included, when its slug is free", async () => {
    const { courseId, slug } = await createSourceCourse({ status: "DRAFT" });
    const first = await exportedFiles(courseId);
    const program = await createProgram(prisma);
    const { token } = await signedIn("INSTRUCTOR");
    // The source gives its slug up first, so the import may keep it.
    await prisma.course.update({ where: { id: courseId }, data: { slug: `${slug}-old` } });

    const { courseId: copyId } = await importZip({
      token,
      zip: zipCoursePackage({ files: first, folder: slug }),
      programId: program.id,
    });

    expect(await exportedFiles(copyId)).toEqual(first);
  });

  test("the demo packages, imported and exported, are their folders byte for byte", async () => {
    const program = await createProgram(prisma);
    for (const folder of readdirSync(DEMO_COURSES)) {
      const dir = path.join(DEMO_COURSES, folder);
      const read = await readCoursePackage({ dir });
      if (!read.ok) throw new Error(issueLines(read.issues).join("\n"));
      // A fresh slug, so this test does not depend on what else is in the database.
      const slug = `${read.coursePackage.course.slug}-${uniqueSuffix()}`;
      const { courseId } = await prisma.$transaction(
        (tx) =>
          importCoursePackage({
            tx,
            coursePackage: { ...read.coursePackage, course: { ...read.coursePackage.course, slug } },
            programId: program.id,
          }),
        { timeout: 30_000 },
      );
      const files = await exportedFiles(courseId);
      const onDisk = listFiles(dir);
      expect([...files.keys()].sort(), folder).toEqual(onDisk);
      for (const [file, bytes] of files) {
        const expected = readFileSync(path.join(dir, file), "utf8");
        const text = decoder.decode(bytes);
        expect(
          file === "course.json" ? text.replace(slug, read.coursePackage.course.slug) : text,
          `${folder}/${file}`,
        ).toBe(expected);
      }
    }
  });

  test("the export route answers a zip of the package with a safe file name, for the course's instructors only", async () => {
    const { courseId, slug } = await createSourceCourse();
    const { user: owner, token: ownerToken } = await signedIn("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId, userId: owner.id });
    const { token: otherToken } = await signedIn("INSTRUCTOR");
    const request = async (token: string) =>
      exportLoader({
        request: await buildRequest({ path: `/teach/${courseId}/export`, token }),
        params: { courseId },
        context,
      });

    const response = (await request(ownerToken)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="PKG501 _ _.zip"; filename*=UTF-8''${encodeURIComponent("PKG501 패키지 왕복.zip")}`,
    );
    const unzipped = unzipCoursePackage(new Uint8Array(await response.arrayBuffer()));
    expect(unzipped.ok && unzipped.files).toEqual(await exportedFiles(courseId));
    const zipped = zipCoursePackage({ files: await exportedFiles(courseId), folder: slug });
    expect(zipped.byteLength).toBe(Number(response.headers.get("Content-Length")));

    expect(await statusOf(() => request(otherToken))).toBe(403);
  });
});

describe("import refusals", () => {
  async function refusedUpload(zip: Uint8Array) {
    const { token } = await signedIn("INSTRUCTOR");
    const before = await courseCount();
    const result = answer(await uploadPackage({ token, zip }));
    expect(await courseCount()).toBe(before);
    return {
      status: result.status,
      issues: issueLines((result.data.issues ?? []) as CoursePackageIssue[]),
      data: result.data,
    };
  }

  function validFiles(slug = `pkg-${uniqueSuffix()}`) {
    return writeCoursePackage(samplePackage(slug));
  }

  function zipWith(changes: Record<string, string | null>) {
    const files = new Map(validFiles());
    for (const [file, content] of Object.entries(changes)) {
      if (content === null) files.delete(file);
      else files.set(file, encoder.encode(content));
    }
    return zipCoursePackage({ files, folder: "pkg" });
  }

  test("a file that is not a zip, and a damaged zip", async () => {
    const notZip = await refusedUpload(encoder.encode("just text"));
    expect(notZip.status).toBe(415);
    expect(notZip.data.uploadError).toEqual({ messageKey: "studio.packages.notAZip", fileName: "course.zip" });

    const damaged = zipWith({});
    damaged.set(new Uint8Array(40), damaged.byteLength - 60);
    const broken = await refusedUpload(damaged);
    expect(broken.status).toBe(400);
    expect(broken.data.uploadError).toMatchObject({ messageKey: "studio.packages.notAZip" });
  });

  test("a path that climbs out of the package is named", async () => {
    const files = Object.fromEntries([...validFiles()].map(([file, bytes]) => [`pkg/${file}`, bytes]));
    const refused = await refusedUpload(zipSync({ ...files, "pkg/../../evil.sh": encoder.encode("rm -rf /") }));
    expect(refused.status).toBe(422);
    expect(refused.issues).toEqual([
      "pkg/../../evil.sh: Not a safe path inside a package: no .., no absolute paths, no empty folder names",
    ]);
  });

  test("a zip bomb: more unpacked bytes than allowed, or too many files", async () => {
    const bomb = zipSync({ "pkg/course.json": new Uint8Array(300 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const refused = await refusedUpload(bomb);
    expect(refused.status).toBe(413);
    expect(refused.data.uploadError).toMatchObject({ messageKey: "studio.packages.tooLargeUnpacked" });

    const many = Object.fromEntries(
      Array.from({ length: 2_001 }, (_, index) => [`pkg/x/${index}.md`, new Uint8Array()]),
    );
    const crowded = await refusedUpload(zipSync(many));
    expect(crowded.status).toBe(413);
    expect(crowded.data.uploadError).toMatchObject({ messageKey: "studio.packages.tooManyEntries" });
  });

  test("JSON that does not parse, a bad field and a missing lesson file are named with their file and line", async () => {
    const manifest = decoder.decode(validFiles().get("course.json"));
    const badKind = manifest.replace('"kind": "QUIZ"', '"kind": "QUIZZ"');
    const kindLine = badKind.split("\n").findIndex((line) => line.includes("QUIZZ")) + 1;
    const refused = await refusedUpload(
      zipWith({
        "course.json": badKind,
        "lessons/homework.assignment.json": '{\n  "dueAt": null,\n  "maxPoints": 100,\n}\n',
        "lessons/intro.md": null,
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.issues).toEqual([
      `course.json, line ${kindLine}: modules[1].lessons[0].kind: ` +
        "Expected one of ARTICLE, VIDEO, QUIZ, ASSIGNMENT, received QUIZZ",
    ]);

    const fixedKind = await refusedUpload(
      zipWith({
        "lessons/homework.assignment.json": '{\n  "dueAt": null,\n  "maxPoints": 100,\n}\n',
        "lessons/intro.md": null,
      }),
    );
    const introLine = manifest.split("\n").findIndex((line) => line.includes('"slug": "intro"'));
    expect(fixedKind.issues).toEqual([
      `lessons/intro.md: Missing: lesson "intro" (course.json, line ${introLine}) needs this file`,
      "lessons/homework.assignment.json, line 4: Not valid JSON (expected a key in double quotes; a comma too many?)",
    ]);
    expect(fixedKind.data.issues).toContainEqual(
      expect.objectContaining({ code: "missingLessonFile", values: { lesson: "intro", line: introLine } }),
    );
  });

  test("a learner may not import, and an upload is no one else's", async () => {
    const { token: learnerToken } = await signedIn("LEARNER");
    expect(await statusOf(() => uploadPackage({ token: learnerToken, zip: zipWith({}) }))).toBe(403);

    const { token } = await signedIn("INSTRUCTOR");
    const uploaded = answer(await uploadPackage({ token, zip: zipWith({}) }));
    const uploadId = new URL(uploaded.location!, "http://bitgoeul.test").searchParams.get("upload")!;
    const program = await createProgram(prisma);
    const { token: otherToken } = await signedIn("INSTRUCTOR");
    const before = await courseCount();
    const stolen = answer(
      await postForm(importAction, {
        path: "/teach/import",
        token: otherToken,
        form: { upload: uploadId, programId: program.id },
      }),
    );
    expect(stolen.status).toBe(410);
    expect(
      await statusOf(async () =>
        importLoader({
          request: await buildRequest({ path: `/teach/import?upload=${uploadId}`, token: otherToken }),
          params: {},
          context,
        }),
      ),
    ).toBe(410);
    expect(await courseCount()).toBe(before);
  });
});

describe("importing a zip", () => {
  test("creates a draft the actor leads, in the chosen program and term; twice sent, one course", async () => {
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const term = await createTerm(prisma, { programId: program.id, year: 2027, season: "SPRING" });
    const { user, token } = await signedIn("INSTRUCTOR");
    const slug = `fresh-${uniqueSuffix()}`;
    const zip = zipCoursePackage({ files: writeCoursePackage(samplePackage(slug)), folder: slug });

    const uploaded = answer(await uploadPackage({ token, zip }));
    const uploadId = new URL(uploaded.location!, "http://bitgoeul.test").searchParams.get("upload")!;
    const preview = answer(
      await importLoader({
        request: await buildRequest({ path: `/teach/import?upload=${uploadId}`, token }),
        params: {},
        context,
      }),
    );
    expect(preview.data).toMatchObject({
      step: "preview",
      preview: {
        code: "PKG501",
        title: "패키지 왕복",
        modules: [
          {
            title: "시작",
            lessons: [
              {
                slug: "intro",
                kind: "ARTICLE",
                attachments: [
                  { fileName: "1주차 슬라이드.pdf", byteSize: 11 },
                  { fileName: "data.csv", byteSize: 8 },
                ],
              },
              { slug: "lecture", kind: "VIDEO", isRequired: false },
            ],
          },
          {
            lessons: [
              { slug: "check", questionCount: 2 },
              { slug: "homework", assignment: { maxPoints: 100 } },
            ],
          },
        ],
      },
    });

    // A term of another program is refused beside its field, and nothing is created.
    const otherTerm = await createTerm(prisma, {
      programId: (await createProgram(prisma)).id,
      year: 2027,
      season: "FALL",
    });
    const before = await courseCount();
    const wrongTerm = answer(
      await postForm(importAction, {
        path: "/teach/import",
        token,
        form: { upload: uploadId, programId: program.id, termId: otherTerm.id },
      }),
    );
    expect(wrongTerm.status).toBe(400);
    expect(wrongTerm.data.result).toMatchObject({ error: { termId: ["studio.packages.termNotInProgram"] } });
    expect(await courseCount()).toBe(before);

    const form = { upload: uploadId, programId: program.id, termId: term.id };
    const [first, second] = await Promise.all([
      postForm(importAction, { path: "/teach/import", token, form }),
      postForm(importAction, { path: "/teach/import", token, form }),
    ]);
    expect(answer(first).location).toBe(answer(second).location);
    const courseId = answer(first).location!.replace("/teach/", "");
    expect(await courseCount()).toBe(before + 1);

    const course = await prisma.course.findUniqueOrThrow({
      where: { id: courseId },
      select: {
        slug: true,
        status: true,
        publishedAt: true,
        programId: true,
        termId: true,
        instructors: { select: { userId: true, role: true } },
        lessons: { orderBy: { slug: "asc" }, select: { slug: true, status: true } },
      },
    });
    expect(course).toEqual({
      slug,
      status: "DRAFT",
      publishedAt: null,
      programId: program.id,
      termId: term.id,
      instructors: [{ userId: user.id, role: "LEAD" }],
      lessons: [
        { slug: "check", status: "PUBLISHED" },
        { slug: "homework", status: "PUBLISHED" },
        { slug: "intro", status: "PUBLISHED" },
        { slug: "lecture", status: "DRAFT" },
      ],
    });
    // The upload is gone once imported; asking for it again finds the course it made.
    expect(answer(await postForm(importAction, { path: "/teach/import", token, form })).location).toBe(
      `/teach/${courseId}`,
    );
    expect(await openStoredFile(uploadId)).toBeNull();
  });

  test("never writes into an existing course: a taken slug gets a free one, and the existing course is untouched", async () => {
    const { courseId: existingId, slug, program } = await createSourceCourse();
    const before = await prisma.course.findUniqueOrThrow({ where: { id: existingId } });
    const { token } = await signedIn("ADMIN");
    const edited = samplePackage(slug);
    edited.course.title = "덮어쓰면 안 되는 제목";
    const { courseId } = await importZip({
      token,
      zip: zipCoursePackage({ files: writeCoursePackage(edited), folder: slug }),
      programId: program.id,
    });
    expect(courseId).not.toBe(existingId);
    expect(await prisma.course.findUniqueOrThrow({ where: { id: existingId } })).toEqual(before);
    expect(
      await prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { slug: true, title: true } }),
    ).toEqual({
      slug: `${slug}-2`,
      title: "덮어쓰면 안 되는 제목",
    });
  });
});

describe("duplicating a course", () => {
  test("copies details, outline, lessons, quizzes, assignments and attachment files; no learners; the source untouched", async () => {
    const { courseId: sourceId, program } = await createSourceCourse();
    const term = await createTerm(prisma, { programId: program.id, year: 2027, season: "SPRING" });
    const { user: lead, token } = await signedIn("INSTRUCTOR");
    const coInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
    await addCourseInstructor(prisma, { courseId: sourceId, userId: lead.id });
    await addCourseInstructor(prisma, { courseId: sourceId, userId: coInstructor.id, role: "CO_INSTRUCTOR" });
    const learner = await createUser(prisma);
    await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: sourceId });
    const prerequisite = await createSourceCourse();
    await prisma.coursePrerequisite.create({ data: { courseId: sourceId, prerequisiteId: prerequisite.courseId } });
    const coverKey = await storeFile(encoder.encode("cover image"));
    await prisma.course.update({
      where: { id: sourceId },
      data: { coverImageKey: coverKey, coverImageType: "image/png" },
    });
    const sourceBefore = await snapshot(sourceId);
    const exportedBefore = await exportedFiles(sourceId);

    const loaded = answer(
      await duplicateLoader({
        request: await buildRequest({ path: `/teach/${sourceId}/duplicate`, token }),
        params: { courseId: sourceId },
        context,
      }),
    );
    const submissionKey = (loaded.data as { submissionKey: string }).submissionKey;
    const form = { title: "패키지 왕복 (2027 봄)", code: "PKG501", termId: term.id, submissionKey };
    const posted = answer(
      await postForm(duplicateAction, {
        path: `/teach/${sourceId}/duplicate`,
        token,
        form,
        params: { courseId: sourceId },
      }),
    );
    expect(posted.status).toBe(303);
    const copyId = posted.location!.replace("/teach/", "");
    // The same form sent again makes no second copy.
    const again = answer(
      await postForm(duplicateAction, {
        path: `/teach/${sourceId}/duplicate`,
        token,
        form,
        params: { courseId: sourceId },
      }),
    );
    expect(again.location).toBe(posted.location);

    const copy = await prisma.course.findUniqueOrThrow({
      where: { id: copyId },
      select: {
        slug: true,
        title: true,
        code: true,
        status: true,
        termId: true,
        programId: true,
        coverImageKey: true,
        instructors: { orderBy: { position: "asc" }, select: { userId: true, role: true } },
        prerequisites: { select: { prerequisiteId: true } },
        _count: { select: { enrollments: true, announcements: true, cohorts: true } },
      },
    });
    expect(copy).toMatchObject({
      slug: "pkg501-2027-spring",
      title: "패키지 왕복 (2027 봄)",
      status: "DRAFT",
      termId: term.id,
      programId: program.id,
      instructors: [
        { userId: lead.id, role: "LEAD" },
        { userId: coInstructor.id, role: "CO_INSTRUCTOR" },
      ],
      prerequisites: [{ prerequisiteId: prerequisite.courseId }],
      _count: { enrollments: 0, announcements: 0, cohorts: 0 },
    });
    expect(copy.coverImageKey).not.toBe(coverKey);
    expect(await readStored(copy.coverImageKey!)).toBe("cover image");

    // Content: the same package but for what a draft copy changes.
    const copied = await exportedFiles(copyId);
    for (const [file, bytes] of exportedBefore) {
      if (file !== "course.json") expect(copied.get(file), file).toEqual(bytes);
    }
    expect(manifestOf(copied)).toMatchObject({
      title: "패키지 왕복 (2027 봄)",
      status: "DRAFT",
      credits: 3,
      tags: ["머신러닝", "python"],
    });
    // Attachment files are copies: new keys, same bytes.
    const attachments = await prisma.lessonAttachment.findMany({
      where: { lesson: { courseId: { in: [sourceId, copyId] } } },
      select: { storageKey: true, lesson: { select: { courseId: true } } },
    });
    const keys = (courseId: string) =>
      attachments.filter((row) => row.lesson.courseId === courseId).map((row) => row.storageKey);
    expect(keys(copyId)).toHaveLength(2);
    expect(keys(copyId).filter((key) => keys(sourceId).includes(key))).toEqual([]);

    expect(await snapshot(sourceId)).toEqual(sourceBefore);
  });

  test("an instructor of another course may not duplicate it, and a bad form is answered beside its fields", async () => {
    const { courseId } = await createSourceCourse();
    const { token: otherToken, user: other } = await signedIn("INSTRUCTOR");
    const form = { title: "Copy", code: "CP1", termId: "", submissionKey: crypto.randomUUID() };
    const before = await courseCount();
    expect(
      await statusOf(() =>
        postForm(duplicateAction, {
          path: `/teach/${courseId}/duplicate`,
          token: otherToken,
          form,
          params: { courseId },
        }),
      ),
    ).toBe(403);
    expect(
      await duplicateCourse({
        actor: other,
        courseId,
        title: "Copy",
        code: "CP1",
        termId: null,
        submissionKey: crypto.randomUUID(),
      }),
    ).toEqual({
      ok: false,
      reason: "notAllowed",
    });

    const { token: adminToken } = await signedIn("ADMIN");
    const invalid = answer(
      await postForm(duplicateAction, {
        path: `/teach/${courseId}/duplicate`,
        token: adminToken,
        form: { ...form, title: " ", code: "not a code!" },
        params: { courseId },
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({
      error: { title: ["validation.required"], code: ["studio.codeInvalid"] },
      initialValue: { code: "not a code!" },
    });
    expect(await courseCount()).toBe(before);
  });
});

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const relative = prefix ? `${prefix}/${name}` : name;
      return statSync(path.join(dir, relative)).isDirectory() ? listFiles(dir, relative) : [relative];
    })
    .sort();
}

async function readStored(key: string) {
  const stored = await openStoredFile(key);
  return stored ? decoder.decode(await new Response(stored.stream).arrayBuffer()) : null;
}

/** Every row of a course's content and people, to show nothing of it changed. */
async function snapshot(courseId: string) {
  const lessons = await prisma.lesson.findMany({ where: { courseId }, orderBy: { id: "asc" } });
  const lessonIds = { lessonId: { in: lessons.map((lesson) => lesson.id) } };
  return {
    course: await prisma.course.findUniqueOrThrow({ where: { id: courseId } }),
    modules: await prisma.module.findMany({ where: { courseId }, orderBy: { id: "asc" } }),
    lessons,
    quizzes: await prisma.quiz.findMany({ where: lessonIds, include: { questions: true }, orderBy: { id: "asc" } }),
    assignments: await prisma.assignment.findMany({ where: lessonIds, orderBy: { id: "asc" } }),
    attachments: await prisma.lessonAttachment.findMany({ where: lessonIds, orderBy: { id: "asc" } }),
    instructors: await prisma.courseInstructor.findMany({ where: { courseId }, orderBy: { userId: "asc" } }),
    enrollments: await prisma.enrollment.findMany({ where: { courseId }, orderBy: { id: "asc" } }),
  };
}
