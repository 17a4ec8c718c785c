import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatDuration, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { getPublishedCourseSyllabus } from "~/models/course.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const course = await getPublishedCourseSyllabus({ slug: params.slug ?? "" });
  if (!course) throw new Response("Course not found", { status: 404 });
  return { course };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.code} ${data.course.title} · Bitgoeul` : "Bitgoeul" },
  { name: "description", content: data?.course.summary ?? "" },
];

export default function CoursePage() {
  const { course } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const lessonCount = course.modules.reduce((sum, module) => sum + module.lessons.length, 0);
  const totalMinutes = course.modules.reduce(
    (sum, module) => sum + module.lessons.reduce((moduleSum, lesson) => moduleSum + lesson.durationMinutes, 0),
    0,
  );

  return (
    <article className="grid gap-10 lg:grid-cols-[1fr_18rem]">
      <div>
        <p className="text-sm font-semibold text-brand-700">
          {course.code} · {localized(course.program, "name", language)}
        </p>
        <h1 className="mt-1 text-3xl font-bold" lang={course.language}>
          {course.title}
        </h1>
        <p className="mt-3 text-lg text-slate-700" lang={course.language}>
          {course.summary}
        </p>

        {course.descriptionHtml ? (
          <section aria-labelledby="about-heading" className="mt-8">
            <h2 id="about-heading" className="text-xl font-semibold">
              {t("course.about")}
            </h2>
            <div
              className="prose-content"
              lang={course.language}
              // Rendered from Markdown and sanitized when the course was saved.
              dangerouslySetInnerHTML={{ __html: course.descriptionHtml }}
            />
          </section>
        ) : null}

        <section aria-labelledby="syllabus-heading" className="mt-10">
          <h2 id="syllabus-heading" className="text-xl font-semibold">
            {t("course.syllabus")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {t("course.lessonCount", { count: lessonCount })} ·{" "}
            {t("course.totalDuration", { duration: formatDuration(totalMinutes, t) })}
          </p>
          {course.modules.length === 0 ? <p className="mt-4">{t("course.noLessons")}</p> : null}
          <ol className="mt-4 space-y-6">
            {course.modules.map((module, index) => (
              <li key={module.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">
                  <span className="mr-2 text-sm text-slate-500">{t("course.moduleNumber", { number: index + 1 })}</span>
                  <span lang={course.language}>{module.title}</span>
                </h3>
                {module.summary ? (
                  <p className="mt-1 text-sm text-slate-700" lang={course.language}>
                    {module.summary}
                  </p>
                ) : null}
                <ol className="mt-3 divide-y divide-slate-100">
                  {module.lessons.map((lesson) => (
                    <li key={lesson.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                      <span lang={course.language}>{lesson.title}</span>
                      <span className="shrink-0 text-slate-600">
                        {t(`lessonKind.${lesson.kind}`)} · {formatDuration(lesson.durationMinutes, t)}
                        {lesson.isRequired ? null : ` · ${t("course.optional")}`}
                      </span>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </section>
      </div>

      <aside aria-labelledby="details-heading" className="space-y-6">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="details-heading" className="font-semibold">
            {t("course.details")}
          </h2>
          <dl className="mt-3 space-y-2 text-sm">
            {course.term ? (
              <DetailRow
                label={t("course.term")}
                value={t("termName", { year: course.term.year, season: t(`season.${course.term.season}`) })}
              />
            ) : null}
            {course.startsOn && course.endsOn ? (
              <DetailRow
                label={t("course.dates")}
                value={`${formatDate(course.startsOn, language)} – ${formatDate(course.endsOn, language)}`}
              />
            ) : null}
            <DetailRow label={t("course.level")} value={t(`level.${course.level}`)} />
            <DetailRow label={t("course.language")} value={t(`courseLanguage.${course.language}`)} />
            <DetailRow
              label={t("course.creditsLabel")}
              value={course.credits ? t("course.credits", { count: course.credits }) : t("course.nonCredit")}
            />
          </dl>
        </section>
        {course.instructors.length > 0 ? (
          <section aria-labelledby="instructors-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="instructors-heading" className="font-semibold">
              {t("course.instructors")}
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              {course.instructors.map(({ user }) => (
                <li key={user.id}>{user.name}</li>
              ))}
            </ul>
          </section>
        ) : null}
      </aside>
    </article>
  );
}

function DetailRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right font-medium">{value}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
