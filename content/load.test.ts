import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { SCREEN_WIDTH, screenAlt } from "#app/domain/screen.ts";
import { renderScreenPng } from "#app/utils/screen-image.server.ts";
import { loadQuestionBank } from "./load.ts";

const TOPICS = `- id: lua-dao
  name: Nhận diện lừa đảo trực tuyến
- id: ky-nang-so
  name: Kỹ năng số cơ bản
`;

const SKILLS = `- id: nhan-dien-lua-dao
  area: An toàn số
  name: Nhận diện và phòng tránh lừa đảo trực tuyến
- id: su-dung-thiet-bi
  area: Sử dụng thiết bị và ứng dụng
  name: Dùng điện thoại, ứng dụng và cài đặt cơ bản
`;

type QuestionOptions = {
  correct?: number[];
  difficulty?: number;
  type?: string;
  image?: string;
  skill?: string;
  /** A `screen:` block, indented as under a question (4 spaces). */
  screen?: string;
};

/** One question in the README's block style (12 lines, or 14 with an image and its alt text). */
function question(
  id: string,
  {
    correct = [0],
    difficulty = 1,
    type = "single",
    image,
    skill = "nhan-dien-lua-dao",
    screen,
  }: QuestionOptions = {},
): string {
  const choices = ["Lựa chọn thứ nhất", "Lựa chọn thứ hai", "Lựa chọn thứ ba"]
    .map((text, i) => `      - text: ${text}\n` + (correct.includes(i) ? "        correct: true\n" : ""))
    .join("");
  return (
    `  - id: ${id}\n` +
    `    difficulty: ${difficulty}\n` +
    `    type: ${type}\n` +
    `    text: Câu hỏi ${id} có đủ dài không?\n` +
    `    choices:\n` +
    choices +
    `    explanation: Giải thích vì sao đáp án đúng.\n` +
    `    source: Nghị định 13/2023/NĐ-CP, Điều 9\n` +
    `    checked: 2026-11-22\n` +
    `    skill: ${skill}\n` +
    (image ? `    image: ${image}\n    imageAlt: Ảnh minh họa cho câu hỏi\n` : "") +
    (screen ?? "")
  );
}

const questionFile = (topic: string, ...questions: string[]) =>
  `topic: ${topic}\nquestions:\n${questions.join("\n")}`;

/** 1-based line of the `occurrence`-th (1-based) line of `text` that contains `needle`. */
function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`"${needle}" #${occurrence} not found in fixture`);
}

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a content folder: topics.yaml, skills.yaml, questions/<name> for each entry, and the given images. */
function contentFolder(
  questions: Record<string, string>,
  { topics = TOPICS, skills = SKILLS, images = [] as string[] } = {},
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cds-content-"));
  tempDirs.push(root);
  fs.writeFileSync(path.join(root, "topics.yaml"), topics);
  fs.writeFileSync(path.join(root, "skills.yaml"), skills);
  fs.mkdirSync(path.join(root, "questions"));
  for (const [name, text] of Object.entries(questions)) {
    fs.writeFileSync(path.join(root, "questions", name), text);
  }
  for (const image of images) {
    fs.mkdirSync(path.dirname(path.join(root, "images", image)), { recursive: true });
    fs.writeFileSync(path.join(root, "images", image), "png");
  }
  return root;
}

describe("loadQuestionBank on a temporary content folder", () => {
  test("a good folder loads with no problems and each question gets its file's topic", () => {
    const root = contentFolder({
      "lua-dao.yaml": questionFile(
        "lua-dao",
        question("lua-dao-001"),
        question("lua-dao-002", { difficulty: 3 }),
      ),
      "ky-nang-so.yaml": questionFile(
        "ky-nang-so",
        question("ky-nang-so-001", { type: "multiple", correct: [0, 2] }),
      ),
      "README.md": "# not a question file: ignored\n",
    });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toEqual([]);
    expect(bank.topics).toEqual([
      { id: "lua-dao", name: "Nhận diện lừa đảo trực tuyến" },
      { id: "ky-nang-so", name: "Kỹ năng số cơ bản" },
    ]);
    // Files are read in name order.
    expect(bank.questions.map((q) => [q.id, q.topicId])).toEqual([
      ["ky-nang-so-001", "ky-nang-so"],
      ["lua-dao-001", "lua-dao"],
      ["lua-dao-002", "lua-dao"],
    ]);
    const [first, second] = bank.questions.filter((q) => q.topicId === "lua-dao");
    expect(first).toEqual({
      id: "lua-dao-001",
      difficulty: 1,
      type: "single",
      text: "Câu hỏi lua-dao-001 có đủ dài không?",
      choices: [
        { text: "Lựa chọn thứ nhất", correct: true },
        { text: "Lựa chọn thứ hai" },
        { text: "Lựa chọn thứ ba" },
      ],
      explanation: "Giải thích vì sao đáp án đúng.",
      source: "Nghị định 13/2023/NĐ-CP, Điều 9",
      // YAML 1.2 keeps an unquoted date as a string.
      checked: "2026-11-22",
      skill: "nhan-dien-lua-dao",
      topicId: "lua-dao",
    });
    expect(second!.difficulty).toBe(3);
  });

  test("a .yml file is read too", () => {
    const root = contentFolder({ "lua-dao.yml": questionFile("lua-dao", question("lua-dao-001")) });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toEqual([]);
    expect(bank.questions).toHaveLength(1);
  });

  test("a YAML syntax error reports the file and the line of the error; other files still load", () => {
    // An unquoted ": " inside a value is the classic mistake in Vietnamese question texts.
    const broken = questionFile(
      "lua-dao",
      question("lua-dao-001"),
      question("lua-dao-002").replace("text: Câu hỏi", "text: Ví dụ: Câu hỏi"),
    );
    const root = contentFolder({
      "ky-nang-so.yaml": questionFile("ky-nang-so", question("ky-nang-so-001")),
      "lua-dao.yaml": broken,
    });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toHaveLength(1);
    const [problem] = bank.problems;
    expect(problem!.file).toContain(path.join("questions", "lua-dao.yaml"));
    expect(problem!.line).toBe(lineOf(broken, "text: Ví dụ: Câu hỏi"));
    expect(problem!.line).toBe(20);
    expect(problem!.reason).toMatch(/^Nested mappings are not allowed/);
    // Only the first line of yaml's message is kept (no code excerpt).
    expect(problem!.reason).not.toContain("\n");
    expect(bank.questions.map((q) => q.id)).toEqual(["ky-nang-so-001"]);
  });

  test("a duplicated key reports the line of the second key", () => {
    const broken = questionFile(
      "lua-dao",
      question("lua-dao-001").replace("    source:", "    difficulty: 2\n    source:"),
    );
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": broken }));
    expect(bank.problems).toEqual([
      {
        file: expect.stringContaining("lua-dao.yaml"),
        line: lineOf(broken, "difficulty: 2"),
        reason: expect.stringMatching(/^Map keys must be unique/),
      },
    ]);
  });

  test("an unclosed quote is reported no earlier than its opening line", () => {
    // yaml allows quoted strings over several lines, so it reports where the string runs out.
    const broken = questionFile(
      "lua-dao",
      question("lua-dao-001").replace("text: Câu hỏi", 'text: "Câu hỏi chưa đóng ngoặc'),
      question("lua-dao-002"),
    );
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": broken }));
    expect(bank.problems).toHaveLength(1);
    expect(bank.problems[0]!.reason).toMatch(/quote/i);
    expect(bank.problems[0]!.line).toBeGreaterThanOrEqual(lineOf(broken, '"Câu hỏi chưa đóng ngoặc'));
  });

  test("a bad indentation reports its line", () => {
    const broken = questionFile("lua-dao", question("lua-dao-001").replace("    source:", "   source:"));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": broken }));
    expect(bank.problems.length).toBeGreaterThanOrEqual(1);
    expect(bank.problems[0]!.file).toContain("lua-dao.yaml");
    expect(bank.problems[0]!.line).toBe(lineOf(broken, "   source:"));
  });

  test("a schema error in the 2nd question's choices reports the line of those choices", () => {
    const text = questionFile("lua-dao", question("lua-dao-001"), question("lua-dao-002", { correct: [] }));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": text }));
    // The `choices:` key of the second question; the reported position is the start of the choices
    // sequence, i.e. its first item on the next line.
    const choicesKey = lineOf(text, "choices:", 2);
    expect(lineOf(text, "- text: Lựa chọn thứ nhất", 2)).toBe(choicesKey + 1);
    expect(bank.problems).toEqual([
      {
        file: expect.stringContaining("lua-dao.yaml"),
        line: choicesKey + 1,
        reason: "questions.1.choices: cần đúng 1 đáp án đúng (đang có 0)",
      },
    ]);
    // A file with a schema error is skipped as a whole.
    expect(bank.questions).toEqual([]);
  });

  test("a schema error on a scalar reports the line of that field", () => {
    const text = questionFile("lua-dao", question("lua-dao-001"), question("lua-dao-002", { difficulty: 4 }));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": text }));
    expect(bank.problems).toEqual([
      {
        file: expect.stringContaining("lua-dao.yaml"),
        line: lineOf(text, "difficulty: 4"),
        reason: "questions.1.difficulty: difficulty phải là 1, 2 hoặc 3",
      },
    ]);
  });

  test("an unknown topic is reported on the `topic:` line and the file's questions are skipped", () => {
    const text = `# Chủ đề chưa có\n${questionFile("an-ninh-mang", question("an-ninh-mang-001"))}`;
    const root = contentFolder({
      "an-ninh-mang.yaml": text,
      "lua-dao.yaml": questionFile("lua-dao", question("lua-dao-001")),
    });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toEqual([
      {
        file: expect.stringContaining("an-ninh-mang.yaml"),
        line: lineOf(text, "topic: an-ninh-mang"),
        reason: 'chủ đề "an-ninh-mang" không có trong topics.yaml',
      },
    ]);
    expect(bank.questions.map((q) => q.id)).toEqual(["lua-dao-001"]);
  });

  test("a duplicate id across two files is reported in the second file and names the first", () => {
    const second = questionFile("lua-dao", question("lua-dao-001"), question("ky-nang-so-001"));
    const root = contentFolder({
      "ky-nang-so.yaml": questionFile("ky-nang-so", question("ky-nang-so-001")),
      "lua-dao.yaml": second,
    });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toHaveLength(1);
    const [problem] = bank.problems;
    expect(problem!.file).toContain("lua-dao.yaml");
    expect(problem!.line).toBe(lineOf(second, "id: ky-nang-so-001"));
    expect(problem!.reason).toContain('"ky-nang-so-001"');
    expect(problem!.reason).toContain("ky-nang-so.yaml");
    // The first occurrence is kept, the duplicate dropped.
    expect(bank.questions.map((q) => [q.id, q.topicId])).toEqual([
      ["ky-nang-so-001", "ky-nang-so"],
      ["lua-dao-001", "lua-dao"],
    ]);
  });

  test("a duplicate id within one file is reported too", () => {
    const text = questionFile("lua-dao", question("lua-dao-001"), question("lua-dao-001"));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": text }));
    expect(bank.problems).toHaveLength(1);
    expect(bank.problems[0]!.line).toBe(lineOf(text, "id: lua-dao-001", 2));
    expect(bank.questions).toHaveLength(1);
  });

  test("an image missing from images/ is reported on the `image:` line", () => {
    const text = questionFile(
      "lua-dao",
      question("lua-dao-001", { image: "lua-dao/sms.png" }),
      question("lua-dao-002", { image: "lua-dao/khong-co.png" }),
    );
    const root = contentFolder({ "lua-dao.yaml": text }, { images: ["lua-dao/sms.png"] });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toEqual([
      {
        file: expect.stringContaining("lua-dao.yaml"),
        line: lineOf(text, "image: lua-dao/khong-co.png"),
        reason: "không tìm thấy ảnh lua-dao/khong-co.png",
      },
    ]);
  });

  test("an image is reported when there is no images/ folder at all", () => {
    const text = questionFile("lua-dao", question("lua-dao-001", { image: "sms.png" }));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": text }));
    expect(bank.problems).toHaveLength(1);
    expect(bank.problems[0]!.reason).toContain("sms.png");
  });

  test("an image that exists under images/ is accepted", () => {
    const text = questionFile("lua-dao", question("lua-dao-001", { image: "lua-dao/sms.png" }));
    const root = contentFolder({ "lua-dao.yaml": text }, { images: ["lua-dao/sms.png"] });
    const bank = loadQuestionBank(root);
    expect(bank.problems).toEqual([]);
    expect(bank.questions[0]!.image).toBe("lua-dao/sms.png");
    expect(bank.questions[0]!.imageAlt).toBe("Ảnh minh họa cho câu hỏi");
  });

  test("an empty topics.yaml is reported, and then every topic is unknown", () => {
    const root = contentFolder(
      { "lua-dao.yaml": questionFile("lua-dao", question("lua-dao-001")) },
      { topics: "[]\n" },
    );
    const bank = loadQuestionBank(root);
    expect(bank.topics).toEqual([]);
    expect(bank.problems.map((p) => [path.basename(p.file), p.line])).toEqual([
      ["topics.yaml", 1],
      ["lua-dao.yaml", 1],
    ]);
    expect(bank.questions).toEqual([]);
  });

  test("problem files are relative to the current directory", () => {
    const root = contentFolder({ "lua-dao.yaml": "topic: [\n" });
    const [problem] = loadQuestionBank(root).problems;
    expect(path.isAbsolute(problem!.file)).toBe(false);
    expect(path.resolve(problem!.file)).toBe(path.join(root, "questions", "lua-dao.yaml"));
  });
});

/** A `screen:` block for question(); `lines` replace the messages of the default SMS. */
const screen = (body: string) => `    screen:\n${body.replace(/^/gm, "      ").trimEnd()}\n`;
const SMS = `kind: sms
time: 09:41
sender: Bưu điện Sao Sáng
messages:
  - text: Bưu phẩm của bạn bị giữ lại vì sai địa chỉ. Cập nhật trong 24 giờ.
    time: 09:40
    link: http://buudien-saosang.top/cap-nhat?ma=8812
  - from: me
    text: Tôi không gửi gì cả.
    time: 09:45`;

describe("screens described in question files", () => {
  /** Loads one question with `options` and returns its problems as `file:line: reason` lines. */
  function problemsOf(options: QuestionOptions) {
    const text = questionFile("lua-dao", question("lua-dao-001", options));
    const bank = loadQuestionBank(contentFolder({ "lua-dao.yaml": text }));
    return { text, problems: bank.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.reason}`) };
  }

  test("a good SMS screen loads, and its picture and alt text carry every message and the link", async () => {
    const { problems } = problemsOf({ screen: screen(SMS) });
    expect(problems).toEqual([]);
    const root = contentFolder({
      "lua-dao.yaml": questionFile("lua-dao", question("lua-dao-001", { screen: screen(SMS) })),
    });
    const [q] = loadQuestionBank(root).questions;
    expect(q!.screen).toMatchObject({ kind: "sms", time: "09:41", sender: "Bưu điện Sao Sáng" });
    const { png, width, height } = await renderScreenPng(q!.screen!);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The width and height in the PNG header.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([SCREEN_WIDTH, height]);
    expect(width).toBe(720);
    expect(png.length).toBeLessThan(60 * 1024);
    const alt = screenAlt(q!.screen!);
    expect(alt).toContain("Người gửi: Bưu điện Sao Sáng");
    expect(alt).toContain("lúc 09:40: “Bưu phẩm của bạn bị giữ lại vì sai địa chỉ. Cập nhật trong 24 giờ.”");
    expect(alt).toContain("http://buudien-saosang.top/cap-nhat?ma=8812");
    expect(alt).toContain("Bạn gửi lúc 09:45: “Tôi không gửi gì cả.”");
  });

  test("an unknown kind is refused on its line", () => {
    const { text, problems } = problemsOf({ screen: screen(SMS.replace("kind: sms", "kind: email")) });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "kind: email")}: questions.0.screen.kind: screen.kind phải là sms, chat, call, transfer hoặc web`,
    ]);
  });

  test("a time not written HH:MM is refused on its line", () => {
    const { text, problems } = problemsOf({ screen: screen(SMS.replace("time: 09:40", "time: 9h40")) });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "time: 9h40")}: questions.0.screen.messages.0.time: giờ phải có dạng HH:MM, ví dụ 09:41`,
    ]);
  });

  test("a missing sender is refused at the screen", () => {
    const { text, problems } = problemsOf({ screen: screen(SMS.replace("sender: Bưu điện Sao Sáng\n", "")) });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "kind: sms")}: questions.0.screen.sender: thiếu nội dung`,
    ]);
  });

  test("more than 4 SMS messages are refused on the messages line", () => {
    const five = `${SMS.slice(0, SMS.indexOf("  - text"))}${"  - text: Tin nhắn lặp lại nhiều lần.\n".repeat(5)}`;
    const { text, problems } = problemsOf({ screen: screen(five) });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "- text: Tin nhắn lặp lại")}: questions.0.screen.messages: tối đa 4 tin nhắn`,
    ]);
  });

  test("a transfer with a decimal amount and a web page with 5 fields are refused in Vietnamese", () => {
    const transfer = `kind: transfer
time: 14:30
bank: Ngân hàng Sao Mai
receiverName: NGUYEN VAN HUNG
accountNumber: 0123 4567 8910
amount: 1500000.5
message: Phi mo khoa tai khoan`;
    expect(problemsOf({ screen: screen(transfer) }).problems).toEqual([
      expect.stringMatching(/:\d+: questions\.0\.screen\.amount: amount là số đồng nguyên$/),
    ]);
    const web = `kind: web
time: 08:12
url: http://dichvucong-xacminh.online/dang-nhap
title: Cổng dịch vụ công
fields: [Họ tên, Số CCCD, Mật khẩu, Mã OTP, Số thẻ]`;
    expect(problemsOf({ screen: screen(web) }).problems).toEqual([
      expect.stringMatching(/:\d+: questions\.0\.screen\.fields: tối đa 4 ô nhập$/),
    ]);
  });

  test("an image next to a screen is refused on the image line", () => {
    const { text, problems } = problemsOf({ screen: screen(SMS), image: "lua-dao/sms.png" });
    expect(problems).toContain(
      `lua-dao.yaml:${lineOf(text, "image: lua-dao/sms.png")}: questions.0.image: câu có screen thì ảnh được vẽ từ mô tả: bỏ image`,
    );
  });

  test("an unknown skill id is refused on the skill line", () => {
    const { text, problems } = problemsOf({ screen: screen(SMS), skill: "lua-dao-qua-mang" });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "skill: lua-dao-qua-mang")}: kỹ năng "lua-dao-qua-mang" không có trong skills.yaml`,
    ]);
  });

  test("emoji are drawn, but a character neither font has is refused on its line", () => {
    expect(problemsOf({ screen: screen(SMS.replace("Tôi không", "🎉🙏 Tôi không")) }).problems).toEqual([]);
    const { text, problems } = problemsOf({ screen: screen(SMS.replace("Tôi không", "ᚠ Tôi không")) });
    expect(problems).toEqual([
      `lua-dao.yaml:${lineOf(text, "ᚠ Tôi không")}: screen.messages.1.text: ảnh không vẽ được ký tự “ᚠ” (biểu tượng cảm xúc, ký tự lạ): hãy bỏ hoặc viết bằng lời`,
    ]);
  });
});

describe("the real question bank in content/", () => {
  const bank = loadQuestionBank();

  test("loads with zero problems", () => {
    expect(bank.problems).toEqual([]);
  });

  test("every topic of topics.yaml has at least 20 questions", () => {
    expect(bank.topics.length).toBeGreaterThan(0);
    const counts = Object.fromEntries(bank.topics.map((t) => [t.id, 0]));
    for (const q of bank.questions) {
      expect(counts, `question ${q.id} has an unknown topic`).toHaveProperty([q.topicId]);
      counts[q.topicId]! += 1;
    }
    for (const [topic, count] of Object.entries(counts)) {
      expect(count, `topic ${topic}`).toBeGreaterThanOrEqual(20);
    }
  });

  test("question ids are unique", () => {
    const ids = bank.questions.map((q) => q.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
  });

  test("topic ids are unique", () => {
    const ids = bank.topics.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
