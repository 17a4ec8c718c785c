// Content-Disposition for files we send, after RFC 6266: `filename*` carries the real name in UTF-8
// (Korean names intact; every current browser reads it) and `filename` an ASCII stand-in for clients
// that do not. Both are built from escaped or filtered characters only, so no name, whatever it
// holds, can end the header or add another.

/** RFC 8187 attr-chars are left as they are; everything else is percent-encoded from UTF-8. */
function encodeExtendedValue(text: string) {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Printable ASCII without the quote, backslash and percent sign; other runs become "_". */
function asciiFallback(fileName: string) {
  const ascii = fileName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]+/g, "_")
    .replace(/["\\%]/g, "_");
  const dot = ascii.lastIndexOf(".");
  const stem = dot > 0 ? ascii.slice(0, dot) : ascii;
  // A name with no ASCII letters or digits ("1주차" keeps its digit) becomes "download" plus its extension.
  return /[A-Za-z0-9]/.test(stem) ? ascii : `download${dot > 0 ? ascii.slice(dot) : ""}`;
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or `inline`) for `fileName`. */
export function contentDisposition(fileName: string, { type = "attachment" }: { type?: "attachment" | "inline" } = {}) {
  return `${type}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeExtendedValue(fileName)}`;
}
