// City-scale data on top of the demo seed: learners, sessions, courses, lessons, enrollments and
// lesson progress, each table written by one set-based INSERT … SELECT (docs/performance.md, "What it
// generates").
import type pg from "pg";
import type { BenchConfig } from "./config";
import { timed } from "./log";

const BENCH_EMAIL_DOMAIN = "bench.bitgoeul.example";
const HEAVY_LEARNER_EMAIL = `heavy.learner@${BENCH_EMAIL_DOMAIN}`;
const HEAVY_LEARNER_COURSES = 10;
const MODULES_PER_COURSE = 3;
const LESSONS_PER_MODULE = 5;

export type HeavyLearner = {
  id: string;
  /** Courses the learner takes, most enrollments first, each with the next lesson to open. */
  courses: { slug: string; lessonSlug: string; enrollmentCount: number }[];
};

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
export async function generateCityData(client: pg.Client, config: BenchConfig): Promise<HeavyLearner> {
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

  await generateCohorts(client, config, uuid, run);

  // Learners enroll in open, unlimited courses with visible lessons: seeded and generated alike.
  // Lower pool positions are more popular. Lessons are numbered in the order the outline shows them;
  // `doneThrough` counts the required article and video lessons up to each one (quizzes and
  // assignments complete through attempts and grades, which the bench does not generate).
  await run(
    "enrollment pool and lesson order (temporary tables)",
    `CREATE TEMP TABLE bench_pool AS
     WITH counted AS (
       SELECT c."id", c."requiredLessonCount", ${STUDIO_COURSE_SQL} AS "isStudio",
              (SELECT count(*) FROM "Lesson" l WHERE l."courseId" = c."id" AND l."status" = 'PUBLISHED'
                 AND (l."releaseAt" IS NULL OR l."releaseAt" <= now()))::int AS "lessonCount"
       FROM "Course" c
       WHERE c."status" = 'PUBLISHED' AND c."capacity" IS NULL AND c."enrollmentPolicy" = 'OPEN')
     SELECT "id" AS "courseId", "requiredLessonCount", "lessonCount", "isStudio",
            CASE WHEN NOT "isStudio" THEN (row_number() OVER (ORDER BY "isStudio", "id") - 1)::int END AS "i"
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
    `SELECT count("i")::int AS "size", COALESCE(avg("lessonCount"), 0)::float8 AS "averageLessons" FROM bench_pool`,
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
              now() - random() * interval '150 days' AS "enrolledAt", random() AS "pace", random() AS "dropDraw",
              NULL::uuid AS "cohortId"
       FROM learners l
       CROSS JOIN LATERAL generate_series(0, LEAST(l."courseCount", ${poolSize}) - 1) s
       JOIN bench_pool p ON p."i" = (l."firstCourse" + s) % ${poolSize}
       UNION ALL
       SELECT u."id", p."courseId", p."requiredLessonCount", p."lessonCount",
              LEAST(p."lessonCount" - 1, 3 + p."i"), now() - interval '60 days', 0.95, 1, NULL
       FROM "User" u JOIN bench_pool p ON p."i" < ${HEAVY_LEARNER_COURSES}
       WHERE u."email" = ${sqlText(HEAVY_LEARNER_EMAIL)}
       UNION ALL
       -- Cohort members take every course assigned to their cohort, enrolled when it started. In the
       -- studio's course every one of them is still ACTIVE, part-way through (never all required lessons).
       SELECT m."userId", p."courseId", p."requiredLessonCount", p."lessonCount",
              CASE WHEN p."isStudio" THEN floor(random() * p."lessonCount")::int
                   WHEN random() < ${finishedShare} THEN p."lessonCount"
                   ELSE LEAST(p."lessonCount" - 1, floor(random() * ${partialSpan})::int) END,
              cc."startsOn" + random() * interval '2 days', random(),
              CASE WHEN p."isStudio" THEN 1 ELSE random() END, m."cohortId"
       FROM "CohortMember" m
       JOIN "Cohort" co ON co."id" = m."cohortId" AND co."slug" LIKE 'bench-cohort-%'
       JOIN "CohortCourse" cc ON cc."cohortId" = m."cohortId"
       JOIN bench_pool p ON p."courseId" = cc."courseId"
       WHERE m."role" = 'LEARNER'),
          -- A member whose random draw already holds an assigned course keeps the cohort's enrollment.
          deduplicated AS (
       SELECT DISTINCT ON ("userId", "courseId") * FROM drawn ORDER BY "userId", "courseId", "cohortId" NULLS LAST),
          shaped AS (
       SELECT d.*, d."enrolledAt" + d."pace" * (now() - d."enrolledAt") AS "lastAt",
              CASE WHEN d."viewed" = d."lessonCount" THEN d."viewed" ELSE GREATEST(d."viewed" - 1, 0) END AS "completed"
       FROM deduplicated d)
     SELECT ${uuid} AS "id", s."userId", s."courseId", s."cohortId", s."viewed", s."completed", s."enrolledAt", s."lastAt",
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
    `INSERT INTO "Enrollment" ("id", "userId", "courseId", "cohortId", "status", "requestedAt", "activatedAt",
                               "completedAt", "droppedAt", "completedRequiredCount", "progressPercent",
                               "lastActivityAt", "lastLessonId", "createdAt", "updatedAt")
     SELECT e."id", e."userId", e."courseId", e."cohortId", e."status", e."enrolledAt", e."enrolledAt",
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

/** Generated course n (1, 2, …) by its slug, `bench-<code>-<n>`. */
export function benchCourseSql(n: number, alias = "c") {
  return `(${alias}."slug" LIKE 'bench-%' AND split_part(${alias}."slug", '-', 3) = '${n}')`;
}
/**
 * The studio's pages are measured on generated course 1, taken by exactly the smaller cohort's
 * members and nobody else (it is left out of the random draw).
 */
const STUDIO_COURSE_SQL = benchCourseSql(1);
export const COHORT_SLUGS = ["bench-cohort-small", "bench-cohort-large"] as const;
/** Courses each cohort is assigned, by generated course number; the first of the small one is the studio's. */
const COHORT_COURSES = [
  [1, 6, 7, 8],
  [2, 3, 4, 5],
] as const;
/** The cohorts started this many days ago; their assigned courses start two weeks apart and run six weeks. */
const COHORT_DAYS_SO_FAR = 63;

/**
 * Two academy cohorts, of config.cohortSizes members (consecutive generated learners) and two
 * mentors each, four assigned courses with due dates (two already past), a class day every weekday
 * since they started and an attendance record per member and class day (one member in ten is often
 * absent). Their enrollments are drawn with everyone else's, in the enrollment plan.
 */
async function generateCohorts(
  client: pg.Client,
  config: BenchConfig,
  uuid: string,
  run: (label: string, sql: string) => Promise<unknown>,
) {
  const [small, large] = config.cohortSizes;
  await run(
    `cohorts of ${small.toLocaleString("en")} and ${large.toLocaleString("en")} learners`,
    `WITH academy AS (SELECT "id" FROM "Program" WHERE "kind" = 'ACADEMY' ORDER BY "position", "id" LIMIT 1)
     INSERT INTO "Cohort" ("id", "programId", "slug", "name", "description", "startsOn", "endsOn", "createdAt", "updatedAt")
     SELECT ${uuid}, academy."id", x."slug", x."name", '광주 AI 부트캠프 벤치마크 기수', current_date - ${COHORT_DAYS_SO_FAR},
            current_date + 100, now() - interval '${COHORT_DAYS_SO_FAR + 7} days', now()
     FROM academy, (VALUES (${sqlText(COHORT_SLUGS[0])}, ${sqlText(`AI 부트캠프 ${small}명 반`)}),
                           (${sqlText(COHORT_SLUGS[1])}, ${sqlText(`AI 부트캠프 ${large}명 반`)})) x("slug", "name")`,
  );
  await run(
    "cohort members and mentors",
    `WITH numbered AS (
       SELECT u."id", substring(u."email" FROM 8 FOR 6)::int AS "g"
       FROM "User" u WHERE u."email" LIKE 'learner%@${BENCH_EMAIL_DOMAIN}'),
          mentors AS (
       SELECT u."id", (row_number() OVER (ORDER BY u."email"))::int AS "g"
       FROM "User" u WHERE u."email" LIKE 'instructor%@${BENCH_EMAIL_DOMAIN}')
     INSERT INTO "CohortMember" ("id", "cohortId", "userId", "role", "joinedAt")
     SELECT ${uuid}, co."id", n."id", 'LEARNER'::"CohortMemberRole", co."startsOn" - interval '3 days'
     FROM numbered n
     JOIN "Cohort" co ON co."slug" = CASE WHEN n."g" <= ${small} THEN ${sqlText(COHORT_SLUGS[0])} ELSE ${sqlText(COHORT_SLUGS[1])} END
     WHERE n."g" <= ${small + large}
     UNION ALL
     SELECT ${uuid}, co."id", m."id", 'MENTOR', co."startsOn" - interval '7 days'
     FROM mentors m
     JOIN "Cohort" co ON co."slug" = CASE WHEN m."g" <= 2 THEN ${sqlText(COHORT_SLUGS[0])} ELSE ${sqlText(COHORT_SLUGS[1])} END
     WHERE m."g" <= 4`,
  );
  const assigned = COHORT_COURSES.flatMap((numbers, c) =>
    numbers.map((n, k) => `(${sqlText(COHORT_SLUGS[c]!)}, '${n}', ${k})`),
  ).join(", ");
  await run(
    "cohort courses",
    `INSERT INTO "CohortCourse" ("id", "cohortId", "courseId", "startsOn", "dueOn")
     SELECT ${uuid}, co."id", c."id", co."startsOn" + 14 * x."k", co."startsOn" + 14 * x."k" + 42
     FROM (VALUES ${assigned}) x("slug", "n", "k")
     JOIN "Cohort" co ON co."slug" = x."slug"
     JOIN "Course" c ON c."slug" LIKE 'bench-%' AND split_part(c."slug", '-', 3) = x."n"`,
  );
  await run(
    "class days",
    `INSERT INTO "ClassDay" ("id", "cohortId", "date", "note", "createdAt")
     SELECT ${uuid}, co."id", g."day"::date, '', g."day"
     FROM "Cohort" co CROSS JOIN generate_series(co."startsOn", current_date - 1, interval '1 day') AS g("day")
     WHERE co."slug" LIKE 'bench-cohort-%' AND extract(isodow FROM g."day") < 6
     ORDER BY co."id", g."day"`,
  );
  await run(
    "attendance records",
    `INSERT INTO "AttendanceRecord" ("id", "classDayId", "cohortId", "userId", "status", "reason", "checkedInAt",
                                     "createdAt", "updatedAt")
     SELECT ${uuid}, cd."id", cd."cohortId", m."userId", s."status",
            CASE WHEN s."status" = 'EXCUSED' THEN '병원 진료' END,
            CASE WHEN s."status" IN ('PRESENT', 'LATE', 'LEFT_EARLY') THEN cd."date" + interval '9 hours' END,
            cd."date" + interval '9 hours', cd."date" + interval '9 hours'
     FROM "ClassDay" cd
     JOIN "Cohort" co ON co."id" = cd."cohortId" AND co."slug" LIKE 'bench-cohort-%'
     JOIN "CohortMember" m ON m."cohortId" = cd."cohortId" AND m."role" = 'LEARNER'
     CROSS JOIN LATERAL (
       SELECT abs(hashtext(m."userId"::text || cd."date"::text)) % 100 AS "r",
              abs(hashtext(m."userId"::text)) % 10 = 0 AS "isOftenAbsent") h
     CROSS JOIN LATERAL (
       SELECT (CASE WHEN h."isOftenAbsent" AND h."r" < 35 THEN 'ABSENT'
                    WHEN h."r" < 4 THEN 'ABSENT' WHEN h."r" < 9 THEN 'LATE' WHEN h."r" < 11 THEN 'LEFT_EARLY'
                    WHEN h."r" < 13 THEN 'EXCUSED' ELSE 'PRESENT' END)::"AttendanceStatus" AS "status") s
     ORDER BY cd."id", m."userId"`,
  );
}

export async function countRows(client: pg.Client) {
  const tables = [
    "User",
    "Session",
    "Course",
    "Module",
    "Lesson",
    "Enrollment",
    "EnrollmentEvent",
    "LessonProgress",
    "CohortMember",
    "ClassDay",
    "AttendanceRecord",
    "QuizAttempt",
    "Submission",
  ];
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
