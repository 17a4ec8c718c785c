import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { CohortNav, cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { academyCalendarDay } from "~/lib/time-zone";
import { formatDate, localized, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { COHORT_REPORT_REFUSALS, getCohortReports } from "~/models/cohort-report.server";

// The cohort's reports tab: every file an admin takes out of a cohort, each described, as CSV or
// XLSX. Plain links and a GET form, since the files come from resource routes (a download, not a
// page); every one of them checks its own permission.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "report:export");
  const found = await getCohortReports({ actor: admin, cohortId: params.cohortId ?? "" });
  if (!found.ok) throw refusalResponse(COHORT_REPORT_REFUSALS, found);
  // The attendance month offered first: this month in Korea.
  const thisMonth = academyCalendarDay(new Date()).toISOString().slice(0, 7);
  return { cohort: found.cohort, courses: found.courses, thisMonth };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "reports", area: "admin", names: [data?.cohort.name] }),
];

const FORMATS = ["csv", "xlsx"] as const;

export default function CohortReportsPage() {
  const { cohort, courses, thisMonth } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const base = `/admin/cohorts/${cohort.id}`;
  return (
    <section aria-labelledby="reports-heading" className="space-y-8">
      <p className="text-sm">
        <Link to="/admin/cohorts" className="underline">
          {t("cohorts.backToCohorts")}
        </Link>
      </p>
      <header>
        <h1 id="reports-heading" className="text-2xl font-bold">
          {cohort.name}
          <span className="sr-only"> · {t("cohortNav.reports")}</span>
        </h1>
        <p className="text-slate-600">
          {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)} ·{" "}
          {t("cohorts.dateRange", {
            start: formatDate(cohort.startsOn, language),
            end: formatDate(cohort.endsOn, language),
          })}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} />
      <p className="text-sm text-slate-600">{t("reports.intro")}</p>
      <ul className="space-y-4">
        <ReportItem
          id="matrix"
          title={t("reports.matrixTitle")}
          description={t("reports.matrixDescription", { timeZone: timeZoneLabel(t) })}
          href={(format) => `${base}/reports/matrix?format=${format}`}
        />
        <ReportItem
          id="at-risk"
          title={t("reports.atRiskTitle")}
          description={t("reports.atRiskDescription")}
          href={(format) => `${base}/at-risk/export?format=${format}`}
          more={
            <Link to={cohortPagePath(cohort.id, "atRisk")} className="underline">
              {t("reports.openAtRisk")}
            </Link>
          }
        />
        <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="attendance-report-heading" className="font-semibold">
            {t("reports.attendanceTitle")}
          </h2>
          <p className="text-sm text-slate-600">{t("reports.attendanceDescription")}</p>
          {/* A plain GET form: the file downloads, the page stays. */}
          <form
            method="get"
            action={`/cohorts/${cohort.id}/attendance/export`}
            aria-labelledby="attendance-report-heading"
            className="flex flex-wrap items-end gap-3"
          >
            <div className="space-y-1">
              <label htmlFor="attendance-month" className="block text-sm font-medium">
                {t("reports.month")}
              </label>
              <input
                id="attendance-month"
                name="month"
                type="month"
                required
                defaultValue={thisMonth}
                pattern="[0-9]{4}-[0-9]{2}"
                placeholder="2026-11"
                className="block rounded-md border border-slate-300 bg-white px-3 py-2"
              />
            </div>
            {FORMATS.map((format) => (
              <button
                key={format}
                type="submit"
                name="format"
                value={format}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
              >
                {t(`reports.download.${format}`)}
              </button>
            ))}
          </form>
        </li>
        <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">{t("reports.gradebooksTitle")}</h2>
          <p className="text-sm text-slate-600">{t("reports.gradebooksDescription")}</p>
          {courses.length === 0 ? (
            <p className="text-sm text-slate-600">{t("cohorts.noCourses")}</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {courses.map((course) => (
                <li key={course.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm">
                  <span className="min-w-48 flex-1">
                    {course.code} · {course.title}
                  </span>
                  {FORMATS.map((format) => (
                    <a
                      key={format}
                      href={`/teach/${course.id}/gradebook/export?format=${format}`}
                      download
                      className="underline"
                      aria-label={t("reports.downloadGradebookOf", {
                        course: `${course.code} ${course.title}`,
                        format: format.toUpperCase(),
                      })}
                    >
                      {t(`reports.download.${format}`)}
                    </a>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </li>
      </ul>
    </section>
  );
}

/** One export: what it holds, and a download link per format. */
function ReportItem({
  id,
  title,
  description,
  href,
  more,
}: {
  id: string;
  title: string;
  description: string;
  href: (format: (typeof FORMATS)[number]) => string;
  more?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-report-heading`} className="font-semibold">
        {title}
      </h2>
      <p className="text-sm text-slate-600">{description}</p>
      <p className="flex flex-wrap gap-4 text-sm">
        {FORMATS.map((format) => (
          <a
            key={format}
            href={href(format)}
            download
            className="font-medium underline"
            aria-label={t("reports.downloadNamed", { report: title, format: format.toUpperCase() })}
          >
            {t(`reports.download.${format}`)}
          </a>
        ))}
        {more}
      </p>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
