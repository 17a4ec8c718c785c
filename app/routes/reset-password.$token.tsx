import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { resetPasswordSchema } from "~/auth/account-schemas";
import { AuthCard } from "~/components/auth-card";
import { FormErrors, NewPasswordFields, Notice, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { isResetTokenValid, RESET_PASSWORD_REFUSALS, resetPasswordWithToken } from "~/models/password-reset.server";

export async function loader({ params }: LoaderFunctionArgs) {
  // An unknown or used link is not an error page: it explains and offers a new link.
  return { isValid: await isResetTokenValid({ token: params.token ?? "" }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  const hideFields = ["password", "confirmPassword"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const reset = await resetPasswordWithToken({ token: params.token ?? "", password: submission.value.password });
  if (!reset.ok) {
    const { result, init } = refusalReply(submission, RESET_PASSWORD_REFUSALS, reset, { hideFields });
    return data(result, init);
  }
  return redirect("/login?notice=password-reset");
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "resetPassword" })];

export default function ResetPasswordPage() {
  const { isValid } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult,
    constraint: getZodConstraint(resetPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  });
  if (!isValid) {
    return (
      <AuthCard title={t("auth.resetTitle")}>
        <Notice tone="error">{t("auth.resetLinkInvalid")}</Notice>
        <Link to="/forgot-password" className="mt-4 inline-block underline">
          {t("auth.sendResetLink")}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("auth.resetTitle")}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <NewPasswordFields password={fields.password} confirmPassword={fields.confirmPassword} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="w-full">{t("auth.setPassword")}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
