// The security headers every response carries. Scripts run only from our own origin or with this
// request's nonce (Remix's inline hydration scripts get it through <Scripts nonce>), so injected
// markup cannot run script. Styles allow inline attributes: KaTeX positions its glyphs with them.
import { randomBytes } from "node:crypto";

// Lesson videos: the only third parties a page may frame (see app/lib/video.ts).
const VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"];

export function generateCspNonce(): string {
  return randomBytes(16).toString("base64");
}

type PolicyOptions = {
  nonce: string;
  isHttps: boolean;
  /** Vite's dev server talks to the page over a WebSocket on a port of its own. */
  isDevelopment?: boolean;
};

export function contentSecurityPolicy({ nonce, isHttps, isDevelopment = false }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // A lesson video may be a file on another campus server.
    "media-src 'self' http: https:",
    `frame-src ${VIDEO_EMBED_ORIGINS.join(" ")}`,
    `connect-src 'self'${isDevelopment ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers for every response. */
export function securityHeaders(options: PolicyOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    // Both mean something only on a secure origin; over HTTP browsers ignore them (and COOP with a
    // console error on every page).
    ...(options.isHttps
      ? { "Strict-Transport-Security": "max-age=31536000", "Cross-Origin-Opener-Policy": "same-origin" }
      : {}),
  };
}
