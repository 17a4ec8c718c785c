import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { supportedLanguages, type Language } from "~/lib/i18n";

export function SiteHeader({ language }: { language: Language }) {
  const { t } = useTranslation();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to="/" className="flex items-baseline gap-2 text-lg font-bold text-ink">
          <span aria-hidden="true" className="text-brand-500">
            ☀
          </span>
          {t("appName")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul className="flex items-center gap-4 text-sm">
            <li>
              <Link to="/" className="hover:underline">
                {t("nav.home")}
              </Link>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher current={language} />
      </div>
    </header>
  );
}

/** A plain form so switching works without JavaScript; the server remembers the choice. */
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
          aria-label={t("language.switchTo", { language: t(`language.${language}`) })}
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
    <footer className="border-t border-slate-200 bg-white">
      <p className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600">
        {t("appName")} · {t("tagline")}
      </p>
    </footer>
  );
}
