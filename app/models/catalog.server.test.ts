// Integration tests of catalog search against a real PostgreSQL with the project's migrations. The
// file's database is its own, so the small catalog built in beforeAll is the whole catalog.
import { beforeAll, describe, expect, test } from "vitest";
import { Prisma, prisma } from "~/lib/db.server";
import { searchCatalog, type CatalogSearchInput } from "~/models/catalog.server";
import { createCatalogCourse, createTerm } from "../../tests/factories/catalog";
import { createProgram, createUser } from "../../tests/factories";

let graduateSlug = "";
let academySlug = "";
const idsByCode = new Map<string, string>();

beforeAll(async () => {
  const graduate = await createProgram(prisma, { kind: "GRADUATE", position: 1 });
  const academy = await createProgram(prisma, { kind: "ACADEMY", position: 2 });
  graduateSlug = graduate.slug;
  academySlug = academy.slug;
  const spring = await createTerm(prisma, { programId: graduate.id, year: 2026, season: "SPRING" });
  const graduateFall = await createTerm(prisma, { programId: graduate.id, year: 2026, season: "FALL" });
  const academyFall = await createTerm(prisma, { programId: academy.id, year: 2026, season: "FALL" });
  const kim = await createUser(prisma, { role: "INSTRUCTOR", name: "김민수" });
  const grace = await createUser(prisma, { role: "INSTRUCTOR", name: "Grace Hopper" });
  const turing = await createUser(prisma, { role: "INSTRUCTOR", name: "Alan Turing" });

  const courses = [
    await createCatalogCourse(prisma, {
      programId: graduate.id,
      termId: spring.id,
      code: "AI501",
      title: "선형회귀와 머신러닝 기초",
      summary: "회귀 분석으로 시작하는 머신러닝 입문입니다.",
      level: "BEGINNER",
      language: "ko",
      tags: ["machine-learning", "statistics"],
      credits: 3,
      capacity: 30,
      seatsTakenCount: 12,
      publishedAt: new Date("2026-01-10T00:00:00Z"),
      instructorIds: [kim.id],
    }),
    await createCatalogCourse(prisma, {
      programId: graduate.id,
      termId: graduateFall.id,
      code: "AI610",
      title: "Deep Learning",
      summary: "Neural networks from perceptrons to transformers.",
      level: "ADVANCED",
      language: "en",
      tags: ["deep-learning", "machine-learning"],
      credits: 3,
      publishedAt: new Date("2026-03-01T00:00:00Z"),
      instructorIds: [grace.id],
    }),
    await createCatalogCourse(prisma, {
      programId: academy.id,
      termId: academyFall.id,
      code: "AC101",
      title: "Deep Learning Bootcamp",
      summary: "여덟 주 동안 모델을 직접 만들어 봅니다.",
      level: "INTERMEDIATE",
      language: "ko",
      tags: ["deep-learning"],
      capacity: 20,
      seatsTakenCount: 25,
      publishedAt: new Date("2026-02-01T00:00:00Z"),
      instructorIds: [kim.id, grace.id],
    }),
    await createCatalogCourse(prisma, {
      programId: academy.id,
      code: "AC205",
      title: "파이썬 데이터 분석",
      summary: "pandas로 배우는 데이터 분석",
      level: "BEGINNER",
      language: "ko",
      tags: ["python"],
      publishedAt: new Date("2026-04-01T00:00:00Z"),
    }),
    // Never in the catalog, though they match many of the searches below.
    await createCatalogCourse(prisma, {
      programId: graduate.id,
      termId: graduateFall.id,
      code: "AI999",
      title: "회귀 Deep Learning 초안",
      summary: "Draft: deep learning and 회귀, not yet published.",
      status: "DRAFT",
      level: "ADVANCED",
      language: "en",
      tags: ["deep-learning", "python"],
      instructorIds: [turing.id, kim.id],
    }),
    await createCatalogCourse(prisma, {
      programId: academy.id,
      code: "AC001",
      title: "Deep Learning (2025)",
      summary: "An archived offering.",
      status: "ARCHIVED",
      publishedAt: new Date("2025-03-01T00:00:00Z"),
      tags: ["deep-learning"],
      instructorIds: [grace.id],
    }),
  ];
  for (const course of courses) idsByCode.set(course.code, course.id);
});

/** The codes on the page, in order. */
async function searchCodes(input: CatalogSearchInput) {
  const result = await searchCatalog(input);
  return result.items.map((course) => course.code);
}

describe("searchCatalog: query", () => {
  test("a Korean word finds the course whose title or summary contains it", async () => {
    expect(await searchCodes({ query: "회귀" })).toEqual(["AI501"]);
    expect(await searchCodes({ query: "입문" })).toEqual(["AI501"]);
  });

  test("Korean input in decomposed form (NFD, as macOS may send it) still matches", async () => {
    expect(await searchCodes({ query: "회귀".normalize("NFD") })).toEqual(["AI501"]);
  });

  test("a partial English word matches case-insensitively", async () => {
    expect(await searchCodes({ query: "learn", sort: "code" })).toEqual(["AC101", "AI610"]);
    expect(await searchCodes({ query: "DEEP", sort: "code" })).toEqual(["AC101", "AI610"]);
    expect(await searchCodes({ query: "transformer" })).toEqual(["AI610"]);
  });

  test("a course code matches case-insensitively, whole or in part", async () => {
    expect(await searchCodes({ query: "ai501" })).toEqual(["AI501"]);
    expect(await searchCodes({ query: "ac2" })).toEqual(["AC205"]);
  });

  test("an instructor's name finds the courses they teach", async () => {
    expect(await searchCodes({ query: "김민수", sort: "code" })).toEqual(["AC101", "AI501"]);
    expect(await searchCodes({ query: "hopper", sort: "code" })).toEqual(["AC101", "AI610"]);
  });

  test("every word must match, each in any field", async () => {
    expect(await searchCodes({ query: "선형 회귀" })).toEqual(["AI501"]);
    expect(await searchCodes({ query: "  deep   김민수 " })).toEqual(["AC101"]);
    expect(await searchCodes({ query: "deep 파이썬" })).toEqual([]);
  });

  test("drafts and archived courses never appear, nor do their instructors' names find them", async () => {
    const all = await searchCatalog({ pageSize: 60 });
    expect(all.totalCount).toBe(4);
    expect(all.items.map((course) => course.code).sort()).toEqual(["AC101", "AC205", "AI501", "AI610"]);
    expect(await searchCodes({ query: "초안" })).toEqual([]);
    expect(await searchCodes({ query: "Turing" })).toEqual([]);
    expect(await searchCodes({ query: "AI999" })).toEqual([]);
    expect(await searchCodes({ query: "2025" })).toEqual([]);
  });

  test("SQL and LIKE syntax in the query is plain text: no match, no error", async () => {
    for (const query of [`'; DROP TABLE "Course"; --`, `%`, `_`, `\\`, `' OR 1=1 --`, `%' OR '1'='1`]) {
      const result = await searchCatalog({ query });
      expect(result.totalCount, query).toBe(0);
      expect(result.items, query).toEqual([]);
    }
    expect(await prisma.course.count()).toBe(6);
  });

  test("NUL, which PostgreSQL text cannot hold, reads as a space in the query and voids a filter", async () => {
    expect(await searchCodes({ query: "deep\u0000learning", sort: "code" })).toEqual(["AC101", "AI610"]);
    expect((await searchCatalog({ programSlug: "x\u0000", tag: "\u0000" })).totalCount).toBe(4);
  });

  test("a blank query lists the whole catalog", async () => {
    expect((await searchCatalog({ query: "   " })).totalCount).toBe(4);
  });
});

describe("searchCatalog: course fields", () => {
  test("returns program, term, instructors in order and seats left", async () => {
    const { items: courses } = await searchCatalog({ sort: "code" });
    const bootcamp = courses.find((course) => course.code === "AC101");
    expect(bootcamp).toEqual({
      id: idsByCode.get("AC101"),
      slug: expect.stringMatching(/^course-/),
      code: "AC101",
      title: "Deep Learning Bootcamp",
      summary: "여덟 주 동안 모델을 직접 만들어 봅니다.",
      level: "INTERMEDIATE",
      language: "ko",
      credits: null,
      tags: ["deep-learning"],
      program: expect.objectContaining({ slug: academySlug, kind: "ACADEMY" }),
      term: { year: 2026, season: "FALL" },
      instructorNames: ["김민수", "Grace Hopper"],
      // More active enrollments than capacity (e.g. capacity lowered later) is no seats, not negative.
      seatsLeft: 0,
    });
    const regression = courses.find((course) => course.code === "AI501");
    expect(regression).toMatchObject({ credits: 3, seatsLeft: 18, term: { year: 2026, season: "SPRING" } });
    expect(regression?.program.nameKo).toMatch(/^테스트 프로그램/);
    const pythonCourse = courses.find((course) => course.code === "AC205");
    expect(pythonCourse).toMatchObject({ term: null, instructorNames: [], seatsLeft: null });
  });
});

describe("searchCatalog: filters", () => {
  test("each filter narrows the catalog", async () => {
    expect(await searchCodes({ programSlug: graduateSlug, sort: "code" })).toEqual(["AI501", "AI610"]);
    expect(await searchCodes({ level: "ADVANCED" })).toEqual(["AI610"]);
    expect(await searchCodes({ language: "en" })).toEqual(["AI610"]);
    expect(await searchCodes({ tag: "machine-learning", sort: "code" })).toEqual(["AI501", "AI610"]);
    expect(await searchCodes({ tag: "python" })).toEqual(["AC205"]);
  });

  test("a term is the same year and season in every program", async () => {
    expect(await searchCodes({ term: "2026-FALL", sort: "code" })).toEqual(["AC101", "AI610"]);
    expect(await searchCodes({ term: "2026-spring" })).toEqual(["AI501"]);
    expect(await searchCodes({ term: "2025-FALL" })).toEqual([]);
  });

  test("filters and the query combine with AND", async () => {
    expect(await searchCodes({ tag: "deep-learning", programSlug: academySlug })).toEqual(["AC101"]);
    expect(await searchCodes({ query: "deep", language: "ko" })).toEqual(["AC101"]);
    expect(await searchCodes({ query: "deep", term: "2026-FALL", level: "BEGINNER" })).toEqual([]);
  });

  test("an unknown program or tag matches nothing; malformed values are ignored", async () => {
    expect((await searchCatalog({ programSlug: "no-such-program" })).totalCount).toBe(0);
    expect((await searchCatalog({ tag: "no-such-tag" })).totalCount).toBe(0);
    expect((await searchCatalog({ term: "fall 2026" })).totalCount).toBe(4);
    expect((await searchCatalog({ term: "2026-AUTUMN" })).totalCount).toBe(4);
    expect((await searchCatalog({ level: "EXPERT" as never, language: "fr" as never })).totalCount).toBe(4);
    expect((await searchCatalog({ programSlug: "", tag: "" })).totalCount).toBe(4);
  });
});

describe("searchCatalog: facets", () => {
  test("without filters, count every published course by program, level, language, term and tag", async () => {
    const { facets } = await searchCatalog({});
    expect(facets.programs).toEqual([
      expect.objectContaining({ slug: graduateSlug, kind: "GRADUATE", count: 2 }),
      expect.objectContaining({ slug: academySlug, kind: "ACADEMY", count: 2 }),
    ]);
    expect(Object.keys(facets.programs[0] ?? {}).sort()).toEqual(["count", "kind", "nameEn", "nameKo", "slug"]);
    expect(facets.levels).toEqual([
      { value: "BEGINNER", count: 2 },
      { value: "INTERMEDIATE", count: 1 },
      { value: "ADVANCED", count: 1 },
    ]);
    expect(facets.languages).toEqual([
      { value: "ko", count: 3 },
      { value: "en", count: 1 },
    ]);
    expect(facets.terms).toEqual([
      { value: "2026-FALL", year: 2026, season: "FALL", count: 2 },
      { value: "2026-SPRING", year: 2026, season: "SPRING", count: 1 },
    ]);
    expect(facets.tags).toEqual([
      { value: "deep-learning", count: 2 },
      { value: "machine-learning", count: 2 },
      { value: "python", count: 1 },
      { value: "statistics", count: 1 },
    ]);
  });

  test("a facet ignores its own filter but applies the query and the other filters", async () => {
    const { totalCount: total, facets } = await searchCatalog({ query: "deep", level: "ADVANCED" });
    expect(total).toBe(1);
    // Both "deep" courses, whatever their level: the alternatives to ADVANCED stay visible.
    expect(facets.levels).toEqual([
      { value: "INTERMEDIATE", count: 1 },
      { value: "ADVANCED", count: 1 },
    ]);
    // Only the ADVANCED "deep" course.
    expect(facets.programs).toEqual([expect.objectContaining({ slug: graduateSlug, count: 1 })]);
    expect(facets.languages).toEqual([{ value: "en", count: 1 }]);
    expect(facets.tags).toEqual([
      { value: "deep-learning", count: 1 },
      { value: "machine-learning", count: 1 },
    ]);
  });
});

describe("searchCatalog: pages and sorting", () => {
  test("page 2 has the rest, and the total stays the same", async () => {
    const first = await searchCatalog({ sort: "code", pageSize: 3, page: 1 });
    const second = await searchCatalog({ sort: "code", pageSize: 3, page: 2 });
    const beyond = await searchCatalog({ sort: "code", pageSize: 3, page: 3 });
    expect(first.items.map((course) => course.code)).toEqual(["AC101", "AC205", "AI501"]);
    expect(second.items.map((course) => course.code)).toEqual(["AI610"]);
    expect(beyond.items).toEqual([]);
    for (const result of [first, second, beyond]) {
      expect(result).toMatchObject({ totalCount: 4, pageCount: 2, pageSize: 3 });
    }
    expect(second.page).toBe(2);
  });

  test("defaults to 12 a page and keeps page and page size in range", async () => {
    expect(await searchCatalog({})).toMatchObject({ page: 1, pageSize: 12, pageCount: 1 });
    expect(await searchCatalog({ page: 0, pageSize: 1000 })).toMatchObject({ page: 1, pageSize: 60 });
    expect(await searchCatalog({ page: 1.5, pageSize: -3 })).toMatchObject({ page: 1, pageSize: 12 });
    expect(await searchCatalog({ query: "nothing-matches-this" })).toMatchObject({ totalCount: 0, pageCount: 1 });
    expect(await searchCatalog({ page: 2 ** 40 })).toMatchObject({ items: [], totalCount: 4 });
  });

  test("sorts by code, title and newest", async () => {
    expect(await searchCodes({ sort: "code" })).toEqual(["AC101", "AC205", "AI501", "AI610"]);
    // Case-insensitive; Hangul after Latin, in 가나다 order.
    expect(await searchCodes({ sort: "title" })).toEqual(["AI610", "AC101", "AI501", "AC205"]);
    expect(await searchCodes({ sort: "newest" })).toEqual(["AC205", "AI610", "AC101", "AI501"]);
  });

  test("relevance ranks an exact title match first; without a query it lists by code", async () => {
    // AC101 "Deep Learning Bootcamp" would come first by code.
    expect(await searchCodes({ query: "deep learning", sort: "relevance" })).toEqual(["AI610", "AC101"]);
    expect(await searchCodes({ query: "Deep Learning Bootcamp" })).toEqual(["AC101"]);
    expect(await searchCodes({ query: "learning" })).toEqual(["AI610", "AC101"]);
    expect(await searchCodes({})).toEqual(["AC101", "AC205", "AI501", "AI610"]);
  });
});

describe("catalog search indexes", () => {
  test("pg_trgm makes trigrams of Hangul under the database's locale", async () => {
    const [row] = await prisma.$queryRaw<{ trigrams: string[] }[]>`SELECT show_trgm('선형회귀') AS "trigrams"`;
    // "  선", " 선형", "선형회", "형회귀", "회귀 ": none would exist if Hangul were not letters.
    expect(row?.trigrams).toHaveLength(5);
  });

  test("title, code, summary and instructor-name searches can use the trigram indexes", async () => {
    const plans = await prisma.$transaction(async (tx) => {
      // With so few rows the planner would rightly scan; forbid that to see what it can use.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const explain = async (query: Prisma.Sql) => {
        const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${query}`;
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      };
      return {
        title: await explain(Prisma.sql`SELECT "id" FROM "Course" WHERE "title" ILIKE ${"%learning%"}`),
        koreanTitle: await explain(Prisma.sql`SELECT "id" FROM "Course" WHERE "title" ILIKE ${"%선형회귀%"}`),
        code: await explain(Prisma.sql`SELECT "id" FROM "Course" WHERE "code" ILIKE ${"%ai501%"}`),
        summary: await explain(Prisma.sql`SELECT "id" FROM "Course" WHERE "summary" ILIKE ${"%network%"}`),
        name: await explain(Prisma.sql`SELECT "id" FROM "User" WHERE "name" ILIKE ${"%hopper%"}`),
      };
    });
    expect(plans.title).toContain("Course_title_trgm_idx");
    expect(plans.koreanTitle).toContain("Course_title_trgm_idx");
    expect(plans.code).toContain("Course_code_trgm_idx");
    expect(plans.summary).toContain("Course_summary_trgm_idx");
    expect(plans.name).toContain("User_name_trgm_idx");
  });
});
