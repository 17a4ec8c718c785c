// Universal: the studio's learner tables (the gradebook, My learners) and the models behind them share
// these sorts, filters and page size, so a menu never offers what the server does not know.
import { z } from "zod";
import { pageParam } from "~/lib/pagination";

/** Rows per page of the gradebook and of My learners. */
export const LEARNER_TABLE_PAGE_SIZE = 50;

/** The gradebook: by name, or by course score (current or final), highest first. */
export const GRADEBOOK_SORTS = ["name", "current", "final"] as const;
export type GradebookSort = (typeof GRADEBOOK_SORTS)[number];

/** My learners: by name, progress or last activity, either way. */
export const PROGRESS_SORTS = ["name", "progress-desc", "progress-asc", "activity-desc", "activity-asc"] as const;
export type ProgressSort = (typeof PROGRESS_SORTS)[number];

/** My learners' status filter: everyone who took the course, or one status. */
export const PROGRESS_STATUS_FILTERS = ["all", "ACTIVE", "COMPLETED", "DROPPED"] as const;
export type ProgressStatusFilter = (typeof PROGRESS_STATUS_FILTERS)[number];

/** A name or e-mail search as the tables take it: trimmed, control characters gone, at most 100 characters. */
export function toLearnerSearch(value: string | null | undefined) {
  const cleaned = (value ?? "")
    .normalize("NFC")
    .replace(/\p{Cc}/gu, " ")
    .trim();
  return Array.from(cleaned).slice(0, 100).join("");
}

/** An ILIKE pattern matching `text` anywhere: `%` and `_` in it are text, not wildcards (backslash escapes). */
export function likeContains(text: string) {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/** The gradebook's and final grades' view, all in the URL: a page, a name search and a sort. */
export const gradebookViewSchema = z.object({
  page: pageParam,
  q: z.string().optional().transform(toLearnerSearch),
  sort: z.enum(GRADEBOOK_SORTS).catch("name"),
});
