import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import resourcesToBackend from "i18next-resources-to-backend";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultLanguage, i18nOptions, isLanguage } from "~/lib/i18n";
import { commonTextsUrls } from "~/lib/i18n-texts";
import { isTimeZone, setAppTimeZone } from "~/lib/time-zone";

/** A language's texts, fetched when the page (or a switch of language) needs them; the root preloads the page's. */
async function fetchCommonTexts(language: string) {
  if (!isLanguage(language)) return {};
  const response = await fetch(commonTextsUrls[language]);
  if (!response.ok) throw new Error(`The ${language} texts did not load (${response.status}).`);
  return response.json() as Promise<object>;
}

async function hydrate() {
  const pageLanguage = document.documentElement.lang;
  // The server's APP_TIME_ZONE, so the browser formats the same clock times it rendered.
  const pageTimeZone = document.documentElement.dataset.timeZone;
  if (isTimeZone(pageTimeZone)) setAppTimeZone(pageTimeZone);
  await i18next
    .use(initReactI18next)
    .use(resourcesToBackend(fetchCommonTexts))
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
