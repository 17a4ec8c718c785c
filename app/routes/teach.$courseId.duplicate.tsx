import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, SelectField, SubmissionKeyField, SubmitButton } from "~/components/forms";
import { courseDetailsSchema } from "~/lib/course-details";
import { formatTerm } from "~/lib/format";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { COURSE_COPY_REFUSALS, duplicateCourse, getDuplicateFormOptions } from "~/models/course-copy.server";
import { pageTitle } from "~/lib/page-title";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";

// Title and code are checked as the details form checks them.
const duplicateSchema = courseDetailsSchema
  .innerType()
  .pick({ title: true, code: true })
  .extend({
    termId: z
      .preprocess(
        (value) => (value === "" ? undefined : value),
        z.string().uuid("studio.packages.termNotInProgram").optional(),
      )
      .transform((value) => value ?? null),
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const source = await getDuplicateFormOptions({ courseId: course.id });
  if (!source) throw new Response("Course not found", { status: 404 });
  return { source, submissionKey: newSubmissionKey() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: duplicateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const duplicated = await duplicateCourse({
    actor: user,
    courseId: course.id,
    ...submission.value,
    submissionKey: submissionKeyFrom(formData),
    ipAddress: getClientIp(context),
  });
  if (!duplicated.ok) {
    const { result, init } = refusalReply(submission, COURSE_COPY_REFUSALS, duplicated);
    return data(result, init);
  }
  return redirect(`/teach/${duplicated.courseId}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "duplicateCourse", area: "studio" })];

export default function DuplicateCoursePage() {
  const { source, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "duplicate-course",
    lastResult,
    constraint: getZodConstraint(duplicateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: duplicateSchema }),
    defaultValue: { title: source.title, code: source.code, termId: source.termId ?? "" },
  });
  const hasTerms = source.program.terms.length > 0;
  return (
    <section aria-labelledby="duplicate-heading" className="max-w-2xl space-y-4">
      <h2 id="duplicate-heading" className="text-xl font-semibold">
        {t("studio.packages.duplicateTitle")}
      </h2>
      <p className="text-slate-700">{t("studio.packages.duplicateIntro")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <SubmissionKeyField value={submissionKey} />
        <Field
          label={t("studio.packages.newTitle")}
          inputProps={getInputProps(fields.title, { type: "text" })}
          errors={fields.title.errors}
        />
        <Field
          label={t("studio.packages.newCode")}
          description={t("studio.packages.newCodeHelp")}
          inputProps={getInputProps(fields.code, { type: "text" })}
          errors={fields.code.errors}
        />
        {hasTerms ? (
          <SelectField
            label={t("studio.packages.term")}
            description={t("studio.packages.duplicateTermHelp")}
            selectProps={getSelectProps(fields.termId)}
            options={[
              { value: "", label: t("studio.packages.noTerm") },
              ...source.program.terms.map((term) => ({ value: term.id, label: formatTerm(term, t) })),
            ]}
            errors={fields.termId.errors}
          />
        ) : (
          <input type="hidden" name={fields.termId.name} value="" />
        )}
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton disabled={navigation.state === "submitting"}>{t("studio.packages.duplicateSubmit")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
