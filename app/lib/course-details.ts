// The course details form's schema, shared by the studio's "new course" and details pages and by
// the browser (Conform) and the server. Messages are i18n keys. Moments are typed in the academy's time
// zone (APP_TIME_ZONE), as <input type="datetime-local"> gives them; dates are calendar days.
import { z } from "zod";
import { fromAcademyInputValue } from "~/lib/time-zone";

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional().default("");

/** "2026-08-01T09:00" typed in the academy's time zone → the moment; empty → null. */
export const academyMoment = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    const moment = fromAcademyInputValue(value);
    if (!moment) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.dateInvalid" });
      return z.NEVER;
    }
    return moment;
  });

/** "2026-09-01" → that calendar day (UTC midnight, as @db.Date stores it); empty → null. */
const calendarDay = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => {
    if (!value) return null;
    const day = new Date(`${value}T00:00:00.000Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.dateInvalid" });
      return z.NEVER;
    }
    return day;
  });

const optionalWholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    z.coerce
      .number()
      .int("validation.wholeNumber")
      .min(min, "validation.numberTooSmall")
      .max(max, "validation.numberTooLarge")
      .nullable(),
  );

const uuid = z.string().uuid("validation.required");

export const COURSE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/;

export const courseDetailsSchema = z
  .object({
    title: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .max(200, "validation.tooLong"),
    code: z.string({ required_error: "validation.required" }).trim().regex(COURSE_CODE_PATTERN, "studio.codeInvalid"),
    summary: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .max(500, "validation.tooLong"),
    descriptionMarkdown: optionalText(100_000),
    programId: z.string({ required_error: "validation.required" }).uuid("validation.required"),
    termId: z
      .preprocess((value) => (value === "" ? undefined : value), uuid.optional())
      .transform((value) => value ?? null),
    cohortIds: z.array(uuid).max(50).optional().default([]),
    level: z.enum(["BEGINNER", "INTERMEDIATE", "ADVANCED"], { errorMap: () => ({ message: "validation.required" }) }),
    language: z.enum(["ko", "en"], { errorMap: () => ({ message: "validation.required" }) }),
    credits: optionalWholeNumber(0, 30),
    enrollmentPolicy: z.enum(["OPEN", "APPROVAL", "COHORT_ONLY"], {
      errorMap: () => ({ message: "validation.required" }),
    }),
    capacity: optionalWholeNumber(1, 100_000),
    enrollmentOpensAt: academyMoment,
    enrollmentClosesAt: academyMoment,
    startsOn: calendarDay,
    endsOn: calendarDay,
    prerequisiteIds: z.array(uuid).max(20).optional().default([]),
    tags: z
      .string()
      .optional()
      .default("")
      .transform((value) => [
        ...new Set(
          value
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.string().max(30, "studio.tagTooLong")).max(20, "studio.tooManyTags")),
  })
  .superRefine((value, context) => {
    if (value.enrollmentOpensAt && value.enrollmentClosesAt && value.enrollmentClosesAt <= value.enrollmentOpensAt) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["enrollmentClosesAt"],
        message: "studio.closesBeforeOpens",
      });
    }
    if (value.startsOn && value.endsOn && value.endsOn < value.startsOn) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["endsOn"], message: "studio.endsBeforeStarts" });
    }
  });

/** A calendar day as <input type="date"> shows it. */
export function toDayInputValue(day: Date | string | null | undefined) {
  return day ? new Date(day).toISOString().slice(0, 10) : "";
}
