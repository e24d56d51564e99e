// Downloads of console tables as .xlsx or .csv. Every export goes through here, so every one is safe to open
// in Excel: Vietnamese text survives (UTF-8 with BOM for .csv) and no cell can run as a formula.
import ExcelJS from "exceljs";
import Papa from "papaparse";

export type ExportFormat = "xlsx" | "csv";
export type ExportColumn<T> = { header: string; value: (row: T) => string | number | null; width?: number };

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection); tab and CR too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text that a spreadsheet shows as written: a leading apostrophe marks it as text, not a formula. */
export function safeCell(value: string | number | null): string | number | null {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

export function tableCsv<T>(columns: ExportColumn<T>[], rows: readonly T[]): string {
  const body = Papa.unparse({
    fields: columns.map((c) => c.header),
    data: rows.map((row) => columns.map((c) => safeCell(c.value(row)) ?? "")),
  });
  return `\uFEFF${body}\r\n`;
}

export async function tableXlsx<T>(columns: ExportColumn<T>[], rows: readonly T[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Dữ liệu");
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  // Strings are stored as strings (never as formula objects); the apostrophe keeps them text if resaved as CSV.
  for (const row of rows) sheet.addRow(columns.map((c) => safeCell(c.value(row))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const contentTypes: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

/** A download of `rows` as `filename.<format>` (the name without its extension, ASCII). */
export async function exportTable<T>(
  format: ExportFormat,
  filename: string,
  columns: ExportColumn<T>[],
  rows: readonly T[],
): Promise<Response> {
  const body =
    format === "csv" ? Buffer.from(tableCsv(columns, rows), "utf8") : await tableXlsx(columns, rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentTypes[format],
      "Content-Disposition": `attachment; filename="${filename}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
