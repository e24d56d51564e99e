import { describe, expect, test } from "vitest";
import { checkPersonName } from "./names.ts";

const message = (raw: string) => {
  const result = checkPersonName(raw);
  return result.ok ? null : result.message;
};

describe("names people choose for themselves", () => {
  test("real names pass, normalised to NFC with single spaces", () => {
    expect(checkPersonName("  Nông   Thị\u00A0Lan ")).toEqual({ ok: true, name: "Nông Thị Lan" });
    const decomposed = "Nguyễn Văn Hoà".normalize("NFD");
    expect(checkPersonName(decomposed)).toEqual({ ok: true, name: "Nguyễn Văn Hoà".normalize("NFC") });
    for (const name of [
      "Lò Văn Páo",
      "H'Hen Niê",
      "Giàng A Páo",
      "Y-Moan Ênuôl",
      "Mlô Ĕ Ŭ",
      "Lê Thị Mỹ Ngọc",
    ])
      expect(checkPersonName(name)).toEqual({ ok: true, name });
    // Ê Đê writes ơ with a breve: two marks on one letter after NFC is still allowed.
    expect(checkPersonName("Hơ\u0306 Niê").ok).toBe(true);
  });

  test("invisible letters and format characters are refused", () => {
    for (const raw of [
      "\u3164",
      "Lan\u3164",
      "\u3164\u3164 \u3164",
      "Lan\u200BAnh",
      "A\u200D B",
      "Lan\u2800",
    ])
      expect(message(raw)).toMatch(/ký tự ẩn/);
  });

  test("punctuation-only words, digits and symbols are refused", () => {
    expect(message("...")).toBe("Mỗi từ trong họ tên phải có chữ cái.");
    expect(message("Lan -")).toBe("Mỗi từ trong họ tên phải có chữ cái.");
    expect(message("<script>alert(1)</script>")).toBe("Họ và tên chỉ gồm chữ cái và dấu cách.");
    expect(message("Lan 😀")).toBe("Họ và tên chỉ gồm chữ cái và dấu cách.");
    expect(message("Lan 2")).toBe("Họ và tên không được có chữ số.");
    expect(message("a")).toBe("Họ và tên quá ngắn.");
    expect(message("a".repeat(81))).toBe("Họ và tên dài tối đa 80 ký tự.");
  });

  test("stacked accents are capped at two marks per letter", () => {
    expect(message(`La${"\u0301".repeat(77)}n`)).toBe("Họ và tên có chữ cái mang quá nhiều dấu.");
    expect(message("Lế\u0301\u0300\u0303 Lan")).toBe("Họ và tên có chữ cái mang quá nhiều dấu.");
    expect(message("Lan \u0301Anh")).toBe("Họ và tên có chữ cái mang quá nhiều dấu.");
  });

  test("look-alike scripts and Latin look-alikes are refused", () => {
    // Cyrillic а and о in a Vietnamese-looking name; Greek; Hangul; fullwidth and IPA Latin.
    for (const raw of ["Nguyễn Vаn Lоng", "Νguyen", "김 Lan", "ａｄｍｉｎ", "Lɑn"])
      expect(message(raw)).toBe("Họ và tên chỉ dùng chữ cái tiếng Việt (bảng chữ cái La-tinh).");
  });

  test("official-sounding names are refused, with or without diacritics", () => {
    for (const raw of [
      "Ban tổ chức tỉnh Hà Giang",
      "BAN TO CHUC",
      "Ban-tổ-chức",
      "Quản trị viên",
      "admin",
      "Công an xã Tân Quang",
      "Uỷ ban nhân dân",
      "Ủy Ban",
      "UBND xã",
      "Ban giám khảo",
      "Chính phủ",
      "Hệ thống",
      "Tổ công nghệ số",
      "Moderator",
    ])
      expect(message(raw)).toMatch(/không được giống tên của ban tổ chức/);
    // A reserved word inside a longer word is not a match.
    for (const name of [
      "Bàn Văn Tổ",
      "Công Anh",
      "Trần Quản",
      "Hệ Thu",
      "Admina Lê",
      "Nguyễn Công An",
      "Lê Chính Phú",
    ])
      expect(checkPersonName(name).ok).toBe(true);
  });
});
