import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useBeforeUnload, useBlocker, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AttachmentsEditor } from "~/components/studio/attachments-editor";
import { Field, FormErrors, Notice, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { academyMoment } from "~/lib/course-details";
import { toAcademyInputValue } from "~/lib/time-zone";
import { formatDateTime, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { isUploadRequest, uploadRefusalData } from "~/lib/upload.server";
import { ATTACHMENT_INTENTS, type UploadFormError } from "~/lib/upload-limits";
import {
  ATTACHMENT_REFUSALS,
  handleAttachmentChange,
  handleAttachmentUpload,
  type AttachmentRefusal,
} from "~/models/attachment.server";
import {
  getLessonForEditing,
  LESSON_AUTHORING_REFUSALS,
  previewLessonMarkdown,
  saveLesson,
  type LessonForEditing,
} from "~/models/lesson-authoring.server";
import highlightStyles from "highlight.js/styles/github-dark.css?url";
import { pageTitle } from "~/lib/page-title";
import katexStyles from "katex/dist/katex.min.css?url";

// The preview uses the lesson page's styles: it is the lesson page's rendering.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: highlightStyles },
];

async function loadLesson(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const lesson = await getLessonForEditing({ courseId: course.id, lessonId: params.lessonId ?? "" });
  if (!lesson) throw new Response("Lesson not found", { status: 404 });
  return { user, course, lesson };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson } = await loadLesson(request, params);
  return { courseId: course.id, courseSlug: course.slug, lesson };
}

const lessonSchema = z.object({
  version: z.coerce.number().int().min(1),
  title: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(200, "validation.tooLong"),
  markdown: z.string().max(200_000, "validation.tooLong").optional().default(""),
  status: z.enum(["DRAFT", "PUBLISHED"], { errorMap: () => ({ message: "validation.required" }) }),
  isRequired: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
  durationMinutes: z.coerce
    .number({ invalid_type_error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(0, "validation.numberTooSmall")
    .max(1000, "validation.numberTooLarge")
    .default(0),
  releaseAt: academyMoment,
  videoUrl: z
    .string()
    .trim()
    .max(2000, "validation.tooLong")
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^https?:\/\//i.test(value), "studio.videoUrlUnsupported"),
  transcript: z
    .string()
    .max(200_000, "validation.tooLong")
    .optional()
    .transform((value) => value || null),
});

type EditorActionData = {
  intent: "save" | "preview" | "attachment";
  uploadError?: UploadFormError;
  result?: SubmissionResult<string[]>;
  previewHtml?: string;
  theirs?: LessonForEditing;
  savedVersion?: number;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, lesson } = await loadLesson(request, params);
  const lessonRef = { actor: user, courseId: course.id, lessonId: lesson.id };
  // The server streams an upload through unread (scripts/server.ts): only the upload parser reads it.
  if (isUploadRequest(request)) {
    const uploaded = await handleAttachmentUpload({ request, ...lessonRef });
    return uploaded.ok ? redirect(new URL(request.url).pathname, 303) : attachmentRefusal(uploaded);
  }
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (ATTACHMENT_INTENTS.some((attachmentIntent) => attachmentIntent === intent)) {
    const changed = await handleAttachmentChange({ formData, ...lessonRef });
    return changed.ok ? redirect(new URL(request.url).pathname, 303) : attachmentRefusal(changed);
  }
  const submission = parseWithZod(formData, { schema: lessonSchema });
  if (formData.get("intent") === "preview") {
    // Without JavaScript the preview reloads the page: the reply keeps what the author typed.
    const markdown = String(formData.get("markdown") ?? "").slice(0, 200_000);
    return data<EditorActionData>({
      intent: "preview",
      previewHtml: previewLessonMarkdown(markdown),
      result: submission.reply(),
    });
  }
  if (submission.status !== "success") {
    return data<EditorActionData>({ intent: "save", result: submission.reply() }, { status: 400 });
  }
  const { version, ...input } = submission.value;
  const saved = await saveLesson({ actor: user, courseId: course.id, lessonId: lesson.id, version, input });
  if (!saved.ok) {
    const { result, init } = refusalReply(submission, LESSON_AUTHORING_REFUSALS, saved);
    return data<EditorActionData>(
      { intent: "save", result, theirs: "current" in saved ? saved.current : undefined },
      init,
    );
  }
  return data<EditorActionData>({ intent: "save", result: submission.reply(), savedVersion: saved.version });
}

function attachmentRefusal(refusal: AttachmentRefusal) {
  const { data: body, init } = uploadRefusalData(ATTACHMENT_REFUSALS, refusal);
  return data<EditorActionData>({ intent: "attachment", uploadError: body.uploadError }, init ?? undefined);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "editLesson", area: "studio", names: [data?.lesson.title] }),
];

export default function LessonEditorPage() {
  const { courseId, courseSlug, lesson } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const preview = useFetcher<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const lastResult = actionData?.intent === "attachment" ? undefined : actionData?.result;
  const theirs = actionData?.theirs;
  const [form, fields] = useForm({
    // A new version (saved here or, after a refused save, taken on purpose) starts a fresh form
    // whose defaults are what is saved, so "unsaved changes" means exactly that.
    id: `lesson-${lesson.id}-${lesson.version}`,
    lastResult,
    constraint: getZodConstraint(lessonSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: lessonSchema }),
    // Exactly the fields the form sends, as it sends them, so an untouched form is not "dirty".
    defaultValue: {
      version: String(lesson.version),
      title: lesson.title,
      markdown: lesson.markdown,
      status: lesson.status === "PUBLISHED" ? "PUBLISHED" : "DRAFT",
      isRequired: lesson.isRequired ? "on" : undefined,
      durationMinutes: String(lesson.durationMinutes),
      releaseAt: toAcademyInputValue(lesson.releaseAt),
      ...(lesson.kind === "VIDEO" ? { videoUrl: lesson.videoUrl ?? "", transcript: lesson.transcript ?? "" } : {}),
    },
  });
  // Between a save and the reload of the saved lesson, what the form holds is what was saved.
  const isJustSaved = actionData?.savedVersion !== undefined && actionData.savedVersion > lesson.version;
  const isDirty = useUnsavedChangesWarning(form.dirty && !isJustSaved);
  // Until the author asks for a preview, it shows the lesson as saved.
  const previewHtml =
    preview.data?.previewHtml ?? (actionData?.intent === "preview" ? actionData.previewHtml : undefined) ?? lesson.html;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link to={`/teach/${courseId}/outline`} className="text-sm underline">
          {t("studio.backToOutline")}
        </Link>
        <Link
          to={`/courses/${courseSlug}/lessons/${lesson.slug}`}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium"
        >
          {t("studio.previewLessonAsLearner")}
        </Link>
      </div>
      <h2 className="text-xl font-semibold">
        {lesson.title} <span className="text-sm font-normal text-slate-500">· {t(`lessonKind.${lesson.kind}`)}</span>
      </h2>
      {lesson.kind === "QUIZ" || lesson.kind === "ASSIGNMENT" ? (
        // The questions, or the assignment's rules, have pages of their own beside the lesson text.
        <nav aria-label={t("studio.lessonParts")} className="flex flex-wrap gap-2 text-sm">
          {lesson.kind === "QUIZ" ? (
            <>
              <Link
                to={`/teach/${courseId}/lessons/${lesson.id}/quiz`}
                className="rounded-md bg-ink px-3 py-1.5 text-white"
              >
                {t("studio.editQuestions")}
              </Link>
              <Link
                to={`/teach/${courseId}/lessons/${lesson.id}/results`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
              >
                {t("studio.quizResults")}
              </Link>
            </>
          ) : (
            <>
              <Link
                to={`/teach/${courseId}/lessons/${lesson.id}/assignment`}
                className="rounded-md bg-ink px-3 py-1.5 text-white"
              >
                {t("studio.assignmentSettings")}
              </Link>
              <Link
                to={`/teach/${courseId}/grading?lesson=${lesson.id}`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
              >
                {t("studio.gradeSubmissions")}
              </Link>
            </>
          )}
        </nav>
      ) : null}
      {actionData?.savedVersion ? <Notice tone="success">{t("studio.saved")}</Notice> : null}
      {isDirty ? <p className="text-sm text-amber-800">{t("studio.unsavedChanges")}</p> : null}
      {theirs ? <TheirLesson theirs={theirs} language={language} /> : null}
      <Form method="post" {...getFormProps(form)} key={form.id} className="grid gap-6 lg:grid-cols-2">
        {/* After a refused stale save the form carries the newer version, so saving again is a choice. */}
        <input
          type="hidden"
          name="version"
          value={String(theirs?.version ?? actionData?.savedVersion ?? lesson.version)}
        />
        <div className="space-y-4">
          <Field
            label={t("studio.fields.title")}
            inputProps={getInputProps(fields.title, { type: "text" })}
            errors={fields.title.errors}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label={t("studio.status")}
              selectProps={getSelectProps(fields.status)}
              options={[
                { value: "DRAFT", label: t("studio.statusName.DRAFT") },
                { value: "PUBLISHED", label: t("studio.statusName.PUBLISHED") },
              ]}
              errors={fields.status.errors}
            />
            <Field
              label={t("studio.fields.durationMinutes")}
              inputProps={{ ...getInputProps(fields.durationMinutes, { type: "number" }), min: 0, max: 1000 }}
              errors={fields.durationMinutes.errors}
            />
            <Field
              label={t("studio.fields.releaseAt")}
              description={t("studio.fields.releaseAtHelp", { timeZone: timeZoneLabel(t) })}
              inputProps={getInputProps(fields.releaseAt, { type: "datetime-local" })}
              errors={fields.releaseAt.errors}
            />
            <label className="flex items-center gap-2 self-center text-sm font-medium">
              <input {...getInputProps(fields.isRequired, { type: "checkbox" })} />
              {t("studio.fields.isRequired")}
            </label>
          </div>
          {lesson.kind === "VIDEO" ? (
            <>
              <Field
                label={t("studio.fields.videoUrl")}
                description={t("studio.fields.videoUrlHelp")}
                inputProps={getInputProps(fields.videoUrl, { type: "url" })}
                errors={fields.videoUrl.errors}
              />
              <TextareaField
                label={t("studio.fields.transcript")}
                textareaProps={{ ...getTextareaProps(fields.transcript), rows: 6 }}
                errors={fields.transcript.errors}
              />
            </>
          ) : null}
          <TextareaField
            label={t("studio.fields.lessonText")}
            description={t("studio.fields.markdownHelp")}
            textareaProps={{ ...getTextareaProps(fields.markdown), rows: 24 }}
            errors={fields.markdown.errors}
          />
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="flex flex-wrap gap-2">
            <SubmitButton name="intent" value="save">
              {t("studio.saveLesson")}
            </SubmitButton>
            <button
              type="submit"
              name="intent"
              value="preview"
              formNoValidate
              className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium"
              onClick={(event) => {
                // With JavaScript the preview comes without leaving the page or touching the form.
                event.preventDefault();
                const formData = new FormData(event.currentTarget.form ?? undefined);
                formData.set("intent", "preview");
                preview.submit(formData, { method: "post" });
              }}
            >
              {t("studio.preview")}
            </button>
          </div>
        </div>
        <section aria-labelledby="preview-heading" className="space-y-2">
          <h3 id="preview-heading" className="font-semibold">
            {t("studio.previewHeading")}
          </h3>
          <p className="text-sm text-slate-600">{t("studio.previewHelp")}</p>
          <div
            className="prose-content min-h-[12rem] rounded-lg border border-slate-200 bg-white p-4"
            data-user-content
            aria-live="polite"
            // Rendered and sanitized on the server by the renderer learners' pages use.
            dangerouslySetInnerHTML={{ __html: previewHtml ?? "" }}
          />
        </section>
      </Form>
      <AttachmentsEditor
        attachments={lesson.attachments}
        error={actionData?.intent === "attachment" ? actionData.uploadError : undefined}
      />
    </div>
  );
}

/**
 * Warns before leaving with unsaved changes: the browser's own prompt when the tab closes or
 * reloads, and a confirm when a link inside the app is followed.
 */
function useUnsavedChangesWarning(isDirty: boolean) {
  const { t } = useTranslation();
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!isDirty) return;
        event.preventDefault();
        event.returnValue = "";
      },
      [isDirty],
    ),
  );
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(t("studio.leaveWithoutSaving"))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);
  return isDirty;
}

/** The lesson as someone else saved it since this editor loaded, shown beside the author's text. */
function TheirLesson({ theirs, language }: { theirs: LessonForEditing; language: Language }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      {/* The refusal itself is the form's error, beside the save button. */}
      <p className="font-semibold">
        {t("studio.theirVersionAt", { time: formatDateTime(theirs.updatedAt, language) })}
      </p>
      <p className="font-medium">{theirs.title}</p>
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-white p-2 font-mono text-xs">
        {theirs.markdown}
      </pre>
      <p>{t("studio.staleLessonHelp")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
