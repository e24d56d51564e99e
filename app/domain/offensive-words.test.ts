import { describe, expect, it } from "vitest";
import { hasOffensiveWord } from "./offensive-words.ts";

describe("hasOffensiveWord", () => {
  it.each([
    "Địt",
    "Nguyễn Lồn",
    "dit me",
    "đ.m",
    "d m",
    "Đ M",
    "v.c.l",
    "D_C_M",
    "l0z",
    "looooz",
    "buoi",
    "oc cho",
    "Óc Chó Lắm",
    "sh1t",
    "con đĩ",
    "Minh Fuck",
  ])("refuses %s", (name) => {
    expect(hasOffensiveWord(name)).toBe(true);
  });

  it.each([
    "Nguyễn Văn Lớn",
    "Nguyen Van Lon",
    "Trần Du",
    "Lê Dư",
    "Đinh Mai",
    "Đỗ Minh",
    "Phạm Thị Cúc",
    "Các bạn",
    "Hoàng Đức Anh",
    "Lò Văn Đại",
    "Vi Thị Lan",
    "Cao Văn Chức",
    "Đàm Vĩnh Hưng",
  ])("accepts %s", (name) => {
    expect(hasOffensiveWord(name)).toBe(false);
  });
});
