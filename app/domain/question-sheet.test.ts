import { describe, expect, test } from "vitest";
import {
  formatSheetDate,
  parseQuestionRows,
  parseSheetDate,
  questionToCells,
  type SheetRow,
} from "./question-sheet.ts";

const topics = [
  { id: "lua-dao", name: "Nhận diện lừa đảo trực tuyến" },
  { id: "dinh-danh-dien-tu", name: "Định danh điện tử (VNeID, Đề án 06, thẻ căn cước)" },
];

/** A valid "một đáp án" row; overrides replace single cells. */
function row(rowNumber: number, overrides: Record<string, string> = {}): SheetRow {
  return {
    rowNumber,
    cells: {
      id: "",
      topic: "lua-dao",
      difficulty: "2",
      type: "một đáp án",
      text: "Bạn nhận được tin nhắn báo trúng thưởng kèm đường link. Bạn nên làm gì?",
      choice1: "Bấm vào link ngay",
      choice2: "Không bấm, xoá tin nhắn",
      choice3: "Gửi link cho người thân",
      choice4: "",
      choice5: "",
      choice6: "",
      correct: "2",
      explanation: "Tin nhắn trúng thưởng kèm link lạ thường là lừa đảo.",
      source: "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
      checked: "18/06/2024",
      ...overrides,
    },
  };
}

const blank = (rowNumber: number): SheetRow => ({
  rowNumber,
  cells: Object.fromEntries(Object.keys(row(0).cells).map((k) => [k, k === "text" ? "   " : ""])),
});

function parse(rows: SheetRow[], existingIds: string[] = []) {
  return parseQuestionRows(rows, topics, new Set(existingIds));
}

/** The errors of a single bad row. */
function errorsOf(overrides: Record<string, string>, rowNumber = 7, existingIds: string[] = []) {
  const result = parse([row(rowNumber, overrides)], existingIds);
  expect(result.questions).toEqual([]);
  return result.errors;
}

describe("a good row", () => {
  test("parses into content: choices trimmed, correct flags, ISO date", () => {
    const { questions, errors } = parse([
      row(2, {
        choice1: "  Bấm vào link ngay  ",
        choice2: "\tKhông bấm, xoá tin nhắn ",
        text: "  " + row(0).cells.text!,
      }),
    ]);
    expect(errors).toEqual([]);
    expect(questions).toEqual([
      {
        rowNumber: 2,
        id: undefined,
        topicId: "lua-dao",
        content: {
          type: "single",
          difficulty: 2,
          text: "Bạn nhận được tin nhắn báo trúng thưởng kèm đường link. Bạn nên làm gì?",
          choices: [
            { text: "Bấm vào link ngay", correct: false },
            { text: "Không bấm, xoá tin nhắn", correct: true },
            { text: "Gửi link cho người thân", correct: false },
          ],
          explanation: "Tin nhắn trúng thưởng kèm link lạ thường là lừa đảo.",
          source: "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
          checked: "2024-06-18",
        },
      },
    ]);
  });

  test("several correct answers: 1;3, 1,3 and 1 3", () => {
    for (const correct of ["1;3", "1,3", "1 3", " 1 ; 3 "]) {
      const { questions, errors } = parse([row(2, { type: "nhiều đáp án", correct })]);
      expect(errors).toEqual([]);
      expect(questions[0]!.content.type).toBe("multiple");
      expect(questions[0]!.content.choices.map((c) => c.correct)).toEqual([true, false, true]);
    }
  });

  test("keeps an existing id", () => {
    const { questions, errors } = parse([row(2, { id: " lua-dao-001 " })], ["lua-dao-001"]);
    expect(errors).toEqual([]);
    expect(questions[0]!.id).toBe("lua-dao-001");
  });

  test("the topic by id or by name, with or without diacritics, any case", () => {
    for (const [topic, expected] of [
      ["lua-dao", "lua-dao"],
      ["LUA-DAO", "lua-dao"],
      ["Nhận diện lừa đảo trực tuyến", "lua-dao"],
      ["nhan dien lua dao truc tuyen", "lua-dao"],
      ["NHẬN DIỆN LỪA ĐẢO TRỰC TUYẾN", "lua-dao"],
      ["Nhận diện lừa đảo trực tuyến".normalize("NFD"), "lua-dao"],
      ["Định danh điện tử (VNeID, Đề án 06, thẻ căn cước)", "dinh-danh-dien-tu"],
      ["Dinh danh dien tu (VNeID, De an 06, the can cuoc)", "dinh-danh-dien-tu"],
      ["dinh-danh-dien-tu", "dinh-danh-dien-tu"],
    ] as const) {
      const { questions, errors } = parse([row(2, { topic })]);
      expect(errors, topic).toEqual([]);
      expect(questions[0]!.topicId, topic).toBe(expected);
    }
  });

  test("type labels in Vietnamese (with or without diacritics) or as codes", () => {
    const cases = [
      ["một đáp án", "single", "2"],
      ["Một Đáp Án", "single", "2"],
      ["mot dap an", "single", "2"],
      ["single", "single", "2"],
      ["nhiều đáp án", "multiple", "1;3"],
      ["nhieu dap an", "multiple", "1;3"],
      ["multiple", "multiple", "1;3"],
      ["đúng sai", "true_false", "1"],
      ["Đúng/Sai", "true_false", "1"],
      ["dung sai", "true_false", "1"],
      ["true_false", "true_false", "1"],
    ] as const;
    for (const [type, expected, correct] of cases) {
      const tf: Record<string, string> =
        expected === "true_false" ? { choice1: "Đúng", choice2: "Sai", choice3: "" } : {};
      const { questions, errors } = parse([row(2, { type, correct, ...tf })]);
      expect(errors, type).toEqual([]);
      expect(questions[0]!.content.type, type).toBe(expected);
    }
  });

  test("difficulty 1, 2 and 3; dates in several spellings", () => {
    for (const difficulty of ["1", "2", "3", " 3 "]) {
      expect(parse([row(2, { difficulty })]).questions[0]!.content.difficulty).toBe(Number(difficulty));
    }
    for (const checked of ["18/06/2024", "18-6-2024", "18.06.2024", "2024-06-18"]) {
      expect(parse([row(2, { checked })]).questions[0]!.content.checked).toBe("2024-06-18");
    }
  });

  test("six choices are allowed; missing cells count as empty", () => {
    const full = parse([row(2, { choice4: "Bốn", choice5: "Năm", choice6: "Sáu", correct: "6" })])
      .questions[0]!;
    expect(full.content.choices).toHaveLength(6);
    expect(full.content.choices[5]).toEqual({ text: "Sáu", correct: true });
    const { choice3: _3, choice4: _4, choice5: _5, choice6: _6, id: _id, ...cells } = row(2).cells;
    const sparse = parse([{ rowNumber: 2, cells }]);
    expect(sparse.errors).toEqual([]);
    expect(sparse.questions[0]!.content.choices).toHaveLength(2);
  });
});

describe("a bad row is reported with its row number", () => {
  test("missing correct answer", () => {
    expect(errorsOf({ correct: "" }, 12)).toEqual(["Dòng 12: thiếu đáp án đúng"]);
    expect(errorsOf({ correct: "   " }, 12)).toEqual(["Dòng 12: thiếu đáp án đúng"]);
  });

  test("the correct answer points at an empty choice", () => {
    expect(errorsOf({ correct: "4" })).toEqual(["Dòng 7: đáp án đúng số 4 nhưng lựa chọn 4 để trống"]);
    expect(errorsOf({ type: "nhiều đáp án", correct: "1;5" })).toEqual([
      "Dòng 7: đáp án đúng số 5 nhưng lựa chọn 5 để trống",
    ]);
  });

  test("a correct answer that is not a choice number", () => {
    for (const correct of ["B", "0", "7", "1.5", "-1", "2;x", "hai"]) {
      expect(errorsOf({ correct }), correct).toEqual([
        `Dòng 7: đáp án đúng “${correct}” phải là số thứ tự lựa chọn, ví dụ 2 hoặc 1;3`,
      ]);
    }
  });

  test("unknown or missing topic", () => {
    expect(errorsOf({ topic: "Lừa đảo qua mạng" })).toEqual(["Dòng 7: không có chủ đề “Lừa đảo qua mạng”"]);
    expect(errorsOf({ topic: "" })).toEqual(["Dòng 7: thiếu chủ đề"]);
  });

  test("bad or missing type", () => {
    expect(errorsOf({ type: "trắc nghiệm" })).toEqual([
      "Dòng 7: loại “trắc nghiệm” không hợp lệ (một đáp án, nhiều đáp án hoặc đúng sai)",
    ]);
    expect(errorsOf({ type: "" })).toEqual(["Dòng 7: thiếu loại câu hỏi"]);
  });

  test("bad or missing difficulty", () => {
    for (const difficulty of ["4", "0", "dễ", "1.5"]) {
      expect(errorsOf({ difficulty }), difficulty).toEqual([
        `Dòng 7: độ khó “${difficulty}” phải là 1, 2 hoặc 3`,
      ]);
    }
    expect(errorsOf({ difficulty: "" })).toEqual(["Dòng 7: thiếu độ khó"]);
  });

  test("missing or invalid date", () => {
    expect(errorsOf({ checked: "" })).toEqual(["Dòng 7: thiếu ngày kiểm tra"]);
    for (const checked of ["31/02/2026", "2026-02-31", "18/06/26", "hôm nay", "06/18/2024"]) {
      expect(errorsOf({ checked }), checked).toEqual([
        `Dòng 7: ngày kiểm tra “${checked}” không hợp lệ (dd/mm/yyyy)`,
      ]);
    }
  });

  test("a gap between choices", () => {
    expect(errorsOf({ choice3: "", choice4: "Hỏi thêm người thân" })).toEqual([
      "Dòng 7: các lựa chọn phải liền nhau, không bỏ trống ở giữa",
    ]);
    expect(errorsOf({ choice1: "", correct: "2" })).toEqual([
      "Dòng 7: các lựa chọn phải liền nhau, không bỏ trống ở giữa",
    ]);
  });

  test("an id that does not exist", () => {
    expect(errorsOf({ id: "lua-dao-999" }, 7, ["lua-dao-001"])).toEqual([
      "Dòng 7: không có câu hỏi mã “lua-dao-999” (để trống mã nếu là câu mới)",
    ]);
  });

  test("the same id twice in the file", () => {
    const { questions, errors } = parse(
      [row(2, { id: "lua-dao-001" }), row(3), row(4, { id: "lua-dao-001" })],
      ["lua-dao-001"],
    );
    expect(errors).toEqual(["Dòng 4: mã “lua-dao-001” đã có ở dòng 2"]);
    expect(questions.map((q) => q.rowNumber)).toEqual([2, 3]);
  });

  test("content rules from the shared schema", () => {
    const twoCorrect = errorsOf({ correct: "1;2" });
    expect(twoCorrect).toHaveLength(1);
    expect(twoCorrect[0]).toMatch(/^Dòng 7: /);
    expect(twoCorrect[0]).toContain("cần đúng 1 đáp án đúng");
    expect(twoCorrect).toEqual(["Dòng 7: lựa chọn: cần đúng 1 đáp án đúng (đang có 2)"]);
    expect(errorsOf({ type: "nhiều đáp án", correct: "1" })).toEqual([
      "Dòng 7: lựa chọn: câu nhiều đáp án cần ít nhất 2 đáp án đúng",
    ]);
    expect(errorsOf({ type: "đúng sai", correct: "1" })).toEqual([
      "Dòng 7: lựa chọn: câu đúng/sai có đúng hai lựa chọn: Đúng, Sai",
    ]);
    expect(errorsOf({ text: "Ngắn" })).toEqual(["Dòng 7: câu hỏi: câu hỏi quá ngắn"]);
    expect(errorsOf({ explanation: "" })).toEqual(["Dòng 7: giải thích: giải thích quá ngắn"]);
    expect(errorsOf({ source: "x" })).toEqual([
      "Dòng 7: nguồn: nguồn quá ngắn",
      "Dòng 7: nguồn: nguồn “x”: cần số hiệu văn bản (kèm điều), hoặc tên tài liệu và đơn vị phát hành dạng “Tên — Đơn vị”",
    ]);
    expect(errorsOf({ choice1: "Giống nhau", choice2: "giống nhau" })).toEqual([
      "Dòng 7: lựa chọn: có hai lựa chọn trùng nhau",
    ]);
    expect(errorsOf({ choice3: "Tất cả các đáp án trên" })).toEqual([
      "Dòng 7: lựa chọn: lựa chọn được xáo trộn: không dùng “tất cả các đáp án trên”",
    ]);
  });

  test("one row with several problems reports them all", () => {
    expect(errorsOf({ topic: "", type: "", difficulty: "", checked: "", correct: "" }, 9)).toEqual([
      "Dòng 9: thiếu chủ đề",
      "Dòng 9: thiếu loại câu hỏi",
      "Dòng 9: thiếu độ khó",
      "Dòng 9: thiếu ngày kiểm tra",
      "Dòng 9: thiếu đáp án đúng",
    ]);
  });

  test("every bad row is reported, and good rows still parse", () => {
    const { questions, errors } = parse([
      row(2),
      row(3, { correct: "" }),
      row(4, { topic: "khong-co" }),
      row(5),
      row(6, { checked: "31/02/2026" }),
    ]);
    expect(errors).toEqual([
      "Dòng 3: thiếu đáp án đúng",
      "Dòng 4: không có chủ đề “khong-co”",
      "Dòng 6: ngày kiểm tra “31/02/2026” không hợp lệ (dd/mm/yyyy)",
    ]);
    expect(questions.map((q) => q.rowNumber)).toEqual([2, 5]);
  });
});

describe("blank rows", () => {
  test("are skipped, keeping the other rows' numbers", () => {
    const { questions, errors } = parse([
      row(2),
      blank(3),
      { rowNumber: 4, cells: {} },
      row(5, { correct: "" }),
    ]);
    expect(questions.map((q) => q.rowNumber)).toEqual([2]);
    expect(errors).toEqual(["Dòng 5: thiếu đáp án đúng"]);
  });

  test("a file of only blank rows has no questions", () => {
    expect(parse([blank(2), blank(3)])).toEqual({
      questions: [],
      errors: ["Tệp không có dòng câu hỏi nào."],
    });
    expect(parse([])).toEqual({ questions: [], errors: ["Tệp không có dòng câu hỏi nào."] });
  });
});

describe("parseSheetDate", () => {
  test("reads dd/mm/yyyy, d-m-yyyy, dd.mm.yyyy and yyyy-mm-dd", () => {
    expect(parseSheetDate("18/06/2024")).toBe("2024-06-18");
    expect(parseSheetDate(" 18/06/2024 ")).toBe("2024-06-18");
    expect(parseSheetDate("1/2/2024")).toBe("2024-02-01");
    expect(parseSheetDate("1-2-2024")).toBe("2024-02-01");
    expect(parseSheetDate("01.02.2024")).toBe("2024-02-01");
    expect(parseSheetDate("2024-06-18")).toBe("2024-06-18");
    expect(parseSheetDate("31/12/2026")).toBe("2026-12-31");
  });

  test("leap years", () => {
    expect(parseSheetDate("29/02/2024")).toBe("2024-02-29");
    expect(parseSheetDate("29/02/2000")).toBe("2000-02-29");
    expect(parseSheetDate("29/02/2025")).toBeNull();
    expect(parseSheetDate("29/02/1900")).toBeNull();
  });

  test("null when it is not a real date", () => {
    for (const value of [
      "",
      "   ",
      "31/02/2026",
      "31/04/2026",
      "00/01/2026",
      "01/00/2026",
      "32/01/2026",
      "01/13/2026",
      "2026-02-30",
      "2026-13-01",
      "2024-6-18",
      "18/06/24",
      "18/06/2024 10:00",
      "18062024",
      "ngày 18/06/2024",
      "123/06/2024",
    ]) {
      expect(parseSheetDate(value), value).toBeNull();
    }
  });

  test("a two-digit year written with four digits is not moved into the 1900s", () => {
    const parsed = parseSheetDate("18/06/0024");
    expect(parsed === null || parsed === "0024-06-18").toBe(true);
  });

  test("formatSheetDate is its inverse", () => {
    expect(formatSheetDate("2024-06-18")).toBe("18/06/2024");
    expect(parseSheetDate(formatSheetDate("2026-11-22"))).toBe("2026-11-22");
  });
});

describe("questionToCells", () => {
  const contents = [
    {
      id: "lua-dao-001",
      topicId: "lua-dao",
      type: "single" as const,
      difficulty: 1 as const,
      text: "Bạn nhận được tin nhắn SMS mang tên ngân hàng, kèm đường link. Bạn nên làm gì?",
      choices: [
        { text: 'Không bấm vào link; gọi tổng đài, hỏi "ngân hàng"', correct: true },
        { text: "Bấm link và đăng nhập", correct: false },
      ],
      explanation: "Ngân hàng không gửi tin nhắn kèm link để bạn đăng nhập.",
      source: "Nghị định 69/2024/NĐ-CP, Điều 13",
      checked: "2026-11-22",
    },
    {
      id: "dinh-danh-dien-tu-c0a1b2c3",
      topicId: "dinh-danh-dien-tu",
      type: "multiple" as const,
      difficulty: 3 as const,
      text: "Những việc nào làm được trên ứng dụng VNeID mức 2?",
      choices: [
        { text: "Xuất trình thẻ căn cước điện tử", correct: true },
        { text: "Rút tiền mặt", correct: false },
        { text: "Tích hợp giấy phép lái xe", correct: true },
        { text: "Đổi tên khai sinh", correct: false },
        { text: "Thông báo lưu trú", correct: true },
        { text: "Mua vé số", correct: false },
      ],
      explanation: "VNeID mức 2 thay thẻ căn cước và tích hợp nhiều giấy tờ.",
      source: "Quyết định 06/QĐ-TTg",
      checked: "2024-02-29",
    },
    {
      id: "lua-dao-002",
      topicId: "lua-dao",
      type: "true_false" as const,
      difficulty: 2 as const,
      text: "Công an có thể gọi điện để nâng cấp tài khoản VNeID cho bạn.",
      choices: [
        { text: "Đúng", correct: false },
        { text: "Sai", correct: true },
      ],
      explanation: "Công an không gọi điện để kích hoạt hay nâng cấp VNeID.",
      source: "Bộ luật Hình sự, Điều 174",
      checked: "2025-01-01",
    },
  ];

  test("writes the import's columns", () => {
    expect(questionToCells(contents[1]!)).toMatchObject({
      id: "dinh-danh-dien-tu-c0a1b2c3",
      topic: "dinh-danh-dien-tu",
      difficulty: 3,
      type: "nhiều đáp án",
      correct: "1;3;5",
      checked: "29/02/2024",
      choice6: "Mua vé số",
    });
    expect(questionToCells(contents[2]!)).toMatchObject({ type: "đúng sai", correct: "2" });
  });

  test("parses back to identical content", () => {
    const rows = contents.map((q, i) => ({
      rowNumber: i + 2,
      cells: Object.fromEntries(Object.entries(questionToCells(q)).map(([k, v]) => [k, String(v)])),
    }));
    const { questions, errors } = parseQuestionRows(rows, topics, new Set(contents.map((q) => q.id)));
    expect(errors).toEqual([]);
    expect(questions).toEqual(
      contents.map(({ id, topicId, ...content }, i) => ({ rowNumber: i + 2, id, topicId, content })),
    );
  });
});

describe("sources and skills", () => {
  const skills = [
    { id: "nhan-dien-lua-dao", name: "Nhận diện và phòng tránh lừa đảo trực tuyến" },
    { id: "bao-ve-tai-khoan", name: "Bảo vệ thiết bị và tài khoản" },
  ];
  const parseWithSkills = (overrides: Record<string, string>) =>
    parseQuestionRows([row(9, overrides)], topics, new Set(), skills);

  test("a vague source is refused on its row, saying what a source needs", () => {
    expect(parseWithSkills({ source: "Quy định của Ngân hàng Nhà nước" }).errors).toEqual([
      "Dòng 9: nguồn: nguồn “Quy định của Ngân hàng Nhà nước”: cần số hiệu văn bản (kèm điều), hoặc tên tài liệu và đơn vị phát hành dạng “Tên — Đơn vị”",
    ]);
    expect(parseWithSkills({ source: "Nghị định 13/2023/NĐ-CP" }).errors).toEqual([
      "Dòng 9: nguồn: nguồn “Nghị định 13/2023/NĐ-CP”: văn bản luật cần ghi điều được dùng (ví dụ: Nghị định 69/2024/NĐ-CP, Điều 12)",
    ]);
  });

  test("each accepted form of source passes", () => {
    for (const source of [
      "Nghị định 13/2023/NĐ-CP, Điều 9",
      "Quyết định 757/QĐ-BKHCN",
      "Cẩm nang nhận diện và phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
      "Bộ luật Hình sự, Điều 174; Quyết định 06/QĐ-TTg",
    ])
      expect(parseWithSkills({ source }).errors, source).toEqual([]);
  });

  test("the skill by id or by name, without diacritics; an unknown skill is refused; empty is allowed", () => {
    for (const skill of [
      "nhan-dien-lua-dao",
      "Nhận diện và phòng tránh lừa đảo trực tuyến",
      "NHAN DIEN VA PHONG TRANH LUA DAO TRUC TUYEN",
    ])
      expect(parseWithSkills({ skill }).questions[0]?.content.skill, skill).toBe("nhan-dien-lua-dao");
    expect(parseWithSkills({ skill: "boi-loi" }).errors).toEqual(["Dòng 9: không có kỹ năng “boi-loi”"]);
    expect(parseWithSkills({ skill: "" }).questions[0]?.content).not.toHaveProperty("skill");
  });

  test("the skill is exported and reads back", () => {
    const { questions } = parseWithSkills({ skill: "bao-ve-tai-khoan" });
    const cells = questionToCells({ id: "x", topicId: "lua-dao", ...questions[0]!.content });
    expect(cells.skill).toBe("bao-ve-tai-khoan");
  });
});
