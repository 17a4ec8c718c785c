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
//
// Its sections: config.ts (sizes and flags), city-data.ts (the generated rows), ../app-process.ts
// and session-cookie.ts (the app and its signed-in viewers), load.ts and sql-counts.ts (the
// measurements), report.ts (the table).
import path from "node:path";
import pg from "pg";
import { createPrismaClient, disconnectAppPrismaClient } from "../../app/lib/prisma-client.server";
import { generateDemoPasswords } from "../../prisma/demo-passwords";
import { seedDemoData } from "../../prisma/seed";
import { applyMigrations } from "../../prisma/tools/migrate";
import { startAppProcess } from "../app-process";
import { createDatabase, dropDatabase, startThrowawayPostgres } from "../throwaway-postgres";
import { countRows, generateCityData } from "./city-data";
import { generateGradingData } from "./grading-data";
import { readConfig } from "./config";
import { createSessionCookie } from "./session-cookie";
import { checkRoutes, loadRoute, type BenchCookies, type BenchRoute, type LoadResult } from "./load";
import { formatSeconds, log, timed } from "./log";
import { printResults } from "./report";
import { countStatements, explainSlowestStatements } from "./sql-counts";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_LOG = path.join(PROJECT_ROOT, ".data/bench-server.log");
/** A Korean word the seed's courses use, so the search has real matches among the bench courses too. */
const KOREAN_SEARCH_WORD = "머신러닝";

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
    // The studio is measured on the course with the most learners, as its lead instructor sees it.
    const studio = await findStudioCourse(client, busiestCourse);
    log("Generating quizzes, assignments and a gradebook on that course:");
    const grading = await generateGradingData(client, studio);
    log(
      `  ${grading.attempts.toLocaleString("en")} quiz attempts, ${grading.submissions.toLocaleString("en")} submissions.`,
    );
    const cookies: BenchCookies = {
      learner: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: heavyLearner.id }),
      instructor: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: studio.instructorId }),
      admin: await createSessionCookie({ databaseUrl, appUrl: app.baseUrl, userId: await findAdminId(client) }),
    };
    log(
      `Heavy learner takes ${heavyLearner.courses.length} courses; the course page is ${busiestCourse.slug} ` +
        `(${busiestCourse.enrollmentCount.toLocaleString("en")} enrollments).`,
    );
    const cohortId = await findLargestCohortId(client);
    const classDayId = await findLatestClassDayId(client, cohortId);
    const certificateCode = await findCertificateCode(client);
    // The lesson page records a view, which locks the learner's enrollment in that course: each
    // connection opens a lesson of a different course, as tabs would, rather than queue on one lock.
    const routes: BenchRoute[] = [
      { name: "home", paths: ["/"], as: "visitor" },
      { name: "catalog", paths: ["/courses"], as: "visitor" },
      { name: "catalog search", paths: [`/courses?q=${encodeURIComponent(KOREAN_SEARCH_WORD)}`], as: "visitor" },
      { name: "catalog search + level", paths: ["/courses?q=deep&level=INTERMEDIATE"], as: "visitor" },
      { name: "course page", paths: [`/courses/${busiestCourse.slug}`], as: "learner" },
      {
        name: "lesson page",
        paths: heavyLearner.courses.map((course) => `/courses/${course.slug}/lessons/${course.lessonSlug}`),
        as: "learner",
      },
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
      { name: "quiz lesson", paths: [`/courses/${busiestCourse.slug}/lessons/bench-quiz`], as: "learner" },
      { name: "my grades", paths: [`/courses/${busiestCourse.slug}/grades`], as: "learner" },
      { name: "admin overview", paths: ["/admin"], as: "admin" },
      { name: "audit log", paths: ["/admin/audit"], as: "admin" },
      { name: "cohorts", paths: ["/admin/cohorts"], as: "admin" },
      { name: "cohort", paths: [`/admin/cohorts/${cohortId}`], as: "admin" },
      { name: "cohort dashboard", paths: [`/admin/cohorts/${cohortId}/dashboard`], as: "admin" },
      { name: "cohort at-risk", paths: [`/admin/cohorts/${cohortId}/at-risk`], as: "admin" },
      { name: "course at-risk", paths: [`/teach/${studio.courseId}/at-risk`], as: "instructor" },
      { name: "cohort attendance", paths: [`/cohorts/${cohortId}/attendance`], as: "admin" },
      { name: "attendance roster", paths: [`/cohorts/${cohortId}/attendance/${classDayId}`], as: "admin" },
      { name: "cohort outcomes", paths: [`/admin/cohorts/${cohortId}/outcomes`], as: "admin" },
      { name: "cohort reports", paths: [`/admin/cohorts/${cohortId}/reports`], as: "admin" },
      { name: "attendance cohorts", paths: ["/cohorts"], as: "admin" },
      { name: "check-in", paths: ["/check-in"], as: "learner" },
      { name: "cohort matrix CSV", paths: [`/admin/cohorts/${cohortId}/reports/matrix?format=csv`], as: "admin" },
      { name: "cohort import", paths: [`/admin/cohorts/${cohortId}/import`], as: "admin" },
      { name: "learner detail", paths: [`/admin/learners/${heavyLearner.id}`], as: "admin" },
      { name: "programs", paths: ["/admin/programs"], as: "admin" },
      { name: "program", paths: [`/admin/programs/${await findGraduateProgramId(client)}`], as: "admin" },
      { name: "transcript", paths: [`/transcripts/${heavyLearner.id}`], as: "learner" },
      { name: "certificate", paths: [`/certificates/${certificateCode}`], as: "visitor" },
      { name: "certificate badge", paths: [`/certificates/${certificateCode}/badge.jwt`], as: "visitor" },
      { name: "revocation list", paths: ["/credentials/status/0"], as: "visitor" },
      { name: "healthz", paths: ["/healthz"], as: "visitor" },
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
    const statementCounts = !isThrowawayCluster
      ? "DATABASE_URL points at a server whose log and settings this bench leaves alone"
      : await timed("SQL counted", () => countStatements(client, app.baseUrl, routes, cookies));
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

/** The cohort with the most members (the demo seed's; the bench generates none yet). */
async function findLargestCohortId(client: pg.Client) {
  const { rows } = await client.query<{ id: string }>(
    `SELECT c."id" FROM "Cohort" c LEFT JOIN "CohortMember" m ON m."cohortId" = c."id"
      GROUP BY c."id" ORDER BY count(m."id") DESC, c."id" LIMIT 1`,
  );
  const [cohort] = rows;
  if (!cohort) throw new Error("The demo seed has no cohort.");
  return cohort.id;
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

/** The busiest course's id, its lead instructor and the id of the lesson the bench opens. */
async function findStudioCourse(client: pg.Client, course: { slug: string; lessonSlug: string }) {
  const { rows } = await client.query<{ courseId: string; instructorId: string; lessonId: string }>(
    `SELECT c."id" AS "courseId", ci."userId" AS "instructorId", l."id" AS "lessonId"
       FROM "Course" c
       JOIN "CourseInstructor" ci ON ci."courseId" = c."id" AND ci."role" = 'LEAD'
       JOIN "Lesson" l ON l."courseId" = c."id" AND l."slug" = $2
      WHERE c."slug" = $1
      LIMIT 1`,
    [course.slug, course.lessonSlug],
  );
  const [studio] = rows;
  if (!studio) throw new Error(`The course ${course.slug} has no lead instructor.`);
  return studio;
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
