// The at-risk list as a cohort's admins and a course's instructors both see it: the view (search and
// sort, in the URL), the table with a checkbox per learner and each reason in words with its figures,
// and the nudge form those checkboxes belong to. All of it works without JavaScript: "select all on
// this page" is a link that reloads with every box ticked (with JavaScript it just ticks them).
import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useLocation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, Field, FormErrors, SubmissionKeyField, SubmitButton, TextareaField } from "~/components/forms";
import { formatPercent, LearnerTableView, ScrollingTable, stickyColumnClass } from "~/components/grades";
import { Pagination } from "~/components/pagination";
import { ProgressBar } from "~/components/progress-bar";
import {
  AT_RISK_SORTS,
  MAX_NUDGE_LEARNERS,
  nudgeSchema,
  type AtRiskSort,
  type NudgeMessage,
} from "~/lib/at-risk-forms";
import { Age } from "~/components/age";
import type { Language } from "~/lib/i18n";
import type { Paged } from "~/lib/pagination";
import type { AtRiskReason } from "~/models/at-risk.server";

/** A learner's row as the page receives it (dates may arrive as strings). */
export type AtRiskRow = {
  userId: string;
  name: string;
  email: string;
  lastActivityAt: Date | string | null;
  progressPercent: number | null;
  lastNudgedAt: Date | string | null;
  reasons: AtRiskReason[];
};

/** Each reason in words with its figures, one line per reason (per course when behind in several). */
export function describeReasons(reasons: readonly AtRiskReason[], t: TFunction): string[] {
  return reasons.flatMap((reason) => {
    switch (reason.kind) {
      case "inactive":
        return [
          t(reason.isNeverActive ? "atRisk.reason.neverActive" : "atRisk.reason.inactive", { count: reason.days }),
        ];
      case "behind":
        return reason.courses.map((course) =>
          t("atRisk.reason.behind", {
            course: course.courseCode,
            progress: course.progressPercent,
            expected: course.expectedPercent,
          }),
        );
      case "overdue":
        return [t("atRisk.reason.overdue", { count: reason.count })];
      case "failingQuizzes":
        return [
          reason.count === 1
            ? t("atRisk.reason.failedQuiz", { count: reason.attempts })
            : t("atRisk.reason.failedQuizzes", { count: reason.count, attempts: reason.attempts }),
        ];
      case "attendance":
        return [t("atRisk.reason.attendance", { percent: reason.percent, threshold: reason.threshold })];
    }
  });
}

/** The titles a reason is about (overdue assignments, failed quizzes), to show under it. */
function titlesOf(reason: AtRiskReason) {
  return reason.kind === "overdue" || reason.kind === "failingQuizzes" ? reason.titles : [];
}

function ReasonList({ reasons }: { reasons: readonly AtRiskReason[] }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-1">
      {reasons.map((reason, index) => {
        const titles = titlesOf(reason);
        return (
          <li key={`${reason.kind}-${index}`}>
            {describeReasons([reason], t).map((line) => (
              <span key={line} className="block">
                {line}
              </span>
            ))}
            {titles.length > 0 ? (
              <span className="block text-xs text-slate-500">
                {titles.slice(0, 3).join(", ")}
                {titles.length > 3 ? " …" : ""}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * This page's URL with every box ticked (`select=page`) and without, keeping the rest of the view
 * and dropping a notice of what was done.
 */
export function useSelectionHrefs() {
  const location = useLocation();
  const hrefWith = (select: string | null) => {
    const params = new URLSearchParams(location.search);
    params.delete("done");
    params.delete("count");
    if (select) params.set("select", select);
    else params.delete("select");
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return { selectAllHref: hrefWith("page"), clearHref: hrefWith(null) };
}

/** The search and sort above the list (a GET form: the view lives in the URL). */
export function AtRiskView({ q, sort }: { q: string; sort: AtRiskSort }) {
  const { t } = useTranslation();
  return (
    <LearnerTableView
      idPrefix="at-risk"
      q={q}
      sort={sort}
      sorts={AT_RISK_SORTS}
      sortLabel={(option) => t(`atRisk.sort.${option}`)}
    />
  );
}

/**
 * The list itself. Its checkboxes belong to the nudge form `formId` (the HTML `form` attribute), so
 * the table and the form can sit apart. `initiallySelected` are ticked at first (after "select all"
 * or a refused nudge); `selectAllHref` and `clearHref` are the same page with and without `select=page`.
 */
export function AtRiskTable({
  learners,
  formId,
  initiallySelected,
  selectAllHref,
  clearHref,
  learnerHref,
  isSelectable,
  asOf,
}: {
  learners: Paged<AtRiskRow>;
  /** The moment the list was computed, which ages ("3일 전") are counted from. */
  asOf: Date | string;
  formId: string;
  initiallySelected: readonly string[];
  selectAllHref: string;
  clearHref: string;
  learnerHref?: (userId: string) => string;
  isSelectable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [selected, setSelected] = useState(() => new Set(initiallySelected));
  const pageIds = learners.items.map((learner) => learner.userId);
  const toggle = (userId: string, isChecked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (isChecked) next.add(userId);
      else next.delete(userId);
      return next;
    });
  if (learners.items.length === 0) return null;
  return (
    <div className="space-y-2">
      {isSelectable ? (
        <p className="flex flex-wrap gap-4 text-sm">
          <Link
            to={selectAllHref}
            replace
            preventScrollReset
            className="underline"
            onClick={(event) => {
              event.preventDefault();
              setSelected(new Set(pageIds));
            }}
          >
            {t("atRisk.selectAllOnPage")}
          </Link>
          <Link
            to={clearHref}
            replace
            preventScrollReset
            className="underline"
            onClick={(event) => {
              event.preventDefault();
              setSelected(new Set());
            }}
          >
            {t("atRisk.clearSelection")}
          </Link>
        </p>
      ) : null}
      <ScrollingTable captionId="at-risk-caption">
        <table className="min-w-full text-left text-sm">
          <caption id="at-risk-caption" className="px-3 py-2 text-left text-sm text-slate-600">
            {t("atRisk.caption", { page: learners.page, pageCount: learners.pageCount })}
          </caption>
          <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={`${stickyColumnClass} bg-slate-50 px-3 py-2`}>
                {t("atRisk.learner")}
              </th>
              <th scope="col" className="min-w-64 px-3 py-2">
                {t("atRisk.reasons")}
              </th>
              <th scope="col" className="min-w-32 px-3 py-2">
                {t("atRisk.progress")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("atRisk.lastActivity")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("atRisk.lastNudged")}
              </th>
            </tr>
          </thead>
          <tbody>
            {learners.items.map((learner) => (
              <tr key={learner.userId} className="border-b border-slate-200 align-top">
                <th scope="row" className={`${stickyColumnClass} bg-white px-3 py-2 font-medium`}>
                  {/* The checkbox sits in the sticky cell, so it stays in view beside the name on a phone. */}
                  <div className="flex items-start gap-2">
                    {isSelectable ? (
                      <label className="flex shrink-0 items-center pt-0.5">
                        <input
                          type="checkbox"
                          form={formId}
                          name="learnerIds"
                          value={learner.userId}
                          checked={selected.has(learner.userId)}
                          onChange={(event) => toggle(learner.userId, event.currentTarget.checked)}
                          className="h-4 w-4"
                        />
                        <span className="sr-only">{t("atRisk.selectLearner", { name: learner.name })}</span>
                      </label>
                    ) : null}
                    <span>
                      {learnerHref ? (
                        <Link to={learnerHref(learner.userId)} className="underline">
                          {learner.name}
                        </Link>
                      ) : (
                        learner.name
                      )}
                      <span className="block text-xs font-normal text-slate-500">{learner.email}</span>
                    </span>
                  </div>
                </th>
                <td className="px-3 py-2">
                  <ReasonList reasons={learner.reasons} />
                </td>
                <td className="px-3 py-2">
                  {learner.progressPercent === null ? (
                    "—"
                  ) : (
                    <div className="flex items-center gap-2">
                      <ProgressBar
                        percent={learner.progressPercent}
                        label={t("atRisk.progressOf", { name: learner.name })}
                        className="w-16"
                      />
                      <span className="tabular-nums">{formatPercent(learner.progressPercent, language)}</span>
                    </div>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {learner.lastActivityAt ? <Age moment={learner.lastActivityAt} asOf={asOf} /> : t("atRisk.never")}
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {learner.lastNudgedAt ? <Age moment={learner.lastNudgedAt} asOf={asOf} /> : t("atRisk.never")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
      <Pagination page={learners.page} pageCount={learners.pageCount} />
    </div>
  );
}

/**
 * The nudge form: subject and body in both languages, prefilled with `message`; the learners are the
 * checkboxes of the table, which name this form. `note` says where the wording came from.
 */
export function NudgeForm({
  formId,
  message,
  lastResult,
  submissionKey,
  note,
}: {
  formId: string;
  message: NudgeMessage;
  lastResult?: SubmissionResult<string[]>;
  submissionKey: string;
  note: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof nudgeSchema>>({
    id: formId,
    lastResult,
    constraint: getZodConstraint(nudgeSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: nudgeSchema }),
    defaultValue: message,
  });
  return (
    <section
      aria-labelledby={`${formId}-heading`}
      className="max-w-3xl space-y-3 rounded-lg border border-slate-200 p-4"
    >
      <h2 id={`${formId}-heading`} className="text-lg font-semibold">
        {t("atRisk.nudge.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("atRisk.nudge.help", { nameTag: "{{name}}", linkTag: "{{link}}" })}</p>
      <p className="text-sm text-slate-600">{note}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="nudge" />
        <SubmissionKeyField value={submissionKey} />
        <div>
          <p id={`${formId}-learners`} className="text-sm">
            {t("atRisk.nudge.selectedHelp", { max: MAX_NUDGE_LEARNERS })}
          </p>
          <ErrorList id={fields.learnerIds.errorId} errors={fields.learnerIds.errors} />
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <div className="space-y-3">
            <Field
              label={t("atRisk.nudge.subjectKo")}
              inputProps={{ ...getInputProps(fields.subjectKo, { type: "text" }), lang: "ko" }}
              errors={fields.subjectKo.errors}
            />
            <TextareaField
              label={t("atRisk.nudge.bodyKo")}
              textareaProps={{ ...getTextareaProps(fields.bodyKo), rows: 10, lang: "ko" }}
              errors={fields.bodyKo.errors}
            />
          </div>
          <div className="space-y-3">
            <Field
              label={t("atRisk.nudge.subjectEn")}
              inputProps={{ ...getInputProps(fields.subjectEn, { type: "text" }), lang: "en" }}
              errors={fields.subjectEn.errors}
            />
            <TextareaField
              label={t("atRisk.nudge.bodyEn")}
              textareaProps={{ ...getTextareaProps(fields.bodyEn), rows: 10, lang: "en" }}
              errors={fields.bodyEn.errors}
            />
          </div>
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("atRisk.nudge.send")}</SubmitButton>
      </Form>
    </section>
  );
}

/** The ids ticked in a nudge the server sent back (refused), so the boxes stay as they were. */
export function learnerIdsOf(result: SubmissionResult<string[]> | undefined): string[] {
  const value = result?.initialValue?.learnerIds;
  if (Array.isArray(value)) return value.filter((id): id is string => typeof id === "string");
  return typeof value === "string" ? [value] : [];
}
