import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { format } from "prettier";
import { describe, expect, test } from "vitest";
import {
  describeCoursePackageIssue,
  parseCoursePackage,
  type CoursePackage,
  type CoursePackageFiles,
  type PackageLesson,
} from "./course-package";
import { readCoursePackage } from "./course-package.server";
import { formatInstant, formatJson, writeCoursePackage } from "./course-package-writer";

const DEMO_COURSES = path.resolve(import.meta.dirname, "../../prisma/seed-data/courses");

function filesIn(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const relative = prefix ? `${prefix}/${name}` : name;
      return statSync(path.join(dir, relative)).isDirectory() ? filesIn(dir, relative) : [relative];
    });
}

function parsed(files: CoursePackageFiles): CoursePackage {
  const result = parseCoursePackage({ files, source: "" });
  if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
  return result.coursePackage;
}

/** A package using every optional field the format has. */
function everyFeature(): CoursePackage {
  return {
    course: {
      slug: "every-feature",
      code: "EF101",
      title: "모든 기능",
      summary: "A package with every optional field set.",
      credits: null,
      level: "ADVANCED",
      language: "en",
      tags: ["딥러닝", "transformers", "한국어 자연어 처리", "attention", "tokenization", "evaluation", "rag"],
      enrollmentPolicy: "APPROVAL",
      capacity: 25,
      enrollmentOpensAt: new Date("2026-08-01T00:00:00.500Z"),
      enrollmentClosesAt: null,
      startsOn: new Date("2026-09-01T00:00:00.000Z"),
      endsOn: null,
      status: "PUBLISHED",
      publishedAt: new Date("2026-07-20T01:00:00.000Z"),
      descriptionMarkdown: "# 소개\n\n$x^2$",
    },
    modules: [
      {
        title: "One",
        summary: "",
        lessons: [
          {
            slug: "talk",
            title: "Talk",
            kind: "VIDEO",
            durationMinutes: 12,
            isRequired: false,
            status: "DRAFT",
            releaseAt: new Date("2026-09-07T00:00:00.000Z"),
            markdown: "Watch.",
            videoUrl: "https://youtu.be/IHZwWFHWa-w",
            transcript: "Hello.",
            quiz: null,
            assignment: null,
            attachments: [
              { fileName: "b.pdf", contentType: "application/pdf", bytes: new Uint8Array([2]) },
              { fileName: "a 슬라이드.pdf", contentType: "application/pdf", bytes: new Uint8Array([1]) },
            ],
          },
          {
            slug: "check",
            title: "Check",
            kind: "QUIZ",
            durationMinutes: 5,
            isRequired: true,
            releaseAt: null,
            markdown: "",
            videoUrl: null,
            transcript: null,
            quiz: {
              passingScore: 80,
              maxAttempts: null,
              timeLimitMinutes: 10,
              shuffleQuestions: true,
              shuffleChoices: true,
              questions: [
                {
                  kind: "SHORT_ANSWER",
                  prompt: "Name it",
                  choices: [],
                  answer: ["pandas"],
                  points: 2,
                  explanation: "",
                },
                {
                  kind: "NUMERIC",
                  prompt: "π to two places?",
                  choices: [],
                  answer: { value: 3.14, tolerance: 0.005 },
                  points: 1,
                  explanation: "",
                },
              ],
            },
            assignment: null,
            attachments: [],
          },
        ],
      },
      { title: "Empty", summary: "Nothing yet", lessons: [] },
    ],
  };
}

describe("writeCoursePackage", () => {
  test("writes every demo package back byte for byte, and no file more", async () => {
    for (const folder of readdirSync(DEMO_COURSES)) {
      const dir = path.join(DEMO_COURSES, folder);
      const result = await readCoursePackage({ dir });
      if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
      const written = writeCoursePackage(result.coursePackage);
      expect([...written.keys()].sort(), folder).toEqual(filesIn(dir));
      for (const [file, bytes] of written) {
        expect(new TextDecoder().decode(bytes), `${folder}/${file}`).toBe(readFileSync(path.join(dir, file), "utf8"));
      }
    }
  });

  test("writes what it reads: reading its files and writing them again gives the same bytes", () => {
    const first = writeCoursePackage(everyFeature());
    const again = writeCoursePackage(parsed(first));
    expect(again).toEqual(first);
    expect([...first.keys()]).toEqual([
      "course.json",
      "description.md",
      "attachments/talk/a 슬라이드.pdf",
      "attachments/talk/b.pdf",
      "lessons/check.md",
      "lessons/check.quiz.json",
      "lessons/talk.md",
      "lessons/talk.transcript.txt",
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(first.get("course.json")));
    expect(manifest.modules[0].lessons[0]).toEqual({
      slug: "talk",
      title: "Talk",
      kind: "VIDEO",
      durationMinutes: 12,
      isRequired: false,
      status: "DRAFT",
      releaseAt: "2026-09-07T09:00:00+09:00",
      videoUrl: "https://youtu.be/IHZwWFHWa-w",
      attachments: [
        { file: "b.pdf", contentType: "application/pdf" },
        { file: "a 슬라이드.pdf", contentType: "application/pdf" },
      ],
    });
    expect(manifest.modules[0].lessons[1]).toEqual({ slug: "check", title: "Check", kind: "QUIZ", durationMinutes: 5 });
    expect(manifest.enrollmentOpensAt).toBe("2026-08-01T09:00:00.500+09:00");
  });

  test("a quiz states shuffleChoices only when true; a NUMERIC answer is its value and tolerance", () => {
    const quiz = JSON.parse(
      new TextDecoder().decode(writeCoursePackage(everyFeature()).get("lessons/check.quiz.json")),
    );
    expect(quiz.shuffleChoices).toBe(true);
    expect(quiz.questions[1]).toEqual({
      kind: "NUMERIC",
      prompt: "π to two places?",
      answer: { value: 3.14, tolerance: 0.005 },
    });
    const plain = everyFeature();
    plain.modules[0]!.lessons[1]!.quiz!.shuffleChoices = false;
    const again = JSON.parse(new TextDecoder().decode(writeCoursePackage(plain).get("lessons/check.quiz.json")));
    expect(again).not.toHaveProperty("shuffleChoices");
  });

  test("an assignment states its submission rules only where they are not the defaults, and reads back the same", () => {
    const withAssignment = (assignment: Partial<NonNullable<PackageLesson["assignment"]>>): CoursePackage => {
      const coursePackage = everyFeature();
      coursePackage.modules[1]!.lessons.push({
        slug: "homework",
        title: "Homework",
        kind: "ASSIGNMENT",
        durationMinutes: 60,
        isRequired: true,
        releaseAt: null,
        markdown: "Do it.",
        videoUrl: null,
        transcript: null,
        quiz: null,
        assignment: {
          dueAt: null,
          latePolicy: "MARK_LATE",
          maxPoints: 100,
          passingPoints: 60,
          allowsText: true,
          allowsFile: true,
          maxFiles: 3,
          maxFileMegabytes: 20,
          fileExtensions: [],
          ...assignment,
        },
        attachments: [],
      });
      return coursePackage;
    };
    const assignmentFile = (coursePackage: CoursePackage) =>
      JSON.parse(new TextDecoder().decode(writeCoursePackage(coursePackage).get("lessons/homework.assignment.json")));

    expect(assignmentFile(withAssignment({}))).toEqual({
      dueAt: null,
      maxPoints: 100,
      passingPoints: 60,
      allowsFile: true,
    });
    const strict = withAssignment({
      latePolicy: "REFUSE",
      allowsText: false,
      maxFiles: 1,
      maxFileMegabytes: 50,
      fileExtensions: [".pdf", ".ipynb"],
    });
    expect(assignmentFile(strict)).toEqual({
      dueAt: null,
      latePolicy: "REFUSE",
      maxPoints: 100,
      passingPoints: 60,
      allowsText: false,
      allowsFile: true,
      maxFiles: 1,
      maxFileMegabytes: 50,
      fileExtensions: [".pdf", ".ipynb"],
    });
    const first = writeCoursePackage(strict);
    expect(writeCoursePackage(parsed(first))).toEqual(first);
    expect(parsed(first).modules[1]!.lessons[0]!.assignment).toEqual(strict.modules[1]!.lessons[0]!.assignment);
  });

  test("a lesson states its status only where it differs from its course's", () => {
    const draft = everyFeature();
    draft.course.status = "DRAFT";
    delete draft.course.publishedAt;
    draft.modules[0]!.lessons[1]!.status = "PUBLISHED";
    const manifest = JSON.parse(new TextDecoder().decode(writeCoursePackage(draft).get("course.json")));
    expect(manifest.publishedAt).toBeUndefined();
    expect(manifest.modules[0].lessons.map((lesson: { status?: string }) => lesson.status)).toEqual([
      undefined,
      "PUBLISHED",
    ]);
  });
});

describe("formatJson", () => {
  test("lays JSON out as Prettier does, arrays near the width included", async () => {
    const samples = [
      everyFeature().course.tags,
      { tags: ["가나다라마바사", "아자차카타파하", "가나다라마바사", "아자차카타파하", "가나다라마바사", "아자차"] },
      { tags: ["가나다라마바사", "아자차카타파하", "가나다라마바사", "아자차카타파하", "가나다라마바사", "아자차카"] },
      { nested: { answer: ["a", "b"], empty: [], none: {}, value: null, yes: true, n: -1.5 } },
      { a: "x".repeat(100), b: ["y".repeat(100)], c: ["z".repeat(95)] },
      { last: ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "12"] },
      [
        { id: "a", text: "(0, 1)" },
        { id: "b", text: "σ(z) = 1 / (1 + e^(-z))" },
      ],
    ];
    for (const sample of samples) {
      const prettier = await format(JSON.stringify(sample, null, 2), { parser: "json", printWidth: 120 });
      expect(formatJson(sample)).toBe(prettier);
    }
  });

  test("times are written in Korea's offset", () => {
    expect(formatInstant(new Date("2026-12-04T14:59:00.000Z"))).toBe("2026-12-04T23:59:00+09:00");
    expect(formatInstant(null)).toBeNull();
  });
});
