// `npm run bench`: how fast the main pages are at the scale of a city. It starts a throwaway
// PostgreSQL (or uses the server at DATABASE_URL), loads the demo seed, adds tens of thousands of
// learners and millions of progress rows with set-based SQL, starts the production app exactly as
// the end-to-end setup does, loads each page with autocannon and counts the SQL each page runs.
// See docs/performance.md for what it generates and the latest results.
//
//   npm run bench                   full size (30,000 learners, ~1.5 million progress rows)
//   npm run bench -- --quick        a small run to check the bench itself
//   npm run bench -- --explain      also each page's SQL and EXPLAIN ANALYZE of its slowest statement
//   npm run bench -- --keep         keep the app and the database running afterwards, until Ctrl-C
//
// Sizes and load are set with BENCH_LEARNERS, BENCH_COURSES, BENCH_ENROLLMENTS, BENCH_PROGRESS,
// BENCH_CONNECTIONS, and in seconds BENCH_DURATION, BENCH_WARMUP and BENCH_ALONE_DURATION (the
// single-connection run; 0 skips it). It exits 1 when any page answers anything but 2xx, so a
// broken page cannot look fast.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { createPrismaClient, disconnectAppPrismaClient, type Database } from "../app/lib/prisma-client.server";
import { generateDemoPasswords } from "../prisma/demo-passwords";
import { seedDemoData } from "../prisma/seed";
import { applyMigrations } from "../prisma/tools/migrate";
import { createDatabase, dropDatabase, startTestPostgresServer } from "../tests/setup/postgres-server";
import { findFreePort } from "./free-port";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
const SERVER_LOG = path.join(PROJECT_ROOT, ".data/bench-server.log");
const BENCH_EMAIL_DOMAIN = "bench.bitgoeul.example";
const HEAVY_LEARNER_EMAIL = `heavy.learner@${BENCH_EMAIL_DOMAIN}`;
const HEAVY_LEARNER_COURSES = 10;
const MODULES_PER_COURSE = 3;
const LESSONS_PER_MODULE = 5;
/** A Korean word the seed's courses use, so the search has real matches among the bench courses too. */
const KOREAN_SEARCH_WORD = "머신러닝";
/**
 * Statement counts take the fewest of this many requests: the mail worker's polls and the
 * once-a-minute session touch can only add statements to a sample.
 */
const COUNT_SAMPLES = 3;
const HEADERS = { "accept-language": "ko", "accept-encoding": "gzip, deflate, br" };

type BenchConfig = {
  isQuick: boolean;
  /** Print each page's statements and EXPLAIN ANALYZE of its slowest one. */
  isExplaining: boolean;
  /** Keep the app and database running after the results, until Ctrl-C. */
  isKeeping: boolean;
  learners: number;
  courses: number;
  enrollments: number;
  progressRows: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A second, single-connection run per page: its latency is what one person waits, unqueued. */
  aloneSeconds: number;
};

type HeavyLearner = {
  id: string;
  /** Courses the learner takes, most enrollments first, each with the next lesson to open. */
  courses: { slug: string; lessonSlug: string; enrollmentCount: number }[];
};

type BenchRoute = {
  name: string;
  /** Every connection takes the next path in turn and keeps requesting it. */
  paths: string[];
  isSignedIn: boolean;
};

type LoadResult = {
  route: BenchRoute;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** p50 with a single connection; null when BENCH_ALONE_DURATION is 0. */
  aloneP50: number | null;
  kilobytesPerResponse: number;
  non2xx: number;
  errors: number;
};

type StatementCount = { statements: number; databaseMs: number; executed: LogEntry[] };

const log = (line: string) => console.log(`[bench] ${line}`);

const FULL_SIZES = { learners: 30_000, courses: 120, enrollments: 150_000, progressRows: 1_500_000 };
const QUICK_SIZES = { learners: 2_000, courses: 20, enrollments: 10_000, progressRows: 100_000 };
const FULL_TIMES = { duration: 10, warmup: 2, alone: 3 };
const QUICK_TIMES = { duration: 3, warmup: 1, alone: 1 };

function readConfig(): BenchConfig {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const isQuick = values.quick ?? false;
  const sizes = isQuick ? QUICK_SIZES : FULL_SIZES;
  const times = isQuick ? QUICK_TIMES : FULL_TIMES;
  return {
    isQuick,
    isExplaining: values.explain ?? false,
    isKeeping: values.keep ?? false,
    learners: readWholeNumber("BENCH_LEARNERS", sizes.learners),
    courses: readWholeNumber("BENCH_COURSES", sizes.courses),
    enrollments: readWholeNumber("BENCH_ENROLLMENTS", sizes.enrollments),
    progressRows: readWholeNumber("BENCH_PROGRESS", sizes.progressRows),
    connections: readWholeNumber("BENCH_CONNECTIONS", 10),
    durationSeconds: readWholeNumber("BENCH_DURATION", times.duration),
    warmupSeconds: readWholeNumber("BENCH_WARMUP", times.warmup, 0),
    aloneSeconds: readWholeNumber("BENCH_ALONE_DURATION", times.alone, 0),
  };
}

/** The environment variable `name` as a whole number of at least `minimum` (1_000 and 1000 both work). */
function readWholeNumber(name: string, fallback: number, minimum = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be a whole number of at least ${minimum}, not "${raw}".`);
  }
  return value;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const result = await run();
  log(`${label}: ${formatSeconds(performance.now() - startedAt)}`);
  return result;
}

function formatSeconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ───────────────────────────── City-scale data ─────────────────────────────

// Names and topics are fixed lists combined by row number, so every run generates the same shape.
const SURNAMES = Array.from("김이박최정강조윤장임한오서신권황안송류홍");
const GIVEN_NAMES = (
  "민준 서연 도윤 서윤 시우 지우 하준 하은 주원 지유 지호 수아 예준 지아 건우 서아 현우 다은 우진 채원 " +
  "선우 예은 연우 윤서 유준 민서 정우 소율 승우 예린 준서 하린 지환 수빈 승현 지민 시윤 나은 은우 가은"
).split(" ");
/** [Korean, English, tag] */
const TOPICS: readonly [string, string, string][] = [
  ["머신러닝", "Machine Learning", "머신러닝"],
  ["딥러닝", "Deep Learning", "딥러닝"],
  ["자연어 처리", "Natural Language Processing", "nlp"],
  ["컴퓨터 비전", "Computer Vision", "비전"],
  ["강화학습", "Reinforcement Learning", "강화학습"],
  ["데이터 분석", "Data Analysis", "데이터분석"],
  ["MLOps", "MLOps", "mlops"],
  ["추천 시스템", "Recommender Systems", "추천"],
  ["시계열 예측", "Time Series Forecasting", "시계열"],
  ["생성형 AI", "Generative AI", "생성형ai"],
  ["그래프 신경망", "Graph Neural Networks", "gnn"],
  ["음성 인식", "Speech Recognition", "음성"],
];
/** [Korean, English] */
const SUFFIXES: readonly [string, string][] = [
  ["기초", "Foundations"],
  ["실습", "in Practice"],
  ["심화", "Advanced Topics"],
  ["프로젝트", "Projects"],
  ["응용", "Applications"],
];
const KOREAN_PARAGRAPH =
  "이 강의에서는 먼저 문제를 정의하고, 광주광역시 공공데이터를 불러와 탐색적 분석을 합니다. 데이터의 분포와 결측치를 " +
  "확인한 뒤 학습용과 검증용으로 나누고, 기준 모델을 만들어 성능을 비교합니다. 모델이 왜 그런 예측을 했는지 " +
  "특성 중요도와 오차 사례를 함께 살펴보며, 실무에서 자주 만나는 데이터 누수와 과적합을 피하는 방법을 익힙니다. " +
  "마지막으로 배운 내용을 짧은 퀴즈와 실습 과제로 정리합니다.";
const ENGLISH_PARAGRAPH =
  "In this lesson we first frame the problem, then load open data published by Gwangju Metropolitan City and " +
  "explore it. After checking distributions and missing values we split the data for training and validation, " +
  "build a baseline model and compare it with stronger ones. We look at feature importances and at the cases the " +
  "model gets wrong, and learn to avoid the data leakage and overfitting that practitioners meet most often.";

function sqlText(value: string) {
  return `'${value.replaceAll("'", "''")}'`;
}

function sqlTextArray(values: readonly string[]) {
  return `ARRAY[${values.map(sqlText).join(", ")}]::text[]`;
}

function sqlValues(rows: readonly (readonly (string | number)[])[]) {
  return rows
    .map((row, index) => `(${[index, ...row].map((v) => (typeof v === "number" ? String(v) : sqlText(v))).join(", ")})`)
    .join(",\n       ");
}

/**
 * One statement per table, each INSERT … SELECT over generate_series or over the rows written just
 * before, so PostgreSQL does the work in bulk. Returns the learner the pages are requested as.
 */
async function generateCityData(client: pg.Client, config: BenchConfig): Promise<HeavyLearner> {
  const run = (label: string, sql: string) => timed(`  ${label}`, () => client.query(sql));
  // Prisma writes timestamp(3) columns in UTC; now() must be read the same way.
  await client.query("SET TIME ZONE 'UTC'");
  await client.query("SET work_mem = '256MB'");
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query("SELECT setseed(0.2026)");
  // PostgreSQL 18 has uuidv7(), time-ordered like Prisma's uuid(7); older servers get random v4 ids.
  const { rows: uuidRows } = await client.query<{ hasUuidV7: boolean }>(
    `SELECT to_regprocedure('uuidv7()') IS NOT NULL AS "hasUuidV7"`,
  );
  const uuid = uuidRows[0]?.hasUuidV7 ? "uuidv7()" : "gen_random_uuid()";
  const instructorCount = Math.max(2, Math.ceil(config.courses / 5));
  const lessonsPerCourse = MODULES_PER_COURSE * LESSONS_PER_MODULE;

  await run(
    `${config.learners.toLocaleString("en")} learners, ${instructorCount} instructors and the heavy learner`,
    `INSERT INTO "User" ("id", "email", "name", "role", "locale", "createdAt", "updatedAt")
     SELECT ${uuid}, format('learner%s@${BENCH_EMAIL_DOMAIN}', lpad(g::text, 6, '0')),
            (${sqlTextArray(SURNAMES)})[1 + g % ${SURNAMES.length}]
              || (${sqlTextArray(GIVEN_NAMES)})[1 + (g / ${SURNAMES.length}) % ${GIVEN_NAMES.length}],
            'LEARNER'::"Role", (CASE WHEN g % 6 = 0 THEN 'en' ELSE 'ko' END)::"Locale",
            now() - (g % 7000) * interval '1 hour', now()
     FROM generate_series(1, ${config.learners}) g
     UNION ALL
     SELECT ${uuid}, format('instructor%s@${BENCH_EMAIL_DOMAIN}', lpad(g::text, 3, '0')),
            (${sqlTextArray(SURNAMES)})[1 + (g * 7) % ${SURNAMES.length}]
              || (${sqlTextArray(GIVEN_NAMES)})[1 + (g * 3) % ${GIVEN_NAMES.length}] || ' 교수',
            'INSTRUCTOR'::"Role", 'ko'::"Locale", now() - interval '400 days', now()
     FROM generate_series(1, ${instructorCount}) g
     UNION ALL
     SELECT ${uuid}, ${sqlText(HEAVY_LEARNER_EMAIL)}, '김빛고을', 'LEARNER'::"Role", 'ko'::"Locale", now() - interval '200 days', now()`,
  );

  // Signed-in learners hold sessions, so the per-request session lookup reads a table of city size.
  // The id is the SHA-256 (hex) of a token, as the app stores it; nobody holds these tokens.
  await run(
    "learner sessions",
    `INSERT INTO "Session" ("id", "userId", "expiresAt", "createdAt", "lastSeenAt", "isTwoFactorVerified")
     SELECT encode(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'hex'), s."userId",
            s."createdAt" + interval '30 days', s."createdAt", s."createdAt" + random() * (now() - s."createdAt"), false
     FROM (SELECT u."id" AS "userId", now() - random() * interval '14 days' AS "createdAt"
           FROM "User" u WHERE u."email" LIKE 'learner%@${BENCH_EMAIL_DOMAIN}') s`,
  );

  // Course n takes topic (n-1) % 12 and suffix ((n-1) / 12) % 5; program, level and language
  // are spread so every topic appears in both programs, at every level and in both languages.
  await run(
    `${config.courses} published courses`,
    `WITH topics ("t", "ko", "en", "tag") AS (VALUES ${sqlValues(TOPICS)}),
          suffixes ("s", "ko", "en") AS (VALUES ${sqlValues(SUFFIXES)}),
          graduate AS (
            SELECT p."id" AS "programId",
                   (SELECT t."id" FROM "Term" t WHERE t."programId" = p."id" ORDER BY t."startsOn" DESC LIMIT 1) AS "termId"
            FROM "Program" p WHERE p."kind" = 'GRADUATE' ORDER BY p."position" LIMIT 1),
          academy AS (SELECT p."id" AS "programId" FROM "Program" p WHERE p."kind" = 'ACADEMY' ORDER BY p."position" LIMIT 1),
          numbered AS (
            SELECT g AS "n", (g - 1) % ${TOPICS.length} AS "t", ((g - 1) / ${TOPICS.length}) % ${SUFFIXES.length} AS "s",
                   (g + (g - 1) / ${TOPICS.length}) % 2 = 0 AS "isGraduate",
                   ((g - 1) / ${TOPICS.length}) % 4 = 3 AS "isEnglish"
            FROM generate_series(1, ${config.courses}) g),
          described AS (
            SELECT x.*,
                   CASE WHEN x."isGraduate" THEN 'AI' || (600 + x."n") ELSE 'ACA' || (500 + x."n") END AS "code",
                   CASE WHEN x."isEnglish" THEN tp."en" || ': ' || sf."en" ELSE tp."ko" || ' ' || sf."ko" END
                     || CASE WHEN x."n" > ${TOPICS.length * SUFFIXES.length}
                             THEN ' ' || (1 + (x."n" - 1) / ${TOPICS.length * SUFFIXES.length}) ELSE '' END AS "title",
                   CASE WHEN x."isEnglish"
                     THEN format('%s %s: hands-on Python labs on open data from Gwangju, and a team project.', tp."en", sf."en")
                     ELSE format('%s(%s)의 핵심 개념을 광주 지역 데이터 사례와 함께 %s 수준으로 다룹니다. 파이썬 실습과 팀 프로젝트가 포함됩니다.',
                                 tp."ko", tp."en", sf."ko") END AS "summary",
                   CASE WHEN x."isEnglish" THEN ${sqlText(ENGLISH_PARAGRAPH)} ELSE ${sqlText(KOREAN_PARAGRAPH)} END
                     AS "paragraph",
                   tp."tag"
            FROM numbered x JOIN topics tp ON tp."t" = x."t" JOIN suffixes sf ON sf."s" = x."s")
     INSERT INTO "Course" ("id", "programId", "termId", "slug", "code", "title", "summary", "descriptionMarkdown",
                           "descriptionHtml", "credits", "level", "language", "tags", "enrollmentPolicy",
                           "enrollmentOpensAt", "enrollmentClosesAt", "startsOn", "endsOn", "status", "publishedAt",
                           "createdAt", "updatedAt")
     SELECT ${uuid},
            CASE WHEN d."isGraduate" THEN (SELECT "programId" FROM graduate) ELSE (SELECT "programId" FROM academy) END,
            CASE WHEN d."isGraduate" THEN (SELECT "termId" FROM graduate) END,
            'bench-' || lower(d."code") || '-' || d."n", d."code", d."title", d."summary",
            d."summary" || E'\\n\\n' || repeat(d."paragraph" || E'\\n\\n', 2),
            '<p>' || d."summary" || '</p>' || repeat('<p>' || d."paragraph" || '</p>', 2),
            CASE WHEN d."isGraduate" THEN 3 END,
            ((ARRAY['BEGINNER', 'INTERMEDIATE', 'ADVANCED'])[1 + (d."t" + d."s") % 3])::"CourseLevel",
            (CASE WHEN d."isEnglish" THEN 'en' ELSE 'ko' END)::"Locale",
            ARRAY[d."tag", CASE WHEN d."isEnglish" THEN 'english' ELSE 'python' END],
            'OPEN', now() - interval '120 days', now() + interval '180 days',
            current_date - 30, current_date + 90, 'PUBLISHED', now() - d."n" * interval '1 day',
            now() - d."n" * interval '1 day', now()
     FROM described d
     ORDER BY d."n"`,
  );

  await run(
    "course instructors",
    `WITH courses AS (
       SELECT "id", (row_number() OVER (ORDER BY "slug") - 1)::int AS "i" FROM "Course" WHERE "slug" LIKE 'bench-%'),
          instructors AS (
       SELECT "id", (row_number() OVER (ORDER BY "email") - 1)::int AS "i"
       FROM "User" WHERE "email" LIKE 'instructor%@${BENCH_EMAIL_DOMAIN}')
     INSERT INTO "CourseInstructor" ("courseId", "userId", "role", "position", "createdAt")
     SELECT c."id", u."id", 'LEAD'::"CourseInstructorRole", 0, now() FROM courses c JOIN instructors u ON u."i" = c."i" % ${instructorCount}
     UNION ALL
     SELECT c."id", u."id", 'CO_INSTRUCTOR', 1, now()
     FROM courses c JOIN instructors u ON u."i" = (c."i" + ${Math.floor(instructorCount / 2)}) % ${instructorCount}
     WHERE c."i" % 3 = 0`,
  );

  await run(
    `${(config.courses * MODULES_PER_COURSE).toLocaleString("en")} modules`,
    `INSERT INTO "Module" ("id", "courseId", "position", "title", "summary", "createdAt", "updatedAt")
     SELECT ${uuid}, c."id", m,
            CASE WHEN c."language" = 'en'
              THEN format('Module %s: %s', m + 1, (ARRAY['Concepts', 'Methods', 'Practice', 'Projects'])[1 + m % 4])
              ELSE format('%s장. %s', m + 1, (ARRAY['개념', '방법', '실습', '프로젝트'])[1 + m % 4]) END,
            '', now(), now()
     FROM "Course" c CROSS JOIN generate_series(0, ${MODULES_PER_COURSE - 1}) m
     WHERE c."slug" LIKE 'bench-%'
     ORDER BY c."id", m`,
  );

  // Positions run through the course, as the seed numbers them; the last lesson is optional reading.
  await run(
    `${(config.courses * lessonsPerCourse).toLocaleString("en")} lessons (a few KB of HTML each)`,
    `INSERT INTO "Lesson" ("id", "moduleId", "courseId", "slug", "position", "title", "kind", "markdown", "html",
                           "videoUrl", "transcript", "durationMinutes", "isRequired", "status", "createdAt", "updatedAt")
     SELECT ${uuid}, m."id", m."courseId", 'lesson-' || (p."position" + 1), p."position",
            CASE WHEN c."language" = 'en' THEN format('Lesson %s: %s', p."position" + 1, c."title")
                 ELSE format('%s강. %s', p."position" + 1, c."title") END,
            (CASE WHEN k = 2 THEN 'VIDEO' ELSE 'ARTICLE' END)::"LessonKind",
            repeat(p."paragraph" || E'\\n\\n', 5),
            '<h2>' || c."title" || E'</h2>\\n' || repeat('<p>' || p."paragraph" || E'</p>\\n', 5)
              || E'<pre><code class="language-python">import pandas as pd\\ndf = pd.read_csv("gwangju.csv")\\n</code></pre>',
            CASE WHEN k = 2 THEN 'https://www.youtube.com/watch?v=aircAruvnKk' END,
            CASE WHEN k = 2 THEN p."paragraph" END,
            8 + (p."position" * 7) % 20, NOT (m."position" = ${MODULES_PER_COURSE - 1} AND k = ${LESSONS_PER_MODULE - 1}),
            'PUBLISHED', c."createdAt", now()
     FROM "Module" m
     JOIN "Course" c ON c."id" = m."courseId"
     CROSS JOIN generate_series(0, ${LESSONS_PER_MODULE - 1}) k
     CROSS JOIN LATERAL (
       SELECT m."position" * ${LESSONS_PER_MODULE} + k AS "position",
              CASE WHEN c."language" = 'en' THEN ${sqlText(ENGLISH_PARAGRAPH)} ELSE ${sqlText(KOREAN_PARAGRAPH)} END
                AS "paragraph") p
     WHERE c."slug" LIKE 'bench-%'
     ORDER BY m."courseId", p."position"`,
  );

  await run(
    "course lesson counts",
    `UPDATE "Course" c SET "requiredLessonCount" = r."count"
     FROM (SELECT "courseId", count(*)::int AS "count" FROM "Lesson"
           WHERE "status" = 'PUBLISHED' AND "isRequired" GROUP BY "courseId") r
     WHERE r."courseId" = c."id" AND c."slug" LIKE 'bench-%'`,
  );

  // Learners enroll in open, unlimited courses with visible lessons: seeded and generated alike.
  // Lower pool positions are more popular. Lessons are numbered in the order the outline shows them;
  // `doneThrough` counts the required article and video lessons up to each one (quizzes and
  // assignments complete through attempts and grades, which the bench does not generate).
  await run(
    "enrollment pool and lesson order (temporary tables)",
    `CREATE TEMP TABLE bench_pool AS
     WITH counted AS (
       SELECT c."id", c."requiredLessonCount",
              (SELECT count(*) FROM "Lesson" l WHERE l."courseId" = c."id" AND l."status" = 'PUBLISHED'
                 AND (l."releaseAt" IS NULL OR l."releaseAt" <= now()))::int AS "lessonCount"
       FROM "Course" c
       WHERE c."status" = 'PUBLISHED' AND c."capacity" IS NULL AND c."enrollmentPolicy" = 'OPEN')
     SELECT "id" AS "courseId", "requiredLessonCount", "lessonCount",
            (row_number() OVER (ORDER BY "id") - 1)::int AS "i"
     FROM counted WHERE "lessonCount" > 0;
     CREATE TEMP TABLE bench_lesson AS
     SELECT l."courseId", l."id" AS "lessonId", l."slug", l."durationMinutes",
            l."kind" IN ('ARTICLE', 'VIDEO') AS "isCompletable",
            (row_number() OVER w)::int AS "ord",
            (count(*) FILTER (WHERE l."kind" IN ('ARTICLE', 'VIDEO') AND l."isRequired") OVER w)::int AS "doneThrough"
     FROM "Lesson" l
     JOIN "Module" m ON m."id" = l."moduleId"
     JOIN bench_pool p ON p."courseId" = l."courseId"
     WHERE l."status" = 'PUBLISHED' AND (l."releaseAt" IS NULL OR l."releaseAt" <= now())
     WINDOW w AS (PARTITION BY l."courseId" ORDER BY m."position", m."id", l."position", l."id");
     CREATE UNIQUE INDEX ON bench_lesson ("courseId", "ord");
     ANALYZE bench_pool;
     ANALYZE bench_lesson;`,
  );
  const { rows: poolRows } = await client.query<{ size: number; averageLessons: number }>(
    `SELECT count(*)::int AS "size", COALESCE(avg("lessonCount"), 0)::float8 AS "averageLessons" FROM bench_pool`,
  );
  const poolSize = poolRows[0]?.size ?? 0;
  if (poolSize === 0) throw new Error("No open course with visible lessons to enroll learners in.");
  const averageLessons = poolRows[0]?.averageLessons ?? lessonsPerCourse;

  // Each learner takes 0..2m courses (m = enrollments / learners), consecutive from a skewed start.
  // A share q of enrollments has opened every lesson, the rest a uniform part, so the progress rows
  // come to about BENCH_PROGRESS; the last lesson opened is in progress, the ones before completed.
  const coursesPerLearner = config.enrollments / config.learners;
  const viewedPerEnrollment = config.progressRows / config.enrollments;
  const half = (averageLessons - 1) / 2;
  const finishedShare = Math.min(1, Math.max(0, (viewedPerEnrollment - half) / (half + 1)));
  const partialSpan = viewedPerEnrollment >= half ? averageLessons : 2 * viewedPerEnrollment + 1;
  await run(
    "enrollment plan (temporary table)",
    `CREATE TEMP TABLE bench_enrollment AS
     WITH learners AS (
       SELECT u."id" AS "userId",
              floor(random() * ${2 * coursesPerLearner + 1})::int AS "courseCount",
              floor(${poolSize} * power(random(), 1.5))::int AS "firstCourse"
       FROM "User" u WHERE u."email" LIKE 'learner%@${BENCH_EMAIL_DOMAIN}'
       ORDER BY u."id"),
          drawn AS (
       SELECT l."userId", p."courseId", p."requiredLessonCount", p."lessonCount",
              CASE WHEN random() < ${finishedShare} THEN p."lessonCount"
                   ELSE LEAST(p."lessonCount" - 1, floor(random() * ${partialSpan})::int) END AS "viewed",
              now() - random() * interval '150 days' AS "enrolledAt", random() AS "pace", random() AS "dropDraw"
       FROM learners l
       CROSS JOIN LATERAL generate_series(0, LEAST(l."courseCount", ${poolSize}) - 1) s
       JOIN bench_pool p ON p."i" = (l."firstCourse" + s) % ${poolSize}
       UNION ALL
       SELECT u."id", p."courseId", p."requiredLessonCount", p."lessonCount",
              LEAST(p."lessonCount" - 1, 3 + p."i"), now() - interval '60 days', 0.95, 1
       FROM "User" u JOIN bench_pool p ON p."i" < ${HEAVY_LEARNER_COURSES}
       WHERE u."email" = ${sqlText(HEAVY_LEARNER_EMAIL)}),
          shaped AS (
       SELECT d.*, d."enrolledAt" + d."pace" * (now() - d."enrolledAt") AS "lastAt",
              CASE WHEN d."viewed" = d."lessonCount" THEN d."viewed" ELSE GREATEST(d."viewed" - 1, 0) END AS "completed"
       FROM drawn d)
     SELECT ${uuid} AS "id", s."userId", s."courseId", s."viewed", s."completed", s."enrolledAt", s."lastAt",
            COALESCE(done."doneThrough", 0) AS "doneCount", last."lessonId" AS "lastLessonId",
            CASE WHEN s."requiredLessonCount" = 0 THEN 0
                 ELSE (100 * COALESCE(done."doneThrough", 0)) / s."requiredLessonCount" END AS "percent",
            (CASE WHEN s."requiredLessonCount" > 0 AND COALESCE(done."doneThrough", 0) >= s."requiredLessonCount"
                    THEN 'COMPLETED'
                  WHEN s."dropDraw" < 0.02 THEN 'DROPPED'
                  ELSE 'ACTIVE' END)::"EnrollmentStatus" AS "status"
     FROM shaped s
     LEFT JOIN bench_lesson done ON done."courseId" = s."courseId" AND done."ord" = s."completed"
     LEFT JOIN bench_lesson last ON last."courseId" = s."courseId" AND last."ord" = s."viewed"
     ORDER BY s."userId", s."courseId"`,
  );

  await run(
    "enrollments",
    `INSERT INTO "Enrollment" ("id", "userId", "courseId", "status", "requestedAt", "activatedAt", "completedAt",
                               "droppedAt", "completedRequiredCount", "progressPercent", "lastActivityAt",
                               "lastLessonId", "createdAt", "updatedAt")
     SELECT e."id", e."userId", e."courseId", e."status", e."enrolledAt", e."enrolledAt",
            CASE WHEN e."status" = 'COMPLETED' THEN e."lastAt" END,
            CASE WHEN e."status" = 'DROPPED' THEN e."lastAt" + (now() - e."lastAt") / 2 END,
            e."doneCount", e."percent",
            CASE WHEN e."viewed" > 0 THEN e."lastAt" END, e."lastLessonId", e."enrolledAt", now()
     FROM bench_enrollment e
     ORDER BY e."id"`,
  );

  await run(
    "enrollment events",
    `INSERT INTO "EnrollmentEvent" ("id", "enrollmentId", "fromStatus", "toStatus", "actorId", "reason", "createdAt")
     SELECT ${uuid}, x."enrollmentId", x."fromStatus", x."toStatus", x."actorId", x."reason", x."createdAt"
     FROM (
       SELECT e."id" AS "enrollmentId", NULL::"EnrollmentStatus" AS "fromStatus",
              'ACTIVE'::"EnrollmentStatus" AS "toStatus", e."userId" AS "actorId", 'enroll' AS "reason",
              e."enrolledAt" AS "createdAt"
       FROM bench_enrollment e
       UNION ALL
       SELECT e."id", 'ACTIVE', e."status", e."userId",
              CASE WHEN e."status" = 'DROPPED' THEN 'drop' ELSE 'All required lessons completed' END,
              CASE WHEN e."status" = 'DROPPED' THEN e."lastAt" + (now() - e."lastAt") / 2 ELSE e."lastAt" END
       FROM bench_enrollment e WHERE e."status" IN ('COMPLETED', 'DROPPED')) x
     ORDER BY x."createdAt"`,
  );

  // Lesson k of n opened was last viewed k/n of the way from enrollment to the last activity. The
  // sort follows the (userId, lessonId) unique index, which keeps its inserts cheap.
  await run(
    "lesson progress",
    `INSERT INTO "LessonProgress" ("id", "userId", "lessonId", "courseId", "status", "firstViewedAt", "lastViewedAt",
                                   "completedAt", "secondsSpent")
     SELECT ${uuid}, e."userId", l."lessonId", e."courseId",
            (CASE WHEN l."ord" <= e."completed" AND l."isCompletable" THEN 'COMPLETED' ELSE 'IN_PROGRESS' END)::"ProgressStatus",
            v."viewedAt" - make_interval(secs => v."seconds"), v."viewedAt",
            CASE WHEN l."ord" <= e."completed" AND l."isCompletable" THEN v."viewedAt" END,
            v."seconds"
     FROM bench_enrollment e
     JOIN bench_lesson l ON l."courseId" = e."courseId" AND l."ord" <= e."viewed"
     CROSS JOIN LATERAL (
       SELECT e."enrolledAt" + (e."lastAt" - e."enrolledAt") * (l."ord"::float8 / e."viewed") AS "viewedAt",
              (l."durationMinutes" * 60 * (0.6 + 0.8 * random()))::int AS "seconds") v
     ORDER BY e."userId", l."lessonId"`,
  );

  // Seats are held by ACTIVE and COMPLETED enrollments; three in ten generated courses are capped a
  // little above what they hold, so the catalog shows seats left.
  await run(
    "course seat counts",
    `UPDATE "Course" c
     SET "seatsTakenCount" = s."taken",
         "capacity" = CASE WHEN c."slug" LIKE 'bench-%' AND right(c."slug", 1) IN ('0', '4', '8')
                           THEN s."taken" + 20 + s."taken" % 50 ELSE c."capacity" END
     FROM (SELECT "courseId", (count(*) FILTER (WHERE "status" IN ('ACTIVE', 'COMPLETED')))::int AS "taken"
           FROM "Enrollment" GROUP BY "courseId") s
     WHERE s."courseId" = c."id"`,
  );

  // Vacuum too, as autovacuum would soon after such inserts: it sets the visibility map that
  // index-only scans rely on, and keeps autovacuum from starting in the middle of the measurements.
  await run("VACUUM ANALYZE", "VACUUM (ANALYZE)");
  // Later statements on this connection (EXPLAIN with --explain) should plan as the app's do.
  await client.query("RESET work_mem; RESET maintenance_work_mem");

  const { rows: heavyRows } = await client.query<{ id: string; slug: string; lessonSlug: string; enrollments: number }>(
    `SELECT u."id", c."slug", next."slug" AS "lessonSlug",
            (SELECT count(*)::int FROM "Enrollment" x WHERE x."courseId" = c."id") AS "enrollments"
     FROM bench_enrollment e
     JOIN "User" u ON u."id" = e."userId"
     JOIN "Course" c ON c."id" = e."courseId"
     JOIN bench_lesson next ON next."courseId" = e."courseId" AND next."ord" = e."viewed" + 1
     WHERE u."email" = ${sqlText(HEAVY_LEARNER_EMAIL)}
     ORDER BY "enrollments" DESC, c."slug"`,
  );
  const first = heavyRows[0];
  if (!first) throw new Error("The heavy learner has no enrollments.");
  return {
    id: first.id,
    courses: heavyRows.map((row) => ({ slug: row.slug, lessonSlug: row.lessonSlug, enrollmentCount: row.enrollments })),
  };
}

async function countRows(client: pg.Client) {
  const tables = ["User", "Session", "Course", "Module", "Lesson", "Enrollment", "EnrollmentEvent", "LessonProgress"];
  const { rows } = await client.query<Record<string, number>>(
    `SELECT ${tables.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`).join(", ")}`,
  );
  const counts = rows[0] ?? {};
  const { rows: statusRows } = await client.query<{ status: string; count: number }>(
    `SELECT "status"::text, count(*)::int FROM "Enrollment" GROUP BY "status" ORDER BY "status"`,
  );
  const { rows: sizeRows } = await client.query<{ size: string }>(
    "SELECT pg_size_pretty(pg_database_size(current_database())) AS size",
  );
  return { counts, statuses: statusRows, databaseSize: sizeRows[0]?.size ?? "?" };
}

// ───────────────────────────── The app ─────────────────────────────

type RunningApp = { baseUrl: string; stop(): Promise<void> };

async function waitForHealthy(baseUrl: string, hasExited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) return false;
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Starts the production app on a free port exactly as the end-to-end setup does. */
async function startApp(databaseUrl: string): Promise<RunningApp> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  const logStream = createWriteStream(SERVER_LOG);
  const app: ChildProcess = spawn(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.pipe(logStream);
  app.stderr?.pipe(logStream);
  let hasExited = false;
  const exited = new Promise<void>((resolve) => app.once("exit", () => ((hasExited = true), resolve())));
  const stop = async () => {
    if (!hasExited) app.kill("SIGTERM");
    const killTimer = setTimeout(() => app.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(killTimer);
  };
  if (!(await waitForHealthy(baseUrl, () => hasExited, 240_000))) {
    await stop();
    throw new Error(`The app did not become healthy; its output is in ${path.relative(PROJECT_ROOT, SERVER_LOG)}.`);
  }
  return { baseUrl, stop };
}

/**
 * A session for `userId` and the Cookie header a browser would send with it. The session module
 * opens the app's database client from DATABASE_URL when imported, so it is imported only now.
 */
async function createLearnerCookie(
  db: Database,
  { databaseUrl, appUrl, userId }: { databaseUrl: string; appUrl: string; userId: string },
): Promise<string> {
  process.env.DATABASE_URL = databaseUrl;
  const { createUserSession } = await import("../tests/factories/auth");
  const { serializeSessionCookie, renewedExpiry } = await import("../app/auth/session.server");
  const { token } = await createUserSession(db, { userId, isTwoFactorVerified: true });
  // The app is served over plain HTTP here, so its cookie is the plain one.
  const setCookie = await serializeSessionCookie({
    request: new Request(appUrl),
    token,
    expiresAt: renewedExpiry(new Date()),
  });
  return setCookie.split(";")[0] ?? "";
}

// ───────────────────────────── Load and SQL counts ─────────────────────────────

function headersFor(route: BenchRoute, cookie: string): Record<string, string> {
  return route.isSignedIn ? { ...HEADERS, cookie } : { ...HEADERS };
}

/** One request per path; every one must answer 200 before any load is put on it. */
async function checkRoutes(baseUrl: string, routes: BenchRoute[], cookie: string) {
  const failures: string[] = [];
  for (const route of routes) {
    for (const routePath of route.paths) {
      const response = await fetch(`${baseUrl}${routePath}`, {
        headers: headersFor(route, cookie),
        redirect: "manual",
      });
      const body = await response.text();
      if (response.status !== 200) {
        failures.push(`${route.name} ${routePath}: ${response.status} ${body.replace(/\s+/g, " ").slice(0, 200)}`);
      }
    }
  }
  return failures;
}

async function loadRoute(baseUrl: string, route: BenchRoute, cookie: string, config: BenchConfig) {
  const requests = route.paths.map((routePath) => ({
    method: "GET" as const,
    path: routePath,
    headers: headersFor(route, cookie),
  }));
  let nextClient = 0;
  const options = (duration: number, connections = config.connections): autocannon.Options => ({
    url: baseUrl,
    connections,
    duration,
    // Connection i keeps requesting path i mod n, so several paths share the load evenly.
    setupClient: (client) => client.setRequests([requests[nextClient++ % requests.length]!]),
  });
  if (config.warmupSeconds > 0) await autocannon(options(config.warmupSeconds));
  const result = await autocannon(options(config.durationSeconds));
  const alone = config.aloneSeconds > 0 ? await autocannon(options(config.aloneSeconds, 1)) : null;
  return {
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    aloneP50: alone?.latency.p50 ?? null,
    kilobytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total / 1024 : 0,
    non2xx: result.non2xx + (alone?.non2xx ?? 0),
    errors: result.errors + (alone?.errors ?? 0),
  } satisfies LoadResult;
}

/** A statement as the server logged it; `params` are the values of $1, $2, … as text. */
type LogEntry = { pid: string; kind: string; durationMs: number; sql: string; params: (string | null)[] };

/**
 * Entries written by log_min_duration_statement = 0: parse, bind, execute or a simple statement,
 * each with the parameters of the DETAIL line the server writes after it.
 */
function parseStatementLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  // Each entry starts with the default log_line_prefix, "<timestamp> [<pid>] "; SQL may span lines.
  for (const entry of text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/)) {
    const pid = /^\S+ \S+ \S+ \[(\d+)\]/.exec(entry)?.[1] ?? "";
    const statement = /LOG: {2}duration: ([\d.]+) ms {2}(statement|parse|bind|execute)[^:]*: ([\s\S]*)$/.exec(entry);
    if (statement?.[1] && statement[2] && statement[3] !== undefined) {
      const sql = statement[3].trim();
      entries.push({ pid, kind: statement[2], durationMs: Number(statement[1]), sql, params: [] });
      continue;
    }
    const detail = /DETAIL: {2}Parameters: ([\s\S]*)$/.exec(entry);
    const owner = entries.findLast((candidate) => candidate.pid === pid);
    if (detail?.[1] && owner) {
      owner.params = [...detail[1].matchAll(/\$\d+ = (NULL|'((?:[^']|'')*)')/g)].map((match) =>
        match[1] === "NULL" ? null : (match[2] ?? "").replaceAll("''", "'"),
      );
    }
  }
  return entries;
}

function oneLine(sql: string, length: number) {
  const text = sql.replace(/\s+/g, " ");
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function readFrom(file: string, offset: number) {
  const size = statSync(file).size;
  if (size <= offset) return "";
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The SQL one request of each page runs, read from the server log with log_min_duration_statement
 * = 0 (ALTER SYSTEM plus a reload reaches the app's open connections; pg_stat_statements would
 * need shared_preload_libraries). Only on the throwaway cluster, whose log file we can read.
 */
async function countStatements(
  client: pg.Client,
  baseUrl: string,
  routes: BenchRoute[],
  cookie: string,
): Promise<Map<string, StatementCount> | string> {
  const { rows } = await client.query<{ dataDirectory: string }>(
    `SELECT current_setting('data_directory') AS "dataDirectory"`,
  );
  const logFile = `${rows[0]?.dataDirectory ?? ""}.log`;
  if (!existsSync(logFile)) return "the server log is not readable here";
  await client.query("ALTER SYSTEM SET log_min_duration_statement = 0");
  await client.query("SELECT pg_reload_conf()");
  await sleep(500);
  const counts = new Map<string, StatementCount>();
  try {
    for (const route of routes) {
      let best: StatementCount | undefined;
      for (let sample = 0; sample < COUNT_SAMPLES; sample++) {
        const offset = statSync(logFile).size;
        const response = await fetch(`${baseUrl}${route.paths[0]}`, { headers: headersFor(route, cookie) });
        await response.text();
        await sleep(200);
        // The mail worker polls its outbox every 2 s on the same pool; its statements are not the page's.
        const entries = parseStatementLog(readFrom(logFile, offset)).filter(
          (entry) => !entry.sql.includes('"EmailOutbox"'),
        );
        const executed = entries.filter((entry) => entry.kind === "execute" || entry.kind === "statement");
        const count: StatementCount = {
          statements: executed.length,
          databaseMs: entries.reduce((sum, entry) => sum + entry.durationMs, 0),
          executed,
        };
        if (!best || count.statements < best.statements) best = count;
      }
      if (best) counts.set(route.name, best);
    }
  } finally {
    await client.query("ALTER SYSTEM RESET log_min_duration_statement");
    await client.query("SELECT pg_reload_conf()");
  }
  return counts;
}

function slowestOf(count: StatementCount): LogEntry | undefined {
  return count.executed.reduce<LogEntry | undefined>(
    (max, entry) => (max && max.durationMs >= entry.durationMs ? max : entry),
    undefined,
  );
}

/** `--explain`: each page's statements, and EXPLAIN ANALYZE of its slowest one (rolled back). */
async function explainSlowestStatements(client: pg.Client, counts: Map<string, StatementCount>) {
  for (const [name, count] of counts) {
    console.log(`\n── ${name}: ${count.statements} statements, ${count.databaseMs.toFixed(2)} ms in the database`);
    for (const entry of count.executed)
      console.log(`   ${entry.durationMs.toFixed(3).padStart(8)} ms  ${oneLine(entry.sql, 150)}`);
    const slowest = slowestOf(count);
    if (!slowest || !/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(slowest.sql)) continue;
    console.log(`   EXPLAIN (ANALYZE, BUFFERS) of the slowest (${slowest.durationMs.toFixed(3)} ms):`);
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`,
        slowest.params,
      );
      for (const row of rows) console.log(`     ${row["QUERY PLAN"]}`);
    } catch (error) {
      console.log(`     (could not explain: ${error instanceof Error ? error.message : String(error)})`);
    } finally {
      await client.query("ROLLBACK");
    }
  }
}

// ───────────────────────────── Report ─────────────────────────────

function printTable(headers: string[], rows: string[][], rightAligned: Set<number>) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(" | ")} |`;
  console.log(line(headers));
  console.log(
    `|${widths.map((width, i) => (rightAligned.has(i) ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`,
  );
  for (const row of rows) console.log(line(row));
}

function printResults(results: LoadResult[], counts: Map<string, StatementCount> | string) {
  const countOf = (name: string) => (typeof counts === "string" ? undefined : counts.get(name));
  console.log("");
  printTable(
    ["page", "path", "as", "req/s", "p50 ms", "p90 ms", "p99 ms", "alone p50", "kB", "non-2xx", "SQL", "DB ms"],
    results.map(({ route, ...result }) => {
      const count = countOf(route.name);
      return [
        route.name,
        route.paths.length > 1 ? `${route.paths[0]} (+${route.paths.length - 1})` : (route.paths[0] ?? ""),
        route.isSignedIn ? "learner" : "visitor",
        result.requestsPerSecond.toFixed(0),
        String(result.p50),
        String(result.p90),
        String(result.p99),
        result.aloneP50 === null ? "-" : String(result.aloneP50),
        result.kilobytesPerResponse.toFixed(1),
        String(result.non2xx + result.errors),
        count ? String(count.statements) : "-",
        count ? count.databaseMs.toFixed(1) : "-",
      ];
    }),
    new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]),
  );
  if (typeof counts === "string") {
    console.log(`\nSQL statements were not counted: ${counts}.`);
    return;
  }
  console.log("\nSlowest statement of one request, per page:");
  for (const { route } of results) {
    const count = countOf(route.name);
    const slowest = count && slowestOf(count);
    if (slowest) console.log(`  ${route.name}: ${slowest.durationMs.toFixed(2)} ms  ${oneLine(slowest.sql, 140)}`);
  }
}

// ───────────────────────────── Main ─────────────────────────────

async function main() {
  const config = readConfig();
  // Without DATABASE_URL the bench owns a throwaway cluster, whose log it may read and reconfigure.
  const isThrowawayCluster = !process.env.DATABASE_URL;
  const startedAt = performance.now();
  const cleanups: (() => Promise<void>)[] = [];
  let isCleaningUp = false;
  const cleanUp = async () => {
    if (isCleaningUp) return;
    isCleaningUp = true;
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error("[bench] clean-up step failed:", error));
    }
  };
  let onStopRequest = (signal: NodeJS.Signals) => {
    log(`${signal} received: stopping…`);
    void cleanUp().finally(() => process.exit(130));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, (received) => onStopRequest(received));

  try {
    log(
      `${config.isQuick ? "Quick run" : "Full run"}: ${config.learners.toLocaleString("en")} learners, ` +
        `${config.courses} extra courses, ~${config.enrollments.toLocaleString("en")} enrollments, ` +
        `~${config.progressRows.toLocaleString("en")} progress rows; ${config.connections} connections, ` +
        `${config.durationSeconds} s per page.`,
    );
    const server = await timed("PostgreSQL started", () => startTestPostgresServer("bench"));
    cleanups.push(() => server.stop());
    const database = `bitgoeul_bench_${process.pid}`;
    await createDatabase(server.adminUrl, database);
    cleanups.push(() => dropDatabase(server.adminUrl, database));
    const databaseUrl = server.urlFor(database);
    await timed("Migrations applied", () => applyMigrations({ connectionString: databaseUrl, log: () => {} }));
    const db = createPrismaClient(databaseUrl);
    cleanups.push(() => db.$disconnect());
    await timed("Demo seed loaded", () => seedDemoData({ db, passwords: generateDemoPasswords(), log: () => {} }));

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    cleanups.push(() => client.end());
    log("Generating city-scale data:");
    const generationStartedAt = performance.now();
    const heavyLearner = await generateCityData(client, config);
    const generationMs = performance.now() - generationStartedAt;
    const { counts, statuses, databaseSize } = await countRows(client);
    log(`Generation took ${formatSeconds(generationMs)}. Rows now in the database (${databaseSize}):`);
    for (const [table, count] of Object.entries(counts)) log(`  ${table.padEnd(16)} ${count.toLocaleString("en")}`);
    log(
      `  enrollments by status: ${statuses.map((row) => `${row.status} ${row.count.toLocaleString("en")}`).join(", ")}`,
    );

    const app = await timed("App built and healthy", () => startApp(databaseUrl));
    cleanups.push(() => app.stop());
    const cookie = await createLearnerCookie(db, { databaseUrl, appUrl: app.baseUrl, userId: heavyLearner.id });
    cleanups.push(async () => {
      await disconnectAppPrismaClient();
    });

    const [busiestCourse] = heavyLearner.courses;
    if (!busiestCourse) throw new Error("The heavy learner has no course.");
    log(
      `Heavy learner takes ${heavyLearner.courses.length} courses; the course page is ${busiestCourse.slug} ` +
        `(${busiestCourse.enrollmentCount.toLocaleString("en")} enrollments).`,
    );
    // The lesson page records a view, which locks the learner's enrollment in that course: each
    // connection opens a lesson of a different course, as tabs would, rather than queue on one lock.
    const routes: BenchRoute[] = [
      { name: "home", paths: ["/"], isSignedIn: false },
      { name: "catalog", paths: ["/courses"], isSignedIn: false },
      { name: "catalog search", paths: [`/courses?q=${encodeURIComponent(KOREAN_SEARCH_WORD)}`], isSignedIn: false },
      { name: "catalog search + level", paths: ["/courses?q=deep&level=INTERMEDIATE"], isSignedIn: false },
      { name: "course page", paths: [`/courses/${busiestCourse.slug}`], isSignedIn: true },
      {
        name: "lesson page",
        paths: heavyLearner.courses.map((course) => `/courses/${course.slug}/lessons/${course.lessonSlug}`),
        isSignedIn: true,
      },
      { name: "dashboard", paths: ["/learn"], isSignedIn: true },
      { name: "healthz", paths: ["/healthz"], isSignedIn: false },
    ];
    const failures = await checkRoutes(app.baseUrl, routes, cookie);
    if (failures.length > 0) {
      throw new Error(`Pages did not answer 200 before the load:\n  ${failures.join("\n  ")}`);
    }

    const results: LoadResult[] = [];
    for (const route of routes) {
      const result = await timed(`Loaded ${route.name}`, () => loadRoute(app.baseUrl, route, cookie, config));
      results.push(result);
    }
    const statementCounts = !isThrowawayCluster
      ? "DATABASE_URL points at a server whose log and settings this bench leaves alone"
      : await timed("SQL counted", () => countStatements(client, app.baseUrl, routes, cookie));
    printResults(results, statementCounts);
    if (config.isExplaining && typeof statementCounts !== "string") {
      await explainSlowestStatements(client, statementCounts);
    }

    const broken = results.filter((result) => result.non2xx + result.errors > 0);
    console.log("");
    log(`Total time ${formatSeconds(performance.now() - startedAt)} (data generation ${formatSeconds(generationMs)}).`);
    if (broken.length > 0) {
      log(`FAILED: ${broken.map((result) => result.route.name).join(", ")} answered non-2xx or failed.`);
      process.exitCode = 1;
    }
    if (config.isKeeping) {
      log(`Kept running: the app at ${app.baseUrl}, the database at ${databaseUrl}`);
      log(`The learner's Cookie header: ${cookie}`);
      log("Ctrl-C stops both.");
      await new Promise<void>((resolve) => (onStopRequest = () => resolve()));
      log("Stopping…");
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
