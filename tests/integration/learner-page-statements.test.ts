// Issue 13's budget: a signed-in learner's course and lesson pages run at most five SQL statements
// (the root loader's session lookup included), and no more for a bigger course or a longer history.
// Counted as the server runs them: the root loader and the page's loader on one request.
import pg from "pg";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import * as root from "~/root";
import * as coursePage from "~/routes/courses.$slug";
import * as lessonPage from "~/routes/courses.$slug_.lessons.$lessonSlug";
import { createUser } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons, createQuizAttempt, enrollLearnerDirectly } from "../factories/progress";
import { routeArgs, settle } from "../factories/requests";

const STATEMENT_BUDGET = 5;

/** The SQL statements sent while `run` ran (transaction control included). */
async function statementsDuring(run: () => Promise<unknown>) {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    await run();
    return spy.mock.calls.map(([query]) =>
      typeof query === "string" ? query : String((query as { text?: string }).text),
    );
  } finally {
    spy.mockRestore();
  }
}

/** A course of `modules` × `lessonsPerModule` lessons (the first module's second lesson a quiz), a learner
 * enrolled in it who has opened and completed `completed` lessons, and their session. */
async function learnerInCourse({
  modules,
  lessonsPerModule,
  completed,
}: {
  modules: number;
  lessonsPerModule: number;
  completed: number;
}) {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: Array.from({ length: modules }, (_, moduleIndex) =>
      Array.from({ length: lessonsPerModule }, (_, index) => ({
        kind: moduleIndex === 0 && index === 1 ? ("QUIZ" as const) : ("ARTICLE" as const),
      })),
    ),
  });
  const learner = await createUser(prisma);
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  const { token } = await createUserSession(prisma, { userId: learner.id });
  const articles = lessons.filter(({ kind }) => kind === "ARTICLE");
  for (const lesson of articles.slice(0, completed)) {
    await prisma.lessonProgress.create({
      data: {
        userId: learner.id,
        lessonId: lesson.id,
        courseId: course.id,
        status: "COMPLETED",
        firstViewedAt: new Date(),
        lastViewedAt: new Date(),
        completedAt: new Date(),
      },
    });
  }
  const quiz = lessons.find(({ kind }) => kind === "QUIZ")!;
  for (let attempt = 0; attempt < completed; attempt++) {
    await createQuizAttempt(prisma, { lessonId: quiz.id, userId: learner.id, isPassed: attempt === completed - 1 });
  }
  return { course, article: articles.at(-1)!, quiz, token };
}

type Learner = Awaited<ReturnType<typeof learnerInCourse>>;

async function pageStatements(
  path: string,
  token: string,
  params: Record<string, string>,
  loader: (args: ReturnType<typeof routeArgs>) => Promise<unknown>,
) {
  // The first request renews nothing and warms Prisma's connection; the second is the one counted.
  for (let round = 0; ; round++) {
    const request = await buildRequest({ path, token });
    const statements = await statementsDuring(async () => {
      const args = routeArgs(request, { params });
      const [rootResult, pageResult] = await Promise.all([settle(root.loader(args)), settle(loader(args))]);
      expect(rootResult.status).toBe(200);
      expect(pageResult.status).toBe(200);
    });
    if (round === 1) return statements;
  }
}

const coursePageOf = ({ course, token }: Learner) =>
  pageStatements(`/courses/${course.slug}`, token, { slug: course.slug }, coursePage.loader);
const lessonPageOf = ({ course, token }: Learner, lessonSlug: string) =>
  pageStatements(
    `/courses/${course.slug}/lessons/${lessonSlug}`,
    token,
    { slug: course.slug, lessonSlug },
    lessonPage.loader,
  );

describe("a signed-in learner's course and lesson pages", () => {
  test(`run at most ${STATEMENT_BUDGET} statements, however big the course and the learner's history`, async () => {
    const small = await learnerInCourse({ modules: 1, lessonsPerModule: 3, completed: 1 });
    const large = await learnerInCourse({ modules: 6, lessonsPerModule: 8, completed: 12 });

    for (const learner of [small, large]) {
      const pages = {
        course: await coursePageOf(learner),
        article: await lessonPageOf(learner, learner.article.slug),
        quiz: await lessonPageOf(learner, learner.quiz.slug),
      };
      for (const [page, statements] of Object.entries(pages)) {
        expect(statements.length, `${page} page:\n${statements.join("\n---\n")}`).toBeLessThanOrEqual(STATEMENT_BUDGET);
      }
    }
    expect((await coursePageOf(large)).length).toBe((await coursePageOf(small)).length);
    expect((await lessonPageOf(large, large.article.slug)).length).toBe(
      (await lessonPageOf(small, small.article.slug)).length,
    );
    expect((await lessonPageOf(large, large.quiz.slug)).length).toBe(
      (await lessonPageOf(small, small.quiz.slug)).length,
    );
  });
});
