import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, type Actor } from "~/auth/permissions";
import { supportedLanguages, type Language } from "~/lib/i18n";

type HeaderUser = NonNullable<Actor> & { name: string };

export function SiteHeader({ language, user }: { language: Language; user: HeaderUser | null }) {
  const { t } = useTranslation();
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to="/" className="flex items-baseline gap-2 text-lg font-bold text-ink">
          <span aria-hidden="true" className="text-brand-500">
            ☀
          </span>
          {t("appName")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
            <li>
              <Link to="/" className="hover:underline">
                {t("nav.home")}
              </Link>
            </li>
            <li>
              <Link to="/courses" className="hover:underline">
                {t("nav.courses")}
              </Link>
            </li>
            {user ? (
              <li>
                <Link to="/learn" className="hover:underline">
                  {t("nav.myLearning")}
                </Link>
              </li>
            ) : null}
            {can(user, "course:create") ? (
              <li>
                <Link to="/teach" className="hover:underline">
                  {t("nav.studio")}
                </Link>
              </li>
            ) : null}
            {can(user, "admin:access") ? (
              <li>
                <Link to="/admin" className="hover:underline">
                  {t("nav.admin")}
                </Link>
              </li>
            ) : null}
            {user ? (
              <>
                <li>
                  <Link to="/settings" className="hover:underline">
                    {t("nav.settings")}
                  </Link>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="hover:underline">
                      {t("nav.logOut")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/login" className="hover:underline">
                    {t("nav.logIn")}
                  </Link>
                </li>
                <li>
                  <Link to="/signup" className="rounded bg-ink px-3 py-1.5 text-white hover:bg-slate-700">
                    {t("nav.signUp")}
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
        {user ? (
          <p className="text-sm text-slate-600">
            <span className="sr-only">{t("nav.signedInAs")} </span>
            {user.name}
          </p>
        ) : null}
        <LanguageSwitcher current={language} />
      </div>
    </header>
  );
}

/**
 * A plain form so switching works without JavaScript; the server remembers the choice. Each button is
 * named by its language in that language (lang), pressed for the current one, within the labelled form.
 */
function LanguageSwitcher({ current }: { current: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="flex items-center gap-1 text-sm" aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {supportedLanguages.map((language) => (
        <button
          key={language}
          type="submit"
          name="language"
          value={language}
          lang={language}
          aria-pressed={language === current}
          className="rounded px-2 py-1 aria-pressed:bg-brand-100 aria-pressed:font-semibold hover:bg-slate-100"
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </Form>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="border-t border-slate-200 bg-white print:hidden">
      <p className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600">
        {t("appName")} · {t("tagline")}
      </p>
    </footer>
  );
}
