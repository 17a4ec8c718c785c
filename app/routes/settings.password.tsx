import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changePasswordSchema } from "~/auth/account-schemas";
import { requireUserSession } from "~/auth/guards.server";
import { Field, FormErrors, NewPasswordFields, Notice, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { CHANGE_PASSWORD_REFUSALS, changePassword } from "~/models/user.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserSession(request);
  return null;
}

const hideFields = ["currentPassword", "password", "confirmPassword"];

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields }), isChanged: false }, { status: 400 });
  const change = await changePassword({
    userId: user.id,
    currentSessionId: session.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.password,
  });
  if (!change.ok) {
    const { result, init } = refusalReply(submission, CHANGE_PASSWORD_REFUSALS, change, { hideFields });
    return data({ result, isChanged: false }, init);
  }
  return { result: submission.reply({ resetForm: true }), isChanged: true };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "password" })];

export default function PasswordSettingsPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading" className="mb-4 text-xl font-semibold">
        {t("settings.passwordTab")}
      </h2>
      {actionData?.isChanged ? <Notice tone="success">{t("settings.passwordChanged")}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <Field
          label={t("settings.currentPassword")}
          inputProps={{
            ...getInputProps(fields.currentPassword, { type: "password" }),
            autoComplete: "current-password",
          }}
          errors={fields.currentPassword.errors}
        />
        <NewPasswordFields password={fields.password} confirmPassword={fields.confirmPassword} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("settings.changePassword")}</SubmitButton>
      </Form>
    </section>
  );
}
