import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { formatCount, formatDateTime, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { getAdminOverview } from "~/models/admin-overview.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  return getAdminOverview();
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "overview", area: "admin" })];

export default function AdminOverviewPage() {
  const overview = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  // Where each figure's records can be listed. Users and the outbox have no filters yet, and
  // approvals are decided per course in the studio, which shows each course's pending count.
  const figures = [
    { key: "learners", count: overview.learnerCount, to: "/admin/users" },
    { key: "publishedCourses", count: overview.publishedCourseCount, to: "/teach" },
    { key: "enrolledThisWeek", count: overview.enrolledThisWeekCount, to: "/teach" },
    { key: "pendingApprovals", count: overview.pendingApprovalCount, to: "/teach" },
    { key: "waitingSubmissions", count: overview.waitingSubmissionCount, to: "#waiting-heading" },
    { key: "failedEmails", count: overview.failedEmailCount, to: "/admin/outbox" },
  ] as const;
  return (
    <section aria-labelledby="overview-heading" className="space-y-6">
      <div>
        <h1 id="overview-heading" className="text-2xl font-bold">
          {t("admin.overview.title")}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {t("admin.overview.weekStarts", {
            date: formatDateTime(overview.weekStart, language),
            timeZone: timeZoneLabel(t),
          })}
        </p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {figures.map((figure) => (
          <li key={figure.key} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-sm text-slate-600" id={`figure-${figure.key}`}>
              {t(`admin.overview.${figure.key}`)}
            </p>
            <p className="mt-1 text-3xl font-bold tabular-nums" aria-describedby={`figure-${figure.key}`}>
              {formatCount(figure.count, language)}
            </p>
            <Link to={figure.to} className="mt-2 inline-block text-sm underline">
              {t(`admin.overview.${figure.key}Link`)}
            </Link>
          </li>
        ))}
      </ul>

      <section aria-labelledby="waiting-heading" className="space-y-2">
        <h2 id="waiting-heading" className="text-xl font-semibold">
          {t("admin.overview.waitingByCourse")}
        </h2>
        {overview.waitingCourses.length === 0 ? (
          <p className="text-sm text-slate-600">{t("admin.overview.nothingWaiting")}</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-4">
                    {t("admin.overview.course")}
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    {t("admin.overview.waitingCount")}
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">{t("admin.overview.gradingQueue")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.waitingCourses.map((course) => (
                  <tr key={course.courseId} className="border-b border-slate-100">
                    <td className="py-2 pr-4">
                      <span className="font-mono text-xs text-slate-600">{course.code}</span> {course.title}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatCount(course.waitingCount, language)}</td>
                    <td className="py-2">
                      <Link
                        to={`/teach/${course.courseId}/grading`}
                        className="underline"
                        aria-label={t("admin.overview.openGradingFor", { title: course.title })}
                      >
                        {t("admin.overview.gradingQueue")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
