import type { MetaDescriptor } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { defaultLanguage, i18nOptions, isLanguage, type Language } from "~/lib/i18n";
// Only the titles of both languages, not every text: Vite bundles just the named part of a JSON file,
// and meta needs titles in whichever language the reader switches to, at once.
import { pageTitle as enPageTitle } from "~/locales/en/common.json";
import { pageTitle as koPageTitle } from "~/locales/ko/common.json";

const titleResources = {
  ko: { common: { pageTitle: koPageTitle } },
  en: { common: { pageTitle: enPageTitle } },
};

export type PageTitleKey = keyof typeof koPageTitle.page;
type Area = keyof typeof koPageTitle.area;
type MetaMatch = { id: string; data: unknown };

/**
 * The reader's language as the root loader decided it. `meta` has no hook to ask react-i18next, and
 * it runs both in the server render and after client navigation; the root loader's data is there in both.
 */
export function languageOf(matches: readonly MetaMatch[]): Language {
  const rootData = matches.find((match) => match.id === "root")?.data as { language?: unknown } | undefined;
  return isLanguage(rootData?.language) ? rootData.language : defaultLanguage;
}

// The titles are bundled, so an instance initialises synchronously and `meta` can stay synchronous.
const translators = new Map<Language, TFunction>();

function translatorFor(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) {
    const i18n = createInstance();
    void i18n.init({ ...i18nOptions, resources: titleResources, lng: language, initImmediate: false });
    t = i18n.getFixedT(language, "common");
    translators.set(language, t);
  }
  return t;
}

/**
 * A page's `<title>` in the reader's language, most specific first: the record's names, then the
 * page, then the site or its area ("홍길동 · 성적 · 빛고을", "Outline · Bitgoeul studio").
 * Every route's `meta` goes through this, so no title is ever left in one language.
 */
export function pageTitle(
  matches: readonly MetaMatch[],
  { page, names = [], area = "site" }: { page?: PageTitleKey; names?: (string | null | undefined)[]; area?: Area },
): MetaDescriptor {
  const t = translatorFor(languageOf(matches));
  const parts = [...names.filter((name): name is string => Boolean(name))];
  if (page) parts.push(t(`pageTitle.page.${page}`));
  parts.push(t(`pageTitle.area.${area}`));
  return { title: parts.join(" · ") };
}
