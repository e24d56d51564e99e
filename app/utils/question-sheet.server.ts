// Reading and writing question spreadsheets (.xlsx with exceljs, .csv with papaparse). Server only: neither
// library reaches a phone's bundle.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { questionToCells, sheetColumns, type SheetRow } from "#app/domain/question-sheet.ts";
import type { RevisionContent } from "#app/models/questions.server.ts";
import { UserError } from "./errors.ts";
import { zipArchiveProblem } from "./zip-check.server.ts";

export const MAX_SHEET_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 2000;

function formatCellValue(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    return `${String(value.getUTCDate()).padStart(2, "0")}/${String(value.getUTCMonth() + 1).padStart(2, "0")}/${value.getUTCFullYear()}`;
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return formatCellValue(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value);
}

// "skill" too: files made from the template before skills existed still import.
const optionalColumns = new Set(["id", "choice3", "choice4", "choice5", "choice6", "skill"]);

/** Maps the header row to column keys, by the headers' text, so organisers may reorder columns. */
function keysOfHeader(headers: string[]): (string | null)[] {
  const byHeader = new Map(sheetColumns.map((c) => [c.header.toLowerCase(), c.key as string]));
  const keys = headers.map((h) => byHeader.get(h.normalize("NFC").trim().toLowerCase()) ?? null);
  const missing = sheetColumns.filter((c) => !optionalColumns.has(c.key) && !keys.includes(c.key));
  if (missing.length)
    throw new UserError(
      400,
      `Dòng 1: thiếu cột ${missing.map((c) => `“${c.header}”`).join(", ")}. Hãy dùng tệp mẫu.`,
    );
  return keys;
}

function toRows(table: string[][]): SheetRow[] {
  const [header, ...data] = table;
  if (!header) throw new UserError(400, "Tệp trống.");
  if (data.length > MAX_ROWS)
    throw new UserError(400, `Tệp có quá nhiều dòng: tối đa ${MAX_ROWS} câu mỗi lần nhập.`);
  const keys = keysOfHeader(header);
  return data.map((values, index) => ({
    rowNumber: index + 2,
    cells: Object.fromEntries(keys.flatMap((key, i) => (key ? [[key, values[i] ?? ""]] : []))),
  }));
}

/** The rows of an uploaded .xlsx or .csv, numbered as the organiser sees them in Excel (data from row 2). */
export async function readQuestionSheet(fileName: string, bytes: Buffer): Promise<SheetRow[]> {
  return toRows(await readSheetTable(fileName, bytes));
}

/**
 * The cells of an uploaded .xlsx (first sheet) or .csv as text, row by row from the header, blank rows kept so
 * row numbers match what Excel shows. The size and the zip are checked before anything is unpacked.
 */
export async function readSheetTable(fileName: string, bytes: Buffer): Promise<string[][]> {
  if (bytes.length > MAX_SHEET_BYTES) throw new UserError(400, "Tệp quá lớn: tối đa 5 MB.");
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "csv") {
    const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
    if (text.includes("\uFFFD"))
      throw new UserError(400, "Tệp CSV cần được lưu với bảng mã UTF-8 (trong Excel: CSV UTF-8).");
    // Blank lines stay in, so row numbers match what Excel shows; the parsers skip blank rows.
    return Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  }
  if (extension !== "xlsx") throw new UserError(400, "Chỉ nhận tệp .xlsx hoặc .csv.");
  const unreadable = new UserError(400, "Không đọc được tệp Excel. Hãy lưu lại dạng .xlsx rồi thử lại.");
  // An .xlsx is a zip: its directory is checked before exceljs inflates anything (zip bombs).
  const problem = zipArchiveProblem(bytes);
  if (problem === "too-big")
    throw new UserError(
      400,
      "Tệp Excel chứa quá nhiều dữ liệu khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn.",
    );
  if (problem) throw unreadable;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UserError(400, "Tệp Excel không có trang tính nào.");
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell(
      { includeEmpty: true },
      (cell, column) => (values[column - 1] = formatCellValue(cell.value)),
    );
    table[rowNumber - 1] = Array.from(values, (v) => v ?? "");
  });
  return Array.from(table, (r) => r ?? []);
}

type ExportQuestion = RevisionContent & { id: string; topicId: string; status?: string };

/** An .xlsx of questions in the import format (the template is this with example rows). */
export async function writeQuestionSheet(
  questions: ExportQuestion[],
  topics: { id: string; name: string }[],
  skills: { id: string; name: string }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Câu hỏi", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    ...sheetColumns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.key === "text" || c.key === "explanation" ? 50 : c.key.startsWith("choice") ? 28 : 16,
    })),
    { header: "Trạng thái", key: "status", width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheetColumns.forEach((c, i) => {
    if (c.note) sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  for (const q of questions) sheet.addRow({ ...questionToCells(q), status: q.status ?? "" });
  for (const column of ["text", "explanation", ...Array.from({ length: 6 }, (_, i) => `choice${i + 1}`)]) {
    sheet.getColumn(column).alignment = { wrapText: true, vertical: "top" };
  }
  const help = workbook.addWorksheet("Hướng dẫn");
  help.columns = [
    { header: "Cột", key: "header", width: 18 },
    { header: "Cách điền", key: "note", width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of sheetColumns) help.addRow({ header: c.header, note: c.note });
  help.addRow({});
  help.addRow({ header: "Mã chủ đề", note: "Tên chủ đề" }).font = { bold: true };
  for (const t of topics) help.addRow({ header: t.id, note: t.name });
  help.addRow({});
  help.addRow({ header: "Mã kỹ năng", note: "Tên kỹ năng" }).font = { bold: true };
  for (const s of skills) help.addRow({ header: s.id, note: s.name });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same template as CSV (UTF-8 with BOM, so Excel shows the diacritics). */
export function writeQuestionCsv(questions: ExportQuestion[]): string {
  const rows = questions.map((q) => {
    const cells = questionToCells(q);
    return sheetColumns.map((c) => String(cells[c.key] ?? ""));
  });
  return "\uFEFF" + Papa.unparse([sheetColumns.map((c) => c.header), ...rows]);
}

/** Two example rows for the downloadable templates. */
export const templateQuestions: ExportQuestion[] = [
  {
    id: "",
    topicId: "lua-dao",
    type: "single",
    difficulty: 1,
    text: "Bạn nhận tin nhắn báo trúng thưởng và được yêu cầu bấm vào đường link để nhận quà. Bạn nên làm gì?",
    choices: [
      { text: "Bấm vào link ngay để nhận quà", correct: false },
      { text: "Không bấm, xoá tin nhắn và báo cho tổng đài 5656", correct: true },
      { text: "Gửi link cho người thân cùng nhận", correct: false },
    ],
    explanation:
      "Tin nhắn trúng thưởng kèm đường link lạ thường là lừa đảo để lấy thông tin hoặc cài phần mềm độc hại.",
    source: "Cẩm nang nhận diện và phòng chống lừa đảo trực tuyến (2023) — Cục An toàn thông tin",
    checked: "2026-11-22",
    skill: "nhan-dien-lua-dao",
  },
  {
    id: "",
    topicId: "ky-nang-so",
    type: "multiple",
    difficulty: 2,
    text: "Những cách nào giúp bảo vệ tài khoản mạng xã hội của bạn?",
    choices: [
      { text: "Bật xác thực hai bước", correct: true },
      { text: "Dùng một mật khẩu cho mọi tài khoản", correct: false },
      { text: "Đặt mật khẩu dài, khó đoán", correct: true },
      { text: "Cho người lạ mượn điện thoại đã đăng nhập", correct: false },
    ],
    explanation:
      "Mật khẩu mạnh, riêng cho từng tài khoản và xác thực hai bước khiến kẻ gian khó chiếm tài khoản.",
    source: "Quyết định 757/QĐ-BKHCN (khung kỹ năng số cơ bản cho người dân)",
    checked: "2026-11-22",
    skill: "bao-ve-tai-khoan",
  },
];

export function spreadsheetResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
