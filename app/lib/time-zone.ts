// The one time zone the academy's days, deadlines and clocks are read in: APP_TIME_ZONE (default
// Asia/Seoul). The server sets it at start from the validated environment; the browser sets it from
// the page the server sent (<html data-time-zone>), before hydrating, so both format the same text.

export const DEFAULT_TIME_ZONE = "Asia/Seoul";

/** Whether `value` is an IANA time zone this runtime knows ("Asia/Seoul", "America/New_York"). */
export function isTimeZone(value: unknown): value is string {
  // Names only: newer ICU also takes offsets ("+09:00"), which PostgreSQL's AT TIME ZONE reads with the
  // opposite sign (POSIX), so SQL day boundaries would drift 18 hours from the pages.
  if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

let currentTimeZone = DEFAULT_TIME_ZONE;

export function appTimeZone() {
  return currentTimeZone;
}

export function setAppTimeZone(zone: string) {
  if (!isTimeZone(zone)) throw new Error(`Not a time zone: ${zone}`);
  currentTimeZone = zone;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(zone: string) {
  let format = partFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at `moment`: year, month (1–12), day, hour, minute, second. */
export function wallClock(moment: Date, zone = currentTimeZone) {
  const parts = Object.fromEntries(
    partFormat(zone)
      .formatToParts(moment)
      .filter((part) => part.type !== "literal")
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  return parts;
}

/** How far `zone` is ahead of UTC at `moment`, in milliseconds (+9 h for Seoul, −5 or −4 h for New York). */
function offsetAt(moment: Date, zone: string) {
  const clock = wallClock(moment, zone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - (moment.getTime() - moment.getMilliseconds());
}

/** How far `zone` is ahead of UTC at `moment`, in whole minutes (540 for Seoul, −300 or −240 for New York). */
export function offsetMinutesAt(moment: Date, zone = currentTimeZone) {
  return Math.round(offsetAt(moment, zone) / 60_000);
}

/**
 * The moment a wall-clock time in `zone` happens: "2026-09-01T09:00" in Seoul → 00:00Z. A time skipped
 * by a daylight-saving jump lands an hour later; a repeated one takes its first occurrence.
 */
export function zonedMoment(
  wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  zone = currentTimeZone,
) {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0);
  // Two passes: the offset of the first guess can differ from the answer's across a DST change.
  const firstGuess = asUtc - offsetAt(new Date(asUtc), zone);
  const offset = offsetAt(new Date(firstGuess), zone);
  const answer = asUtc - offset;
  const laterOffset = offsetAt(new Date(answer), zone);
  return new Date(laterOffset === offset ? answer : asUtc - laterOffset);
}

/** The moment a calendar day ("2026-09-01") begins in `zone`. */
export function startOfAcademyDay(day: string, zone = currentTimeZone) {
  const [year = NaN, month = NaN, date = NaN] = day.split("-").map(Number);
  return zonedMoment({ year, month, day: date }, zone);
}

/** Today in `zone` as the UTC midnight that @db.Date columns hold. */
export function academyCalendarDay(moment: Date, zone = currentTimeZone) {
  const clock = wallClock(moment, zone);
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day));
}

/** Monday 00:00 in `zone` of the week holding `moment`. */
export function startOfAcademyWeek(moment: Date, zone = currentTimeZone) {
  const today = academyCalendarDay(moment, zone);
  const daysSinceMonday = (today.getUTCDay() + 6) % 7;
  const monday = new Date(today.getTime() - daysSinceMonday * 24 * 60 * 60 * 1000);
  return zonedMoment(
    { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() },
    zone,
  );
}

/** A moment as <input type="datetime-local"> shows it in `zone`, e.g. "2026-08-01T09:00". */
export function toAcademyInputValue(moment: Date | string | null | undefined, zone = currentTimeZone) {
  if (!moment) return "";
  const clock = wallClock(new Date(moment), zone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** "2026-08-01T09:00" (or with seconds) typed in `zone` → the moment; null when it is no such time. */
export function fromAcademyInputValue(value: string, zone = currentTimeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const check = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second));
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23 || minute! > 59) return null;
  return zonedMoment({ year: year!, month: month!, day: day!, hour, minute, second }, zone);
}
