import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { CourseStatusBadge } from "~/components/studio/course-status-badge";
import { formatTerm } from "~/lib/format";
import { pageParam } from "~/lib/pagination";
import { pageTitle } from "~/lib/page-title";
import { listTeachingCourses } from "~/models/course-authoring.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "course:create");
  const page = pageParam.parse(new URL(request.url).searchParams.get("page"));
  return listTeachingCourses({ actor, page });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { area: "studio" })];

export default function StudioPage() {
  const { items: courses, page, pageCount } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="studio-heading" className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 id="studio-heading" className="text-2xl font-bold">
          {t("studio.title")}
        </h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/cohorts" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium">
            {t("attendance.cohortsTitle")}
          </Link>
          <Link
            to="/teach/import"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium"
          >
            {t("studio.importPackage")}
          </Link>
          <Link to="/teach/new" className="rounded-md bg-ink px-4 py-2 text-sm font-medium text-white">
            {t("studio.newCourse")}
          </Link>
        </div>
      </div>
      {courses.length === 0 ? (
        <p className="text-slate-700">{t("studio.noCourses")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">{t("studio.title")}</caption>
            <thead className="border-b border-slate-300 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">
                  {t("studio.course")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("studio.status")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("studio.enrolled")}
                </th>
                <th scope="col" className="py-2 pr-4 text-right">
                  {t("studio.waitlisted")}
                </th>
                <th scope="col" className="py-2 text-right">
                  {t("studio.pending")}
                </th>
              </tr>
            </thead>
            <tbody>
              {courses.map((course) => (
                <tr key={course.id} className="border-b border-slate-200">
                  <td className="py-2 pr-4">
                    <Link to={`/teach/${course.id}`} className="font-medium hover:underline">
                      {course.code} {course.title}
                    </Link>
                    {course.term ? <span className="ml-2 text-slate-500">{formatTerm(course.term, t)}</span> : null}
                  </td>
                  <td className="py-2 pr-4">
                    <CourseStatusBadge status={course.status} />
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">{course.enrolledCount}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">{course.waitlistedCount}</td>
                  <td className="py-2 text-right tabular-nums">
                    {course.pendingCount > 0 ? (
                      <Link to={`/teach/${course.id}/learners`} className="font-semibold text-brand-700 underline">
                        {course.pendingCount}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
