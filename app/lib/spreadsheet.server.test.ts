import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { toCsv, toXlsx, type Sheet } from "~/lib/spreadsheet.server";

const sheet: Sheet = {
  name: "AI501 성적부",
  header: ["이름", "이메일", "과제 1 (50)", "점수 (%)"],
  rows: [
    ["김가람", "kim@example.com", 45, 81.67],
    ['이 "나래", 2반', "lee@example.com", null, 5],
    ['=HYPERLINK("http://evil")', "-1@example.com", 0, null],
  ],
  decimalColumns: [3],
};

describe("CSV", () => {
  test("starts with a UTF-8 BOM so Excel reads Korean, quotes what needs it, ends lines in CRLF", () => {
    const bytes = toCsv(sheet);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.split("\r\n")).toEqual([
      "이름,이메일,과제 1 (50),점수 (%)",
      "김가람,kim@example.com,45,81.67",
      '"이 ""나래"", 2반",lee@example.com,,5',
      `"'=HYPERLINK(""http://evil"")",'-1@example.com,0,`,
      "",
    ]);
  });
});

describe("XLSX", () => {
  test("keeps text as text and numbers as numbers, with the header bold and frozen", async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await toXlsx(sheet);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const worksheet = workbook.getWorksheet("AI501 성적부")!;
    expect(worksheet.getRow(1).values).toEqual([undefined, "이름", "이메일", "과제 1 (50)", "점수 (%)"]);
    expect(worksheet.getRow(1).font?.bold).toBe(true);
    expect(worksheet.getRow(2).values).toEqual([undefined, "김가람", "kim@example.com", 45, 81.67]);
    expect(worksheet.getCell("A4").value).toBe('=HYPERLINK("http://evil")');
    expect(worksheet.getCell("A4").type).toBe(ExcelJS.ValueType.String);
    expect(worksheet.getColumn(4).numFmt).toBe("0.00");
    expect(worksheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
  });
});
