// What each upload accepts, and where uploads arrive. Universal on purpose: the HTTP server
// (scripts/server.ts) lets multipart bodies to these endpoints stream past its 1 MiB form limit up to
// their own, the upload parser (upload.server.ts) enforces the per-file limits and types, and the
// studio's forms print them ("up to 50 MB"), so the three can never disagree.
//
// A multipart post to an endpoint below reaches its action unread and unchecked: it must be read
// with parseUploadForm (upload.server.ts), never request.formData(), which would buffer it whole
// and skip the NUL checks the server runs on every other form.
import { isUuid } from "~/lib/uuid";

const MIB = 1024 * 1024;

/** Room for each upload's text fields, part headers and boundaries, on top of its files. */
export const MULTIPART_OVERHEAD_BYTES = MIB;
/** The longest text field an upload form may carry (its intent, an id). */
export const UPLOAD_TEXT_FIELD_MAX_BYTES = 1024;
/** How many text fields an upload form may carry besides its files. */
export const UPLOAD_TEXT_FIELD_MAX_COUNT = 20;

/**
 * Lesson attachments, by extension: the type we store and serve is ours, not the browser's guess
 * (browsers send .ipynb, .hwp or .py as anything from application/octet-stream to nothing).
 * Downloads are served as attachments with nosniff, so no type here ever renders in our origin.
 */
const ATTACHMENT_TYPES = {
  ".pdf": "application/pdf",
  ".ppt": "application/vnd.ms-powerpoint",
  ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".hwp": "application/x-hwp",
  ".hwpx": "application/hwp+zip",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".odp": "application/vnd.oasis.opendocument.presentation",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".json": "application/json",
  ".ipynb": "application/x-ipynb+json",
  ".py": "text/x-python",
  ".r": "text/x-r",
  ".sql": "application/sql",
  ".zip": "application/zip",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
} as const satisfies Record<`.${string}`, string>;

const COVER_IMAGE_TYPES = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
} as const satisfies Record<`.${string}`, string>;

export type UploadKindLimits = {
  maxFileBytes: number;
  maxFiles: number;
  /** Allowed extensions (lower case, with the dot) and the content type each is stored as. */
  types: Readonly<Record<`.${string}`, string>>;
  /** Whether the file's first bytes must prove its type (PNG, JPEG, WebP, GIF, ZIP signatures). */
  isContentChecked: boolean;
  /** The longest text field the form may carry; UPLOAD_TEXT_FIELD_MAX_BYTES unless given. */
  maxTextFieldBytes?: number;
};

/** The most any assignment may allow a submission: its own limits (submissionUploadLimits) are at most these. */
export const SUBMISSION_MAX_FILES = 10;
export const SUBMISSION_MAX_FILE_MEGABYTES = 100;
/** A submission's text answer, in characters; the form field's byte limit follows from it (UTF-8, ≤ 3 bytes each). */
export const SUBMISSION_TEXT_MAX_LENGTH = 50_000;

export const UPLOAD_KINDS = {
  attachment: { maxFileBytes: 50 * MIB, maxFiles: 5, types: ATTACHMENT_TYPES, isContentChecked: false },
  // Shown inline on course pages, so it must really be an image of one of these types.
  coverImage: { maxFileBytes: 5 * MIB, maxFiles: 1, types: COVER_IMAGE_TYPES, isContentChecked: true },
  // A course package (docs/course-package.md) as a zip; the import route reads it.
  coursePackage: {
    maxFileBytes: 100 * MIB,
    maxFiles: 1,
    types: { ".zip": "application/zip" },
    isContentChecked: true,
  },
  // A cohort's member list (app/lib/member-import.ts); the import page reads it.
  memberList: { maxFileBytes: 2 * MIB, maxFiles: 1, types: { ".csv": "text/csv" }, isContentChecked: false },
  // A finished cohort's graduates' outcomes (app/lib/outcome-forms.ts).
  outcomeList: { maxFileBytes: MIB, maxFiles: 1, types: { ".csv": "text/csv" }, isContentChecked: false },
  // A learner's submission to an assignment: these are the ceilings (what the HTTP server lets
  // through); each assignment's own count, size and types are submissionUploadLimits(assignment).
  submission: {
    maxFileBytes: SUBMISSION_MAX_FILE_MEGABYTES * MIB,
    maxFiles: SUBMISSION_MAX_FILES,
    types: ATTACHMENT_TYPES,
    isContentChecked: false,
    maxTextFieldBytes: SUBMISSION_TEXT_MAX_LENGTH * 3,
  },
} as const satisfies Record<string, UploadKindLimits>;

export type UploadKind = keyof typeof UPLOAD_KINDS;

function limitsOf(upload: UploadKind | UploadKindLimits): UploadKindLimits {
  return typeof upload === "string" ? UPLOAD_KINDS[upload] : upload;
}

/** The largest multipart body an upload (a kind, or limits of its own) may send: all its files at their limit, plus room. */
export function uploadBodyLimitBytes(upload: UploadKind | UploadKindLimits): number {
  const { maxFiles, maxFileBytes } = limitsOf(upload);
  return maxFiles * maxFileBytes + MULTIPART_OVERHEAD_BYTES;
}

/** The `accept` attribute of a file input for an upload (a kind, or limits of its own): its extensions and types. */
export function acceptAttribute(upload: UploadKind | UploadKindLimits): string {
  const types: Record<string, string> = limitsOf(upload).types;
  return [...new Set([...Object.keys(types), ...Object.values(types)])].join(",");
}

/** The content type a file name's extension is stored as for an upload, or null when it is not accepted. */
export function contentTypeForFileName(upload: UploadKind | UploadKindLimits, fileName: string): string | null {
  const types: Record<string, string> = limitsOf(upload).types;
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  return types[fileName.slice(dot).toLowerCase()] ?? null;
}

// ───────────────────────────── Submissions ─────────────────────────────

/** The extensions an assignment may choose to accept: those lesson attachments accept. */
export const SUBMISSION_FILE_EXTENSIONS = Object.keys(ATTACHMENT_TYPES) as (keyof typeof ATTACHMENT_TYPES)[];

export function isSubmissionFileExtension(extension: string): extension is keyof typeof ATTACHMENT_TYPES {
  return Object.hasOwn(ATTACHMENT_TYPES, extension);
}

/**
 * What a submission to an assignment may carry: its own file count, size and extensions (none
 * chosen: every type lesson attachments accept), within the submission kind's ceilings. No files
 * at all when the assignment takes none.
 */
export function submissionUploadLimits(assignment: {
  allowsFile: boolean;
  maxFiles: number;
  maxFileMegabytes: number;
  fileExtensions: readonly string[];
}): UploadKindLimits {
  const ceiling = UPLOAD_KINDS.submission;
  const chosen = assignment.fileExtensions.filter(isSubmissionFileExtension);
  const types = chosen.length
    ? Object.fromEntries(chosen.map((extension) => [extension, ATTACHMENT_TYPES[extension]]))
    : ceiling.types;
  return {
    maxFileBytes: Math.max(1, Math.min(assignment.maxFileMegabytes, SUBMISSION_MAX_FILE_MEGABYTES)) * MIB,
    maxFiles: assignment.allowsFile ? Math.max(0, Math.min(assignment.maxFiles, ceiling.maxFiles)) : 0,
    types,
    isContentChecked: false,
    maxTextFieldBytes: ceiling.maxTextFieldBytes,
  };
}

// ───────────────────────────── Where uploads arrive ─────────────────────────────

type UploadEndpoint = { kind: UploadKind; matches: (segments: string[]) => boolean };

// Paths as the HTTP server sees them, decoded and split on "/"; a form posted with JavaScript goes to
// the same path with ".data" appended (Remix's single fetch), and an index route's trailing slash or
// `?index` does not change the path matched here.
const UPLOAD_ENDPOINTS: UploadEndpoint[] = [
  // POST /teach/import: a course package.
  { kind: "coursePackage", matches: ([teach, id, ...rest]) => teach === "teach" && id === "import" && !rest.length },
  // POST /teach/:courseId: the course details page, whose cover image this is.
  {
    kind: "coverImage",
    matches: ([teach, courseId, ...rest]) => teach === "teach" && isUuid(courseId) && !rest.length,
  },
  // POST /teach/:courseId/lessons/:lessonId: the lesson editor, which uploads attachments.
  {
    kind: "attachment",
    matches: ([teach, courseId, lessons, lessonId, ...rest]) =>
      teach === "teach" && isUuid(courseId) && lessons === "lessons" && isUuid(lessonId) && !rest.length,
  },
  // POST /admin/cohorts/:cohortId/import: a cohort's member list.
  {
    kind: "memberList",
    matches: ([admin, cohorts, cohortId, importing, ...rest]) =>
      admin === "admin" && cohorts === "cohorts" && isUuid(cohortId) && importing === "import" && !rest.length,
  },
  // POST /admin/cohorts/:cohortId/outcomes: its graduates' outcomes as a list.
  {
    kind: "outcomeList",
    matches: ([admin, cohorts, cohortId, outcomes, ...rest]) =>
      admin === "admin" && cohorts === "cohorts" && isUuid(cohortId) && outcomes === "outcomes" && !rest.length,
  },
  // POST /courses/:slug/lessons/:lessonSlug/submission: a learner hands in an assignment.
  {
    kind: "submission",
    matches: ([courses, slug, lessons, lessonSlug, submission, ...rest]) =>
      courses === "courses" &&
      Boolean(slug) &&
      lessons === "lessons" &&
      Boolean(lessonSlug) &&
      submission === "submission" &&
      !rest.length,
  },
];

/**
 * The upload a POST to `pathname` (the URL's path, still percent-encoded) may carry, and the largest
 * body it may send; null for every other path.
 */
export function uploadEndpointFor(pathname: string): { kind: UploadKind; maxBodyBytes: number } | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const segments = path
    .replace(/\.data$/, "")
    .replace(/\/+$/, "")
    .split("/")
    .slice(1);
  const endpoint = UPLOAD_ENDPOINTS.find(({ matches }) => matches(segments));
  return endpoint ? { kind: endpoint.kind, maxBodyBytes: uploadBodyLimitBytes(endpoint.kind) } : null;
}

// ───────────────────────────── The studio's upload forms ─────────────────────────────

/** What the attachments editor posts (app/components/studio/attachments-editor.tsx). */
export const ATTACHMENT_INTENTS = [
  "attachment-upload",
  "attachment-rename",
  "attachment-move",
  "attachment-delete",
] as const;
export type AttachmentIntent = (typeof ATTACHMENT_INTENTS)[number];

/** What the cover image field posts (app/components/studio/cover-image-field.tsx). */
export const COVER_INTENTS = ["cover-upload", "cover-remove"] as const;
export type CoverIntent = (typeof COVER_INTENTS)[number];

/** The file field of each upload form. */
export const UPLOAD_FIELD = {
  attachment: "files",
  coverImage: "cover",
  coursePackage: "package",
  memberList: "files",
  outcomeList: "files",
  submission: "files",
} as const;

/**
 * A refused upload or change as the studio's forms show it: the message's i18n key (in
 * `studio.uploads`) and what it concerns. Actions return it as `{ uploadError }`.
 */
export type UploadFormError = {
  messageKey: string;
  intent?: AttachmentIntent | CoverIntent;
  fileName?: string;
  attachmentId?: string;
};
