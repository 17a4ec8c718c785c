// The gradebook's forms, shared by the browser (Conform) and the server: categories, items, manual
// points and final-grade changes. Messages are i18n keys. The cut-offs' schema is in letter-grades.ts.
import { z } from "zod";

/** A manual item's full marks go up to this (an exam out of 100, a portfolio out of 1,000, …). */
export const MAX_MANUAL_POINTS = 10_000;
export const MAX_CHANGE_REASON_LENGTH = 500;

const text = (max: number) =>
  z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(max, "validation.tooLong");

const id = z.string({ required_error: "validation.required" }).uuid("validation.required");

const wholeNumber = (min: number, max: number, outOfRange: string) =>
  z
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(min, outOfRange)
    .max(max, outOfRange);

export const QUIZ_SCORE_RULES = ["BEST", "LAST"] as const;

export const gradeCategorySchema = z.object({
  name: text(100),
  weightPercent: wholeNumber(0, 100, "grades.weightOutOfRange"),
});

export const lessonItemSchema = z.object({
  categoryId: id,
  lessonId: id,
  /** Only read for a quiz lesson. */
  quizScoreRule: z.enum(QUIZ_SCORE_RULES).default("BEST"),
});

export const manualItemSchema = z.object({
  categoryId: id,
  title: text(200),
  maxPoints: wholeNumber(1, MAX_MANUAL_POINTS, "grades.maxPointsOutOfRange"),
});

/** Moving an item, and what its kind lets one change (the rule of a quiz; a manual item's title and marks). */
export const gradeItemUpdateSchema = z.object({
  itemId: id,
  categoryId: id,
  quizScoreRule: z.enum(QUIZ_SCORE_RULES).optional(),
  title: text(200).optional(),
  maxPoints: wholeNumber(1, MAX_MANUAL_POINTS, "grades.maxPointsOutOfRange").optional(),
});

/**
 * Points on a manual item: from 0, to the hundredth; empty clears the grade. The upper bound is the
 * item's full marks, which the server checks (grades.pointsOutOfRange) and the input's max shows.
 */
export const manualPointsSchema = z.object({
  itemId: id,
  userId: id,
  points: z
    .number({ invalid_type_error: "grades.pointsNotNumber" })
    .min(0, "grades.pointsOutOfRange")
    .max(MAX_MANUAL_POINTS, "grades.pointsOutOfRange")
    .multipleOf(0.01, "grades.pointsTooPrecise")
    .optional(),
});

export const finalGradeChangeSchema = z.object({
  enrollmentId: id,
  letter: text(4),
  reason: z
    .string({ required_error: "studio.finalGrades.reasonRequired" })
    .trim()
    .min(1, "studio.finalGrades.reasonRequired")
    .max(MAX_CHANGE_REASON_LENGTH, "validation.tooLong"),
});
