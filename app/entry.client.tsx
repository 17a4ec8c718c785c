import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { defaultLanguage, i18nOptions, isLanguage } from "~/lib/i18n";
import { isTimeZone, setAppTimeZone } from "~/lib/time-zone";

async function hydrate() {
  const pageLanguage = document.documentElement.lang;
  // The server's APP_TIME_ZONE, so the browser formats the same clock times it rendered.
  const pageTimeZone = document.documentElement.dataset.timeZone;
  if (isTimeZone(pageTimeZone)) setAppTimeZone(pageTimeZone);
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng: isLanguage(pageLanguage) ? pageLanguage : defaultLanguage,
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
