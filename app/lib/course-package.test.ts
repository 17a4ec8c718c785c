import { describe, expect, test } from "vitest";
import { describeCoursePackageIssue, parseCoursePackage, type CoursePackageResult } from "./course-package";

const SOURCE = "courses/ml101";

function manifest(overrides: Record<string, unknown> = {}) {
  return {
    format: 1,
    slug: "ml101-intro",
    code: "ML101",
    title: "머신러닝 입문",
    summary: "A short course made by a test.",
    level: "BEGINNER",
    language: "ko",
    status: "PUBLISHED",
    modules: [
      {
        title: "시작하기",
        lessons: [
          { slug: "welcome", title: "Welcome", kind: "ARTICLE", durationMinutes: 5 },
          {
            slug: "intro-video",
            title: "Intro",
            kind: "VIDEO",
            durationMinutes: 8,
            videoUrl: "https://youtu.be/IHZwWFHWa-w",
          },
        ],
      },
      {
        title: "확인",
        lessons: [
          { slug: "check", title: "Check", kind: "QUIZ", durationMinutes: 10 },
          {
            slug: "homework",
            title: "Homework",
            kind: "ASSIGNMENT",
            durationMinutes: 60,
            attachments: [{ file: "데이터.csv", contentType: "text/csv" }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

const QUIZ = {
  questions: [
    {
      kind: "SINGLE_CHOICE",
      prompt: "2 + 2?",
      choices: [
        { id: "a", text: "3" },
        { id: "b", text: "4" },
      ],
      answer: ["b"],
    },
  ],
};

/** A valid package's files; `changes` replaces or (with null) removes some. */
function files(changes: Record<string, string | Uint8Array | object | null> = {}) {
  const contents: Record<string, string | Uint8Array | object | null> = {
    "course.json": manifest(),
    "description.md": "# 소개\r\n\r\n수식 $\\mathbf{w}^\\top \\mathbf{x}$.\r\n\r\n",
    "lessons/welcome.md": "\uFEFFHello.\n",
    "lessons/intro-video.md": "Watch it.\n",
    "lessons/intro-video.transcript.txt": "What the video says.\n",
    "lessons/check.md": "A quiz.\n",
    "lessons/check.quiz.json": QUIZ,
    "lessons/homework.md": "Do it.\n",
    "lessons/homework.assignment.json": { dueAt: "2026-12-04T23:59:00+09:00" },
    "attachments/homework/데이터.csv": new Uint8Array([1, 2, 3]),
    ...changes,
  };
  const encoder = new TextEncoder();
  return new Map(
    Object.entries(contents).flatMap(([file, content]) => {
      if (content === null) return [];
      if (content instanceof Uint8Array) return [[file, content] as const];
      const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
      return [[file, encoder.encode(text)] as const];
    }),
  );
}

function issuesOf(result: CoursePackageResult): string[] {
  if (result.ok) throw new Error("expected the package to be refused");
  return result.issues.map(describeCoursePackageIssue);
}

describe("parseCoursePackage", () => {
  test("reads a valid package: Markdown as written, JSON with its defaults, attachments as bytes", () => {
    const result = parseCoursePackage({ files: files(), source: SOURCE });
    if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
    const { course, modules } = result.coursePackage;

    expect(course).toMatchObject({ slug: "ml101-intro", status: "PUBLISHED", enrollmentPolicy: "OPEN", tags: [] });
    expect(course.descriptionMarkdown).toBe("# 소개\n\n수식 $\\mathbf{w}^\\top \\mathbf{x}$.");
    const [welcome, video, quiz, homework] = modules.flatMap((module) => module.lessons);
    expect(welcome).toMatchObject({ markdown: "Hello.", isRequired: true, releaseAt: null, quiz: null });
    expect(video).toMatchObject({ videoUrl: "https://youtu.be/IHZwWFHWa-w", transcript: "What the video says." });
    expect(quiz?.quiz).toMatchObject({
      passingScore: 70,
      maxAttempts: null,
      shuffleQuestions: false,
      shuffleChoices: false,
    });
    expect(quiz?.quiz?.questions[0]).toMatchObject({ points: 1, explanation: "" });
    expect(homework?.assignment).toEqual({
      dueAt: new Date("2026-12-04T14:59:00.000Z"),
      latePolicy: "MARK_LATE",
      maxPoints: 100,
      passingPoints: 60,
      allowsText: true,
      allowsFile: true,
      maxFiles: 3,
      maxFileMegabytes: 20,
      fileExtensions: [],
    });
    expect(homework?.attachments).toEqual([
      { fileName: "데이터.csv", contentType: "text/csv", bytes: new Uint8Array([1, 2, 3]) },
    ]);
  });

  test("names the file and the field of a malformed course.json", () => {
    const broken = manifest();
    broken.modules[1]!.lessons[0]!.kind = "QUIZZ";
    expect(issuesOf(parseCoursePackage({ files: files({ "course.json": broken }), source: SOURCE }))).toEqual([
      "courses/ml101/course.json, line 35: modules[1].lessons[0].kind: " +
        "Expected one of ARTICLE, VIDEO, QUIZ, ASSIGNMENT, received QUIZZ",
    ]);
  });

  test("lists every issue of course.json at once, unknown keys included", () => {
    const broken = manifest({ format: 2, level: undefined, durationMinutes: 5 });
    broken.modules[0]!.lessons[1] = { slug: "welcome", title: "Again", kind: "VIDEO", durationMinutes: -1 } as never;
    broken.modules[1]!.lessons[0] = {
      ...broken.modules[1]!.lessons[0]!,
      kind: "VIDEO",
      videoUrl: "https://example.com/talk",
    };
    const issues = issuesOf(parseCoursePackage({ files: files({ "course.json": broken }), source: SOURCE }));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^courses\/ml101\/course\.json, line 2: format: Expected 1/),
        // A missing key is placed at its object, an unknown key at itself.
        "courses/ml101/course.json, line 1: level: Required",
        "courses/ml101/course.json, line 52: Unrecognized key(s) in object: 'durationMinutes'",
        "courses/ml101/course.json, line 23: modules[0].lessons[1].durationMinutes: Number must be greater than or equal to 0",
        "courses/ml101/course.json, line 19: modules[0].lessons[1].videoUrl: Required for a VIDEO lesson",
        "courses/ml101/course.json, line 35: modules[1].lessons[0].videoUrl: The player shows YouTube, Vimeo, or an .mp4 or .webm file",
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  test("refuses two lessons with one slug, naming the second", () => {
    const twice = manifest();
    twice.modules[1]!.lessons[0]!.slug = "welcome";
    expect(issuesOf(parseCoursePackage({ files: files({ "course.json": twice }), source: SOURCE }))).toEqual([
      'courses/ml101/course.json, line 33: modules[1].lessons[0].slug: Duplicate lesson slug "welcome"',
    ]);
  });

  test("names a missing lesson file, a missing attachment and JSON that does not parse", () => {
    const result = parseCoursePackage({
      files: files({
        "lessons/check.md": null,
        "attachments/homework/데이터.csv": null,
        "lessons/homework.assignment.json": "{ dueAt: tomorrow }",
      }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      'courses/ml101/lessons/check.md: Missing: lesson "check" (course.json, line 32) needs this file',
      "courses/ml101/lessons/homework.assignment.json, line 1: " +
        "Not valid JSON (unexpected text: keys and strings are written in double quotes)",
      'courses/ml101/attachments/homework/데이터.csv: Missing: lesson "homework" lists it in course.json, line 44',
    ]);
  });

  test("checks quizzes and assignments against their lesson", () => {
    const quiz = {
      questions: [
        { kind: "SINGLE_CHOICE", prompt: "?", choices: [{ id: "a", text: "A" }], answer: ["a", "z"] },
        { kind: "SHORT_ANSWER", prompt: "Name it", answer: ["pandas"] },
      ],
    };
    const result = parseCoursePackage({
      files: files({
        "lessons/check.quiz.json": quiz,
        "lessons/homework.assignment.json": { maxPoints: 10, passingPoints: 60 },
      }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      "courses/ml101/lessons/check.quiz.json, line 6: questions[0].choices: A SINGLE_CHOICE question has at least 2 choices",
      "courses/ml101/lessons/check.quiz.json, line 12: questions[0].answer: A SINGLE_CHOICE question has one answer",
      'courses/ml101/lessons/check.quiz.json, line 14: questions[0].answer[1]: No choice has the id "z"',
      "courses/ml101/lessons/homework.assignment.json, line 3: passingPoints: Must not exceed maxPoints",
    ]);
  });

  test("reads NUMERIC questions, choice shuffling and an assignment's submission rules", () => {
    const quiz = {
      shuffleChoices: true,
      questions: [{ kind: "NUMERIC", prompt: "π?", answer: { value: 3.14, tolerance: 0.01 }, points: 2 }],
    };
    const assignment = {
      latePolicy: "REFUSE",
      allowsText: false,
      maxFiles: 1,
      maxFileMegabytes: 50,
      fileExtensions: [".pdf", ".tar.gz"],
    };
    const result = parseCoursePackage({
      files: files({ "lessons/check.quiz.json": quiz, "lessons/homework.assignment.json": assignment }),
      source: SOURCE,
    });
    if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
    const [, , check, homework] = result.coursePackage.modules.flatMap((module) => module.lessons);
    expect(check?.quiz).toMatchObject({
      shuffleChoices: true,
      questions: [{ kind: "NUMERIC", choices: [], answer: { value: 3.14, tolerance: 0.01 }, points: 2 }],
    });
    expect(homework?.assignment).toMatchObject({ ...assignment, dueAt: null, maxPoints: 100 });
  });

  test("checks each answer's shape against its question's kind", () => {
    const quiz = {
      questions: [
        { kind: "NUMERIC", prompt: "π?", answer: ["3.14"] },
        { kind: "SHORT_ANSWER", prompt: "Name it", answer: { value: 1, tolerance: 0 } },
        { kind: "SHORT_ANSWER", prompt: "Name it", answer: "pandas" },
        { kind: "SHORT_ANSWER", prompt: "Name it", answer: ["pandas", " "] },
        { kind: "NUMERIC", prompt: "e?", answer: { value: 2.72, tolerance: -1 } },
      ],
    };
    const result = parseCoursePackage({
      files: files({
        "lessons/check.quiz.json": quiz,
        "lessons/homework.assignment.json": { latePolicy: "LATER", maxFiles: 11, fileExtensions: ["pdf"] },
      }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      "courses/ml101/lessons/check.quiz.json, line 6: questions[0].answer: " +
        'A NUMERIC question\'s answer is { "value": <number>, "tolerance": <number of at least 0> }',
      "courses/ml101/lessons/check.quiz.json, line 13: questions[1].answer: " +
        "A SHORT_ANSWER question's answer is a list: the correct choice ids, or the accepted answers",
      "courses/ml101/lessons/check.quiz.json, line 21: questions[2].answer: " +
        'Expected a list of answers, or { "value", "tolerance" } for a NUMERIC question',
      "courses/ml101/lessons/check.quiz.json, line 28: questions[3].answer[1]: Must not be empty",
      "courses/ml101/lessons/check.quiz.json, line 36: questions[4].answer.tolerance: " +
        'A NUMERIC question\'s answer is { "value": <number>, "tolerance": <number of at least 0> }',
      "courses/ml101/lessons/homework.assignment.json, line 2: latePolicy: " +
        "Expected one of ACCEPT, MARK_LATE, REFUSE, received LATER",
      "courses/ml101/lessons/homework.assignment.json, line 3: maxFiles: Number must be less than or equal to 10",
      "courses/ml101/lessons/homework.assignment.json, line 5: fileExtensions[0]: " +
        "Use an extension with its dot, such as .pdf",
    ]);
    const nothingToSubmit = parseCoursePackage({
      files: files({ "lessons/homework.assignment.json": { allowsText: false, allowsFile: false } }),
      source: SOURCE,
    });
    expect(issuesOf(nothingToSubmit)).toEqual([
      "courses/ml101/lessons/homework.assignment.json, line 2: allowsText: " +
        "An assignment takes a text answer, files or both: allowsText and allowsFile are not both false",
    ]);
  });

  test("refuses files no lesson uses, such as a quiz beside an article or a misspelt lesson", () => {
    const result = parseCoursePackage({
      files: files({ "lessons/welcome.quiz.json": QUIZ, "lessons/welcom.md": "Typo", "notes.txt": "to do" }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      expect.stringMatching(/^courses\/ml101\/lessons\/welcom\.md: Not part of the course/),
      expect.stringMatching(/^courses\/ml101\/lessons\/welcome\.quiz\.json: Not part of the course/),
      expect.stringMatching(/^courses\/ml101\/notes\.txt: Not part of the course/),
    ]);
  });

  test("refuses text that is not UTF-8, and a file name that could leave the package", () => {
    const escaping = manifest();
    escaping.modules[1]!.lessons[1] = {
      slug: "homework",
      title: "Homework",
      kind: "ASSIGNMENT",
      durationMinutes: 60,
      attachments: [{ file: "../../etc/passwd", contentType: "text/plain" }],
    };
    expect(
      issuesOf(
        parseCoursePackage({
          files: files({ "lessons/welcome.md": new Uint8Array([0xff, 0xfe, 0x41]) }),
          source: SOURCE,
        }),
      ),
    ).toEqual(["courses/ml101/lessons/welcome.md: Not UTF-8 text"]);
    expect(issuesOf(parseCoursePackage({ files: files({ "course.json": escaping }), source: SOURCE }))).toEqual([
      "courses/ml101/course.json, line 45: modules[1].lessons[1].attachments[0].file: Use a plain file name such as week-1-slides.pdf",
    ]);
  });

  test("a draft course has no publishedAt, and a course ends after it starts", () => {
    const result = parseCoursePackage({
      files: files({
        "course.json": manifest({
          status: "DRAFT",
          publishedAt: "2026-07-20T10:00:00+09:00",
          startsOn: "2026-09-01",
          endsOn: "2026-08-31",
        }),
      }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      "courses/ml101/course.json, line 55: endsOn: Must not be before startsOn",
      "courses/ml101/course.json, line 53: publishedAt: A DRAFT course has no publishedAt",
    ]);
  });

  test("refuses dates that do not exist and times without an offset", () => {
    const result = parseCoursePackage({
      files: files({
        "course.json": manifest({ startsOn: "2026-02-30", endsOn: "2026-13-01", publishedAt: "2026-07-20T10:00:00" }),
      }),
      source: SOURCE,
    });
    expect(issuesOf(result)).toEqual([
      "courses/ml101/course.json, line 53: startsOn: No such date",
      "courses/ml101/course.json, line 54: endsOn: No such date",
      "courses/ml101/course.json, line 55: publishedAt: Use a date and time with its offset, such as 2026-09-01T09:00:00+09:00",
    ]);
  });

  test("a JSON syntax error names its line, and every issue carries its code for the reader's language", () => {
    const missingComma = '{\n  "dueAt": null\n  "maxPoints": 10\n}\n';
    const result = parseCoursePackage({
      files: files({ "lessons/homework.assignment.json": missingComma, "lessons/check.quiz.json": { questions: [] } }),
      source: "",
    });
    if (result.ok) throw new Error("expected the package to be refused");
    expect(result.issues).toEqual([
      {
        file: "lessons/check.quiz.json",
        line: 2,
        field: "questions",
        code: "noQuestions",
        message: "A quiz has at least one question",
      },
      {
        file: "lessons/homework.assignment.json",
        line: 3,
        code: "jsonCommaExpected",
        message: "Not valid JSON (a comma is missing before this)",
      },
    ]);
  });
});
