import { expect, test } from "vitest";
import { safeRedirectPath } from "~/lib/safe-redirect";

test.each([
  ["/courses/ai501?tab=syllabus#m2", "/courses/ai501?tab=syllabus#m2"],
  ["/", "/"],
  ["https://evil.example/", "/"],
  ["//evil.example/path", "/"],
  ["/\\evil.example", "/"],
  ["courses", "/"],
  [undefined, "/"],
  [42, "/"],
])("safeRedirectPath(%j) is %j", (target, expected) => {
  expect(safeRedirectPath(target)).toBe(expected);
});

test("uses the given fallback", () => {
  expect(safeRedirectPath("https://evil.example", "/login")).toBe("/login");
});
