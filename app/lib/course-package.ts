// Bitgoeul's course package format, version 1 (docs/course-package.md): one course as a folder of
// plain files an author can edit and preview. This module knows the files' shapes and checks them;
// it reads no disk and writes no database, so a folder (course-package.server.ts) and, later, an
// uploaded archive both come here as a map of paths to bytes.
import { z } from "zod";
import type {
  CourseLevel,
  CourseStatus,
  EnrollmentPolicy,
  LessonKind,
  Locale,
  QuestionKind,
} from "~/generated/prisma/enums";
import { parseVideoUrl } from "~/lib/video";

/** The format this code reads; a package states its own in course.json. */
export const COURSE_PACKAGE_FORMAT = 1;

const LESSON_KINDS = ["ARTICLE", "VIDEO", "QUIZ", "ASSIGNMENT"] as const satisfies readonly LessonKind[];
const QUESTION_KINDS = [
  "SINGLE_CHOICE",
  "MULTIPLE_CHOICE",
  "TRUE_FALSE",
  "SHORT_ANSWER",
] as const satisfies readonly QuestionKind[];
const COURSE_LEVELS = ["BEGINNER", "INTERMEDIATE", "ADVANCED"] as const satisfies readonly CourseLevel[];
const LANGUAGES = ["ko", "en"] as const satisfies readonly Locale[];
const ENROLLMENT_POLICIES = ["OPEN", "APPROVAL", "COHORT_ONLY"] as const satisfies readonly EnrollmentPolicy[];
const COURSE_STATUSES = ["DRAFT", "PUBLISHED", "ARCHIVED"] as const satisfies readonly CourseStatus[];

// ───────────────────────────── Field shapes ─────────────────────────────

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens, such as linear-regression");

const text = z.string().trim().min(1, "Must not be empty");

const wholeNumber = (minimum: number) => z.number().int().min(minimum);

/** A calendar day such as 2026-09-01, kept as the UTC midnight that @db.Date columns hold. */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2026-09-01")
  .refine((day) => {
    const date = new Date(`${day}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March rather than refusing it.
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, "No such date")
  .transform((day) => new Date(`${day}T00:00:00.000Z`));

/** An instant with its offset, so a Korean author's 09:00 stays 09:00 in Seoul on any server. */
const instant = z
  .string()
  .datetime({ offset: true, message: "Use a date and time with its offset, such as 2026-09-01T09:00:00+09:00" })
  .transform((value) => new Date(value));

// Attachment names become download names and paths inside the package, so no separators, no
// characters Windows refuses, and no leading dot (hidden files are skipped when reading a folder).
const attachmentFileName = z
  .string()
  .max(200)
  .regex(/^[^./\\:*?"<>|\p{Cc}][^/\\:*?"<>|\p{Cc}]*$/u, "Use a plain file name such as week-1-slides.pdf");

const contentType = z.string().regex(/^[a-z0-9][\w.+-]*\/[\w.+-]+$/i, "Use a media type such as application/pdf");

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
      .refine((url) => parseVideoUrl(url) !== null, "The player shows YouTube, Vimeo, or an .mp4 or .webm file")
      .optional(),
    attachments: z.array(attachmentEntrySchema).default([]),
  })
  .strict()
  .superRefine((lesson, context) => {
    if (lesson.kind === "VIDEO" && !lesson.videoUrl) {
      context.addIssue({ code: "custom", path: ["videoUrl"], message: "Required for a VIDEO lesson" });
    }
    if (lesson.kind !== "VIDEO" && lesson.videoUrl !== undefined) {
      context.addIssue({ code: "custom", path: ["videoUrl"], message: "Only a VIDEO lesson has a videoUrl" });
    }
    reportDuplicates({
      context,
      values: lesson.attachments.map((attachment) => attachment.file.normalize("NFC")),
      path: (index) => ["attachments", index, "file"],
      what: "attachment",
    });
  });

const moduleEntrySchema = z
  .object({ title: text, summary: z.string().trim().default(""), lessons: z.array(lessonEntrySchema) })
  .strict();

const courseManifestSchema = z
  .object({
    format: z.literal(COURSE_PACKAGE_FORMAT, {
      errorMap: () => ({
        message: `Expected ${COURSE_PACKAGE_FORMAT}: this Bitgoeul reads course packages of format 1`,
      }),
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
    modules: z.array(moduleEntrySchema).min(1, "A course has at least one module"),
  })
  .strict()
  .superRefine((course, context) => {
    if (course.startsOn && course.endsOn && course.endsOn < course.startsOn) {
      context.addIssue({ code: "custom", path: ["endsOn"], message: "Must not be before startsOn" });
    }
    if (
      course.enrollmentOpensAt &&
      course.enrollmentClosesAt &&
      course.enrollmentClosesAt <= course.enrollmentOpensAt
    ) {
      context.addIssue({ code: "custom", path: ["enrollmentClosesAt"], message: "Must be after enrollmentOpensAt" });
    }
    if (course.status === "DRAFT" && course.publishedAt) {
      context.addIssue({ code: "custom", path: ["publishedAt"], message: "A DRAFT course has no publishedAt" });
    }
    const lessonPaths = course.modules.flatMap((module, moduleIndex) =>
      module.lessons.map((lesson, lessonIndex) => ({ slug: lesson.slug, moduleIndex, lessonIndex })),
    );
    reportDuplicates({
      context,
      values: lessonPaths.map((lesson) => lesson.slug),
      path: (index) => ["modules", lessonPaths[index]!.moduleIndex, "lessons", lessonPaths[index]!.lessonIndex, "slug"],
      what: "lesson slug",
    });
  });

// ───────────────────────────── <lesson>.quiz.json, <lesson>.assignment.json ─────────────────────────────

const CHOICE_KINDS: readonly string[] = ["SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE"];

const questionSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    prompt: text,
    choices: z.array(z.object({ id: text, text }).strict()).default([]),
    /** Correct choice ids, or for SHORT_ANSWER the accepted answers. */
    answer: z.array(text).min(1, "Give at least one answer"),
    points: wholeNumber(0).default(1),
    explanation: z.string().trim().default(""),
  })
  .strict()
  .superRefine((question, context) => {
    const choiceIds = question.choices.map((choice) => choice.id);
    if (!CHOICE_KINDS.includes(question.kind)) {
      if (choiceIds.length > 0) {
        context.addIssue({ code: "custom", path: ["choices"], message: `A ${question.kind} question has no choices` });
      }
      return;
    }
    const expected = question.kind === "TRUE_FALSE" ? "exactly 2" : "at least 2";
    if (question.kind === "TRUE_FALSE" ? choiceIds.length !== 2 : choiceIds.length < 2) {
      context.addIssue({
        code: "custom",
        path: ["choices"],
        message: `A ${question.kind} question has ${expected} choices`,
      });
    }
    reportDuplicates({ context, values: choiceIds, path: (index) => ["choices", index, "id"], what: "choice id" });
    if (question.kind !== "MULTIPLE_CHOICE" && question.answer.length !== 1) {
      context.addIssue({ code: "custom", path: ["answer"], message: `A ${question.kind} question has one answer` });
    }
    question.answer.forEach((answer, index) => {
      if (!choiceIds.includes(answer)) {
        context.addIssue({ code: "custom", path: ["answer", index], message: `No choice has the id "${answer}"` });
      }
    });
  });

const quizSchema = z
  .object({
    passingScore: wholeNumber(0).max(100).default(70),
    maxAttempts: wholeNumber(1).nullable().default(null),
    timeLimitMinutes: wholeNumber(1).nullable().default(null),
    shuffleQuestions: z.boolean().default(false),
    questions: z.array(questionSchema).min(1, "A quiz has at least one question"),
  })
  .strict();

const assignmentSchema = z
  .object({
    dueAt: instant.nullable().default(null),
    maxPoints: wholeNumber(1).default(100),
    passingPoints: wholeNumber(0).default(60),
    allowsFile: z.boolean().default(true),
  })
  .strict()
  .refine((assignment) => assignment.passingPoints <= assignment.maxPoints, {
    path: ["passingPoints"],
    message: "Must not exceed maxPoints",
  });

function reportDuplicates({
  context,
  values,
  path,
  what,
}: {
  context: z.RefinementCtx;
  values: string[];
  path: (index: number) => (string | number)[];
  what: string;
}) {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      context.addIssue({ code: "custom", path: path(index), message: `Duplicate ${what} "${value}"` });
    seen.add(value);
  });
}

// ───────────────────────────── The parsed package ─────────────────────────────

type CourseManifest = z.output<typeof courseManifestSchema>;
type LessonEntry = z.output<typeof lessonEntrySchema>;

export type PackageQuiz = z.output<typeof quizSchema>;
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

/** One thing wrong with a package: the file (shown with where the package came from), and the field. */
export type CoursePackageIssue = { file: string; field?: string; message: string };

export type CoursePackageResult =
  { ok: true; coursePackage: CoursePackage } | { ok: false; issues: CoursePackageIssue[] };

/** A package's files by their path inside it ("course.json", "lessons/intro.md"), always with "/". */
export type CoursePackageFiles = ReadonlyMap<string, Uint8Array>;

/** `prisma/seed-data/courses/ai501/course.json: modules[1].lessons[0].kind: Invalid enum value…` */
export function describeCoursePackageIssue(issue: CoursePackageIssue): string {
  return [issue.file, issue.field, issue.message].filter(Boolean).join(": ");
}

/** The paths a package holds for a lesson, beside course.json. */
export const lessonFiles = (lessonSlug: string) => ({
  markdown: `lessons/${lessonSlug}.md`,
  transcript: `lessons/${lessonSlug}.transcript.txt`,
  quiz: `lessons/${lessonSlug}.quiz.json`,
  assignment: `lessons/${lessonSlug}.assignment.json`,
  attachment: (fileName: string) => `attachments/${lessonSlug}/${fileName}`,
});

const MANIFEST_FILE = "course.json";
const DESCRIPTION_FILE = "description.md";

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
  const report = (file: string, message: string, field?: string) =>
    issues.push({ file: shown(file), ...(field ? { field } : {}), message });
  const expected = new Set<string>();

  const readText = (file: string, { isRequired }: { isRequired: boolean }): string | null => {
    expected.add(file);
    const bytes = files.get(file);
    if (!bytes) {
      if (isRequired) report(file, "Missing: the package has no such file");
      return null;
    }
    try {
      return normalizeText(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      report(file, "Not UTF-8 text");
      return null;
    }
  };

  const readJson = <Schema extends z.ZodTypeAny>(file: string, schema: Schema): z.output<Schema> | null => {
    const raw = readText(file, { isRequired: true });
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      report(file, `Not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
    const result = schema.safeParse(value);
    if (result.success) return result.data as z.output<Schema>;
    for (const issue of result.error.issues) report(file, issue.message, describeFieldPath(issue.path) || undefined);
    return null;
  };

  const manifest = readJson(MANIFEST_FILE, courseManifestSchema);
  const descriptionMarkdown = readText(DESCRIPTION_FILE, { isRequired: true });
  if (!manifest) return { ok: false, issues };

  function readLesson({ videoUrl, attachments, ...entry }: LessonEntry): PackageLesson {
    const paths = lessonFiles(entry.slug);
    const markdown = readText(paths.markdown, { isRequired: true }) ?? "";
    const transcript = entry.kind === "VIDEO" ? readText(paths.transcript, { isRequired: false }) || null : null;
    const quiz = entry.kind === "QUIZ" ? readJson(paths.quiz, quizSchema) : null;
    const assignment = entry.kind === "ASSIGNMENT" ? readJson(paths.assignment, assignmentSchema) : null;
    const packageAttachments = attachments.flatMap(({ file, contentType }) => {
      const fileName = file.normalize("NFC");
      const filePath = paths.attachment(fileName);
      expected.add(filePath);
      const bytes = files.get(filePath);
      if (!bytes) {
        report(filePath, `Missing: lesson "${entry.slug}" lists it in ${MANIFEST_FILE}`);
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

  const modules = manifest.modules.map((module) => ({
    title: module.title,
    summary: module.summary,
    lessons: module.lessons.map((entry) => readLesson(entry)),
  }));

  // A file nothing reads is almost always a typo (a renamed lesson, a quiz beside an ARTICLE), so
  // it is an issue rather than silently left out.
  for (const file of [...files.keys()].sort()) {
    if (!expected.has(file)) {
      report(file, `Not part of the course: ${MANIFEST_FILE} names no lesson or attachment that uses this file`);
    }
  }

  if (issues.length > 0 || descriptionMarkdown === null) return { ok: false, issues };
  const { format: _format, modules: _modules, ...course } = manifest;
  return { ok: true, coursePackage: { course: { ...course, descriptionMarkdown }, modules } };
}

/** Text as an author's editor may save it: a BOM, CRLF line ends and a final newline are not content. */
function normalizeText(value: string): string {
  return value
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .trimEnd();
}

/** zod's ["modules", 1, "lessons", 0, "kind"] as modules[1].lessons[0].kind. */
function describeFieldPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (described, part) =>
      typeof part === "number" ? `${described}[${part}]` : described ? `${described}.${part}` : part,
    "",
  );
}
