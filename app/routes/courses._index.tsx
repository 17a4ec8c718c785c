import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CourseCard } from "~/components/course-card";
import { Pagination } from "~/components/pagination";
import { CourseLevel, Locale } from "~/generated/prisma/enums";
import { formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { CATALOG_SORTS } from "~/lib/catalog-sorts";
import { pageParam } from "~/lib/pagination";
import { pageTitle } from "~/lib/page-title";
import { searchCatalog } from "~/models/catalog.server";

// Filters live in the URL, so a search can be shared, bookmarked and paged. Bad values are
// dropped rather than answered with an error: a catalog link should always show something.
const catalogQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  program: z.string().trim().max(100).optional().catch(undefined),
  level: z.nativeEnum(CourseLevel).optional().catch(undefined),
  language: z.nativeEnum(Locale).optional().catch(undefined),
  term: z
    .string()
    .regex(/^\d{4}-(SPRING|SUMMER|FALL|WINTER)$/)
    .optional()
    .catch(undefined),
  tag: z.string().trim().max(60).optional().catch(undefined),
  sort: z.enum(CATALOG_SORTS).optional().catch(undefined),
  page: pageParam,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = catalogQuerySchema.parse(params);
  const result = await searchCatalog({
    query: filters.q || undefined,
    programSlug: filters.program || undefined,
    level: filters.level,
    language: filters.language,
    term: filters.term,
    tag: filters.tag || undefined,
    sort: filters.sort ?? (filters.q ? "relevance" : "code"),
    page: filters.page,
  });
  return { filters, ...result };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "courses" })];

export default function CatalogPage() {
  const { filters, items: courses, totalCount: total, page, pageCount, facets } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const submit = useSubmit();

  return (
    <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
      <Form
        method="get"
        role="search"
        aria-label={t("catalog.filtersLabel")}
        className="space-y-4"
        onChange={(event) => {
          // With JavaScript, changing a filter applies it at once (back to page 1).
          if ((event.target as HTMLElement).tagName === "SELECT") submit(event.currentTarget);
        }}
      >
        <div>
          <label htmlFor="catalog-q" className="block text-sm font-medium">
            {t("catalog.searchLabel")}
          </label>
          <input
            id="catalog-q"
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder={t("catalog.searchPlaceholder")}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <FilterSelect
          name="program"
          label={t("catalog.program")}
          value={filters.program}
          options={facets.programs.map((program) => ({
            value: program.slug,
            label: `${localized(program, "name", language)} (${program.count})`,
          }))}
        />
        <FilterSelect
          name="term"
          label={t("catalog.term")}
          value={filters.term}
          options={facets.terms.map((term) => ({
            value: term.value,
            label: `${formatTerm(term, t)} (${term.count})`,
          }))}
        />
        <FilterSelect
          name="level"
          label={t("course.level")}
          value={filters.level}
          options={facets.levels.map((level) => ({
            value: level.value,
            label: `${t(`level.${level.value}`)} (${level.count})`,
          }))}
        />
        <FilterSelect
          name="language"
          label={t("course.language")}
          value={filters.language}
          options={facets.languages.map((entry) => ({
            value: entry.value,
            label: `${t(`courseLanguage.${entry.value}`)} (${entry.count})`,
          }))}
        />
        <FilterSelect
          name="tag"
          label={t("catalog.tag")}
          value={filters.tag}
          options={facets.tags.map((tag) => ({ value: tag.value, label: `${tag.value} (${tag.count})` }))}
        />
        <FilterSelect
          name="sort"
          label={t("catalog.sort")}
          value={filters.sort}
          includeAll={false}
          options={CATALOG_SORTS.map((sort) => ({ value: sort, label: t(`catalog.sortBy.${sort}`) }))}
        />
        <div className="flex gap-3">
          <button type="submit" className="rounded-md bg-ink px-4 py-2 text-white">
            {t("catalog.apply")}
          </button>
          <Link to="/courses" className="self-center text-sm underline">
            {t("catalog.clear")}
          </Link>
        </div>
      </Form>

      <section aria-labelledby="catalog-heading">
        <h1 id="catalog-heading" className="text-2xl font-bold">
          {t("catalog.title")}
        </h1>
        <p role="status" className="mt-1 text-sm text-slate-600">
          {filters.q
            ? t("catalog.resultsFor", { count: total, query: filters.q })
            : t("catalog.results", { count: total })}
        </p>
        {courses.length === 0 ? <p className="mt-6">{t("catalog.noResults")}</p> : null}
        <ul className="mt-4 space-y-4">
          {courses.map((course) => (
            <li key={course.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <CourseCard
                course={course}
                programName={localized(course.program, "name", language)}
                headingLevel="h2"
                facts={[
                  ...(course.instructorNames.length > 0 ? [course.instructorNames.join(", ")] : []),
                  ...(course.seatsLeft !== null ? [t("catalog.seatsLeft", { count: course.seatsLeft })] : []),
                ]}
              />
            </li>
          ))}
        </ul>
        <Pagination page={page} pageCount={pageCount} />
      </section>
    </div>
  );
}

function FilterSelect({
  name,
  label,
  value,
  options,
  includeAll = true,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  includeAll?: boolean;
}) {
  const { t } = useTranslation();
  const id = `catalog-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value ?? ""}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
      >
        {includeAll ? <option value="">{t("catalog.all")}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
