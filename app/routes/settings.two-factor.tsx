import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
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
  verifyTwoFactorCode,
} from "~/auth/two-factor.server";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { getAccountSettings } from "~/models/user.server";

const codeField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(6, "validation.codeInvalid")
  .max(16, "validation.codeInvalid");

const twoFactorSettingsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), code: codeField }),
  z.object({ intent: z.literal("disable"), code: codeField }),
  z.object({ intent: z.literal("regenerate"), code: codeField }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = await getAccountSettings({ userId: user.id });
  return { isEnabled: account.totpEnabledAt !== null };
}

type Enrollment = { qrSvg: string; secretBase32: string };

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: twoFactorSettingsSchema });
  const reply = (fieldErrors?: Record<string, string[]>) => submission.reply({ fieldErrors, hideFields: ["code"] });
  if (submission.status !== "success") {
    return data({ result: reply(), enrollment: null, recoveryCodes: null, isDisabled: false }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === "start") {
    const { qrSvg, secretBase32 } = await startTwoFactorEnrollment({ userId: user.id });
    return {
      result: reply(),
      enrollment: { qrSvg, secretBase32 } as Enrollment,
      recoveryCodes: null,
      isDisabled: false,
    };
  }
  if (value.intent === "confirm") {
    const confirmation = await confirmTwoFactorEnrollment({ userId: user.id, code: value.code });
    if (!confirmation.isConfirmed) {
      // The pending secret is still stored: show the same QR code again with the error.
      const pending = await getPendingTwoFactorEnrollment({ userId: user.id });
      const enrollment = pending ? { qrSvg: pending.qrSvg, secretBase32: pending.secretBase32 } : null;
      return data(
        { result: reply({ code: ["validation.codeInvalid"] }), enrollment, recoveryCodes: null, isDisabled: false },
        { status: 400 },
      );
    }
    // This browser proved the code just now; it should not be sent to the two-factor step.
    await markSessionTwoFactorVerified({ sessionId: session.id });
    return { result: reply(), enrollment: null, recoveryCodes: confirmation.recoveryCodes, isDisabled: false };
  }
  // Turning two-factor off or replacing recovery codes needs a current code, so a borrowed
  // signed-in browser cannot do it.
  const verification = await verifyTwoFactorCode({ userId: user.id, code: value.code });
  if (!verification.isValid) {
    return data(
      { result: reply({ code: ["validation.codeInvalid"] }), enrollment: null, recoveryCodes: null, isDisabled: false },
      { status: 400 },
    );
  }
  if (value.intent === "disable") {
    await disableTwoFactor({ userId: user.id });
    return { result: reply(), enrollment: null, recoveryCodes: null, isDisabled: true };
  }
  const { recoveryCodes } = await regenerateRecoveryCodes({ userId: user.id });
  return { result: reply(), enrollment: null, recoveryCodes, isDisabled: false };
}

export const meta: MetaFunction = () => [{ title: "Two-factor · Bitgoeul" }];

export default function TwoFactorSettingsPage() {
  const { isEnabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const enrollment = actionData?.enrollment;

  return (
    <section aria-labelledby="two-factor-heading" className="space-y-4">
      <h2 id="two-factor-heading" className="text-xl font-semibold">
        {t("settings.twoFactorTab")}
      </h2>
      <p className="text-sm text-slate-700">{t("settings.twoFactorIntro")}</p>
      {actionData?.isDisabled ? <Notice tone="info">{t("settings.twoFactorDisabled")}</Notice> : null}
      {actionData?.recoveryCodes ? <RecoveryCodes codes={actionData.recoveryCodes} /> : null}
      {enrollment ? (
        <EnrollmentStep enrollment={enrollment} lastResult={actionData?.result} />
      ) : isEnabled ? (
        <>
          <Notice tone="success">{t("settings.twoFactorOn")}</Notice>
          <CodeForm intent="regenerate" label={t("settings.regenerateCodes")} lastResult={actionData?.result} />
          <CodeForm intent="disable" label={t("settings.disableTwoFactor")} lastResult={actionData?.result} />
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
      <CodeForm intent="confirm" label={t("settings.confirmTwoFactor")} lastResult={lastResult} />
    </div>
  );
}

const codeSchema = z.object({ code: codeField });

function CodeForm({ intent, label, lastResult }: { intent: string; label: string; lastResult: LastResult }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `two-factor-${intent}`,
    lastResult,
    constraint: getZodConstraint(codeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <Field
        label={t("auth.twoFactorCode")}
        inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code" }}
        errors={fields.code.errors}
      />
      <FormErrors id={form.errorId} errors={form.errors} />
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
