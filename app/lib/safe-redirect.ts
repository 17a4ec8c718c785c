/**
 * A same-site path to send the user to, or `fallback`. Rejects absolute URLs and
 * protocol-relative tricks such as `//evil.example` and `/\evil.example`.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  if (target.startsWith("//") || target.startsWith("/\\")) return fallback;
  try {
    const url = new URL(target, "http://bitgoeul.invalid");
    if (url.origin !== "http://bitgoeul.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
