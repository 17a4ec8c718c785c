import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signupSchema } from "~/auth/account-schemas";
import { getOptionalUser } from "~/auth/guards.server";
import { logIn } from "~/auth/login.server";
import { AuthCard } from "~/components/auth-card";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { resolveLanguage } from "~/lib/i18n.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import { SIGN_UP_REFUSALS, signUpLearner } from "~/models/user.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signupSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { name, email, password, redirectTo } = submission.value;
  const signUp = await signUpLearner({
    name,
    email,
    password,
    locale: await resolveLanguage(request),
    ip: getClientIp(context),
  });
  if (!signUp.ok) {
    const { result, init } = refusalReply(submission, SIGN_UP_REFUSALS, signUp, { hideFields: ["password"] });
    return data(result, init);
  }
  return logIn({ request, context, userId: signUp.userId, hasTwoFactor: false, redirectTo });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "signUp" })];

export default function SignupPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "signup",
    lastResult,
    constraint: getZodConstraint(signupSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });

  return (
    <AuthCard title={t("auth.signupTitle")}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} />
        <Field
          label={t("auth.name")}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
          errors={fields.name.errors}
        />
        <Field
          label={t("auth.email")}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
          errors={fields.email.errors}
        />
        <Field
          label={t("auth.password")}
          description={t("auth.passwordRules")}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="w-full">{t("auth.signUp")}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm">
        {t("auth.haveAccount")}{" "}
        <Link to={{ pathname: "/login", search: searchParams.toString() }} className="underline">
          {t("auth.logIn")}
        </Link>
      </p>
    </AuthCard>
  );
}
