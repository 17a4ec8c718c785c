// Where a browser fetches each language's texts: files of their own (fingerprinted under /assets,
// cached for good), so a page loads only its language and no script carries them.
import enTextsUrl from "~/locales/en/common.json?url";
import koTextsUrl from "~/locales/ko/common.json?url";
import type { Language } from "~/lib/i18n";

export const commonTextsUrls: Record<Language, string> = { ko: koTextsUrl, en: enTextsUrl };
