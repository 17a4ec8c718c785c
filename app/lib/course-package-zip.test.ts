import { deflateSync, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { COURSE_PACKAGE_ZIP_LIMITS, unzipCoursePackage, zipCoursePackage } from "./course-package-zip";

const encoder = new TextEncoder();
const text = (value: string) => encoder.encode(value);

/** A zip written by hand, for what no zip tool writes on request: odd names, links, lying sizes. */
function handMadeZip(
  entries: { name: Uint8Array; data: Uint8Array; size?: number; flags?: number; unixMode?: number }[],
) {
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = deflateSync(entry.data);
    const size = entry.size ?? entry.data.byteLength;
    const local = new Uint8Array(30 + entry.name.byteLength);
    const localView = new DataView(local.buffer);
    localView.setUint32(0, 0x04034b50, true);
    localView.setUint16(6, entry.flags ?? 0, true);
    localView.setUint16(8, 8, true);
    localView.setUint32(18, compressed.byteLength, true);
    localView.setUint32(22, size, true);
    localView.setUint16(26, entry.name.byteLength, true);
    local.set(entry.name, 30);
    const central = new Uint8Array(46 + entry.name.byteLength);
    const centralView = new DataView(central.buffer);
    centralView.setUint32(0, 0x02014b50, true);
    centralView.setUint16(8, entry.flags ?? 0, true);
    centralView.setUint16(10, 8, true);
    centralView.setUint32(20, compressed.byteLength, true);
    centralView.setUint32(24, size, true);
    centralView.setUint16(28, entry.name.byteLength, true);
    centralView.setUint32(38, (entry.unixMode ?? 0o100644) * 0x10000, true);
    centralView.setUint32(42, offset, true);
    central.set(entry.name, 46);
    parts.push(local, compressed);
    directory.push(central);
    offset += local.byteLength + compressed.byteLength;
  }
  const directorySize = directory.reduce((total, part) => total + part.byteLength, 0);
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, entries.length, true);
  endView.setUint16(10, entries.length, true);
  endView.setUint32(12, directorySize, true);
  endView.setUint32(16, offset, true);
  const all = [...parts, ...directory, end];
  const zip = new Uint8Array(all.reduce((total, part) => total + part.byteLength, 0));
  let at = 0;
  for (const part of all) {
    zip.set(part, at);
    at += part.byteLength;
  }
  return zip;
}

const PACKAGE = new Map([
  ["course.json", text("{}\n")],
  ["description.md", text("")],
  ["attachments/intro/1주차 슬라이드.pdf", new Uint8Array([37, 80, 68, 70])],
]);

describe("zipCoursePackage", () => {
  test("holds the package in one folder, the same bytes every time, and unzips to the same files", () => {
    const zip = zipCoursePackage({ files: PACKAGE, folder: "ml101" });
    expect(zipCoursePackage({ files: PACKAGE, folder: "ml101" })).toEqual(zip);
    const unzipped = unzipCoursePackage(zip);
    expect(unzipped).toEqual({ ok: true, files: PACKAGE });
  });
});

describe("unzipCoursePackage", () => {
  test("reads a zip made of the package's files without a folder around them", () => {
    const zip = zipSync({ "course.json": text("{}"), "lessons/a.md": text("A") });
    expect(unzipCoursePackage(zip)).toEqual({
      ok: true,
      files: new Map([
        ["course.json", text("{}")],
        ["lessons/a.md", text("A")],
      ]),
    });
  });

  test("skips hidden files and macOS's __MACOSX folder, and composes decomposed Hangul", () => {
    const zip = zipSync({
      "pkg/course.json": text("{}"),
      "pkg/.DS_Store": text("junk"),
      "__MACOSX/pkg/._course.json": text("junk"),
      [`pkg/attachments/a/${"슬라이드.pdf".normalize("NFD")}`]: text("%PDF"),
    });
    const unzipped = unzipCoursePackage(zip);
    expect(unzipped.ok && [...unzipped.files.keys()]).toEqual(["course.json", "attachments/a/슬라이드.pdf"]);
  });

  test("reads Korean names a Korean Windows wrote in its code page (949), without the UTF-8 flag", () => {
    const name = new Uint8Array([
      ...text("attachments/a/"),
      0xbd,
      0xbd,
      0xb6,
      0xf3,
      0xc0,
      0xcc,
      0xb5,
      0xe5,
      ...text(".pdf"),
    ]);
    const zip = handMadeZip([
      { name: text("course.json"), data: text("{}") },
      { name, data: text("%PDF") },
    ]);
    const unzipped = unzipCoursePackage(zip);
    expect(unzipped.ok && [...unzipped.files.keys()]).toEqual(["course.json", "attachments/a/슬라이드.pdf"]);
  });

  test("refuses paths that climb out, absolute paths and links, naming each", () => {
    const zip = handMadeZip([
      { name: text("course.json"), data: text("{}") },
      { name: text("../../etc/cron.d/evil"), data: text("x") },
      { name: text("/etc/passwd"), data: text("x") },
      { name: text("lessons\\..\\..\\evil.md"), data: text("x") },
      { name: text("attachments/a/link.pdf"), data: text("/etc/shadow"), unixMode: 0o120777 },
    ]);
    const unzipped = unzipCoursePackage(zip);
    expect(unzipped.ok).toBe(false);
    if (unzipped.ok || unzipped.reason !== "unsafeEntries") throw new Error("expected unsafe entries");
    expect(unzipped.issues.map(({ file, code }) => [file, code])).toEqual([
      ["../../etc/cron.d/evil", "unsafePath"],
      ["/etc/passwd", "unsafePath"],
      ["lessons\\..\\..\\evil.md", "unsafePath"],
      ["attachments/a/link.pdf", "notPlainFile"],
    ]);
  });

  test("refuses what is not a zip, or a damaged one", () => {
    expect(unzipCoursePackage(text("course.json is not a zip"))).toEqual({ ok: false, reason: "notAZip" });
    const zip = zipSync({ "course.json": text("{}") });
    const damaged = zip.slice();
    damaged[0] = 0; // the entry's local header no longer is one
    expect(unzipCoursePackage(damaged)).toEqual({ ok: false, reason: "notAZip" });
    expect(unzipCoursePackage(zip.slice(0, zip.byteLength - 30))).toEqual({ ok: false, reason: "notAZip" });
  });

  test("refuses too large a zip, too many files, and more unpacked bytes than allowed", () => {
    const limits = { zipBytes: 10_000, entries: 5, unpackedBytes: 1_000 };
    expect(unzipCoursePackage(new Uint8Array(10_001), limits)).toEqual({ ok: false, reason: "tooLarge" });
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`lessons/${index}.md`, text("x")]));
    expect(unzipCoursePackage(zipSync(many), limits)).toEqual({ ok: false, reason: "tooManyFiles" });
    // 2 KB of zeros deflate to a few bytes: a small zip that unpacks past the limit.
    const bomb = zipSync({ "course.json": new Uint8Array(2_000) });
    expect(bomb.byteLength).toBeLessThan(200);
    expect(unzipCoursePackage(bomb, limits)).toEqual({ ok: false, reason: "tooLargeUnpacked" });
    expect(COURSE_PACKAGE_ZIP_LIMITS.unpackedBytes).toBeGreaterThan(COURSE_PACKAGE_ZIP_LIMITS.zipBytes);
  });

  test("stops an entry that inflates past the size its directory declares (a bomb that lies)", () => {
    const lying = handMadeZip([{ name: text("course.json"), data: new Uint8Array(50_000_000), size: 10 }]);
    expect(lying.byteLength).toBeLessThan(100_000);
    const started = performance.now();
    expect(unzipCoursePackage(lying)).toEqual({ ok: false, reason: "notAZip" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
