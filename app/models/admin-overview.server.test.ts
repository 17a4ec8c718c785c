import { describe, expect, test } from "vitest";
import { startOfSeoulWeek } from "~/models/admin-overview.server";

describe("the Korea week", () => {
  test.each([
    // [now, Monday 00:00 Korea time of its week]
    ["2026-06-03T03:00:00.000Z", "2026-05-31T15:00:00.000Z"], // Wednesday noon
    ["2026-05-31T15:00:00.000Z", "2026-05-31T15:00:00.000Z"], // Monday 00:00 exactly
    ["2026-05-31T14:59:59.999Z", "2026-05-24T15:00:00.000Z"], // Sunday 23:59:59.999
    ["2026-06-07T14:59:00.000Z", "2026-05-31T15:00:00.000Z"], // Sunday 23:59, still the same week
    ["2026-01-01T00:00:00.000Z", "2025-12-28T15:00:00.000Z"], // across a year: Thursday 09:00
  ])("%s is in the week from %s", (now, monday) => {
    expect(startOfSeoulWeek(new Date(now)).toISOString()).toBe(monday);
  });
});
