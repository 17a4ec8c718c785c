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
import { formatDateTime, formatIssuedDay, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { languageOf, pageTitle } from "~/lib/page-title";
import { CERTIFICATE_REFUSALS, findCertificateByCode, revokeCertificate } from "~/models/certificate.server";

/**
 * A certificate's public page: anyone with the code may check it, signed in or not. Admins and the
 * course's instructors also see the form that revokes it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const [found, viewer] = await Promise.all([findCertificateByCode({ code }), getOptionalUser(request)]);
  if (!found) throw new Response("Certificate not found", { status: 404 });
  const { instructorIds, statusListIndex: _statusListIndex, ...certificate } = found;
  const canRevoke = can(viewer, "certificate:revoke", { instructorIds });
  return { certificate, canRevoke };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const code = params.code ?? "";
  const certificate = await findCertificateByCode({ code });
  if (!certificate) throw new Response("Certificate not found", { status: 404 });
  // Who is asking is checked before what they sent.
  if (!can(user, "certificate:revoke", { instructorIds: certificate.instructorIds })) {
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
  pageTitle(matches, {
    page: "certificate",
    names: [
      data &&
        (languageOf(matches) === "en" ? data.certificate.achievement.nameEn : data.certificate.achievement.nameKo),
      data?.certificate.learner.name,
    ],
  }),
  // Learners share the link; search engines need not list people's certificates.
  { name: "robots", content: "noindex" },
];

export default function CertificatePage() {
  const { certificate, canRevoke } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const isRevoked = certificate.revokedAt !== null;
  const achievementName = localized(certificate.achievement, "name", language);
  const base = `/certificates/${certificate.verificationCode}`;
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
        <p className="text-sm font-semibold text-brand-700">{t(`certificates.kinds.${certificate.kind}`)}</p>
        <h1 id="certificate-heading" className="text-3xl font-bold">
          {certificate.learner.name}
        </h1>
      </header>
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-600">{t(`certificates.achievement.${certificate.kind}`)}</dt>
        <dd>{[certificate.achievement.code, achievementName].filter(Boolean).join(" ")}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.program")}</dt>
        <dd>{localized(certificate.program, "name", language)}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.issuedOn")}</dt>
        <dd>{formatIssuedDay(certificate.issuedAt, language)}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.institution")}</dt>
        <dd>{t("certificates.institutionName")}</dd>
        <dt className="font-medium text-slate-600">{t("certificates.code")}</dt>
        <dd className="break-all font-mono">{certificate.verificationCode}</dd>
      </dl>
      <section aria-labelledby="downloads-heading" className="space-y-2">
        <h2 id="downloads-heading" className="font-semibold">
          {t("certificates.downloads")}
        </h2>
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <a
              href={`${base}/certificate.pdf`}
              className="underline"
              aria-label={t("certificates.downloadPdfLabel", { name: achievementName })}
            >
              {t("certificates.downloadPdf")}
            </a>
          </li>
          <li>
            <a
              href={`${base}/badge.jwt`}
              download
              className="underline"
              aria-label={t("certificates.downloadBadgeLabel", { name: achievementName })}
            >
              {t("certificates.downloadBadge")}
            </a>
          </li>
          <li>
            <a
              href={`${base}/badge.svg`}
              download
              className="underline"
              aria-label={t("certificates.downloadBadgeImageLabel", { name: achievementName })}
            >
              {t("certificates.downloadBadgeImage")}
            </a>
          </li>
        </ul>
        <p className="text-sm text-slate-600">
          {t("certificates.openBadgeHelp")}{" "}
          <a href="/issuer/jwks.json" className="underline">
            {t("certificates.issuerKeys")}
          </a>
        </p>
      </section>
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
