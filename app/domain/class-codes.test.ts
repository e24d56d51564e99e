import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, normalizeCode, randomCode } from "./class-codes.ts";

describe("class codes", () => {
  it("uses no look-alike characters", () => {
    for (const c of "0O1IL2Z5S8B") expect(CODE_ALPHABET).not.toContain(c);
  });

  it("draws every character from the alphabet", () => {
    let i = 0;
    const code = randomCode(6, (n) => i++ % n);
    expect(code).toBe("ACDEFG");
    expect(randomCode(6, (n) => n - 1)).toBe("999999");
  });

  it("reads a typed code leniently but refuses impossible ones", () => {
    expect(normalizeCode(" ac-d e fg ", 6)).toBe("ACDEFG");
    expect(normalizeCode("ACDEF", 6)).toBeNull();
    expect(normalizeCode("ACDEF0", 6)).toBeNull();
    expect(normalizeCode("ACDEFGH", 6)).toBeNull();
  });
});
