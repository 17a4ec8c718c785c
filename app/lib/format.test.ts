import { describe, expect, test } from "vitest";
import { formatCount, formatDateTime, formatRelativeTime } from "~/lib/format";

describe("formatDateTime", () => {
  test("shows Korea's time on a 24-hour clock, the same in both languages' engines", () => {
    // 15:00 UTC is midnight in Seoul: no "AM"/"오전" for ICU versions to disagree on.
    expect(formatDateTime("2026-11-22T15:00:00Z", "ko")).toBe("2026. 11. 23. 00:00");
    expect(formatDateTime("2026-11-23T14:59:00Z", "ko")).toBe("2026. 11. 23. 23:59");
    expect(formatDateTime("2026-11-22T16:30:00Z", "en")).toBe("Nov 23, 2026, 01:30");
  });
});

describe("formatRelativeTime", () => {
  const now = "2026-11-20T12:00:00Z";

  test.each([
    ["2026-11-17T12:00:00Z", "ko", "3일 전"],
    ["2026-11-17T12:00:00Z", "en", "3 days ago"],
    ["2026-11-19T12:00:00Z", "ko", "어제"],
    ["2026-11-19T12:00:00Z", "en", "yesterday"],
    ["2026-11-20T09:00:00Z", "en", "3 hours ago"],
    ["2026-11-20T11:59:30Z", "en", "30 seconds ago"],
    ["2026-09-01T12:00:00Z", "ko", "2개월 전"],
    ["2026-11-27T12:00:00Z", "en", "in 7 days"],
  ] as const)("%s from now in %s is %s", (moment, language, words) => {
    expect(formatRelativeTime(moment, now, language)).toBe(words);
  });
});

test("formatCount writes thousands as the reader does", () => {
  expect(formatCount(30000, "ko")).toBe("30,000");
  expect(formatCount(30000, "en")).toBe("30,000");
  expect(formatCount(7, "en")).toBe("7");
});
