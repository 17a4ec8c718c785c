import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import {
  formatGradePoint,
  formatPercent,
  formatPoints,
  GradebookProblems,
  LearnerTableView,
  ScrollingTable,
  stickyColumnClass,
} from "~/components/grades";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/lib/format";
import { finalGradeChangeSchema } from "~/lib/gradebook-forms";
import type { Language } from "~/lib/i18n";
import { GRADEBOOK_SORTS, gradebookViewSchema } from "~/lib/learner-tables";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  changeFinalGrade,
  confirmAllFinalGrades,
  confirmFinalGrade,
  FINAL_GRADE_REFUSALS,
  getGradebook,
  GRADEBOOK_REFUSALS,
  type LearnerGrades,
} from "~/models/gradebook.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const view = gradebookViewSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const gradebook = await getGradebook({
    actor: user,
    courseId: course.id,
    page: view.page,
    search: view.q,
    sort: view.sort,
  });
  if (!gradebook.ok) throw refusalResponse(GRADEBOOK_REFUSALS, gradebook);
  return { view, gradebook };
}

const confirmSchema = z.object({
  enrollmentId: z.string().uuid("validation.required"),
  letter: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(4),
});

type ActionData = {
  formId: string;
  result?: SubmissionResult<string[]>;
  message?: string;
  /** What was done, as an i18n key and its values. */
  done?: { key: string; count?: number };
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const actor = { ...user, ipAddress: getClientIp(context) };
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const formId = `${intent}-${String(formData.get("enrollmentId") ?? "all")}`;

  if (intent === "confirm-all") {
    const confirmed = await confirmAllFinalGrades({ actor, courseId: course.id });
    if (!confirmed.ok) {
      const { status, messageKey } = FINAL_GRADE_REFUSALS[confirmed.reason];
      return data<ActionData>({ formId, message: messageKey }, { status });
    }
    return data<ActionData>({
      formId,
      done: { key: "studio.finalGrades.confirmedAll", count: confirmed.confirmedCount },
    });
  }

  if (intent === "confirm") {
    const submission = parseWithZod(formData, { schema: confirmSchema });
    if (submission.status !== "success")
      return data<ActionData>({ formId, result: submission.reply() }, { status: 400 });
    const confirmed = await confirmFinalGrade({ actor, courseId: course.id, ...submission.value });
    if (!confirmed.ok) {
      const { result, init } = refusalReply(submission, FINAL_GRADE_REFUSALS, confirmed);
      return data<ActionData>({ formId, result }, init);
    }
    return data<ActionData>({ formId, result: submission.reply(), done: { key: "studio.finalGrades.confirmed" } });
  }

  if (intent === "change") {
    const submission = parseWithZod(formData, { schema: finalGradeChangeSchema });
    if (submission.status !== "success")
      return data<ActionData>({ formId, result: submission.reply() }, { status: 400 });
    const changed = await changeFinalGrade({ actor, courseId: course.id, ...submission.value });
    if (!changed.ok) {
      const { result, init } = refusalReply(submission, FINAL_GRADE_REFUSALS, changed);
      return data<ActionData>({ formId, result }, init);
    }
    return data<ActionData>({
      formId,
      result: submission.reply({ resetForm: true }),
      done: { key: "studio.finalGrades.changed" },
    });
  }

  return data<ActionData>({ formId, message: "error.badRequest" }, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "finalGrades", area: "studio" })];

type Gradebook = ReturnType<typeof useLoaderData<typeof loader>>["gradebook"];

export default function FinalGradesPage() {
  const { view, gradebook } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { course, learners } = gradebook;
  const base = `/teach/${course.id}`;
  return (
    <section aria-labelledby="final-grades-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="final-grades-heading" className="text-xl font-semibold">
          {t("studio.finalGrades.title")}
        </h2>
        <Link to={`${base}/gradebook`} className="text-sm underline">
          {t("studio.gradebook.backToGradebook")}
        </Link>
      </div>
      {!course.isCreditCourse ? <Notice>{t("studio.finalGrades.notCreditCourse")}</Notice> : null}
      {course.isCreditCourse ? (
        <>
          <p className="text-sm text-slate-600">
            {t(course.system.isPassFail ? "studio.finalGrades.introPassFail" : "studio.finalGrades.intro", {
              scale: t(`grades.scaleName.${course.system.scale}`),
            })}
          </p>
          <CutoffsSummary gradebook={gradebook} />
          <GradebookProblems
            problems={gradebook.problems}
            weightTotal={gradebook.weightTotal}
            settingsHref={`${base}/gradebook/settings`}
          />
          {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
          {actionData?.done ? (
            <Notice tone="success">{t(actionData.done.key, { count: actionData.done.count })}</Notice>
          ) : null}
          {gradebook.canConfirmLetters ? (
            <details className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <summary className="cursor-pointer font-medium">{t("studio.finalGrades.confirmAll")}</summary>
              <Form method="post" className="mt-2 space-y-2">
                <input type="hidden" name="intent" value="confirm-all" />
                <p>{t("studio.finalGrades.confirmAllHelp")}</p>
                <SubmitButton>{t("studio.finalGrades.confirmAllNow")}</SubmitButton>
              </Form>
            </details>
          ) : null}
          <LearnerTableView
            idPrefix="final"
            q={view.q}
            sort={view.sort}
            sorts={GRADEBOOK_SORTS}
            sortLabel={(sort) => t(`studio.gradebook.sort.${sort}`)}
          />
          {learners.totalCount === 0 ? <p className="text-sm text-slate-600">{t("studio.noLearners")}</p> : null}
          {learners.items.length > 0 ? (
            <ScrollingTable captionId="final-grades-caption">
              <table className="min-w-full text-left text-sm">
                <caption id="final-grades-caption" className="px-3 py-2 text-left text-sm text-slate-600">
                  {t("studio.finalGrades.caption", { count: learners.totalCount })}
                </caption>
                <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
                  <tr>
                    <th scope="col" className={`${stickyColumnClass} bg-slate-50 px-3 py-2`}>
                      {t("studio.gradebook.learner")}
                    </th>
                    <th scope="col" className="px-3 py-2 text-right">
                      {t("grades.finalScore")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("studio.finalGrades.suggested")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t("studio.finalGrades.confirmedLetter")}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      <span className="sr-only">{t("studio.finalGrades.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {learners.items.map((learner) => (
                    <tr key={learner.enrollmentId} className="border-b border-slate-200 align-top">
                      <th scope="row" className={`${stickyColumnClass} bg-white px-3 py-2 font-medium`}>
                        {learner.name}
                        <span className="block text-xs font-normal text-slate-500">
                          {learner.isDropped ? t("studio.enrollmentStatus.DROPPED") : learner.email}
                        </span>
                      </th>
                      <td className="px-3 py-2 text-right tabular-nums">
                        {formatPercent(learner.finalPercent, language)}
                      </td>
                      <td className="px-3 py-2">{learner.suggestedLetter ?? "—"}</td>
                      <td className="px-3 py-2">
                        <ConfirmedLetter learner={learner} />
                      </td>
                      <td className="px-3 py-2">
                        {learner.isDropped ? (
                          <span className="text-xs text-slate-500">{t("studio.finalGrades.noLetterDropped")}</span>
                        ) : learner.finalGrade ? (
                          <ChangeForm learner={learner} letters={course.letters} />
                        ) : gradebook.canConfirmLetters ? (
                          <ConfirmForm learner={learner} letters={course.letters} />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollingTable>
          ) : null}
          <Pagination page={learners.page} pageCount={learners.pageCount} />
        </>
      ) : null}
    </section>
  );
}

/** The cut-offs in force, so the suggestion can be checked by eye. */
function CutoffsSummary({ gradebook }: { gradebook: Gradebook }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { course } = gradebook;
  return (
    <p className="text-sm text-slate-600">
      {course.isDefaultCutoffs ? t("studio.gradebook.cutoffsDefault") : t("studio.gradebook.cutoffsOwn")}{" "}
      {Object.entries(course.cutoffs)
        .map(([letter, cutoff]) => `${letter} ≥ ${formatPoints(cutoff, language)}`)
        .join(" · ")}
    </p>
  );
}

function ConfirmedLetter({ learner }: { learner: LearnerGrades }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const grade = learner.finalGrade;
  if (!grade) return <span className="text-slate-500">{t("grades.notConfirmed")}</span>;
  return (
    <div className="space-y-0.5">
      <p>
        <strong className="text-base">{grade.letter}</strong>
        {grade.gradePoint !== null ? ` (${formatGradePoint(grade.gradePoint, language)})` : ""}
      </p>
      <p className="text-xs text-slate-500">
        {t("grades.confirmedAt", { date: formatDateTime(grade.confirmedAt, language) })}
      </p>
      {grade.changeReason ? (
        <p className="text-xs text-slate-600">
          {t("studio.finalGrades.changedBecause", { reason: grade.changeReason })}
        </p>
      ) : null}
      {grade.isScoreChanged ? (
        <p className="text-xs text-amber-800">
          {t("studio.finalGrades.scoreChanged", { score: formatPercent(grade.scorePercent, language) })}
        </p>
      ) : null}
    </div>
  );
}

function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

function ConfirmForm({ learner, letters }: { learner: LearnerGrades; letters: string[] }) {
  const { t } = useTranslation();
  const formId = `confirm-${learner.enrollmentId}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmSchema }),
    defaultValue: { letter: learner.suggestedLetter ?? "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="enrollmentId" value={learner.enrollmentId} />
      <SelectField
        label={t("studio.finalGrades.letterFor", { name: learner.name })}
        selectProps={getSelectProps(fields.letter)}
        options={letters.map((letter) => ({ value: letter, label: letter }))}
        errors={fields.letter.errors}
      />
      <button type="submit" className="rounded-md bg-ink px-3 py-2 text-white">
        {t("studio.finalGrades.confirm")}
        <span className="sr-only"> {learner.name}</span>
      </button>
      <FormErrors id={form.errorId} errors={form.errors} />
    </Form>
  );
}

/** A confirmed letter changes only with a reason (kept on the grade and in the audit log). */
function ChangeForm({ learner, letters }: { learner: LearnerGrades; letters: string[] }) {
  const { t } = useTranslation();
  const formId = `change-${learner.enrollmentId}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(finalGradeChangeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: finalGradeChangeSchema }),
    defaultValue: { letter: learner.finalGrade?.letter ?? "" },
  });
  const hasErrors = Boolean(answer?.result?.error);
  return (
    <details className="text-sm" open={hasErrors || undefined}>
      <summary className="cursor-pointer underline">
        {t("studio.finalGrades.change")}
        <span className="sr-only"> {learner.name}</span>
      </summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 w-64 space-y-2">
        <input type="hidden" name="intent" value="change" />
        <input type="hidden" name="enrollmentId" value={learner.enrollmentId} />
        <SelectField
          label={t("studio.finalGrades.newLetterFor", { name: learner.name })}
          selectProps={getSelectProps(fields.letter)}
          options={letters.map((letter) => ({ value: letter, label: letter }))}
          errors={fields.letter.errors}
        />
        <TextareaField
          label={t("studio.finalGrades.reason")}
          description={t("studio.finalGrades.reasonHelp")}
          textareaProps={{ ...getTextareaProps(fields.reason), rows: 3 }}
          errors={fields.reason.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("studio.finalGrades.saveChange")}</SubmitButton>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
