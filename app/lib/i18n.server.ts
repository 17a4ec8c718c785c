import { createCookie } from "@remix-run/node";
import { createInstance } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, i18nOptions, isLanguage, supportedLanguages, type Language } from "~/lib/i18n";

/** Remembers a visitor's language choice; a signed-in user's own setting wins over it. */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    // No ?lng= switching: the switcher posts a form, so shared links never change a reader's language.
    order: ["cookie", "header"],
  },
});

/** The request's language: the user's setting, else the cookie, else Accept-Language. */
export async function resolveLanguage(request: Request, userLocale?: string | null): Promise<Language> {
  if (isLanguage(userLocale)) return userLocale;
  const detected = await detector.getLocale(request);
  return isLanguage(detected) ? detected : defaultLanguage;
}

/** A translate function for text made outside a page, such as mail, in a given language. */
export async function getFixedT(language: Language) {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng: language });
  return i18n.getFixedT(language);
}
