import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CourseCard } from "~/components/course-card";
import { localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { listProgramsWithPublishedCourses } from "~/models/program.server";

export async function loader() {
  return { programs: await listProgramsWithPublishedCourses() };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, {})];

type Program = Awaited<ReturnType<typeof loader>>["programs"][number];

export default function HomePage() {
  const { programs } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <>
      <section className="mb-10">
        <h1 className="text-3xl font-bold tracking-tight">{t("home.title")}</h1>
        <p className="mt-3 max-w-2xl text-lg text-slate-700">{t("home.intro")}</p>
      </section>
      <h2 className="sr-only">{t("home.programsHeading")}</h2>
      <div className="space-y-12">
        {programs.map((program) => (
          <ProgramSection key={program.id} program={program} language={language} />
        ))}
      </div>
    </>
  );
}

function ProgramSection({ program, language }: { program: Program; language: Language }) {
  const { t } = useTranslation();
  const headingId = `program-${program.slug}`;
  return (
    <section aria-labelledby={headingId}>
      <p className="text-sm font-semibold text-brand-700">{t(`programKind.${program.kind}`)}</p>
      <h3 id={headingId} className="text-2xl font-semibold">
        {localized(program, "name", language)}
      </h3>
      <p className="mt-2 max-w-3xl text-slate-700">{localized(program, "description", language)}</p>
      <Link to={`/programs/${program.slug}`} className="mt-1 inline-block text-sm underline">
        {t("program.viewProgram")}
      </Link>
      {program.courses.length === 0 ? (
        <p className="mt-4 text-slate-600">{t("home.noCourses")}</p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {program.courses.map((course) => (
            <li key={course.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <CourseCard course={course} headingLevel="h4" isSummaryClamped />
            </li>
          ))}
        </ul>
      )}
      {program._count.courses > program.courses.length ? (
        <Link to={`/courses?program=${program.slug}`} className="mt-4 inline-block text-sm font-medium underline">
          {t("home.allCourses", { count: program._count.courses })}
        </Link>
      ) : null}
    </section>
  );
}
