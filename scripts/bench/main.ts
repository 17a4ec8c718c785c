// `npm run bench`: how fast the main pages are at the scale of a city. It starts a throwaway
// PostgreSQL (or uses the server at DATABASE_URL), loads the demo seed, adds tens of thousands of
// learners, millions of progress rows, two cohorts (500 and 2,000 members) and a 500-learner studio
// course with set-based SQL, starts the production app exactly as the end-to-end setup does, loads
// each page with autocannon next to two baselines (/healthz and a bare node:http server answering the
// lesson page's bytes), counts the SQL each page runs, then loads two writes (mark-complete, quiz
// submit) and checks every acknowledged one in the database. It prints the table and issue 13's
// budgets and writes bench/results.json. See docs/performance.md.
//
//   npm run bench                   full size (30,000 learners, ~1.5 million progress rows)
//   npm run bench -- --quick        a small run to check the bench itself
//   npm run bench -- --scale 100000 N learners, the other sizes in the full run's proportions
//   npm run bench -- --explain      also each page's SQL and EXPLAIN ANALYZE of its slowest statement
//   npm run bench -- --keep         keep the app and the database running afterwards, until Ctrl-C
//
// Sizes and load are set with BENCH_LEARNERS, BENCH_COURSES, BENCH_ENROLLMENTS, BENCH_PROGRESS,
// BENCH_CONNECTIONS, and in seconds BENCH_DURATION, BENCH_WARMUP and BENCH_ALONE_DURATION (the
// single-connection run; 0 skips it). It exits 1 when any page answers anything but 2xx or a write
// is lost, doubled or refused, so a broken page cannot look fast; a missed budget is only reported.
//
// Its sections: config.ts (sizes and flags), city-data.ts and grading-data.ts (the generated rows),
// ../app-process.ts and session-cookie.ts (the app and its signed-in viewers), baselines.ts and
// bare-server.ts (the bare server, the JavaScript size), load.ts, writes.ts and sql-counts.ts (the
// measurements), report.ts (the tables, budgets and results.json).
import path from "node:path";
import pg from "pg";
import { createPrismaClient, disconnectAppPrismaClient } from "../../app/lib/prisma-client.server";
import { generateDemoPasswords } from "../../prisma/demo-passwords";
import { seedDemoData } from "../../prisma/seed";
import { applyMigrations } from "../../prisma/tools/migrate";
import { startAppProcess } from "../app-process";
import { createDatabase, dropDatabase, startThrowawayPostgres } from "../throwaway-postgres";
import { measureJavascript, startBareServer } from "./baselines";
import { benchCourseSql, COHORT_SLUGS, countRows, generateCityData } from "./city-data";
import { generateGradingData } from "./grading-data";
import { readConfig } from "./config";
import { createSessionCookie } from "./session-cookie";
import { checkRoutes, headersFor, loadRoute, type BenchCookies, type BenchRoute, type LoadResult } from "./load";
import { formatSeconds, log, timed } from "./log";
import {
  checkBudgets,
  pageFigures,
  printBudgets,
  printJavascript,
  printResults,
  printWrites,
  RESULTS_FILE,
  writeResultsFile,
} from "./report";
import { countStatements, explainSlowestStatements } from "./sql-counts";
import { benchMarkComplete, benchQuizSubmit, type WriteResult } from "./writes";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_LOG = path.join(PROJECT_ROOT, ".data/bench-server.log");
/** A Korean word the seed's courses use, so the search has real matches among the bench courses too. */
const KOREAN_SEARCH_WORD = "머신러닝";

async function main() {
  const config = readConfig();
  // Without DATABASE_URL the bench owns a throwaway cluster, whose log it may read and reconfigure.
  const isThrowawayCluster = !process.env.DATABASE_URL;
  const startedAt = performance.now();
  const runAt = new Date();
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
    const server = await timed("PostgreSQL started", () => startThrowawayPostgres("bench"));
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

    const app = await timed("App built and healthy", () => startAppProcess({ databaseUrl, logFile: SERVER_LOG }));
    cleanups.push(() => app.stop());
    cleanups.push(async () => {
      await disconnectAppPrismaClient();
    });
    const [busiestCourse] = heavyLearner.courses;
    if (!busiestCourse) throw new Error("The heavy learner has no course.");
    // The studio is measured on generated course 1, which exactly the smaller cohort takes, as its
    // lead instructor sees it; the larger cohort's first course gets a quiz and an assignment too.
    const studio = await findGeneratedCourse(client, 1);
    log(`Generating quizzes, assignments and a gradebook on the studio's course (${studio.slug}):`);
    const grading = await generateGradingData(client, studio);
    const largeCohortCourse = await findGeneratedCourse(client, 2);
    log(`Generating the same on the larger cohort's first course (${largeCohortCourse.slug}):`);
    await generateGradingData(client, largeCohortCourse);
    const [smallCohort, largeCohort] = await Promise.all(COHORT_SLUGS.map((slug) => findCohort(client, slug)));
    if (!smallCohort || !largeCohort) throw new Error("The bench cohorts were not generated.");
    const cookies: BenchCookies = {
      learner: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: heavyLearner.id }),
      member: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: smallCohort.firstLearnerId }),
      instructor: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: studio.instructorId }),
      admin: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: await findAdminId(client) }),
    };
    log(
      `Heavy learner takes ${heavyLearner.courses.length} courses; the course page is ${busiestCourse.slug} ` +
        `(${busiestCourse.enrollmentCount.toLocaleString("en")} enrollments); the studio's course has ` +
        `${studio.learnerCount.toLocaleString("en")} learners (${studio.activeCount.toLocaleString("en")} active).`,
    );
    const classDayId = await findLatestClassDayId(client, smallCohort.id);
    const certificateCode = await findCertificateCode(client);
    const lessonPaths = heavyLearner.courses.map((course) => `/courses/${course.slug}/lessons/${course.lessonSlug}`);
    const bare = await startBareServer(
      `${app.baseUrl}${lessonPaths[0]}`,
      headersFor({ name: "", paths: [], as: "learner" }, cookies),
    );
    cleanups.push(() => bare.stop());
    log(
      `Bare server at ${bare.baseUrl}: the lesson page's ${bare.bytes.toLocaleString("en")} bytes (${JSON.stringify(bare.headers)}).`,
    );
    const lessonHtml = await (
      await fetch(`${app.baseUrl}${lessonPaths[0]}`, {
        headers: headersFor({ name: "", paths: [], as: "learner" }, cookies),
      })
    ).text();
    const javascript = measureJavascript(lessonHtml);
    const small = smallCohort.memberCount.toLocaleString("en");
    const large = largeCohort.memberCount.toLocaleString("en");
    const sqlBoundPages = ["studio progress", "gradebook", `cohort dashboard (${large})`];
    // The lesson page records a view, which locks the learner's enrollment in that course: each
    // connection opens a lesson of a different course, as tabs would, rather than queue on one lock.
    const routes: BenchRoute[] = [
      { name: "healthz", paths: ["/healthz"], as: "visitor" },
      { name: "bare server", paths: ["/"], as: "learner", baseUrl: bare.baseUrl },
      { name: "home", paths: ["/"], as: "visitor" },
      { name: "catalog", paths: ["/courses"], as: "visitor" },
      { name: "catalog search", paths: [`/courses?q=${encodeURIComponent(KOREAN_SEARCH_WORD)}`], as: "visitor" },
      { name: "catalog search + level", paths: ["/courses?q=deep&level=INTERMEDIATE"], as: "visitor" },
      { name: "course page", paths: [`/courses/${busiestCourse.slug}`], as: "learner" },
      { name: "lesson page", paths: lessonPaths, as: "learner" },
      { name: "dashboard", paths: ["/learn"], as: "learner" },
      { name: "studio", paths: ["/teach"], as: "instructor" },
      { name: "studio details", paths: [`/teach/${studio.courseId}`], as: "instructor" },
      { name: "studio outline", paths: [`/teach/${studio.courseId}/outline`], as: "instructor" },
      { name: "studio lesson", paths: [`/teach/${studio.courseId}/lessons/${studio.lessonId}`], as: "instructor" },
      { name: "studio learners", paths: [`/teach/${studio.courseId}/learners`], as: "instructor" },
      { name: "studio progress", paths: [`/teach/${studio.courseId}/progress`], as: "instructor" },
      { name: "grading queue", paths: [`/teach/${studio.courseId}/grading`], as: "instructor" },
      {
        name: "grading a submission",
        paths: [`/teach/${studio.courseId}/grading/${grading.submissionId}`],
        as: "instructor",
      },
      { name: "gradebook", paths: [`/teach/${studio.courseId}/gradebook`], as: "instructor" },
      { name: "final grades", paths: [`/teach/${studio.courseId}/final-grades`], as: "instructor" },
      {
        name: "quiz results",
        paths: [`/teach/${studio.courseId}/lessons/${grading.quizLessonId}/results`],
        as: "instructor",
      },
      { name: "course at-risk", paths: [`/teach/${studio.courseId}/at-risk`], as: "instructor" },
      { name: "quiz lesson", paths: [`/courses/${studio.slug}/lessons/bench-quiz`], as: "member" },
      { name: "my grades", paths: [`/courses/${studio.slug}/grades`], as: "member" },
      { name: "admin overview", paths: ["/admin"], as: "admin" },
      { name: "audit log", paths: ["/admin/audit"], as: "admin" },
      { name: "cohorts", paths: ["/admin/cohorts"], as: "admin" },
      { name: `cohort (${small})`, paths: [`/admin/cohorts/${smallCohort.id}`], as: "admin" },
      { name: `cohort dashboard (${small})`, paths: [`/admin/cohorts/${smallCohort.id}/dashboard`], as: "admin" },
      { name: `cohort dashboard (${large})`, paths: [`/admin/cohorts/${largeCohort.id}/dashboard`], as: "admin" },
      { name: `cohort at-risk (${large})`, paths: [`/admin/cohorts/${largeCohort.id}/at-risk`], as: "admin" },
      {
        name: `cohort at-risk CSV (${large})`,
        paths: [`/admin/cohorts/${largeCohort.id}/at-risk/export?format=csv`],
        as: "admin",
      },
      {
        name: `cohort matrix CSV (${large})`,
        paths: [`/admin/cohorts/${largeCohort.id}/reports/matrix?format=csv`],
        as: "admin",
      },
      // The cohort's other pages are measured on the smaller cohort, as the demo seed's cohort was before.
      { name: `cohort attendance (${small})`, paths: [`/cohorts/${smallCohort.id}/attendance`], as: "admin" },
      {
        name: `attendance roster (${small})`,
        paths: [`/cohorts/${smallCohort.id}/attendance/${classDayId}`],
        as: "admin",
      },
      { name: `cohort outcomes (${small})`, paths: [`/admin/cohorts/${smallCohort.id}/outcomes`], as: "admin" },
      { name: `cohort reports (${small})`, paths: [`/admin/cohorts/${smallCohort.id}/reports`], as: "admin" },
      { name: "attendance cohorts", paths: ["/cohorts"], as: "admin" },
      { name: "check-in", paths: ["/check-in"], as: "learner" },
      { name: `cohort import (${small})`, paths: [`/admin/cohorts/${smallCohort.id}/import`], as: "admin" },
      { name: "learner detail", paths: [`/admin/learners/${heavyLearner.id}`], as: "admin" },
      { name: "programs", paths: ["/admin/programs"], as: "admin" },
      { name: "program", paths: [`/admin/programs/${await findGraduateProgramId(client)}`], as: "admin" },
      { name: "transcript", paths: [`/transcripts/${heavyLearner.id}`], as: "learner" },
      { name: "certificate", paths: [`/certificates/${certificateCode}`], as: "visitor" },
      { name: "certificate badge", paths: [`/certificates/${certificateCode}/badge.jwt`], as: "visitor" },
      { name: "revocation list", paths: ["/credentials/status/0"], as: "visitor" },
    ];
    const failures = await checkRoutes(app.baseUrl, routes, cookies);
    if (failures.length > 0) {
      throw new Error(`Pages did not answer 200 before the load:\n  ${failures.join("\n  ")}`);
    }

    const results: LoadResult[] = [];
    for (const route of routes) {
      const result = await timed(`Loaded ${route.name}`, () => loadRoute(app.baseUrl, route, cookies, config));
      results.push(result);
    }
    await bare.stop();
    const appRoutes = routes.filter((route) => route.baseUrl === undefined);
    const statementCounts = !isThrowawayCluster
      ? "DATABASE_URL points at a server whose log and settings this bench leaves alone"
      : await timed("SQL counted", () => countStatements(client, app.baseUrl, appRoutes, cookies));
    // The writes come last: they change the rows the pages above read.
    const writeContext = { databaseUrl, appUrl: app.baseUrl, client, config };
    const writes: WriteResult[] = [
      await timed("Loaded mark-complete", () => benchMarkComplete(writeContext)),
      await timed("Loaded quiz submit", () => benchQuizSubmit(writeContext)),
    ];

    const pages = pageFigures(results, statementCounts);
    printResults(pages, statementCounts, sqlBoundPages);
    if (config.isExplaining && typeof statementCounts !== "string") {
      await explainSlowestStatements(client, statementCounts);
    }
    printWrites(writes);
    printJavascript(javascript);
    const budgets = checkBudgets(pages, writes, javascript, sqlBoundPages);
    printBudgets(budgets);
    const { counts: finalCounts } = await countRows(client);
    writeResultsFile({
      runAt,
      mode: config.mode,
      postgres: await postgresVersion(client),
      dataset: {
        ...finalCounts,
        studioCourseLearners: studio.learnerCount,
        studioCourseActiveLearners: studio.activeCount,
        smallCohortMembers: smallCohort.memberCount,
        largeCohortMembers: largeCohort.memberCount,
        generatedQuizAttempts: grading.attempts,
        generatedSubmissions: grading.submissions,
      },
      pages,
      writes,
      javascript,
      budgets,
    });
    log(`Figures written to ${path.relative(PROJECT_ROOT, RESULTS_FILE)}.`);

    const broken = results.filter((result) => result.non2xx + result.errors > 0);
    const unsafeWrites = writes.filter((write) => write.lost + write.doubled + write.non2xx + write.errors > 0);
    console.log("");
    log(`Total time ${formatSeconds(performance.now() - startedAt)} (data generation ${formatSeconds(generationMs)}).`);
    if (broken.length > 0) {
      log(`FAILED: ${broken.map((result) => result.route.name).join(", ")} answered non-2xx or failed.`);
      process.exitCode = 1;
    }
    if (unsafeWrites.length > 0) {
      log(`FAILED: ${unsafeWrites.map((write) => write.name).join(", ")} lost, doubled or refused writes.`);
      process.exitCode = 1;
    }
    if (config.isKeeping) {
      log(`Kept running: the app at ${app.baseUrl}, the database at ${databaseUrl}`);
      log(`The learner's Cookie header: ${cookies.learner}`);
      log(`The instructor's Cookie header: ${cookies.instructor}`);
      log("Ctrl-C stops both.");
      await new Promise<void>((resolve) => (onStopRequest = () => resolve()));
      log("Stopping…");
    }
  } finally {
    await cleanUp();
  }
}

/** A generated cohort by slug, its learner count and its first learner (the "member" viewer). */
async function findCohort(client: pg.Client, slug: string) {
  const { rows } = await client.query<{ id: string; memberCount: number; firstLearnerId: string }>(
    `SELECT c."id",
            (SELECT count(*)::int FROM "CohortMember" m WHERE m."cohortId" = c."id" AND m."role" = 'LEARNER') AS "memberCount",
            (SELECT m."userId"::text FROM "CohortMember" m JOIN "User" u ON u."id" = m."userId"
              WHERE m."cohortId" = c."id" AND m."role" = 'LEARNER' ORDER BY u."email" LIMIT 1) AS "firstLearnerId"
       FROM "Cohort" c WHERE c."slug" = $1`,
    [slug],
  );
  return rows[0];
}

/** The graduate program: the one with degree tracks and terms on its admin page. */
async function findGraduateProgramId(client: pg.Client) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT "id" FROM "Program" WHERE "kind" = 'GRADUATE' ORDER BY "position", "id" LIMIT 1`,
  );
  const [program] = rows;
  if (!program) throw new Error("The demo seed has no graduate program.");
  return program.id;
}

/** A certificate's public code (the demo seed issues one for each completed enrollment). */
async function findCertificateCode(client: pg.Client) {
  const { rows } = await client.query<{ code: string }>(
    `SELECT "verificationCode" AS "code" FROM "Certificate" ORDER BY "issuedAt", "id" LIMIT 1`,
  );
  const [certificate] = rows;
  if (!certificate) throw new Error("The demo seed issued no certificate.");
  return certificate.code;
}

/** The cohort's latest class day (the demo seed takes attendance every weekday). */
async function findLatestClassDayId(client: pg.Client, cohortId: string) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT "id" FROM "ClassDay" WHERE "cohortId" = $1 ORDER BY "date" DESC LIMIT 1`,
    [cohortId],
  );
  const [day] = rows;
  if (!day) throw new Error("The largest cohort has no class day.");
  return day.id;
}

/** The demo seed's admin, whom the admin pages are requested as. */
async function findAdminId(client: pg.Client) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT "id" FROM "User" WHERE "role" = 'ADMIN' ORDER BY "createdAt", "id" LIMIT 1`,
  );
  const [admin] = rows;
  if (!admin) throw new Error("The demo seed has no admin.");
  return admin.id;
}

/** Generated course n: its id and slug, lead instructor, first lesson and learners. */
async function findGeneratedCourse(client: pg.Client, n: number) {
  const { rows } = await client.query<{
    courseId: string;
    slug: string;
    instructorId: string;
    lessonId: string;
    learnerCount: number;
    activeCount: number;
  }>(
    `SELECT c."id" AS "courseId", c."slug", ci."userId" AS "instructorId", l."id" AS "lessonId",
            (SELECT count(*)::int FROM "Enrollment" e WHERE e."courseId" = c."id") AS "learnerCount",
            (SELECT count(*)::int FROM "Enrollment" e WHERE e."courseId" = c."id" AND e."status" = 'ACTIVE') AS "activeCount"
       FROM "Course" c
       JOIN "CourseInstructor" ci ON ci."courseId" = c."id" AND ci."role" = 'LEAD'
       JOIN "Lesson" l ON l."courseId" = c."id" AND l."slug" = 'lesson-1'
      WHERE ${benchCourseSql(n)}
      LIMIT 1`,
  );
  const [course] = rows;
  if (!course) throw new Error(`Generated course ${n} has no lead instructor.`);
  return course;
}

async function postgresVersion(client: pg.Client) {
  const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  return rows[0]?.version ?? "unknown";
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
