import { expect, test } from "vitest";
import { safeRedirectPath } from "~/lib/safe-redirect";

test.each([
  ["/courses/ai501?tab=syllabus#m2", "/courses/ai501?tab=syllabus#m2"],
  ["/", "/"],
  ["https://evil.example/", "/"],
  ["//evil.example/path", "/"],
  ["/\\evil.example", "/"],
  // Normalising these yields `//evil.example`, which a browser reads as another host.
  ["/.//evil.example", "/"],
  ["/./\\evil.example", "/"],
  ["/courses/..//evil.example", "/"],
  ["/%2e//evil.example", "/"],
  ["/\t/evil.example", "/"],
  ["/\n/evil.example/", "/"],
  ["/courses/../learn", "/learn"],
  ["courses", "/"],
  [undefined, "/"],
  [42, "/"],
])("safeRedirectPath(%j) is %j", (target, expected) => {
  expect(safeRedirectPath(target)).toBe(expected);
});

test("uses the given fallback", () => {
  expect(safeRedirectPath("https://evil.example", "/login")).toBe("/login");
});
