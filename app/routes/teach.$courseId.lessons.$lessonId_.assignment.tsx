import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxGroup, ErrorList, Field, FormErrors, Notice, SelectField, SubmitButton } from "~/components/forms";
import { assignmentSettingsSchema, LATE_POLICIES, MAX_ASSIGNMENT_POINTS } from "~/lib/assignment-forms";
import { toAcademyInputValue } from "~/lib/time-zone";
import { formatDateTime, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { SUBMISSION_FILE_EXTENSIONS, SUBMISSION_MAX_FILE_MEGABYTES, SUBMISSION_MAX_FILES } from "~/lib/upload-limits";
import { pageTitle } from "~/lib/page-title";
import {
  ASSIGNMENT_SETTINGS_REFUSALS,
  getAssignmentSettings,
  saveAssignmentSettings,
  type AssignmentSettings,
} from "~/models/assignment.server";

type Settings = NonNullable<AssignmentSettings["assignment"]>;

async function loadSettings(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const found = await getAssignmentSettings({ actor: user, courseId: course.id, lessonId: params.lessonId ?? "" });
  if (!found.ok) throw refusalResponse(ASSIGNMENT_SETTINGS_REFUSALS, found);
  return { user, course, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson, settings } = await loadSettings(request, params);
  return { courseId: course.id, courseSlug: course.slug, lesson, settings };
}

type ActionData = {
  result: SubmissionResult<string[]>;
  /** The settings as someone else saved them, when this save was based on an older version. */
  theirs?: Settings;
  savedVersion?: number;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, lesson } = await loadSettings(request, params);
  const submission = parseWithZod(await request.formData(), { schema: assignmentSettingsSchema });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
  const { version, ...input } = submission.value;
  const saved = await saveAssignmentSettings({ actor: user, courseId: course.id, lessonId: lesson.id, version, input });
  if (!saved.ok) {
    const { result, init } = refusalReply(submission, ASSIGNMENT_SETTINGS_REFUSALS, saved);
    return data<ActionData>({ result, theirs: "current" in saved ? saved.current : undefined }, init);
  }
  return data<ActionData>({ result: submission.reply(), savedVersion: saved.version });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "assignmentSettings", area: "studio", names: [data?.lesson.title] }),
];

function formValues(settings: Settings) {
  return {
    version: String(settings.version),
    dueAt: toAcademyInputValue(settings.dueAt),
    latePolicy: settings.latePolicy,
    maxPoints: String(settings.maxPoints),
    passingPoints: String(settings.passingPoints),
    allowsText: settings.allowsText ? "on" : undefined,
    allowsFile: settings.allowsFile ? "on" : undefined,
    maxFiles: String(settings.maxFiles),
    maxFileMegabytes: String(settings.maxFileMegabytes),
    fileExtensions: settings.fileExtensions,
  };
}

export default function AssignmentSettingsPage() {
  const { courseId, courseSlug, lesson, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const theirs = actionData?.theirs;
  const [form, fields] = useForm({
    id: `assignment-${lesson.id}-${settings.version}`,
    lastResult: actionData?.result,
    constraint: getZodConstraint(assignmentSettingsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignmentSettingsSchema }),
    defaultValue: formValues(settings),
  });
  const chosenExtensions = (fields.fileExtensions.value as string[] | string | undefined) ?? settings.fileExtensions;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link to={`/teach/${courseId}/lessons/${lesson.id}`} className="text-sm underline">
          {t("studio.assignment.backToLesson")}
        </Link>
        <div className="flex flex-wrap gap-2 text-sm">
          <Link
            to={`/teach/${courseId}/grading?lesson=${lesson.id}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
          >
            {t("studio.gradeSubmissions")}
          </Link>
          <Link
            to={`/courses/${courseSlug}/lessons/${lesson.slug}`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
          >
            {t("studio.previewLessonAsLearner")}
          </Link>
        </div>
      </div>
      <h2 className="text-xl font-semibold">{t("studio.assignment.heading", { title: lesson.title })}</h2>
      <p className="text-sm text-slate-600">{t("studio.assignment.instructionsHelp")}</p>
      {actionData?.savedVersion ? <Notice tone="success">{t("studio.saved")}</Notice> : null}
      {theirs ? <TheirSettings theirs={theirs} language={language} /> : null}
      <Form method="post" {...getFormProps(form)} key={form.id} className="max-w-2xl space-y-6">
        {/* After a refused stale save the form carries the newer version, so saving again is a choice. */}
        <input
          type="hidden"
          name="version"
          value={String(theirs?.version ?? actionData?.savedVersion ?? settings.version)}
        />
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 font-semibold">{t("studio.assignment.dueHeading")}</legend>
          <Field
            label={t("studio.assignment.dueAt", { timeZone: timeZoneLabel(t) })}
            description={t("studio.assignment.dueAtHelp")}
            inputProps={getInputProps(fields.dueAt, { type: "datetime-local" })}
            errors={fields.dueAt.errors}
          />
          <SelectField
            label={t("studio.assignment.latePolicy")}
            selectProps={getSelectProps(fields.latePolicy)}
            options={LATE_POLICIES.map((policy) => ({
              value: policy,
              label: t(`studio.assignment.latePolicyName.${policy}`),
            }))}
            errors={fields.latePolicy.errors}
          />
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 font-semibold">{t("studio.assignment.pointsHeading")}</legend>
          <Field
            label={t("studio.assignment.maxPoints")}
            inputProps={{ ...getInputProps(fields.maxPoints, { type: "number" }), min: 1, max: MAX_ASSIGNMENT_POINTS }}
            errors={fields.maxPoints.errors}
          />
          <Field
            label={t("studio.assignment.passingPoints")}
            description={t("studio.assignment.passingPointsHelp")}
            inputProps={{
              ...getInputProps(fields.passingPoints, { type: "number" }),
              min: 0,
              max: MAX_ASSIGNMENT_POINTS,
            }}
            errors={fields.passingPoints.errors}
          />
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="mb-2 font-semibold">{t("studio.assignment.answerHeading")}</legend>
          <div className="space-y-1">
            <label className="flex items-center gap-2 text-sm font-medium">
              <input
                {...getInputProps(fields.allowsText, { type: "checkbox" })}
                aria-describedby={fields.allowsText.errors?.length ? fields.allowsText.errorId : undefined}
              />
              {t("studio.assignment.allowsText")}
            </label>
            <label className="flex items-center gap-2 text-sm font-medium">
              <input {...getInputProps(fields.allowsFile, { type: "checkbox" })} />
              {t("studio.assignment.allowsFile")}
            </label>
            <ErrorList id={fields.allowsText.errorId} errors={fields.allowsText.errors} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("studio.assignment.maxFiles")}
              inputProps={{ ...getInputProps(fields.maxFiles, { type: "number" }), min: 1, max: SUBMISSION_MAX_FILES }}
              errors={fields.maxFiles.errors}
            />
            <Field
              label={t("studio.assignment.maxFileMegabytes")}
              description={t("studio.assignment.maxFileMegabytesHelp", { max: SUBMISSION_MAX_FILE_MEGABYTES })}
              inputProps={{
                ...getInputProps(fields.maxFileMegabytes, { type: "number" }),
                min: 1,
                max: SUBMISSION_MAX_FILE_MEGABYTES,
              }}
              errors={fields.maxFileMegabytes.errors}
            />
          </div>
          <CheckboxGroup
            // A new version starts the group afresh from what is saved.
            key={form.id}
            legend={t("studio.assignment.fileExtensions")}
            description={t("studio.assignment.fileExtensionsHelp")}
            name={fields.fileExtensions.name}
            options={SUBMISSION_FILE_EXTENSIONS.map((extension) => ({ value: extension, label: extension }))}
            selected={Array.isArray(chosenExtensions) ? chosenExtensions : [chosenExtensions]}
            errors={fields.fileExtensions.errors}
          />
        </fieldset>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("studio.assignment.save")}</SubmitButton>
      </Form>
    </div>
  );
}

/** The settings as someone else saved them since this page loaded, beside what was typed. */
function TheirSettings({ theirs, language }: { theirs: Settings; language: Language }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      <p className="font-semibold">
        {t("studio.theirVersionAt", { time: formatDateTime(theirs.updatedAt, language) })}
      </p>
      <p>
        {t("studio.assignment.dueAt", { timeZone: timeZoneLabel(t) })}:{" "}
        {theirs.dueAt ? formatDateTime(theirs.dueAt, language) : "—"} ·{" "}
        {t(`studio.assignment.latePolicyName.${theirs.latePolicy}`)}
      </p>
      <p>
        {t("studio.assignment.maxPoints")}: {theirs.maxPoints} · {t("studio.assignment.passingPoints")}:{" "}
        {theirs.passingPoints}
      </p>
      <p>{t("studio.assignment.staleHelp")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
