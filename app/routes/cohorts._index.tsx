import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { ATTENDANCE_REFUSALS, listAttendanceCohorts } from "~/models/attendance.server";

/** The instructors' way in to attendance: the cohorts they take it for, today's roster first to hand. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const listed = await listAttendanceCohorts({ actor: user });
  if (!listed.ok) throw refusalResponse(ATTENDANCE_REFUSALS, listed);
  return { cohorts: listed.cohorts, today: listed.today };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "attendance" })];

export default function AttendanceCohortsPage() {
  const { cohorts, today } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="attendance-cohorts-heading" className="space-y-6">
      <header className="space-y-1">
        <h1 id="attendance-cohorts-heading" className="text-2xl font-bold">
          {t("attendance.cohortsTitle")}
        </h1>
        <p className="text-slate-600">
          {t("attendance.cohortsIntro")} ({t("attendance.today")}: {formatDate(today, language)})
        </p>
      </header>
      {cohorts.length === 0 ? (
        <p className="text-sm text-slate-600">{t("attendance.noCohorts")}</p>
      ) : (
        <ul className="space-y-3">
          {cohorts.map((cohort) => (
            <li
              key={cohort.id}
              className={`rounded-lg border p-4 ${
                cohort.todayClassDayId ? "border-brand-500 bg-brand-50" : "border-slate-200 bg-white"
              }`}
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0 space-y-1">
                  <h2 className="text-lg font-semibold break-words">{cohort.name}</h2>
                  <p className="text-sm text-slate-600">
                    {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)}
                  </p>
                  <p className="text-sm text-slate-600">
                    {t("cohorts.dateRange", {
                      start: formatDate(cohort.startsOn, language),
                      end: formatDate(cohort.endsOn, language),
                    })}{" "}
                    · {t("attendance.learnerCount", { count: cohort.learnerCount })}
                  </p>
                  <p className="text-sm font-medium">
                    {cohort.todayClassDayId ? (
                      <span className="rounded bg-brand-100 px-2 py-0.5">{t("attendance.todayClassDay")}</span>
                    ) : (
                      <span className="text-slate-500">{t("attendance.noClassToday")}</span>
                    )}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  {cohort.todayClassDayId ? (
                    <Link
                      to={`${cohortPagePath(cohort.id, "attendance")}/${cohort.todayClassDayId}`}
                      aria-label={t("attendance.openTodayRosterOf", { cohort: cohort.name })}
                      className="inline-flex min-h-11 items-center rounded-md bg-ink px-4 py-2 font-medium text-white"
                    >
                      {t("attendance.openTodayRoster")}
                    </Link>
                  ) : null}
                  <Link
                    to={cohortPagePath(cohort.id, "attendance")}
                    aria-label={t("attendance.openCalendarOf", { cohort: cohort.name })}
                    className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 py-2 font-medium"
                  >
                    {t("attendance.openCalendar")}
                  </Link>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
