// The academy's calendar: days begin and end in Korea, whatever the server's own time zone.

/** Today in Korea, where the academy is, as the UTC midnight that @db.Date columns hold. */
export function academyCalendarDay(now: Date) {
  const isoDay = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Seoul",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  return new Date(`${isoDay}T00:00:00.000Z`);
}
