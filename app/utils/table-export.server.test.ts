import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { exportTable, safeCell, type ExportColumn } from "./table-export.server.ts";

type Row = { name: string; note: string; score: number };
const columns: ExportColumn<Row>[] = [
  { header: "Họ và tên", value: (r) => r.name },
  { header: "Ghi chú", value: (r) => r.note },
  { header: "Điểm", value: (r) => r.score },
];
const rows: Row[] = [
  { name: "Nguyễn Thị Ánh", note: '=HYPERLINK("http://x")', score: -3 },
  { name: "Lò Văn Đức", note: '+1, "trích"', score: 10 },
  { name: "Hầu Mí Páo", note: "@SUM(A1)", score: 0 },
  { name: "Vàng Thị Dung", note: "-2\tx", score: 1 },
  { name: "Giàng A Lử", note: "\rdòng", score: 2 },
];

describe("safeCell", () => {
  test("marks text starting with = + - @ tab or CR as text, leaves the rest and numbers alone", () => {
    expect(["=1", "+1", "-1", "@a", "\t1", "\r1"].map(safeCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\t1",
      "'\r1",
    ]);
    expect(safeCell("Xã Lũng Cú")).toBe("Xã Lũng Cú");
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBeNull();
  });
});

describe("exportTable", () => {
  test("a .csv starts with a BOM, keeps Vietnamese and quotes, and no cell is a formula", async () => {
    const response = await exportTable("csv", "xep-hang", columns, rows);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="xep-hang.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["Họ và tên", "Ghi chú", "Điểm"]);
    expect(parsed[1]).toEqual(["Nguyễn Thị Ánh", '\'=HYPERLINK("http://x")', "-3"]);
    expect(parsed[2]?.[1]).toBe('\'+1, "trích"');
    expect(parsed.slice(1).every((r) => !/^[=+\-@\t\r]/.test(r[1]!))).toBe(true);
  });

  test("an .xlsx reads back with Vietnamese headers, text cells and real numbers", async () => {
    const response = await exportTable("xlsx", "giai-thuong", columns, rows);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Họ và tên", "Ghi chú", "Điểm"]);
    expect(sheet.getCell("A2").value).toBe("Nguyễn Thị Ánh");
    expect(sheet.getCell("B2").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B2").value).toBe('\'=HYPERLINK("http://x")');
    expect(sheet.getCell("C2").value).toBe(-3);
    for (let r = 2; r <= 6; r++) expect(sheet.getCell(`B${r}`).formula).toBeUndefined();
  });
});
