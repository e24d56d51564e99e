// Questions as spreadsheet rows (the organiser's Excel/CSV import and export). Pure: cells in, questions or
// row-numbered Vietnamese errors out; the rules themselves are content/schema.ts's.
import { MAX_CHOICES } from "#content/limits.ts";
import { questionContentSchema, type QuestionInput } from "#content/schema.ts";
import { foldVietnamese } from "./search.ts";

export const sheetColumns = [
  { key: "id", header: "Mã câu hỏi", note: "Để trống khi thêm câu mới; giữ nguyên mã để sửa câu đã có." },
  { key: "topic", header: "Chủ đề", note: "Mã chủ đề (ví dụ lua-dao) hoặc tên chủ đề." },
  { key: "difficulty", header: "Độ khó", note: "1 (dễ), 2 (vừa) hoặc 3 (khó)." },
  { key: "type", header: "Loại", note: "một đáp án, nhiều đáp án hoặc đúng sai." },
  { key: "text", header: "Câu hỏi", note: "" },
  ...Array.from({ length: MAX_CHOICES }, (_, i) => ({
    key: `choice${i + 1}`,
    header: `Lựa chọn ${i + 1}`,
    note: i < 2 ? "Bắt buộc." : "Không bắt buộc.",
  })),
  { key: "correct", header: "Đáp án đúng", note: "Số thứ tự lựa chọn đúng, ví dụ 2; nhiều đáp án: 1;3." },
  { key: "explanation", header: "Giải thích", note: "" },
  {
    key: "source",
    header: "Nguồn",
    note: "Số hiệu văn bản kèm điều (Nghị định 13/2023/NĐ-CP, Điều 9), số quyết định (Quyết định 757/QĐ-BKHCN), hoặc tên tài liệu — đơn vị phát hành. Nhiều nguồn: ngăn bằng dấu “;”.",
  },
  { key: "checked", header: "Ngày kiểm tra", note: "Ngày kiểm tra thông tin, dạng dd/mm/yyyy." },
  {
    key: "skill",
    header: "Kỹ năng",
    note: "Mã kỹ năng (ví dụ nhan-dien-lua-dao) hoặc tên kỹ năng; cần có để xuất bản. Để trống: giữ kỹ năng đã có.",
  },
] as const;

export type SheetRow = { rowNumber: number; cells: Record<string, string> };
export type ParsedQuestion = {
  rowNumber: number;
  id?: string;
  topicId: string;
  content: Omit<QuestionInput, "id">;
};

const typeNames: Record<string, QuestionInput["type"]> = {
  "mot dap an": "single",
  single: "single",
  "nhieu dap an": "multiple",
  multiple: "multiple",
  "dung sai": "true_false",
  "dung/sai": "true_false",
  true_false: "true_false",
};
export const typeLabels: Record<QuestionInput["type"], string> = {
  single: "một đáp án",
  multiple: "nhiều đáp án",
  true_false: "đúng sai",
};

const fieldLabels: Record<string, string> = {
  difficulty: "độ khó",
  type: "loại",
  text: "câu hỏi",
  choices: "lựa chọn",
  explanation: "giải thích",
  source: "nguồn",
  checked: "ngày kiểm tra",
  skill: "kỹ năng",
};

/** "18/06/2024", "18-6-2024" or "2024-06-18" → "2024-06-18"; null when it is not a real date. */
export function parseSheetDate(value: string): string | null {
  const trimmed = value.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const [y, m, d] = vn ? [vn[3], vn[2], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d || Number(y) < 1900 || Number(y) > 2100) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(m) - 1) return null;
  return date.toISOString().slice(0, 10);
}

export function formatSheetDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * Reads data rows into questions. Returns every problem as "Dòng 12: thiếu đáp án đúng" so the organiser can
 * fix the whole file at once; the caller writes nothing unless the list is empty.
 */
export function parseQuestionRows(
  rows: SheetRow[],
  topics: { id: string; name: string }[],
  existingIds: Set<string>,
  skills: { id: string; name: string }[] = [],
): { questions: ParsedQuestion[]; errors: string[] } {
  const questions: ParsedQuestion[] = [];
  const errors: string[] = [];
  const seenIds = new Map<string, number>();
  const topicByKey = new Map(
    topics.flatMap((t) => [[foldVietnamese(t.id), t.id] as const, [foldVietnamese(t.name), t.id] as const]),
  );
  const skillByKey = new Map(
    skills.flatMap((s) => [[foldVietnamese(s.id), s.id] as const, [foldVietnamese(s.name), s.id] as const]),
  );

  for (const { rowNumber, cells } of rows) {
    const problems: string[] = [];
    const cell = (key: string) => (cells[key] ?? "").trim();
    if (sheetColumns.every((c) => cell(c.key) === "")) continue;

    const id = cell("id") || undefined;
    if (id) {
      if (!existingIds.has(id)) problems.push(`không có câu hỏi mã “${id}” (để trống mã nếu là câu mới)`);
      const earlier = seenIds.get(id);
      if (earlier) problems.push(`mã “${id}” đã có ở dòng ${earlier}`);
      seenIds.set(id, rowNumber);
    }
    const topicId = topicByKey.get(foldVietnamese(cell("topic")));
    if (!cell("topic")) problems.push("thiếu chủ đề");
    else if (!topicId) problems.push(`không có chủ đề “${cell("topic")}”`);

    const type = typeNames[foldVietnamese(cell("type"))];
    if (!type)
      problems.push(
        cell("type")
          ? `loại “${cell("type")}” không hợp lệ (một đáp án, nhiều đáp án hoặc đúng sai)`
          : "thiếu loại câu hỏi",
      );

    const difficulty = Number(cell("difficulty"));
    if (![1, 2, 3].includes(difficulty))
      problems.push(
        cell("difficulty") ? `độ khó “${cell("difficulty")}” phải là 1, 2 hoặc 3` : "thiếu độ khó",
      );
    const skill = cell("skill") ? skillByKey.get(foldVietnamese(cell("skill"))) : undefined;
    if (cell("skill") && !skill) problems.push(`không có kỹ năng “${cell("skill")}”`);
    const checked = parseSheetDate(cell("checked"));
    if (!cell("checked")) problems.push("thiếu ngày kiểm tra");
    else if (!checked) problems.push(`ngày kiểm tra “${cell("checked")}” không hợp lệ (dd/mm/yyyy)`);

    const choiceTexts = Array.from({ length: MAX_CHOICES }, (_, i) => cell(`choice${i + 1}`));
    const correctRaw = cell("correct");
    const correctNumbers = correctRaw
      .split(/[;,\s]+/)
      .filter(Boolean)
      .map(Number);
    if (!correctRaw) problems.push("thiếu đáp án đúng");
    else if (correctNumbers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CHOICES))
      problems.push(`đáp án đúng “${correctRaw}” phải là số thứ tự lựa chọn, ví dụ 2 hoặc 1;3`);
    else {
      for (const n of correctNumbers)
        if (!choiceTexts[n - 1]) problems.push(`đáp án đúng số ${n} nhưng lựa chọn ${n} để trống`);
    }
    const lastFilled = choiceTexts.reduce((last, text, i) => (text ? i : last), -1);
    if (choiceTexts.slice(0, lastFilled + 1).some((t) => !t))
      problems.push("các lựa chọn phải liền nhau, không bỏ trống ở giữa");

    if (problems.length === 0 && topicId && type && checked) {
      const content = {
        type,
        difficulty,
        text: cell("text"),
        choices: choiceTexts
          .slice(0, lastFilled + 1)
          .map((text, i) => ({ text, correct: correctNumbers.includes(i + 1) })),
        explanation: cell("explanation"),
        source: cell("source"),
        checked,
        ...(skill ? { skill } : {}),
      };
      const result = questionContentSchema.safeParse(content);
      if (result.success) questions.push({ rowNumber, id, topicId, content: result.data });
      else
        for (const issue of result.error.issues)
          problems.push(`${fieldLabels[String(issue.path[0])] ?? issue.path.join(".")}: ${issue.message}`);
    }
    for (const problem of problems) errors.push(`Dòng ${rowNumber}: ${problem}`);
  }
  if (questions.length === 0 && errors.length === 0) errors.push("Tệp không có dòng câu hỏi nào.");
  return { questions, errors };
}

/** A question as a row of cells, for the export (which the import reads back unchanged). */
export function questionToCells(
  q: { id: string; topicId: string } & Omit<QuestionInput, "id">,
): Record<string, string | number> {
  const cells: Record<string, string | number> = {
    id: q.id,
    topic: q.topicId,
    difficulty: q.difficulty,
    type: typeLabels[q.type],
    text: q.text,
    correct: q.choices.flatMap((c, i) => (c.correct ? [i + 1] : [])).join(";"),
    explanation: q.explanation,
    source: q.source,
    checked: formatSheetDate(q.checked),
    skill: q.skill ?? "",
  };
  q.choices.forEach((c, i) => (cells[`choice${i + 1}`] = c.text));
  return cells;
}
