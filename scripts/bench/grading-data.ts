// Quizzes, assignments and a gradebook on the studio's course, so its progress table, grading queue,
// gradebook and quiz results are measured with a record for (almost) every learner. Set-based, as
// city-data.ts is: one INSERT … SELECT per table over the course's enrollments.
import type pg from "pg";
import { timed } from "./log";

const QUESTIONS = 5;

export type GradingData = {
  quizLessonId: string;
  assignmentLessonId: string;
  /** A submission waiting for a grade, opened in the grader. */
  submissionId: string;
  /** Learners who tried the quiz, submissions handed in. */
  attempts: number;
  submissions: number;
};

export async function generateGradingData(
  client: pg.Client,
  { courseId, instructorId }: { courseId: string; instructorId: string },
): Promise<GradingData> {
  const run = (label: string, sql: string, values: unknown[] = []) =>
    timed(`  ${label}`, () => client.query(sql, values));
  await client.query("SET TIME ZONE 'UTC'");

  // A last module holding one quiz and one assignment; optional, so the course's completion rules
  // and the learners' rollups stay as city-data.ts wrote them.
  await run(
    "grading module and lessons",
    `WITH m AS (
       INSERT INTO "Module" ("id", "courseId", "position", "title", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, coalesce(max("position"), -1) + 1, '평가', now(), now()
       FROM "Module" WHERE "courseId" = $1
       RETURNING "id"),
     p AS (SELECT coalesce(max("position"), -1) + 1 AS "next" FROM "Lesson" WHERE "courseId" = $1)
     INSERT INTO "Lesson" ("id", "moduleId", "courseId", "slug", "position", "title", "kind", "markdown", "html",
                           "durationMinutes", "isRequired", "status", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), m."id", $1, k."slug", p."next" + k."n", k."title", k."kind"::"LessonKind",
            '', '', 20, false, 'PUBLISHED', now(), now()
     FROM m, p, (VALUES (0, 'bench-quiz', '확인 퀴즈', 'QUIZ'), (1, 'bench-assignment', '실습 과제', 'ASSIGNMENT'))
                  AS k("n", "slug", "title", "kind")`,
    [courseId],
  );
  const { rows: lessons } = await client.query<{ quizLessonId: string; assignmentLessonId: string }>(
    `SELECT max("id"::text) FILTER (WHERE "slug" = 'bench-quiz') AS "quizLessonId",
            max("id"::text) FILTER (WHERE "slug" = 'bench-assignment') AS "assignmentLessonId"
     FROM "Lesson" WHERE "courseId" = $1`,
    [courseId],
  );
  const { quizLessonId, assignmentLessonId } = lessons[0]!;

  await run(
    `quiz of ${QUESTIONS} questions`,
    `WITH q AS (
       INSERT INTO "Quiz" ("id", "lessonId", "passingScore", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, 60, now(), now()) RETURNING "id")
     INSERT INTO "Question" ("id", "quizId", "position", "kind", "prompt", "choices", "answer", "points")
     SELECT gen_random_uuid(), q."id", n, 'SINGLE_CHOICE', format('%s번 문제: 검증 데이터의 역할은?', n + 1),
            '[{"id":"a","text":"모델 선택"},{"id":"b","text":"학습"},{"id":"c","text":"배포"}]'::jsonb,
            '["a"]'::jsonb, 2
     FROM q, generate_series(0, ${QUESTIONS - 1}) n`,
    [quizLessonId],
  );
  // Every learner who is or was taking the course made one attempt; every third a second one.
  await run(
    "quiz attempts",
    `INSERT INTO "QuizAttempt" ("id", "quizId", "userId", "attemptNumber", "startedAt", "submittedAt")
     SELECT gen_random_uuid(), z."id", e."userId", a, now() - interval '3 days' + a * interval '1 hour',
            now() - interval '3 days' + a * interval '1 hour' + interval '10 minutes'
     FROM "Enrollment" e
     JOIN "Quiz" z ON z."lessonId" = $2
     CROSS JOIN generate_series(1, 2) a
     WHERE e."courseId" = $1 AND e."status" IN ('ACTIVE', 'COMPLETED')
       AND (a = 1 OR abs(hashtext(e."userId"::text)) % 3 = 0)`,
    [courseId, quizLessonId],
  );
  await run(
    "quiz answers",
    `INSERT INTO "QuizAnswer" ("id", "attemptId", "questionId", "response", "isCorrect", "points")
     SELECT gen_random_uuid(), t."id", q."id", to_jsonb(ARRAY[r."choice"]), r."choice" = 'a',
            CASE WHEN r."choice" = 'a' THEN q."points" ELSE 0 END
     FROM "QuizAttempt" t
     JOIN "Question" q ON q."quizId" = t."quizId"
     CROSS JOIN LATERAL (SELECT (ARRAY['a', 'a', 'b', 'a', 'c'])[1 + abs(hashtext(t."id"::text || q."position")) % 5]
                         AS "choice") r
     WHERE t."quizId" = (SELECT "id" FROM "Quiz" WHERE "lessonId" = $1)`,
    [quizLessonId],
  );
  await run(
    "attempt scores",
    `UPDATE "QuizAttempt" t
     SET "answers" = s."answers", "pointsEarned" = s."earned", "pointsPossible" = s."possible",
         "scorePercent" = round(100.0 * s."earned" / s."possible"),
         "isPassed" = round(100.0 * s."earned" / s."possible") >= 60
     FROM (SELECT a."attemptId", sum(a."points")::int AS "earned", sum(q."points")::int AS "possible",
                  jsonb_object_agg(q."id", a."response") AS "answers"
           FROM "QuizAnswer" a JOIN "Question" q ON q."id" = a."questionId"
           WHERE q."quizId" = (SELECT "id" FROM "Quiz" WHERE "lessonId" = $1)
           GROUP BY a."attemptId") s
     WHERE s."attemptId" = t."id"`,
    [quizLessonId],
  );

  // Two learners in three handed the assignment in; half of those are graded, the rest wait.
  await run(
    "assignment and submissions",
    `WITH a AS (
       INSERT INTO "Assignment" ("id", "lessonId", "dueAt", "maxPoints", "passingPoints", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $2, now() + interval '7 days', 100, 60, now(), now()) RETURNING "id")
     INSERT INTO "Submission" ("id", "assignmentId", "userId", "status", "body", "submittedAt", "points",
                               "isPassing", "feedback", "gradedAt", "gradedById")
     SELECT gen_random_uuid(), a."id", e."userId", (CASE WHEN h % 2 = 0 THEN 'GRADED' ELSE 'SUBMITTED' END)::"SubmissionStatus",
            '광주 아파트 실거래가로 만든 회귀 모델의 결과를 정리했습니다.', now() - interval '2 days' + (h % 1000) * interval '1 minute',
            CASE WHEN h % 2 = 0 THEN 50 + h % 51 END, CASE WHEN h % 2 = 0 THEN 50 + h % 51 >= 60 END,
            CASE WHEN h % 2 = 0 THEN '검증 방법이 명확합니다.' END,
            CASE WHEN h % 2 = 0 THEN now() - interval '1 day' END, CASE WHEN h % 2 = 0 THEN $3::uuid END
     FROM a, "Enrollment" e CROSS JOIN LATERAL (SELECT abs(hashtext(e."userId"::text || 'a')) AS h) x
     WHERE e."courseId" = $1 AND e."status" IN ('ACTIVE', 'COMPLETED') AND h % 3 <> 0`,
    [courseId, assignmentLessonId, instructorId],
  );

  await run(
    "gradebook: two categories, one item each",
    `WITH c AS (
       INSERT INTO "GradeCategory" ("id", "courseId", "name", "weightPercent", "position", "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, '퀴즈', 30, 0, now(), now()), (gen_random_uuid(), $1, '과제', 70, 1, now(), now())
       RETURNING "id", "position")
     INSERT INTO "GradeItem" ("id", "courseId", "categoryId", "kind", "lessonId", "maxPoints", "position",
                              "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, c."id", (CASE WHEN c."position" = 0 THEN 'QUIZ' ELSE 'ASSIGNMENT' END)::"GradeItemKind",
            CASE WHEN c."position" = 0 THEN $2::uuid ELSE $3::uuid END, 100, 0, now(), now()
     FROM c`,
    [courseId, quizLessonId, assignmentLessonId],
  );
  await run("VACUUM ANALYZE (grading tables)", `VACUUM (ANALYZE) "QuizAttempt", "QuizAnswer", "Submission"`);

  const { rows: counts } = await client.query<{ submissionId: string; attempts: number; submissions: number }>(
    `SELECT (SELECT s."id"::text FROM "Submission" s JOIN "Assignment" a ON a."id" = s."assignmentId"
             WHERE a."lessonId" = $1 AND s."status" = 'SUBMITTED' ORDER BY s."submittedAt" LIMIT 1) AS "submissionId",
            (SELECT count(*)::int FROM "QuizAttempt" t JOIN "Quiz" z ON z."id" = t."quizId" WHERE z."lessonId" = $2)
              AS "attempts",
            (SELECT count(*)::int FROM "Submission" s JOIN "Assignment" a ON a."id" = s."assignmentId"
             WHERE a."lessonId" = $1) AS "submissions"`,
    [assignmentLessonId, quizLessonId],
  );
  const { submissionId, attempts, submissions } = counts[0]!;
  return { quizLessonId, assignmentLessonId, submissionId, attempts, submissions };
}
