// Every text in both languages, for the server: page renders, files it writes, and tests.
import { i18nOptions } from "~/lib/i18n";
import enCommon from "~/locales/en/common.json";
import koCommon from "~/locales/ko/common.json";

export const resources = {
  ko: { common: koCommon },
  en: { common: enCommon },
} as const;

/** i18next options with both languages' texts bundled, so an instance initialises at once. */
export const serverI18nOptions = { ...i18nOptions, resources };
