import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formatPercent } from "~/components/grades";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { BarChart } from "~/components/charts/bar-chart";
import { formatChartNumber, formatChartPercent } from "~/components/charts/chart-figure";
import { HorizontalBarChart } from "~/components/charts/horizontal-bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { CohortNav, cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatCount, formatDate, formatDateTime, localized, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { COHORT_DASHBOARD_REFUSALS, getCohortDashboard } from "~/models/cohort-dashboard.server";
import { pageTitle } from "~/lib/page-title";
import { getCohortOutcomeSummary } from "~/models/cohort-outcome.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const cohortId = params.cohortId ?? "";
  const [dashboard, outcomes] = await Promise.all([
    getCohortDashboard({ actor: admin, cohortId }),
    getCohortOutcomeSummary({ cohortId }),
  ]);
  if (!dashboard.ok) throw refusalResponse(COHORT_DASHBOARD_REFUSALS, dashboard);
  return { dashboard, outcomes };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "cohortDashboard", area: "admin", names: [data?.dashboard.cohort.name] }),
];

type Dashboard = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"];

export default function CohortDashboardPage() {
  const { dashboard } = useLoaderData<typeof loader>();
  const { cohort, figures } = dashboard;
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const isEmpty = figures.memberCount === 0 || figures.courseCount === 0;
  return (
    <section aria-labelledby="dashboard-heading" className="space-y-8">
      <p className="text-sm">
        <Link to="/admin/cohorts" className="underline">
          {t("cohorts.backToCohorts")}
        </Link>
      </p>
      <header>
        <h1 id="dashboard-heading" className="text-2xl font-bold">
          {cohort.name}
          <span className="sr-only"> · {t("cohortDashboard.heading")}</span>
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
      <p className="text-sm text-slate-600">
        {t("cohortDashboard.asOf", { time: formatDateTime(dashboard.asOf, language), timeZone: timeZoneLabel(t) })}
      </p>
      {isEmpty ? (
        <EmptyState dashboard={dashboard} />
      ) : (
        <>
          <FiguresSection dashboard={dashboard} />
          <OutcomesSection cohortId={cohort.id} />
          <DistributionSection dashboard={dashboard} />
          <WeeklySection dashboard={dashboard} />
          <FunnelSection dashboard={dashboard} />
        </>
      )}
    </section>
  );
}

function EmptyState({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="empty-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="empty-heading" className="text-lg font-semibold">
        {t("cohortDashboard.emptyTitle")}
      </h2>
      <p className="text-sm text-slate-700">
        {t("cohortDashboard.empty", {
          members: formatChartNumber(dashboard.figures.memberCount, language),
          courses: formatChartNumber(dashboard.figures.courseCount, language),
        })}
      </p>
      <Link to={cohortPagePath(dashboard.cohort.id, "members")} className="inline-block text-sm underline">
        {t("cohortDashboard.emptyLink")}
      </Link>
    </section>
  );
}

function FiguresSection({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { figures } = dashboard;
  const number = (value: number) => formatChartNumber(value, language);
  const cards = [
    {
      key: "members",
      value: number(figures.memberCount),
      help: t("cohortDashboard.membersHelp"),
      to: cohortPagePath(dashboard.cohort.id, "members"),
    },
    {
      key: "averageProgress",
      value: formatChartPercent(figures.averageProgressPercent, language),
      help: t("cohortDashboard.averageProgressHelp", { count: figures.enrollmentCount }),
      to: "#distribution-heading",
    },
    {
      key: "completionRate",
      value: formatChartPercent(figures.completionRatePercent, language),
      help: t("cohortDashboard.completionRateHelp", {
        completed: number(figures.completedEnrollmentCount),
        total: number(figures.enrollmentCount),
      }),
      to: "#funnel-heading",
    },
    {
      key: "active",
      value: number(figures.activeLearnerCount),
      help: t("cohortDashboard.activeHelp", { total: number(figures.memberCount) }),
      to: "#weekly-heading",
    },
    {
      key: "overdue",
      value: number(figures.overdueItemCount),
      help: t("cohortDashboard.overdueHelp", {
        courses: number(figures.overdueCourseCount),
        assignments: number(figures.overdueAssignmentCount),
      }),
      to: cohortPagePath(dashboard.cohort.id, "atRisk"),
    },
  ] as const;
  return (
    <section aria-labelledby="figures-heading" className="space-y-3">
      <h2 id="figures-heading" className="text-lg font-semibold">
        {t("cohortDashboard.figures")}
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((card) => (
          <li key={card.key} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="text-sm font-medium text-slate-700" id={`figure-${card.key}`}>
              {t(`cohortDashboard.${card.key}`)}
            </p>
            <p className="mt-1 text-3xl font-bold tabular-nums" aria-describedby={`figure-${card.key}`}>
              {card.value}
            </p>
            <p className="mt-1 text-sm text-slate-600">{card.help}</p>
            <Link to={card.to} className="mt-2 inline-block text-sm underline">
              {t(`cohortDashboard.${card.key}Link`)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The figure the academy reports for a cohort: how many graduates found a job or started a company. */
function OutcomesSection({ cohortId }: { cohortId: string }) {
  const { outcomes } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="outcomes-heading" className="space-y-2" data-slot="cohort-outcomes">
      <h2 id="outcomes-heading" className="text-lg font-semibold">
        {t("cohortDashboard.outcomes")}
      </h2>
      {outcomes.recorded > 0 ? (
        <p>
          <span className="text-sm font-medium text-slate-600">{t("outcomes.rate")} </span>
          <span className="text-2xl font-bold">{formatPercent(outcomes.employmentRate, language)}</span>{" "}
          <span className="text-sm text-slate-700">
            {t("outcomes.rateFraction", {
              employedOrStarted: formatCount(outcomes.employedOrStarted, language),
              graduates: formatCount(outcomes.graduates, language),
            })}
          </span>
        </p>
      ) : (
        <p className="text-sm text-slate-600">{t("cohortDashboard.outcomesPending")}</p>
      )}
      <Link to={cohortPagePath(cohortId, "outcomes")} className="inline-block text-sm underline">
        {t("cohortDashboard.outcomesLink")}
      </Link>
    </section>
  );
}

function DistributionSection({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { figures } = dashboard;
  const leftOut = figures.memberCount - figures.membersWithProgressCount;
  const data = dashboard.distribution.map(({ bucket, memberCount }) => ({
    key: String(bucket),
    label:
      bucket === 10
        ? t("cohortDashboard.bucketComplete")
        : t("cohortDashboard.bucketRange", {
            from: formatChartNumber(bucket * 10, language),
            to: formatChartNumber(bucket * 10 + 9, language),
          }),
    tickLabel: formatChartNumber(bucket * 10, language),
    value: memberCount,
  }));
  return (
    <section aria-labelledby="distribution-heading" className="space-y-2">
      <h2 id="distribution-heading" className="text-lg font-semibold">
        {t("cohortDashboard.distribution")}
      </h2>
      <p className="text-sm text-slate-600">
        {t("cohortDashboard.distributionHelp")}{" "}
        {leftOut > 0 ? t("cohortDashboard.distributionLeftOut", { count: leftOut }) : null}
      </p>
      <BarChart
        data={data}
        title={t("cohortDashboard.distributionChart")}
        categoryHeading={t("cohortDashboard.averageProgress")}
        valueHeading={t("cohortDashboard.learnersColumn")}
        axisLabel={t("cohortDashboard.averageProgressAxis")}
      />
    </section>
  );
}

function WeeklySection({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const points = dashboard.weeks.map((week) => {
    const monday = new Date(week.weekStartsOn);
    return {
      key: monday.toISOString(),
      label: t("cohortDashboard.weekOf", { date: formatDate(monday, language) }),
      tickLabel: `${monday.getUTCMonth() + 1}/${monday.getUTCDate()}`,
    };
  });
  const weeks = dashboard.weeks;
  return (
    <section aria-labelledby="weekly-heading" className="space-y-2">
      <h2 id="weekly-heading" className="text-lg font-semibold">
        {t("cohortDashboard.weekly")}
      </h2>
      <p className="text-sm text-slate-600">{t("cohortDashboard.weeklyHelp", { timeZone: timeZoneLabel(t) })}</p>
      <LineChart
        points={points}
        title={t("cohortDashboard.weeklyChart")}
        pointHeading={t("cohortDashboard.week")}
        series={[
          {
            key: "activeLearners",
            name: t("cohortDashboard.activeLearners"),
            values: weeks.map((week) => week.activeLearnerCount),
          },
          {
            key: "activities",
            name: t("cohortDashboard.activities"),
            values: weeks.map((week) => week.activityCount),
          },
        ]}
        tableOnlySeries={[
          {
            key: "lessonCompletions",
            name: t("cohortDashboard.lessonCompletions"),
            values: weeks.map((week) => week.lessonCompletionCount),
          },
          {
            key: "quizAttempts",
            name: t("cohortDashboard.quizAttempts"),
            values: weeks.map((week) => week.quizAttemptCount),
          },
          {
            key: "submissions",
            name: t("cohortDashboard.submissions"),
            values: weeks.map((week) => week.submissionCount),
          },
        ]}
      />
    </section>
  );
}

function FunnelSection({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const total = dashboard.figures.memberCount;
  return (
    <section aria-labelledby="funnel-heading" className="space-y-4">
      <h2 id="funnel-heading" className="text-lg font-semibold">
        {t("cohortDashboard.funnel")}
      </h2>
      <p className="text-sm text-slate-600">{t("cohortDashboard.funnelHelp", { count: total })}</p>
      {dashboard.funnel.map((course) => {
        const name = `${course.code} · ${course.title}`;
        return (
          <section key={course.courseId} aria-labelledby={`funnel-${course.courseId}`} className="space-y-2">
            <h3 id={`funnel-${course.courseId}`} className="font-semibold">
              {name}
            </h3>
            <p className="text-sm text-slate-600">
              {course.dueOn
                ? t("cohortDashboard.courseDates", { date: formatDate(course.dueOn, language) })
                : t("cohortDashboard.noDueDate")}
              {course.lessonCount > course.lessons.length ? (
                <>
                  {" · "}
                  {t("cohortDashboard.funnelCut", {
                    total: formatChartNumber(course.lessonCount, language),
                    shown: formatChartNumber(course.lessons.length, language),
                  })}
                </>
              ) : null}
            </p>
            {course.lessons.length === 0 ? (
              <p className="text-sm text-slate-600">{t("cohortDashboard.noLessons")}</p>
            ) : (
              <HorizontalBarChart
                data={course.lessons.map((lesson) => ({
                  key: lesson.lessonId,
                  label: lesson.isRequired
                    ? lesson.title
                    : t("cohortDashboard.optionalLesson", { title: lesson.title }),
                  value: lesson.completedCount,
                }))}
                total={total}
                title={t("cohortDashboard.funnelChart", { course: name })}
                rowHeading={t("cohortDashboard.lesson")}
                valueHeading={t("cohortDashboard.completedColumn")}
                shareHeading={t("cohortDashboard.shareColumn")}
              />
            )}
          </section>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
