import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SubmissionKeyField, SubmitButton, TextareaField } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { ANNOUNCEMENT_REFUSALS, listCourseAnnouncements, postAnnouncement } from "~/models/announcement.server";
import { pageTitle } from "~/lib/page-title";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  return {
    announcements: await listCourseAnnouncements({ courseId: course.id, take: 50 }),
    submissionKey: newSubmissionKey(),
  };
}

const announcementSchema = z.object({
  title: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(200, "validation.tooLong"),
  bodyMarkdown: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(20_000, "validation.tooLong"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: announcementSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), mailedCount: null }, { status: 400 });
  const posted = await postAnnouncement({
    actor: user,
    courseId: course.id,
    ...submission.value,
    submissionKey: submissionKeyFrom(formData),
  });
  if (!posted.ok) {
    const { result, init } = refusalReply(submission, ANNOUNCEMENT_REFUSALS, posted);
    return data({ result, mailedCount: null }, init);
  }
  return { result: submission.reply({ resetForm: true }), mailedCount: posted.mailedCount };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "announcements", area: "studio" })];

export default function AnnouncementsPage() {
  const { announcements, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [form, fields] = useForm({
    id: "announcement",
    lastResult: actionData?.result,
    constraint: getZodConstraint(announcementSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: announcementSchema }),
  });
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="new-announcement-heading" className="space-y-3">
        <h2 id="new-announcement-heading" className="text-xl font-semibold">
          {t("studio.newAnnouncement")}
        </h2>
        <p className="text-sm text-slate-600">{t("studio.announcementHelp")}</p>
        {actionData?.mailedCount !== null && actionData?.mailedCount !== undefined ? (
          <Notice tone="success">{t("studio.announcementPosted", { count: actionData.mailedCount })}</Notice>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <SubmissionKeyField value={submissionKey} />
          <Field
            label={t("studio.fields.title")}
            inputProps={getInputProps(fields.title, { type: "text" })}
            errors={fields.title.errors}
          />
          <TextareaField
            label={t("studio.announcementBody")}
            description={t("studio.fields.markdownHelp")}
            textareaProps={{ ...getTextareaProps(fields.bodyMarkdown), rows: 8 }}
            errors={fields.bodyMarkdown.errors}
          />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton>{t("studio.postAnnouncement")}</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="announcements-heading" className="space-y-3">
        <h2 id="announcements-heading" className="text-xl font-semibold">
          {t("studio.tabs.announcements")}
        </h2>
        {announcements.length === 0 ? <p className="text-sm text-slate-600">{t("studio.noAnnouncements")}</p> : null}
        <ul className="space-y-3">
          {announcements.map((announcement) => (
            <li key={announcement.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <h3 className="font-semibold">{announcement.title}</h3>
              <p className="text-xs text-slate-500">
                {announcement.author.name}
                {announcement.publishedAt ? ` · ${formatDateTime(announcement.publishedAt, language)}` : ""}
              </p>
              <div
                className="prose-content mt-2 text-sm"
                data-user-content
                // Rendered and sanitized on the server when posted.
                dangerouslySetInnerHTML={{ __html: announcement.bodyHtml }}
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
