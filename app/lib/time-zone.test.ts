import { afterEach, describe, expect, test } from "vitest";
import { formatDateTime } from "~/lib/format";
import {
  academyCalendarDay,
  DEFAULT_TIME_ZONE,
  fromAcademyInputValue,
  isTimeZone,
  offsetMinutesAt,
  setAppTimeZone,
  startOfAcademyDay,
  startOfAcademyWeek,
  toAcademyInputValue,
} from "~/lib/time-zone";

afterEach(() => setAppTimeZone(DEFAULT_TIME_ZONE));

test("a zone is valid when Intl knows it", () => {
  expect(isTimeZone("Asia/Seoul")).toBe(true);
  expect(isTimeZone("America/New_York")).toBe(true);
  expect(isTimeZone("Asia/Gwangju")).toBe(false);
  expect(isTimeZone("")).toBe(false);
  expect(() => setAppTimeZone("Mars/Olympus_Mons")).toThrow();
});

describe("formatDateTime shows the configured zone's clock", () => {
  // 2026-11-20 14:30 UTC: 23:30 in Seoul, 09:30 in New York (EST, UTC−5).
  const instant = "2026-11-20T14:30:00.000Z";

  test("in Asia/Seoul by default", () => {
    expect(formatDateTime(instant, "en")).toBe("Nov 20, 2026, 23:30");
    expect(formatDateTime(instant, "ko")).toBe("2026. 11. 20. 23:30");
  });

  test("in America/New_York when configured", () => {
    setAppTimeZone("America/New_York");
    expect(formatDateTime(instant, "en")).toBe("Nov 20, 2026, 09:30");
    expect(formatDateTime(instant, "ko")).toBe("2026. 11. 20. 09:30");
    // Summer time: 14:30 UTC is 10:30 EDT.
    expect(formatDateTime("2026-07-01T14:30:00.000Z", "en")).toBe("Jul 1, 2026, 10:30");
  });
});

describe("the academy's days and weeks", () => {
  test.each([
    // [now, Monday 00:00 Seoul time of its week]
    ["2026-06-03T03:00:00.000Z", "2026-05-31T15:00:00.000Z"], // Wednesday noon
    ["2026-05-31T15:00:00.000Z", "2026-05-31T15:00:00.000Z"], // Monday 00:00 exactly
    ["2026-05-31T14:59:59.999Z", "2026-05-24T15:00:00.000Z"], // Sunday 23:59:59.999
    ["2026-06-07T14:59:00.000Z", "2026-05-31T15:00:00.000Z"], // Sunday 23:59, still the same week
    ["2026-01-01T00:00:00.000Z", "2025-12-28T15:00:00.000Z"], // across a year: Thursday 09:00
  ])("in Seoul, %s is in the week from %s", (now, monday) => {
    expect(startOfAcademyWeek(new Date(now)).toISOString()).toBe(monday);
  });

  test("in New York, weeks and days start at its midnight, daylight saving included", () => {
    setAppTimeZone("America/New_York");
    // Wednesday 2026-11-04 12:00 EST; Monday 2026-11-02 00:00 was EST (DST ended on Nov 1).
    expect(startOfAcademyWeek(new Date("2026-11-04T17:00:00.000Z")).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(startOfAcademyDay("2026-07-01").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfAcademyDay("2026-12-01").toISOString()).toBe("2026-12-01T05:00:00.000Z");
    // 02:00 UTC on Nov 20 is still the 19th in New York, already the 20th in Seoul.
    expect(academyCalendarDay(new Date("2026-11-20T02:00:00.000Z")).toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(academyCalendarDay(new Date("2026-11-20T02:00:00.000Z"), "Asia/Seoul").toISOString()).toBe(
      "2026-11-20T00:00:00.000Z",
    );
  });

  test("a datetime-local value round-trips through the zone", () => {
    expect(fromAcademyInputValue("2026-09-01T09:00")?.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(toAcademyInputValue("2026-09-01T00:00:00.000Z")).toBe("2026-09-01T09:00");
    expect(fromAcademyInputValue("2026-02-30T09:00")).toBeNull();
    expect(fromAcademyInputValue("soon")).toBeNull();
    setAppTimeZone("America/New_York");
    expect(fromAcademyInputValue("2026-09-01T09:00")?.toISOString()).toBe("2026-09-01T13:00:00.000Z");
    expect(toAcademyInputValue("2026-09-01T13:00:00.000Z")).toBe("2026-09-01T09:00");
    expect(offsetMinutesAt(new Date("2026-01-15T00:00:00.000Z"))).toBe(-300);
    expect(offsetMinutesAt(new Date("2026-01-15T00:00:00.000Z"), "Asia/Seoul")).toBe(540);
  });
});
