// An assignment on its lesson page: what to hand in and by when, the learner's status, the form to
// hand in (text and/or files), and every attempt with its grade and feedback. Its data comes from
// loadAssignmentPanel (assignment-panel.server.ts). The form posts multipart to `action` (the
// lesson's /submission route) through a fetcher, so a refusal shows beside its field without
// leaving the page and what was typed stays; without JavaScript it is a plain form, and the
// submission route's own page shows the refusal.
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Link, useFetcher, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AssignmentPanelData } from "~/components/assignment/assignment-panel.server";
import {
  FormErrors,
  Notice,
  SubmissionKeyField,
  SubmitButton,
  TextareaField,
  useOneSubmissionAtATime,
} from "~/components/forms";
import { submissionSchema } from "~/lib/assignment-forms";
import { formatDateTime, formatFileSize, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import {
  acceptAttribute,
  submissionUploadLimits,
  UPLOAD_FIELD,
  type UploadFormError,
  type UploadKindLimits,
} from "~/lib/upload-limits";

/** What the submission route's action answers when it refuses (it redirects when it takes the submission). */
export type SubmissionActionData = { result?: SubmissionResult<string[]>; uploadError?: UploadFormError };

type Submission = AssignmentPanelData["submissions"][number];

export function AssignmentPanel({
  panel,
  action,
  actionData,
}: {
  panel: AssignmentPanelData;
  /** Where the form posts: /courses/:slug/lessons/:lessonSlug/submission. */
  action: string;
  /** The submission route's answer, when its own page shows the panel after a refusal. */
  actionData?: SubmissionActionData;
}) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const { settings, submissions, opening } = panel;
  const latest = submissions[0];

  return (
    <section
      aria-labelledby="assignment-heading"
      className="mt-8 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="assignment-heading" className="text-xl font-semibold">
        {t("assignment.heading")}
      </h2>
      <AssignmentFacts settings={settings} />
      {searchParams.get("submitted") === "1" ? <Notice tone="success">{t("assignment.received")}</Notice> : null}
      <LatestStatus latest={latest} latePolicy={settings.latePolicy} maxPoints={settings.maxPoints} />
      {panel.isPreview ? (
        <Notice>
          {t("assignment.preview")}{" "}
          {panel.gradingPath ? (
            <Link to={panel.gradingPath} className="font-semibold underline">
              {t("assignment.openGrading")}
            </Link>
          ) : null}
        </Notice>
      ) : opening.canSubmit ? (
        <SubmissionForm panel={panel} action={action} actionData={actionData} />
      ) : (
        <p role="status" className="text-sm text-slate-700">
          {t(`assignment.blocked.${opening.reason}`)}
        </p>
      )}
      {submissions.length > 0 ? (
        <AttemptHistory
          submissions={submissions}
          courseSlug={panel.courseSlug}
          latePolicy={settings.latePolicy}
          maxPoints={settings.maxPoints}
        />
      ) : null}
    </section>
  );
}

/** The due time, the late policy, the points and what may be handed in. */
function AssignmentFacts({ settings }: { settings: AssignmentPanelData["settings"] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const limits = submissionUploadLimits(settings);
  const answerKind = settings.allowsText && settings.allowsFile ? "both" : settings.allowsFile ? "files" : "text";
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
      <dt className="font-medium text-slate-600">{t("assignment.due")}</dt>
      <dd>
        {settings.dueAt
          ? t("assignment.dueTime", { time: formatDateTime(settings.dueAt, language), timeZone: timeZoneLabel(t) })
          : t("assignment.noDueDate")}
        {settings.dueAt ? (
          <span className="block text-slate-600">{t(`assignment.latePolicy.${settings.latePolicy}`)}</span>
        ) : null}
      </dd>
      <dt className="font-medium text-slate-600">{t("assignment.points")}</dt>
      <dd>{t("assignment.pointsRule", { maxPoints: settings.maxPoints, passingPoints: settings.passingPoints })}</dd>
      <dt className="font-medium text-slate-600">{t("assignment.handIn")}</dt>
      <dd>
        {t(`assignment.answerKind.${answerKind}`)}
        {settings.allowsFile ? (
          <span className="block text-slate-600">
            <FileLimits limits={limits} isRestricted={settings.fileExtensions.length > 0} />
          </span>
        ) : null}
      </dd>
    </dl>
  );
}

function FileLimits({ limits, isRestricted }: { limits: UploadKindLimits; isRestricted: boolean }) {
  const { t, i18n } = useTranslation();
  const values = {
    count: limits.maxFiles,
    maxSize: formatFileSize(limits.maxFileBytes, i18n.language as Language),
    types: Object.keys(limits.types).join(", "),
  };
  return <>{t(isRestricted ? "assignment.fileLimitsTypes" : "assignment.fileLimits", values)}</>;
}

/** The latest attempt's status in words: submitted (late), graded with its points, or returned. */
function LatestStatus({
  latest,
  latePolicy,
  maxPoints,
}: {
  latest: Submission | undefined;
  latePolicy: AssignmentPanelData["settings"]["latePolicy"];
  maxPoints: number;
}) {
  const { t } = useTranslation();
  if (!latest) return <p className="text-sm font-medium">{t("assignment.status.none")}</p>;
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-3 text-sm">
      <p className="font-semibold">
        <StatusWords submission={latest} latePolicy={latePolicy} maxPoints={maxPoints} />
      </p>
      {latest.feedback ? (
        <div>
          <p className="font-medium">{t("assignment.feedback")}</p>
          <p className="whitespace-pre-line text-slate-800">{latest.feedback}</p>
        </div>
      ) : null}
    </div>
  );
}

function StatusWords({
  submission,
  latePolicy,
  maxPoints,
}: {
  submission: Submission;
  latePolicy: AssignmentPanelData["settings"]["latePolicy"];
  maxPoints: number;
}) {
  const { t } = useTranslation();
  const isMarkedLate = submission.isLate && latePolicy === "MARK_LATE";
  return (
    <>
      {t(`assignment.status.${submission.status}`)}
      {submission.status === "GRADED" && submission.points !== null ? (
        <>
          {" · "}
          {t("assignment.grade", { points: submission.points, maxPoints })}{" "}
          {t(submission.isPassing ? "assignment.passed" : "assignment.notPassed")}
        </>
      ) : null}
      {isMarkedLate ? (
        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">{t("assignment.late")}</span>
      ) : null}
    </>
  );
}

function SubmissionForm({
  panel,
  action,
  actionData,
}: {
  panel: AssignmentPanelData;
  action: string;
  actionData?: SubmissionActionData;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const fetcher = useFetcher<SubmissionActionData>();
  const reply = fetcher.data ?? actionData;
  const { settings, opening } = panel;
  const limits = submissionUploadLimits(settings);
  const [form, fields] = useForm({
    // A new attempt empties the form; a refusal (and the reload after it, which brings a new
    // one-time key) keeps what was typed.
    id: `submission-${panel.submissions.length}`,
    lastResult: reply?.result,
    constraint: getZodConstraint(submissionSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: submissionSchema }),
  });
  const uploadError = reply?.uploadError;
  const uploadMessage = uploadError
    ? t(uploadError.messageKey, {
        fileName: uploadError.fileName ?? "",
        count: limits.maxFiles,
        maxSize: formatFileSize(limits.maxFileBytes, language),
      })
    : null;
  // A refusal about the files ("this assignment takes no files") comes as the `files` field's error.
  const fileErrors = form.allErrors.files;
  const isSubmitting = fetcher.state !== "idle";
  const latest = panel.submissions[0];
  const fileHelpId = "submission-files-help";
  const fileErrorId = "submission-files-error";
  const letThrough = useOneSubmissionAtATime(fetcher.state);
  const formProps = getFormProps(form);

  return (
    <fetcher.Form
      method="post"
      action={action}
      encType="multipart/form-data"
      {...formProps}
      onSubmit={(event) => {
        formProps.onSubmit(event);
        if (!event.defaultPrevented) letThrough(event);
      }}
      className="space-y-4"
    >
      <SubmissionKeyField value={panel.submissionKey} />
      {latest?.status === "SUBMITTED" ? <p className="text-sm text-slate-700">{t("assignment.replaceHelp")}</p> : null}
      {opening.canSubmit && opening.isLate ? (
        <p className="text-sm text-amber-800">{t(`assignment.lateNow.${settings.latePolicy}`)}</p>
      ) : null}
      {settings.allowsText ? (
        <TextareaField
          label={t("assignment.answer")}
          description={settings.allowsFile ? t("assignment.answerHelpWithFiles") : undefined}
          textareaProps={{ ...getTextareaProps(fields.body), rows: 10 }}
          errors={fields.body.errors}
        />
      ) : null}
      {settings.allowsFile ? (
        <div className="space-y-1">
          <label htmlFor="submission-files" className="block text-sm font-medium">
            {t("assignment.files")}
          </label>
          <input
            id="submission-files"
            type="file"
            name={UPLOAD_FIELD.submission}
            multiple={limits.maxFiles > 1}
            // Without a text answer the files are the answer.
            required={!settings.allowsText}
            accept={acceptAttribute(limits)}
            aria-invalid={uploadMessage || fileErrors?.length ? true : undefined}
            aria-describedby={uploadMessage || fileErrors?.length ? `${fileHelpId} ${fileErrorId}` : fileHelpId}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
          />
          <p id={fileHelpId} className="text-sm text-slate-600">
            <FileLimits limits={limits} isRestricted={settings.fileExtensions.length > 0} />
          </p>
          {uploadMessage || fileErrors?.length ? (
            <div id={fileErrorId} role="alert" className="text-sm text-red-700">
              {uploadMessage ? <p>{uploadMessage}</p> : null}
              {fileErrors?.map((error) => (
                <p key={error}>{t(error)}</p>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton disabled={isSubmitting}>
        {isSubmitting ? t("assignment.submitting") : t(latest ? "assignment.submitAgain" : "assignment.submit")}
      </SubmitButton>
    </fetcher.Form>
  );
}

/** Every attempt, newest first: when, its status and grade, feedback, the text and the files. */
function AttemptHistory({
  submissions,
  courseSlug,
  latePolicy,
  maxPoints,
}: {
  submissions: Submission[];
  courseSlug: string;
  latePolicy: AssignmentPanelData["settings"]["latePolicy"];
  maxPoints: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="attempts-heading" className="space-y-2">
      <h3 id="attempts-heading" className="font-semibold">
        {t("assignment.attempts")}
      </h3>
      <ol className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {submissions.map((submission) => (
          <li key={submission.id} className="space-y-2 p-3 text-sm">
            <p>
              <span className="font-medium">{t("assignment.attempt", { number: submission.attemptNumber })}</span>
              {" · "}
              {t("assignment.submittedAt", { time: formatDateTime(submission.submittedAt, language) })}
              {" · "}
              <StatusWords submission={submission} latePolicy={latePolicy} maxPoints={maxPoints} />
            </p>
            {submission.feedback && submission !== submissions[0] ? (
              <p className="whitespace-pre-line text-slate-700">
                <span className="font-medium">{t("assignment.feedback")}: </span>
                {submission.feedback}
              </p>
            ) : null}
            {submission.body ? (
              <details>
                <summary className="cursor-pointer">{t("assignment.yourAnswer")}</summary>
                <p className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-50 p-2">{submission.body}</p>
              </details>
            ) : null}
            {submission.files.length > 0 ? (
              <ul className="space-y-1">
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
          </li>
        ))}
      </ol>
    </section>
  );
}
