import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDate, formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { findCertificateByCode } from "~/models/certificate.server";

/** A certificate's public page: anyone with the code may check it, signed in or not. */
export async function loader({ params }: LoaderFunctionArgs) {
  const certificate = await findCertificateByCode({ code: params.code ?? "" });
  if (!certificate) throw new Response("Certificate not found", { status: 404 });
  return { certificate };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.certificate.course.title} · ${data.certificate.user.name} · Bitgoeul` : "Bitgoeul" },
  // Learners share the link; search engines need not list people's certificates.
  { name: "robots", content: "noindex" },
];

export default function CertificatePage() {
  const { certificate } = useLoaderData<typeof loader>();
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
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
