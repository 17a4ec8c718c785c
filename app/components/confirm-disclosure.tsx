import { useEffect, useRef, type ReactNode } from "react";

/**
 * "Remove …?" asked once more before a form that cannot be undone: a <details> disclosure, so it
 * works without JavaScript, and not a modal dialog (it traps nothing). With JavaScript, Escape closes
 * it and puts focus back on its summary, and tabbing out of it closes it, so the open panel never
 * covers what focus moved to. `children` is the panel: the question and the form that acts.
 */
export function ConfirmDisclosure({
  summary,
  className = "relative",
  summaryClassName,
  children,
}: {
  summary: ReactNode;
  className?: string;
  summaryClassName: string;
  children: ReactNode;
}) {
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const summaryRef = useRef<HTMLElement>(null);

  // Listeners on the element itself: a <details> is no widget of its own for React's a11y rules.
  useEffect(() => {
    const details = detailsRef.current;
    if (!details) return;
    const handleKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      event.preventDefault();
      details.open = false;
      summaryRef.current?.focus();
    };
    // Only when focus went somewhere else on the page: a click on the panel's text focuses nothing
    // (relatedTarget null) and must not close it.
    const handleFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget;
      if (details.open && next instanceof Node && !details.contains(next)) details.open = false;
    };
    details.addEventListener("keydown", handleKeyDown);
    details.addEventListener("focusout", handleFocusOut);
    return () => {
      details.removeEventListener("keydown", handleKeyDown);
      details.removeEventListener("focusout", handleFocusOut);
    };
  }, []);

  return (
    <details ref={detailsRef} className={className}>
      <summary ref={summaryRef} className={summaryClassName}>
        {summary}
      </summary>
      {children}
    </details>
  );
}
