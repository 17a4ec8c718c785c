import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const TABS = [
  { to: "/settings", key: "settings.profileTab", end: true },
  { to: "/settings/password", key: "settings.passwordTab", end: false },
  { to: "/settings/sessions", key: "settings.sessionsTab", end: false },
  { to: "/settings/two-factor", key: "settings.twoFactorTab", end: false },
] as const;

export default function SettingsLayout() {
  const { t } = useTranslation();
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
      <nav aria-label={t("settings.title")}>
        <h1 className="mb-4 text-2xl font-bold">{t("settings.title")}</h1>
        <ul className="space-y-1">
          {TABS.map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                end={tab.end}
                className="block rounded px-3 py-2 hover:bg-slate-100 aria-[current=page]:bg-brand-100 aria-[current=page]:font-semibold"
              >
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="max-w-xl">
        <Outlet />
      </div>
    </div>
  );
}
