// The public course catalog: search, filters with counts (facets), sorting and pages.
//
// Search is substring matching (`ILIKE '%word%'`) on course title, code and summary and on
// instructor names, served by the pg_trgm GIN indexes of the catalog_search migration; it works
// the same for Korean and English because the database's builtin C.UTF-8 locale treats Hangul as
// letters. Every word of the query must match somewhere, so "선형 회귀" finds "선형회귀" and
// "딥러닝 김민수" finds Kim Minsu's deep learning course. Relevance ranks by pg_trgm similarity.
// The description markdown is not searched: it has no index, so matching it would turn every
// search into a full scan, and words deep in a description make noisy matches.
import { CourseLevel, Locale, TermSeason, type ProgramKind } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { pageWindow, toPaged, type Paged } from "~/lib/pagination";
import { CATALOG_SORTS, type CatalogSort } from "~/lib/catalog-sorts";

export { CATALOG_SORTS, type CatalogSort } from "~/lib/catalog-sorts";

export const CATALOG_DEFAULT_PAGE_SIZE = 12;
export const CATALOG_MAX_PAGE_SIZE = 60;
/** Longer queries are cut; more words than this are ignored. Both keep a query's cost bounded. */
const MAX_QUERY_LENGTH = 100;
const MAX_QUERY_WORDS = 8;
/** The tag facet lists the most common tags only. */
const MAX_TAG_FACETS = 30;

export type CatalogSearchInput = {
  /** Free text; every word must match a course's title, code or summary or an instructor's name. */
  query?: string;
  programSlug?: string;
  level?: CourseLevel;
  language?: Locale;
  /** A term as `2026-FALL`: that year and season in every program. Malformed values are ignored. */
  term?: string;
  tag?: string;
  /** Default "relevance"; without a query, relevance lists courses by code. */
  sort?: CatalogSort;
  /** 1-based; default 1. A page past the last one is empty. */
  page?: number;
  /** Default 12, at most 60. */
  pageSize?: number;
};

export type CatalogCourse = {
  id: string;
  slug: string;
  code: string;
  title: string;
  summary: string;
  level: CourseLevel;
  language: Locale;
  credits: number | null;
  tags: string[];
  program: { slug: string; kind: ProgramKind; nameKo: string; nameEn: string };
  term: { year: number; season: TermSeason } | null;
  /** In the order the course lists its instructors. */
  instructorNames: string[];
  /** Null when the course has unlimited seats. */
  seatsLeft: number | null;
};

/**
 * Each facet value counts the courses that match the query and every *other* filter, so a list of
 * options still shows the alternatives to the selected one. Values with no courses are left out.
 */
export type CatalogFacets = {
  programs: { slug: string; kind: ProgramKind; nameKo: string; nameEn: string; count: number }[];
  levels: { value: CourseLevel; count: number }[];
  languages: { value: Locale; count: number }[];
  /** Newest first; `value` is what the `term` filter takes, e.g. `2026-FALL`. */
  terms: { value: string; year: number; season: TermSeason; count: number }[];
  /** The most common tags, most common first. */
  tags: { value: string; count: number }[];
};

/** The page and page size are those actually used, after defaults and limits. */
export type CatalogSearchResult = Paged<CatalogCourse> & { facets: CatalogFacets };

type CourseRow = {
  id: string;
  slug: string;
  code: string;
  title: string;
  summary: string;
  level: CourseLevel;
  language: Locale;
  credits: number | null;
  tags: string[];
  programSlug: string;
  programKind: ProgramKind;
  programNameKo: string;
  programNameEn: string;
  termYear: number | null;
  termSeason: TermSeason | null;
  instructorNames: string[];
  seatsLeft: number | null;
};

type SummaryRow = { total: number } & CatalogFacets;

/**
 * Published courses matching `query` and every given filter, one page of them, with the total and
 * the facets. Always two queries, whatever the page size: the page (instructor names included),
 * and the total with the facets.
 */
export async function searchCatalog(input: CatalogSearchInput): Promise<CatalogSearchResult> {
  const words = toSearchWords(input.query);
  const phrase = words.join(" ");
  const filters = toFilterConditions(input);
  const page = isWholeNumberAtLeast(input.page, 1) ? input.page : 1;
  const pageSize = isWholeNumberAtLeast(input.pageSize, 1)
    ? Math.min(input.pageSize, CATALOG_MAX_PAGE_SIZE)
    : CATALOG_DEFAULT_PAGE_SIZE;
  const sort = input.sort && CATALOG_SORTS.includes(input.sort) ? input.sort : "relevance";

  const isVisibleAndMatching = Prisma.join(
    [Prisma.sql`c."status" = 'PUBLISHED'`, ...words.map((word) => matchesWord(word))],
    " AND ",
  );
  const allFilters = Prisma.join(Object.values(filters), " AND ");

  const [courseRows, [summary]] = await Promise.all([
    prisma.$queryRaw<CourseRow[]>`
      SELECT c."id", c."slug", c."code", c."title", c."summary", c."level", c."language", c."credits", c."tags",
             p."slug" AS "programSlug", p."kind" AS "programKind",
             p."nameKo" AS "programNameKo", p."nameEn" AS "programNameEn",
             t."year" AS "termYear", t."season" AS "termSeason",
             ARRAY(
               SELECT u."name"
               FROM "CourseInstructor" ci
               JOIN "User" u ON u."id" = ci."userId"
               WHERE ci."courseId" = c."id"
               ORDER BY ci."position", ci."role", u."name"
             ) AS "instructorNames",
             CASE WHEN c."capacity" IS NULL THEN NULL
                  ELSE GREATEST(c."capacity" - c."seatsTakenCount", 0) END AS "seatsLeft"
      FROM "Course" c
      JOIN "Program" p ON p."id" = c."programId"
      LEFT JOIN "Term" t ON t."id" = c."termId"
      WHERE ${isVisibleAndMatching} AND ${allFilters}
      ORDER BY ${orderBy(sort, phrase)}
      LIMIT ${pageSize} OFFSET ${pageWindow({ page, pageSize }).skip}`,
    prisma.$queryRaw<SummaryRow[]>(summarySql(isVisibleAndMatching, filters)),
  ]);
  if (!summary) throw new Error("The catalog summary query returned no row.");

  const { total, ...facets } = summary;
  return { ...toPaged(courseRows.map(toCatalogCourse), { page, pageSize, totalCount: total }), facets };
}

/**
 * The query's words: NFC-normalised (macOS input can arrive decomposed), control characters (which
 * PostgreSQL text cannot hold, like NUL) read as spaces, deduplicated, bounded.
 */
function toSearchWords(query: string | undefined): string[] {
  if (!query) return [];
  const cleaned = query
    .normalize("NFC")
    .replace(/\p{Cc}/gu, " ")
    .trim();
  const text = Array.from(cleaned).slice(0, MAX_QUERY_LENGTH).join("");
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** `%` and `_` in the query are text, not LIKE wildcards; backslash is LIKE's default escape. */
function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * A course matches a word when its title, code or summary contains it, or an instructor's name
 * does. One SELECT per column, so each can use its own trigram index: PostgreSQL seldom combines
 * GIN indexes for an OR (with 50,000 courses the OR form always scanned the table, 42 ms; this
 * form used the title and summary indexes, 19 ms).
 */
function matchesWord(word: string): Prisma.Sql {
  const pattern = containsPattern(word);
  return Prisma.sql`c."id" IN (
    SELECT "id" FROM "Course" WHERE "title" ILIKE ${pattern}
    UNION SELECT "id" FROM "Course" WHERE "code" ILIKE ${pattern}
    UNION SELECT "id" FROM "Course" WHERE "summary" ILIKE ${pattern}
    UNION SELECT ci."courseId" FROM "CourseInstructor" ci
      JOIN "User" u ON u."id" = ci."userId"
      WHERE u."name" ILIKE ${pattern}
  )`;
}

type FilterConditions = Record<"program" | "level" | "language" | "term" | "tag", Prisma.Sql>;

/** One condition per filter, TRUE when the filter is absent or invalid (invalid values are ignored). */
function toFilterConditions(input: CatalogSearchInput): FilterConditions {
  const always = Prisma.sql`TRUE`;
  const term = parseTerm(input.term);
  return {
    program: isFilterText(input.programSlug) ? Prisma.sql`p."slug" = ${input.programSlug}` : always,
    level: isOneOf(input.level, Object.values(CourseLevel))
      ? Prisma.sql`c."level" = CAST(${input.level} AS "CourseLevel")`
      : always,
    language: isOneOf(input.language, Object.values(Locale))
      ? Prisma.sql`c."language" = CAST(${input.language} AS "Locale")`
      : always,
    term: term
      ? Prisma.sql`(t."year" = CAST(${term.year} AS integer) AND t."season" = CAST(${term.season} AS "TermSeason"))`
      : always,
    tag: isFilterText(input.tag) ? Prisma.sql`c."tags" @> ARRAY[CAST(${input.tag} AS text)]` : always,
  };
}

function parseTerm(value: string | undefined): { year: number; season: TermSeason } | null {
  const match = /^(\d{4})-([A-Z]+)$/.exec(value?.trim().toUpperCase() ?? "");
  if (!match?.[1] || !isOneOf(match[2], Object.values(TermSeason))) return null;
  return { year: Number(match[1]), season: match[2] };
}

function orderBy(sort: CatalogSort, phrase: string): Prisma.Sql {
  switch (sort) {
    case "relevance":
      if (!phrase) return Prisma.sql`c."code", lower(c."title"), c."id"`;
      return Prisma.sql`${relevanceScore(phrase)} DESC, c."code", c."id"`;
    case "newest":
      return Prisma.sql`c."publishedAt" DESC NULLS LAST, c."code", c."id"`;
    case "title":
      return Prisma.sql`lower(c."title"), c."code", c."id"`;
    case "code":
      return Prisma.sql`c."code", lower(c."title"), c."id"`;
  }
}

/**
 * Higher is better. An exact title or code match outranks everything; then pg_trgm similarity of
 * the whole query to the title (as a word in it, and as the whole title), then to the code, the
 * instructors' names and the summary.
 */
function relevanceScore(phrase: string): Prisma.Sql {
  const q = Prisma.sql`CAST(${phrase} AS text)`;
  return Prisma.sql`(
    CASE WHEN lower(c."title") = lower(${q}) OR lower(c."code") = lower(${q}) THEN 4 ELSE 0 END
    + word_similarity(${q}, c."title") + similarity(${q}, c."title")
    + 0.5 * word_similarity(${q}, c."code")
    + 0.5 * COALESCE((
        SELECT max(word_similarity(${q}, u."name"))
        FROM "CourseInstructor" ci JOIN "User" u ON u."id" = ci."userId"
        WHERE ci."courseId" = c."id"
      ), 0)
    + 0.3 * word_similarity(${q}, c."summary")
  )`;
}

/**
 * The total and the facets in one row. Each course that is published and matches the query gets a
 * flag per filter; the total needs every flag, a facet every flag but its own.
 */
function summarySql(isVisibleAndMatching: Prisma.Sql, filters: FilterConditions): Prisma.Sql {
  const allBut = (skipped: keyof FilterConditions | null) =>
    Prisma.raw(
      (Object.keys(filters) as (keyof FilterConditions)[])
        .filter((name) => name !== skipped)
        .map((name) => `m."${name}Ok"`)
        .join(" AND "),
    );
  return Prisma.sql`
    WITH matched AS (
      SELECT c."programId", c."level", c."language", c."tags", t."year", t."season",
             ${filters.program} AS "programOk", ${filters.level} AS "levelOk",
             ${filters.language} AS "languageOk", ${filters.term} AS "termOk", ${filters.tag} AS "tagOk"
      FROM "Course" c
      JOIN "Program" p ON p."id" = c."programId"
      LEFT JOIN "Term" t ON t."id" = c."termId"
      WHERE ${isVisibleAndMatching}
    )
    SELECT
      (SELECT count(*)::int FROM matched m WHERE ${allBut(null)}) AS "total",
      (SELECT COALESCE(json_agg(
          json_build_object('slug', p."slug", 'kind', p."kind", 'nameKo', p."nameKo", 'nameEn', p."nameEn",
                            'count', f."count")
          ORDER BY p."position", p."nameEn"), '[]'::json)
        FROM (
          SELECT m."programId", count(*)::int AS "count"
          FROM matched m WHERE ${allBut("program")} GROUP BY m."programId"
        ) f
        JOIN "Program" p ON p."id" = f."programId") AS "programs",
      (SELECT COALESCE(json_agg(f ORDER BY f."value"), '[]'::json) FROM (
        SELECT m."level" AS "value", count(*)::int AS "count"
        FROM matched m WHERE ${allBut("level")} GROUP BY m."level"
      ) f) AS "levels",
      (SELECT COALESCE(json_agg(f ORDER BY f."value"), '[]'::json) FROM (
        SELECT m."language" AS "value", count(*)::int AS "count"
        FROM matched m WHERE ${allBut("language")} GROUP BY m."language"
      ) f) AS "languages",
      (SELECT COALESCE(json_agg(f ORDER BY f."year" DESC, f."season" DESC), '[]'::json) FROM (
        SELECT m."year" || '-' || m."season" AS "value", m."year", m."season", count(*)::int AS "count"
        FROM matched m WHERE m."year" IS NOT NULL AND ${allBut("term")} GROUP BY m."year", m."season"
      ) f) AS "terms",
      (SELECT COALESCE(json_agg(f ORDER BY f."count" DESC, f."value"), '[]'::json) FROM (
        SELECT tag AS "value", count(*)::int AS "count"
        FROM matched m CROSS JOIN LATERAL unnest(m."tags") AS tag
        WHERE ${allBut("tag")}
        GROUP BY tag
        ORDER BY count(*) DESC, tag
        LIMIT ${MAX_TAG_FACETS}
      ) f) AS "tags"`;
}

function toCatalogCourse(row: CourseRow): CatalogCourse {
  return {
    id: row.id,
    slug: row.slug,
    code: row.code,
    title: row.title,
    summary: row.summary,
    level: row.level,
    language: row.language,
    credits: row.credits,
    tags: row.tags,
    program: { slug: row.programSlug, kind: row.programKind, nameKo: row.programNameKo, nameEn: row.programNameEn },
    term: row.termYear !== null && row.termSeason !== null ? { year: row.termYear, season: row.termSeason } : null,
    instructorNames: row.instructorNames,
    seatsLeft: row.seatsLeft === null ? null : Number(row.seatsLeft),
  };
}

/** Non-empty and storable: PostgreSQL text cannot hold NUL, so such a value could only fail. */
function isFilterText(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && !value.includes("\u0000");
}

function isOneOf<T extends string>(value: string | undefined, allowed: readonly T[]): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}

function isWholeNumberAtLeast(value: number | undefined, minimum: number): value is number {
  return value !== undefined && Number.isInteger(value) && value >= minimum;
}
