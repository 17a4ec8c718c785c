import type { InitOptions } from "i18next";

export const supportedLanguages = ["ko", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "ko";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/**
 * The i18next options shared by the server render and the browser. The texts are not here: the
 * server holds both languages (i18n-resources.server.ts), a browser loads only its page's language
 * (entry.client.tsx), which halves the JavaScript every page sends.
 */
export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: defaultLanguage,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
} satisfies InitOptions;
