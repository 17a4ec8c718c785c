import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { gradingFilterFrom, gradingFilterQuery, SUBMISSION_STATUSES } from "~/lib/assignment-forms";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageParam } from "~/lib/pagination";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { GRADING_REFUSALS, listSubmissionsForGrading } from "~/models/assignment.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const searchParams = new URL(request.url).searchParams;
  const filter = gradingFilterFrom(searchParams);
  const page = pageParam.parse(searchParams.get("page"));
  const queue = await listSubmissionsForGrading({ actor: user, courseId: course.id, filter, page });
  if (!queue.ok) throw refusalResponse(GRADING_REFUSALS, queue);
  return { courseId: course.id, filter, assignments: queue.assignments, submissions: queue.submissions };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "grading", area: "studio" })];

export default function GradingQueuePage() {
  const { courseId, filter, assignments, submissions } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const saved = searchParams.get("saved");
  const filterQuery = gradingFilterQuery(filter);

  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t("studio.grading.heading")}</h2>
      {saved === "grade" || saved === "return" ? (
        <Notice tone="success">
          {t(`studio.grading.saved.${saved}`)} {t("studio.grading.nothingWaits")}
        </Notice>
      ) : null}
      {assignments.length === 0 ? <p className="text-sm text-slate-600">{t("studio.grading.noAssignments")}</p> : null}

      {/* A GET form: the filter lives in the URL, so it can be bookmarked and works without JavaScript. */}
      <Form method="get" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="min-w-0 max-w-full space-y-1">
          <label htmlFor="filter-lesson" className="block text-sm font-medium">
            {t("studio.grading.assignment")}
          </label>
          <select
            id="filter-lesson"
            name="lesson"
            defaultValue={filter.lessonId ?? ""}
            className="max-w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">{t("studio.grading.allAssignments")}</option>
            {assignments.map((assignment) => (
              <option key={assignment.lessonId} value={assignment.lessonId}>
                {t("studio.grading.assignmentOption", { title: assignment.title, ungraded: assignment.ungradedCount })}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-status" className="block text-sm font-medium">
            {t("studio.status")}
          </label>
          <select
            id="filter-status"
            name="status"
            defaultValue={filter.status ?? ""}
            className="rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">{t("studio.grading.anyStatus")}</option>
            {SUBMISSION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`studio.grading.statusName.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 self-center text-sm">
          <input type="checkbox" name="attempts" value="all" defaultChecked={filter.isAllAttempts ?? false} />
          {t("studio.grading.allAttempts")}
        </label>
        <button type="submit" className="rounded-md bg-ink px-4 py-2 font-medium text-white">
          {t("studio.grading.applyFilter")}
        </button>
      </Form>

      <section aria-labelledby="submissions-heading" className="space-y-3">
        <h3 id="submissions-heading" className="font-semibold">
          {t("studio.grading.submissions", { count: submissions.totalCount })}
        </h3>
        {submissions.items.length === 0 ? <p className="text-sm text-slate-600">{t("studio.grading.none")}</p> : null}
        {submissions.items.length > 0 ? (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.grading.learner")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.grading.assignment")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.grading.submittedAt")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.status")}
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    {t("studio.grading.points")}
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">{t("studio.grading.open")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {submissions.items.map((submission) => (
                  <tr key={submission.id} className="border-b border-slate-200">
                    <td className="py-2 pr-4">
                      {submission.learner.name}
                      <span className="block text-xs text-slate-500">{submission.learner.email}</span>
                    </td>
                    <td className="py-2 pr-4">
                      {submission.lesson.title}
                      <span className="block text-xs text-slate-500">
                        {t("studio.grading.attempt", { number: submission.attemptNumber })}
                        {submission.isSuperseded ? ` · ${t("studio.grading.supersededShort")}` : ""}
                        {submission.fileCount > 0
                          ? ` · ${t("studio.grading.fileCount", { count: submission.fileCount })}`
                          : ""}
                      </span>
                    </td>
                    <td className="py-2 pr-4">
                      {formatDateTime(submission.submittedAt, language)}
                      {submission.isMarkedLate ? (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">
                          {t("assignment.late")}
                        </span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-4">{t(`studio.grading.statusName.${submission.status}`)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">
                      {submission.points !== null ? `${submission.points} / ${submission.maxPoints}` : "—"}
                    </td>
                    <td className="py-2 text-right">
                      <Link
                        to={`/teach/${courseId}/grading/${submission.id}${filterQuery}`}
                        className="underline"
                        aria-label={t("studio.grading.openFor", {
                          name: submission.learner.name,
                          title: submission.lesson.title,
                        })}
                      >
                        {submission.status === "SUBMITTED" && !submission.isSuperseded
                          ? t("studio.grading.grade")
                          : t("studio.grading.open")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pagination page={submissions.page} pageCount={submissions.pageCount} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
