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
};

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
} as const satisfies Record<string, UploadKindLimits>;

export type UploadKind = keyof typeof UPLOAD_KINDS;

/** The largest multipart body an upload of `kind` may send: all its files at their limit, plus room. */
export function uploadBodyLimitBytes(kind: UploadKind): number {
  const { maxFiles, maxFileBytes } = UPLOAD_KINDS[kind];
  return maxFiles * maxFileBytes + MULTIPART_OVERHEAD_BYTES;
}

/** The `accept` attribute of a file input for `kind`: its extensions and types. */
export function acceptAttribute(kind: UploadKind): string {
  const types: Record<string, string> = UPLOAD_KINDS[kind].types;
  return [...new Set([...Object.keys(types), ...Object.values(types)])].join(",");
}

/** The content type a file name's extension is stored as for `kind`, or null when it is not accepted. */
export function contentTypeForFileName(kind: UploadKind, fileName: string): string | null {
  const types: Record<string, string> = UPLOAD_KINDS[kind].types;
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  return types[fileName.slice(dot).toLowerCase()] ?? null;
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
export const UPLOAD_FIELD = { attachment: "files", coverImage: "cover", coursePackage: "package" } as const;

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
