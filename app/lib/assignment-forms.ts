// The assignment forms' schemas and limits, shared by the browser (Conform) and the server: the
// studio's settings and grading forms, the learner's submission form, and the grading queue's
// filter as its URL carries it. Messages are i18n keys. The rules behind them live in
// app/models/assignment.server.ts, which checks them again.
import { z } from "zod";
import { academyMoment } from "~/lib/course-details";
import { SUBMISSION_MAX_FILE_MEGABYTES, SUBMISSION_MAX_FILES, SUBMISSION_TEXT_MAX_LENGTH } from "~/lib/upload-limits";

/** The highest full marks an assignment may have. */
export const MAX_ASSIGNMENT_POINTS = 1000;
/** The longest written feedback, in characters. */
export const FEEDBACK_MAX_LENGTH = 20_000;

export const LATE_POLICIES = ["ACCEPT", "MARK_LATE", "REFUSE"] as const;
export const SUBMISSION_STATUSES = ["SUBMITTED", "GRADED", "RETURNED"] as const;
export type SubmissionStatusName = (typeof SUBMISSION_STATUSES)[number];

const wholeNumber = (min: number, max: number) =>
  z
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(min, "validation.numberTooSmall")
    .max(max, "validation.numberTooLarge");

/** A checkbox: sent as "on" when ticked, not at all otherwise. */
const checkbox = z.boolean().default(false);

/** The studio's assignment settings form. */
export const assignmentSettingsSchema = z
  .object({
    version: z.number().int().min(1),
    dueAt: academyMoment,
    latePolicy: z.enum(LATE_POLICIES, { errorMap: () => ({ message: "validation.required" }) }),
    maxPoints: wholeNumber(1, MAX_ASSIGNMENT_POINTS),
    passingPoints: wholeNumber(0, MAX_ASSIGNMENT_POINTS),
    allowsText: checkbox,
    allowsFile: checkbox,
    maxFiles: wholeNumber(1, SUBMISSION_MAX_FILES),
    maxFileMegabytes: wholeNumber(1, SUBMISSION_MAX_FILE_MEGABYTES),
    fileExtensions: z.array(z.string().max(20)).max(100).default([]),
  })
  .superRefine((value, context) => {
    if (value.passingPoints > value.maxPoints) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["passingPoints"],
        message: "studio.assignment.passingAboveMax",
      });
    }
    if (!value.allowsText && !value.allowsFile) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["allowsText"],
        message: "studio.assignment.noAnswerKind",
      });
    }
  });

/** The grading page's form: a grade (points and feedback), or a return for resubmission (feedback). */
export const gradingSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("grade"),
    points: wholeNumber(0, MAX_ASSIGNMENT_POINTS),
    feedback: z.string().max(FEEDBACK_MAX_LENGTH, "validation.tooLong").default(""),
  }),
  z.object({
    intent: z.literal("return"),
    // Typed into the same form; a return ignores it.
    points: z.unknown().optional(),
    feedback: z
      .string({ required_error: "studio.grading.feedbackRequired" })
      .trim()
      .min(1, "studio.grading.feedbackRequired")
      .max(FEEDBACK_MAX_LENGTH, "validation.tooLong"),
  }),
]);

/** The learner's submission form's text; its files are checked by the upload parser and the model. */
export const submissionSchema = z.object({
  body: z.string().max(SUBMISSION_TEXT_MAX_LENGTH, "validation.tooLong").default(""),
});

/** The grading queue's filter: which assignment lesson, which status, and every attempt or the latest. */
export type GradingFilterParams = {
  lessonId?: string;
  status?: SubmissionStatusName;
  isAllAttempts?: boolean;
};

const filterParams = z.object({
  lesson: z.string().uuid().optional().catch(undefined),
  status: z.enum(SUBMISSION_STATUSES).optional().catch(undefined),
  attempts: z.literal("all").optional().catch(undefined),
});

/** The filter of a queue or grading page URL (`?lesson=…&status=…&attempts=all`); anything unknown is ignored. */
export function gradingFilterFrom(searchParams: URLSearchParams): GradingFilterParams {
  const { lesson, status, attempts } = filterParams.parse(Object.fromEntries(searchParams));
  return {
    ...(lesson ? { lessonId: lesson } : {}),
    ...(status ? { status } : {}),
    ...(attempts ? { isAllAttempts: true } : {}),
  };
}

/** The query string of a filter, for links that keep it ("" when nothing is filtered). */
export function gradingFilterQuery(filter: GradingFilterParams, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.lessonId) params.set("lesson", filter.lessonId);
  if (filter.status) params.set("status", filter.status);
  if (filter.isAllAttempts) params.set("attempts", "all");
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : "";
}
