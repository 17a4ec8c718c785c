const PLACEHOLDER_ORIGIN = "http://bitgoeul.invalid";

/**
 * A same-site path to send the user to, or `fallback`. The target is normalised first (as the
 * browser will: dot segments, backslashes, tabs and newlines) and the result checked, so neither
 * `//evil.example` nor disguises of it such as `/.//evil.example` or `/\evil.example` get through.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(target, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path beginning with two slashes is a protocol-relative URL to another host.
  if (url.origin !== PLACEHOLDER_ORIGIN || !path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
