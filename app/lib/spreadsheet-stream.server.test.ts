import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { csvStream, mapBatches, xlsxStream, type StreamedSheet } from "~/lib/spreadsheet-stream.server";
import { toCsv, type SheetCell } from "~/lib/spreadsheet.server";

const header = ["이름", "이메일", "과제 1 (50)", "점수 (%)"];
const rows: SheetCell[][] = [
  ["김가람", "kim@example.com", 45, 81.67],
  ['이 "나래", 2반', "lee@example.com", null, 5],
  ['=HYPERLINK("http://evil")', "-1@example.com", 0, null],
  ["박\n줄바꿈", "park@example.com", 12, 99.5],
  ["최다온", "+82@example.com", null, null],
];

/** The rows in batches of `size`, as a database reader would hand them over, with an empty batch in the middle. */
async function* inBatches(size: number): AsyncIterable<SheetCell[][]> {
  for (let start = 0; start < rows.length; start += size) {
    yield rows.slice(start, start + size);
    if (start === 0) yield [];
  }
}

function sheetOf(batches: AsyncIterable<SheetCell[][]>): StreamedSheet {
  return { name: "AI501 성적부", header, batches, decimalColumns: [3] };
}

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("streamed CSV", () => {
  test("is byte for byte what toCsv writes for the same rows, whatever the batches", async () => {
    const whole = toCsv({ name: "AI501 성적부", header, rows });
    for (const size of [1, 2, 5, 100]) {
      expect(Buffer.from(await bytesOf(csvStream(sheetOf(inBatches(size)))))).toEqual(whole);
    }
    const empty = await bytesOf(csvStream(sheetOf(mapBatches<SheetCell[]>((async function* () {})(), (row) => row))));
    expect(Buffer.from(empty)).toEqual(toCsv({ name: "x", header, rows: [] }));
  });

  test("asks for the next batch only when the client has read what came before", async () => {
    let batchesRead = 0;
    async function* counted() {
      for (let index = 0; index < 3; index++) {
        batchesRead++;
        yield [[`learner ${index}`, "x@example.com", index, null]] as SheetCell[][];
      }
    }
    const reader = csvStream(sheetOf(counted())).getReader();
    await reader.read(); // the BOM and header
    await reader.read(); // the first batch
    expect(batchesRead).toBeLessThanOrEqual(2);
    await reader.cancel();
    const before = batchesRead;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batchesRead).toBe(before);
  });
});

describe("streamed XLSX", () => {
  test("opens in exceljs with the header bold and frozen, text as text and numbers as numbers", async () => {
    const bytes = await bytesOf(xlsxStream(sheetOf(inBatches(2))));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const worksheet = workbook.getWorksheet("AI501 성적부")!;
    expect(worksheet.rowCount).toBe(rows.length + 1);
    expect(worksheet.getRow(1).values).toEqual([undefined, ...header]);
    expect(worksheet.getRow(1).font?.bold).toBe(true);
    expect(worksheet.getRow(2).values).toEqual([undefined, "김가람", "kim@example.com", 45, 81.67]);
    expect(worksheet.getCell("A4").value).toBe('=HYPERLINK("http://evil")');
    expect(worksheet.getCell("A4").type).toBe(ExcelJS.ValueType.String);
    expect(worksheet.getCell("C3").value).toBeNull();
    expect(worksheet.getCell("D2").numFmt).toBe("0.00");
    expect(worksheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
  });

  test("an export without rows is a sheet with its header only", async () => {
    const bytes = await bytesOf(xlsxStream(sheetOf((async function* () {})())));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const worksheet = workbook.getWorksheet("AI501 성적부")!;
    expect(worksheet.rowCount).toBe(1);
    expect(worksheet.getRow(1).values).toEqual([undefined, ...header]);
  });
});

describe("memory", () => {
  test("an XLSX export stops reading batches while the client is not reading, and finishes when it does", async () => {
    let batchesRead = 0;
    async function* manyBatches() {
      for (let batch = 0; batch < 100; batch++) {
        batchesRead++;
        yield Array.from({ length: 500 }, (_, index) => [
          `learner ${batch}-${index} ${Math.random().toString(36)}`,
          `${Math.random().toString(36).slice(2)}@example.com`,
          index,
          Math.random() * 100,
        ]);
      }
    }
    const reader = xlsxStream(sheetOf(manyBatches())).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(batchesRead).toBeLessThan(40);
    for (;;) if ((await reader.read()).done) break;
    expect(batchesRead).toBe(100);
  });
});
