import type { TFunction } from "i18next";
import type { Language } from "~/lib/i18n";
import { appTimeZone, DEFAULT_TIME_ZONE } from "~/lib/time-zone";

const localeTags: Record<Language, string> = { ko: "ko-KR", en: "en-US" };

// Building an Intl.DateTimeFormat is costly (it showed in the bench's CPU profile); each is made once.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, key: string, options: Intl.DateTimeFormatOptions) {
  const cacheKey = `${language}:${key}:${options.timeZone}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTags[language], options);
    dateFormats.set(cacheKey, format);
  }
  return format;
}

/** A calendar date (stored as UTC midnight) in the reader's language, e.g. "2026년 9월 1일". */
export function formatDate(date: Date | string, language: Language) {
  return dateFormat(language, "date", { dateStyle: "long", timeZone: "UTC" }).format(new Date(date));
}

/** The day a moment fell on where the academy is (APP_TIME_ZONE), e.g. "2026년 11월 28일": an issue date. */
export function formatIssuedDay(date: Date | string, language: Language) {
  return dateFormat(language, "issuedDay", { dateStyle: "long", timeZone: appTimeZone() }).format(new Date(date));
}

/** A term as people say it, e.g. "2026년 가을학기" or "Fall 2026". */
export function formatTerm(term: { year: number; season: string }, t: TFunction) {
  return t("termName", { year: term.year, season: t(`season.${term.season}`) });
}

export function formatDuration(totalMinutes: number, t: TFunction) {
  if (totalMinutes < 60) return t("duration.minutes", { count: totalMinutes });
  return t("duration.hoursMinutes", { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 });
}

/** Picks the Korean or English variant of a bilingual record's field. */
export function localized<T extends Record<`${K}Ko` | `${K}En`, string>, K extends string>(
  record: T,
  field: K,
  language: Language,
): string {
  return language === "en" ? record[`${field}En`] : record[`${field}Ko`];
}

/**
 * A moment in the reader's language, in the academy's time zone (APP_TIME_ZONE), on a 24-hour clock
 * ("2026. 11. 20. 23:59"). The 24-hour clock is also what keeps server and browser in agreement: ICU
 * versions name the Korean morning differently (Node 20's "AM", Chromium's "오전"), which made the
 * page the server sent differ from the one React hydrates.
 */
export function formatDateTime(date: Date | string, language: Language) {
  return dateFormat(language, "dateTime", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: appTimeZone(),
    hourCycle: "h23",
  }).format(new Date(date));
}

/**
 * The academy's time zone as readers name it beside a time: "한국 시간" / "Korea time" for the
 * default, else its IANA name ("America/New_York"). Not Intl's zone names: ICU versions word them
 * differently, and the server and browser must print the same text.
 */
export function timeZoneLabel(t: TFunction) {
  const zone = appTimeZone();
  return zone === DEFAULT_TIME_ZONE ? t("timeZone.seoul") : zone;
}

const countFormats = new Map<Language, Intl.NumberFormat>();

/** A count as the reader writes it: "12,345". (In a translated sentence, `{{count, number}}` does this.) */
export function formatCount(value: number, language: Language) {
  let format = countFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(localeTags[language]);
    countFormats.set(language, format);
  }
  return format.format(value);
}

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

/**
 * How long ago (or how soon) `moment` is from `now`, as people say it: "3일 전", "어제", "3 days ago",
 * "yesterday". `now` comes from the loader, so the server and the browser print the same words.
 */
export function formatRelativeTime(moment: Date | string, now: Date | string, language: Language) {
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(localeTags[language], { numeric: "auto" });
    relativeFormats.set(language, format);
  }
  let amount = (new Date(moment).getTime() - new Date(now).getTime()) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.trunc(amount), unit);
    amount /= size;
  }
  return format.format(Math.trunc(amount), "year");
}

const sizeFormats = new Map<string, Intl.NumberFormat>();

/** A file's size as people read it, in steps of 1024: "820 KB", "4.2 MB", "50 MB". */
export function formatFileSize(bytes: number, language: Language) {
  const units = ["B", "KB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || size >= 10 ? 0 : 1;
  const cacheKey = `${language}:${digits}`;
  let format = sizeFormats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(localeTags[language], { maximumFractionDigits: digits });
    sizeFormats.set(cacheKey, format);
  }
  return `${format.format(size)} ${units[unit]}`;
}
