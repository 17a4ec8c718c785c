// How attendance pages write dates, months, times and rates, and the rate cell that says in words
// (not only in colour) when a learner is below the cohort's threshold.
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { appTimeZone } from "~/lib/time-zone";

const localeTags: Record<Language, string> = { ko: "ko-KR", en: "en-US" };
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** "2026년 3월" or "March 2026", from "2026-03". */
export function formatMonth(month: string, language: Language) {
  return cached(
    `month:${language}`,
    () => new Intl.DateTimeFormat(localeTags[language], { year: "numeric", month: "long", timeZone: "UTC" }),
  ).format(new Date(`${month}-01T00:00:00.000Z`));
}

/** "10:10": a moment's time in the academy's time zone, on a 24-hour clock (see formatDateTime for why 24 hours). */
export function formatTime(moment: Date | string, language: Language) {
  return cached(
    `time:${language}:${appTimeZone()}`,
    () =>
      new Intl.DateTimeFormat(localeTags[language], {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: appTimeZone(),
      }),
  ).format(new Date(moment));
}

/** "66.7%": a rate between 0 and 1, to one decimal. */
export function formatRate(rate: number, language: Language) {
  return cached(
    `rate:${language}`,
    () => new Intl.NumberFormat(localeTags[language], { style: "percent", maximumFractionDigits: 1 }),
  ).format(rate);
}

/** 1 = Monday … 7 = Sunday, for a calendar day stored as UTC midnight. */
export function isoWeekday(day: Date | string) {
  const weekday = new Date(day).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** "2026년 3월 2일 (월)" or "March 2, 2026 (Mon)". */
export function useDayLabel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (day: Date | string) =>
    t("attendance.dayWithWeekday", {
      date: formatDate(day, language),
      weekday: t(`attendance.weekdayShort.${isoWeekday(day)}`),
    });
}

/** A rate, "None yet" before any day counts, and "Below threshold" in words when it is. */
export function RateCell({ rate, isBelowThreshold }: { rate: number | null; isBelowThreshold: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  if (rate === null) return <span className="text-slate-500">{t("attendance.noRate")}</span>;
  return (
    <span className="whitespace-nowrap">
      <span className={`tabular-nums ${isBelowThreshold ? "font-semibold text-red-800" : ""}`}>
        {formatRate(rate, language)}
      </span>
      {isBelowThreshold ? (
        <span className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">
          {t("attendance.belowThreshold")}
        </span>
      ) : null}
    </span>
  );
}
