// A table (a header and rows) written as a file people open in Excel: CSV or XLSX.
//
// CSV is written by csv-stringify (the node-csv project's writer: quoting, embedded quotes and line
// breaks done to RFC 4180) and starts with a UTF-8 byte order mark, without which Excel reads the
// file in the system's legacy code page and Korean names turn to mojibake. Lines end in CRLF, as
// Excel writes them. XLSX is written by exceljs; numbers stay numbers there, and the header row and
// first column stay in view while scrolling. The pieces below are exported for the streamed writers
// (spreadsheet-stream.server.ts), so a streamed file and a whole one are written alike.
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

export type SheetCell = string | number | null;

export type Sheet = {
  /** The XLSX sheet's name (cut to Excel's 31 characters, without the characters it forbids). */
  name: string;
  header: string[];
  rows: SheetCell[][];
  /** Columns (by index) shown with two decimals in XLSX, such as scores. */
  decimalColumns?: number[];
};

export const UTF8_BOM = "\uFEFF";

/**
 * A text cell that a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return
 * first) is prefixed with an apostrophe, so a learner named "=HYPERLINK(…)" stays a name (OWASP,
 * "CSV Injection"). Numbers are written as numbers.
 */
export function neutralizeFormula(cell: SheetCell): SheetCell {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** CSV records for `rows`, formulas neutralized, each ending in CRLF (no BOM: that starts the file only). */
export function csvRecords(rows: readonly (readonly SheetCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutralizeFormula)),
    { record_delimiter: "windows", cast: { number: (value) => String(value) } },
  );
}

export function toCsv(sheet: Sheet): Buffer<ArrayBuffer> {
  return Buffer.from(`${UTF8_BOM}${csvRecords([sheet.header, ...sheet.rows])}`, "utf8");
}

/** A sheet name Excel accepts: without the characters it forbids, at most 31 characters. */
export function worksheetName(name: string) {
  return name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet1";
}

/** A column's width from the widest of its cells, within 8 to 50 characters. */
export function columnWidth(cells: readonly (SheetCell | undefined)[]) {
  return Math.min(Math.max(Math.max(0, ...cells.map(displayWidth)) + 2, 8), 50);
}

export async function toXlsx(sheet: Sheet): Promise<Buffer<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Bitgoeul";
  const worksheet = workbook.addWorksheet(worksheetName(sheet.name), {
    views: [{ state: "frozen", xSplit: 1, ySplit: 1 }],
  });
  worksheet.addRow(sheet.header).font = { bold: true };
  // Cells are typed values, never formulas: exceljs writes a string as a string.
  for (const row of sheet.rows) worksheet.addRow(row.map((cell) => cell ?? undefined));
  sheet.header.forEach((title, index) => {
    const column = worksheet.getColumn(index + 1);
    column.width = columnWidth([title, ...sheet.rows.map((row) => row[index])]);
    if (sheet.decimalColumns?.includes(index)) column.numFmt = "0.00";
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Roughly how many columns a cell's text takes: Hangul and other wide characters count two. */
function displayWidth(cell: SheetCell | undefined) {
  if (cell === null || cell === undefined) return 0;
  return [...String(cell)].reduce((width, character) => width + (character.codePointAt(0)! >= 0x1100 ? 2 : 1), 0);
}
