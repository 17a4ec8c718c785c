// The write scenarios: mark-complete and quiz submit under load, each request a different
// (learner, lesson) pair with that learner's own session, then a check in the database that every
// write the app acknowledged is there exactly once.
//
// Both post what the lesson page's fetcher posts with JavaScript on (single fetch: the route's URL
// plus `.data`, the form's fields urlencoded, a same-origin Origin as browsers send). A quiz is
// submitted to an attempt opened beforehand, one per learner, written set-based exactly as
// startAttempt writes it (the questions' layout, no deadline), so the scenario measures the submit
// (grading in one transaction) rather than a start and a submit in turn.
import type pg from "pg";
import type { BenchConfig } from "./config";
import { percentilesOf, REQUEST_HEADERS, REQUEST_TIMEOUT_SECONDS, runAutocannon, type Latencies } from "./load";
import { createSessionCookies } from "./session-cookie";

/** Enough distinct pairs for this many writes a second over the run; past them, pairs repeat. */
const PAIRS_PER_SECOND = 400;

export type WriteResult = Latencies & {
  name: string;
  acknowledgedPerSecond: number;
  acknowledged: number;
  /** Pairs written more than once because the run outlasted the prepared pairs (idempotent repeats). */
  repeated: number;
  lost: number;
  doubled: number;
  non2xx: number;
  errors: number;
  /** Enrollments whose completion count no longer matches their completed required lessons. */
  rollupMismatches?: number;
};

type WriteTarget = { userId: string; cookie: string; path: string; body: string; key: string };

type Context = { databaseUrl: string; appUrl: string; client: pg.Client; config: BenchConfig };

/** Fires `targets` in turn (one per request) and returns the indices the app acknowledged. */
async function runWrites({ appUrl, config }: Context, targets: WriteTarget[]) {
  let next = 0;
  const acknowledged = new Map<number, number>();
  const { result, latencies } = await runAutocannon({
    url: appUrl,
    connections: config.connections,
    duration: config.durationSeconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const index = next++ % targets.length;
          const target = targets[index]!;
          (context as { index?: number }).index = index;
          return {
            ...request,
            method: "POST",
            path: target.path,
            headers: postHeaders(appUrl, target),
            body: target.body,
          };
        },
        onResponse: (status, _body, context) => {
          const index = (context as { index?: number }).index;
          // A form post answers 2xx, or 3xx when it redirects: both mean the write was taken.
          if (index !== undefined && status >= 200 && status < 400) {
            acknowledged.set(index, (acknowledged.get(index) ?? 0) + 1);
          }
        },
      },
    ],
  });
  const repeated = [...acknowledged.values()].reduce((sum, count) => sum + count - 1, 0);
  const total = [...acknowledged.values()].reduce((sum, count) => sum + count, 0);
  return {
    acknowledgedIndices: [...acknowledged.keys()],
    total,
    repeated,
    latencies,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** A form post as the page's fetcher sends it: the learner's cookie and our own Origin (csrf.server.ts). */
function postHeaders(appUrl: string, target: WriteTarget) {
  return {
    ...REQUEST_HEADERS,
    cookie: target.cookie,
    origin: appUrl,
    "content-type": "application/x-www-form-urlencoded",
  };
}

/** One request before the load, so a refused or broken write fails the bench with its answer. */
async function checkOneWrite({ appUrl }: Context, target: WriteTarget, name: string) {
  const response = await fetch(`${appUrl}${target.path}`, {
    method: "POST",
    headers: postHeaders(appUrl, target),
    body: target.body,
    redirect: "manual",
  });
  const text = await response.text();
  if (response.status < 200 || response.status >= 400) {
    throw new Error(`${name} answered ${response.status} before the load: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
  }
}

async function cookiesFor(context: Context, userIds: string[]) {
  const distinct = [...new Set(userIds)];
  const cookies = await createSessionCookies({
    client: context.client,
    databaseUrl: context.databaseUrl,
    appUrl: context.appUrl,
    userIds: distinct,
  });
  return new Map(distinct.map((userId, i) => [userId, cookies[i]!]));
}

/**
 * Mark-complete on article and video lessons not yet complete, of ACTIVE enrollments in generated
 * courses: up to three lessons for each of many learners, ordered so consecutive requests go to
 * different learners.
 */
export async function benchMarkComplete(context: Context): Promise<WriteResult> {
  const name = "mark-complete";
  const wanted = PAIRS_PER_SECOND * context.config.durationSeconds;
  const { rows } = await context.client.query<{
    userId: string;
    lessonId: string;
    courseSlug: string;
    lessonSlug: string;
  }>(
    `WITH enrollments AS (
       SELECT DISTINCT ON (e."userId") e."userId", e."courseId", c."slug"
       FROM "Enrollment" e
       JOIN "Course" c ON c."id" = e."courseId" AND c."slug" LIKE 'bench-%'
       WHERE e."status" = 'ACTIVE'
       ORDER BY e."userId", md5(e."id"::text)),
          chosen AS (SELECT * FROM enrollments ORDER BY md5("userId"::text) LIMIT $1),
          pairs AS (
       SELECT ch."userId", l."id" AS "lessonId", ch."slug" AS "courseSlug", l."slug" AS "lessonSlug",
              row_number() OVER (PARTITION BY ch."userId" ORDER BY l."position") AS "k"
       FROM chosen ch
       JOIN "Lesson" l ON l."courseId" = ch."courseId" AND l."kind" IN ('ARTICLE', 'VIDEO') AND l."status" = 'PUBLISHED'
       WHERE NOT EXISTS (SELECT 1 FROM "LessonProgress" p
                         WHERE p."userId" = ch."userId" AND p."lessonId" = l."id" AND p."status" = 'COMPLETED'))
     SELECT "userId", "lessonId", "courseSlug", "lessonSlug" FROM pairs WHERE "k" <= 3
     ORDER BY "k", md5("userId"::text || "lessonId"::text) LIMIT $2`,
    [Math.ceil(wanted / 2), wanted],
  );
  if (rows.length === 0) throw new Error("No lesson left to mark complete.");
  const cookies = await cookiesFor(
    context,
    rows.map((row) => row.userId),
  );
  const targets = rows.map((row) => ({
    userId: row.userId,
    cookie: cookies.get(row.userId)!,
    path: `/courses/${row.courseSlug}/lessons/${row.lessonSlug}.data`,
    body: "intent=complete",
    key: row.lessonId,
  }));
  await checkOneWrite(context, targets[0]!, name);
  const run = await runWrites(context, targets);
  const acknowledged = [...new Set([0, ...run.acknowledgedIndices])].map((i) => targets[i]!);
  const { rows: checked } = await context.client.query<{ lost: number; doubled: number; mismatches: number }>(
    `WITH acked AS (SELECT DISTINCT * FROM unnest($1::uuid[], $2::uuid[]) AS a("userId", "lessonId")),
          found AS (
       SELECT a."userId", a."lessonId", count(p."id") FILTER (WHERE p."status" = 'COMPLETED') AS "n"
       FROM acked a LEFT JOIN "LessonProgress" p ON p."userId" = a."userId" AND p."lessonId" = a."lessonId"
       GROUP BY a."userId", a."lessonId"),
          touched AS (
       SELECT DISTINCT e."id", e."completedRequiredCount"
       FROM acked a JOIN "Lesson" l ON l."id" = a."lessonId"
       JOIN "Enrollment" e ON e."userId" = a."userId" AND e."courseId" = l."courseId")
     SELECT (SELECT count(*) FILTER (WHERE "n" = 0) FROM found)::int AS "lost",
            (SELECT count(*) FILTER (WHERE "n" > 1) FROM found)::int AS "doubled",
            (SELECT count(*) FROM touched t JOIN "Enrollment" e ON e."id" = t."id"
             WHERE e."completedRequiredCount" <> (
               SELECT count(*) FROM "LessonProgress" p JOIN "Lesson" l ON l."id" = p."lessonId"
               WHERE p."userId" = e."userId" AND p."courseId" = e."courseId" AND p."status" = 'COMPLETED'
                 AND l."isRequired" AND l."status" = 'PUBLISHED' AND l."kind" IN ('ARTICLE', 'VIDEO')))::int
              AS "mismatches"`,
    [acknowledged.map((target) => target.userId), acknowledged.map((target) => target.key)],
  );
  const check = checked[0]!;
  return { ...writeResult(name, run, context, check), rollupMismatches: check.mismatches };
}

/**
 * Quiz submit: an open attempt for each learner of the courses with a generated quiz (one INSERT …
 * SELECT), then every request submits a different learner's attempt with all five answers.
 */
export async function benchQuizSubmit(context: Context): Promise<WriteResult> {
  const name = "quiz submit";
  const wanted = PAIRS_PER_SECOND * context.config.durationSeconds;
  const startedAt = new Date();
  const { rows } = await context.client.query<{
    attemptId: string;
    userId: string;
    courseSlug: string;
    lessonSlug: string;
    questionIds: string[];
  }>(
    `WITH chosen AS (
       SELECT e."userId", z."id" AS "quizId"
       FROM "Lesson" l
       JOIN "Quiz" z ON z."lessonId" = l."id"
       JOIN "Enrollment" e ON e."courseId" = l."courseId" AND e."status" IN ('ACTIVE', 'COMPLETED')
       WHERE l."slug" = 'bench-quiz' AND NOT EXISTS (
         SELECT 1 FROM "QuizAttempt" t WHERE t."quizId" = z."id" AND t."userId" = e."userId" AND t."submittedAt" IS NULL)
       ORDER BY md5(e."userId"::text || z."id"::text) LIMIT $1),
          layouts AS (
       SELECT q."quizId",
              jsonb_agg(jsonb_build_object('questionId', q."id",
                                           'choiceIds', (SELECT jsonb_agg(c->'id') FROM jsonb_array_elements(q."choices") c))
                        ORDER BY q."position", q."id") AS "layout"
       FROM "Question" q WHERE q."archivedAt" IS NULL AND q."quizId" IN (SELECT "quizId" FROM chosen)
       GROUP BY q."quizId"),
          opened AS (
       INSERT INTO "QuizAttempt" ("id", "quizId", "userId", "attemptNumber", "layout", "startedAt")
       SELECT gen_random_uuid(), ch."quizId", ch."userId",
              1 + COALESCE((SELECT max(t."attemptNumber") FROM "QuizAttempt" t
                            WHERE t."quizId" = ch."quizId" AND t."userId" = ch."userId"), 0),
              ly."layout", now()
       FROM chosen ch JOIN layouts ly ON ly."quizId" = ch."quizId"
       RETURNING "id", "quizId", "userId", "layout")
     SELECT o."id" AS "attemptId", o."userId", c."slug" AS "courseSlug", l."slug" AS "lessonSlug",
            ARRAY(SELECT x->>'questionId' FROM jsonb_array_elements(o."layout") x) AS "questionIds"
     FROM opened o JOIN "Quiz" z ON z."id" = o."quizId" JOIN "Lesson" l ON l."id" = z."lessonId"
     JOIN "Course" c ON c."id" = l."courseId"
     ORDER BY md5(o."id"::text)`,
    [wanted],
  );
  if (rows.length === 0) throw new Error("No learner to submit a quiz.");
  const cookies = await cookiesFor(
    context,
    rows.map((row) => row.userId),
  );
  const targets = rows.map((row, i) => {
    const answers = row.questionIds.map(
      // Mostly right, so some pass and some fail, as the generated attempts do.
      (questionId, q) => `&${encodeURIComponent(`responses.${questionId}`)}=${(i + q) % 4 === 0 ? "b" : "a"}`,
    );
    return {
      userId: row.userId,
      cookie: cookies.get(row.userId)!,
      path: `/courses/${row.courseSlug}/lessons/${row.lessonSlug}/quiz.data`,
      body: `intent=submit&attemptId=${row.attemptId}${answers.join("")}`,
      key: row.attemptId,
    };
  });
  await checkOneWrite(context, targets[0]!, name);
  const run = await runWrites(context, targets);
  const acknowledged = [...new Set([0, ...run.acknowledgedIndices])].map((i) => targets[i]!);
  const { rows: checked } = await context.client.query<{ lost: number; doubled: number }>(
    `WITH acked AS (SELECT DISTINCT unnest($1::uuid[]) AS "id"),
          attempts AS (
       SELECT t."id", t."quizId", t."userId", t."submittedAt",
              (SELECT count(*) FROM "QuizAnswer" a WHERE a."attemptId" = t."id") AS "answers",
              jsonb_array_length(t."layout") AS "questions",
              (SELECT count(*) FROM "QuizAttempt" o
               WHERE o."quizId" = t."quizId" AND o."userId" = t."userId" AND o."submittedAt" >= $2) AS "submittedSince"
       FROM "QuizAttempt" t JOIN acked a ON a."id" = t."id")
     SELECT ((SELECT count(*) FROM acked) - (SELECT count(*) FROM attempts)
             + (SELECT count(*) FROM attempts WHERE "submittedAt" IS NULL OR "answers" < "questions"))::int AS "lost",
            (SELECT count(*) FROM attempts WHERE "answers" > "questions" OR "submittedSince" > 1)::int AS "doubled"`,
    [acknowledged.map((target) => target.key), startedAt],
  );
  const check = checked[0]!;
  return writeResult(name, run, context, check);
}

/** A write scenario's figures: its run and what the database check found. */
function writeResult(
  name: string,
  run: Awaited<ReturnType<typeof runWrites>>,
  context: Context,
  check: { lost: number; doubled: number },
): WriteResult {
  return {
    name,
    acknowledgedPerSecond: (run.total - run.repeated) / context.config.durationSeconds,
    acknowledged: run.total,
    repeated: run.repeated,
    lost: check.lost,
    doubled: check.doubled,
    non2xx: run.non2xx,
    errors: run.errors,
    ...percentilesOf(run.latencies),
  };
}
