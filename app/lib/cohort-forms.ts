// The cohort admin's forms, shared by the browser (Conform) and the server: a cohort's details, a
// member added by e-mail, and a course assigned with its dates. Messages are i18n keys; dates are
// calendar days ("2026-09-01" → UTC midnight, as @db.Date stores them).
import { z } from "zod";

export const COHORT_MEMBER_ROLES = ["LEARNER", "MENTOR"] as const;

export const COHORT_DESCRIPTION_MAX_LENGTH = 2000;

/** Lower-case letters, digits and single dashes between them: what a cohort slug may hold. */
export const COHORT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const uuid = z.string({ required_error: "validation.required" }).uuid("validation.required");

function toCalendarDay(value: string, context: z.RefinementCtx) {
  const day = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.dateInvalid" });
    return z.NEVER;
  }
  return day;
}

export const requiredDay = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .transform(toCalendarDay);

/** Empty → null. */
const optionalDay = z
  .string()
  .trim()
  .optional()
  .transform((value, context) => (value ? toCalendarDay(value, context) : null));

export const cohortDetailsSchema = z
  .object({
    programId: uuid,
    name: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .max(100, "validation.tooLong"),
    /** Empty: made from the name when the cohort is created. */
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(60, "validation.tooLong")
      .optional()
      .transform((value) => value || null)
      .refine((value) => value === null || COHORT_SLUG_PATTERN.test(value), "cohorts.slugInvalid"),
    startsOn: requiredDay,
    endsOn: requiredDay,
    /** Shown to admins on the cohort's page; empty is fine. */
    description: z.string().trim().max(COHORT_DESCRIPTION_MAX_LENGTH, "validation.tooLong").optional().default(""),
  })
  .superRefine((value, context) => {
    if (value.startsOn && value.endsOn && value.endsOn < value.startsOn) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ["endsOn"], message: "cohorts.endsBeforeStarts" });
    }
  });

export type CohortDetails = z.output<typeof cohortDetailsSchema>;

export const addMemberSchema = z.object({
  email: z
    .string({ required_error: "validation.required" })
    .trim()
    .toLowerCase()
    .min(1, "validation.required")
    .max(254, "validation.tooLong")
    .email("validation.emailInvalid"),
  role: z.enum(COHORT_MEMBER_ROLES, { errorMap: () => ({ message: "validation.required" }) }),
});

export const memberSchema = z.object({ memberId: uuid });

const courseDates = {
  startsOn: optionalDay,
  dueOn: optionalDay,
};

function dueNotBeforeStart(value: { startsOn: Date | null; dueOn: Date | null }, context: z.RefinementCtx) {
  if (value.startsOn && value.dueOn && value.dueOn < value.startsOn) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["dueOn"], message: "cohorts.dueBeforeStart" });
  }
}

export const assignCourseSchema = z.object({ courseId: uuid, ...courseDates }).superRefine(dueNotBeforeStart);

export const courseDatesSchema = z.object({ courseId: uuid, ...courseDates }).superRefine(dueNotBeforeStart);

export const unassignCourseSchema = z.object({ courseId: uuid });

/** Archiving or restoring a cohort: the button is the whole form. */
export const cohortArchiveSchema = z.object({});
