import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import resourcesToBackend from "i18next-resources-to-backend";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultLanguage, i18nOptions, isLanguage, type Language } from "~/lib/i18n";
import { isTimeZone, setAppTimeZone } from "~/lib/time-zone";

// Each language's texts are a chunk of their own, loaded when the page (or a switch) needs them.
const commonTexts: Record<Language, () => Promise<unknown>> = {
  ko: () => import("~/locales/ko/common.json"),
  en: () => import("~/locales/en/common.json"),
};

async function hydrate() {
  const pageLanguage = document.documentElement.lang;
  // The server's APP_TIME_ZONE, so the browser formats the same clock times it rendered.
  const pageTimeZone = document.documentElement.dataset.timeZone;
  if (isTimeZone(pageTimeZone)) setAppTimeZone(pageTimeZone);
  await i18next
    .use(initReactI18next)
    .use(
      resourcesToBackend((language: string) => (isLanguage(language) ? commonTexts[language]() : Promise.resolve({}))),
    )
    .init({
      ...i18nOptions,
      lng: isLanguage(pageLanguage) ? pageLanguage : defaultLanguage,
      // Both languages have every key (locales.test.ts), so a page needs only its own.
      fallbackLng: false,
    });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
