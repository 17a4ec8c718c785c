// Attendance's forms and parameters, shared by the browser (Conform) and the server: class days
// added one at a time or by weekday, a day's roster saved whole, a check-in code opened for N
// minutes, a learner's check-in, and the `?month=YYYY-MM` of the calendar and its export. Messages
// are i18n keys; dates are calendar days ("2026-03-02" → UTC midnight, as @db.Date stores them).
import { z } from "zod";

/** The statuses a learner's day can have, in the order the roster offers them. */
export const ATTENDANCE_STATUSES = ["PRESENT", "LATE", "LEFT_EARLY", "ABSENT", "EXCUSED"] as const;

export type AttendanceStatusValue = (typeof ATTENDANCE_STATUSES)[number];

/** ISO weekdays (1 = Monday … 7 = Sunday), as the weekday checkboxes send them. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** How long a check-in code stays open when nobody says otherwise, and the bounds. */
export const CHECK_IN_MINUTES = { default: 10, min: 1, max: 60 } as const;

export const CHECK_IN_CODE_LENGTH = 6;

/** Longest reason or note kept on one learner's day. */
export const REASON_MAX_LENGTH = 500;

const uuid = z.string({ required_error: "validation.required" }).uuid("validation.required");

function toCalendarDay(value: string, context: z.RefinementCtx) {
  const day = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.dateInvalid" });
    return z.NEVER;
  }
  return day;
}

const requiredDay = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .transform(toCalendarDay);

// ───────────────────────────── Months ─────────────────────────────

/** "2026-03": a calendar month as the URL names it. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "attendance.monthInvalid");

export type MonthRange = {
  /** "2026-03" */
  month: string;
  /** Its first day, UTC midnight. */
  from: Date;
  /** The first day of the next month, UTC midnight (exclusive). */
  until: Date;
};

/** The days of a month, from a valid "YYYY-MM". */
export function monthRange(month: string): MonthRange {
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7)) - 1;
  return {
    month,
    from: new Date(Date.UTC(year, monthIndex, 1)),
    until: new Date(Date.UTC(year, monthIndex + 1, 1)),
  };
}

/** The "YYYY-MM" a calendar day falls in. */
export function monthOf(day: Date | string) {
  return new Date(day).toISOString().slice(0, 7);
}

/** The month `offset` months away from `month` ("2026-01", -1 → "2025-12"). */
export function shiftMonth(month: string, offset: number) {
  const { from } = monthRange(month);
  return monthOf(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1)));
}

// ───────────────────────────── The calendar ─────────────────────────────

export const addClassDaySchema = z.object({
  date: requiredDay,
  note: z
    .string()
    .trim()
    .max(200, "validation.tooLong")
    .optional()
    .transform((value) => value ?? ""),
});

export const addClassDaysSchema = z
  .object({
    from: requiredDay,
    to: requiredDay,
    weekdays: z
      .array(z.coerce.number().int().min(1).max(7), {
        required_error: "attendance.chooseWeekdays",
        invalid_type_error: "attendance.chooseWeekdays",
      })
      .min(1, "attendance.chooseWeekdays")
      .transform((days) => [...new Set(days)].sort()),
  })
  .superRefine((value, context) => {
    if (value.from && value.to && value.to < value.from) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "attendance.toBeforeFrom" });
    }
  });

export const removeClassDaySchema = z.object({ classDayId: uuid });

// ───────────────────────────── A day's roster ─────────────────────────────

/**
 * One learner's line of the roster. An empty status leaves a learner without a record as they are
 * (and a recorded one unchanged); an excused absence needs its reason; any other status may carry a
 * note in the same field.
 */
const rosterRowSchema = z
  .object({
    userId: uuid,
    status: z
      .enum(["", ...ATTENDANCE_STATUSES], { errorMap: () => ({ message: "attendance.statusInvalid" }) })
      .optional()
      .transform((value) => (value ? value : null)),
    reason: z
      .string()
      .trim()
      .max(REASON_MAX_LENGTH, "validation.tooLong")
      .optional()
      .transform((value) => value || null),
  })
  .superRefine((row, context) => {
    if (row.status === "EXCUSED" && !row.reason) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], message: "attendance.reasonRequired" });
    }
    if (row.status === null && row.reason) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["status"], message: "attendance.statusForNote" });
    }
  });

export const rosterSchema = z.object({
  rows: z.array(rosterRowSchema).max(2000, "validation.tooLong").default([]),
});

export type RosterRow = z.output<typeof rosterRowSchema>;

/** Forms that are only a button (mark everyone present, close the code): nothing to parse. */
export const noFieldsSchema = z.object({});

export const openCheckInCodeSchema = z.object({
  minutes: z
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(CHECK_IN_MINUTES.min, "validation.numberTooSmall")
    .max(CHECK_IN_MINUTES.max, "validation.numberTooLarge"),
});

// ───────────────────────────── Check-in ─────────────────────────────

/** Six digits; spaces and dashes typed between them are dropped. */
export const checkInSchema = z.object({
  code: z
    .string({ required_error: "validation.required" })
    .transform((value) => value.replace(/[\s-]/g, ""))
    .pipe(
      z
        .string()
        .min(1, "validation.required")
        .regex(new RegExp(`^\\d{${CHECK_IN_CODE_LENGTH}}$`), "attendance.checkIn.codeFormat"),
    ),
});

// ───────────────────────────── Export ─────────────────────────────

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;

export const attendanceExportSchema = z.object({
  month: monthSchema,
  format: z.enum(EXPORT_FORMATS).default("xlsx"),
});
