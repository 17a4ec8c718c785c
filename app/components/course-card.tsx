import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatTerm } from "~/lib/format";

export type CourseCardCourse = {
  slug: string;
  code: string;
  title: string;
  summary: string;
  language: string;
  level: string;
  credits: number | null;
  term: { year: number; season: string } | null;
};

/**
 * A course in a list (home page, catalog): code, program and term above the title, the summary, then
 * level, language, credits and whatever `facts` the list adds (instructors, seats left).
 */
export function CourseCard({
  course,
  programName,
  facts = [],
  headingLevel: Heading = "h3",
  isSummaryClamped = false,
}: {
  course: CourseCardCourse;
  programName?: string;
  facts?: string[];
  headingLevel?: "h2" | "h3" | "h4";
  isSummaryClamped?: boolean;
}) {
  const { t } = useTranslation();
  const overline = [course.code, programName, course.term ? formatTerm(course.term, t) : undefined].filter(Boolean);
  return (
    <>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{overline.join(" · ")}</p>
      <Heading className="mt-1 text-lg font-semibold" lang={course.language}>
        <Link to={`/courses/${course.slug}`} className="hover:underline">
          {course.title}
        </Link>
      </Heading>
      <p className={`mt-1 text-sm text-slate-700 ${isSummaryClamped ? "line-clamp-3" : ""}`} lang={course.language}>
        {course.summary}
      </p>
      <p className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600">
        <span>{t(`level.${course.level}`)}</span>
        <span>{t(`courseLanguage.${course.language}`)}</span>
        <span>{course.credits ? t("course.credits", { count: course.credits }) : t("course.nonCredit")}</span>
        {facts.map((fact) => (
          <span key={fact}>{fact}</span>
        ))}
      </p>
    </>
  );
}
