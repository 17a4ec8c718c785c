import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CourseStatusBadge } from "~/components/studio/course-status-badge";
import { getCourseForStudio } from "~/models/course-authoring.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course: teachers } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const course = await getCourseForStudio({ courseId: teachers.id });
  if (!course) throw new Response("Course not found", { status: 404 });
  return {
    course: { id: course.id, slug: course.slug, code: course.code, title: course.title, status: course.status },
    canPublish: can(user, "course:publish", teachers),
  };
}

export default function StudioCourseLayout() {
  const { course } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const base = `/teach/${course.id}`;
  const isCurrent = ({ to, end, alsoFor }: { to: string; end: boolean; alsoFor?: string }) =>
    pathname === to ||
    (!end && pathname.startsWith(`${to}/`)) ||
    (alsoFor !== undefined && pathname.startsWith(alsoFor));
  const tabs = [
    { to: base, label: t("studio.tabs.details"), end: true, alsoFor: undefined },
    // A lesson's editor belongs to the outline it is opened from.
    { to: `${base}/outline`, label: t("studio.tabs.outline"), end: false, alsoFor: `${base}/lessons/` },
    { to: `${base}/learners`, label: t("studio.tabs.learners"), end: false, alsoFor: undefined },
    { to: `${base}/progress`, label: t("studio.tabs.progress"), end: false, alsoFor: undefined },
    { to: `${base}/at-risk`, label: t("studio.tabs.atRisk"), end: false, alsoFor: undefined },
    { to: `${base}/grading`, label: t("studio.tabs.grading"), end: false, alsoFor: undefined },
    { to: `${base}/gradebook`, label: t("studio.tabs.gradebook"), end: false, alsoFor: undefined },
    { to: `${base}/announcements`, label: t("studio.tabs.announcements"), end: false, alsoFor: undefined },
    { to: `${base}/duplicate`, label: t("studio.tabs.duplicate"), end: false, alsoFor: undefined },
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link to="/teach" className="text-sm underline">
            {t("studio.backToStudio")}
          </Link>
          <p className="mt-2 text-sm font-semibold text-slate-500">
            {course.code} <CourseStatusBadge status={course.status} />
          </p>
          <h1 className="text-2xl font-bold">{course.title}</h1>
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          <Link
            to={`/courses/${course.slug}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium"
            aria-label={t("studio.previewCourseAs", { course: course.title })}
          >
            {t("studio.previewAsLearner")}
          </Link>
          <a
            href={`${base}/export`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium"
            download
          >
            {t("studio.exportPackage")}
          </a>
        </div>
      </div>
      <nav aria-label={t("studio.courseMenu")} className="flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
        {tabs.map((tab) => (
          <Link
            key={tab.to}
            to={tab.to}
            aria-current={isCurrent(tab) ? "page" : undefined}
            className="rounded px-3 py-1 hover:bg-slate-100 aria-[current=page]:bg-brand-100 aria-[current=page]:font-semibold"
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
