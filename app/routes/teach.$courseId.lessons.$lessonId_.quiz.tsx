import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  ErrorList,
  Field,
  FormErrors,
  Notice,
  SubmissionKeyField,
  SubmitButton,
  TextareaField,
} from "~/components/forms";
import { QuestionAnswerText } from "~/components/quiz/question-text";
import { MoveButtons } from "~/components/studio/move-buttons";
import { RemoveButton } from "~/components/studio/remove-button";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import {
  isChoiceKind,
  MAX_CHOICES,
  newQuestionFormDefaults,
  QUESTION_KINDS,
  questionFormDefaults,
  questionFormSchema,
} from "~/lib/quiz-questions";
import { refusalData, refusalReply } from "~/lib/refusal.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import {
  addQuestion,
  getQuizForEditing,
  moveQuestion,
  QUIZ_AUTHORING_REFUSALS,
  removeQuestion,
  saveQuizSettings,
  updateQuestion,
  type QuizForEditing,
} from "~/models/quiz.server";

async function loadQuiz(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const quiz = await getQuizForEditing({ courseId: course.id, lessonId: params.lessonId ?? "" });
  if (!quiz) throw new Response("Quiz not found", { status: 404 });
  return { user, course, quiz };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, quiz } = await loadQuiz(request, params);
  // "Add a question" is a GET form choosing the kind, so the kind's own fields show without JavaScript.
  const newKind = QUESTION_KINDS.find((kind) => kind === new URL(request.url).searchParams.get("add")) ?? null;
  return { courseId: course.id, courseSlug: course.slug, quiz, newKind, submissionKey: newSubmissionKey() };
}

const optionalWholeNumber = (maximum: number) =>
  z.coerce
    .number({ invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(1, "validation.numberTooSmall")
    .max(maximum, "validation.numberTooLarge")
    .optional()
    .transform((value) => value ?? null);

const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());

const settingsSchema = z.object({
  intent: z.literal("settings"),
  version: z.coerce.number().int().min(1),
  passingScore: z.coerce
    .number({ required_error: "validation.required", invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(0, "validation.numberTooSmall")
    .max(100, "validation.numberTooLarge"),
  maxAttempts: optionalWholeNumber(100),
  timeLimitMinutes: optionalWholeNumber(600),
  shuffleQuestions: checkbox,
  shuffleChoices: checkbox,
});

const questionFields = z.object({
  intent: z.enum(["add-question", "update-question"]),
  questionId: z.string().optional(),
  version: z.coerce.number().int().min(1).optional(),
});

/** The question form's schema: where it goes (intent, question, version) and the question itself. */
const questionSchema = questionFields.and(questionFormSchema);

const changeSchema = z.object({
  intent: z.enum(["remove-question", "move-question"]),
  questionId: z.string().uuid(),
  direction: z.enum(["up", "down"]).optional(),
});

type QuizEditorActionData = {
  intent: string;
  questionId?: string;
  result?: SubmissionResult<string[]>;
  error?: string;
  /** The quiz as someone else saved it, when this save was based on an older version. */
  theirs?: QuizForEditing;
  savedVersion?: number;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: actor, course, quiz } = await loadQuiz(request, params);
  const ref = { actor, courseId: course.id, lessonId: quiz.lesson.id };
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const questionId = String(formData.get("questionId") ?? "") || undefined;

  if (intent === "settings") {
    const submission = parseWithZod(formData, { schema: settingsSchema });
    if (submission.status !== "success") {
      return data<QuizEditorActionData>({ intent, result: submission.reply() }, { status: 400 });
    }
    const { version, intent: _intent, ...settings } = submission.value;
    const saved = await saveQuizSettings({ ...ref, version, settings });
    if (!saved.ok) {
      const { result, init } = refusalReply(submission, QUIZ_AUTHORING_REFUSALS, saved);
      return data<QuizEditorActionData>(
        { intent, result, theirs: "current" in saved ? saved.current : undefined },
        init,
      );
    }
    return data<QuizEditorActionData>({ intent, result: submission.reply(), savedVersion: saved.version });
  }

  if (intent === "add-question" || intent === "update-question") {
    const submission = parseWithZod(formData, { schema: questionSchema });
    if (submission.status !== "success") {
      return data<QuizEditorActionData>({ intent, questionId, result: submission.reply() }, { status: 400 });
    }
    const { intent: _intent, questionId: _questionId, version, ...question } = submission.value;
    const saved =
      intent === "add-question"
        ? await addQuestion({ ...ref, question, submissionKey: submissionKeyFrom(formData) })
        : await updateQuestion({ ...ref, questionId: questionId ?? "", version: version ?? 0, question });
    if (!saved.ok) {
      const { result, init } = refusalReply(submission, QUIZ_AUTHORING_REFUSALS, saved);
      const theirs = "current" in saved ? saved.current : undefined;
      return data<QuizEditorActionData>({ intent, questionId, result, theirs }, init);
    }
    // A new question is shown in the list, its form closed; the address loses ?add=.
    if ("questionId" in saved) return redirect(`${new URL(request.url).pathname}#question-${saved.questionId}`, 303);
    return data<QuizEditorActionData>({ intent, questionId, result: submission.reply(), savedVersion: saved.version });
  }

  const parsed = changeSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  const change = parsed.data;
  const changed =
    change.intent === "remove-question"
      ? await removeQuestion({ ...ref, questionId: change.questionId })
      : await moveQuestion({ ...ref, questionId: change.questionId, direction: change.direction ?? "up" });
  if (!changed.ok) {
    const refused = refusalData(QUIZ_AUTHORING_REFUSALS, changed);
    return data<QuizEditorActionData>({ intent, questionId, error: refused.data.error }, refused.init ?? undefined);
  }
  return data<QuizEditorActionData>({ intent, questionId, savedVersion: changed.version });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "quizEditor", area: "studio", names: [data?.quiz.lesson.title] }),
];

type Question = QuizForEditing["questions"][number];

export default function QuizEditorPage() {
  const { courseId, courseSlug, quiz, newKind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lessonPath = `/teach/${courseId}/lessons/${quiz.lesson.id}`;
  const listError = actionData?.intent === "remove-question" || actionData?.intent === "move-question";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link to={lessonPath} className="underline">
          {t("studio.quizEditor.backToLesson")}
        </Link>
        <div className="flex flex-wrap gap-2">
          <Link to={`${lessonPath}/results`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
            {t("studio.quizResults")}
          </Link>
          <Link
            to={`/courses/${courseSlug}/lessons/${quiz.lesson.slug}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium"
          >
            {t("studio.previewLessonAsLearner")}
          </Link>
        </div>
      </div>
      <h2 className="text-xl font-semibold">{t("studio.quizEditor.title", { lesson: quiz.lesson.title })}</h2>
      {quiz.attemptCount > 0 ? (
        <Notice>{t("studio.quizEditor.attemptsExist", { count: quiz.attemptCount })}</Notice>
      ) : null}
      {quiz.archivedQuestionCount > 0 ? (
        <p className="text-sm text-slate-600">
          {t("studio.quizEditor.archivedQuestions", { count: quiz.archivedQuestionCount })}
        </p>
      ) : null}

      <SettingsForm quiz={quiz} />

      <section aria-labelledby="questions-heading" className="space-y-3">
        <h3 id="questions-heading" className="text-lg font-semibold">
          {t("studio.quizEditor.questions", { count: quiz.questions.length })}
        </h3>
        {listError && actionData?.error ? <FormErrors errors={[actionData.error]} /> : null}
        {quiz.questions.length === 0 ? (
          <p className="text-sm text-slate-600">{t("studio.quizEditor.noQuestions")}</p>
        ) : null}
        <ol className="space-y-3">
          {quiz.questions.map((question, index) => (
            <QuestionItem
              key={question.id}
              question={question}
              number={index + 1}
              isFirst={index === 0}
              isLast={index === quiz.questions.length - 1}
            />
          ))}
        </ol>
      </section>

      <AddQuestion newKind={newKind} />
    </div>
  );
}

/** The last action's answer when it was about this form (one question, or the settings). */
function useActionFor(intents: string[], questionId?: string) {
  const actionData = useActionData<typeof action>();
  if (!actionData || !intents.includes(actionData.intent)) return undefined;
  if (questionId !== undefined && actionData.questionId !== questionId) return undefined;
  return actionData;
}

function SettingsForm({ quiz }: { quiz: QuizForEditing }) {
  const { t, i18n } = useTranslation();
  const actionData = useActionFor(["settings"]);
  const theirs = actionData?.theirs;
  const [form, fields] = useForm({
    id: `quiz-settings-${quiz.version}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(settingsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: settingsSchema }),
    defaultValue: {
      passingScore: String(quiz.passingScore),
      maxAttempts: quiz.maxAttempts === null ? "" : String(quiz.maxAttempts),
      timeLimitMinutes: quiz.timeLimitMinutes === null ? "" : String(quiz.timeLimitMinutes),
      shuffleQuestions: quiz.shuffleQuestions ? "on" : undefined,
      shuffleChoices: quiz.shuffleChoices ? "on" : undefined,
    },
  });
  return (
    <section aria-labelledby="settings-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 id="settings-heading" className="text-lg font-semibold">
        {t("studio.quizEditor.settings")}
      </h3>
      {actionData?.savedVersion ? <Notice tone="success">{t("studio.saved")}</Notice> : null}
      {theirs ? (
        <TheirVersion theirs={theirs} language={i18n.language as Language}>
          <p>
            {t("studio.quizEditor.theirSettings", {
              passingScore: theirs.passingScore,
              maxAttempts: theirs.maxAttempts ?? t("quiz.unlimited"),
              timeLimit: theirs.timeLimitMinutes ?? t("quiz.noTimeLimit"),
            })}
          </p>
        </TheirVersion>
      ) : null}
      <Form method="post" {...getFormProps(form)} key={form.id} className="mt-3 space-y-4">
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="version" value={String(theirs?.version ?? quiz.version)} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label={t("studio.quizEditor.passingScore")}
            description={t("studio.quizEditor.passingScoreHelp")}
            inputProps={{ ...getInputProps(fields.passingScore, { type: "number" }), min: 0, max: 100 }}
            errors={fields.passingScore.errors}
          />
          <Field
            label={t("studio.quizEditor.maxAttempts")}
            description={t("studio.quizEditor.maxAttemptsHelp")}
            inputProps={{ ...getInputProps(fields.maxAttempts, { type: "number" }), min: 1, max: 100 }}
            errors={fields.maxAttempts.errors}
          />
          <Field
            label={t("studio.quizEditor.timeLimitMinutes")}
            description={t("studio.quizEditor.timeLimitHelp")}
            inputProps={{ ...getInputProps(fields.timeLimitMinutes, { type: "number" }), min: 1, max: 600 }}
            errors={fields.timeLimitMinutes.errors}
          />
        </div>
        <div className="flex flex-wrap gap-6 text-sm font-medium">
          <label className="flex items-center gap-2">
            <input {...getInputProps(fields.shuffleQuestions, { type: "checkbox" })} />
            {t("studio.quizEditor.shuffleQuestions")}
          </label>
          <label className="flex items-center gap-2">
            <input {...getInputProps(fields.shuffleChoices, { type: "checkbox" })} />
            {t("studio.quizEditor.shuffleChoices")}
          </label>
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("studio.quizEditor.saveSettings")}</SubmitButton>
      </Form>
    </section>
  );
}

/** What someone else saved since this page loaded, shown beside what was typed (which stays in the form). */
function TheirVersion({
  theirs,
  language,
  children,
}: {
  theirs: QuizForEditing;
  language: Language;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="mt-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      <p className="font-semibold">
        {t("studio.theirVersionAt", { time: formatDateTime(theirs.updatedAt, language) })}
      </p>
      {children}
      <p>{t("studio.quizEditor.staleHelp")}</p>
    </div>
  );
}

function QuestionItem({
  question,
  number,
  isFirst,
  isLast,
}: {
  question: Question;
  number: number;
  isFirst: boolean;
  isLast: boolean;
}) {
  const { t } = useTranslation();
  const { quiz } = useLoaderData<typeof loader>();
  const saved = useActionFor(["update-question"], question.id);
  const changed = useActionFor(["remove-question", "move-question"], question.id);
  const label = t("studio.quizEditor.questionNumber", { number });
  const hasProblem = saved?.result?.status === "error" || saved?.theirs !== undefined;
  return (
    <li id={`question-${question.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <p className="text-sm text-slate-600">
            {label} · {t(`quiz.kind.${question.kind}`)} · {t("quiz.points", { count: question.points })}
            {question.answeredCount > 0
              ? ` · ${t("studio.quizEditor.answeredBy", { count: question.answeredCount })}`
              : ""}
          </p>
          <p className="mt-1 whitespace-pre-wrap font-medium">{question.prompt}</p>
          <p className="mt-1 text-sm text-slate-700">
            {t("studio.quizEditor.correctAnswer")} <QuestionAnswerText question={question} answer={question.answer} />
          </p>
        </div>
        <MoveButtons
          intent="move-question"
          idName="questionId"
          id={question.id}
          label={label}
          canMoveUp={!isFirst}
          canMoveDown={!isLast}
        />
        <RemoveButton
          intent="remove-question"
          idName="questionId"
          id={question.id}
          label={label}
          confirmText={question.answeredCount > 0 ? t("studio.quizEditor.removeAnsweredConfirm") : undefined}
        />
      </div>
      {changed?.error ? <FormErrors errors={[changed.error]} /> : null}
      {saved?.savedVersion ? <Notice tone="success">{t("studio.saved")}</Notice> : null}
      <details className="mt-3" open={hasProblem}>
        <summary className="cursor-pointer text-sm font-medium underline">
          {t("studio.quizEditor.editQuestion", { number })}
        </summary>
        {saved?.theirs ? <TheirQuestion theirs={saved.theirs} questionId={question.id} /> : null}
        <QuestionForm
          formId={`question-${question.id}-${quiz.version}`}
          intent="update-question"
          kind={question.kind}
          questionId={question.id}
          version={saved?.theirs?.version ?? quiz.version}
          defaultValue={questionFormDefaults(question, { blankChoices: 2 })}
          lastResult={saved?.result}
          submitLabel={t("studio.quizEditor.saveQuestion")}
          answeredCount={question.answeredCount}
        />
      </details>
    </li>
  );
}

function TheirQuestion({ theirs, questionId }: { theirs: QuizForEditing; questionId: string }) {
  const { t, i18n } = useTranslation();
  const question = theirs.questions.find((candidate) => candidate.id === questionId);
  return (
    <TheirVersion theirs={theirs} language={i18n.language as Language}>
      {question ? (
        <>
          <p className="whitespace-pre-wrap font-medium">{question.prompt}</p>
          <p>
            {t("studio.quizEditor.correctAnswer")} <QuestionAnswerText question={question} answer={question.answer} />
          </p>
        </>
      ) : (
        <p>{t("studio.quizEditor.theirRemoved")}</p>
      )}
    </TheirVersion>
  );
}

/** Choose a kind (a GET form, so it works without JavaScript), then fill in that kind's question. */
function AddQuestion({ newKind }: { newKind: (typeof QUESTION_KINDS)[number] | null }) {
  const { t } = useTranslation();
  const { quiz, submissionKey } = useLoaderData<typeof loader>();
  const added = useActionFor(["add-question"]);
  return (
    <section aria-labelledby="add-question-heading" className="rounded-lg border border-dashed border-slate-300 p-4">
      <h3 id="add-question-heading" className="text-lg font-semibold">
        {t("studio.quizEditor.addQuestion")}
      </h3>
      <Form method="get" className="mt-2 flex flex-wrap items-end gap-2 text-sm">
        <label>
          <span className="block font-medium">{t("studio.quizEditor.kind")}</span>
          <select
            name="add"
            defaultValue={newKind ?? "SINGLE_CHOICE"}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1"
          >
            {QUESTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`quiz.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
          {t("studio.quizEditor.chooseKind")}
        </button>
      </Form>
      {newKind ? (
        <div className="mt-4">
          <p className="text-sm font-medium">
            {t("studio.quizEditor.newQuestionOf", { kind: t(`quiz.kind.${newKind}`) })}
          </p>
          <QuestionForm
            formId={`new-question-${newKind}-${quiz.version}`}
            intent="add-question"
            kind={newKind}
            version={quiz.version}
            defaultValue={newQuestionFormDefaults(newKind, quiz.courseLanguage)}
            lastResult={added?.result}
            submissionKey={submissionKey}
            submitLabel={t("studio.quizEditor.addThisQuestion")}
            answeredCount={0}
          />
        </div>
      ) : null}
    </section>
  );
}

/** One question's fields, by its kind: choices with the right ones marked, accepted answers, or a number. */
function QuestionForm({
  formId,
  intent,
  kind,
  questionId,
  version,
  defaultValue,
  lastResult,
  submissionKey,
  submitLabel,
  answeredCount,
}: {
  formId: string;
  intent: "add-question" | "update-question";
  kind: (typeof QUESTION_KINDS)[number];
  questionId?: string;
  version: number;
  defaultValue: ReturnType<typeof questionFormDefaults>;
  lastResult?: SubmissionResult<string[]>;
  submissionKey?: string;
  submitLabel: string;
  answeredCount: number;
}) {
  const { t } = useTranslation();
  const isSingleAnswer = kind === "SINGLE_CHOICE" || kind === "TRUE_FALSE";
  const [form, fields] = useForm({
    id: formId,
    lastResult,
    constraint: getZodConstraint(questionFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: questionSchema }),
    // A radio group holds one value; checkboxes a list.
    defaultValue: { ...defaultValue, correct: isSingleAnswer ? (defaultValue.correct[0] ?? "") : defaultValue.correct },
  });
  const choices = fields.choices.getFieldList();
  const correctOptions = getCollectionProps(fields.correct, {
    type: isSingleAnswer ? "radio" : "checkbox",
    options: choices.map((_choice, index) => String(index)),
  });
  return (
    <Form method="post" {...getFormProps(form)} key={form.id} className="mt-3 space-y-4">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="version" value={String(version)} />
      {questionId ? <input type="hidden" name="questionId" value={questionId} /> : null}
      {submissionKey ? <SubmissionKeyField value={submissionKey} /> : null}
      <TextareaField
        label={t("studio.quizEditor.prompt")}
        textareaProps={{ ...getTextareaProps(fields.prompt), rows: 3 }}
        errors={fields.prompt.errors}
      />
      {isChoiceKind(kind) ? (
        <fieldset
          className="space-y-2"
          aria-describedby={fields.correct.errors?.length ? `${form.id}-correct-error` : undefined}
        >
          <legend className="text-sm font-medium">
            {t(isSingleAnswer ? "studio.quizEditor.choicesOne" : "studio.quizEditor.choicesMany")}
          </legend>
          {kind === "TRUE_FALSE" ? null : (
            <p className="text-sm text-slate-600">{t("studio.quizEditor.choicesHelp", { max: MAX_CHOICES })}</p>
          )}
          <ul className="space-y-2">
            {choices.map((choice, index) => {
              const choiceFields = choice.getFieldset();
              const { key: correctKey, ...correctProps } = correctOptions[index]!;
              const label = t("studio.quizEditor.choiceNumber", { number: index + 1 });
              return (
                <li key={choice.key} className="flex items-center gap-2">
                  <input {...getInputProps(choiceFields.id, { type: "hidden" })} key={choiceFields.id.key} />
                  <input
                    key={correctKey}
                    {...correctProps}
                    aria-label={t("studio.quizEditor.markCorrect", { choice: label })}
                  />
                  <label htmlFor={choiceFields.text.id} className="sr-only">
                    {label}
                  </label>
                  <input
                    {...getInputProps(choiceFields.text, { type: "text" })}
                    key={choiceFields.text.key}
                    placeholder={label}
                    className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5"
                  />
                </li>
              );
            })}
          </ul>
          <ErrorList errors={fields.choices.errors} />
          <ErrorList id={`${form.id}-correct-error`} errors={fields.correct.errors} />
        </fieldset>
      ) : null}
      {kind === "SHORT_ANSWER" ? (
        <TextareaField
          label={t("studio.quizEditor.accepted")}
          description={t("studio.quizEditor.acceptedHelp")}
          textareaProps={{ ...getTextareaProps(fields.accepted), rows: 3 }}
          errors={fields.accepted.errors}
        />
      ) : null}
      {kind === "NUMERIC" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("studio.quizEditor.value")}
            description={t("quiz.numberHelp")}
            inputProps={{ ...getInputProps(fields.value, { type: "text" }), inputMode: "decimal" }}
            errors={fields.value.errors}
          />
          <Field
            label={t("studio.quizEditor.tolerance")}
            description={t("studio.quizEditor.toleranceHelp")}
            inputProps={{ ...getInputProps(fields.tolerance, { type: "text" }), inputMode: "decimal" }}
            errors={fields.tolerance.errors}
          />
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <Field
          label={t("studio.quizEditor.points")}
          inputProps={{ ...getInputProps(fields.points, { type: "number" }), min: 0, max: 1000 }}
          errors={fields.points.errors}
        />
        <TextareaField
          label={t("studio.quizEditor.explanation")}
          description={t("studio.quizEditor.explanationHelp")}
          textareaProps={{ ...getTextareaProps(fields.explanation), rows: 2 }}
          errors={fields.explanation.errors}
        />
      </div>
      {answeredCount > 0 ? <p className="text-sm text-amber-800">{t("studio.quizEditor.editAnsweredHelp")}</p> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton>{submitLabel}</SubmitButton>
        {intent === "add-question" ? (
          <Link to="." className="text-sm underline">
            {t("studio.quizEditor.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
