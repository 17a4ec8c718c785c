import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { Age } from "~/components/age";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatPoints, LearnerTableView, ScrollingTable, stickyColumnClass } from "~/components/grades";
import { Pagination } from "~/components/pagination";
import { ProgressBar } from "~/components/progress-bar";
import type { Language } from "~/lib/i18n";
import { PROGRESS_SORTS, PROGRESS_STATUS_FILTERS, toLearnerSearch } from "~/lib/learner-tables";
import { pageParam } from "~/lib/pagination";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import type { EnrollmentStatus } from "~/generated/prisma/enums";
import {
  LEARNER_PROGRESS_REFUSALS,
  listLearnerProgress,
  type AssignmentCell,
  type LearnerProgressTable,
  type QuizCell,
} from "~/models/learner-progress.server";

/** The table's view, all in the URL so it can be bookmarked and works without JavaScript. */
const viewSchema = z.object({
  page: pageParam,
  q: z.string().optional().transform(toLearnerSearch),
  status: z.enum(PROGRESS_STATUS_FILTERS).catch("all"),
  sort: z.enum(PROGRESS_SORTS).catch("name"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const view = viewSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const table = await listLearnerProgress({
    actor: user,
    courseId: course.id,
    page: view.page,
    status: view.status,
    search: view.q,
    sort: view.sort,
  });
  if (!table.ok) throw refusalResponse(LEARNER_PROGRESS_REFUSALS, table);
  return { view, asOf: new Date(), columns: table.columns, learners: table.learners };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "learnerProgress", area: "studio" })];

export default function LearnerProgressPage() {
  const { view, asOf, columns, learners } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const labels = repeatedLabels(t, learners.items);
  const selectClass = "rounded-md border border-slate-300 bg-white px-3 py-2";
  return (
    <section aria-labelledby="progress-heading" className="space-y-4">
      <h2 id="progress-heading" className="text-xl font-semibold">
        {t("studio.progressTable.title")}
      </h2>
      <LearnerTableView
        idPrefix="progress"
        q={view.q}
        sort={view.sort}
        sorts={PROGRESS_SORTS}
        sortLabel={(sort) => t(`studio.progressTable.sort.${sort}`)}
        filters={
          <div className="space-y-1">
            <label htmlFor="progress-status" className="block text-sm font-medium">
              {t("studio.status")}
            </label>
            <select id="progress-status" name="status" defaultValue={view.status} className={selectClass}>
              {PROGRESS_STATUS_FILTERS.map((status) => (
                <option key={status} value={status}>
                  {status === "all" ? t("studio.progressTable.allStatuses") : t(`studio.enrollmentStatus.${status}`)}
                </option>
              ))}
            </select>
          </div>
        }
      />
      {learners.totalCount === 0 ? <p className="text-sm text-slate-600">{t("studio.noLearners")}</p> : null}
      {learners.items.length > 0 ? (
        <ScrollingTable captionId="progress-caption">
          <table className="min-w-full text-left text-sm">
            <caption id="progress-caption" className="px-3 py-2 text-left text-sm text-slate-600">
              {t("studio.progressTable.caption", { count: learners.totalCount })}
            </caption>
            <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className={`${stickyColumnClass} bg-slate-50 px-3 py-2`}>
                  {t("studio.gradebook.learner")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("studio.status")}
                </th>
                <th scope="col" className="min-w-32 px-3 py-2">
                  {t("studio.progress")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("studio.lastActive")}
                </th>
                {columns.map((column) => (
                  <th key={column.lessonId} scope="col" className="min-w-28 px-3 py-2 text-right align-bottom">
                    <span className="block">{column.title}</span>
                    <span className="block text-xs font-normal text-slate-500">
                      {column.kind === "QUIZ"
                        ? t("studio.progressTable.bestScore")
                        : t("studio.progressTable.grade", { max: column.maxPoints ?? 0 })}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {learners.items.map((learner) => (
                <tr key={learner.enrollmentId} className="border-b border-slate-200">
                  <th scope="row" className={`${stickyColumnClass} bg-white px-3 py-2 font-medium`}>
                    {learner.name}
                    <span className="block text-xs font-normal text-slate-500">{learner.email}</span>
                  </th>
                  <td className="px-3 py-2">{labels.status.get(learner.status)}</td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <ProgressBar
                        percent={learner.progressPercent}
                        label={t("studio.progressTable.progressOf", { name: learner.name })}
                        className="w-20"
                      />
                      <span className="tabular-nums">{learner.progressPercent}%</span>
                    </div>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {learner.lastActivityAt ? <Age moment={learner.lastActivityAt} asOf={asOf} /> : "—"}
                  </td>
                  {columns.map((column) => (
                    <td key={column.lessonId} className="px-3 py-2 text-right tabular-nums">
                      <Cell column={column} cell={learner.cells[column.lessonId]} language={language} labels={labels} />
                    </td>
                  ))}
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

/**
 * The labels the table repeats on every row (a status, "2 attempts", "awaiting a grade"), each
 * translated once per render: fifty rows asked i18next for the same few strings hundreds of times,
 * a tenth of the page's server CPU in a profile.
 */
function repeatedLabels(t: TFunction, learners: { status: EnrollmentStatus; cells: Record<string, unknown> }[]) {
  const attemptCounts = new Set<number>();
  for (const learner of learners) {
    for (const cell of Object.values(learner.cells)) {
      if (cell && typeof cell === "object" && "attempts" in cell) attemptCounts.add((cell as QuizCell).attempts);
    }
  }
  const statuses = new Set(learners.map(({ status }) => status));
  return {
    status: new Map([...statuses].map((status) => [status, t(`studio.enrollmentStatus.${status}`)])),
    attempts: new Map([...attemptCounts].map((count) => [count, t("studio.progressTable.attempts", { count })])),
    awaitingGrade: t("studio.progressTable.awaitingGrade"),
  };
}

type RepeatedLabels = ReturnType<typeof repeatedLabels>;

function Cell({
  column,
  cell,
  language,
  labels,
}: {
  column: LearnerProgressTable["columns"][number];
  cell: QuizCell | AssignmentCell | undefined;
  language: Language;
  labels: RepeatedLabels;
}) {
  if (!cell) return <>—</>;
  if (column.kind === "QUIZ") {
    const quiz = cell as QuizCell;
    if (quiz.attempts === 0) return <>—</>;
    return (
      <>
        {formatPoints(quiz.best, language)}%
        <span className="block text-xs text-slate-500">{labels.attempts.get(quiz.attempts)}</span>
      </>
    );
  }
  const assignment = cell as AssignmentCell;
  return (
    <>
      {formatPoints(assignment.points, language)}
      {assignment.isAwaitingGrade ? <span className="block text-xs text-amber-800">{labels.awaitingGrade}</span> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
