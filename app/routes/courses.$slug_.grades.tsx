import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatGradePoint, formatPercent, formatPoints } from "~/components/grades";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { getMyGrades, MY_GRADES_REFUSALS } from "~/models/gradebook.server";

/** A learner's own grades in a course; nobody else's can be asked for (the model looks them up by the session's user). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const grades = await getMyGrades({ userId: user.id, slug: params.slug ?? "" });
  if (!grades.ok) throw refusalResponse(MY_GRADES_REFUSALS, grades);
  return grades;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "grades", names: [data && `${data.course.code} ${data.course.title}`] }),
];

export default function MyGradesPage() {
  const { course, categories, grades } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const gradedCategories = categories.filter((category) => category.items.length > 0);
  return (
    <article className="space-y-8">
      <header>
        <p className="text-sm font-semibold text-brand-700">
          <Link to={`/courses/${course.slug}`} className="hover:underline">
            {course.code} {course.title}
          </Link>
        </p>
        <h1 className="mt-1 text-3xl font-bold">{t("grades.title")}</h1>
        {grades.isDropped ? <p className="mt-2 text-sm text-slate-600">{t("grades.droppedNote")}</p> : null}
      </header>

      <section aria-labelledby="course-grade-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="course-grade-heading" className="text-lg font-semibold">
          {t("grades.courseGrade")}
        </h2>
        <dl className="mt-3 grid gap-4 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-600">{t("grades.currentScore")}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatPercent(grades.currentPercent, language)}</dd>
            <dd className="mt-1 text-xs text-slate-500">{t("grades.currentScoreHelp")}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("grades.finalScore")}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{formatPercent(grades.finalPercent, language)}</dd>
            <dd className="mt-1 text-xs text-slate-500">{t("grades.finalScoreHelp")}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{t("grades.letter")}</dt>
            {!course.isCreditCourse ? (
              <dd className="text-sm text-slate-700">{t("grades.noLetterInCourse")}</dd>
            ) : grades.finalGrade ? (
              <>
                <dd className="text-2xl font-semibold">
                  {grades.finalGrade.letter}
                  {grades.finalGrade.gradePoint !== null ? (
                    <span className="ml-2 text-base font-normal text-slate-600">
                      {t("grades.gradePointValue", { value: formatGradePoint(grades.finalGrade.gradePoint, language) })}
                    </span>
                  ) : null}
                </dd>
                <dd className="mt-1 text-xs text-slate-500">
                  {t("grades.confirmedAt", { date: formatDateTime(grades.finalGrade.confirmedAt, language) })}
                </dd>
              </>
            ) : (
              <dd className="text-sm text-slate-700">{t("grades.notConfirmed")}</dd>
            )}
          </div>
        </dl>
      </section>

      {gradedCategories.length === 0 ? (
        <p className="text-slate-600">{t("grades.nothingGraded")}</p>
      ) : (
        gradedCategories.map((category) => {
          const percents = grades.categoryPercents[category.id];
          const headingId = `category-${category.id}`;
          return (
            <section key={category.id} aria-labelledby={headingId} className="space-y-2">
              <h2 id={headingId} className="flex flex-wrap items-baseline justify-between gap-2 text-lg font-semibold">
                <span>{t("grades.categoryHeading", { name: category.name, weight: category.weightPercent })}</span>
                <span className="text-base font-normal tabular-nums">
                  {t("grades.categoryScore", { score: formatPercent(percents?.current, language) })}
                </span>
              </h2>
              <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <table className="min-w-full text-left text-sm">
                  <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
                    <tr>
                      <th scope="col" className="px-3 py-2">
                        {t("grades.item")}
                      </th>
                      <th scope="col" className="px-3 py-2">
                        {t("grades.kindLabel")}
                      </th>
                      <th scope="col" className="px-3 py-2">
                        {t("grades.dueLabel")}
                      </th>
                      <th scope="col" className="px-3 py-2 text-right">
                        {t("grades.score")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {category.items.map((item) => {
                      const points = grades.itemPoints[item.id];
                      return (
                        <tr key={item.id} className="border-b border-slate-200 last:border-0">
                          <th scope="row" className="px-3 py-2 font-medium">
                            {item.title}
                          </th>
                          <td className="px-3 py-2 text-slate-600">{t(`grades.kind.${item.kind}`)}</td>
                          <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                            {item.dueAt ? formatDateTime(item.dueAt, language) : "—"}
                          </td>
                          <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                            {points === null || points === undefined
                              ? item.isDue
                                ? t("grades.missedCountsZero", { max: formatPoints(item.maxPoints, language) })
                                : t("grades.notGradedYet")
                              : t("grades.pointsOutOf", {
                                  points: formatPoints(points, language),
                                  max: formatPoints(item.maxPoints, language),
                                })}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })
      )}
      <p>
        <Link to={`/courses/${course.slug}`} className="text-sm underline">
          {t("grades.backToCourse")}
        </Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation();
  return (
    <GeneralErrorBoundary
      statusHandlers={{ 403: () => <p className="mt-4 text-slate-700">{t("grades.enrollToSee")}</p> }}
    />
  );
}
