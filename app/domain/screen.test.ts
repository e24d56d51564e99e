import { describe, expect, test } from "vitest";
import { screenSchema } from "#content/schema.ts";
import { formatAmount, screenAlt, screenSvg, SCREEN_WIDTH, wrapText } from "./screen.ts";

// A monospace stand-in for the font: every character is half the size wide.
const mono = (s: string, size = 20) => [...s].length * size * 0.5;

describe("formatAmount", () => {
  test("groups thousands with dots and ends in đ", () => {
    expect(formatAmount(1_500_000)).toBe("1.500.000 đ");
    expect(formatAmount(999)).toBe("999 đ");
    expect(formatAmount(10_000_000_000)).toBe("10.000.000.000 đ");
  });
});

describe("wrapText", () => {
  test("breaks between words and keeps every word", () => {
    const lines = wrapText("Tài khoản của bạn sẽ bị khóa hôm nay", 100, (s) => mono(s));
    expect(lines).toEqual(["Tài khoản", "của bạn sẽ", "bị khóa", "hôm nay"]);
    expect(lines.every((l) => mono(l) <= 100)).toBe(true);
  });

  test("cuts a URL longer than a line after a slash or dot, never losing a character", () => {
    const url = "http://dichvucong-gov.vn.xacminh.online/dang-nhap?ref=sms";
    const lines = wrapText(url, 200, (s) => mono(s));
    expect(lines.join("")).toBe(url);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => mono(l) <= 200)).toBe(true);
    expect(lines[0]).toMatch(/[/.?&=\-_#]$/);
  });

  test("keeps the writer's line breaks and normalises to NFC", () => {
    expect(wrapText("Dòng một\nDòng hai", 1000, (s) => mono(s))).toEqual(["Dòng một", "Dòng hai"]);
    expect(wrapText("Việt".normalize("NFD"), 1000, (s) => mono(s))).toEqual(["Việt"]);
  });
});

const parse = (screen: unknown) => screenSchema.parse(screen);

describe("screenAlt", () => {
  test("a chat names the app and the contact, and gives every message with its time and sender", () => {
    const alt = screenAlt(
      parse({
        kind: "chat",
        time: "20:15",
        app: "messenger",
        contact: "Trần Văn Minh",
        contactNote: "Tài khoản mới tạo",
        messages: [
          { text: "Cho mình mượn 5 triệu", time: "20:10" },
          { from: "me", text: "Sao không gọi điện?" },
          { text: "Bấm vào đây", link: "https://vay-nhanh.top/x" },
        ],
      }),
    );
    expect(alt).toBe(
      "Màn hình trò chuyện trên Messenger, lúc 20:15. Người nhắn: Trần Văn Minh (Tài khoản mới tạo). " +
        "Tin nhắn 1, Trần Văn Minh gửi lúc 20:10: “Cho mình mượn 5 triệu”. " +
        "Tin nhắn 2, Bạn gửi: “Sao không gọi điện?”. " +
        "Tin nhắn 3, Trần Văn Minh gửi: “Bấm vào đây”. Kèm đường link: https://vay-nhanh.top/x.",
    );
  });

  test("a transfer gives the bank, receiver, account, amount in đồng, message and note", () => {
    const alt = screenAlt(
      parse({
        kind: "transfer",
        time: "14:30",
        bank: "Ngân hàng Sao Mai",
        receiverName: "NGUYEN VAN HUNG",
        accountNumber: "0123 4567 8910",
        amount: 1_500_000,
        message: "Phi mo khoa tai khoan",
        note: "Tài khoản nhận mở 2 ngày trước",
      }),
    );
    for (const part of [
      "Ngân hàng Sao Mai",
      "Xác nhận chuyển tiền.",
      "Người nhận: NGUYEN VAN HUNG.",
      "Số tài khoản: 0123 4567 8910.",
      "Số tiền: 1.500.000 đ.",
      "Nội dung chuyển tiền: “Phi mo khoa tai khoan”.",
      "Ghi chú: Tài khoản nhận mở 2 ngày trước.",
    ])
      expect(alt).toContain(part);
  });

  test("a web page gives the full address, title, text, fields and button; a call its name and number", () => {
    const web = screenAlt(
      parse({
        kind: "web",
        time: "08:12",
        url: "http://dichvucong-xacminh.online/dang-nhap",
        title: "Cổng dịch vụ công",
        lines: ["Xác minh trước 17:00 hôm nay"],
        fields: ["Số CCCD", "Mật khẩu"],
        button: "Xác minh ngay",
      }),
    );
    expect(web).toContain("Địa chỉ trang: http://dichvucong-xacminh.online/dang-nhap.");
    expect(web).toContain("Tiêu đề trang: Cổng dịch vụ công. Xác minh trước 17:00 hôm nay.");
    expect(web).toContain("Các ô cần điền: Số CCCD; Mật khẩu. Nút: Xác minh ngay.");
    const call = screenAlt(
      parse({
        kind: "call",
        time: "10:05",
        caller: "Công an phường",
        number: "0899 123 456",
        label: "Di động",
      }),
    );
    expect(call).toContain("Tên hiện trên màn hình: Công an phường. Số gọi đến: 0899 123 456.");
  });
});

describe("screenSvg", () => {
  const sms = parse({
    kind: "sms",
    time: "09:41",
    sender: 'Ngân hàng <Sao> & "Mai"',
    messages: [{ text: "Bấm link", link: "https://sao-mai.top/a?b=1&c=2" }],
  });

  test("is SCREEN_WIDTH wide, escapes the text and underlines the link", () => {
    const { svg, height } = screenSvg(sms, (s, size) => mono(s, size));
    expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${SCREEN_WIDTH}" height="${height}"`));
    expect(svg).toContain("Ngân hàng &lt;Sao&gt; &amp; &quot;Mai&quot;");
    expect(svg).toMatch(/text-decoration="underline">https:\/\/sao-mai\.top\/a\?b=1&amp;c=2</);
    expect(svg).not.toContain("<Sao>");
  });

  test("grows with its content", () => {
    const long = parse({ ...sms, messages: Array(4).fill({ text: "Một tin nhắn khá dài ".repeat(8) }) });
    const measure = (s: string, size: number) => mono(s, size);
    expect(screenSvg(long, measure).height).toBeGreaterThan(screenSvg(sms, measure).height);
  });
});
