import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOptionalUser, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SubmitButton, TextareaField } from "~/components/forms";
import { revokeCertificateSchema } from "~/lib/certificate-forms";
import { formatDate, formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  CERTIFICATE_REFUSALS,
  findCertificateByCode,
  findCertificateRevoker,
  revokeCertificate,
} from "~/models/certificate.server";

/**
 * A certificate's public page: anyone with the code may check it, signed in or not. Admins and the
 * course's instructors also see the form that revokes it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const [certificate, revoker, viewer] = await Promise.all([
    findCertificateByCode({ code }),
    findCertificateRevoker({ code }),
    getOptionalUser(request),
  ]);
  if (!certificate || !revoker) throw new Response("Certificate not found", { status: 404 });
  const canRevoke = can(viewer, "certificate:revoke", { instructorIds: revoker.instructorIds });
  return { certificate, canRevoke };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const code = params.code ?? "";
  const revoker = await findCertificateRevoker({ code });
  if (!revoker) throw new Response("Certificate not found", { status: 404 });
  // Who is asking is checked before what they sent.
  if (!can(user, "certificate:revoke", { instructorIds: revoker.instructorIds })) {
    throw new Response("Forbidden", { status: 403 });
  }
  const submission = parseWithZod(await request.formData(), { schema: revokeCertificateSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const revoked = await revokeCertificate({
    actor: { ...user, ipAddress: getClientIp(context) },
    code,
    reason: submission.value.reason,
  });
  if (!revoked.ok) {
    const { result, init } = refusalReply(submission, CERTIFICATE_REFUSALS, revoked);
    return data({ result }, init);
  }
  return redirect(`/certificates/${code}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "certificate", names: [data?.certificate.course.title, data?.certificate.user.name] }),
  // Learners share the link; search engines need not list people's certificates.
  { name: "robots", content: "noindex" },
];

export default function CertificatePage() {
  const { certificate, canRevoke } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const isRevoked = certificate.revokedAt !== null;
  return (
    <article aria-labelledby="certificate-heading" className="mx-auto max-w-2xl space-y-6">
      <p
        role="status"
        className={`rounded-lg border-2 p-4 text-center text-2xl font-bold tracking-wide ${
          isRevoked ? "border-red-700 bg-red-50 text-red-800" : "border-emerald-700 bg-emerald-50 text-emerald-900"
        }`}
      >
        {isRevoked ? t("certificates.revoked") : t("certificates.valid")}
      </p>
      {certificate.revokedAt ? (
        <p className="text-center text-red-800">
          {t("certificates.revokedOn", { date: formatDateTime(certificate.revokedAt, language) })}
          {certificate.revokedReason
            ? ` ${t("certificates.revokedReason", { reason: certificate.revokedReason })}`
            : ""}
        </p>
      ) : null}
      <header className="space-y-1 text-center">
        <p className="text-sm font-semibold text-brand-700">{t("certificates.kind")}</p>
        <h1 id="certificate-heading" className="text-3xl font-bold">
          {certificate.user.name}
        </h1>
      </header>
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-600">{t("certificates.course")}</dt>
        <dd>
          {certificate.course.code} {certificate.course.title}
        </dd>
        <dt className="font-medium text-slate-600">{t("certificates.program")}</dt>
        <dd>{localized(certificate.course.program, "name", language)}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.issuedOn")}</dt>
        <dd>{formatDate(certificate.issuedAt, language)}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.institution")}</dt>
        <dd>{t("certificates.institutionName")}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.code")}</dt>
        <dd className="break-all font-mono">{certificate.verificationCode}</dd>
      </dl>
      <p className="text-sm text-slate-600">{t("certificates.howToVerify")}</p>
      {canRevoke && !isRevoked ? <RevokeForm /> : null}
    </article>
  );
}

function RevokeForm() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "revoke",
    lastResult: actionData?.result,
    constraint: getZodConstraint(revokeCertificateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: revokeCertificateSchema }),
  });
  return (
    <section aria-labelledby="revoke-heading" className="space-y-3 rounded-lg border border-red-200 bg-white p-4">
      <h2 id="revoke-heading" className="font-semibold">
        {t("certificates.revokeHeading")}
      </h2>
      <p className="text-sm text-slate-600">{t("certificates.revokeHelp")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <TextareaField
          label={t("certificates.revokeReason")}
          textareaProps={{ ...getTextareaProps(fields.reason), rows: 3 }}
          errors={fields.reason.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("certificates.revoke")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
