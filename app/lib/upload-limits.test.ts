import { expect, test } from "vitest";
import { acceptAttribute, contentTypeForFileName, uploadBodyLimitBytes, uploadEndpointFor } from "~/lib/upload-limits";

const COURSE = "0194f0b2-8c3a-7d10-9a2b-3c4d5e6f7a8b";
const LESSON = "0194f0b2-8c3a-7d10-9a2b-3c4d5e6f7a8c";

test.each([
  ["/teach/import", "coursePackage"],
  ["/teach/import.data", "coursePackage"],
  [`/teach/${COURSE}`, "coverImage"],
  [`/teach/${COURSE}/`, "coverImage"],
  [`/teach/${COURSE}.data`, "coverImage"],
  [`/teach/${COURSE}/lessons/${LESSON}`, "attachment"],
  [`/teach/${COURSE}/lessons/${LESSON}.data`, "attachment"],
  [`/teach/%69mport`, "coursePackage"],
])("%s takes uploads of kind %s", (pathname, kind) => {
  expect(uploadEndpointFor(pathname)).toEqual({ kind, maxBodyBytes: uploadBodyLimitBytes(kind as never) });
});

test.each([
  "/login",
  "/teach",
  "/teach/new",
  `/teach/${COURSE}/outline`,
  `/teach/${COURSE}/lessons`,
  `/teach/${COURSE}/lessons/${LESSON}/preview`,
  `/teach/not-a-uuid/lessons/${LESSON}`,
  `/courses/${COURSE}`,
  "/teach/%E0%A4%A",
])("%s takes no uploads", (pathname) => {
  expect(uploadEndpointFor(pathname)).toBeNull();
});

test("limits: 50 MB per attachment and 5 at once, 5 MB covers, 100 MB packages, plus 1 MiB of room", () => {
  const MIB = 1024 * 1024;
  expect(uploadBodyLimitBytes("attachment")).toBe(5 * 50 * MIB + MIB);
  expect(uploadBodyLimitBytes("coverImage")).toBe(5 * MIB + MIB);
  expect(uploadBodyLimitBytes("coursePackage")).toBe(100 * MIB + MIB);
});

test("types come from the extension, case aside; the accept list names extensions and types", () => {
  expect(contentTypeForFileName("attachment", "1주차.PDF")).toBe("application/pdf");
  expect(contentTypeForFileName("attachment", "실습.ipynb")).toBe("application/x-ipynb+json");
  expect(contentTypeForFileName("attachment", "page.html")).toBeNull();
  expect(contentTypeForFileName("attachment", ".pdf")).toBeNull();
  expect(acceptAttribute("coverImage")).toBe(".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp");
});
