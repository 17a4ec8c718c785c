// Reads an upload form (multipart/form-data) with @remix-run/form-data-parser and puts its files in
// storage, enforcing the limits of app/lib/upload-limits.ts: file size, file count, types, and small
// text fields without NUL (the check scripts/server.ts runs on every buffered form, which these bodies
// skip). A refused upload leaves nothing stored. The caller authorizes before calling this, so no
// one who may not upload gets a byte written.
//
// Memory: the parser holds one part at a time in memory until it ends (its 0.17 API hands over whole
// parts), so an upload costs up to about twice its largest allowed file while it is written to disk;
// the body itself streams and is never held whole.
import {
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  MaxTotalSizeExceededError,
  parseFormData,
  type FileUpload,
} from "@remix-run/form-data-parser";
import { data } from "@remix-run/node";
import { defineRefusals, type Refusal, type RefusalTable } from "~/lib/refusal.server";
import { isMultipart } from "~/lib/request-guards.server";
import { deleteStoredFiles, openStoredFile, storeStream, StoredFileTooLargeError } from "~/lib/storage.server";
import {
  contentTypeForFileName,
  UPLOAD_FIELD,
  UPLOAD_KINDS,
  UPLOAD_TEXT_FIELD_MAX_BYTES,
  UPLOAD_TEXT_FIELD_MAX_COUNT,
  uploadBodyLimitBytes,
  type UploadFormError,
  type UploadKind,
  type UploadKindLimits,
} from "~/lib/upload-limits";

/** Messages take `fileName`, `maxSize`, `maxFiles` (see the components that show them). */
export const UPLOAD_REFUSALS = defineRefusals({
  noFile: { status: 400, messageKey: "studio.uploads.noFile" },
  emptyFile: { status: 400, messageKey: "studio.uploads.emptyFile" },
  tooLarge: { status: 413, messageKey: "studio.uploads.tooLarge" },
  tooManyFiles: { status: 413, messageKey: "studio.uploads.tooManyFiles" },
  wrongType: { status: 415, messageKey: "studio.uploads.wrongType" },
  malformed: { status: 400, messageKey: "studio.uploads.malformed" },
});

export type UploadRefusal = Refusal<typeof UPLOAD_REFUSALS> & { fileName?: string };

/**
 * An action's answer to a refused upload or change of the studio's upload forms: `{ uploadError }`
 * (the message key and what it concerns, for the form components' `error` prop) with the reason's
 * status. `table` is the refusing function's (ATTACHMENT_REFUSALS, COVER_REFUSALS).
 */
export function uploadRefusalData<Table extends RefusalTable>(
  table: Table,
  refusal: Refusal<Table> & Omit<UploadFormError, "messageKey">,
) {
  const spec = table[refusal.reason];
  if (!spec) throw new Error(`No refusal "${refusal.reason}" in its table`);
  const uploadError: UploadFormError = { messageKey: spec.messageKey };
  if (refusal.intent) uploadError.intent = refusal.intent;
  if (refusal.fileName) uploadError.fileName = refusal.fileName;
  if (refusal.attachmentId) uploadError.attachmentId = refusal.attachmentId;
  return data({ uploadError }, { status: spec.status });
}

/** A file of the upload, already in storage under `key`. */
export type StoredUpload = { key: string; fileName: string; contentType: string; byteSize: number };

export type UploadForm = { ok: true; fields: Record<string, string>; files: StoredUpload[] };

/**
 * Whether a request is a multipart upload, for an action that takes uploads and plain forms alike:
 * ask before reading the body, and hand an upload to its handler unread.
 */
export function isUploadRequest(request: Request) {
  return isMultipart(request.headers.get("Content-Type") ?? undefined);
}

/** Thrown inside the parser's file handler to stop reading at the first refused file. */
class UploadRefused extends Error {
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.reason);
  }
}

/** Wraps a failure of storage itself, which is a bug or an outage (500), never the client's fault. */
class StorageFailure extends Error {}

const encoder = new TextEncoder();

/**
 * Reads `request` as an upload of `kind`: its files (from the kind's field, e.g. `files`) stored, its
 * other fields as text. Returns a refusal for an oversized, mistyped, missing or surplus file and for
 * a malformed body, having deleted whatever it had stored. `limits` narrows the kind's own for one
 * form (an assignment's count, size and types: submissionUploadLimits), never widening them; with
 * `isFileRequired` false a form without files is fine (a submission may be text alone).
 */
export async function parseUploadForm({
  request,
  kind,
  limits: narrowed,
  isFileRequired = true,
}: {
  request: Request;
  kind: UploadKind;
  limits?: UploadKindLimits;
  isFileRequired?: boolean;
}): Promise<UploadForm | UploadRefusal> {
  if (!isUploadRequest(request)) return { ok: false, reason: "malformed" };
  const limits = withinKind(kind, narrowed);
  const maxTextFieldBytes = limits.maxTextFieldBytes ?? UPLOAD_TEXT_FIELD_MAX_BYTES;
  const fileField = UPLOAD_FIELD[kind];
  const stored: StoredUpload[] = [];

  async function storeUpload(upload: FileUpload) {
    // Files in any other field are not ours to keep (they still count towards maxFiles).
    if (upload.fieldName !== fileField) return null;
    const fileName = cleanFileName(upload.name);
    // A file input left empty still sends a part: no name, no bytes.
    if (!fileName && upload.size === 0) return null;
    if (!fileName) throw new UploadRefused({ ok: false, reason: "malformed" });
    if (stored.length >= limits.maxFiles) throw new UploadRefused({ ok: false, reason: "tooManyFiles" });
    if (upload.size === 0) throw new UploadRefused({ ok: false, reason: "emptyFile", fileName });
    const contentType = limits.isContentChecked
      ? await contentTypeFromBytes(upload, limits.types)
      : contentTypeForFileName(limits, fileName);
    if (!contentType) throw new UploadRefused({ ok: false, reason: "wrongType", fileName });
    try {
      const { key, byteSize } = await storeStream(upload.stream(), { maxBytes: limits.maxFileBytes });
      stored.push({ key, fileName, contentType, byteSize });
      return key;
    } catch (error) {
      if (error instanceof StoredFileTooLargeError)
        throw new UploadRefused({ ok: false, reason: "tooLarge", fileName });
      throw new StorageFailure("Could not store an uploaded file", { cause: error });
    }
  }

  try {
    const formData = await parseFormData(
      request,
      {
        // One part more than a form without files may send: its file input left empty.
        maxFiles: Math.max(1, limits.maxFiles),
        // The parser holds every part to this, text fields included.
        maxFileSize: Math.max(limits.maxFileBytes, maxTextFieldBytes),
        maxParts: Math.max(1, limits.maxFiles) + UPLOAD_TEXT_FIELD_MAX_COUNT,
        maxTotalSize: uploadBodyLimitBytes(limits),
      },
      storeUpload,
    );
    const fields: Record<string, string> = {};
    for (const [name, value] of formData) {
      if (name === fileField) continue;
      if (typeof value !== "string" || !isCleanTextField(name, value, maxTextFieldBytes)) {
        throw new UploadRefused(malformed());
      }
      fields[name] = value;
    }
    if (isFileRequired && stored.length === 0) throw new UploadRefused({ ok: false, reason: "noFile" });
    return { ok: true, fields, files: stored };
  } catch (error) {
    await deleteStoredFiles(stored.map(({ key }) => key));
    if (error instanceof StorageFailure) throw error.cause;
    return refusalFor(error);
  }
}

function malformed(): UploadRefusal {
  return { ok: false, reason: "malformed" };
}

function isCleanTextField(name: string, value: string, maxBytes: number) {
  return !name.includes("\0") && !value.includes("\0") && encoder.encode(value).byteLength <= maxBytes;
}

/** The kind's limits, narrowed by a form's own where those are stricter (never widened). */
function withinKind(kind: UploadKind, narrowed: UploadKindLimits | undefined): UploadKindLimits {
  const ceiling: UploadKindLimits = UPLOAD_KINDS[kind];
  if (!narrowed) return ceiling;
  const ceilingTypes: Record<string, string> = ceiling.types;
  return {
    maxFileBytes: Math.min(narrowed.maxFileBytes, ceiling.maxFileBytes),
    maxFiles: Math.min(narrowed.maxFiles, ceiling.maxFiles),
    types: Object.fromEntries(Object.entries(narrowed.types).filter(([extension]) => extension in ceilingTypes)),
    isContentChecked: ceiling.isContentChecked || narrowed.isContentChecked,
    maxTextFieldBytes: Math.min(
      narrowed.maxTextFieldBytes ?? UPLOAD_TEXT_FIELD_MAX_BYTES,
      ceiling.maxTextFieldBytes ?? UPLOAD_TEXT_FIELD_MAX_BYTES,
    ),
  };
}

/** The parser's limit errors as refusals; anything else it throws means a body we cannot read. */
function refusalFor(error: unknown): UploadRefusal {
  if (error instanceof UploadRefused) return error.refusal;
  if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) {
    return { ok: false, reason: "tooLarge" };
  }
  if (error instanceof MaxFilesExceededError) return { ok: false, reason: "tooManyFiles" };
  // Broken multipart, a part header that is not UTF-8, too many fields, a body cut short.
  return malformed();
}

// ───────────────────────────── File names and types ─────────────────────────────

const MAX_FILE_NAME_LENGTH = 200;

/** The extension of a file name with its dot (`.pdf`), or "" when it has none. */
export function fileExtension(fileName: string) {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot) : "";
}

/**
 * A client's file name made safe to keep, show and send back in Content-Disposition, or "" when
 * nothing is left: the last path segment only, NFC (macOS sends Korean names decomposed), without
 * control or invisible formatting characters (a right-to-left override could disguise the
 * extension), without characters Windows refuses, no leading dot, at most 200 characters with the
 * extension kept. Course packages accept the same names (app/lib/course-package.ts), so an export
 * of the course imports again.
 */
export function cleanFileName(raw: string): string {
  const name = (raw.normalize("NFC").split(/[/\\]/).pop() ?? "")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[:*?"<>|]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (name.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = fileExtension(name).slice(0, 20);
  const stem = Array.from(name.slice(0, name.length - fileExtension(name).length));
  let kept = "";
  for (const character of stem) {
    if (kept.length + character.length + extension.length > MAX_FILE_NAME_LENGTH) break;
    kept += character;
  }
  return `${kept.trimEnd()}${extension}`;
}

const SIGNATURES: { contentType: string; matches: (bytes: Uint8Array) => boolean }[] = [
  { contentType: "image/png", matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { contentType: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    contentType: "image/webp",
    matches: (b) => startsWith(b, ascii("RIFF")) && startsWith(b.subarray(8), ascii("WEBP")),
  },
  { contentType: "image/gif", matches: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")) },
  { contentType: "application/zip", matches: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
];

function ascii(text: string) {
  return Array.from(text, (character) => character.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]) {
  return prefix.length <= bytes.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** The type the file's first bytes prove, when it is one of `types`; the file's name and claimed type are ignored. */
async function contentTypeFromBytes(file: Blob, types: Readonly<Record<string, string>>) {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const allowed = new Set(Object.values(types));
  return SIGNATURES.find(({ contentType, matches }) => allowed.has(contentType) && matches(head))?.contentType ?? null;
}

/**
 * The one file of a single-file upload form (a CSV list), read whole into memory and removed from
 * storage at once: such files are small (their kind's limit) and read, never kept. Refusals are the
 * upload's; `noFile` when the form came without one.
 */
export async function readSingleUpload({
  request,
  kind,
}: {
  request: Request;
  kind: UploadKind;
}): Promise<{ ok: true; fileName: string; bytes: Uint8Array } | UploadRefusal | { ok: false; reason: "noFile" }> {
  const form = await parseUploadForm({ request, kind });
  if (!form.ok) return form;
  const [upload, ...surplus] = form.files;
  await deleteStoredFiles(surplus.map(({ key }) => key));
  if (!upload) return { ok: false, reason: "noFile" };
  try {
    const stored = await openStoredFile(upload.key);
    if (!stored) throw new Error("An upload vanished from storage before it was read");
    return {
      ok: true,
      fileName: upload.fileName,
      bytes: new Uint8Array(await new Response(stored.stream).arrayBuffer()),
    };
  } finally {
    await deleteStoredFiles([upload.key]);
  }
}
