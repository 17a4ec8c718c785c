// Checks any journey can make of the page in front of it.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Fails the test on any error the page throws (a crashed form, a hydration mismatch). */
export function watchForPageErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/**
 * What sticks out past the window's right edge, outside a table that scrolls inside itself: content
 * a phone's reader would have to scroll the whole page for, or could not reach at all where an
 * ancestor clips it. Names the first few, for a readable failure.
 */
export async function overflowingElements(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const insideScroller = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !insideScroller(element))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 100))
      .slice(0, 5);
  });
}

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now, each with the elements it found. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map(({ id, help, nodes }) => ({
    id,
    help,
    targets: nodes.map((node) => node.target.join(" ")).slice(0, 5),
  }));
}

/** Fails with every WCAG 2.1 A/AA violation axe-core finds on the page. */
export async function expectNoViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** A phone (360 CSS pixels wide) and a 1280×720 screen at 200 % zoom: 640×360 CSS pixels. */
export const NARROW_VIEWPORTS = [
  { name: "360px", width: 360, height: 740 },
  { name: "200% zoom", width: 640, height: 360 },
] as const;

/**
 * What overflows at each narrow viewport, resizing the page in place (zoom only changes the CSS
 * viewport; media queries and layout depend on nothing else) and restoring its size afterwards.
 */
export async function narrowViewportOverflows(page: Page) {
  const original = page.viewportSize();
  const found: string[] = [];
  for (const viewport of NARROW_VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const element of await overflowingElements(page)) found.push(`${viewport.name}: ${element}`);
  }
  if (original) await page.setViewportSize(original);
  return found;
}

/**
 * Every piece of text a reader (or a screen reader) meets on the page: whether it is user content
 * (code, and rendered Markdown, marked `data-user-content` where it is inserted) and whether it is
 * marked as written in another language than the page's (`lang`, as course titles in English are).
 */
export async function pageTexts(page: Page) {
  return page.evaluate(() => {
    const pageLanguage = document.documentElement.lang;
    const texts: { text: string; isUserContent: boolean; isOtherLanguage: boolean }[] = [];
    const add = (text: string | null | undefined, element: Element) => {
      const normalized = (text ?? "").replace(/\s+/g, " ").trim();
      if (!normalized) return;
      texts.push({
        text: normalized,
        isUserContent: element.closest("code, pre, kbd, [data-user-content]") !== null,
        isOtherLanguage: (element.closest("[lang]")?.getAttribute("lang") ?? pageLanguage) !== pageLanguage,
      });
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, noscript, template, svg")) continue;
      add(node.textContent, parent);
    }
    for (const element of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
      for (const attribute of ["title", "aria-label", "placeholder", "alt"])
        add(element.getAttribute(attribute), element);
    }
    for (const element of document.querySelectorAll("input[type=submit], input[type=button]")) {
      add(element.getAttribute("value"), element);
    }
    return { title: document.title, lang: pageLanguage, texts };
  });
}

// i18next keys are dotted camelCase paths (auth.login.title); file names and host names are not keys.
const TRANSLATION_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)+$/;
const FILE_OR_HOST_NAME = /\.(csv|xlsx|pdf|zip|json|md|txt|png|jpe?g|svg|ipynb|py|docx?|example|com|kr|org)$/i;

export function looksLikeTranslationKey(text: string) {
  return TRANSLATION_KEY.test(text) && !FILE_OR_HOST_NAME.test(text);
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
// Words that read the same in a Korean interface: file formats, standards, the product's name.
const LANGUAGE_NEUTRAL = [
  /\S+@\S+/g, // e-mail addresses
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, // record ids
  /https?:\/\/\S+/g,
  /\b[A-Z]{2,}[0-9][A-Z0-9-]*\b/g, // course codes, check-in codes (ACA101)
  /(^|[\s,(])\.[a-z0-9]{2,5}\b/g, // file extensions
  /\b(CSV|XLSX|PDF|ZIP|JSON|URL|ID|TOTP|OTP|QR|GPA|AI|Bitgoeul|Open Badges?|Markdown|YouTube|Vimeo|Google Authenticator|Microsoft Authenticator|MP4)\b/g,
];

/** Latin words of three letters or more, once language-neutral words and known user content are taken out. */
export function englishWordsIn(text: string, userContent: readonly string[]) {
  if (HANGUL.test(text)) return [];
  let rest = text;
  for (const known of userContent) if (known.length > 0 && rest.includes(known)) rest = rest.split(known).join(" ");
  for (const pattern of LANGUAGE_NEUTRAL) rest = rest.replace(pattern, " ");
  return rest.match(/[A-Za-z]{3,}/g) ?? [];
}

/** The Hangul left in English-page text once known user content is taken out. */
export function koreanWordsIn(text: string, userContent: readonly string[]) {
  if (!HANGUL.test(text)) return [];
  let rest = text;
  for (const known of userContent) if (known.length > 0 && rest.includes(known)) rest = rest.split(known).join(" ");
  return rest.match(/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g) ?? [];
}
