import { expect, test } from "vitest";
import { cleanFileName } from "~/lib/upload.server";

test.each([
  ["1주차 슬라이드.pdf".normalize("NFD"), "1주차 슬라이드.pdf"],
  ["folder/sub/notes.pdf", "notes.pdf"],
  ["C:\\fakepath\\notes.pdf", "notes.pdf"],
  ["..hidden.pdf", "hidden.pdf"],
  ["  spaced   out  .pdf ", "spaced out .pdf"],
  ["a\r\nb\0c.pdf", "abc.pdf"],
  ["invoice\u202Efdp.exe", "invoicefdp.exe"],
  ['what?<is>"this"|*:.pdf', "what__is__this____.pdf"],
  ["...", ""],
  ["", ""],
])("%j is kept as %j", (raw, cleaned) => {
  expect(cleanFileName(raw)).toBe(cleaned);
});

test("a long name is cut to 200 characters, its extension kept and no character split", () => {
  const cleaned = cleanFileName(`${"가".repeat(150)}${"😀".repeat(100)}.ipynb`);
  expect(cleaned.length).toBeLessThanOrEqual(200);
  expect(cleaned.endsWith("😀.ipynb")).toBe(true);
  expect(cleaned).toMatch(/^[^\uD800-\uDFFF]*(?:[\uD800-\uDBFF][\uDC00-\uDFFF][^\uD800-\uDFFF]*)*$/);
});

test("cleaned names are names a course package accepts", () => {
  const packageName = /^[^./\\:*?"<>|\p{Cc}][^/\\:*?"<>|\p{Cc}]*$/u;
  for (const raw of ["..a.pdf", 'x:"y".pdf', "a\u0007b.pdf", " .env", "dir/.profile"]) {
    expect(cleanFileName(raw)).toMatch(packageName);
  }
});
