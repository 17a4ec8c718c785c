import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SubmissionKeyField, SubmitButton } from "~/components/forms";
import { CourseDetailsFields } from "~/components/studio/course-details-fields";
import { courseDetailsSchema } from "~/lib/course-details";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { COURSE_AUTHORING_REFUSALS, createCourse, getCourseFormOptions } from "~/models/course-authoring.server";
import { pageTitle } from "~/lib/page-title";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "course:create");
  return { options: await getCourseFormOptions(), submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "course:create");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: courseDetailsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const created = await createCourse({ actor, input: submission.value, submissionKey: submissionKeyFrom(formData) });
  if (!created.ok) {
    const { result, init } = refusalReply(submission, COURSE_AUTHORING_REFUSALS, created);
    return data(result, init);
  }
  return redirect(`/teach/${created.courseId}/outline`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "newCourse", area: "studio" })];

export default function NewCoursePage() {
  const { options, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "new-course",
    lastResult,
    constraint: getZodConstraint(courseDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: courseDetailsSchema }),
    defaultValue: {
      language: i18n.language,
      level: "BEGINNER",
      enrollmentPolicy: "OPEN",
      programId: options.programs[0]?.id,
    },
  });
  return (
    <section aria-labelledby="new-course-heading" className="mx-auto max-w-2xl space-y-4">
      <Link to="/teach" className="text-sm underline">
        {t("studio.backToStudio")}
      </Link>
      <h1 id="new-course-heading" className="text-2xl font-bold">
        {t("studio.newCourse")}
      </h1>
      <p className="text-slate-700">{t("studio.newCourseIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <SubmissionKeyField value={submissionKey} />
        <input type="hidden" name="enrollmentPolicy" value="OPEN" />
        <CourseDetailsFields fields={fields} options={options} language={i18n.language as Language} isNew />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("studio.createDraft")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
