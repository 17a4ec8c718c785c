// The forms of programs, degree tracks and terms as admins run them, and of a user's student record,
// shared by the browser (Conform) and the server. Messages are i18n keys; dates are calendar days
// ("2026-09-01" → UTC midnight, as @db.Date stores them). The rules that need the database (a slug
// or a term taken) live in app/models/program-admin.server.ts and app/models/user.server.ts.
import { z } from "zod";
import type { ProgramKind, TermSeason } from "~/generated/prisma/enums";
import { COHORT_SLUG_PATTERN, requiredDay } from "~/lib/cohort-forms";
import { GRADE_SCALES } from "~/lib/letter-grades";

export const PROGRAM_KINDS = ["GRADUATE", "ACADEMY"] as const satisfies readonly ProgramKind[];
export const TERM_SEASONS = ["SPRING", "SUMMER", "FALL", "WINTER"] as const satisfies readonly TermSeason[];

/** The most credits a degree track may require (a doctorate's coursework is far below this). */
export const MAX_REQUIRED_CREDITS = 300;
export const MAX_POSITION = 9999;
export const DESCRIPTION_MAX_LENGTH = 2000;

/** A student number: letters, digits and hyphens, stored upper-case so "ab12" and "AB12" are one. */
export const STUDENT_NUMBER_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

const uuid = z.string({ required_error: "validation.required" }).uuid("validation.required");

const requiredText = (max: number) =>
  z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(max, "validation.tooLong");

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional().default("");

// Conform hands a number field over as a number when it reads as one, else as the text typed.
const wholeNumber = (min: number, max: number) =>
  z
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(min, "validation.numberTooSmall")
    .max(max, "validation.numberTooLarge");

/** Empty: made from the English name when created, kept as it is when edited. */
const optionalSlug = z
  .string()
  .trim()
  .toLowerCase()
  .max(60, "validation.tooLong")
  .optional()
  .transform((value) => value || null)
  .refine((value) => value === null || COHORT_SLUG_PATTERN.test(value), "programs.slugInvalid");

const position = wholeNumber(0, MAX_POSITION).default(0);

const bilingualFields = {
  nameKo: requiredText(100),
  nameEn: requiredText(100),
  descriptionKo: optionalText(DESCRIPTION_MAX_LENGTH),
  descriptionEn: optionalText(DESCRIPTION_MAX_LENGTH),
};

export const programDetailsSchema = z.object({
  slug: optionalSlug,
  kind: z.enum(PROGRAM_KINDS, { errorMap: () => ({ message: "validation.required" }) }),
  ...bilingualFields,
  gradeScale: z.enum(GRADE_SCALES, { errorMap: () => ({ message: "validation.required" }) }),
  position,
});

export type ProgramDetails = z.output<typeof programDetailsSchema>;

export const degreeTrackSchema = z.object({
  slug: optionalSlug,
  ...bilingualFields,
  requiredCredits: wholeNumber(1, MAX_REQUIRED_CREDITS),
  position,
});

export type DegreeTrackDetails = z.output<typeof degreeTrackSchema>;

/** A degree track's edit form: its fields and which track. */
export const degreeTrackChangeSchema = degreeTrackSchema.extend({ trackId: uuid });

const termFields = {
  year: wholeNumber(2000, 2100),
  season: z.enum(TERM_SEASONS, { errorMap: () => ({ message: "validation.required" }) }),
  startsOn: requiredDay,
  endsOn: requiredDay,
};

function endsNotBeforeStart(value: { startsOn: Date; endsOn: Date }, context: z.RefinementCtx) {
  if (value.startsOn && value.endsOn && value.endsOn < value.startsOn) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["endsOn"], message: "programs.termEndsBeforeStarts" });
  }
}

export const termSchema = z.object(termFields).superRefine(endsNotBeforeStart);

export type TermDetails = z.output<typeof termSchema>;

/** A term's edit form: its fields and which term. */
export const termChangeSchema = z.object({ ...termFields, termId: uuid }).superRefine(endsNotBeforeStart);

export const trackRefSchema = z.object({ trackId: uuid });
export const termRefSchema = z.object({ termId: uuid });
/** Archiving or restoring the program itself: the button is the whole form. */
export const programRefSchema = z.object({});

/** A user's student number (empty clears it) and degree track (empty: none). */
export const studentRecordSchema = z.object({
  studentNumber: z
    .string()
    .trim()
    .toUpperCase()
    .max(20, "validation.tooLong")
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || STUDENT_NUMBER_PATTERN.test(value), "studentRecord.studentNumberInvalid"),
  degreeTrackId: z
    .preprocess((value) => (value === "" ? undefined : value), uuid.optional())
    .transform((value) => value ?? null),
});

export type StudentRecord = z.output<typeof studentRecordSchema>;
