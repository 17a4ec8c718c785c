import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * After a navigation that removed the focused element (a submit button replaced by what it did, a
 * link to another page), focus would fall to <body> and the next Tab would start from wherever the
 * browser guesses. Moves it to where the new page says to look: the element the URL's #hash names
 * (a quiz's result, a section a redirect points to), else <main>. Focus that survived the navigation
 * (a header link, a tab in a layout) is left where it is. preventScroll leaves the scroll position to
 * Remix's ScrollRestoration.
 */
export function useFocusAfterNavigation(mainId: string) {
  const navigation = useNavigation();
  const location = useLocation();
  const wasNavigating = useRef(false);
  useEffect(() => {
    if (navigation.state !== "idle") {
      wasNavigating.current = true;
      return;
    }
    if (!wasNavigating.current) return;
    wasNavigating.current = false;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const hashTarget =
      location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const target = hashTarget ?? document.getElementById(mainId);
    if (!target) return;
    if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }, [navigation.state, location, mainId]);
}
