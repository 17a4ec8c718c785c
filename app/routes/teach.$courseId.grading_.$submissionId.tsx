import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SubmitButton, TextareaField } from "~/components/forms";
import { gradingFilterFrom, gradingFilterQuery, gradingSchema } from "~/lib/assignment-forms";
import { formatDateTime, formatFileSize, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  findNextUngradedSubmission,
  getSubmissionForGrading,
  gradeSubmission,
  GRADING_REFUSALS,
  returnSubmission,
  type SubmissionForGrading,
} from "~/models/assignment.server";

function guard(request: Request, params: LoaderFunctionArgs["params"]) {
  return requireCoursePermission(request, { courseId: params.courseId ?? "", action: "course:manage" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await guard(request, params);
  const filter = gradingFilterFrom(new URL(request.url).searchParams);
  const found = await getSubmissionForGrading({
    actor: user,
    courseId: course.id,
    submissionId: params.submissionId ?? "",
    filter,
  });
  if (!found.ok) throw refusalResponse(GRADING_REFUSALS, found);
  const { submission, attempts, queue } = found;
  return { courseId: course.id, courseSlug: course.slug, filter, submission, attempts, queue };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await guard(request, params);
  const submissionId = params.submissionId ?? "";
  const filter = gradingFilterFrom(new URL(request.url).searchParams);
  const submission = parseWithZod(await request.formData(), { schema: gradingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const change = { actor: user, courseId: course.id, submissionId, ipAddress: getClientIp(context) };
  const { intent, feedback } = submission.value;
  const saved =
    intent === "grade"
      ? await gradeSubmission({ ...change, points: submission.value.points, feedback })
      : await returnSubmission({ ...change, feedback });
  if (!saved.ok) {
    const { result, init } = refusalReply(submission, GRADING_REFUSALS, saved);
    return data({ result }, init);
  }
  // On to the next submission waiting for a grade, or back to the queue when none is left.
  const nextId = await findNextUngradedSubmission({
    actor: user,
    courseId: course.id,
    afterSubmissionId: submissionId,
    lessonId: filter.lessonId,
  });
  const base = `/teach/${course.id}/grading`;
  return redirect(`${base}${nextId ? `/${nextId}` : ""}${gradingFilterQuery(filter, { saved: intent })}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, {
    page: "grading",
    area: "studio",
    names: [data?.submission.user.name, data?.submission.assignment.lesson.title],
  }),
];

type Shown = SubmissionForGrading["submission"];

export default function GradingPage() {
  const { courseId, courseSlug, filter, submission, attempts, queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const filterQuery = gradingFilterQuery(filter);
  const queuePath = `/teach/${courseId}/grading`;
  const saved = searchParams.get("saved");
  const { assignment } = submission;

  return (
    <div className="space-y-6">
      <nav
        aria-label={t("studio.grading.queueNavigation")}
        className="flex flex-wrap items-center justify-between gap-2 text-sm"
      >
        <Link to={`${queuePath}${filterQuery}`} className="underline">
          {t("studio.grading.backToQueue")}
        </Link>
        <span className="flex flex-wrap items-center gap-4">
          {queue.previousId ? (
            <Link to={`${queuePath}/${queue.previousId}${filterQuery}`} rel="prev" className="underline">
              ← {t("studio.grading.previous")}
            </Link>
          ) : null}
          {queue.position > 0 ? (
            <span>{t("studio.grading.position", { position: queue.position, total: queue.totalCount })}</span>
          ) : null}
          {queue.nextId ? (
            <Link to={`${queuePath}/${queue.nextId}${filterQuery}`} rel="next" className="underline">
              {t("studio.grading.next")} →
            </Link>
          ) : null}
        </span>
      </nav>
      {saved === "grade" || saved === "return" ? (
        <Notice tone="success">
          {t(`studio.grading.saved.${saved}`)} {t("studio.grading.nextShown")}
        </Notice>
      ) : null}

      <header className="space-y-1">
        <h2 className="text-xl font-semibold">
          {submission.user.name} <span className="text-base font-normal text-slate-600">{submission.user.email}</span>
        </h2>
        <p className="text-sm text-slate-700">
          <Link to={`/courses/${courseSlug}/lessons/${assignment.lesson.slug}`} className="underline">
            {assignment.lesson.title}
          </Link>
          {" · "}
          {t("studio.grading.attemptOf", { number: submission.attemptNumber, total: attempts.length })}
          {" · "}
          {t(`studio.grading.statusName.${submission.status}`)}
        </p>
        <p className="text-sm text-slate-700">
          {t("assignment.submittedAt", { time: formatDateTime(submission.submittedAt, language) })}
          {assignment.dueAt
            ? ` · ${t("assignment.dueAt", { time: formatDateTime(assignment.dueAt, language), timeZone: timeZoneLabel(t) })}`
            : ""}
          {submission.isMarkedLate ? (
            <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">{t("assignment.late")}</span>
          ) : submission.isLate ? (
            <span className="ml-2 text-slate-500">{t("studio.grading.afterDue")}</span>
          ) : null}
        </p>
      </header>

      <SubmittedWork submission={submission} courseSlug={courseSlug} />

      {submission.isLatest ? (
        <GradeForm
          key={`${submission.id}-${submission.status}-${submission.points ?? ""}`}
          submission={submission}
          lastResult={actionData?.result}
        />
      ) : (
        <Notice>
          {t("studio.grading.supersededNotice")}{" "}
          {attempts[0] ? (
            <Link to={`${queuePath}/${attempts[0].id}${filterQuery}`} className="font-semibold underline">
              {t("studio.grading.openLatest")}
            </Link>
          ) : null}
        </Notice>
      )}

      {attempts.length > 1 ? (
        <section aria-labelledby="attempts-heading" className="space-y-2">
          <h3 id="attempts-heading" className="font-semibold">
            {t("studio.grading.allAttemptsHeading")}
          </h3>
          <ol className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm">
            {attempts.map((attempt) => (
              <li key={attempt.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  {t("assignment.attempt", { number: attempt.attemptNumber })} ·{" "}
                  {formatDateTime(attempt.submittedAt, language)} · {t(`studio.grading.statusName.${attempt.status}`)}
                  {attempt.points !== null ? ` · ${attempt.points} / ${assignment.maxPoints}` : ""}
                </span>
                {attempt.id === submission.id ? (
                  <span className="text-slate-500">{t("studio.grading.shownHere")}</span>
                ) : (
                  <Link to={`${queuePath}/${attempt.id}${filterQuery}`} className="underline">
                    {t("studio.grading.openAttempt", { number: attempt.attemptNumber })}
                  </Link>
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

/** The text and files handed in. */
function SubmittedWork({ submission, courseSlug }: { submission: Shown; courseSlug: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="work-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h3 id="work-heading" className="font-semibold">
        {t("studio.grading.work")}
      </h3>
      {submission.body ? (
        <p className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-sm">
          {submission.body}
        </p>
      ) : (
        <p className="text-sm text-slate-600">{t("studio.grading.noText")}</p>
      )}
      {submission.files.length > 0 ? (
        <ul className="space-y-1 text-sm">
          {submission.files.map((file) => (
            <li key={file.id}>
              <a
                href={`/courses/${courseSlug}/submissions/${submission.id}/files/${file.id}`}
                className="underline"
                download
              >
                {file.fileName}
              </a>{" "}
              <span className="text-slate-600">({formatFileSize(file.byteSize, language)})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function GradeForm({
  submission,
  lastResult,
}: {
  submission: Shown;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const navigation = useNavigation();
  const { assignment } = submission;
  const [form, fields] = useForm({
    id: `grade-${submission.id}`,
    lastResult,
    constraint: getZodConstraint(gradingSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: gradingSchema }),
    defaultValue: {
      points: submission.status === "GRADED" && submission.points !== null ? String(submission.points) : "",
      feedback: submission.feedback ?? "",
    },
  });
  const isBusy = navigation.state !== "idle";
  // A learner cannot hand in again after the due time when late work is refused.
  const isReturnFutile =
    assignment.latePolicy === "REFUSE" && assignment.dueAt !== null && new Date(assignment.dueAt) < new Date();

  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 className="font-semibold">{t("studio.grading.gradeHeading")}</h3>
      {submission.status === "GRADED" && submission.gradedAt ? (
        <p className="text-sm text-slate-700">
          {t("studio.grading.gradedBy", {
            points: submission.points ?? 0,
            maxPoints: assignment.maxPoints,
            name: submission.gradedBy?.name ?? "—",
            time: formatDateTime(submission.gradedAt, language),
          })}
        </p>
      ) : null}
      {submission.status === "RETURNED" && submission.gradedAt ? (
        <p className="text-sm text-slate-700">
          {t("studio.grading.returnedBy", {
            name: submission.gradedBy?.name ?? "—",
            time: formatDateTime(submission.gradedAt, language),
          })}
        </p>
      ) : null}
      <Field
        label={t("studio.grading.points")}
        description={t("studio.grading.pointsHelp", {
          maxPoints: assignment.maxPoints,
          passingPoints: assignment.passingPoints,
        })}
        inputProps={{ ...getInputProps(fields.points, { type: "number" }), min: 0, max: assignment.maxPoints }}
        errors={fields.points.errors}
      />
      <TextareaField
        label={t("studio.grading.feedback")}
        description={t("studio.grading.feedbackHelp")}
        textareaProps={{ ...getTextareaProps(fields.feedback), rows: 8 }}
        errors={fields.feedback.errors}
      />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="flex flex-wrap items-center gap-2">
        <SubmitButton name="intent" value="grade" disabled={isBusy}>
          {t("studio.grading.saveGrade")}
        </SubmitButton>
        <button
          type="submit"
          name="intent"
          value="return"
          disabled={isBusy}
          // Points need not be valid to send work back.
          formNoValidate
          className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium disabled:opacity-60"
        >
          {t("studio.grading.returnForResubmission")}
        </button>
      </div>
      {isReturnFutile ? <p className="text-sm text-amber-800">{t("studio.grading.returnAfterRefusingDue")}</p> : null}
      <p className="text-sm text-slate-600">{t("studio.grading.afterSaving")}</p>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
