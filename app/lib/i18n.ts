import type { InitOptions } from "i18next";
import enCommon from "~/locales/en/common.json";
import koCommon from "~/locales/ko/common.json";

export const supportedLanguages = ["ko", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = "ko";

export const resources = {
  ko: { common: koCommon },
  en: { common: enCommon },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/** The i18next options shared by the server render and the browser. */
export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: defaultLanguage,
  defaultNS: "common",
  ns: ["common"],
  resources,
  interpolation: { escapeValue: false },
} satisfies InitOptions;
