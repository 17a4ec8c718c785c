import { expect, test } from "vitest";
import {
  acceptAttribute,
  contentTypeForFileName,
  submissionUploadLimits,
  uploadBodyLimitBytes,
  uploadEndpointFor,
} from "~/lib/upload-limits";

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
  ["/courses/ai-101/lessons/week-3-essay/submission", "submission"],
  ["/courses/ai-101/lessons/week-3-essay/submission.data", "submission"],
  ["/courses/ai-101/lessons/%EC%97%90%EC%84%B8%EC%9D%B4/submission/", "submission"],
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
  "/courses/ai-101/lessons/week-3-essay",
  "/courses/ai-101/lessons/week-3-essay/time",
  "/courses/ai-101/lessons/week-3-essay/submission/files",
  "/courses//lessons/week-3-essay/submission",
])("%s takes no uploads", (pathname) => {
  expect(uploadEndpointFor(pathname)).toBeNull();
});

test("limits: 50 MB per attachment and 5 at once, 5 MB covers, 100 MB packages, plus 1 MiB of room", () => {
  const MIB = 1024 * 1024;
  expect(uploadBodyLimitBytes("attachment")).toBe(5 * 50 * MIB + MIB);
  expect(uploadBodyLimitBytes("coverImage")).toBe(5 * MIB + MIB);
  expect(uploadBodyLimitBytes("coursePackage")).toBe(100 * MIB + MIB);
  // The ceiling of any assignment's submissions: 10 files of 100 MB.
  expect(uploadBodyLimitBytes("submission")).toBe(10 * 100 * MIB + MIB);
});

test("a submission's limits are its assignment's, within the ceilings; none chosen takes the attachment types", () => {
  const MIB = 1024 * 1024;
  const assignment = { allowsFile: true, maxFiles: 3, maxFileMegabytes: 20, fileExtensions: [] };
  const limits = submissionUploadLimits(assignment);
  expect(limits).toMatchObject({ maxFiles: 3, maxFileBytes: 20 * MIB });
  expect(contentTypeForFileName(limits, "lab.ipynb")).toBe("application/x-ipynb+json");
  expect(uploadBodyLimitBytes(limits)).toBe(3 * 20 * MIB + MIB);

  const narrow = submissionUploadLimits({ ...assignment, fileExtensions: [".pdf", ".exe"] });
  expect(Object.keys(narrow.types)).toEqual([".pdf"]);
  expect(acceptAttribute(narrow)).toBe(".pdf,application/pdf");
  expect(contentTypeForFileName(narrow, "lab.ipynb")).toBeNull();

  expect(submissionUploadLimits({ ...assignment, maxFiles: 50, maxFileMegabytes: 500 })).toMatchObject({
    maxFiles: 10,
    maxFileBytes: 100 * MIB,
  });
  expect(submissionUploadLimits({ ...assignment, allowsFile: false }).maxFiles).toBe(0);
});

test("types come from the extension, case aside; the accept list names extensions and types", () => {
  expect(contentTypeForFileName("attachment", "1주차.PDF")).toBe("application/pdf");
  expect(contentTypeForFileName("attachment", "실습.ipynb")).toBe("application/x-ipynb+json");
  expect(contentTypeForFileName("attachment", "page.html")).toBeNull();
  expect(contentTypeForFileName("attachment", ".pdf")).toBeNull();
  expect(acceptAttribute("coverImage")).toBe(".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp");
});
