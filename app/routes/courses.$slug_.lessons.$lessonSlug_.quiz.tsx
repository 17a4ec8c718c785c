import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireLessonAccess } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuizPanel, responseFieldName, type QuizActionData } from "~/components/quiz/quiz-panel";
import { loadQuizPanel } from "~/components/quiz/quiz-panel.server";
import { refusalReply } from "~/lib/refusal.server";
import { submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import { QUIZ_ATTEMPT_REFUSALS, saveResponses, startAttempt, submitAttempt } from "~/models/quiz.server";

// A learner takes a lesson's quiz here: POST `start` (with the form's one-time key) opens an attempt,
// `save` keeps the responses so far, `submit` hands the attempt in to be graded. Each goes back to
// the lesson page (303) with the outcome in `?quiz=`; the lesson page's panel posts with a fetcher
// and shows a refusal in place. GET shows the quiz and the learner's attempts on their own, which is
// also where a refusal lands without JavaScript, the message above the form or beside its question.

function lessonRef(params: LoaderFunctionArgs["params"]) {
  return { courseSlug: params.slug ?? "", lessonSlug: params.lessonSlug ?? "" };
}

const quizFormSchema = z
  .object({
    intent: z.enum(["start", "save", "submit"]),
    attemptId: z.string().uuid().optional(),
    // By question id: the choice ids ticked, or the text typed. The model checks each against the attempt.
    responses: z.record(z.union([z.string(), z.array(z.string())])).default({}),
  })
  .refine((form) => form.intent === "start" || form.attemptId !== undefined, { path: ["attemptId"] });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, lesson } = await requireLessonAccess(request, lessonRef(params));
  const panel = await loadQuizPanel({ viewer, lesson });
  if (!panel) throw new Response("Not a quiz", { status: 404 });
  return {
    panel,
    lesson: { slug: lesson.slug, title: lesson.title },
    course: {
      slug: lesson.course.slug,
      code: lesson.course.code,
      title: lesson.course.title,
      language: lesson.course.language,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Time limits are judged by when the form arrived.
  const now = new Date();
  const { viewer, lesson } = await requireLessonAccess(request, lessonRef(params));
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: quizFormSchema });
  if (submission.status !== "success") {
    return data<QuizActionData>({ result: submission.reply({ formErrors: ["error.badRequest"] }) }, { status: 400 });
  }
  const form = submission.value;
  const lessonPath = `/courses/${lesson.course.slug}/lessons/${lesson.slug}`;
  const ref = { viewer, lessonId: lesson.id, now };

  if (form.intent === "start") {
    const started = await startAttempt({ ...ref, submissionKey: submissionKeyFrom(formData) });
    if (!started.ok) return quizRefusal(submission, started);
    return redirect(`${lessonPath}#quiz`, 303);
  }
  const attemptId = form.attemptId ?? "";
  if (form.intent === "save") {
    const saved = await saveResponses({ ...ref, attemptId, responses: form.responses });
    if (!saved.ok) return quizRefusal(submission, saved);
    return redirect(`${lessonPath}?quiz=saved#quiz`, 303);
  }
  const submitted = await submitAttempt({ ...ref, attemptId, responses: form.responses });
  if (!submitted.ok) return quizRefusal(submission, submitted);
  const outcome = submitted.isLate ? "late" : "submitted";
  return redirect(`${lessonPath}?quiz=${outcome}#quiz-attempt-${submitted.result.attemptId}`, 303);
}

type Submission = Parameters<typeof refusalReply>[0];
type QuizRefusal = { ok: false; reason: keyof typeof QUIZ_ATTEMPT_REFUSALS; questionId?: string };

/** A refusal as the form shows it: beside the question it is about, else above the form; with its status. */
function quizRefusal(submission: Submission, refusal: QuizRefusal) {
  if (refusal.reason === "invalidResponse" && refusal.questionId) {
    const spec = QUIZ_ATTEMPT_REFUSALS.invalidResponse;
    const result = submission.reply({ fieldErrors: { [responseFieldName(refusal.questionId)]: [spec.messageKey] } });
    return data<QuizActionData>({ result }, { status: spec.status });
  }
  const { result, init } = refusalReply(submission, QUIZ_ATTEMPT_REFUSALS, refusal);
  return data<QuizActionData>({ result }, init);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "quiz", names: [data?.lesson.title, data?.course.code] }),
];

export default function QuizPage() {
  const { panel, lesson, course } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm text-slate-600">
        <Link to={`/courses/${course.slug}`} className="underline">
          {course.code} {course.title}
        </Link>
      </p>
      <h1 className="mt-1 text-3xl font-bold" lang={course.language}>
        {lesson.title}
      </h1>
      <p className="mt-2 text-sm">
        <Link to={panel.lessonPath} className="underline">
          {t("quiz.backToLesson")}
        </Link>
      </p>
      <QuizPanel panel={panel} actionData={actionData} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
