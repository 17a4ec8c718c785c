import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { getLinkOrigin, isPlainHttpFromNetwork } from "~/lib/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:access");
  return {
    hasTwoFactor: user.hasTwoFactor,
    // How this server is set up, as an admin reaching it sees it: see README, "A campus server".
    isPlainHttpFromNetwork: isPlainHttpFromNetwork(request),
    requestOrigin: new URL(request.url).origin,
    linkOrigin: getLinkOrigin(),
  };
}

export default function AdminLayout() {
  const { hasTwoFactor, isPlainHttpFromNetwork, requestOrigin, linkOrigin } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-6">
      {isPlainHttpFromNetwork ? (
        <Notice tone="error">{t("admin.plainHttpWarning", { origin: requestOrigin })}</Notice>
      ) : null}
      {linkOrigin === requestOrigin ? null : (
        <Notice tone="info">{t("admin.linkOriginWarning", { linkOrigin, requestOrigin })}</Notice>
      )}
      {hasTwoFactor ? null : (
        <Notice tone="error">
          {t("admin.twoFactorReminder")}{" "}
          <Link to="/settings/two-factor" className="font-semibold underline">
            {t("admin.enableTwoFactorNow")}
          </Link>
        </Notice>
      )}
      <nav aria-label={t("admin.title")} className="flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
        <NavLink to="/admin" end className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.overviewTab")}
        </NavLink>
        <NavLink to="/admin/users" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.usersTab")}
        </NavLink>
        <NavLink to="/admin/outbox" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.outboxTab")}
        </NavLink>
        <NavLink to="/admin/cohorts" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.cohortsTab")}
        </NavLink>
        <NavLink to="/admin/programs" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.programsTab")}
        </NavLink>
        <NavLink to="/admin/audit" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.auditTab")}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
