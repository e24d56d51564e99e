import { describe, expect, test } from "vitest";
import {
  certificateWording,
  fitText,
  isPublicCode,
  posterWording,
  publicCode,
  shareCardSvg,
  vietnamDate,
  vietnamDateWords,
  type CertificateFacts,
} from "./certificates.ts";

// Every character half the size wide: enough to check layout without a font.
const mono = (text: string, size: number) => [...text].length * size * 0.5;

describe("public codes", () => {
  test("128 random bits become 26 lower-case base32 characters, different bytes a different code", () => {
    const a = publicCode(new Uint8Array(16).fill(0xff));
    const b = publicCode(Uint8Array.from({ length: 16 }, (_, i) => i));
    expect(a).toMatch(/^[a-z2-7]{26}$/);
    expect(b).toMatch(/^[a-z2-7]{26}$/);
    expect(a).not.toBe(b);
    expect(isPublicCode(a)).toBe(true);
    expect(() => publicCode(new Uint8Array(8))).toThrow();
  });

  test("anything else is not a code: other lengths, capitals, digits outside base32, nothing", () => {
    for (const value of [
      "",
      "abc",
      "a".repeat(25),
      "a".repeat(27),
      "A".repeat(26),
      `${"a".repeat(25)}1`,
      undefined,
    ])
      expect(isPublicCode(value)).toBe(false);
  });
});

describe("text that fits", () => {
  test("keeps the largest size at which the text wraps into the lines allowed", () => {
    expect(fitText("Một hai ba", 99, 1, [20, 10], mono)).toEqual({ size: 10, lines: ["Một hai ba"] });
    expect(fitText("Một hai ba", 400, 1, [20, 10], mono)).toEqual({ size: 20, lines: ["Một hai ba"] });
    expect(fitText("Một hai ba bốn", 40, 2, [10], mono)).toEqual({ size: 10, lines: ["Một hai", "ba bốn"] });
  });

  test("cuts what still does not fit at the smallest size with an ellipsis", () => {
    const { size, lines } = fitText("Một hai ba bốn năm sáu bảy", 40, 2, [20, 10], mono);
    expect(size).toBe(10);
    expect(lines).toEqual(["Một hai", "ba bốn…"]);
    for (const line of lines) expect(mono(line, size)).toBeLessThanOrEqual(40);
  });
});

describe("dates in Vietnam time", () => {
  // 18:30 UTC on 18 June is 01:30 on 19 June in Vietnam.
  const lateUtc = Date.UTC(2026, 5, 18, 18, 30);
  test("are the Vietnamese calendar day, in numbers and in words", () => {
    expect(vietnamDate(lateUtc)).toBe("19/06/2026");
    expect(vietnamDateWords(lateUtc)).toBe("ngày 19 tháng 6 năm 2026");
  });
});

const facts: CertificateFacts = {
  kind: "completion",
  prizeLabel: null,
  name: "Hoàng Thị Thuỳ Dương",
  place: "Xã Cán Tỷ, Huyện Quản Bạ",
  contestTitle: "Xây dựng công dân số",
  organiser: "Tỉnh Hà Giang",
  roundNumber: 2,
  score: 9,
  questionCount: 10,
  submittedAt: Date.UTC(2026, 5, 18, 18, 30),
  issuedAt: Date.UTC(2026, 5, 20, 3),
};

describe("certificate wording", () => {
  test("a completion and a prize say what was achieved, the result and the date", () => {
    expect(certificateWording(facts)).toMatchObject({
      issuer: "Ban tổ chức cuộc thi — Tỉnh Hà Giang",
      achievement: "Đã hoàn thành tuần 2 cuộc thi “Xây dựng công dân số”",
      result: "với kết quả 9/10 câu trả lời đúng, nộp bài ngày 19/06/2026.",
      date: "Cấp ngày 20 tháng 6 năm 2026",
    });
    expect(certificateWording({ ...facts, kind: "prize", prizeLabel: "Giải Ba" }).achievement).toBe(
      "Đã đoạt Giải Ba tuần 2 cuộc thi “Xây dựng công dân số”",
    );
  });
});

describe("share card", () => {
  test("shows contest, score, name and commune, with markup in names made harmless", () => {
    const svg = shareCardSvg({ ...facts, name: "Lò <Văn> & Mỷ", contestTitle: "Thi “số”" }, (text, size) =>
      mono(text, size),
    );
    expect(svg).toContain('width="1200" height="630"');
    expect(svg).toContain(">9/10<");
    expect(svg).toContain("Lò &lt;Văn&gt; &amp; Mỷ");
    expect(svg).toContain("Xã Cán Tỷ, Huyện Quản Bạ");
    expect(svg).not.toContain("<Văn>");
  });
});

describe("poster wording", () => {
  test("invites the commune's people, lists each round in Vietnam time and gives the loudspeaker text", () => {
    const words = posterWording({
      contestTitle: "Xây dựng công dân số",
      summary: "Mỗi tuần 10 câu.",
      organiser: "Tỉnh Hà Giang",
      commune: "Xã Cán Tỷ",
      rounds: [{ number: 1, opensAt: Date.UTC(2026, 5, 18, 1), closesAt: Date.UTC(2026, 5, 24, 13) }],
      url: "https://congdanso.example/cuoc-thi/xay-dung",
    });
    expect(words.invitation).toBe("Mời bà con xã Cán Tỷ cùng tham gia!");
    expect(words.schedule).toEqual(["Tuần 1: từ 08:00 ngày 18/06/2026 đến 20:00 ngày 24/06/2026"]);
    expect(words.announcement).toBe(
      "Kính thưa bà con xã Cán Tỷ! Cuộc thi “Xây dựng công dân số” của tỉnh Hà Giang diễn ra trên điện thoại từ " +
        "ngày 18/06/2026 đến ngày 24/06/2026. Mỗi tuần một lượt thi ngắn, có giải thưởng và giấy chứng nhận. Bà " +
        "con quét mã QR trên bảng tin hoặc vào trang congdanso.example/cuoc-thi/xay-dung để tham gia.",
    );
  });
});
