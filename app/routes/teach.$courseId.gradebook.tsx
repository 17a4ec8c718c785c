import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList } from "~/components/forms";
import {
  formatPercent,
  formatPoints,
  GradebookProblems,
  LearnerTableView,
  ScrollingTable,
  stickyColumnClass,
} from "~/components/grades";
import { Pagination } from "~/components/pagination";
import { manualPointsSchema } from "~/lib/gradebook-forms";
import type { Language } from "~/lib/i18n";
import { GRADEBOOK_SORTS, gradebookViewSchema } from "~/lib/learner-tables";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  getGradebook,
  GRADEBOOK_REFUSALS,
  MANUAL_GRADE_REFUSALS,
  recordManualGrade,
  type GradebookItem,
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

/** The cell a manual grade form belongs to: its item and its learner. */
function cellKey(itemId: unknown, userId: unknown) {
  return `${String(itemId)}:${String(userId)}`;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const formData = await request.formData();
  const cell = cellKey(formData.get("itemId"), formData.get("userId"));
  const submission = parseWithZod(formData, { schema: manualPointsSchema });
  if (submission.status !== "success") return data({ cell, result: submission.reply() }, { status: 400 });
  const recorded = await recordManualGrade({
    actor: { ...user, ipAddress: getClientIp(context) },
    courseId: course.id,
    itemId: submission.value.itemId,
    userId: submission.value.userId,
    points: submission.value.points ?? null,
  });
  if (!recorded.ok) {
    const { result, init } = refusalReply(submission, MANUAL_GRADE_REFUSALS, recorded);
    return data({ cell, result }, init);
  }
  return { cell, result: submission.reply() };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "gradebook", area: "studio" })];

export default function GradebookPage() {
  const { view, gradebook } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { course, categories, learners, problems } = gradebook;
  const base = `/teach/${course.id}`;
  const gradedCategories = categories.filter((category) => category.items.length > 0);
  const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5";
  return (
    <section aria-labelledby="gradebook-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="gradebook-heading" className="text-xl font-semibold">
          {t("studio.gradebook.title")}
        </h2>
        <div className="flex flex-wrap gap-2 text-sm">
          <Link to={`${base}/gradebook/settings`} className={linkClass}>
            {t("studio.gradebook.settings")}
          </Link>
          {course.isCreditCourse ? (
            <Link to={`${base}/final-grades`} className={linkClass}>
              {t("studio.finalGrades.title")}
            </Link>
          ) : null}
          <a href={`${base}/gradebook/export?format=xlsx`} className={linkClass} download>
            {t("studio.gradebook.exportXlsx")}
          </a>
          <a href={`${base}/gradebook/export?format=csv`} className={linkClass} download>
            {t("studio.gradebook.exportCsv")}
          </a>
        </div>
      </div>
      <p className="text-sm text-slate-600">{t("studio.gradebook.scoresHelp")}</p>
      <GradebookProblems
        problems={problems}
        weightTotal={gradebook.weightTotal}
        settingsHref={`${base}/gradebook/settings`}
      />
      <LearnerTableView
        idPrefix="gradebook"
        q={view.q}
        sort={view.sort}
        sorts={GRADEBOOK_SORTS}
        sortLabel={(sort) => t(`studio.gradebook.sort.${sort}`)}
      />
      {learners.totalCount === 0 ? <p className="text-sm text-slate-600">{t("studio.noLearners")}</p> : null}
      {learners.items.length > 0 ? (
        <ScrollingTable captionId="gradebook-caption">
          <table className="min-w-full text-left text-sm">
            <caption id="gradebook-caption" className="px-3 py-2 text-left text-sm text-slate-600">
              {t("studio.gradebook.caption", { count: learners.totalCount })}
            </caption>
            <colgroup>
              <col />
            </colgroup>
            {gradedCategories.map((category) => (
              <colgroup key={category.id} span={category.items.length + 1} />
            ))}
            <colgroup span={course.isCreditCourse ? 3 : 2} />
            <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" rowSpan={2} className={`${stickyColumnClass} bg-slate-50 px-3 py-2 align-bottom`}>
                  {t("studio.gradebook.learner")}
                </th>
                {gradedCategories.map((category) => (
                  <th
                    key={category.id}
                    scope="colgroup"
                    colSpan={category.items.length + 1}
                    className="border-l border-slate-200 px-3 pt-2 text-center font-semibold"
                  >
                    {t("studio.gradebook.categoryHeading", { name: category.name, weight: category.weightPercent })}
                  </th>
                ))}
                <th
                  scope="colgroup"
                  colSpan={course.isCreditCourse ? 3 : 2}
                  className="border-l border-slate-200 px-3 pt-2 text-center"
                >
                  {t("studio.gradebook.courseScore")}
                </th>
              </tr>
              <tr>
                {gradedCategories.map((category) => [
                  ...category.items.map((item) => <ItemHeader key={item.id} item={item} />),
                  <th key={`${category.id}-total`} scope="col" className="px-3 py-2 text-right font-medium">
                    {t("studio.gradebook.categoryPercent")}
                  </th>,
                ])}
                <th scope="col" className="border-l border-slate-200 px-3 py-2 text-right font-medium">
                  {t("grades.currentScore")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("grades.finalScore")}
                </th>
                {course.isCreditCourse ? (
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("grades.letter")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {learners.items.map((learner) => (
                <tr
                  key={learner.enrollmentId}
                  className={`border-b border-slate-200 ${learner.isDropped ? "text-slate-500" : ""}`}
                >
                  <th scope="row" className={`${stickyColumnClass} bg-white px-3 py-2 font-medium`}>
                    {learner.name}
                    <span className="block text-xs font-normal text-slate-500">
                      {learner.isDropped ? t("studio.enrollmentStatus.DROPPED") : learner.email}
                    </span>
                  </th>
                  {gradedCategories.map((category) => [
                    ...category.items.map((item) => (
                      <td key={item.id} className="px-3 py-2 text-right tabular-nums">
                        {item.kind === "MANUAL" && !learner.isDropped ? (
                          <ManualGradeCell item={item} learner={learner} />
                        ) : (
                          formatPoints(learner.itemPoints[item.id], language)
                        )}
                      </td>
                    )),
                    <td key={`${category.id}-total`} className="bg-slate-50 px-3 py-2 text-right tabular-nums">
                      {formatPercent(learner.categoryPercents[category.id]?.current, language)}
                    </td>,
                  ])}
                  <td className="border-l border-slate-200 px-3 py-2 text-right font-semibold tabular-nums">
                    {formatPercent(learner.currentPercent, language)}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatPercent(learner.finalPercent, language)}</td>
                  {course.isCreditCourse ? (
                    <td className="px-3 py-2">
                      <LetterCell learner={learner} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      ) : null}
      <Pagination page={learners.page} pageCount={learners.pageCount} />
    </section>
  );
}

function ItemHeader({ item }: { item: GradebookItem }) {
  const { t } = useTranslation();
  return (
    <th scope="col" className="min-w-28 px-3 py-2 text-right align-bottom font-medium">
      <span className="block">{item.title}</span>
      <span className="block text-xs font-normal text-slate-500">
        {t(`grades.kind.${item.kind}`)} · {t("grades.outOf", { max: item.maxPoints })}
        {item.kind === "QUIZ" ? ` · ${t(`studio.gradebook.rule.${item.quizScoreRule}`)}` : ""}
        {item.isDue ? ` · ${t("studio.gradebook.due")}` : ""}
      </span>
    </th>
  );
}

/** The confirmed letter, or the suggested one (marked as only suggested). */
function LetterCell({ learner }: { learner: LearnerGrades }) {
  const { t } = useTranslation();
  if (learner.finalGrade) return <strong>{learner.finalGrade.letter}</strong>;
  if (!learner.suggestedLetter) return <>—</>;
  return (
    <span className="text-slate-500">
      {learner.suggestedLetter} <span className="text-xs">({t("studio.finalGrades.suggested")})</span>
    </span>
  );
}

/**
 * One manual item's points for one learner: a small form of its own, posted by a fetcher (the page
 * stays where it is) or, without JavaScript, as a normal form post that reloads the page.
 */
function ManualGradeCell({ item, learner }: { item: GradebookItem; learner: LearnerGrades }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>();
  const cell = cellKey(item.id, learner.userId);
  const lastResult =
    fetcher.data?.cell === cell ? fetcher.data.result : actionData?.cell === cell ? actionData.result : undefined;
  const [form, fields] = useForm({
    id: `grade-${cell}`,
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manualPointsSchema }),
    defaultValue: { points: learner.itemPoints[item.id] ?? "" },
  });
  const label = t("studio.gradebook.pointsFor", { item: item.title, name: learner.name, max: item.maxPoints });
  const errors = [...(fields.points.errors ?? []), ...(form.errors ?? [])];
  const { key, ...pointsProps } = getInputProps(fields.points, { type: "number" });
  return (
    <div>
      <fetcher.Form method="post" {...getFormProps(form)} className="flex items-center justify-end gap-1">
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="userId" value={learner.userId} />
        <input
          key={key}
          {...pointsProps}
          step="0.01"
          min={0}
          max={item.maxPoints}
          inputMode="decimal"
          aria-label={label}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={errors.length > 0 ? fields.points.errorId : undefined}
          className="w-20 rounded border border-slate-300 px-2 py-1 text-right aria-[invalid]:border-red-600"
        />
        <button
          type="submit"
          className="rounded bg-ink px-2 py-1 text-xs text-white disabled:opacity-60"
          disabled={fetcher.state !== "idle"}
        >
          {t("studio.gradebook.save")}
          <span className="sr-only"> {label}</span>
        </button>
      </fetcher.Form>
      <ErrorList id={fields.points.errorId} errors={errors} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
