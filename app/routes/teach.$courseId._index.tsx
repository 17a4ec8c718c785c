import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SelectField, SubmitButton } from "~/components/forms";
import { CourseDetailsFields } from "~/components/studio/course-details-fields";
import { CoverImageField } from "~/components/studio/cover-image-field";
import { courseCoverUrl } from "~/lib/course-cover";
import { courseDetailsSchema, toDayInputValue } from "~/lib/course-details";
import { toAcademyInputValue } from "~/lib/time-zone";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { isUploadRequest, uploadRefusalData } from "~/lib/upload.server";
import type { UploadFormError } from "~/lib/upload-limits";
import {
  COURSE_AUTHORING_REFUSALS,
  getCourseForStudio,
  getCourseFormOptions,
  removeCourseInstructor,
  setCourseInstructor,
  setCourseStatus,
  updateCourseDetails,
  type CourseForStudio,
} from "~/models/course-authoring.server";
import { COVER_REFUSALS, handleCoverRemoval, handleCoverUpload, type CoverRefusal } from "~/models/course-cover.server";
import { pageTitle } from "~/lib/page-title";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course: teachers } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const [course, options] = await Promise.all([
    getCourseForStudio({ courseId: teachers.id }),
    getCourseFormOptions({ courseId: teachers.id }),
  ]);
  if (!course) throw new Response("Course not found", { status: 404 });
  return { course, options, canPublish: can(user, "course:publish", teachers) };
}

const detailsSchema = courseDetailsSchema.and(z.object({ version: z.coerce.number().int().min(1) }));
const statusSchema = z.object({ status: z.enum(["DRAFT", "PUBLISHED", "ARCHIVED"]) });
const instructorSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().email("validation.emailInvalid"),
  role: z.enum(["LEAD", "CO_INSTRUCTOR"], { errorMap: () => ({ message: "validation.required" }) }),
});
const removeInstructorSchema = z.object({ userId: z.string().uuid() });

type ActionData = {
  intent: string;
  result?: SubmissionResult<string[]>;
  /** The course as someone else saved it, when this save was based on an older version. */
  theirs?: CourseForStudio;
  message?: string;
  isSaved?: boolean;
  uploadError?: UploadFormError;
};

function coverRefusal(refusal: CoverRefusal) {
  const { data: body, init } = uploadRefusalData(COVER_REFUSALS, refusal);
  return data<ActionData>({ intent: "cover", uploadError: body.uploadError }, init ?? undefined);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireCoursePermission(request, { courseId: params.courseId ?? "", action: "course:manage" });
  const courseId = params.courseId ?? "";
  // The server streams an upload through unread (scripts/server.ts): only the upload parser reads it.
  if (isUploadRequest(request)) {
    const uploaded = await handleCoverUpload({ request, actor: user, courseId });
    return uploaded.ok ? redirect(new URL(request.url).pathname, 303) : coverRefusal(uploaded);
  }
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "details");

  if (intent === "cover-remove") {
    const removed = await handleCoverRemoval({ actor: user, courseId });
    return removed.ok ? redirect(new URL(request.url).pathname, 303) : coverRefusal(removed);
  }

  if (intent === "status") {
    const parsed = statusSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data<ActionData>({ intent, message: "error.badRequest" }, { status: 400 });
    const changed = await setCourseStatus({
      actor: user,
      courseId,
      status: parsed.data.status,
      ipAddress: getClientIp(context),
    });
    if (!changed.ok) {
      const { status, messageKey } = COURSE_AUTHORING_REFUSALS[changed.reason];
      return data<ActionData>({ intent, message: messageKey }, { status });
    }
    return data<ActionData>({ intent, isSaved: true });
  }

  if (intent === "instructor-set") {
    const submission = parseWithZod(formData, { schema: instructorSchema });
    if (submission.status !== "success")
      return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
    const set = await setCourseInstructor({ actor: user, courseId, ...submission.value });
    if (!set.ok) {
      const { result, init } = refusalReply(submission, COURSE_AUTHORING_REFUSALS, set);
      return data<ActionData>({ intent, result }, init);
    }
    return data<ActionData>({ intent, result: submission.reply({ resetForm: true }), isSaved: true });
  }

  if (intent === "instructor-remove") {
    const parsed = removeInstructorSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data<ActionData>({ intent, message: "error.badRequest" }, { status: 400 });
    const removed = await removeCourseInstructor({ actor: user, courseId, userId: parsed.data.userId });
    if (!removed.ok) {
      const { status, messageKey } = COURSE_AUTHORING_REFUSALS[removed.reason];
      return data<ActionData>({ intent, message: messageKey }, { status });
    }
    return data<ActionData>({ intent, isSaved: true });
  }

  const submission = parseWithZod(formData, { schema: detailsSchema });
  if (submission.status !== "success") return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
  const { version, ...input } = submission.value;
  const saved = await updateCourseDetails({ actor: user, courseId, version, input });
  if (!saved.ok) {
    const { result, init } = refusalReply(submission, COURSE_AUTHORING_REFUSALS, saved);
    return data<ActionData>({ intent, result, theirs: "current" in saved ? saved.current : undefined }, init);
  }
  return data<ActionData>({ intent, result: submission.reply(), isSaved: true });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "courseDetails", area: "studio" })];

function formValues(course: CourseForStudio) {
  return {
    version: String(course.version),
    title: course.title,
    code: course.code,
    summary: course.summary,
    descriptionMarkdown: course.descriptionMarkdown,
    programId: course.programId,
    termId: course.termId ?? "",
    cohortIds: course.cohorts.map((cohort) => cohort.cohortId),
    level: course.level,
    language: course.language,
    credits: course.credits === null ? "" : String(course.credits),
    enrollmentPolicy: course.enrollmentPolicy,
    capacity: course.capacity === null ? "" : String(course.capacity),
    enrollmentOpensAt: toAcademyInputValue(course.enrollmentOpensAt),
    enrollmentClosesAt: toAcademyInputValue(course.enrollmentClosesAt),
    startsOn: toDayInputValue(course.startsOn),
    endsOn: toDayInputValue(course.endsOn),
    prerequisiteIds: course.prerequisites.map((prerequisite) => prerequisite.prerequisiteId),
    tags: course.tags.join(", "),
  };
}

export default function CourseDetailsPage() {
  const { course, options, canPublish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const theirs = actionData?.theirs;
  const detailsResult = actionData?.intent === "details" ? actionData.result : undefined;
  const [form, fields] = useForm({
    id: `course-details-${course.id}`,
    lastResult: detailsResult,
    constraint: getZodConstraint(courseDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: detailsSchema }),
    defaultValue: formValues(course),
  });

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <section aria-labelledby="details-heading" className="space-y-4">
        <h2 id="details-heading" className="text-xl font-semibold">
          {t("studio.tabs.details")}
        </h2>
        {actionData?.intent === "details" && actionData.isSaved ? (
          <Notice tone="success">{t("studio.saved")}</Notice>
        ) : null}
        {theirs ? <TheirVersion theirs={theirs} language={language} /> : null}
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <input type="hidden" name="intent" value="details" />
          {/* After a refused stale save the form carries the newer version, so saving again is a choice. */}
          <input type="hidden" name="version" value={String(theirs?.version ?? course.version)} />
          <CourseDetailsFields fields={fields} options={options} language={language} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton>{t("studio.saveDetails")}</SubmitButton>
        </Form>
      </section>
      <aside className="space-y-6">
        <StatusPanel course={course} canPublish={canPublish} />
        <InstructorsPanel course={course} canPublish={canPublish} />
        <CoverImageField
          coverUrl={courseCoverUrl(course)}
          courseTitle={course.title}
          error={actionData?.intent === "cover" ? actionData.uploadError : undefined}
        />
      </aside>
    </div>
  );
}

/** What another person saved since this page was loaded, so nothing of theirs is lost unseen. */
function TheirVersion({ theirs, language }: { theirs: CourseForStudio; language: Language }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("studio.fields.title"), theirs.title],
    [t("studio.fields.code"), theirs.code],
    [t("studio.fields.summary"), theirs.summary],
    [t("studio.fields.description"), theirs.descriptionMarkdown],
  ];
  return (
    <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm">
      {/* The refusal itself is the form's error, beside the save button. */}
      <p className="font-semibold">
        {t("studio.theirVersionAt", { time: formatDateTime(theirs.updatedAt, language) })}
      </p>
      <dl className="space-y-1">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="font-medium">{label}</dt>
            <dd className="whitespace-pre-wrap break-words text-slate-700">{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <p>{t("studio.staleCourseHelp")}</p>
    </div>
  );
}

function StatusPanel({ course, canPublish }: { course: CourseForStudio; canPublish: boolean }) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const message = actionData?.intent === "status" ? actionData.message : undefined;
  const next: { status: string; label: string }[] =
    course.status === "DRAFT"
      ? [{ status: "PUBLISHED", label: t("studio.publish") }]
      : course.status === "PUBLISHED"
        ? [
            { status: "DRAFT", label: t("studio.unpublish") },
            { status: "ARCHIVED", label: t("studio.archive") },
          ]
        : [{ status: "DRAFT", label: t("studio.restore") }];
  return (
    <section aria-labelledby="status-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="status-heading" className="font-semibold">
        {t("studio.status")}: {t(`studio.statusName.${course.status}`)}
      </h2>
      <p className="text-sm text-slate-700">{t(`studio.statusHelp.${course.status}`)}</p>
      {message ? <FormErrors errors={[message]} /> : null}
      {canPublish ? (
        <Form method="post" className="flex flex-wrap gap-2">
          <input type="hidden" name="intent" value="status" />
          {next.map((option) => (
            <SubmitButton key={option.status} name="status" value={option.status}>
              {option.label}
            </SubmitButton>
          ))}
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t("studio.onlyLeadsPublish")}</p>
      )}
      {course.status === "DRAFT" && course._count.lessons === 0 ? (
        <p className="text-sm text-slate-600">{t("studio.noPublishedLesson")}</p>
      ) : null}
    </section>
  );
}

const instructorFormSchema = z.object({ email: z.string(), role: z.string() });

function InstructorsPanel({ course, canPublish }: { course: CourseForStudio; canPublish: boolean }) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof instructorFormSchema>>({
    id: `course-instructors-${course.id}`,
    lastResult: actionData?.intent === "instructor-set" ? actionData.result : undefined,
    constraint: getZodConstraint(instructorFormSchema),
    defaultValue: { role: "CO_INSTRUCTOR" },
  });
  const removeMessage = actionData?.intent === "instructor-remove" ? actionData.message : undefined;
  return (
    <section
      aria-labelledby="instructors-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="instructors-heading" className="font-semibold">
        {t("studio.instructors")}
      </h2>
      <ul className="space-y-2 text-sm">
        {course.instructors.map(({ role, user }) => (
          <li key={user.id} className="flex items-center justify-between gap-2">
            <span>
              {user.name} <span className="text-slate-500">· {t(`studio.instructorRole.${role}`)}</span>
            </span>
            {canPublish ? (
              <Form method="post">
                <input type="hidden" name="intent" value="instructor-remove" />
                <input type="hidden" name="userId" value={user.id} />
                <button
                  type="submit"
                  className="text-red-700 underline"
                  aria-label={t("studio.removeInstructor", { name: user.name })}
                >
                  {t("studio.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {removeMessage ? <FormErrors errors={[removeMessage]} /> : null}
      {canPublish ? (
        <Form method="post" {...getFormProps(form)} className="space-y-2 border-t border-slate-200 pt-3">
          <input type="hidden" name="intent" value="instructor-set" />
          <Field
            label={t("studio.instructorEmail")}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }}
            errors={fields.email.errors}
          />
          <SelectField
            label={t("studio.instructorRoleLabel")}
            selectProps={getSelectProps(fields.role)}
            options={[
              { value: "CO_INSTRUCTOR", label: t("studio.instructorRole.CO_INSTRUCTOR") },
              { value: "LEAD", label: t("studio.instructorRole.LEAD") },
            ]}
            errors={fields.role.errors}
          />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton>{t("studio.addInstructor")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
