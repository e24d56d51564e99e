import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { type QuestionInput, questionSchema, screenSchema, topicsFileSchema } from "./schema.ts";

const single: QuestionInput = {
  id: "lua-dao-001",
  difficulty: 1,
  type: "single",
  text: "Bạn nhận được tin nhắn có đường link lạ. Bạn nên làm gì?",
  choices: [
    { text: "Không bấm vào link, gọi tổng đài chính thức để hỏi.", correct: true },
    { text: "Bấm link và đăng nhập ngay." },
    { text: "Trả lời tin nhắn để hỏi thêm." },
  ],
  explanation: "Ngân hàng không gửi link để bạn đăng nhập.",
  source: "Cẩm nang phòng chống lừa đảo trực tuyến — Bộ Công an",
  checked: "2026-11-22",
  skill: "nhan-dien-lua-dao",
};

const multiple: QuestionInput = {
  id: "ky-nang-so-002",
  difficulty: 2,
  type: "multiple",
  text: "Những cách nào giúp bảo vệ tài khoản mạng xã hội?",
  choices: [
    { text: "Bật xác thực hai lớp.", correct: true },
    { text: "Dùng mật khẩu mạnh, không dùng lại.", correct: true },
    { text: "Chia sẻ mật khẩu cho bạn bè thân." },
    { text: "Đăng nhập trên máy tính công cộng và không đăng xuất." },
  ],
  explanation: "Xác thực hai lớp và mật khẩu mạnh làm kẻ gian khó chiếm tài khoản.",
  source: "Quyết định 757/QĐ-BKHCN",
  checked: "2026-01-05",
  skill: "bao-ve-tai-khoan",
  image: "ky-nang-so/2fa.png",
  imageAlt: "Màn hình bật xác thực hai lớp",
};

const trueFalse: QuestionInput = {
  id: "dinh-danh-dien-tu-010",
  difficulty: 3,
  type: "true_false",
  text: "Công an gọi điện để kích hoạt tài khoản VNeID mức 2.",
  choices: [{ text: "Đúng" }, { text: "Sai", correct: true }],
  explanation: "Tài khoản mức 2 chỉ làm trực tiếp tại công an cấp xã.",
  source: "Nghị định 69/2024/NĐ-CP, Điều 12",
  checked: "2026-11-22",
  skill: "dich-vu-cong-truc-tuyen",
};

const msg = {
  id: "id chỉ gồm chữ thường không dấu, số và dấu gạch ngang",
  difficulty: "difficulty phải là 1, 2 hoặc 3",
  type: "type phải là single, multiple hoặc true_false",
  text: "câu hỏi quá ngắn",
  minChoices: "cần ít nhất 2 lựa chọn",
  maxChoices: "tối đa 6 lựa chọn",
  emptyChoice: "lựa chọn không được để trống",
  oneCorrect: (n: number) => `cần đúng 1 đáp án đúng (đang có ${n})`,
  twoCorrect: "câu nhiều đáp án cần ít nhất 2 đáp án đúng",
  trueFalse: "câu đúng/sai có đúng hai lựa chọn: Đúng, Sai",
  duplicate: "có hai lựa chọn trùng nhau",
  allAbove: "lựa chọn được xáo trộn: không dùng “tất cả các đáp án trên”",
  explanation: "thiếu giải thích",
  explanationShort: "giải thích quá ngắn",
  source: "thiếu nguồn",
  sourceShort: "nguồn quá ngắn",
  checked: "checked phải là ngày dạng YYYY-MM-DD",
  imageAlt: "ảnh cần có imageAlt: mô tả ngắn nội dung ảnh",
  shortAlt: "mô tả ảnh quá ngắn",
};

/** Parses `input` and returns its issues as [path, message] pairs; fails the test if it parsed. */
function issuesOf(input: unknown): [string, string][] {
  const result = questionSchema.safeParse(input);
  expect(result.success, "the input should have been rejected").toBe(false);
  return (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);
}

/** Asserts that `input` fails with exactly one issue: `message` at `path`. */
function expectOnlyIssue(input: unknown, path: string, message: string) {
  expect(issuesOf(input)).toEqual([[path, message]]);
}

const without = <K extends keyof QuestionInput>(q: QuestionInput, key: K): Omit<QuestionInput, K> => {
  const copy = { ...q };
  delete copy[key];
  return copy;
};

describe("questionSchema: valid questions", () => {
  test.each([
    ["single", single],
    ["multiple", multiple],
    ["true_false", trueFalse],
  ])("a valid %s question passes unchanged", (_, question) => {
    const result = questionSchema.safeParse(question);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toEqual(question);
  });

  test("the image (and its imageAlt) are optional and `correct` may be omitted on wrong choices", () => {
    expect(single.image).toBeUndefined();
    expect(single.imageAlt).toBeUndefined();
    expect(single.choices[1]!.correct).toBeUndefined();
    expect(questionSchema.safeParse(single).success).toBe(true);
  });

  test("difficulty 3, 6 choices and `correct: false` are accepted", () => {
    const q = {
      ...single,
      difficulty: 3,
      choices: [
        { text: "Một", correct: true },
        { text: "Hai", correct: false },
        { text: "Ba" },
        { text: "Bốn" },
        { text: "Năm" },
        { text: "Sáu" },
      ],
    };
    expect(questionSchema.safeParse(q).success).toBe(true);
  });

  test("texts are trimmed", () => {
    const parsed = questionSchema.parse({
      ...trueFalse,
      choices: [{ text: " Đúng " }, { text: "Sai ", correct: true }],
    });
    expect(parsed.choices.map((c) => c.text)).toEqual(["Đúng", "Sai"]);
  });
});

describe("questionSchema: each rule", () => {
  test.each([
    ["uppercase", "Lua-dao-001"],
    ["spaces", "lua dao 001"],
    ["accents", "lừa-đảo-001"],
    ["underscore", "lua_dao_001"],
    ["leading hyphen", "-lua-dao"],
    ["trailing hyphen", "lua-dao-"],
    ["double hyphen", "lua--dao"],
    ["empty", ""],
  ])("id with %s is rejected", (_, id) => {
    expectOnlyIssue({ ...single, id }, "id", msg.id);
  });

  test.each([0, 4, 1.5, "1"])("difficulty %j is rejected", (difficulty) => {
    expectOnlyIssue({ ...single, difficulty }, "difficulty", msg.difficulty);
  });

  test("an unknown type is rejected", () => {
    expectOnlyIssue({ ...single, type: "essay" }, "type", msg.type);
  });

  test("a question text under 10 characters (after trimming) is rejected", () => {
    expectOnlyIssue({ ...single, text: "Tại sao?" }, "text", msg.text);
    expectOnlyIssue({ ...single, text: "   Tại sao?     " }, "text", msg.text);
  });

  test("fewer than 2 choices is rejected", () => {
    expectOnlyIssue({ ...single, choices: [{ text: "Chỉ một", correct: true }] }, "choices", msg.minChoices);
  });

  test("more than 6 choices is rejected", () => {
    const choices = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy"].map((text, i) => ({
      text,
      correct: i === 0,
    }));
    expectOnlyIssue({ ...single, choices }, "choices", msg.maxChoices);
  });

  test("an empty (or blank) choice text is rejected", () => {
    const choices = [single.choices[0]!, { text: "   " }];
    expectOnlyIssue({ ...single, choices }, "choices.1.text", msg.emptyChoice);
  });

  test("a single question with no correct choice is rejected", () => {
    const choices = single.choices.map((c) => ({ text: c.text }));
    expectOnlyIssue({ ...single, choices }, "choices", msg.oneCorrect(0));
  });

  test("a single question with 2 correct choices is rejected", () => {
    const choices = single.choices.map((c, i) => ({ text: c.text, correct: i < 2 }));
    expectOnlyIssue({ ...single, choices }, "choices", msg.oneCorrect(2));
  });

  test("a multiple question with only 1 correct choice is rejected", () => {
    const choices = multiple.choices.map((c, i) => ({ text: c.text, correct: i === 0 }));
    expectOnlyIssue({ ...multiple, choices }, "choices", msg.twoCorrect);
  });

  test("a true_false question with both choices correct is rejected", () => {
    const choices = [
      { text: "Đúng", correct: true },
      { text: "Sai", correct: true },
    ];
    expectOnlyIssue({ ...trueFalse, choices }, "choices", msg.oneCorrect(2));
  });

  test.each([
    ["other words", ["Có", "Không"]],
    ["lowercase", ["đúng", "sai"]],
    ["swapped order", ["Sai", "Đúng"]],
    ["a third choice", ["Đúng", "Sai", "Không biết"]],
  ])("a true_false question with %s is rejected", (_, texts) => {
    const choices = texts.map((text, i) => ({ text, correct: i === 1 }));
    expectOnlyIssue({ ...trueFalse, choices }, "choices", msg.trueFalse);
  });

  test("duplicate choice texts are rejected, ignoring case and surrounding spaces", () => {
    const choices = [...single.choices, { text: "  BẤM LINK VÀ ĐĂNG NHẬP NGAY. " }];
    expectOnlyIssue({ ...single, choices }, "choices", msg.duplicate);
  });

  test.each([
    "Tất cả các đáp án trên",
    "Tất cả đáp án trên đều đúng",
    "tất cả các phương án trên",
    "Tất cả các ý trên",
    "Cả A và B",
    "Cả b và d đều đúng",
  ])("a choice like %j is rejected", (text) => {
    expectOnlyIssue({ ...single, choices: [...single.choices, { text }] }, "choices", msg.allAbove);
  });

  test("a missing explanation is rejected (Vietnamese message)", () => {
    expectOnlyIssue(without(single, "explanation"), "explanation", msg.explanation);
  });

  test("a too-short explanation is rejected", () => {
    expectOnlyIssue({ ...single, explanation: "Vì vậy." }, "explanation", msg.explanationShort);
  });

  test("a missing source is rejected (Vietnamese message)", () => {
    expectOnlyIssue(without(single, "source"), "source", msg.source);
  });

  test("a too-short source is rejected", () => {
    // The source rule (content/sources.ts) refuses it too.
    expect(issuesOf({ ...single, source: "  NĐ " })).toContainEqual(["source", msg.sourceShort]);
  });

  test("missing explanation and source are still rejected (whatever the message)", () => {
    expect(issuesOf(without(single, "explanation")).map(([p]) => p)).toEqual(["explanation"]);
    expect(issuesOf(without(single, "source")).map(([p]) => p)).toEqual(["source"]);
  });

  test.each([
    ["a day/month/year date", "22/11/2026"],
    ["an impossible date", "2026-02-30"],
    ["a date-time", "2026-11-22T10:00:00Z"],
    ["free text", "tháng 11"],
    ["a Date object", new Date("2026-11-22")],
    ["a number", 20261122],
    ["nothing", undefined],
  ])("checked as %s is rejected", (_, checked) => {
    expectOnlyIssue({ ...single, checked }, "checked", msg.checked);
  });
});

describe("questionSchema: image alt text", () => {
  test("an image without imageAlt is rejected", () => {
    expectOnlyIssue(without(multiple, "imageAlt"), "imageAlt", msg.imageAlt);
  });

  test("an image with a blank imageAlt is rejected", () => {
    // Both the length check and the "image needs imageAlt" rule fire (the trimmed text is empty).
    expect(issuesOf({ ...multiple, imageAlt: "    " })).toContainEqual(["imageAlt", msg.shortAlt]);
  });

  test("a too-short imageAlt is rejected", () => {
    expectOnlyIssue({ ...multiple, imageAlt: "Ảnh" }, "imageAlt", msg.shortAlt);
  });

  test("imageAlt without an image is accepted", () => {
    expect(questionSchema.safeParse({ ...single, imageAlt: "Ảnh tin nhắn giả mạo" }).success).toBe(true);
  });
});

describe("topicsFileSchema", () => {
  test("accepts a list of topics", () => {
    expect(topicsFileSchema.safeParse([{ id: "lua-dao", name: "Nhận diện lừa đảo" }]).success).toBe(true);
  });

  test("rejects an empty list", () => {
    expect(topicsFileSchema.safeParse([]).success).toBe(false);
  });

  test("rejects a topic without a name", () => {
    expect(topicsFileSchema.safeParse([{ id: "lua-dao", name: "" }]).success).toBe(false);
  });
});

test("a misspelt field is an error, not silently ignored", () => {
  const result = questionSchema.safeParse({ ...single, imgae: "anh.png" });
  expect(result.success).toBe(false);
  expect(result.error?.issues[0]?.message).toBe("trường không hợp lệ: imgae");
});

describe("screen descriptions", () => {
  const screens = [
    { kind: "sms", time: "09:41", sender: "Bưu điện", messages: [{ text: "Bưu phẩm bị giữ." }] },
    { kind: "chat", time: "20:15", app: "zalo", contact: "Lan", messages: [{ from: "me", text: "Ai đấy?" }] },
    { kind: "call", time: "10:05", caller: "Công an phường", number: "0899 123 456", label: "Di động" },
    {
      kind: "transfer",
      time: "14:30",
      bank: "Ngân hàng Sao Mai",
      receiverName: "NGUYEN VAN HUNG",
      accountNumber: "0123 4567",
      amount: 1_500_000,
      message: "Phi mo khoa",
    },
    { kind: "web", time: "08:12", url: "http://dichvucong-xacminh.online", title: "Cổng dịch vụ công" },
  ];

  test("each kind parses, with its defaults filled in", () => {
    for (const screen of screens)
      expect(questionSchema.parse({ ...single, screen }).screen).toMatchObject(screen);
    expect(questionSchema.parse({ ...single, screen: screens[0] }).screen).toMatchObject({
      messages: [{ from: "them" }],
    });
    expect(questionSchema.parse({ ...single, screen: screens[3] }).screen).toMatchObject({
      title: "Xác nhận chuyển tiền",
    });
    expect(questionSchema.parse({ ...single, screen: screens[4] }).screen).toMatchObject({
      lines: [],
      fields: [],
    });
  });

  test("refusals are in Vietnamese", () => {
    expect(issuesOf({ ...single, screen: { ...screens[1], app: "viber" } })).toEqual([
      ["screen.app", "app phải là zalo hoặc messenger"],
    ]);
    expect(issuesOf({ ...single, screen: { ...screens[0], messages: [] } })).toEqual([
      ["screen.messages", "cần ít nhất 1 tin nhắn"],
    ]);
    expect(issuesOf({ ...single, screen: { ...screens[2], time: undefined } })).toEqual([
      ["screen.time", "thiếu giờ (HH:MM)"],
    ]);
    expect(issuesOf({ ...single, screen: { ...screens[0], extra: 1 } })).toEqual([
      ["screen", "trường không hợp lệ: extra"],
    ]);
  });

  test("every example in content/questions/README.md is a valid screen, one of each kind", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, "questions", "README.md"), "utf8");
    const block = readme.slice(readme.indexOf("## Screens")).split("```yaml")[1]!.split("```")[0]!;
    const examples = block.split(/^ {4}screen:.*$/m).filter((text) => text.trim());
    const kinds = examples.map((text) => screenSchema.parse(parseYaml(text)).kind);
    expect(kinds).toEqual(["sms", "chat", "call", "transfer", "web"]);
  });
});
