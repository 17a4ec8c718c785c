// Course packages as .zip files, for the studio's export and import. fflate (maintained, no
// dependencies, deterministic output) deflates and inflates; the archive's directory is read here so
// that nothing is inflated before every limit is checked, and no entry can inflate past the size its
// directory declares: a zip bomb costs us at most the limits below, in memory and in time.
import { Inflate, zipSync } from "fflate";
import { coursePackageIssue, type CoursePackageFiles, type CoursePackageIssue } from "~/lib/course-package";
import { UPLOAD_KINDS } from "~/lib/upload-limits";

export const COURSE_PACKAGE_ZIP_LIMITS = {
  /** The upload itself: what the upload parser accepts for POST /teach/import. */
  zipBytes: UPLOAD_KINDS.coursePackage.maxFileBytes,
  /** Files and folders in it. A course of 100 lessons with a few attachments each has a few hundred. */
  entries: 2_000,
  /** Everything in it once inflated, declared before anything is inflated. */
  unpackedBytes: 256 * 1024 * 1024,
};

export type CoursePackageZipLimits = typeof COURSE_PACKAGE_ZIP_LIMITS;

/** Every byte of a zip is written the same way every time, so a package's zip is stable too. */
const FIXED_MODIFICATION_TIME = new Date("1980-01-01T00:00:00");

/** The package as a zip holding one folder, `folder`, so unpacking it makes no mess of the current folder. */
export function zipCoursePackage({
  files,
  folder,
}: {
  files: CoursePackageFiles;
  folder: string;
}): Uint8Array<ArrayBuffer> {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, bytes] of files) entries[`${folder}/${path}`] = bytes;
  return zipSync(entries, { level: 6, mtime: FIXED_MODIFICATION_TIME });
}

export type UnzipRefusalReason = "tooLarge" | "notAZip" | "tooManyFiles" | "tooLargeUnpacked" | "unsafeEntries";

export type UnzipResult =
  | { ok: true; files: Map<string, Uint8Array> }
  | { ok: false; reason: Exclude<UnzipRefusalReason, "unsafeEntries"> }
  | { ok: false; reason: "unsafeEntries"; issues: CoursePackageIssue[] };

type Entry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  isLink: boolean;
  localHeaderOffset: number;
};

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * A package's files from a zip, checked before anything is inflated: its size, how many entries,
 * their declared total, and each path (no `..`, no absolute path, no link). Hidden files and macOS's
 * __MACOSX folder are skipped, as a folder's hidden files are; one folder holding everything is
 * stripped, since that is how people zip a folder.
 */
export function unzipCoursePackage(
  zip: Uint8Array,
  limits: CoursePackageZipLimits = COURSE_PACKAGE_ZIP_LIMITS,
): UnzipResult {
  if (zip.byteLength > limits.zipBytes) return { ok: false, reason: "tooLarge" };
  const directory = readDirectory(zip, limits);
  if (!Array.isArray(directory)) return { ok: false, reason: directory };

  const declared = directory.reduce((total, entry) => total + entry.size, 0);
  if (declared > limits.unpackedBytes) return { ok: false, reason: "tooLargeUnpacked" };

  const issues: CoursePackageIssue[] = [];
  const wanted: { path: string; entry: Entry }[] = [];
  for (const entry of directory) {
    if (entry.name.endsWith("/") && entry.size === 0) continue;
    const path = safePath(entry.name);
    if (!path || entry.isLink) {
      issues.push(coursePackageIssue({ file: entry.name, code: entry.isLink ? "notPlainFile" : "unsafePath" }));
      continue;
    }
    const segments = path.split("/");
    if (segments[0] === "__MACOSX" || segments.some((segment) => segment.startsWith("."))) continue;
    wanted.push({ path, entry });
  }

  // One folder around everything (`ai501/course.json`, …) is how a zipped folder looks.
  const firstSegments = new Set(wanted.map(({ path }) => path.split("/")[0]));
  const isWrapped = wanted.length > 0 && firstSegments.size === 1 && wanted.every(({ path }) => path.includes("/"));
  const files = new Map<string, Uint8Array>();
  for (const { path, entry } of wanted) {
    const packagePath = isWrapped ? path.slice(path.indexOf("/") + 1) : path;
    if (files.has(packagePath)) {
      issues.push(coursePackageIssue({ file: entry.name, code: "duplicatePath" }));
      continue;
    }
    const bytes = readEntry(zip, entry);
    if (!bytes) return { ok: false, reason: "notAZip" };
    files.set(packagePath, bytes);
  }
  if (issues.length > 0) return { ok: false, reason: "unsafeEntries", issues };
  return { ok: true, files };
}

/** The central directory's entries, or why there is none to trust. */
function readDirectory(zip: Uint8Array, limits: CoursePackageZipLimits): Entry[] | "notAZip" | "tooManyFiles" {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (offset: number) => view.getUint16(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);
  let end = -1;
  // The end record is the last 22 bytes, or a little earlier when the zip has a comment.
  for (let offset = zip.byteLength - 22; offset >= 0 && offset >= zip.byteLength - 22 - 0xffff; offset--) {
    if (u32(offset) === END_OF_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) return "notAZip";
  const count = u16(end + 10);
  const directoryOffset = u32(end + 16);
  // ZIP64 (more than 65,535 entries or 4 GB) is far beyond a package's limits.
  if (count === 0xffff || directoryOffset === 0xffffffff) return "tooManyFiles";
  if (count > limits.entries) return "tooManyFiles";

  const entries: Entry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > end || u32(offset) !== DIRECTORY_ENTRY) return "notAZip";
    const nameLength = u16(offset + 28);
    const next = offset + 46 + nameLength + u16(offset + 30) + u16(offset + 32);
    if (next > end) return "notAZip";
    const flags = u16(offset + 8);
    const unixMode = u32(offset + 38) >>> 16;
    entries.push({
      name: decodeName(zip.subarray(offset + 46, offset + 46 + nameLength), flags),
      flags,
      method: u16(offset + 10),
      compressedSize: u32(offset + 20),
      size: u32(offset + 24),
      isLink: (unixMode & 0o170000) === 0o120000,
      localHeaderOffset: u32(offset + 42),
    });
    offset = next;
  }
  return entries;
}

/** The entry's bytes, never more than its declared size; null when the archive is damaged or odd. */
function readEntry(zip: Uint8Array, entry: Entry): Uint8Array | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const header = entry.localHeaderOffset;
  if (entry.flags & 0x1) return null; // encrypted
  if (header + 30 > zip.byteLength || view.getUint32(header, true) !== LOCAL_HEADER) return null;
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.byteLength !== entry.compressedSize) return null;
  if (entry.method === STORED) return data.byteLength === entry.size ? data.slice() : null;
  if (entry.method !== DEFLATED) return null;

  const out = new Uint8Array(entry.size);
  let written = 0;
  let isOverflowing = false;
  const inflater = new Inflate((chunk) => {
    if (isOverflowing || written + chunk.byteLength > entry.size) {
      isOverflowing = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.byteLength;
  });
  // Small steps, so an entry that inflates past its declared size is stopped within one step.
  const step = 64 * 1024;
  try {
    for (let offset = 0; offset < data.byteLength && !isOverflowing; offset += step) {
      inflater.push(data.subarray(offset, offset + step), offset + step >= data.byteLength);
    }
    if (data.byteLength === 0) inflater.push(new Uint8Array(0), true);
  } catch {
    return null;
  }
  return !isOverflowing && written === entry.size ? out : null;
}

/**
 * A name as its maker meant it: UTF-8 when the archive says so (or the bytes are UTF-8 anyway, as
 * most tools write), else the Korean Windows code page (949), which Windows' own "Send to
 * compressed folder" uses for Korean names.
 */
function decodeName(bytes: Uint8Array, flags: number): string {
  const isUtf8Flagged = (flags & 0x800) !== 0;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (isUtf8Flagged) return new TextDecoder("utf-8").decode(bytes);
  }
  try {
    return new TextDecoder("euc-kr", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

/** The entry's path with "/" and composed Hangul, or null when it could leave the package. */
function safePath(name: string): string | null {
  const path = name.replace(/\\/g, "/").replace(/\/$/, "");
  if (path.startsWith("/") || /^[a-z]:/i.test(path) || path.includes("\0")) return null;
  const segments = path.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) return null;
  return segments.map((segment) => segment.normalize("NFC")).join("/");
}
