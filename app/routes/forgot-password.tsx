import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forgotPasswordSchema } from "~/auth/account-schemas";
import { AuthCard } from "~/components/auth-card";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { requestPasswordReset } from "~/models/password-reset.server";
import { pageTitle } from "~/lib/page-title";
import { RATE_LIMIT_REFUSALS } from "~/models/rate-limit.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), isSent: false }, { status: 400 });
  const requested = await requestPasswordReset({ email: submission.value.email, ip: getClientIp(context) });
  if (!requested.ok) {
    const { result, init } = refusalReply(submission, RATE_LIMIT_REFUSALS, requested);
    return data({ result, isSent: false }, init);
  }
  // The same answer whether or not the account exists.
  return { result: submission.reply({ resetForm: true }), isSent: true };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "forgotPassword" })];

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(forgotPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <AuthCard title={t("auth.forgotTitle")}>
      {actionData?.isSent ? (
        <Notice tone="success">{t("auth.resetSent")}</Notice>
      ) : (
        <p className="mb-4 text-slate-700">{t("auth.forgotPrompt")}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <Field
          label={t("auth.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
          errors={fields.email.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="w-full">{t("auth.sendResetLink")}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
