// A quiz on its lesson page: the rules (questions, passing score, attempts, time limit), the Start
// form, the open attempt's questions as a plain form (radio buttons, check boxes, text fields; Save
// and Submit), and every submitted attempt with its score and each question's grade and explanation.
// Its data comes from loadQuizPanel (quiz-panel.server.ts): no correct answer reaches the browser
// before an attempt is submitted. The forms post to the lesson's /quiz route through one fetcher, so
// a refusal shows in place and what was typed stays; without JavaScript they are plain forms, and
// the /quiz route's own page shows the refusal. The server keeps the time: the countdown only helps.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Link, useFetcher, useSearchParams, type FetcherWithComponents } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ErrorList,
  FormErrors,
  Notice,
  SubmissionKeyField,
  SubmitButton,
  useOneSubmissionAtATime,
} from "~/components/forms";
import { QuestionAnswerText, ResponseText } from "~/components/quiz/question-text";
import type { QuizPanelData } from "~/components/quiz/quiz-panel.server";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { isChoiceKind, MAX_TYPED_RESPONSE_LENGTH, type Choice, type QuestionResponse } from "~/lib/quiz-questions";
import type { QuestionKind } from "~/generated/prisma/enums";

/** What the /quiz route's action answers when it refuses (it redirects when it takes the form). */
export type QuizActionData = { result: SubmissionResult<string[]> };

type QuizFetcher = FetcherWithComponents<QuizActionData>;
type LearnerView = Extract<QuizPanelData["view"], { mode: "learner" }>;
type PreviewView = Extract<QuizPanelData["view"], { mode: "preview" }>;
type OpenAttempt = NonNullable<LearnerView["openAttempt"]>;
type ReviewedAttempt = LearnerView["attempts"][number];
type AskedQuestion = { id: string; kind: QuestionKind; prompt: string; points: number; choices: Choice[] };

/** The form field that carries a question's response. */
export function responseFieldName(questionId: string) {
  return `responses.${questionId}`;
}

export function QuizPanel({ panel, actionData }: { panel: QuizPanelData; actionData?: QuizActionData }) {
  const { t } = useTranslation();
  const { view } = panel;
  return (
    <section
      id="quiz"
      aria-labelledby="quiz-heading"
      className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="quiz-heading" className="text-xl font-semibold">
        {t("quiz.heading")}
      </h2>
      <QuizFacts settings={view.settings} attemptsLeft={view.mode === "learner" ? view.attemptsLeft : null} />
      {view.mode === "preview" ? (
        <QuizPreview view={view} panel={panel} />
      ) : (
        <LearnerQuiz view={view} panel={panel} actionData={actionData} />
      )}
    </section>
  );
}

/** The quiz's rules: its questions and points, the passing score, attempts and the time limit. */
function QuizFacts({
  settings,
  attemptsLeft,
}: {
  settings: QuizPanelData["view"]["settings"];
  attemptsLeft: number | null;
}) {
  const { t } = useTranslation();
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
      <dt className="font-medium text-slate-600">{t("quiz.facts.questions")}</dt>
      <dd>
        {t("quiz.facts.questionCount", { count: settings.questionCount })} ·{" "}
        {t("quiz.points", { count: settings.totalPoints })}
      </dd>
      <dt className="font-medium text-slate-600">{t("quiz.facts.passingScore")}</dt>
      <dd>{t("quiz.facts.passingScoreValue", { score: settings.passingScore })}</dd>
      <dt className="font-medium text-slate-600">{t("quiz.facts.attempts")}</dt>
      <dd>
        {settings.maxAttempts === null
          ? t("quiz.unlimited")
          : attemptsLeft === null
            ? t("quiz.facts.attemptLimit", { count: settings.maxAttempts })
            : t("quiz.facts.attemptsLeft", { count: settings.maxAttempts, left: attemptsLeft })}
      </dd>
      <dt className="font-medium text-slate-600">{t("quiz.facts.timeLimit")}</dt>
      <dd>
        {settings.timeLimitMinutes === null
          ? t("quiz.noTimeLimit")
          : t("quiz.facts.minutes", { count: settings.timeLimitMinutes })}
      </dd>
    </dl>
  );
}

/** What the course's instructors and admins see: the questions as learners will, and no way to answer. */
function QuizPreview({ view, panel }: { view: PreviewView; panel: QuizPanelData }) {
  const { t } = useTranslation();
  return (
    <>
      <Notice>
        {t("quiz.preview")}
        {panel.studioPath ? (
          <>
            {" "}
            <Link to={`${panel.studioPath}/quiz`} className="font-semibold underline">
              {t("studio.editQuestions")}
            </Link>
            {" · "}
            <Link to={`${panel.studioPath}/results`} className="font-semibold underline">
              {t("studio.quizResults")}
            </Link>
          </>
        ) : null}
      </Notice>
      {view.questions.length === 0 ? (
        <p className="text-sm text-slate-700">{t("quiz.refused.noQuestions")}</p>
      ) : (
        <ol className="space-y-6">
          {view.questions.map((question, index) => (
            <QuestionField
              key={question.id}
              question={question}
              number={index + 1}
              language={panel.courseLanguage}
              values={[]}
              isDisabled
            />
          ))}
        </ol>
      )}
    </>
  );
}

function LearnerQuiz({
  view,
  panel,
  actionData,
}: {
  view: LearnerView;
  panel: QuizPanelData;
  actionData?: QuizActionData;
}) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  // One fetcher for the Start, Save and Submit forms: a refusal stays on screen when the form that
  // sent it is replaced (Save after the time ran out shows the graded attempt and says why).
  const fetcher = useFetcher<QuizActionData>({ key: `quiz:${panel.actionPath}` });
  const reply = fetcher.data ?? actionData;
  const open = view.openAttempt;
  const isReplyForOpenAttempt = open !== null && reply?.result.initialValue?.attemptId === open.id;
  const outcome = searchParams.get("quiz");

  return (
    <>
      {outcome === "submitted" ? <Notice tone="success">{t("quiz.outcome.submitted")}</Notice> : null}
      {outcome === "late" ? <Notice>{t("quiz.outcome.late")}</Notice> : null}
      {outcome === "saved" && open ? <Notice tone="success">{t("quiz.outcome.saved")}</Notice> : null}
      {!isReplyForOpenAttempt ? <FormErrors errors={reply?.result.error?.[""]} /> : null}
      {view.isPassed ? (
        <p role="status" className="font-semibold text-emerald-800">
          ✓ {t("quiz.passed")}
        </p>
      ) : null}
      {open ? (
        <AttemptForm
          attempt={open}
          panel={panel}
          fetcher={fetcher}
          lastResult={isReplyForOpenAttempt ? reply?.result : undefined}
        />
      ) : view.canStart ? (
        <StartForm view={view} panel={panel} fetcher={fetcher} />
      ) : (
        <p className="text-sm text-slate-700">
          {view.settings.questionCount === 0 ? t("quiz.refused.noQuestions") : t("quiz.noAttemptsLeft")}
        </p>
      )}
      {view.attempts.length > 0 ? <AttemptList attempts={view.attempts} language={panel.courseLanguage} /> : null}
    </>
  );
}

function StartForm({ view, panel, fetcher }: { view: LearnerView; panel: QuizPanelData; fetcher: QuizFetcher }) {
  const { t } = useTranslation();
  const minutes = view.settings.timeLimitMinutes;
  const letThrough = useOneSubmissionAtATime(fetcher.state);
  return (
    <fetcher.Form method="post" action={panel.actionPath} onSubmit={letThrough} className="space-y-3">
      <SubmissionKeyField value={panel.submissionKey} />
      <input type="hidden" name="intent" value="start" />
      {minutes !== null ? <p className="text-sm text-slate-700">{t("quiz.startTimed", { count: minutes })}</p> : null}
      <SubmitButton disabled={fetcher.state !== "idle"}>
        {t(view.attempts.length > 0 ? "quiz.startAgain" : "quiz.start")}
      </SubmitButton>
    </fetcher.Form>
  );
}

/** The values a question's inputs start with: what was sent with a refused form, else what was saved. */
function formValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

function AttemptForm({
  attempt,
  panel,
  fetcher,
  lastResult,
}: {
  attempt: OpenAttempt;
  panel: QuizPanelData;
  fetcher: QuizFetcher;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t, i18n } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [form] = useForm({ id: `quiz-attempt-${attempt.id}`, lastResult });
  const sent = lastResult?.initialValue?.responses;
  const typed = sent && typeof sent === "object" ? (sent as Record<string, unknown>) : null;
  const saved: Record<string, QuestionResponse> = attempt.responses;
  const pendingIntent = fetcher.formData?.get("intent");
  const letThrough = useOneSubmissionAtATime(fetcher.state);
  const formProps = getFormProps(form);

  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action={panel.actionPath}
      {...formProps}
      onSubmit={(event) => {
        formProps.onSubmit(event);
        if (!event.defaultPrevented) letThrough(event);
      }}
      className="space-y-6"
    >
      <input type="hidden" name="attemptId" value={attempt.id} />
      <div className="flex flex-wrap items-baseline justify-between gap-2 rounded-md bg-slate-50 p-3 text-sm">
        <p className="font-semibold">{t("quiz.attemptNumber", { number: attempt.attemptNumber })}</p>
        {attempt.deadlineAt && attempt.remainingSeconds !== null ? (
          <div className="text-right">
            <p>{t("quiz.deadline", { time: formatDateTime(attempt.deadlineAt, i18n.language as Language) })}</p>
            <Countdown
              remainingSeconds={attempt.remainingSeconds}
              // When time runs out, what is on screen is sent at once: the server takes it within its grace.
              onTimeUp={() => {
                if (!formRef.current || !letThrough()) return;
                const formData = new FormData(formRef.current);
                formData.set("intent", "submit");
                fetcher.submit(formData, { method: "post", action: panel.actionPath });
              }}
            />
          </div>
        ) : null}
      </div>
      <ol className="space-y-6">
        {attempt.questions.map((question, index) => {
          const name = responseFieldName(question.id);
          return (
            <QuestionField
              key={question.id}
              question={question}
              number={index + 1}
              language={panel.courseLanguage}
              values={formValues(typed ? typed[question.id] : saved[question.id])}
              errors={form.allErrors[name]}
            />
          );
        })}
      </ol>
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="flex flex-wrap items-center gap-3">
        {/* Save comes first, so Enter in a text field saves rather than hands the attempt in. */}
        <button
          type="submit"
          name="intent"
          value="save"
          disabled={fetcher.state !== "idle"}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 disabled:opacity-60"
        >
          {pendingIntent === "save" ? t("quiz.saving") : t("quiz.save")}
        </button>
        <SubmitButton name="intent" value="submit" disabled={fetcher.state !== "idle"}>
          {pendingIntent === "submit" ? t("quiz.submitting") : t("quiz.submit")}
        </SubmitButton>
      </div>
      <p className="text-sm text-slate-600">{t("quiz.submitHelp")}</p>
    </fetcher.Form>
  );
}

/** Minutes and seconds left, counted in the browser from what the server said when the page loaded. */
function Countdown({ remainingSeconds, onTimeUp }: { remainingSeconds: number; onTimeUp: () => void }) {
  const { t } = useTranslation();
  // Null until hydrated: without JavaScript the deadline above is all there is.
  const [left, setLeft] = useState<number | null>(null);
  const timeUp = useRef(onTimeUp);
  useEffect(() => {
    timeUp.current = onTimeUp;
  });
  useEffect(() => {
    const end = Date.now() + remainingSeconds * 1000;
    let timer: ReturnType<typeof setInterval> | undefined = undefined;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setLeft(seconds);
      if (seconds === 0) {
        clearInterval(timer);
        timeUp.current();
      }
    };
    timer = setInterval(tick, 1000);
    tick();
    return () => clearInterval(timer);
  }, [remainingSeconds]);
  if (left === null) return null;
  const minutes = Math.floor(left / 60);
  const seconds = String(left % 60).padStart(2, "0");
  return (
    <p role="timer" className={left <= 60 ? "font-semibold text-red-700" : "font-semibold"}>
      {t("quiz.timeLeft", { time: `${minutes}:${seconds}` })}
    </p>
  );
}

/** One question and its inputs: radio buttons, check boxes, or a text field. */
function QuestionField({
  question,
  number,
  language,
  values,
  errors,
  isDisabled = false,
}: {
  question: AskedQuestion;
  number: number;
  language: Language;
  values: string[];
  errors?: string[];
  isDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const name = responseFieldName(question.id);
  const inputId = `quiz-${question.id}`;
  const errorId = `${inputId}-error`;
  const hasErrors = Boolean(errors?.length);
  const typeLabel = t(question.kind === "NUMERIC" ? "quiz.yourNumber" : "quiz.yourAnswer");
  return (
    <li>
      {/* The inputs carry aria-invalid and point to the error, so it is read where focus lands. */}
      <fieldset className="space-y-2" disabled={isDisabled}>
        <legend className="space-y-1">
          <span className="block text-sm text-slate-600">
            {t("quiz.questionNumber", { number })} · {t(`quiz.kind.${question.kind}`)} ·{" "}
            {t("quiz.points", { count: question.points })}
          </span>
          <span className="block whitespace-pre-wrap font-medium" lang={language}>
            {question.prompt}
          </span>
        </legend>
        {isChoiceKind(question.kind) ? (
          <>
            {question.kind === "MULTIPLE_CHOICE" ? (
              <p className="text-sm text-slate-600">{t("quiz.chooseAll")}</p>
            ) : null}
            <ul className="space-y-1">
              {question.choices.map((choice) => (
                <li key={choice.id}>
                  <label className="flex items-start gap-2">
                    <input
                      type={question.kind === "MULTIPLE_CHOICE" ? "checkbox" : "radio"}
                      name={name}
                      value={choice.id}
                      defaultChecked={values.includes(choice.id)}
                      aria-invalid={hasErrors ? true : undefined}
                      aria-describedby={hasErrors ? errorId : undefined}
                      className="mt-1"
                    />
                    <span lang={language}>{choice.text}</span>
                  </label>
                </li>
              ))}
            </ul>
            {/* Sent even when nothing is ticked, so clearing every box clears the saved response. After
                the choices, so a refusal's focus lands on the first choice rather than on this. */}
            <input type="hidden" name={name} value="" />
          </>
        ) : (
          <div className="space-y-1">
            <label htmlFor={inputId} className="block text-sm font-medium">
              {typeLabel}
            </label>
            <input
              id={inputId}
              type="text"
              name={name}
              defaultValue={values[0] ?? ""}
              maxLength={MAX_TYPED_RESPONSE_LENGTH}
              inputMode={question.kind === "NUMERIC" ? "decimal" : undefined}
              autoComplete="off"
              aria-describedby={
                [question.kind === "NUMERIC" ? `${inputId}-help` : null, hasErrors ? errorId : null]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
              className="block w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
              aria-invalid={hasErrors ? true : undefined}
            />
            {question.kind === "NUMERIC" ? (
              <p id={`${inputId}-help`} className="text-sm text-slate-600">
                {t("quiz.numberHelp")}
              </p>
            ) : null}
          </div>
        )}
        <ErrorList id={errorId} errors={errors} />
      </fieldset>
    </li>
  );
}

/** Every submitted attempt, newest first (open), with each question's grade and explanation. */
function AttemptList({ attempts, language }: { attempts: ReviewedAttempt[]; language: Language }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="quiz-attempts-heading" className="space-y-2">
      <h3 id="quiz-attempts-heading" className="font-semibold">
        {t("quiz.yourAttempts")}
      </h3>
      <ol className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {attempts.map((attempt, index) => {
          const isAnswerHidden = attempt.questions.some((question) => !question.isCorrect && !question.correctAnswer);
          return (
            <li key={attempt.id} id={`quiz-attempt-${attempt.id}`} className="p-3 text-sm">
              <details open={index === 0}>
                <summary className="cursor-pointer">
                  <span className="font-medium">{t("quiz.attemptNumber", { number: attempt.attemptNumber })}</span>
                  {" · "}
                  {t("quiz.submittedAt", { time: formatDateTime(attempt.submittedAt, i18n.language as Language) })}
                  {" · "}
                  {t("quiz.score", {
                    score: attempt.scorePercent,
                    earned: attempt.pointsEarned,
                    possible: attempt.pointsPossible,
                  })}{" "}
                  <span
                    className={
                      attempt.isPassed
                        ? "rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-900"
                        : "rounded bg-amber-100 px-1.5 py-0.5 text-amber-900"
                    }
                  >
                    {t(attempt.isPassed ? "quiz.attemptPassed" : "quiz.attemptNotPassed")}
                  </span>
                </summary>
                <ol className="mt-3 space-y-3">
                  {attempt.questions.map((question, questionIndex) => (
                    <li key={question.questionId} className="rounded-md bg-slate-50 p-3">
                      <p className="text-slate-600">
                        {t("quiz.questionNumber", { number: questionIndex + 1 })} ·{" "}
                        <span className={question.isCorrect ? "text-emerald-800" : "text-red-700"}>
                          {question.isCorrect ? `✓ ${t("quiz.right")}` : `✗ ${t("quiz.wrong")}`}
                        </span>{" "}
                        · {t("quiz.pointsOf", { points: question.points, maxPoints: question.maxPoints })}
                      </p>
                      <p className="mt-1 whitespace-pre-wrap font-medium" lang={language}>
                        {question.prompt}
                      </p>
                      <p className="mt-1">
                        <span className="font-medium">{t("quiz.yourResponse")}</span>{" "}
                        <ResponseText question={question} response={question.response} />
                      </p>
                      {question.correctAnswer ? (
                        <p className="mt-1">
                          <span className="font-medium">{t("quiz.correctAnswer")}</span>{" "}
                          <QuestionAnswerText question={question} answer={question.correctAnswer} />
                        </p>
                      ) : null}
                      {question.explanation ? (
                        <p className="mt-1 whitespace-pre-wrap text-slate-800" lang={language}>
                          <span className="font-medium">{t("quiz.explanation")}</span> {question.explanation}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ol>
                {isAnswerHidden ? <p className="mt-2 text-slate-600">{t("quiz.answersHidden")}</p> : null}
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
