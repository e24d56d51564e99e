import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { questions, users } from "#db/schema.ts";
import { parseQuestionRows, sheetColumns } from "#app/domain/question-sheet.ts";
import { foldVietnamese } from "#app/domain/search.ts";
import { storeImage } from "#app/models/images.server.ts";
import {
  changeQuestionStatus,
  exportQuestions,
  getDrawableQuestions,
  getQuestionDetail,
  listQuestions,
  listSkills,
  listTopics,
  readContentFolder,
  saveQuestion,
  saveQuestions,
  syncQuestionBank,
  type RevisionContent,
} from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import {
  readQuestionSheet,
  templateQuestions,
  writeQuestionCsv,
  writeQuestionSheet,
} from "#app/utils/question-sheet.server.ts";
import { HOUR, T0, rejection } from "./fixtures.ts";

// The seed synced the bank at the real time, after T0: edits of file questions must come later to be "latest".
const LATER = Date.now() + 24 * HOUR;
const ORGANISER_NAME = "Nguyễn Thị Hoà (ban tổ chức)";
const organiser = db
  .insert(users)
  .values({ name: ORGANISER_NAME, role: "organiser", createdAt: T0 })
  .returning({ id: users.id })
  .get().id;
const author = { id: organiser, role: "organiser" as const };
// Review needs someone other than the last editor.
const REVIEWER_NAME = "Lò Văn Duyệt (ban tổ chức)";
const reviewer = {
  id: db
    .insert(users)
    .values({ name: REVIEWER_NAME, role: "organiser", createdAt: T0 })
    .returning({ id: users.id })
    .get().id,
  role: "organiser" as const,
};

/** Sheet bytes → rows → questions, as the import route does. */
async function importFile(fileName: string, bytes: Buffer) {
  const rows = await readQuestionSheet(fileName, bytes);
  const ids = rows.map((r) => r.cells.id?.trim()).filter((id): id is string => Boolean(id));
  const existing = new Set(
    db
      .select({ id: questions.id })
      .from(questions)
      .all()
      .map((q) => q.id)
      .filter((id) => ids.includes(id)),
  );
  return parseQuestionRows(rows, await listTopics(), existing, await listSkills());
}

/** What a sheet row carries: not the status, and not a picture (kept on re-import: see "images" below). */
const withoutStatus = ({
  status: _status,
  image: _image,
  imageAlt: _imageAlt,
  ...q
}: Awaited<ReturnType<typeof exportQuestions>>[number]) => ({
  ...q,
  // Sheets carry no pictures, neither the question's nor its choices'.
  choices: q.choices.map(({ image: _choiceImage, imageAlt: _choiceAlt, ...c }) => c),
});

function revisionsOf(id: string) {
  return db
    .select({ current: questions.currentRevisionId, published: questions.publishedRevisionId })
    .from(questions)
    .where(eq(questions.id, id))
    .get()!;
}

async function drawnRevisions(topicId: string) {
  return new Set((await getDrawableQuestions([topicId])).map((q) => q.revisionId));
}

const csvHeader = sheetColumns.map((c) => c.header).join(",");
// One valid row (no cell needs quoting).
const goodValues = [
  "",
  "lua-dao",
  "1",
  "một đáp án",
  "Người lạ nhắn tin xin mã OTP của bạn. Bạn nên làm gì?",
  "Không đưa mã cho ai",
  "Đưa mã nếu người đó nói là công an",
  "",
  "",
  "",
  "",
  "1",
  "Mã OTP chỉ dành cho chính bạn. Không ai được hỏi mã này.",
  "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
  "18/06/2024",
];
const goodCsvRow = goodValues.join(",");

// Runs first: the database holds exactly the published file questions.
describe("xlsx and csv round trips", () => {
  test("the export of the whole bank reads back as the same questions", async () => {
    const exported = await exportQuestions();
    expect(exported.length).toBeGreaterThanOrEqual(400);
    const bytes = await writeQuestionSheet(exported, await listTopics(), await listSkills());
    const { questions: parsed, errors } = await importFile("ngan-hang-cau-hoi.xlsx", bytes);
    expect(errors).toEqual([]);
    expect(parsed).toHaveLength(exported.length);
    expect(parsed.map((q) => q.rowNumber)).toEqual(exported.map((_, i) => i + 2));
    expect(parsed.map(({ id, topicId, content }) => ({ id, topicId, ...content }))).toEqual(
      exported.map(withoutStatus),
    );
    // Diacritics survive (a spot check on top of the deep equality above).
    const first = parsed.find((q) => q.id === "lua-dao-001")!;
    expect(first.content.text).toContain("Bạn nhận được tin nhắn SMS mang tên ngân hàng");
    expect(first.content.source).toBe(
      "Cẩm nang nhận diện và phòng chống lừa đảo trực tuyến — Cục An toàn thông tin, Bộ Thông tin và Truyền thông (2023)",
    );
    // Importing the untouched export changes nothing.
    expect(await saveQuestions(parsed, organiser, T0)).toEqual({
      created: 0,
      updated: 0,
      unchanged: exported.length,
    });
    expect((await getQuestionDetail("lua-dao-001"))?.revisionNumber).toBe(1);
  });

  test("the exported workbook has the status column and a help sheet listing the topics", async () => {
    const bytes = await writeQuestionSheet(
      (await exportQuestions()).slice(0, 3),
      await listTopics(),
      await listSkills(),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Câu hỏi", "Hướng dẫn"]);
    const header = workbook.worksheets[0]!.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual([...sheetColumns.map((c) => c.header), "Trạng thái"]);
    expect(workbook.worksheets[0]!.getRow(2).getCell(sheetColumns.length + 1).value).toBe("published");
    const help = JSON.stringify(workbook.worksheets[1]!.getSheetValues());
    expect(help).toContain("Định danh điện tử (VNeID, Đề án 06, thẻ căn cước)");
  });

  test("the CSV export (UTF-8 with BOM) reads back as the same questions", async () => {
    const exported = await exportQuestions();
    // Every 9th question, plus those whose cells need quoting (commas, quotes, %).
    const subset = exported.filter(
      (q, i) =>
        i % 9 === 0 || [q.text, q.explanation, ...q.choices.map((c) => c.text)].some((t) => /[,"%]/.test(t)),
    );
    expect(subset.length).toBeGreaterThan(30);
    const csv = writeQuestionCsv(subset);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const { questions: parsed, errors } = await importFile("cau-hoi.CSV", Buffer.from(csv, "utf8"));
    expect(errors).toEqual([]);
    expect(parsed.map(({ id, topicId, content }) => ({ id, topicId, ...content }))).toEqual(
      subset.map(withoutStatus),
    );
    // The same file without its BOM reads alike.
    const noBom = await importFile("cau-hoi.csv", Buffer.from(csv.slice(1), "utf8"));
    expect(noBom.questions).toEqual(parsed);
  });

  test("columns may be reordered and unknown columns are ignored", async () => {
    const headers = sheetColumns.map((c) => c.header);
    const cells = goodValues;
    const order = headers.map((_, i) => i).reverse();
    const csv = [
      ["Ghi chú", ...order.map((i) => headers[i])].join(","),
      ["bỏ qua", ...order.map((i) => cells[i])].join(","),
    ].join("\r\n");
    const { questions: parsed, errors } = await importFile("x.csv", Buffer.from(csv));
    expect(errors).toEqual([]);
    expect(parsed[0]?.content.choices).toEqual([
      { text: "Không đưa mã cho ai", correct: true },
      { text: "Đưa mã nếu người đó nói là công an", correct: false },
    ]);
  });

  test("xlsx row numbers are Excel's, blank rows included", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Câu hỏi");
    sheet.addRow(sheetColumns.map((c) => c.header));
    sheet.addRow(goodValues);
    sheet.getRow(5).values = ["", "lua-dao", 2, "một đáp án", "Câu hỏi không có đáp án đúng?", "A", "B"];
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { questions: parsed, errors } = await importFile("x.xlsx", bytes);
    expect(parsed.map((q) => q.rowNumber)).toEqual([2]);
    expect(errors).toContain("Dòng 5: thiếu đáp án đúng");
  });

  test("xlsx cells typed as numbers and dates are read as the text the organiser sees", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Câu hỏi");
    sheet.addRow(sheetColumns.map((c) => c.header));
    const row = sheet.addRow(goodValues);
    row.getCell(3).value = 1; // difficulty as a number
    row.getCell(12).value = 1; // correct as a number
    row.getCell(15).value = new Date(Date.UTC(2024, 5, 18)); // a real Excel date
    row.getCell(5).value = { richText: [{ text: "Người lạ nhắn tin xin " }, { text: "mã OTP của bạn?" }] };
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { questions: parsed, errors } = await importFile("x.xlsx", bytes);
    expect(errors).toEqual([]);
    expect(parsed[0]?.content).toMatchObject({
      difficulty: 1,
      checked: "2024-06-18",
      text: "Người lạ nhắn tin xin mã OTP của bạn?",
    });
  });

  test("csv row numbers are Excel's, blank rows included", async () => {
    const blank = sheetColumns.map(() => "").join(",");
    const missingCorrect = goodCsvRow.replace(/,1,Mã OTP/, ",,Mã OTP");
    const csv = [csvHeader, goodCsvRow, blank, missingCorrect].join("\r\n");
    const { errors } = await importFile("x.csv", Buffer.from(csv));
    expect(errors).toEqual(["Dòng 4: thiếu đáp án đúng"]);
  });
});

describe("bad files", () => {
  test("a CSV not saved as UTF-8", async () => {
    const text = `${csvHeader}\n${goodCsvRow}`;
    const error = await rejection(readQuestionSheet("cau-hoi.csv", Buffer.from(text, "latin1")));
    expect(error.status).toBe(400);
    expect(error.message).toContain("UTF-8");
  });

  test("a file that is neither .xlsx nor .csv", async () => {
    for (const name of ["cau-hoi.txt", "cau-hoi.xls", "cau-hoi"]) {
      const error = await rejection(readQuestionSheet(name, Buffer.from(`${csvHeader}\n${goodCsvRow}`)));
      expect(error.status).toBe(400);
      expect(error.message).toBe("Chỉ nhận tệp .xlsx hoặc .csv.");
    }
  });

  test("a header without a required column", async () => {
    const header = sheetColumns.filter((c) => c.key !== "correct").map((c) => c.header);
    const error = await rejection(readQuestionSheet("x.csv", Buffer.from(header.join(","))));
    expect(error.status).toBe(400);
    expect(error.message).toContain("Dòng 1: thiếu cột “Đáp án đúng”");
    const two = sheetColumns.filter((c) => c.key !== "correct" && c.key !== "topic").map((c) => c.header);
    expect((await rejection(readQuestionSheet("x.csv", Buffer.from(two.join(","))))).message).toBe(
      "Dòng 1: thiếu cột “Chủ đề”, “Đáp án đúng”. Hãy dùng tệp mẫu.",
    );
    // Optional columns (id, choices 3-6) may be left out.
    const minimal = sheetColumns
      .filter((c) => !["id", "choice3", "choice4", "choice5", "choice6"].includes(c.key))
      .map((c) => c.header);
    expect(await readQuestionSheet("x.csv", Buffer.from(minimal.join(",")))).toEqual([]);
  });

  test("a corrupt or truncated .xlsx", async () => {
    const good = await writeQuestionSheet(templateQuestions, await listTopics(), await listSkills());
    for (const bytes of [Buffer.from("đây không phải tệp Excel"), good.subarray(0, good.length / 2)]) {
      const error = await rejection(readQuestionSheet("x.xlsx", bytes));
      expect(error.status).toBe(400);
      expect(error.message).toContain("Không đọc được tệp Excel");
    }
  });

  test("an empty CSV, a file too large, too many rows", async () => {
    expect((await rejection(readQuestionSheet("x.csv", Buffer.from("")))).message).toBe("Tệp trống.");
    expect((await rejection(readQuestionSheet("x.csv", Buffer.alloc(5 * 1024 * 1024 + 1)))).message).toBe(
      "Tệp quá lớn: tối đa 5 MB.",
    );
    const many = [csvHeader, ...Array.from({ length: 2001 }, () => goodCsvRow)].join("\n");
    expect((await rejection(readQuestionSheet("x.csv", Buffer.from(many)))).message).toContain(
      "tối đa 2000 câu",
    );
    expect(await readQuestionSheet("x.csv", Buffer.from(many.slice(0, many.lastIndexOf("\n"))))).toHaveLength(
      2000,
    );
  });
});

describe("importing into the database", () => {
  let draftIds: string[] = [];

  test("template rows become drafts that are not drawn", async () => {
    const topicsBefore = {
      "lua-dao": await drawnRevisions("lua-dao"),
      "ky-nang-so": await drawnRevisions("ky-nang-so"),
    };
    const { questions: parsed, errors } = await importFile(
      "mau.xlsx",
      await writeQuestionSheet(templateQuestions, await listTopics(), await listSkills()),
    );
    expect(errors).toEqual([]);
    expect(parsed.map((q) => [q.id, q.topicId])).toEqual([
      [undefined, "lua-dao"],
      [undefined, "ky-nang-so"],
    ]);
    expect(await saveQuestions(parsed, organiser, T0)).toEqual({ created: 2, updated: 0, unchanged: 0 });

    const drafts = await listQuestions({ status: "draft" }, { limit: 50, offset: 0 });
    expect(drafts.total).toBe(2);
    draftIds = drafts.rows.map((r) => r.id).sort();
    expect(draftIds[0]).toMatch(/^ky-nang-so-c[0-9a-f]{8}$/);
    expect(draftIds[1]).toMatch(/^lua-dao-c[0-9a-f]{8}$/);
    for (const row of drafts.rows) expect(row.isPublished).toBe(false);
    for (const id of draftIds) {
      const detail = (await getQuestionDetail(id))!;
      expect(detail).toMatchObject({ origin: "console", status: "draft", revisionNumber: 1 });
      expect(detail.publishedRevisionNumber).toBeNull();
      expect(detail.events).toEqual([
        { action: "created", userName: ORGANISER_NAME, at: T0, revisionNumber: 1, override: false },
      ]);
    }
    expect(await drawnRevisions("lua-dao")).toEqual(topicsBefore["lua-dao"]);
    expect(await drawnRevisions("ky-nang-so")).toEqual(topicsBefore["ky-nang-so"]);
    const { id: _id, topicId: _topic, ...templateContent } = templateQuestions[0]!;
    expect((await getQuestionDetail(draftIds[1]!))!.content).toEqual(templateContent);
  });

  test("importing the same rows with their ids reports them unchanged; an edited row gets a new revision", async () => {
    const mine = (await exportQuestions()).filter((q) => draftIds.includes(q.id));
    expect(mine).toHaveLength(2);
    const again = await importFile(
      "x.xlsx",
      await writeQuestionSheet(mine, await listTopics(), await listSkills()),
    );
    expect(again.errors).toEqual([]);
    expect(await saveQuestions(again.questions, organiser, T0 + HOUR)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
    });

    const edited = mine.map((q) =>
      q.topicId === "lua-dao" ? { ...q, difficulty: 2 as const, text: `${q.text} (bản sửa)` } : q,
    );
    const csv = await importFile("x.csv", Buffer.from(writeQuestionCsv(edited)));
    expect(csv.errors).toEqual([]);
    expect(await saveQuestions(csv.questions, organiser, T0 + 2 * HOUR)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 1,
    });
    const luaDao = draftIds.find((id) => id.startsWith("lua-dao"))!;
    const detail = (await getQuestionDetail(luaDao))!;
    expect(detail.revisionNumber).toBe(2);
    expect(detail.status).toBe("draft");
    expect(detail.content.text).toMatch(/\(bản sửa\)$/);
    expect(detail.content.difficulty).toBe(2);
    expect(detail.events[0]).toEqual({
      action: "edited",
      userName: ORGANISER_NAME,
      at: T0 + 2 * HOUR,
      revisionNumber: 2,
      override: false,
    });
    expect((await getQuestionDetail(draftIds.find((id) => id !== luaDao)!))!.revisionNumber).toBe(1);
  });

  test("a row whose id is unknown writes nothing", async () => {
    const rows = await readQuestionSheet(
      "x.csv",
      Buffer.from([csvHeader, goodCsvRow.replace(/^/, "lua-dao-404")].join("\n")),
    );
    const result = parseQuestionRows(rows, await listTopics(), new Set());
    expect(result.errors).toEqual(["Dòng 2: không có câu hỏi mã “lua-dao-404” (để trống mã nếu là câu mới)"]);
    // saveQuestions itself refuses an unknown id, and rolls back the rows saved before it.
    const before = (await exportQuestions()).length;
    const good = parseQuestionRows(
      await readQuestionSheet("x.csv", Buffer.from([csvHeader, goodCsvRow].join("\n"))),
      await listTopics(),
      new Set(),
    ).questions[0]!;
    const error = await rejection(
      saveQuestions([good, { ...good, id: "lua-dao-404" }], organiser, T0 + 3 * HOUR),
    );
    expect(error.status).toBe(404);
    expect((await exportQuestions()).length).toBe(before);
  });
});

describe("review workflow", () => {
  const content: RevisionContent = {
    type: "single",
    difficulty: 2,
    text: "Một trang web bán hàng yêu cầu chuyển khoản trước 100% giá trị đơn hàng. Bạn nên làm gì?",
    choices: [
      { text: "Kiểm tra kỹ người bán, ưu tiên nhận hàng rồi mới trả tiền", correct: true },
      { text: "Chuyển khoản ngay để giữ hàng", correct: false },
      { text: "Chuyển một nửa trước", correct: false },
    ],
    explanation: "Yêu cầu chuyển khoản toàn bộ trước là dấu hiệu thường gặp của lừa đảo bán hàng online.",
    source: "Cẩm nang nhận diện lừa đảo trực tuyến — Cục An toàn thông tin",
    checked: "2026-06-18",
    skill: "giao-dich-thanh-toan",
  };

  test("draft → reviewed → published; edits wait for review while the published revision is drawn", async () => {
    const { id } = await saveQuestion({ topicId: "lua-dao", content }, organiser, T0);
    const first = revisionsOf(id).current!;

    const early = await rejection(changeQuestionStatus(id, "publish", author, T0 + 1));
    expect(early.status).toBe(409);
    expect(early.message).toBe("Câu hỏi cần được duyệt trước khi xuất bản.");
    expect((await rejection(changeQuestionStatus(id, "unpublish", author, T0 + 1))).status).toBe(409);

    await changeQuestionStatus(id, "review", reviewer, T0 + 2);
    expect((await getQuestionDetail(id))?.status).toBe("reviewed");
    expect((await drawnRevisions("lua-dao")).has(first)).toBe(false);
    expect((await rejection(changeQuestionStatus(id, "review", reviewer, T0 + 3))).status).toBe(409);

    await changeQuestionStatus(id, "publish", author, T0 + 4);
    expect((await drawnRevisions("lua-dao")).has(first)).toBe(true);

    // An edit goes back to draft, but residents keep getting the published revision.
    const { changed } = await saveQuestion(
      { id, topicId: "lua-dao", content: { ...content, difficulty: 3 } },
      organiser,
      T0 + 5,
    );
    expect(changed).toBe(true);
    const second = revisionsOf(id).current!;
    expect(second).not.toBe(first);
    expect(revisionsOf(id).published).toBe(first);
    let detail = (await getQuestionDetail(id))!;
    expect(detail).toMatchObject({ status: "draft", revisionNumber: 2, publishedRevisionNumber: 1 });
    let drawn = await drawnRevisions("lua-dao");
    expect(drawn.has(first)).toBe(true);
    expect(drawn.has(second)).toBe(false);
    const listed = (await listQuestions({ topicId: "lua-dao", status: "draft" }, { limit: 100, offset: 0 }))
      .rows;
    expect(listed.find((r) => r.id === id)).toMatchObject({ isPublished: true, difficulty: 3 });

    await changeQuestionStatus(id, "review", reviewer, T0 + 6);
    await changeQuestionStatus(id, "publish", author, T0 + 7);
    drawn = await drawnRevisions("lua-dao");
    expect(drawn.has(second)).toBe(true);
    expect(drawn.has(first)).toBe(false);

    await changeQuestionStatus(id, "unpublish", author, T0 + 8);
    drawn = await drawnRevisions("lua-dao");
    expect(drawn.has(second)).toBe(false);
    expect(drawn.has(first)).toBe(false);
    detail = (await getQuestionDetail(id))!;
    expect(detail).toMatchObject({ status: "draft", publishedRevisionNumber: null });
    expect((await rejection(changeQuestionStatus(id, "unpublish", author, T0 + 9))).status).toBe(409);

    expect(detail.events).toEqual([
      { action: "unpublished", userName: ORGANISER_NAME, at: T0 + 8, revisionNumber: 2, override: false },
      { action: "published", userName: ORGANISER_NAME, at: T0 + 7, revisionNumber: 2, override: false },
      { action: "reviewed", userName: REVIEWER_NAME, at: T0 + 6, revisionNumber: 2, override: false },
      { action: "edited", userName: ORGANISER_NAME, at: T0 + 5, revisionNumber: 2, override: false },
      { action: "published", userName: ORGANISER_NAME, at: T0 + 4, revisionNumber: 1, override: false },
      { action: "reviewed", userName: REVIEWER_NAME, at: T0 + 2, revisionNumber: 1, override: false },
      { action: "created", userName: ORGANISER_NAME, at: T0, revisionNumber: 1, override: false },
    ]);
  });

  test("an edited published question can be taken out of the draw before its edit is reviewed", async () => {
    const { id } = await saveQuestion(
      { topicId: "lua-dao", content: { ...content, text: `${content.text} (lần 2)` } },
      organiser,
      T0,
    );
    await changeQuestionStatus(id, "review", reviewer, T0 + 1);
    await changeQuestionStatus(id, "publish", author, T0 + 2);
    const published = revisionsOf(id).published!;
    await saveQuestion(
      { id, topicId: "lua-dao", content: { ...content, text: `${content.text} (lần 3)` } },
      organiser,
      T0 + 3,
    );
    expect((await drawnRevisions("lua-dao")).has(published)).toBe(true);
    await changeQuestionStatus(id, "unpublish", author, T0 + 4);
    expect((await drawnRevisions("lua-dao")).has(published)).toBe(false);
    expect(revisionsOf(id).published).toBeNull();
  });

  test("a file question edited in the console keeps being drawn at its file revision", async () => {
    const before = revisionsOf("lua-dao-002");
    const detail = (await getQuestionDetail("lua-dao-002"))!;
    expect(detail).toMatchObject({ origin: "file", status: "published" });
    await saveQuestion(
      { id: "lua-dao-002", topicId: "lua-dao", content: { ...detail.content, difficulty: 3 } },
      organiser,
      LATER,
    );
    expect(revisionsOf("lua-dao-002").published).toBe(before.published);
    expect((await drawnRevisions("lua-dao")).has(before.published!)).toBe(true);
    expect((await getQuestionDetail("lua-dao-002"))?.events[0]).toMatchObject({
      action: "edited",
      userName: ORGANISER_NAME,
    });
  });
});

describe("listQuestions", () => {
  const all = { limit: 1000, offset: 0 };
  const searchable = (q: RevisionContent) =>
    foldVietnamese([q.text, ...q.choices.map((c) => c.text), q.explanation, q.source].join(" "));

  test("searching ignores diacritics and case; every word must appear", async () => {
    const exported = await exportQuestions();
    for (const [search, phrase] of [
      ["lua dao", "lua dao"],
      ["LỪA ĐẢO", "lua dao"],
      ["xac minh", "xac minh"],
      ["xác minh", "xac minh"],
      ["  Xác   MINH ", "xac minh"],
    ] as const) {
      const { rows, total } = await listQuestions({ search }, all);
      const ids = new Set(rows.map((r) => r.id));
      expect(total, search).toBe(rows.length);
      const withPhrase = exported.filter((q) => searchable(q).includes(phrase));
      expect(withPhrase.length, search).toBeGreaterThan(0);
      for (const q of withPhrase) expect(ids.has(q.id), `${search} ${q.id}`).toBe(true);
      const words = phrase.split(" ");
      const expected = exported.filter((q) => words.every((w) => searchable(q).includes(w))).map((q) => q.id);
      expect([...ids].sort(), search).toEqual(expected.sort());
    }
    expect((await listQuestions({ search: "khong co tu nay xyzzy" }, all)).total).toBe(0);
  });

  test("topic, difficulty, status and search filters combine", async () => {
    const exported = await exportQuestions();
    const cases = [
      { topicId: "lua-dao" },
      { difficulty: 1 },
      { status: "draft" as const },
      { topicId: "lua-dao", difficulty: 2 },
      { topicId: "dinh-danh-dien-tu", difficulty: 1, status: "published" as const },
      { topicId: "lua-dao", status: "draft" as const },
      { topicId: "lua-dao", difficulty: 1, search: "ngan hang" },
      { difficulty: 2, status: "published" as const, search: "otp" },
    ];
    for (const filter of cases) {
      const expected = exported
        .filter(
          (q) =>
            (!filter.topicId || q.topicId === filter.topicId) &&
            (!filter.difficulty || q.difficulty === filter.difficulty) &&
            (!filter.status || q.status === filter.status) &&
            (!filter.search || filter.search.split(" ").every((w) => searchable(q).includes(w))),
        )
        .map((q) => q.id)
        .sort();
      const { rows, total } = await listQuestions(filter, all);
      expect(total, JSON.stringify(filter)).toBe(expected.length);
      expect(rows.map((r) => r.id).sort(), JSON.stringify(filter)).toEqual(expected);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
  });

  test("pages through the results, newest first", async () => {
    const { rows: everything, total } = await listQuestions({ topicId: "lua-dao" }, all);
    const page1 = await listQuestions({ topicId: "lua-dao" }, { limit: 10, offset: 0 });
    const page2 = await listQuestions({ topicId: "lua-dao" }, { limit: 10, offset: 10 });
    expect(page1.total).toBe(total);
    expect([...page1.rows, ...page2.rows]).toEqual(everything.slice(0, 20));
    const times = everything.map((r) => r.updatedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test("LIKE wildcards typed in the search do not act as wildcards", async () => {
    const total = (await listQuestions({}, all)).total;
    expect((await listQuestions({ search: "%" }, all)).total).toBeLessThan(total);
    expect((await listQuestions({ search: "_" }, all)).total).toBeLessThan(total);
    expect((await listQuestions({ search: "lua_dao" }, all)).total).toBe(0);
    expect((await listQuestions({ search: "l%o" }, all)).total).toBe(0);
  });

  test("a search containing % or _ finds the text that contains it literally", async () => {
    const { id } = await saveQuestion(
      {
        topicId: "ky-nang-so",
        content: {
          type: "single",
          difficulty: 1,
          text: "Tệp tên mat_khau.txt trên máy tính dùng chung có nên lưu mật khẩu không?",
          choices: [
            { text: "Không nên", correct: true },
            { text: "Nên", correct: false },
          ],
          explanation: "Tệp văn bản không được bảo vệ, ai dùng máy cũng đọc được.",
          source: "Quyết định 757/QĐ-BKHCN",
          checked: "2026-06-18",
        },
      },
      organiser,
      T0,
    );
    const percent = (await exportQuestions()).filter((q) => searchable(q).includes("5%")).map((q) => q.id);
    expect(percent.length).toBeGreaterThan(0);
    expect((await listQuestions({ search: "5%" }, all)).rows.map((r) => r.id).sort()).toEqual(percent.sort());
    expect((await listQuestions({ search: "mat_khau" }, all)).rows.map((r) => r.id)).toEqual([id]);
  });
});

describe("syncQuestionBank", () => {
  test("does not undo a console edit of a file question whose file did not change", async () => {
    const original = (await getQuestionDetail("lua-dao-001"))!;
    const editedText = `${original.content.text} (sửa trên bảng điều khiển)`;
    await saveQuestion(
      { id: "lua-dao-001", topicId: "lua-dao", content: { ...original.content, text: editedText } },
      organiser,
      LATER + 5 * HOUR,
    );
    const bank = await readContentFolder();
    expect(await syncQuestionBank(bank, LATER + 6 * HOUR)).toEqual({
      created: 0,
      revised: 0,
      unchanged: bank.questions.length,
    });
    const after = (await getQuestionDetail("lua-dao-001"))!;
    expect(after.content.text).toBe(editedText);
    expect(after.status).toBe("draft");
    expect(after.revisionNumber).toBe(original.revisionNumber + 1);
    expect(after.events[0]).toMatchObject({ action: "edited", userName: ORGANISER_NAME });
    expect(after.events.some((e) => e.action === "synced" && e.at === LATER + 6 * HOUR)).toBe(false);
  });

  test("a changed file does replace the console edit, published at once", async () => {
    const bank = await readContentFolder();
    const changed = bank.questions.map((q) =>
      q.id === "lua-dao-001" ? { ...q, explanation: `${q.explanation} Đã cập nhật.` } : q,
    );
    expect(await syncQuestionBank({ ...bank, questions: changed }, LATER + 7 * HOUR)).toEqual({
      created: 0,
      revised: 1,
      unchanged: bank.questions.length - 1,
    });
    const after = (await getQuestionDetail("lua-dao-001"))!;
    expect(after.status).toBe("published");
    expect(after.content.explanation).toMatch(/Đã cập nhật\.$/);
    expect(after.events[0]).toMatchObject({ action: "synced", userName: null });
  });
});

describe("images", () => {
  test("re-importing an exported question keeps its image", async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .png()
      .toBuffer();
    const image = await storeImage(png, T0);
    const { id } = await saveQuestion(
      {
        topicId: "lua-dao",
        content: {
          type: "single",
          difficulty: 1,
          text: "Biểu tượng trong ảnh cảnh báo điều gì khi bạn mở một đường link?",
          choices: [
            { text: "Trang web có thể là giả mạo", correct: true },
            { text: "Trang web an toàn tuyệt đối", correct: false },
          ],
          explanation: "Trình duyệt cảnh báo trang web đáng ngờ bằng biểu tượng màu đỏ.",
          source: "Cẩm nang nhận diện lừa đảo trực tuyến — Cục An toàn thông tin",
          checked: "2026-06-18",
          image,
          imageAlt: "Biểu tượng cảnh báo màu đỏ",
        },
      },
      organiser,
      T0,
    );
    const exported = (await exportQuestions()).filter((q) => q.id === id);
    const parsed = await importFile(
      "x.xlsx",
      await writeQuestionSheet(exported, await listTopics(), await listSkills()),
    );
    expect(parsed.errors).toEqual([]);
    const report = await saveQuestions(parsed.questions, organiser, T0 + HOUR);
    expect((await getQuestionDetail(id))?.content.image).toBe(image);
    expect(report).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});
