// Writes a CoursePackage as its files (docs/course-package.md), the inverse of parseCoursePackage.
// The files are canonical, so the same course always gives the same bytes and reading them back and
// writing again changes nothing: keys in the order the format lists them, optional fields only where
// they say something (see "Exporting" in the docs), text as the reader leaves it, times in Korea's
// offset, and JSON laid out as Prettier lays it out at the project's width, so an exported package
// can sit in a repository beside the demo packages without a formatting diff.
import {
  ASSIGNMENT_DEFAULTS,
  COURSE_PACKAGE_FORMAT,
  DESCRIPTION_FILE,
  lessonFiles,
  MANIFEST_FILE,
  normalizeText,
  type CoursePackage,
  type PackageAssignment,
  type PackageLesson,
  type PackageQuiz,
} from "~/lib/course-package";
import { offsetMinutesAt } from "~/lib/time-zone";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** Prettier's printWidth in package.json, which also formats the demo packages. */
const PRINT_WIDTH = 120;

/** The package's files, path → bytes, in a stable order (course.json, description.md, then by path). */
export function writeCoursePackage(coursePackage: CoursePackage): Map<string, Uint8Array> {
  const { course, modules } = coursePackage;
  const texts = new Map<string, string>();
  const binaries = new Map<string, Uint8Array>();
  const lessonStatusByDefault = course.status === "DRAFT" ? "DRAFT" : "PUBLISHED";

  texts.set(
    MANIFEST_FILE,
    formatJson({
      format: COURSE_PACKAGE_FORMAT,
      slug: course.slug,
      code: course.code.trim(),
      title: course.title.trim(),
      summary: course.summary.trim(),
      credits: course.credits,
      level: course.level,
      language: course.language,
      tags: course.tags.map((tag) => tag.trim()),
      enrollmentPolicy: course.enrollmentPolicy,
      capacity: course.capacity ?? undefined,
      enrollmentOpensAt: formatInstant(course.enrollmentOpensAt),
      enrollmentClosesAt: formatInstant(course.enrollmentClosesAt),
      startsOn: formatDay(course.startsOn),
      endsOn: formatDay(course.endsOn),
      status: course.status,
      publishedAt: course.status === "DRAFT" ? undefined : (formatInstant(course.publishedAt ?? null) ?? undefined),
      modules: modules.map((module) => ({
        title: module.title.trim(),
        summary: module.summary.trim(),
        lessons: module.lessons.map((lesson) => lessonEntry(lesson, lessonStatusByDefault)),
      })),
    }),
  );
  texts.set(DESCRIPTION_FILE, textFile(course.descriptionMarkdown));

  for (const lesson of modules.flatMap((module) => module.lessons)) {
    const paths = lessonFiles(lesson.slug);
    texts.set(paths.markdown, textFile(lesson.markdown));
    const transcript = lesson.kind === "VIDEO" && lesson.transcript ? normalizeText(lesson.transcript) : "";
    if (transcript) texts.set(paths.transcript, textFile(transcript));
    if (lesson.kind === "QUIZ" && lesson.quiz) texts.set(paths.quiz, formatJson(quizFile(lesson.quiz)));
    if (lesson.kind === "ASSIGNMENT" && lesson.assignment) {
      texts.set(paths.assignment, formatJson(assignmentFile(lesson.assignment)));
    }
    for (const attachment of lesson.attachments) {
      binaries.set(paths.attachment(attachment.fileName.normalize("NFC")), attachment.bytes);
    }
  }

  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  const paths = [...texts.keys(), ...binaries.keys()];
  const rest = paths.filter((path) => path !== MANIFEST_FILE && path !== DESCRIPTION_FILE).sort(compareCodeUnits);
  for (const path of [MANIFEST_FILE, DESCRIPTION_FILE, ...rest]) {
    const text = texts.get(path);
    files.set(path, text === undefined ? binaries.get(path)! : encoder.encode(text));
  }
  return files;
}

function lessonEntry(lesson: PackageLesson, lessonStatusByDefault: "DRAFT" | "PUBLISHED"): Json {
  return {
    slug: lesson.slug,
    title: lesson.title.trim(),
    kind: lesson.kind,
    durationMinutes: lesson.durationMinutes,
    isRequired: lesson.isRequired ? undefined : false,
    status: lesson.status && lesson.status !== lessonStatusByDefault ? lesson.status : undefined,
    releaseAt: formatInstant(lesson.releaseAt) ?? undefined,
    videoUrl: lesson.kind === "VIDEO" ? (lesson.videoUrl ?? undefined) : undefined,
    attachments:
      lesson.attachments.length > 0
        ? lesson.attachments.map(({ fileName, contentType }) => ({ file: fileName.normalize("NFC"), contentType }))
        : undefined,
  };
}

function quizFile(quiz: PackageQuiz): Json {
  return {
    passingScore: quiz.passingScore,
    maxAttempts: quiz.maxAttempts,
    timeLimitMinutes: quiz.timeLimitMinutes,
    shuffleQuestions: quiz.shuffleQuestions ? true : undefined,
    shuffleChoices: quiz.shuffleChoices ? true : undefined,
    questions: quiz.questions.map((question) => ({
      kind: question.kind,
      prompt: question.prompt.trim(),
      choices:
        question.choices.length > 0
          ? question.choices.map((choice) => ({ id: choice.id.trim(), text: choice.text.trim() }))
          : undefined,
      answer: Array.isArray(question.answer)
        ? question.answer.map((answer) => answer.trim())
        : { value: question.answer.value, tolerance: question.answer.tolerance },
      points: question.points === 1 ? undefined : question.points,
      explanation: question.explanation.trim() || undefined,
    })),
  };
}

/** The four fields every assignment states, then the submission rules only where they are not the defaults. */
function assignmentFile(assignment: PackageAssignment): Json {
  return {
    dueAt: formatInstant(assignment.dueAt),
    latePolicy: unlessDefault(assignment, "latePolicy"),
    maxPoints: assignment.maxPoints,
    passingPoints: assignment.passingPoints,
    allowsText: unlessDefault(assignment, "allowsText"),
    allowsFile: assignment.allowsFile,
    maxFiles: unlessDefault(assignment, "maxFiles"),
    maxFileMegabytes: unlessDefault(assignment, "maxFileMegabytes"),
    fileExtensions: assignment.fileExtensions.length > 0 ? assignment.fileExtensions : undefined,
  };
}

function unlessDefault<Key extends keyof typeof ASSIGNMENT_DEFAULTS>(assignment: PackageAssignment, key: Key) {
  return assignment[key] === ASSIGNMENT_DEFAULTS[key] ? undefined : assignment[key];
}

/** A text file as the reader leaves it, with one final newline (an empty one stays empty). */
function textFile(text: string): string {
  const normalized = normalizeText(text);
  return normalized ? `${normalized}\n` : "";
}

/**
 * 2026-09-01T09:00:00+09:00, at the academy's offset (APP_TIME_ZONE) so an author reads their own
 * clock: seconds always, milliseconds only when there are any.
 */
export function formatInstant(instant: Date | null): string | null {
  if (!instant) return null;
  const offset = offsetMinutesAt(instant);
  const shifted = new Date(instant.getTime() + offset * 60_000).toISOString();
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  const clock = shifted.endsWith(".000Z") ? shifted.slice(0, 19) : shifted.slice(0, 23);
  return `${clock}${offset < 0 ? "-" : "+"}${hours}:${minutes}`;
}

/** A @db.Date day (UTC midnight) as 2026-09-01. */
function formatDay(day: Date | null): string | null {
  return day ? day.toISOString().slice(0, 10) : null;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ───────────────────────────── JSON as Prettier prints it ─────────────────────────────

/**
 * JSON laid out as Prettier does for a file whose objects are written one key per line: every
 * non-empty object broken over lines; an array of plain values on one line when it fits in the
 * width (its key and a following comma included), else one value per line. Keys whose value is
 * undefined are left out. The tests check this against Prettier itself.
 */
export function formatJson(value: Json): string {
  return `${printJson(value, 0, 0, 0)}\n`;
}

function printJson(value: Json | undefined, indent: number, lineStart: number, after: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((item) => item === null || typeof item !== "object")) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
      if (lineStart + displayWidth(flat) + after <= PRINT_WIDTH) return flat;
    }
    const inner = " ".repeat(indent + 2);
    const items = value.map(
      (item, index) => inner + printJson(item, indent + 2, indent + 2, index < value.length - 1 ? 1 : 0),
    );
    return `[\n${items.join(",\n")}\n${" ".repeat(indent)}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    const inner = " ".repeat(indent + 2);
    const lines = entries.map(([key, item], index) => {
      const keyText = `${JSON.stringify(key)}: `;
      const start = indent + 2 + displayWidth(keyText);
      return inner + keyText + printJson(item, indent + 2, start, index < entries.length - 1 ? 1 : 0);
    });
    return `{\n${lines.join(",\n")}\n${" ".repeat(indent)}}`;
  }
  return JSON.stringify(value);
}

/**
 * Columns a terminal gives `text`, as Prettier counts them: East Asian wide characters (Hangul,
 * CJK, full-width forms) and emoji take two, combining marks none. The ranges are the wide blocks
 * a course is likely to hold, not Unicode's whole table; a rarer character only shifts where a
 * long array breaks.
 */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) continue;
    if (/[\p{Mn}\p{Me}]/u.test(character)) continue;
    width += isWide(codePoint) || /\p{Extended_Pictographic}/u.test(character) ? 2 : 1;
  }
  return width;
}

const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo (leading consonants)
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, Hangul compatibility Jamo, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small forms
  [0xff00, 0xff60], // full-width forms
  [0xffe0, 0xffe6], // full-width signs
  [0x20000, 0x3fffd], // CJK extensions B and beyond
];

function isWide(codePoint: number): boolean {
  return WIDE_RANGES.some(([first, last]) => codePoint >= first && codePoint <= last);
}
