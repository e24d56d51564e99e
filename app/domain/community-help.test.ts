import { describe, expect, test } from "vitest";
import { attemptViewer, formatSetupCode, normalizeSetupCode } from "./community-help.ts";

describe("one-time codes", () => {
  test("are shown in two groups of four and read back with or without spaces or dashes", () => {
    expect(formatSetupCode("01234567")).toBe("0123 4567");
    expect(normalizeSetupCode("0123 4567")).toBe("01234567");
    expect(normalizeSetupCode(" 0123-4567 ")).toBe("01234567");
  });

  test("anything but eight digits is no code", () => {
    for (const input of ["", "1234567", "123456789", "1234 567a", "１２３４５６７８"])
      expect(normalizeSetupCode(input)).toBeNull();
  });
});

describe("who may open an attempt", () => {
  const alone = { userId: 1, assistedBy: null };
  const assisted = { userId: 1, assistedBy: 2 };

  test("its resident, always", () => {
    expect(attemptViewer(alone, 1)).toBe("resident");
    expect(attemptViewer(assisted, 1)).toBe("resident");
  });

  test("the helper who took it with the resident, and nobody else", () => {
    expect(attemptViewer(assisted, 2)).toBe("helper");
    expect(attemptViewer(assisted, 3)).toBeNull();
    expect(attemptViewer(alone, 2)).toBeNull();
  });
});
