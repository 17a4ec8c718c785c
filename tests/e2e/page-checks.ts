// Checks any journey can make of the page in front of it.
import type { Page } from "@playwright/test";

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
