import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser, requireUserSession } from "~/auth/guards.server";
import { markSessionTwoFactorVerified } from "~/auth/session.server";
import {
  confirmTwoFactorEnrollment,
  disableTwoFactor,
  getPendingTwoFactorEnrollment,
  regenerateRecoveryCodes,
  startTwoFactorEnrollment,
  TWO_FACTOR_REFUSALS,
} from "~/auth/two-factor.server";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { refusalReply } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { getAccountSettings } from "~/models/user.server";

const codeField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(6, "validation.codeInvalid")
  .max(16, "validation.codeInvalid");

// Every change asks for the password, so a borrowed signed-in browser cannot make one.
const changeFields = {
  code: codeField,
  currentPassword: z.string({ required_error: "validation.required" }).max(1024, "validation.passwordTooLong"),
};

const twoFactorSettingsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), ...changeFields }),
  z.object({ intent: z.literal("disable"), ...changeFields }),
  z.object({ intent: z.literal("regenerate"), ...changeFields }),
]);
type Intent = z.infer<typeof twoFactorSettingsSchema>["intent"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = await getAccountSettings({ userId: user.id });
  return { isEnabled: account.totpEnabledAt !== null };
}

type Enrollment = { qrSvg: string; secretBase32: string };
type TwoFactorActionData = {
  intent: Intent | null;
  result: SubmissionResult<string[]>;
  enrollment: Enrollment | null;
  recoveryCodes: string[] | null;
  isDisabled: boolean;
};

const hideFields = ["code", "currentPassword"];

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const submission = parseWithZod(await request.formData(), { schema: twoFactorSettingsSchema });
  const answer = (fields: Partial<TwoFactorActionData>, init?: ResponseInit) =>
    data<TwoFactorActionData>(
      {
        intent: submission.status === "success" ? submission.value.intent : null,
        result: submission.reply({ hideFields }),
        enrollment: null,
        recoveryCodes: null,
        isDisabled: false,
        ...fields,
      },
      init,
    );
  if (submission.status !== "success") return answer({}, { status: 400 });
  const value = submission.value;
  const userId = user.id;

  if (value.intent === "start") {
    const started = await startTwoFactorEnrollment({ userId });
    if (!started.ok) {
      const { result, init } = refusalReply(submission, TWO_FACTOR_REFUSALS, started, { hideFields });
      return answer({ result }, init);
    }
    return answer({ enrollment: { qrSvg: started.qrSvg, secretBase32: started.secretBase32 } });
  }
  if (value.intent === "confirm") {
    const confirmation = await confirmTwoFactorEnrollment({
      userId,
      password: value.currentPassword,
      code: value.code,
    });
    if (!confirmation.ok) {
      // The pending secret is still stored: show the same QR code again with the error.
      const pending = await getPendingTwoFactorEnrollment({ userId });
      const enrollment = pending ? { qrSvg: pending.qrSvg, secretBase32: pending.secretBase32 } : null;
      const { result, init } = refusalReply(submission, TWO_FACTOR_REFUSALS, confirmation, { hideFields });
      return answer({ result, enrollment }, init);
    }
    // This browser proved the code just now; it should not be sent to the two-factor step.
    await markSessionTwoFactorVerified({ sessionId: session.id });
    return answer({ recoveryCodes: confirmation.recoveryCodes });
  }
  const change = { userId, password: value.currentPassword, code: value.code };
  if (value.intent === "disable") {
    const disabled = await disableTwoFactor(change);
    if (!disabled.ok) {
      const { result, init } = refusalReply(submission, TWO_FACTOR_REFUSALS, disabled, { hideFields });
      return answer({ result }, init);
    }
    return answer({ isDisabled: true });
  }
  const regenerated = await regenerateRecoveryCodes(change);
  if (!regenerated.ok) {
    const { result, init } = refusalReply(submission, TWO_FACTOR_REFUSALS, regenerated, { hideFields });
    return answer({ result }, init);
  }
  return answer({ recoveryCodes: regenerated.recoveryCodes });
}

// A 409 means another tab changed two-factor meanwhile: show the state as it is now (Remix skips
// reloading after a 4xx by default).
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "twoFactor" })];

export default function TwoFactorSettingsPage() {
  const { isEnabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const enrollment = actionData?.enrollment;
  // Errors about the whole change (a stale tab: already on, already off, nothing pending; too many
  // attempts) show once above the forms, whichever form was sent.
  const changeErrors = actionData?.result.error?.[""];
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined);

  return (
    <section aria-labelledby="two-factor-heading" className="space-y-4">
      <h2 id="two-factor-heading" className="text-xl font-semibold">
        {t("settings.twoFactorTab")}
      </h2>
      <p className="text-sm text-slate-700">{t("settings.twoFactorIntro")}</p>
      <FormErrors errors={changeErrors} />
      {actionData?.isDisabled ? <Notice tone="info">{t("settings.twoFactorDisabled")}</Notice> : null}
      {actionData?.recoveryCodes ? <RecoveryCodes codes={actionData.recoveryCodes} /> : null}
      {enrollment ? (
        <EnrollmentStep enrollment={enrollment} lastResult={resultFor("confirm")} />
      ) : isEnabled ? (
        <>
          <Notice tone="success">{t("settings.twoFactorOn")}</Notice>
          <ChangeForm intent="regenerate" label={t("settings.regenerateCodes")} lastResult={resultFor("regenerate")} />
          <ChangeForm intent="disable" label={t("settings.disableTwoFactor")} lastResult={resultFor("disable")} />
        </>
      ) : (
        <Form method="post">
          <SubmitButton name="intent" value="start">
            {t("settings.enableTwoFactor")}
          </SubmitButton>
        </Form>
      )}
    </section>
  );
}

type LastResult = SubmissionResult<string[]> | null | undefined;

function EnrollmentStep({ enrollment, lastResult }: { enrollment: Enrollment; lastResult: LastResult }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-sm">{t("settings.scanQr")}</p>
      <div
        className="h-48 w-48"
        role="img"
        aria-label={t("settings.qrLabel")}
        // SVG produced on the server by the qrcode library from our own otpauth URI.
        dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }}
      />
      <p className="text-sm">
        {t("settings.manualKey")} <code className="break-all rounded bg-slate-100 px-1">{enrollment.secretBase32}</code>
      </p>
      <ChangeForm intent="confirm" label={t("settings.confirmTwoFactor")} lastResult={lastResult} />
    </div>
  );
}

const changeSchema = z.object(changeFields);

/** A change to two-factor: a code from the authenticator app (or a recovery code) and the password. */
function ChangeForm({ intent, label, lastResult }: { intent: Intent; label: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `two-factor-${intent}`,
    lastResult,
    constraint: getZodConstraint(changeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <Field
        label={t("auth.twoFactorCode")}
        inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code" }}
        errors={fields.code.errors}
      />
      <Field
        label={t("settings.currentPassword")}
        inputProps={{
          ...getInputProps(fields.currentPassword, { type: "password" }),
          autoComplete: "current-password",
        }}
        errors={fields.currentPassword.errors}
      />
      <SubmitButton name="intent" value={intent}>
        {label}
      </SubmitButton>
    </Form>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h3 className="font-semibold">{t("settings.recoveryCodesTitle")}</h3>
      <p className="mt-1 text-sm">{t("settings.recoveryCodesHelp")}</p>
      <ul className="mt-3 grid grid-cols-2 gap-2 font-mono">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}
