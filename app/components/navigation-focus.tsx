import { useFetchers, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * After a navigation or a fetcher's submission that lost focus, puts it somewhere sensible
 * (docs/decisions/0012). Focus is lost when the focused element is removed (a submit button
 * replaced by what it did, a link to another page) or disabled while its form is sent; then it
 * falls to <body> and the next Tab starts wherever the browser guesses. In order: the element
 * focused last, if it is still on the page and can take focus again (a button re-enabled after a
 * refused form); the element the URL's #hash names (a quiz's result a redirect points to); else
 * <main>. Focus that survived (a header link, a tab in a layout, a field Conform focused for its
 * error) is left where it is. preventScroll leaves the scroll position to ScrollRestoration.
 */
export function useFocusAfterNavigation(mainId: string) {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const location = useLocation();
  // A fetcher's form counts too: its button is disabled while it is sent, and a refusal keeps the page.
  const isBusy = navigation.state !== "idle" || fetchers.some((fetcher) => fetcher.state !== "idle");
  const wasBusy = useRef(false);
  const lastFocused = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const remember = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) lastFocused.current = event.target;
    };
    document.addEventListener("focusin", remember);
    return () => document.removeEventListener("focusin", remember);
  }, []);

  useEffect(() => {
    if (isBusy) {
      wasBusy.current = true;
      return;
    }
    if (!wasBusy.current) return;
    wasBusy.current = false;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const last = lastFocused.current;
    if (last?.isConnected && !last.matches(":disabled") && last.tabIndex >= 0) {
      last.focus({ preventScroll: true });
      return;
    }
    const hashTarget =
      location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const target = hashTarget ?? document.getElementById(mainId);
    if (!target) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }, [isBusy, location, mainId]);
}
