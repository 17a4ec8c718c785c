// Shared pieces of the grade pages (the studio's gradebook, final grades, My learners, and a
// learner's own grades): numbers as people read them, a wide table that scrolls on a phone with its
// first column in view, and the gradebook's warnings.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/lib/i18n";
import type { GradebookProblem } from "~/models/gradebook.server";

const localeTags: Record<Language, string> = { ko: "ko-KR", en: "en-US" };
const numberFormats = new Map<Language, Intl.NumberFormat>();

/** A score or points to at most two decimals ("81.67", "27.5", "100"); "—" when there is none. */
/** A grade point as transcripts print it: always one decimal (4.0, 3.5; 4.3, 3.7). */
export function formatGradePoint(value: number, language: Language) {
  return value.toLocaleString(localeTags[language], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function formatPoints(value: number | null | undefined, language: Language) {
  if (value === null || value === undefined) return "—";
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(localeTags[language], { maximumFractionDigits: 2 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

/** A percent score ("81.67%"), or "—". */
export function formatPercent(value: number | null | undefined, language: Language) {
  return value === null || value === undefined ? "—" : `${formatPoints(value, language)}%`;
}

/**
 * A table wider than a phone scrolls sideways inside this region, reachable by keyboard (it takes
 * focus) and named by the table's caption.
 */
export function ScrollingTable({ captionId, children }: { captionId: string; children: React.ReactNode }) {
  return (
    <div
      role="region"
      aria-labelledby={captionId}
      // A scrollable region must be focusable so keyboard users can scroll it (WCAG 2.1.1).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      // Relative, so the visually hidden labels in its cells (absolutely placed) scroll with the table
      // instead of widening the page.
      className="relative overflow-x-auto rounded-md border border-slate-200 bg-white"
    >
      {children}
    </div>
  );
}

/** Classes for the first column, which stays in view while the rest scrolls (give it a background). */
export const stickyColumnClass = "sticky left-0 z-10";

/** Why letters cannot be confirmed yet, each with what to do; nothing when the gradebook is sound. */
export function GradebookProblems({
  problems,
  weightTotal,
  settingsHref,
}: {
  problems: readonly GradebookProblem[];
  weightTotal: number;
  settingsHref: string;
}) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <ul className="list-disc space-y-1 pl-5">
        {problems.map((problem) => (
          <li key={problem}>{t(`studio.gradebook.problem.${problem}`, { total: weightTotal })}</li>
        ))}
      </ul>
      <p className="mt-2">
        {t("studio.gradebook.problemsBlockLetters")}{" "}
        <Link to={settingsHref} className="font-semibold underline">
          {t("studio.gradebook.openSettings")}
        </Link>
      </p>
    </div>
  );
}

const viewFieldClass = "rounded-md border border-slate-300 bg-white px-3 py-2";

/**
 * The search and sort form above a table of a course's learners (a GET form: the view lives in the
 * URL, so it can be bookmarked and works without JavaScript). `filters` go between the two.
 */
export function LearnerTableView<Sort extends string>({
  idPrefix,
  q,
  sort,
  sorts,
  sortLabel,
  filters,
}: {
  idPrefix: string;
  q: string;
  sort: Sort;
  sorts: readonly Sort[];
  sortLabel: (sort: Sort) => string;
  filters?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-q`} className="block text-sm font-medium">
          {t("studio.learnerSearch")}
        </label>
        <input id={`${idPrefix}-q`} name="q" type="search" defaultValue={q} className={viewFieldClass} />
      </div>
      {filters}
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-sort`} className="block text-sm font-medium">
          {t("studio.sortBy")}
        </label>
        <select id={`${idPrefix}-sort`} name="sort" defaultValue={sort} className={viewFieldClass}>
          {sorts.map((option) => (
            <option key={option} value={option}>
              {sortLabel(option)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-ink px-4 py-2 font-medium text-white">
        {t("studio.applyView")}
      </button>
    </Form>
  );
}
