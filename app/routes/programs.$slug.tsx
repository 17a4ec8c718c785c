import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { languageOf, pageTitle } from "~/lib/page-title";
import { getProgramOverview } from "~/models/program.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const program = await getProgramOverview({ slug: params.slug ?? "" });
  if (!program) throw new Response("Program not found", { status: 404 });
  return { program };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "program", names: [data && localized(data.program, "name", languageOf(matches))] }),
];

type CourseSummary = { id: string; slug: string; code: string; title: string; language: string };

export default function ProgramPage() {
  const { program } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <article className="space-y-10">
      <header>
        <p className="text-sm font-semibold text-brand-700">{t(`programKind.${program.kind}`)}</p>
        <h1 className="text-3xl font-bold">{localized(program, "name", language)}</h1>
        <p className="mt-3 max-w-3xl text-lg text-slate-700">{localized(program, "description", language)}</p>
      </header>

      {program.degreeTracks.length > 0 ? (
        <section aria-labelledby="tracks-heading">
          <h2 id="tracks-heading" className="text-xl font-semibold">
            {t("program.degreeTracks")}
          </h2>
          <ul className="mt-3 grid gap-4 sm:grid-cols-2">
            {program.degreeTracks.map((track) => (
              <li key={track.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">{localized(track, "name", language)}</h3>
                <p className="mt-1 text-sm text-slate-700">{localized(track, "description", language)}</p>
                <p className="mt-2 text-sm font-medium">
                  {t("program.requiredCredits", { count: track.requiredCredits })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {program.terms.length > 0 ? (
        <section aria-labelledby="terms-heading" className="space-y-6">
          <h2 id="terms-heading" className="text-xl font-semibold">
            {t("program.terms")}
          </h2>
          {program.terms.map((term) => (
            <section
              key={term.id}
              aria-labelledby={`term-${term.id}`}
              className="rounded-lg border border-slate-200 bg-white p-4"
            >
              <h3 id={`term-${term.id}`} className="font-semibold">
                {formatTerm(term, t)}
              </h3>
              <p className="text-sm text-slate-600">
                {formatDate(term.startsOn, language)} – {formatDate(term.endsOn, language)}
              </p>
              <CourseList courses={term.courses} />
            </section>
          ))}
        </section>
      ) : null}

      {program.cohorts.length > 0 ? (
        <section aria-labelledby="cohorts-heading" className="space-y-6">
          <h2 id="cohorts-heading" className="text-xl font-semibold">
            {t("program.cohorts")}
          </h2>
          {program.cohorts.map((cohort) => (
            <section
              key={cohort.id}
              aria-labelledby={`cohort-${cohort.id}`}
              className="rounded-lg border border-slate-200 bg-white p-4"
            >
              <h3 id={`cohort-${cohort.id}`} className="font-semibold">
                {cohort.name}
              </h3>
              <p className="text-sm text-slate-600">
                {formatDate(cohort.startsOn, language)} – {formatDate(cohort.endsOn, language)} ·{" "}
                {t("program.memberCount", { count: cohort._count.members })}
              </p>
              <ul className="mt-3 divide-y divide-slate-100 text-sm">
                {cohort.courses.map(({ course, dueOn }) => (
                  <li key={course.id} className="flex justify-between gap-4 py-2">
                    <Link to={`/courses/${course.slug}`} className="underline" lang={course.language}>
                      {course.code} {course.title}
                    </Link>
                    {dueOn ? (
                      <span className="text-slate-600">
                        {t("program.dueOn", { date: formatDate(dueOn, language) })}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ) : null}

      {program.courses.length > 0 ? (
        <section aria-labelledby="courses-heading">
          <h2 id="courses-heading" className="text-xl font-semibold">
            {t("program.courses")}
          </h2>
          <CourseList courses={program.courses} />
        </section>
      ) : null}
    </article>
  );
}

function CourseList({ courses }: { courses: CourseSummary[] }) {
  const { t } = useTranslation();
  if (courses.length === 0) return <p className="mt-2 text-sm text-slate-600">{t("home.noCourses")}</p>;
  return (
    <ul className="mt-3 divide-y divide-slate-100 text-sm">
      {courses.map((course) => (
        <li key={course.id} className="py-2">
          <Link to={`/courses/${course.slug}`} className="underline" lang={course.language}>
            {course.code} {course.title}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
