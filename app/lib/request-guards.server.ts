// Checks the HTTP server (scripts/server.ts) runs on every request before the app sees it, so that no
// route has to: a NUL byte or broken UTF-8 in the URL or a form field is a 400 here, not a database
// error (PostgreSQL refuses NUL in text) turned into a 500 somewhere later.

/**
 * The largest request body a form may send. Lesson Markdown and every other form fit well within it;
 * file uploads to the endpoints of app/lib/upload-limits.ts stream under limits of their own.
 */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A percent-encoded URL or form component, decoded, or null when it is malformed, not UTF-8 or holds NUL. */
function decodeComponent(component: string, { plusIsSpace }: { plusIsSpace: boolean }): string | null {
  try {
    const decoded = decodeURIComponent(plusIsSpace ? component.replaceAll("+", " ") : component);
    return decoded.includes("\0") ? null : decoded;
  } catch {
    return null;
  }
}

function isWellFormedQuery(query: string) {
  return query
    .split("&")
    .flatMap((pair) => pair.split("="))
    .every((component) => decodeComponent(component, { plusIsSpace: true }) !== null);
}

/**
 * Whether a request target (`/path?query` as it arrived) is printable ASCII whose percent escapes decode
 * to UTF-8 without NUL, in the path and in every query key and value.
 */
export function isWellFormedRequestTarget(target: string): boolean {
  if (!target.startsWith("/") || !/^[\x21-\x7e]*$/.test(target)) return false;
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  return decodeComponent(path, { plusIsSpace: false }) !== null && isWellFormedQuery(query);
}

function mediaType(contentType: string | undefined) {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isMultipart(contentType: string | undefined) {
  return mediaType(contentType) === "multipart/form-data";
}

/**
 * Whether a buffered request body is well formed for its type: a URL-encoded form must be UTF-8 with
 * every name and value decoding to text without NUL; a multipart form must parse, its text fields
 * without NUL (and, when it carries no file, the whole body must be UTF-8); JSON and text bodies must
 * be UTF-8 without NUL. Other types are the route's business.
 */
export async function isWellFormedBody({
  contentType,
  body,
}: {
  contentType: string | undefined;
  body: Uint8Array;
}): Promise<boolean> {
  const type = mediaType(contentType);
  if (type === "application/x-www-form-urlencoded") {
    const text = decodeStrictUtf8(body);
    return text !== null && isWellFormedQuery(text);
  }
  if (type === "multipart/form-data") {
    let formData: FormData;
    try {
      formData = await new Response(new Uint8Array(body), {
        headers: { "Content-Type": contentType ?? "" },
      }).formData();
    } catch {
      return false;
    }
    let hasFile = false;
    for (const [name, value] of formData) {
      if (name.includes("\0")) return false;
      if (typeof value === "string") {
        if (value.includes("\0")) return false;
      } else {
        hasFile = true;
      }
    }
    // Without files, every byte is field text, which the parser would otherwise quietly repair.
    return hasFile || decodeStrictUtf8(body) !== null;
  }
  if (type === "application/json" || type.startsWith("text/")) {
    const text = decodeStrictUtf8(body);
    return text !== null && !text.includes("\0") && !(type === "application/json" && /\\u0000/i.test(text));
  }
  return true;
}
