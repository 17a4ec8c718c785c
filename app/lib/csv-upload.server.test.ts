import iconv from "iconv-lite";
import { expect, test } from "vitest";
import { readCsvUpload } from "~/lib/csv-upload.server";

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);

test("UTF-8 without a byte order mark", () => {
  expect(readCsvUpload(utf8("이름,이메일\n홍길동,hong@example.kr\n"))).toEqual({
    ok: true,
    encoding: "utf-8",
    header: ["이름", "이메일"],
    rows: [{ line: 2, cells: ["홍길동", "hong@example.kr"] }],
  });
});

test("UTF-8 with a byte order mark, which is not part of the first header cell", () => {
  const result = readCsvUpload(withBom("name,email\r\nKim,kim@example.kr\r\n"));
  expect(result).toEqual({
    ok: true,
    encoding: "utf-8",
    header: ["name", "email"],
    rows: [{ line: 2, cells: ["Kim", "kim@example.kr"] }],
  });
});

test("CP949 (Korean Excel's CSV) is decoded, including characters beyond EUC-KR", () => {
  const bytes = iconv.encode("성명,메일,학번\r\n홍길동,hong@example.kr,2025001\r\n뷁똠,ttom@example.kr,\r\n", "cp949");
  expect(new Uint8Array(bytes).includes(0)).toBe(false);
  expect(readCsvUpload(new Uint8Array(bytes))).toEqual({
    ok: true,
    encoding: "cp949",
    header: ["성명", "메일", "학번"],
    rows: [
      { line: 2, cells: ["홍길동", "hong@example.kr", "2025001"] },
      { line: 3, cells: ["뷁똠", "ttom@example.kr"] },
    ],
  });
});

test("blank lines and rows of only commas are skipped; rows keep the file's line numbers", () => {
  const result = readCsvUpload(utf8("\n name , email ,,\n\n  \nA, a@example.kr ,,,\n,,,\nB,b@example.kr\n\n"));
  expect(result).toEqual({
    ok: true,
    encoding: "utf-8",
    header: ["name", "email"],
    rows: [
      { line: 5, cells: ["A", "a@example.kr"] },
      { line: 7, cells: ["B", "b@example.kr"] },
    ],
  });
});

test("quoted commas, quotes and line breaks stay in their cell; a row spanning lines is named by its first", () => {
  const result = readCsvUpload(utf8('name,note\r\n"Lee, Jun","say ""hi"""\r\n"Park\r\nMin",x\r\nChoi,y\r\n"\nQ\n",z'));
  expect(result).toEqual({
    ok: true,
    encoding: "utf-8",
    header: ["name", "note"],
    rows: [
      { line: 2, cells: ["Lee, Jun", 'say "hi"'] },
      { line: 3, cells: ["Park\nMin", "x"] },
      { line: 5, cells: ["Choi", "y"] },
      { line: 6, cells: ["Q", "z"] },
    ],
  });
});

test("Hangul written decomposed (macOS) is read composed", () => {
  const result = readCsvUpload(utf8("이름\n홍길동".normalize("NFD")));
  expect(result.ok && result.header[0]).toBe("이름");
  expect(result.ok && result.rows[0]?.cells[0]).toBe("홍길동");
});

test.each([
  [
    "an unclosed quote, named by the line it opens on",
    'name,email\nA,a@example.kr\n\n"B,b@example.kr\nC,c@example.kr\n',
    4,
  ],
  ["text after a closing quote", 'name,email\nA,a@example.kr\n"B"x,b@example.kr\n', 3],
  ["a quote inside an unquoted cell", 'name,email\nA,a@example.kr\nC,c@example.kr\nB"x",b@example.kr\n', 4],
])("a malformed file: %s", (_, text, line) => {
  expect(readCsvUpload(utf8(text))).toEqual({ ok: false, reason: "malformed", line });
});

test.each([
  ["no bytes", new Uint8Array()],
  ["a byte order mark alone", withBom("")],
  ["only blank lines", utf8("\r\n\r\n  \n")],
  ["only commas", utf8(",,,\n,,\n")],
])("empty: %s", (_, bytes) => {
  expect(readCsvUpload(bytes)).toEqual({ ok: false, reason: "empty" });
});

test("a header without rows is read (the caller decides whether that is enough)", () => {
  expect(readCsvUpload(utf8("name,email\n"))).toEqual({
    ok: true,
    encoding: "utf-8",
    header: ["name", "email"],
    rows: [],
  });
});

test.each([
  [
    "a PNG",
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  ],
  ["an XLSX (a zip)", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])],
  ["UTF-16 text (NUL bytes)", new Uint8Array(Buffer.from("\uFEFFname,email\n", "utf16le"))],
  ["bytes neither UTF-8 nor CP949", new Uint8Array([0x41, 0x2c, 0xff, 0xfe, 0x81, 0x0a])],
  ["a byte order mark before bytes that are not UTF-8", new Uint8Array([0xef, 0xbb, 0xbf, 0xb0, 0xa1, 0x0a])],
  ["control characters", utf8("name\u0001,email\n")],
])("not text: %s", (_, bytes) => {
  expect(readCsvUpload(bytes)).toEqual({ ok: false, reason: "notText" });
});
