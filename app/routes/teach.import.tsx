import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, FormErrors, Notice, SubmitButton } from "~/components/forms";
import type { CoursePackageIssue } from "~/lib/course-package";
import { formatDateTime, formatDuration, formatFileSize, formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { isUploadRequest } from "~/lib/upload.server";
import { acceptAttribute, UPLOAD_FIELD, UPLOAD_KINDS } from "~/lib/upload-limits";
import { pageTitle } from "~/lib/page-title";
import {
  COURSE_COPY_REFUSALS,
  createCourseFromPackageUpload,
  getCoursePackageUpload,
  handleCoursePackageUpload,
  listCoursePlacements,
} from "~/models/course-copy.server";

// Step 1 posts the zip (multipart, read by handleCoursePackageUpload with the upload parser) and is
// sent on to step 2, this page with ?upload=<id>: the preview and where to put the course. Step 2
// posts this form (urlencoded) to create the draft.
const createSchema = z.object({
  upload: z.string({ required_error: "studio.packages.uploadGone" }).uuid("studio.packages.uploadGone"),
  programId: z.string({ required_error: "validation.required" }).uuid("studio.packages.programNotFound"),
  termId: z
    .preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().uuid("studio.packages.termNotInProgram").optional(),
    )
    .transform((value) => value ?? null),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "course:create");
  const uploadId = new URL(request.url).searchParams.get("upload");
  if (!uploadId) return { step: "upload" as const };
  const upload = await getCoursePackageUpload({ actor, uploadId });
  if (!upload.ok) {
    const spec = COURSE_COPY_REFUSALS[upload.reason];
    const issues = "issues" in upload ? upload.issues : [];
    return data({ step: "upload" as const, error: spec.messageKey, issues }, { status: spec.status });
  }
  return { step: "preview" as const, uploadId, preview: upload.preview, placements: await listCoursePlacements() };
}

type ActionData = {
  /** Step 1's refusal: its message key and the file it concerns. */
  uploadError?: { messageKey: string; fileName?: string };
  issues?: CoursePackageIssue[];
  /** Step 2's Conform reply. */
  result?: SubmissionResult<string[]>;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "course:create");
  if (isUploadRequest(request)) {
    const checked = await handleCoursePackageUpload({ request, actor });
    if (checked.ok) return redirect(`/teach/import?upload=${checked.uploadId}`, 303);
    const spec = COURSE_COPY_REFUSALS[checked.reason];
    return data<ActionData>(
      {
        uploadError: { messageKey: spec.messageKey, ...("fileName" in checked ? { fileName: checked.fileName } : {}) },
        issues: "issues" in checked ? checked.issues : [],
      },
      { status: spec.status },
    );
  }
  const submission = parseWithZod(await request.formData(), { schema: createSchema });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
  const created = await createCourseFromPackageUpload({
    actor,
    uploadId: submission.value.upload,
    programId: submission.value.programId,
    termId: submission.value.termId,
    ipAddress: getClientIp(context),
  });
  if (!created.ok) {
    const { result, init } = refusalReply(submission, COURSE_COPY_REFUSALS, created);
    return data<ActionData>({ result, issues: "issues" in created ? created.issues : [] }, init);
  }
  return redirect(`/teach/${created.courseId}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "importCourse", area: "studio" })];

export default function ImportCoursePage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t } = useTranslation();
  return (
    <section aria-labelledby="import-heading" className="mx-auto max-w-3xl space-y-4">
      <Link to="/teach" className="text-sm underline">
        {t("studio.packages.backToStudio")}
      </Link>
      <h1 id="import-heading" className="text-2xl font-bold">
        {t("studio.packages.importTitle")}
      </h1>
      {loaderData.step === "preview" ? (
        <PreviewStep
          uploadId={loaderData.uploadId}
          preview={loaderData.preview}
          placements={loaderData.placements}
          actionData={actionData}
        />
      ) : (
        <UploadStep
          loaderError={"error" in loaderData ? loaderData.error : undefined}
          issues={actionData?.issues?.length ? actionData.issues : "issues" in loaderData ? loaderData.issues : []}
          uploadError={actionData?.uploadError}
        />
      )}
    </section>
  );
}

function UploadStep({
  loaderError,
  uploadError,
  issues,
}: {
  loaderError?: string;
  uploadError?: ActionData["uploadError"];
  issues: CoursePackageIssue[];
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const isUploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const maxSize = formatFileSize(UPLOAD_KINDS.coursePackage.maxFileBytes, i18n.language as Language);
  const error = uploadError ? t(uploadError.messageKey, { fileName: uploadError.fileName ?? "", maxSize }) : null;
  return (
    <>
      <p className="text-slate-700">{t("studio.packages.importIntro")}</p>
      {loaderError ? <Notice tone="error">{t(loaderError)}</Notice> : null}
      <Form method="post" encType="multipart/form-data" className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="package-file" className="block text-sm font-medium">
            {t("studio.packages.packageFile")}
          </label>
          <input
            id="package-file"
            type="file"
            name={UPLOAD_FIELD.coursePackage}
            accept={acceptAttribute("coursePackage")}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "package-file-help package-file-error" : "package-file-help"}
            className="block w-full text-sm"
          />
          <p id="package-file-help" className="text-sm text-slate-600">
            {t("studio.packages.packageFileHelp", { maxSize })}
          </p>
          {error ? (
            <p id="package-file-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <SubmitButton disabled={isUploading}>
          {isUploading ? t("studio.packages.checking") : t("studio.packages.checkPackage")}
        </SubmitButton>
      </Form>
      <PackageIssues issues={issues} />
    </>
  );
}

/** Every issue of a refused package, each naming its file and, in JSON, its line. */
function PackageIssues({ issues }: { issues: CoursePackageIssue[] }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <section aria-labelledby="package-issues-heading" className="rounded-md border border-red-200 bg-red-50 p-4">
      <h2 id="package-issues-heading" className="font-semibold text-red-900">
        {t("studio.packages.issuesHeading", { count: issues.length })}
      </h2>
      <ul className="mt-2 space-y-1 text-sm text-red-900">
        {issues.map((issue, index) => (
          <li key={index}>
            <span className="font-mono">
              {issue.line ? t("studio.packages.fileAndLine", { file: issue.file, line: issue.line }) : issue.file}
              {issue.field ? `: ${issue.field}` : ""}
            </span>
            {": "}
            {t(`studio.packages.issue.${issue.code}`, { ...issue.values, defaultValue: issue.message })}
          </li>
        ))}
      </ul>
    </section>
  );
}

type LoadedPreview = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { step: "preview" }>;

function PreviewStep({
  uploadId,
  preview,
  placements,
  actionData,
}: {
  uploadId: string;
  preview: LoadedPreview["preview"];
  placements: LoadedPreview["placements"];
  actionData?: ActionData;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "import-course",
    lastResult: actionData?.result,
    constraint: getZodConstraint(createSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createSchema }),
    defaultValue: { programId: placements[0]?.id, termId: "" },
  });
  const lessons = preview.modules.flatMap((module) => module.lessons);
  const attachments = lessons.flatMap((lesson) => lesson.attachments);
  return (
    <>
      <Notice tone="info">{t("studio.packages.previewIntro", { fileName: preview.fileName })}</Notice>
      <section aria-labelledby="preview-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="preview-heading" className="text-lg font-semibold">
          {preview.code} · {preview.title}
        </h2>
        <p className="text-slate-700">{preview.summary}</p>
        <p className="text-sm text-slate-600">
          {t("studio.packages.previewCounts", {
            modules: preview.modules.length,
            lessons: lessons.length,
            attachments: attachments.length,
            size: formatFileSize(
              attachments.reduce((total, attachment) => total + attachment.byteSize, 0),
              language,
            ),
          })}
        </p>
        <ol className="space-y-3">
          {preview.modules.map((module, moduleIndex) => (
            <li key={moduleIndex}>
              <h3 className="font-medium">
                {t("studio.packages.moduleHeading", { number: moduleIndex + 1, title: module.title })}
              </h3>
              {module.lessons.length === 0 ? (
                <p className="text-sm text-slate-500">{t("studio.packages.noLessons")}</p>
              ) : (
                <ul className="mt-1 divide-y divide-slate-100 text-sm">
                  {module.lessons.map((lesson) => (
                    <li key={lesson.slug} className="py-1.5">
                      <span className="font-medium">{lesson.title}</span>{" "}
                      <span className="text-slate-600">
                        · {t(`lessonKind.${lesson.kind}`)} · {formatDuration(lesson.durationMinutes, t)}
                        {lesson.isRequired ? "" : ` · ${t("studio.packages.optional")}`}
                        {lesson.questionCount !== null
                          ? ` · ${t("studio.packages.questionCount", { count: lesson.questionCount })}`
                          : ""}
                        {lesson.assignment
                          ? ` · ${t("studio.packages.assignmentSummary", { points: lesson.assignment.maxPoints })}${
                              lesson.assignment.dueAt
                                ? ` · ${t("studio.packages.dueAt", { date: formatDateTime(lesson.assignment.dueAt, language) })}`
                                : ""
                            }`
                          : ""}
                      </span>
                      {lesson.attachments.length > 0 ? (
                        <ul className="ml-4 list-disc text-slate-600">
                          {lesson.attachments.map((attachment) => (
                            <li key={attachment.fileName}>
                              {attachment.fileName} ({formatFileSize(attachment.byteSize, language)})
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>

      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="upload" value={uploadId} />
        <p className="text-sm text-slate-700">{t("studio.packages.draftNote")}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor={fields.programId.id} className="block text-sm font-medium">
              {t("studio.packages.program")}
            </label>
            <select
              {...getSelectProps(fields.programId)}
              aria-describedby={fields.programId.errors?.length ? fields.programId.errorId : undefined}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
            >
              {placements.map((program) => (
                <option key={program.id} value={program.id}>
                  {localized(program, "name", language)}
                </option>
              ))}
            </select>
            <ErrorList id={fields.programId.errorId} errors={fields.programId.errors} />
          </div>
          <div className="space-y-1">
            <label htmlFor={fields.termId.id} className="block text-sm font-medium">
              {t("studio.packages.term")}
            </label>
            {/* Terms grouped by program, so the choice works without JavaScript; the server checks the pair. */}
            <select
              {...getSelectProps(fields.termId)}
              aria-describedby={`${fields.termId.id}-help${fields.termId.errors?.length ? ` ${fields.termId.errorId}` : ""}`}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
            >
              <option value="">{t("studio.packages.noTerm")}</option>
              {placements
                .filter((program) => program.terms.length > 0)
                .map((program) => (
                  <optgroup key={program.id} label={localized(program, "name", language)}>
                    {program.terms.map((term) => (
                      <option key={term.id} value={term.id}>
                        {formatTerm(term, t)}
                      </option>
                    ))}
                  </optgroup>
                ))}
            </select>
            <p id={`${fields.termId.id}-help`} className="text-sm text-slate-600">
              {t("studio.packages.termHelp")}
            </p>
            <ErrorList id={fields.termId.errorId} errors={fields.termId.errors} />
          </div>
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton disabled={navigation.state === "submitting"}>{t("studio.packages.createDraft")}</SubmitButton>
          <Link to="/teach/import" className="text-sm underline">
            {t("studio.packages.chooseAnother")}
          </Link>
        </div>
      </Form>
      <PackageIssues issues={actionData?.issues ?? []} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
