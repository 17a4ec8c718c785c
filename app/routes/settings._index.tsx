import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { profileSchema } from "~/auth/account-schemas";
import { requireUser } from "~/auth/guards.server";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { supportedLanguages } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { getAccountSettings, updateProfile } from "~/models/user.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { account: await getAccountSettings({ userId: user.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), isSaved: false }, { status: 400 });
  await updateProfile({ userId: user.id, ...submission.value });
  return { result: submission.reply(), isSaved: true };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "settings" })];

export default function ProfileSettingsPage() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData?.result,
    constraint: getZodConstraint(profileSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    defaultValue: { name: account.name, locale: account.locale },
  });
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="mb-4 text-xl font-semibold">
        {t("settings.profileTab")}
      </h2>
      {actionData?.isSaved ? <Notice tone="success">{t("settings.saved")}</Notice> : null}
      <p className="my-4 text-sm text-slate-600">
        {t("auth.email")}: <strong>{account.email}</strong>
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <Field
          label={t("auth.name")}
          inputProps={getInputProps(fields.name, { type: "text" })}
          errors={fields.name.errors}
        />
        <div className="space-y-1">
          <label htmlFor={fields.locale.id} className="block text-sm font-medium">
            {t("settings.language")}
          </label>
          <select
            {...getSelectProps(fields.locale)}
            key={fields.locale.key}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            {supportedLanguages.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </select>
          <ErrorList errors={fields.locale.errors} />
        </div>
        <SubmitButton>{t("settings.save")}</SubmitButton>
      </Form>
    </section>
  );
}
