import { createCookie } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLanguage, isLanguage, supportedLanguages, type Language } from "~/lib/i18n";
import { resources, serverI18nOptions } from "~/lib/i18n-resources.server";
import enMail from "~/locales/en/mail.json";
import koMail from "~/locales/ko/mail.json";

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

// Mail is written on the server only, so its namespace stays out of the browser's bundle.
const mailResources = {
  ko: { ...resources.ko, mail: koMail },
  en: { ...resources.en, mail: enMail },
};
const mailTranslators = new Map<Language, Promise<TFunction<"mail">>>();

/** Translates mail text (the `mail` namespace) in the recipient's language. */
export function getMailT(language: Language): Promise<TFunction<"mail">> {
  let translator = mailTranslators.get(language);
  if (!translator) {
    const i18n = createInstance();
    translator = i18n
      .init({ ...serverI18nOptions, resources: mailResources, ns: ["mail"], defaultNS: "mail", lng: language })
      .then(() => i18n.getFixedT(language, "mail"));
    mailTranslators.set(language, translator);
  }
  return translator;
}

const pageTranslators = new Map<Language, Promise<TFunction>>();

/** Translates page text (the `common` namespace) on the server, for files it writes: CSV and XLSX headers. */
export function getPageT(language: Language): Promise<TFunction> {
  let translator = pageTranslators.get(language);
  if (!translator) {
    const i18n = createInstance();
    translator = i18n.init({ ...serverI18nOptions, lng: language }).then(() => i18n.getFixedT(language, "common"));
    pageTranslators.set(language, translator);
  }
  return translator;
}

const STATUS_WORDS: Record<number, [title: string, message: string]> = {
  400: ["error.badRequestTitle", "error.badRequest"],
  403: ["error.forbiddenTitle", "error.forbidden"],
  404: ["error.notFoundTitle", "error.notFound"],
  503: ["error.busyTitle", "error.busy"],
};

/**
 * Resource routes (downloads, exports) have no error page: a Response they throw reaches the browser
 * as it is, an English word or a refusal's key. This answers it in the reader's language instead: the
 * body when it is one of our keys (a refusal's message), else the status's words. Redirects and
 * anything that is not a Response pass through.
 */
export async function answerInReadersWords(request: Request, load: () => Promise<Response>): Promise<Response> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof Response) || error.status < 400) throw error;
    const t = await getPageT(await resolveLanguage(request));
    const body = await error.text();
    const [titleKey, messageKey] = STATUS_WORDS[error.status] ?? ["error.title", "error.unexpected"];
    // t() gives back what it was given when that is no key of ours ("Forbidden").
    const translatedBody = body ? t(body) : body;
    const message = translatedBody && translatedBody !== body ? translatedBody : t(messageKey);
    const headers = new Headers(error.headers);
    headers.set("Content-Type", "text/plain; charset=utf-8");
    headers.delete("Content-Length");
    return new Response(`${t(titleKey)}\n\n${message}\n`, { status: error.status, headers });
  }
}
