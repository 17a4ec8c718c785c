// A table written as CSV or XLSX while its rows are still being read, for exports too large to hold
// whole (a cohort of 2,000 learners by a dozen courses). The rows arrive as an async iterable of
// batches, typically one database page each, and the next batch is read only while the client keeps
// taking the file: memory holds a few batches, whatever the size of the file. (CSV asks for a batch
// per read. XLSX passes through exceljs's zip writer, which ignores back-pressure inside itself; the
// writer here waits whenever the zip's output is full, which it notices a little late, so with an
// idle client a dozen batches of 500 rows may be read ahead: measured by the test beside this file.)
//
// The files are those spreadsheet.server.ts writes for a whole table (the same BOM, CRLF, quoting
// and formula neutralizing in CSV; text as text, numbers as numbers, the header row bold and
// frozen in XLSX), so a reader cannot tell a streamed file from a whole one. One difference: an
// XLSX column's width is measured on the header and the first batch only, since the rest has not
// been read when the columns are written.
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { columnWidth, csvRecords, UTF8_BOM, worksheetName, type SheetCell } from "~/lib/spreadsheet.server";

export type StreamedSheet = {
  /** The XLSX sheet's name (cut to Excel's 31 characters, without the characters it forbids). */
  name: string;
  header: string[];
  /** The rows, a batch at a time; the next batch is asked for only when the last has been sent. */
  batches: AsyncIterable<SheetCell[][]>;
  /** Columns (by index) shown with two decimals in XLSX, such as scores. */
  decimalColumns?: number[];
};

export const SPREADSHEET_FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", write: csvStream },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write: xlsxStream },
} as const;

export type SpreadsheetFormat = keyof typeof SPREADSHEET_FORMATS;

/** `?format=` as an export route reads it: csv or xlsx, else null (the route answers 400). */
export function spreadsheetFormat(
  value: string | null,
  fallback: SpreadsheetFormat = "xlsx",
): SpreadsheetFormat | null {
  const format = value ?? fallback;
  return format === "csv" || format === "xlsx" ? format : null;
}

/**
 * Rows already read (a list computed in one query, such as the at-risk list or a gradebook) handed
 * to the writers a batch at a time, so the file itself is never whole in memory.
 */
export async function* inBatches(rows: readonly SheetCell[][], size = 500): AsyncIterable<SheetCell[][]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/** Applies `toRow` to every row of every batch, batch by batch (a database row to its cells). */
export async function* mapBatches<T>(
  batches: AsyncIterable<T[]>,
  toRow: (item: T) => SheetCell[],
): AsyncIterable<SheetCell[][]> {
  for await (const batch of batches) yield batch.map(toRow);
}

/** The sheet as CSV: the BOM and header first, then each batch as the client reads on. */
export function csvStream(sheet: StreamedSheet): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<SheetCell[][]> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${UTF8_BOM}${csvRecords([sheet.header])}`));
    },
    async pull(controller) {
      iterator ??= sheet.batches[Symbol.asyncIterator]();
      // A pull must enqueue something or close, else the stream waits forever: skip empty batches.
      for (;;) {
        const next = await iterator.next();
        if (next.done) return controller.close();
        if (next.value.length > 0) return controller.enqueue(encoder.encode(csvRecords(next.value)));
      }
    },
    async cancel() {
      // The client went away: stop reading (the generator's finally blocks run).
      await iterator?.return?.();
    },
  });
}

/** The sheet as XLSX, written by exceljs's streaming writer as the client reads on. */
export function xlsxStream(sheet: StreamedSheet): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  writeXlsx(sheet, output).catch((error: unknown) => output.destroy(error as Error));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

async function writeXlsx(sheet: StreamedSheet, output: PassThrough) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = "Bitgoeul";
  const worksheet = workbook.addWorksheet(worksheetName(sheet.name), {
    views: [{ state: "frozen", xSplit: 1, ySplit: 1 }],
  });
  let hasColumns = false;
  // Columns must be defined before the first row is committed: from the header and the first batch.
  const defineColumns = (firstBatch: readonly SheetCell[][]) => {
    worksheet.columns = sheet.header.map((title, index) => ({
      width: columnWidth([title, ...firstBatch.map((row) => row[index])]),
      style: sheet.decimalColumns?.includes(index) ? { numFmt: "0.00" } : {},
    }));
    const headerRow = worksheet.addRow(sheet.header);
    headerRow.font = { bold: true };
    headerRow.commit();
    hasColumns = true;
  };

  const iterator = sheet.batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!hasColumns) defineColumns(next.value);
      // Cells are typed values, never formulas: exceljs writes a string as a string.
      for (const row of next.value) worksheet.addRow(row.map((cell) => cell ?? undefined)).commit();
      // Let the zip stream take the batch in, then wait while the client has not taken what it made.
      await new Promise((resolve) => setImmediate(resolve));
      if (output.writableNeedDrain) await drainedOrClosed(output);
      if (output.destroyed) return; // the client went away; `finally` stops the reading
    }
  } finally {
    await iterator.return?.();
  }
  if (!hasColumns) defineColumns([]);
  worksheet.commit();
  await workbook.commit();
}

/** Resolves once `output` can take more, or is closed (the client went away). */
function drainedOrClosed(output: PassThrough) {
  return new Promise<void>((resolve) => {
    const settle = () => {
      output.off("drain", settle);
      output.off("close", settle);
      resolve();
    };
    output.on("drain", settle);
    output.on("close", settle);
  });
}
