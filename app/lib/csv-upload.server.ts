// Reads an uploaded CSV file (a table someone exported from Excel or Google Sheets) into a header
// and rows, whatever encoding it came in. Korean Excel saves "CSV (쉼표로 분리)" in CP949 (the
// Windows code page that extends EUC-KR) and "CSV UTF-8" with a byte order mark; Google Sheets and
// macOS write UTF-8 without one. So: a UTF-8 BOM means UTF-8; otherwise bytes that are valid UTF-8
// are UTF-8 (CP949 Korean text is practically never valid UTF-8); otherwise CP949. A spreadsheet
// or image renamed .csv (NUL bytes, a zip signature, bytes CP949 cannot decode) is not text.
//
// Parsed by csv-parse (RFC 4180: quoted commas, quotes and line breaks). Cells are trimmed (inside
// quotes too: no cell of ours means its surrounding spaces) and NFC
// (macOS writes Hangul decomposed); trailing empty cells are dropped (Excel writes a comma for
// every column it ever saw), and a record left with no cells is skipped like a blank line. Each
// row carries the file's line number where it starts, so messages can name it.
import { parse, CsvError } from "csv-parse/sync";
import iconv from "iconv-lite";

export type CsvUpload =
  | { ok: true; encoding: "utf-8" | "cp949"; header: string[]; rows: { line: number; cells: string[] }[] }
  | { ok: false; reason: "empty" | "notText" | "malformed"; line?: number };

type Decoded = { text: string; encoding: "utf-8" | "cp949" } | null;
type ParsedRecord = { record: string[]; info: { lines: number }; raw: string };

export function readCsvUpload(bytes: Uint8Array): CsvUpload {
  if (isBinary(bytes)) return { ok: false, reason: "notText" };
  const decoded = decode(bytes);
  if (!decoded) return { ok: false, reason: "notText" };
  // One line ending: csv-parse counts lines unreliably when CRLF and lone CR mix inside quotes.
  const text = decoded.text.replace(/\r\n?/g, "\n");
  if (!text.trim()) return { ok: false, reason: "empty" };

  let lastRecordEndLine = 0;
  let records: ParsedRecord[];
  try {
    // csv-parse's types do not follow `info` and `raw`: with both, each record comes as
    // { record, info, raw }.
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
      on_record: (entry, { lines }) => {
        lastRecordEndLine = lines;
        return entry;
      },
    }) as unknown as ParsedRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line =
      error.code === "CSV_QUOTE_NOT_CLOSED" ? firstContentLineAfter(text, lastRecordEndLine) : errorLine(error);
    return line ? { ok: false, reason: "malformed", line } : { ok: false, reason: "malformed" };
  }

  const table: { line: number; cells: string[] }[] = [];
  for (const { record, info, raw } of records) {
    const cells = withoutTrailingEmpty(record.map((cell) => cell.trim().normalize("NFC")));
    if (cells.length) table.push({ line: startLine(info.lines, raw), cells });
  }
  const [header, ...rows] = table;
  if (!header) return { ok: false, reason: "empty" };
  return { ok: true, encoding: decoded.encoding, header: header.cells, rows };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];
/** C0 controls other than tab and line endings, and DEL: text files do not hold them. */
function hasControlCharacter(text: string) {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** NUL bytes (UTF-16, images, old .xls) or a zip (.xlsx, .hwpx): a file that is not CSV text. */
function isBinary(bytes: Uint8Array) {
  return bytes.includes(0) || ZIP_SIGNATURES.some((signature) => startsWith(bytes, signature));
}

function decode(bytes: Uint8Array): Decoded {
  const hasBom = startsWith(bytes, UTF8_BOM);
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      hasBom ? bytes.subarray(UTF8_BOM.length) : bytes,
    );
    return hasControlCharacter(text) ? null : { text, encoding: "utf-8" };
  } catch {
    // A file that says it is UTF-8 but is not is broken, not CP949.
    if (hasBom) return null;
  }
  // iconv-lite decodes what CP949 cannot map to U+FFFD instead of throwing.
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "cp949");
  return text.includes("\uFFFD") || hasControlCharacter(text) ? null : { text, encoding: "cp949" };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]) {
  return prefix.length <= bytes.length && prefix.every((byte, index) => bytes[index] === byte);
}

function withoutTrailingEmpty(cells: string[]) {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end -= 1;
  return end === cells.length ? cells : cells.slice(0, end);
}

/**
 * The line a record starts on: csv-parse reports the line it ends on, and its raw text carries the
 * blank lines skipped before it, then the record (which may span lines inside quotes), then its
 * line break.
 */
function startLine(endLine: number, raw: string) {
  const record = raw.replace(/^(?:[ \t]*\n)+/, "").replace(/\n$/, "");
  let breaks = 0;
  for (const character of record) if (character === "\n") breaks += 1;
  return endLine - breaks;
}

/** Where a record left open by a quote began: the first line with content after the last whole record. */
function firstContentLineAfter(text: string, line: number): number | undefined {
  const lines = text.split("\n");
  for (let index = line; index < lines.length; index += 1) {
    if (lines[index]?.trim()) return index + 1;
  }
  return undefined;
}

function errorLine(error: CsvError): number | undefined {
  const line: unknown = (error as CsvError & { lines?: unknown }).lines;
  return typeof line === "number" && line > 0 ? line : undefined;
}
