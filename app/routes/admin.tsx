import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { Notice } from "~/components/forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin:access");
  return { hasTwoFactor: user.hasTwoFactor };
}

export default function AdminLayout() {
  const { hasTwoFactor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-6">
      {hasTwoFactor ? null : (
        <Notice tone="error">
          {t("admin.twoFactorReminder")}{" "}
          <Link to="/settings/two-factor" className="font-semibold underline">
            {t("admin.enableTwoFactorNow")}
          </Link>
        </Notice>
      )}
      <nav aria-label={t("admin.title")} className="flex gap-2 border-b border-slate-200 pb-2 text-sm">
        <NavLink to="/admin/users" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.usersTab")}
        </NavLink>
        <NavLink to="/admin/outbox" className="rounded px-3 py-1 aria-[current=page]:bg-brand-100">
          {t("admin.outboxTab")}
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
