// The at-risk pages' forms and view, shared by the browser (Conform) and the server: a cohort's
// four thresholds, the nudge mail (subject and body in Korean and English, for the learners ticked),
// and the list's sort and page as its URL carries them. Messages are i18n keys. The rules behind
// them live in app/models/at-risk.server.ts and app/models/nudge.server.ts, which check them again.
import { z } from "zod";
import { toLearnerSearch } from "~/lib/learner-tables";
import { pageParam } from "~/lib/pagination";

/** Learners per page of an at-risk list. */
export const AT_RISK_PAGE_SIZE = 50;

/** The most learners one nudge may reach (a cohort's page shows 50; "everyone" is a few pages). */
export const MAX_NUDGE_LEARNERS = 500;

/** Each sort, either way; ties are broken by name. Most reasons first is where a week starts. */
export const AT_RISK_SORTS = [
  "reasons-desc",
  "reasons-asc",
  "name-asc",
  "name-desc",
  "activity-asc",
  "activity-desc",
  "progress-asc",
  "progress-desc",
  "nudged-asc",
  "nudged-desc",
] as const;
export type AtRiskSort = (typeof AT_RISK_SORTS)[number];

/**
 * The list's view, all in the URL so it can be bookmarked and works without JavaScript; `select=page`
 * ticks every learner on the page (the "select all" of a browser without JavaScript).
 */
export const atRiskViewSchema = z.object({
  page: pageParam,
  q: z.string().optional().transform(toLearnerSearch),
  sort: z.enum(AT_RISK_SORTS).catch("reasons-desc"),
  select: z.enum(["page"]).optional().catch(undefined),
});

/** The bounds of each threshold, for the schema and the form's hints alike. */
export const THRESHOLD_BOUNDS = {
  inactiveDaysThreshold: { min: 1, max: 90 },
  behindSchedulePoints: { min: 0, max: 100 },
  failedQuizAttempts: { min: 1, max: 20 },
  attendanceThreshold: { min: 0, max: 100 },
} as const;

export type ThresholdName = keyof typeof THRESHOLD_BOUNDS;

/** What a cohort uses until an admin changes it, and what a learner outside any cohort is judged by. */
export const DEFAULT_THRESHOLDS: Record<ThresholdName, number> = {
  inactiveDaysThreshold: 7,
  behindSchedulePoints: 20,
  failedQuizAttempts: 2,
  attendanceThreshold: 80,
};

function wholeNumberIn(name: ThresholdName) {
  const { min, max } = THRESHOLD_BOUNDS[name];
  return z
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(min, `atRisk.thresholds.range.${name}`)
    .max(max, `atRisk.thresholds.range.${name}`);
}

export const thresholdsSchema = z.object({
  inactiveDaysThreshold: wholeNumberIn("inactiveDaysThreshold"),
  behindSchedulePoints: wholeNumberIn("behindSchedulePoints"),
  failedQuizAttempts: wholeNumberIn("failedQuizAttempts"),
  attendanceThreshold: wholeNumberIn("attendanceThreshold"),
});

export type AtRiskThresholds = z.output<typeof thresholdsSchema>;

/** The only placeholders a nudge may carry: the learner's name and the link to their My learning page. */
export const NUDGE_PLACEHOLDERS = ["name", "link"] as const;
export type NudgePlaceholder = (typeof NUDGE_PLACEHOLDERS)[number];

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const NUDGE_SUBJECT_MAX_LENGTH = 150;
export const NUDGE_BODY_MAX_LENGTH = 5000;

/**
 * Text fit for a plain-text mail: NFC, line breaks as \n, no control characters but \n and tab.
 * A subject is also one line (a header must not carry a line break).
 */
export function toMailText(text: string, { isOneLine }: { isOneLine: boolean }) {
  const cleaned = text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\p{Cc}\u2028\u2029]/gu, (character) => (character === "\n" || character === "\t" ? character : ""));
  return (isOneLine ? cleaned.replace(/\s+/g, " ") : cleaned).trim();
}

/** The placeholders in `text` that are not on the list, e.g. ["email"] for "{{email}}". */
export function unknownPlaceholders(text: string) {
  return [...text.matchAll(PLACEHOLDER_PATTERN)]
    .map((match) => match[1] ?? "")
    .filter((name) => !(NUDGE_PLACEHOLDERS as readonly string[]).includes(name));
}

/** `template` with each placeholder replaced by its value (the values are inserted as they are). */
export function fillNudgeTemplate(template: string, values: Record<NudgePlaceholder, string>) {
  return template.replace(PLACEHOLDER_PATTERN, (whole, name: string) =>
    (NUDGE_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as NudgePlaceholder] : whole,
  );
}

function mailText({ isOneLine, max }: { isOneLine: boolean; max: number }) {
  return z
    .string({ required_error: "validation.required" })
    .transform((value) => toMailText(value, { isOneLine }))
    .pipe(
      z
        .string()
        .min(1, "validation.required")
        .max(max, "validation.tooLong")
        .refine((value) => unknownPlaceholders(value).length === 0, "atRisk.nudge.unknownPlaceholder"),
    );
}

const uuid = z.string().uuid("atRisk.nudge.noneSelected");

/** The nudge form: whom (the learners ticked) and what, in both languages; each learner gets theirs. */
export const nudgeSchema = z.object({
  learnerIds: z
    .array(uuid, { required_error: "atRisk.nudge.noneSelected" })
    .min(1, "atRisk.nudge.noneSelected")
    .max(MAX_NUDGE_LEARNERS, "atRisk.nudge.tooMany")
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
  subjectKo: mailText({ isOneLine: true, max: NUDGE_SUBJECT_MAX_LENGTH }),
  bodyKo: mailText({ isOneLine: false, max: NUDGE_BODY_MAX_LENGTH }),
  subjectEn: mailText({ isOneLine: true, max: NUDGE_SUBJECT_MAX_LENGTH }),
  bodyEn: mailText({ isOneLine: false, max: NUDGE_BODY_MAX_LENGTH }),
});

export type NudgeMessage = Omit<z.output<typeof nudgeSchema>, "learnerIds">;
