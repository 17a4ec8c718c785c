import { describe, expect, test } from "vitest";
import { formatDateTime } from "~/lib/format";

describe("formatDateTime", () => {
  test("shows Korea's time on a 24-hour clock, the same in both languages' engines", () => {
    // 15:00 UTC is midnight in Seoul: no "AM"/"오전" for ICU versions to disagree on.
    expect(formatDateTime("2026-11-22T15:00:00Z", "ko")).toBe("2026. 11. 23. 00:00");
    expect(formatDateTime("2026-11-23T14:59:00Z", "ko")).toBe("2026. 11. 23. 23:59");
    expect(formatDateTime("2026-11-22T16:30:00Z", "en")).toBe("Nov 23, 2026, 01:30");
  });
});
