import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProgressBar } from "~/components/progress-bar";
import { QuestionAnswerText, ResponseText } from "~/components/quiz/question-text";
import { refusalResponse } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { getQuizResults, QUIZ_AUTHORING_REFUSALS, type QuizResults } from "~/models/quiz.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const found = await getQuizResults({ actor: user, courseId: course.id, lessonId: params.lessonId ?? "" });
  if (!found.ok) throw refusalResponse(QUIZ_AUTHORING_REFUSALS, found);
  return { courseId: course.id, results: found.results };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "quizResults", area: "studio", names: [data?.results.lesson.title] }),
];

export default function QuizResultsPage() {
  const { courseId, results } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lessonPath = `/teach/${courseId}/lessons/${results.lesson.id}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link to={lessonPath} className="underline">
          {t("studio.quizEditor.backToLesson")}
        </Link>
        <Link to={`${lessonPath}/quiz`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
          {t("studio.editQuestions")}
        </Link>
      </div>
      <h2 className="text-xl font-semibold">{t("studio.quizResultsPage.title", { lesson: results.lesson.title })}</h2>
      <dl className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4">
        <Summary label={t("studio.quizResultsPage.attempts")} value={results.attemptCount} />
        <Summary label={t("studio.quizResultsPage.learners")} value={results.learnerCount} />
        <Summary label={t("studio.quizResultsPage.passedLearners")} value={results.passedLearnerCount} />
        <Summary
          label={t("studio.quizResultsPage.averageScore")}
          value={results.averageScorePercent === null ? "—" : `${Math.round(results.averageScorePercent)}%`}
        />
      </dl>
      {results.attemptCount === 0 ? <p className="text-slate-600">{t("studio.quizResultsPage.noAttempts")}</p> : null}
      <ol className="space-y-4">
        {results.questions.map((question, index) => (
          <QuestionResult key={question.id} question={question} number={index + 1} />
        ))}
      </ol>
    </div>
  );
}

function Summary({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-2xl font-semibold">{value}</dd>
    </div>
  );
}

function QuestionResult({ question, number }: { question: QuizResults["questions"][number]; number: number }) {
  const { t } = useTranslation();
  const percentRight =
    question.answerCount === 0 ? 0 : Math.round((100 * question.correctCount) / question.answerCount);
  const headingId = `result-${question.id}`;
  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4">
      <p id={headingId} className="text-sm text-slate-600">
        {t("studio.quizEditor.questionNumber", { number })} · {t(`quiz.kind.${question.kind}`)}
        {question.isArchived ? ` · ${t("studio.quizResultsPage.removed")}` : ""}
      </p>
      <p className="mt-1 whitespace-pre-wrap font-medium">{question.prompt}</p>
      <p className="mt-1 text-sm text-slate-700">
        {t("studio.quizEditor.correctAnswer")} <QuestionAnswerText question={question} answer={question.answer} />
      </p>
      <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium">{t("studio.quizResultsPage.right")}</dt>
          <dd>
            {t("studio.quizResultsPage.rightOf", {
              correct: question.correctCount,
              total: question.answerCount,
              percent: percentRight,
            })}
            <ProgressBar
              className="mt-1"
              percent={percentRight}
              label={t("studio.quizResultsPage.rightShare", { number })}
            />
            {question.answerCount > question.answeredCount ? (
              <span className="mt-1 block text-slate-600">
                {t("studio.quizResultsPage.unanswered", { count: question.answerCount - question.answeredCount })}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="font-medium">{t("studio.quizResultsPage.commonWrong")}</dt>
          <dd>
            {question.commonWrongResponses.length === 0 ? (
              <span className="text-slate-600">—</span>
            ) : (
              <ul className="space-y-0.5">
                {question.commonWrongResponses.map((wrong, index) => (
                  <li key={index}>
                    <ResponseText question={question} response={wrong.response} />{" "}
                    <span className="text-slate-600">
                      ({t("studio.quizResultsPage.times", { count: wrong.count })})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
