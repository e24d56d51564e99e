import { expect, test } from "vitest";
import { foldVietnamese } from "./search.ts";

test("folds diacritics, đ and case, and squeezes spaces", () => {
  expect(foldVietnamese("Nhận diện  LỪA ĐẢO trực tuyến")).toBe("nhan dien lua dao truc tuyen");
  expect(foldVietnamese("Định danh điện tử")).toBe("dinh danh dien tu");
  // Precomposed and decomposed input fold alike.
  expect(foldVietnamese("Thuận Hoà".normalize("NFD"))).toBe(foldVietnamese("Thuận Hoà".normalize("NFC")));
});
