import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageParam } from "~/lib/pagination";
import { pageTitle } from "~/lib/page-title";
import { listOutboxEmails } from "~/models/email-outbox.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "outbox:view");
  const page = pageParam.parse(new URL(request.url).searchParams.get("page"));
  return listOutboxEmails({ page });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "outbox", area: "admin" })];

export default function AdminOutboxPage() {
  const { items: emails, page, pageCount } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading" className="text-2xl font-bold">
        {t("admin.outboxTab")}
      </h1>
      <p className="mt-1 text-sm text-slate-600">{t("admin.outboxIntro")}</p>
      {/* A long address or subject scrolls inside the table on a phone, not the page. */}
      <div className="relative mt-4 overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">
                {t("admin.createdAt")}
              </th>
              <th scope="col">{t("admin.recipient")}</th>
              <th scope="col">{t("admin.subject")}</th>
              <th scope="col">{t("admin.status")}</th>
              <th scope="col">{t("admin.attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <tr key={email.id} className="border-b border-slate-100 align-top">
                <td className="py-2">{formatDateTime(email.createdAt, language)}</td>
                <td>{email.toAddress}</td>
                <td>{email.subject}</td>
                <td>
                  {t(`admin.emailStatus.${email.status}`)}
                  {email.lastError ? <p className="text-xs text-red-700">{email.lastError}</p> : null}
                </td>
                <td>{email.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {emails.length === 0 ? <p className="mt-4 text-slate-600">{t("admin.outboxEmpty")}</p> : null}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}
