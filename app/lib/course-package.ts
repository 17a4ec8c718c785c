// Bitgoeul's course package format, version 1 (docs/course-package.md): one course as a folder of
// plain files an author can edit and preview. This module knows the files' shapes and checks them;
// it reads no disk and writes no database, so a folder (course-package.server.ts) and an uploaded
// archive (course-package-zip.ts) both come here as a map of paths to bytes.
//
// Every issue has a code from COURSE_PACKAGE_ISSUES (its English text here, for the seed and logs;
// the studio shows it in the reader's language) and, in a JSON file, the line of the value at fault.
import {
  findNodeAtLocation,
  parse as parseJsonc,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from "jsonc-parser";
import { z } from "zod";
import type {
  CourseLevel,
  CourseStatus,
  EnrollmentPolicy,
  LatePolicy,
  LessonKind,
  Locale,
} from "~/generated/prisma/enums";
import { findQuestionProblems, QUESTION_KINDS } from "~/lib/quiz-questions";
import { SUBMISSION_MAX_FILE_MEGABYTES, SUBMISSION_MAX_FILES } from "~/lib/upload-limits";
import { parseVideoUrl } from "~/lib/video";

/** The format this code reads; a package states its own in course.json. */
export const COURSE_PACKAGE_FORMAT = 1;

/**
 * Every issue a package can have, in English with {{placeholders}}. The studio shows the same text
 * in the reader's language under `studio.packages.issue.<code>`, with the same placeholders.
 */
export const COURSE_PACKAGE_ISSUES = {
  // Files
  missingFile: "Missing: the package has no such file",
  missingLessonFile: 'Missing: lesson "{{lesson}}" (course.json, line {{line}}) needs this file',
  missingAttachment: 'Missing: lesson "{{lesson}}" lists it in course.json, line {{line}}',
  unexpectedFile: "Not part of the course: course.json names no lesson or attachment that uses this file",
  notUtf8: "Not UTF-8 text",
  notPlainFile: "Not a plain file (a link or a device)",
  noSuchFolder: "No such folder",
  unreadable: "Could not be read ({{detail}})",
  unsafePath: "Not a safe path inside a package: no .., no absolute paths, no empty folder names",
  duplicatePath: "In the archive twice",
  // JSON syntax
  jsonCommaExpected: "Not valid JSON (a comma is missing before this)",
  jsonColonExpected: "Not valid JSON (a colon is missing after a key)",
  jsonPropertyNameExpected: "Not valid JSON (expected a key in double quotes; a comma too many?)",
  jsonValueExpected: "Not valid JSON (expected a value)",
  jsonCloseBraceExpected: "Not valid JSON (a closing } is missing)",
  jsonCloseBracketExpected: "Not valid JSON (a closing ] is missing)",
  jsonEndOfFileExpected: "Not valid JSON (more text after the end)",
  jsonInvalidSymbol: "Not valid JSON (unexpected text: keys and strings are written in double quotes)",
  jsonUnclosedString: "Not valid JSON (a string is not closed)",
  jsonBadEscape: "Not valid JSON (a backslash escape that JSON does not have)",
  jsonControlCharacter: "Not valid JSON (a tab or line break inside a string; write \\t or \\n)",
  jsonBadNumber: "Not valid JSON (a number written in a way JSON does not allow)",
  jsonInvalid: "Not valid JSON ({{detail}})",
  // Values of any field
  required: "Required",
  wrongType: "Expected {{expected}}, received {{received}}",
  notOneOf: "Expected one of {{options}}, received {{received}}",
  unknownKeys: "Unrecognized key(s) in object: {{keys}}",
  wholeNumber: "Expected a whole number",
  numberTooSmall: "Number must be greater than or equal to {{minimum}}",
  numberTooLarge: "Number must be less than or equal to {{maximum}}",
  tooLong: "At most {{maximum}} characters",
  invalid: "Invalid value",
  empty: "Must not be empty",
  slugFormat: "Use lower-case letters, digits and single hyphens, such as linear-regression",
  dateFormat: "Use a date such as 2026-09-01",
  noSuchDate: "No such date",
  timeFormat: "Use a date and time with its offset, such as 2026-09-01T09:00:00+09:00",
  fileNameFormat: "Use a plain file name such as week-1-slides.pdf",
  contentTypeFormat: "Use a media type such as application/pdf",
  // course.json
  formatUnsupported: "Expected 1: this Bitgoeul reads course packages of format 1",
  noModules: "A course has at least one module",
  endsBeforeStarts: "Must not be before startsOn",
  closesBeforeOpens: "Must be after enrollmentOpensAt",
  draftPublishedAt: "A DRAFT course has no publishedAt",
  duplicateLessonSlug: 'Duplicate lesson slug "{{value}}"',
  duplicateAttachment: 'Duplicate attachment "{{value}}"',
  videoUrlUnsupported: "The player shows YouTube, Vimeo, or an .mp4 or .webm file",
  videoUrlRequired: "Required for a VIDEO lesson",
  videoUrlNotVideo: "Only a VIDEO lesson has a videoUrl",
  // Quizzes and assignments
  noQuestions: "A quiz has at least one question",
  noAnswer: "Give at least one answer",
  choicesNotAllowed: "A {{kind}} question has no choices",
  trueFalseChoices: "A TRUE_FALSE question has exactly 2 choices",
  tooFewChoices: "A {{kind}} question has at least 2 choices",
  duplicateChoiceId: 'Duplicate choice id "{{value}}"',
  oneAnswer: "A {{kind}} question has one answer",
  unknownChoice: 'No choice has the id "{{value}}"',
  tooManyChoices: "At most {{maximum}} choices",
  numericAnswer: 'A NUMERIC question\'s answer is { "value": <number>, "tolerance": <number of at least 0> }',
  answerList: "A {{kind}} question's answer is a list: the correct choice ids, or the accepted answers",
  answerShape: 'Expected a list of answers, or { "value", "tolerance" } for a NUMERIC question',
  passingAboveMax: "Must not exceed maxPoints",
  fileExtensionFormat: "Use an extension with its dot, such as .pdf",
  nothingToSubmit: "An assignment takes a text answer, files or both: allowsText and allowsFile are not both false",
} as const;

export type CoursePackageIssueCode = keyof typeof COURSE_PACKAGE_ISSUES;
type IssueValues = Record<string, string | number>;

/** The English text of an issue code with its values filled in. */
export function describeIssueCode(code: CoursePackageIssueCode, values: IssueValues = {}): string {
  return COURSE_PACKAGE_ISSUES[code].replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values[name] ?? ""));
}

/** zod messages in the schemas below are issue codes, so each issue can be shown in any language. */
const issue = (code: CoursePackageIssueCode) => code;

const LESSON_KINDS = ["ARTICLE", "VIDEO", "QUIZ", "ASSIGNMENT"] as const satisfies readonly LessonKind[];
const LATE_POLICIES = ["ACCEPT", "MARK_LATE", "REFUSE"] as const satisfies readonly LatePolicy[];
const COURSE_LEVELS = ["BEGINNER", "INTERMEDIATE", "ADVANCED"] as const satisfies readonly CourseLevel[];
const LANGUAGES = ["ko", "en"] as const satisfies readonly Locale[];
const ENROLLMENT_POLICIES = ["OPEN", "APPROVAL", "COHORT_ONLY"] as const satisfies readonly EnrollmentPolicy[];
const COURSE_STATUSES = ["DRAFT", "PUBLISHED", "ARCHIVED"] as const satisfies readonly CourseStatus[];

// ───────────────────────────── Field shapes ─────────────────────────────

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, issue("slugFormat"));

const text = z.string().trim().min(1, issue("empty"));

const wholeNumber = (minimum: number) => z.number().int().min(minimum);

/** A calendar day such as 2026-09-01, kept as the UTC midnight that @db.Date columns hold. */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, issue("dateFormat"))
  .refine((day) => {
    const date = new Date(`${day}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March rather than refusing it.
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, issue("noSuchDate"))
  .transform((day) => new Date(`${day}T00:00:00.000Z`));

/** An instant with its offset, so a Korean author's 09:00 stays 09:00 in Seoul on any server. */
const instant = z
  .string()
  .datetime({ offset: true, message: issue("timeFormat") })
  .transform((value) => new Date(value));

// Attachment names become download names and paths inside the package, so no separators, no
// characters Windows refuses, and no leading dot (hidden files are skipped when reading a folder).
const attachmentFileName = z
  .string()
  .max(200)
  .regex(/^[^./\\:*?"<>|\p{Cc}][^/\\:*?"<>|\p{Cc}]*$/u, issue("fileNameFormat"));

const contentType = z.string().regex(/^[a-z0-9][\w.+-]*\/[\w.+-]+$/i, issue("contentTypeFormat"));

// ───────────────────────────── course.json ─────────────────────────────

const attachmentEntrySchema = z.object({ file: attachmentFileName, contentType }).strict();

const lessonEntrySchema = z
  .object({
    slug,
    title: text,
    kind: z.enum(LESSON_KINDS),
    durationMinutes: wholeNumber(0),
    isRequired: z.boolean().default(true),
    /** Omitted: the lesson follows its course (a draft course's lessons are drafts). */
    status: z.enum(["DRAFT", "PUBLISHED"]).optional(),
    releaseAt: instant.nullable().default(null),
    videoUrl: z
      .string()
      .refine((url) => parseVideoUrl(url) !== null, issue("videoUrlUnsupported"))
      .optional(),
    attachments: z.array(attachmentEntrySchema).default([]),
  })
  .strict()
  .superRefine((lesson, context) => {
    if (lesson.kind === "VIDEO" && !lesson.videoUrl) {
      context.addIssue({ code: "custom", path: ["videoUrl"], message: issue("videoUrlRequired") });
    }
    if (lesson.kind !== "VIDEO" && lesson.videoUrl !== undefined) {
      context.addIssue({ code: "custom", path: ["videoUrl"], message: issue("videoUrlNotVideo") });
    }
    reportDuplicates({
      context,
      values: lesson.attachments.map((attachment) => attachment.file.normalize("NFC")),
      path: (index) => ["attachments", index, "file"],
      code: "duplicateAttachment",
    });
  });

const moduleEntrySchema = z
  .object({ title: text, summary: z.string().trim().default(""), lessons: z.array(lessonEntrySchema) })
  .strict();

const courseManifestSchema = z
  .object({
    format: z.literal(COURSE_PACKAGE_FORMAT, {
      errorMap: () => ({ message: issue("formatUnsupported") }),
    }),
    slug,
    code: text,
    title: text,
    summary: text,
    credits: wholeNumber(0).nullable().default(null),
    level: z.enum(COURSE_LEVELS),
    language: z.enum(LANGUAGES),
    tags: z.array(text).default([]),
    enrollmentPolicy: z.enum(ENROLLMENT_POLICIES).default("OPEN"),
    capacity: wholeNumber(1).nullable().default(null),
    enrollmentOpensAt: instant.nullable().default(null),
    enrollmentClosesAt: instant.nullable().default(null),
    startsOn: calendarDay.nullable().default(null),
    endsOn: calendarDay.nullable().default(null),
    status: z.enum(COURSE_STATUSES).default("DRAFT"),
    /** Omitted on a published course: kept from an earlier import, or the time of the first one. */
    publishedAt: instant.optional(),
    modules: z.array(moduleEntrySchema).min(1, issue("noModules")),
  })
  .strict()
  .superRefine((course, context) => {
    if (course.startsOn && course.endsOn && course.endsOn < course.startsOn) {
      context.addIssue({ code: "custom", path: ["endsOn"], message: issue("endsBeforeStarts") });
    }
    if (
      course.enrollmentOpensAt &&
      course.enrollmentClosesAt &&
      course.enrollmentClosesAt <= course.enrollmentOpensAt
    ) {
      context.addIssue({ code: "custom", path: ["enrollmentClosesAt"], message: issue("closesBeforeOpens") });
    }
    if (course.status === "DRAFT" && course.publishedAt) {
      context.addIssue({ code: "custom", path: ["publishedAt"], message: issue("draftPublishedAt") });
    }
    const lessonPaths = course.modules.flatMap((module, moduleIndex) =>
      module.lessons.map((lesson, lessonIndex) => ({ slug: lesson.slug, moduleIndex, lessonIndex })),
    );
    reportDuplicates({
      context,
      values: lessonPaths.map((lesson) => lesson.slug),
      path: (index) => ["modules", lessonPaths[index]!.moduleIndex, "lessons", lessonPaths[index]!.lessonIndex, "slug"],
      code: "duplicateLessonSlug",
    });
  });

// ───────────────────────────── <lesson>.quiz.json, <lesson>.assignment.json ─────────────────────────────

const questionSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    prompt: text,
    choices: z.array(z.object({ id: text, text }).strict()).default([]),
    /** Correct choice ids; for SHORT_ANSWER the accepted answers; for NUMERIC { value, tolerance }. */
    answer: z.union([z.array(text), z.object({ value: z.number(), tolerance: z.number() }).strict()], {
      errorMap: () => ({ message: issue("answerShape") }),
    }),
    points: wholeNumber(0).default(1),
    explanation: z.string().trim().default(""),
  })
  .strict()
  .superRefine((question, context) => {
    // The same rules the studio keeps (app/lib/quiz-questions.ts), each with its issue code.
    for (const problem of findQuestionProblems(question)) {
      context.addIssue({ code: "custom", path: problem.path, message: issue(problem.code), params: problem.values });
    }
  });

const quizSchema = z
  .object({
    passingScore: wholeNumber(0).max(100).default(70),
    maxAttempts: wholeNumber(1).nullable().default(null),
    timeLimitMinutes: wholeNumber(1).nullable().default(null),
    shuffleQuestions: z.boolean().default(false),
    shuffleChoices: z.boolean().default(false),
    questions: z.array(questionSchema).min(1, issue("noQuestions")),
  })
  .strict();

/** An assignment's submission rules where a package leaves them out (the database's defaults too). */
export const ASSIGNMENT_DEFAULTS = {
  latePolicy: "MARK_LATE",
  allowsText: true,
  maxFiles: 3,
  maxFileMegabytes: 20,
} as const satisfies { latePolicy: LatePolicy; allowsText: boolean; maxFiles: number; maxFileMegabytes: number };

const assignmentSchema = z
  .object({
    dueAt: instant.nullable().default(null),
    latePolicy: z.enum(LATE_POLICIES).default(ASSIGNMENT_DEFAULTS.latePolicy),
    maxPoints: wholeNumber(1).default(100),
    passingPoints: wholeNumber(0).default(60),
    allowsText: z.boolean().default(ASSIGNMENT_DEFAULTS.allowsText),
    allowsFile: z.boolean().default(true),
    maxFiles: wholeNumber(1).max(SUBMISSION_MAX_FILES).default(ASSIGNMENT_DEFAULTS.maxFiles),
    maxFileMegabytes: wholeNumber(1).max(SUBMISSION_MAX_FILE_MEGABYTES).default(ASSIGNMENT_DEFAULTS.maxFileMegabytes),
    fileExtensions: z.array(z.string().regex(/^\.[a-z0-9]+(\.[a-z0-9]+)*$/i, issue("fileExtensionFormat"))).default([]),
  })
  .strict()
  .superRefine((assignment, context) => {
    if (assignment.passingPoints > assignment.maxPoints) {
      context.addIssue({ code: "custom", path: ["passingPoints"], message: issue("passingAboveMax") });
    }
    if (!assignment.allowsText && !assignment.allowsFile) {
      context.addIssue({ code: "custom", path: ["allowsText"], message: issue("nothingToSubmit") });
    }
  });

function reportDuplicates({
  context,
  values,
  path,
  code,
}: {
  context: z.RefinementCtx;
  values: string[];
  path: (index: number) => (string | number)[];
  code: "duplicateAttachment" | "duplicateLessonSlug";
}) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      context.addIssue({ code: "custom", path: path(index), message: issue(code), params: { value } });
    }
    seen.add(value);
  });
}

// ───────────────────────────── The parsed package ─────────────────────────────

type CourseManifest = z.output<typeof courseManifestSchema>;
type LessonEntry = z.output<typeof lessonEntrySchema>;

export type PackageQuiz = z.output<typeof quizSchema>;
export type PackageQuestion = PackageQuiz["questions"][number];
export type PackageAssignment = z.output<typeof assignmentSchema>;
export type PackageAttachment = { fileName: string; contentType: string; bytes: Uint8Array };

export type PackageLesson = Omit<LessonEntry, "videoUrl" | "attachments"> & {
  markdown: string;
  videoUrl: string | null;
  transcript: string | null;
  quiz: PackageQuiz | null;
  assignment: PackageAssignment | null;
  attachments: PackageAttachment[];
};

export type PackageModule = { title: string; summary: string; lessons: PackageLesson[] };

/** One course as its package describes it, checked and with every file read. */
export type CoursePackage = {
  course: Omit<CourseManifest, "format" | "modules"> & { descriptionMarkdown: string };
  modules: PackageModule[];
};

/**
 * One thing wrong with a package: the file (shown with where the package came from), the line of
 * the value at fault in a JSON file, the field, and what is wrong (`code` and its `values`, and
 * `message`, the same in English).
 */
export type CoursePackageIssue = {
  file: string;
  line?: number;
  field?: string;
  code: CoursePackageIssueCode;
  values?: IssueValues;
  message: string;
};

export type CoursePackageResult =
  { ok: true; coursePackage: CoursePackage } | { ok: false; issues: CoursePackageIssue[] };

/** A package's files by their path inside it ("course.json", "lessons/intro.md"), always with "/". */
export type CoursePackageFiles = ReadonlyMap<string, Uint8Array>;

/** An issue built from its code, with the English message filled in. */
export function coursePackageIssue({
  file,
  line,
  field,
  code,
  values,
}: Omit<CoursePackageIssue, "message">): CoursePackageIssue {
  return {
    file,
    ...(line ? { line } : {}),
    ...(field ? { field } : {}),
    code,
    ...(values && Object.keys(values).length > 0 ? { values } : {}),
    message: describeIssueCode(code, values),
  };
}

/** `courses/ai501/course.json, line 14: modules[1].lessons[0].kind: Invalid enum value…` */
export function describeCoursePackageIssue(issue: CoursePackageIssue): string {
  const where = issue.line ? `${issue.file}, line ${issue.line}` : issue.file;
  return [where, issue.field, issue.message].filter(Boolean).join(": ");
}

/** The paths a package holds for a lesson, beside course.json. */
export const lessonFiles = (lessonSlug: string) => ({
  markdown: `lessons/${lessonSlug}.md`,
  transcript: `lessons/${lessonSlug}.transcript.txt`,
  quiz: `lessons/${lessonSlug}.quiz.json`,
  assignment: `lessons/${lessonSlug}.assignment.json`,
  attachment: (fileName: string) => `attachments/${lessonSlug}/${fileName}`,
});

export const MANIFEST_FILE = "course.json";
export const DESCRIPTION_FILE = "description.md";

/**
 * Checks a package's files and reads them into a CoursePackage, or lists every issue found.
 * `source` names where the files came from (a folder, an upload) in the issues' file names.
 */
export function parseCoursePackage({
  files,
  source,
}: {
  files: CoursePackageFiles;
  source: string;
}): CoursePackageResult {
  const issues: CoursePackageIssue[] = [];
  const shown = (file: string) => (source ? `${source}/${file}` : file);
  const report = (
    file: string,
    code: CoursePackageIssueCode,
    details: Omit<CoursePackageIssue, "file" | "code" | "message"> = {},
  ) => issues.push(coursePackageIssue({ file: shown(file), code, ...details }));
  const expected = new Set<string>();

  const readText = (file: string, missing: { code: CoursePackageIssueCode; values?: IssueValues } | null) => {
    expected.add(file);
    const bytes = files.get(file);
    if (!bytes) {
      if (missing) report(file, missing.code, { values: missing.values });
      return null;
    }
    try {
      return normalizeText(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      report(file, "notUtf8");
      return null;
    }
  };

  /** The file's value checked by `schema`, and its syntax tree (for the lines of later issues). */
  const readJson = <Schema extends z.ZodTypeAny>(
    file: string,
    schema: Schema,
    missing: { code: CoursePackageIssueCode; values?: IssueValues },
  ): { value: z.output<Schema>; tree: Node | undefined; raw: string } | null => {
    const raw = readText(file, missing);
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      report(file, ...describeJsonSyntaxError(raw, error));
      return null;
    }
    // JSON.parse decides what is valid; the tree only says where each value is.
    const tree = parseTree(raw);
    const result = schema.safeParse(value);
    if (result.success) return { value: result.data as z.output<Schema>, tree, raw };
    for (const zodIssue of result.error.issues.flatMap(withinUnion)) {
      const { code, values } = describeZodIssue(zodIssue);
      report(file, code, {
        line: lineOfPath(raw, tree, zodIssue),
        field: describeFieldPath(zodIssue.path) || undefined,
        values,
      });
    }
    return null;
  };

  const manifestRead = readJson(MANIFEST_FILE, courseManifestSchema, { code: "missingFile" });
  const descriptionMarkdown = readText(DESCRIPTION_FILE, { code: "missingFile" });
  if (!manifestRead) return { ok: false, issues };
  const { value: manifest, tree: manifestTree, raw: manifestText } = manifestRead;
  const manifestLine = (path: (string | number)[]) => {
    const node = manifestTree && findNodeAtLocation(manifestTree, path);
    return node ? lineOfOffset(manifestText, node.offset) : undefined;
  };

  function readLesson({ videoUrl, attachments, ...entry }: LessonEntry, entryPath: (string | number)[]): PackageLesson {
    const paths = lessonFiles(entry.slug);
    // A missing file names the line of course.json that asks for it.
    const missing = {
      code: "missingLessonFile",
      values: { lesson: entry.slug, line: manifestLine(entryPath) ?? "?" },
    } as const;
    const markdown = readText(paths.markdown, missing) ?? "";
    const transcript = entry.kind === "VIDEO" ? readText(paths.transcript, null) || null : null;
    const quiz = entry.kind === "QUIZ" ? (readJson(paths.quiz, quizSchema, missing)?.value ?? null) : null;
    const assignment =
      entry.kind === "ASSIGNMENT" ? (readJson(paths.assignment, assignmentSchema, missing)?.value ?? null) : null;
    const packageAttachments = attachments.flatMap(({ file, contentType }, index) => {
      const fileName = file.normalize("NFC");
      const filePath = paths.attachment(fileName);
      expected.add(filePath);
      const bytes = files.get(filePath);
      if (!bytes) {
        const line = manifestLine([...entryPath, "attachments", index]) ?? "?";
        report(filePath, "missingAttachment", { values: { lesson: entry.slug, line } });
        return [];
      }
      return [{ fileName, contentType, bytes }];
    });
    return {
      ...entry,
      markdown,
      videoUrl: videoUrl ?? null,
      transcript,
      quiz,
      assignment,
      attachments: packageAttachments,
    };
  }

  const modules = manifest.modules.map((module, moduleIndex) => ({
    title: module.title,
    summary: module.summary,
    lessons: module.lessons.map((entry, lessonIndex) =>
      readLesson(entry, ["modules", moduleIndex, "lessons", lessonIndex]),
    ),
  }));

  // A file nothing reads is almost always a typo (a renamed lesson, a quiz beside an ARTICLE), so
  // it is an issue rather than silently left out.
  for (const file of [...files.keys()].sort()) {
    if (!expected.has(file)) report(file, "unexpectedFile");
  }

  if (issues.length > 0 || descriptionMarkdown === null) return { ok: false, issues };
  const { format: _format, modules: _modules, ...course } = manifest;
  return { ok: true, coursePackage: { course: { ...course, descriptionMarkdown }, modules } };
}

/** Text as an author's editor may save it: a BOM, CRLF line ends and a final newline are not content. */
export function normalizeText(value: string): string {
  return value
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .trimEnd();
}

/**
 * A value that fits no branch of a union is reported with the issues of the branch of its own type
 * (an answer list with an empty entry is "Must not be empty", not "no branch matched"); a value of
 * no branch's type keeps the union's own issue.
 */
function withinUnion(zodIssue: z.ZodIssue): z.ZodIssue[] {
  if (zodIssue.code !== "invalid_union") return [zodIssue];
  const depth = zodIssue.path.length;
  const branch = zodIssue.unionErrors.find((error) =>
    error.issues.every((inner) => !(inner.code === "invalid_type" && inner.path.length === depth)),
  );
  return branch ? branch.issues.flatMap(withinUnion) : [zodIssue];
}

/** zod's ["modules", 1, "lessons", 0, "kind"] as modules[1].lessons[0].kind. */
function describeFieldPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (described, part) =>
      typeof part === "number" ? `${described}[${part}]` : described ? `${described}.${part}` : part,
    "",
  );
}

// ───────────────────────────── Issues in the reader's words, and where they are ─────────────────────────────

function isIssueCode(message: string): message is CoursePackageIssueCode {
  return Object.hasOwn(COURSE_PACKAGE_ISSUES, message);
}

/** A zod issue as an issue code: the schemas' own messages are codes; zod's built-in ones are mapped. */
function describeZodIssue(zodIssue: z.ZodIssue): { code: CoursePackageIssueCode; values?: IssueValues } {
  if (isIssueCode(zodIssue.message)) {
    const params = zodIssue.code === "custom" ? (zodIssue.params as IssueValues | undefined) : undefined;
    return { code: zodIssue.message, values: params };
  }
  switch (zodIssue.code) {
    case "invalid_type":
      if (zodIssue.received === "undefined") return { code: "required" };
      if (zodIssue.expected === "integer") return { code: "wholeNumber" };
      return { code: "wrongType", values: { expected: zodIssue.expected, received: zodIssue.received } };
    case "invalid_enum_value":
      return {
        code: "notOneOf",
        values: { options: zodIssue.options.join(", "), received: String(zodIssue.received) },
      };
    case "unrecognized_keys":
      return { code: "unknownKeys", values: { keys: zodIssue.keys.map((key) => `'${key}'`).join(", ") } };
    case "too_small":
      return zodIssue.type === "number"
        ? { code: "numberTooSmall", values: { minimum: Number(zodIssue.minimum) } }
        : { code: "empty" };
    case "too_big":
      return zodIssue.type === "number"
        ? { code: "numberTooLarge", values: { maximum: Number(zodIssue.maximum) } }
        : { code: "tooLong", values: { maximum: Number(zodIssue.maximum) } };
    default:
      return { code: "invalid" };
  }
}

const JSON_SYNTAX_CODES: Partial<Record<string, CoursePackageIssueCode>> = {
  CommaExpected: "jsonCommaExpected",
  ColonExpected: "jsonColonExpected",
  PropertyNameExpected: "jsonPropertyNameExpected",
  ValueExpected: "jsonValueExpected",
  CloseBraceExpected: "jsonCloseBraceExpected",
  CloseBracketExpected: "jsonCloseBracketExpected",
  EndOfFileExpected: "jsonEndOfFileExpected",
  InvalidSymbol: "jsonInvalidSymbol",
  UnexpectedEndOfString: "jsonUnclosedString",
  InvalidEscapeCharacter: "jsonBadEscape",
  InvalidUnicode: "jsonBadEscape",
  InvalidCharacter: "jsonControlCharacter",
  InvalidNumberFormat: "jsonBadNumber",
  UnexpectedEndOfNumber: "jsonBadNumber",
};

/**
 * Where and why JSON.parse refused `raw`. JSON.parse's own message has no line (and its wording
 * changes between Node versions), so jsonc-parser, told to be as strict, finds the first error.
 */
function describeJsonSyntaxError(
  raw: string,
  error: unknown,
): [CoursePackageIssueCode, Omit<CoursePackageIssue, "file" | "code" | "message">] {
  const errors: ParseError[] = [];
  parseJsonc(raw, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  if (!first) {
    return ["jsonInvalid", { values: { detail: error instanceof Error ? error.message : String(error) } }];
  }
  const name = printParseErrorCode(first.error);
  const code = JSON_SYNTAX_CODES[name];
  const line = lineOfOffset(raw, first.offset);
  return code ? [code, { line }] : ["jsonInvalid", { line, values: { detail: name } }];
}

/** The line of the value an issue is about; a missing key points at its object, an unknown key at itself. */
function lineOfPath(raw: string, tree: Node | undefined, zodIssue: z.ZodIssue): number | undefined {
  if (!tree) return undefined;
  const path = [...zodIssue.path];
  if (zodIssue.code === "unrecognized_keys" && zodIssue.keys[0] !== undefined) path.push(zodIssue.keys[0]);
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length));
    if (!node) continue;
    // A property's value may start on a later line than its key ("modules": [ …); the key is the place.
    const offset = node.parent?.type === "property" ? node.parent.offset : node.offset;
    return lineOfOffset(raw, offset);
  }
  return undefined;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
}
