import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loginSchema } from "~/auth/account-schemas";
import { getOptionalUser } from "~/auth/guards.server";
import { logIn } from "~/auth/login.server";
import { AuthCard } from "~/components/auth-card";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { pageTitle } from "~/lib/page-title";
import { attemptLogIn, LOG_IN_REFUSALS } from "~/models/user.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const attempt = await attemptLogIn({ email, password, ip: getClientIp(context) });
  if (!attempt.ok) {
    const { result, init } = refusalReply(submission, LOG_IN_REFUSALS, attempt, { hideFields: ["password"] });
    return data(result, init);
  }
  return logIn({ request, context, userId: attempt.user.id, hasTwoFactor: attempt.user.hasTwoFactor, redirectTo });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "logIn" })];

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  const notice = searchParams.get("notice");

  return (
    <AuthCard title={t("auth.loginTitle")}>
      {notice === "password-reset" ? <Notice tone="success">{t("auth.passwordResetDone")}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} />
        <Field
          label={t("auth.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
          errors={fields.email.errors}
        />
        <Field
          label={t("auth.password")}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          errors={fields.password.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="w-full">{t("auth.logIn")}</SubmitButton>
      </Form>
      <p className="mt-6 flex justify-between text-sm">
        <Link to="/forgot-password" className="underline">
          {t("auth.forgotPassword")}
        </Link>
        <Link to={{ pathname: "/signup", search: searchParams.toString() }} className="underline">
          {t("auth.createAccount")}
        </Link>
      </p>
    </AuthCard>
  );
}
