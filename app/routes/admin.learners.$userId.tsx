import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { formatChartNumber, formatChartPercent } from "~/components/charts/chart-figure";
import { cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { ProgressBar } from "~/components/progress-bar";
import { formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { getLearnerDetail, LEARNER_DETAIL_REFUSALS, TIMELINE_LENGTH } from "~/models/learner-detail.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A whole learner's record: only a grant with the `any` scope (admins) passes without a resource.
  const admin = await requirePermission(request, "learnerRecord:view");
  const detail = await getLearnerDetail({ actor: admin, userId: params.userId ?? "" });
  if (!detail.ok) throw refusalResponse(LEARNER_DETAIL_REFUSALS, detail);
  return { detail, timelineLength: TIMELINE_LENGTH };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "learner", area: "admin", names: [data?.detail.learner.name] }),
];

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["detail"];

export default function LearnerDetailPage() {
  const { detail } = useLoaderData<typeof loader>();
  const { learner } = detail;
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="learner-heading" className="space-y-8">
      <p className="text-sm">
        <Link to="/admin/cohorts" className="underline">
          {t("learnerDetail.backToCohorts")}
        </Link>
      </p>
      <header className="space-y-2">
        <h1 id="learner-heading" className="text-2xl font-bold">
          {learner.name}
        </h1>
        <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("learnerDetail.email")}</dt>
          <dd className="break-all">{learner.email}</dd>
          <dt className="text-slate-600">{t("learnerDetail.role")}</dt>
          <dd>{t(`role.${learner.role}`)}</dd>
          <dt className="text-slate-600">{t("learnerDetail.studentNumber")}</dt>
          <dd>{learner.studentNumber ?? t("learnerDetail.none")}</dd>
          <dt className="text-slate-600">{t("learnerDetail.degreeTrack")}</dt>
          <dd>{learner.degreeTrack ? localized(learner.degreeTrack, "name", language) : t("learnerDetail.none")}</dd>
        </dl>
        <Link to={`/admin/users/${learner.id}`} className="inline-block text-sm underline">
          {t("learnerDetail.manageAccount")}
        </Link>
      </header>
      {learner.deactivatedAt ? <Notice tone="error">{t("learnerDetail.deactivated")}</Notice> : null}
      <CohortsSection detail={detail} />
      <EnrollmentsSection detail={detail} />
      <TimelineSection detail={detail} />
      <QuizAttemptsSection detail={detail} />
      <SubmissionsSection detail={detail} />
      <NudgesSection detail={detail} />
    </section>
  );
}

/** "The latest 100 of 130 are shown", when a list was cut. */
function ListCut({ shown, total }: { shown: number; total: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  if (total <= shown) return null;
  return (
    <p className="text-sm text-slate-600">
      {t("learnerDetail.listCut", {
        shown: formatChartNumber(shown, language),
        total: formatChartNumber(total, language),
      })}
    </p>
  );
}

function CohortsSection({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="cohorts-heading" className="space-y-2">
      <h2 id="cohorts-heading" className="text-lg font-semibold">
        {t("learnerDetail.cohorts")}
      </h2>
      {detail.memberships.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noCohorts")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm break-keep">
            <caption className="sr-only">{t("learnerDetail.cohorts")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.cohort")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.memberRole")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.joinedAt")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.leftAt")}
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">{t("learnerDetail.dashboardLink")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.memberships.map((membership) => (
                <tr
                  key={membership.cohortId}
                  className={`border-b border-slate-100 ${membership.leftAt ? "text-slate-500" : ""}`}
                >
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {membership.cohortName}
                    <span className="block text-xs text-slate-600">
                      {localized(
                        { nameKo: membership.programNameKo, nameEn: membership.programNameEn },
                        "name",
                        language,
                      )}
                    </span>
                  </th>
                  <td className="py-2 pr-4">{t(`cohorts.roles.${membership.role}`)}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(membership.joinedAt, language)}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">
                    {membership.leftAt ? formatDateTime(membership.leftAt, language) : t("learnerDetail.none")}
                  </td>
                  <td className="py-2">
                    <Link
                      to={cohortPagePath(membership.cohortId, "dashboard")}
                      className="underline"
                      aria-label={t("learnerDetail.dashboardOf", { name: membership.cohortName })}
                    >
                      {t("learnerDetail.dashboardLink")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EnrollmentsSection({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="enrollments-heading" className="space-y-3">
      <h2 id="enrollments-heading" className="text-lg font-semibold">
        {t("learnerDetail.enrollments")}
      </h2>
      {detail.enrollments.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noEnrollments")}</p>
      ) : (
        <ul className="space-y-4">
          {detail.enrollments.map((enrollment) => {
            const name = `${enrollment.code} · ${enrollment.title}`;
            return (
              <li key={enrollment.enrollmentId} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">{name}</h3>
                <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                  <dt className="text-slate-600">{t("learnerDetail.status")}</dt>
                  <dd>{t(`studio.enrollmentStatus.${enrollment.status}`)}</dd>
                  <dt className="text-slate-600">{t("learnerDetail.progress")}</dt>
                  <dd className="flex items-center gap-2">
                    <ProgressBar
                      percent={enrollment.progressPercent}
                      label={t("learnerDetail.progressOf", { course: name })}
                      className="w-32"
                    />
                    <span className="tabular-nums">{formatChartPercent(enrollment.progressPercent, language)}</span>
                  </dd>
                  <dt className="text-slate-600">{t("learnerDetail.completedAt")}</dt>
                  <dd>
                    {enrollment.completedAt
                      ? formatDateTime(enrollment.completedAt, language)
                      : t("learnerDetail.none")}
                  </dd>
                  <dt className="text-slate-600">{t("learnerDetail.grade")}</dt>
                  <dd>{enrollment.finalLetter ?? t("learnerDetail.none")}</dd>
                </dl>
                {enrollment.modules.length === 0 ? (
                  <p className="text-sm text-slate-600">{t("learnerDetail.noModules")}</p>
                ) : (
                  <div className="relative overflow-x-auto">
                    <table className="w-full border-collapse text-left text-sm break-keep">
                      <caption className="py-1 text-left text-slate-600">
                        {t("learnerDetail.modulesOf", { course: name })}
                      </caption>
                      <thead>
                        <tr className="border-b border-slate-300">
                          <th scope="col" className="py-1 pr-4">
                            {t("learnerDetail.module")}
                          </th>
                          <th scope="col" className="py-1 text-right">
                            {t("learnerDetail.requiredDone")}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {enrollment.modules.map((courseModule) => (
                          <tr key={courseModule.moduleId} className="border-b border-slate-100">
                            <th scope="row" className="py-1 pr-4 font-normal">
                              {courseModule.title}
                            </th>
                            <td className="py-1 text-right tabular-nums">
                              {t("learnerDetail.requiredDoneCount", {
                                completed: formatChartNumber(courseModule.completedCount, language),
                                required: formatChartNumber(courseModule.requiredCount, language),
                              })}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** What one timeline event says, in the reader's language. */
function describeEvent(event: Detail["timeline"][number], t: TFunction, language: Language) {
  const title = event.title ?? "";
  switch (event.kind) {
    case "enrollmentChanged":
      return t("learnerDetail.event.enrollmentChanged", { status: t(`studio.enrollmentStatus.${event.status}`) });
    case "quizSubmitted": {
      const said = t("learnerDetail.event.quizSubmitted", { title });
      if (event.scorePercent === null) return said;
      const result = event.isPassed ? t("quiz.attemptPassed") : t("quiz.attemptNotPassed");
      return `${said} (${t("learnerDetail.quizScore", { score: formatChartNumber(event.scorePercent, language), result })})`;
    }
    case "checkedIn":
      return `${t("learnerDetail.event.checkedIn", { title })} (${t(`attendance.status.${event.status}`)})`;
    default:
      return t(`learnerDetail.event.${event.kind}`, { title });
  }
}

function TimelineSection({ detail }: { detail: Detail }) {
  const { timelineLength } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        {t("learnerDetail.timeline")}
      </h2>
      <p className="text-sm text-slate-600">{t("learnerDetail.timelineHelp", { count: timelineLength })}</p>
      {detail.timeline.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noEvents")}</p>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
          {detail.timeline.map((event) => (
            <li key={`${event.kind}-${event.eventId}`} className="flex flex-wrap gap-x-3 px-3 py-2">
              <time dateTime={new Date(event.at).toISOString()} className="tabular-nums text-slate-600">
                {formatDateTime(event.at, language)}
              </time>
              <span>
                {describeEvent(event, t, language)}
                {event.courseCode ? <span className="text-slate-600"> · {event.courseCode}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function QuizAttemptsSection({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { items, totalCount } = detail.quizAttempts;
  return (
    <section aria-labelledby="quiz-attempts-heading" className="space-y-2">
      <h2 id="quiz-attempts-heading" className="text-lg font-semibold">
        {t("learnerDetail.quizAttempts")}
      </h2>
      <ListCut shown={items.length} total={totalCount} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noQuizAttempts")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm break-keep">
            <caption className="sr-only">{t("learnerDetail.quizAttempts")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.quiz")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("learnerDetail.attempt")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("learnerDetail.score")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.result")}
                </th>
                <th scope="col" className="py-2">
                  {t("learnerDetail.submittedAt")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((attempt) => (
                <tr key={attempt.attemptId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {attempt.lessonTitle} <span className="text-slate-600">· {attempt.courseCode}</span>
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums">
                    {formatChartNumber(attempt.attemptNumber, language)}
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">
                    {attempt.scorePercent === null ? "—" : formatChartPercent(attempt.scorePercent, language)}
                  </td>
                  <td className="py-2 pr-4">
                    {attempt.submittedAt === null
                      ? t("learnerDetail.inProgress")
                      : attempt.isPassed
                        ? t("quiz.attemptPassed")
                        : t("quiz.attemptNotPassed")}
                  </td>
                  <td className="py-2 whitespace-nowrap">
                    {attempt.submittedAt ? formatDateTime(attempt.submittedAt, language) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SubmissionsSection({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { items, totalCount } = detail.submissions;
  return (
    <section aria-labelledby="submissions-heading" className="space-y-2">
      <h2 id="submissions-heading" className="text-lg font-semibold">
        {t("learnerDetail.submissions")}
      </h2>
      <ListCut shown={items.length} total={totalCount} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noSubmissions")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm break-keep">
            <caption className="sr-only">{t("learnerDetail.submissions")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.assignment")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("learnerDetail.attempt")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.status")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("learnerDetail.points")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.late")}
                </th>
                <th scope="col" className="py-2">
                  {t("learnerDetail.submittedAt")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((submission) => (
                <tr key={submission.submissionId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {submission.lessonTitle} <span className="text-slate-600">· {submission.courseCode}</span>
                  </th>
                  <td className="py-2 pr-4 text-right tabular-nums">
                    {formatChartNumber(submission.attemptNumber, language)}
                  </td>
                  <td className="py-2 pr-4">{t(`studio.grading.statusName.${submission.status}`)}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">
                    {submission.points === null
                      ? "—"
                      : t("learnerDetail.pointsOf", {
                          points: formatChartNumber(submission.points, language),
                          max: formatChartNumber(submission.maxPoints, language),
                        })}
                  </td>
                  <td className="py-2 pr-4">
                    {submission.isLate ? t("learnerDetail.late") : t("learnerDetail.onTime")}
                  </td>
                  <td className="py-2 whitespace-nowrap">{formatDateTime(submission.submittedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NudgesSection({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { items, totalCount } = detail.nudges;
  return (
    <section aria-labelledby="nudges-heading" className="space-y-2">
      <h2 id="nudges-heading" className="text-lg font-semibold">
        {t("learnerDetail.nudges")}
      </h2>
      <ListCut shown={items.length} total={totalCount} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("learnerDetail.noNudges")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm break-keep">
            <caption className="sr-only">{t("learnerDetail.nudges")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.sentAt")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("learnerDetail.sentBy")}
                </th>
                <th scope="col" className="py-2">
                  {t("learnerDetail.subject")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((nudge) => (
                <tr key={nudge.nudgeId} className="border-b border-slate-100">
                  <th scope="row" className="py-2 pr-4 font-normal whitespace-nowrap tabular-nums">
                    {formatDateTime(nudge.createdAt, language)}
                  </th>
                  <td className="py-2 pr-4">{nudge.sentByName}</td>
                  <td className="py-2">
                    {nudge.subject}
                    {nudge.cohortName || nudge.courseTitle ? (
                      <span className="block text-xs text-slate-600">
                        {[nudge.cohortName, nudge.courseTitle].filter(Boolean).join(" · ")}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
