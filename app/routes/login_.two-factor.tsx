import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { twoFactorSchema } from "~/auth/account-schemas";
import { completeTwoFactor } from "~/auth/login.server";
import { getRequestSession, isAwaitingTwoFactor } from "~/auth/session.server";
import { TWO_FACTOR_REFUSALS, verifyTwoFactorCode } from "~/auth/two-factor.server";
import { AuthCard } from "~/components/auth-card";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { pageTitle } from "~/lib/page-title";
import { refusalReply } from "~/lib/refusal.server";

/** Only a session that has passed the password and still owes its second factor may be here. */
async function requirePendingTwoFactor(request: Request) {
  const result = await getRequestSession(request);
  if (!result) throw redirect("/login");
  if (!isAwaitingTwoFactor(result)) throw redirect("/");
  return result;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePendingTwoFactor(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requirePendingTwoFactor(request);
  const submission = parseWithZod(await request.formData(), { schema: twoFactorSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["code"] }), { status: 400 });
  const verification = await verifyTwoFactorCode({ userId: user.id, code: submission.value.code });
  if (!verification.ok) {
    const { result, init } = refusalReply(submission, TWO_FACTOR_REFUSALS, verification, { hideFields: ["code"] });
    return data(result, init);
  }
  return completeTwoFactor({ request, redirectTo: submission.value.redirectTo });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "twoFactor" })];

export default function TwoFactorLoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "two-factor-login",
    lastResult,
    constraint: getZodConstraint(twoFactorSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: twoFactorSchema }),
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });
  return (
    <AuthCard title={t("auth.twoFactorTitle")}>
      <p className="mb-4 text-slate-700">{t("auth.twoFactorPrompt")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} />
        <Field
          label={t("auth.twoFactorCode")}
          inputProps={{
            ...getInputProps(fields.code, { type: "text" }),
            autoComplete: "one-time-code",
            inputMode: "text",
            autoFocus: true,
          }}
          errors={fields.code.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="w-full">{t("auth.verify")}</SubmitButton>
      </Form>
    </AuthCard>
  );
}
