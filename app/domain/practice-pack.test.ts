import { describe, expect, test } from "vitest";
import {
  answerTimeCounts,
  fitWithin,
  OFFLINE_ANSWER_CLOCK_SKEW_MS,
  OFFLINE_ANSWER_MAX_AGE_MS,
} from "./practice-pack.ts";

describe("answerTimeCounts", () => {
  const now = Date.UTC(2026, 11, 2, 8);
  test("counts answers from the last week and a phone clock slightly ahead", () => {
    expect(answerTimeCounts(now, now)).toBe(true);
    expect(answerTimeCounts(now - OFFLINE_ANSWER_MAX_AGE_MS, now)).toBe(true);
    expect(answerTimeCounts(now + OFFLINE_ANSWER_CLOCK_SKEW_MS, now)).toBe(true);
  });
  test("does not count older answers or answers from the future", () => {
    expect(answerTimeCounts(now - OFFLINE_ANSWER_MAX_AGE_MS - 1, now)).toBe(false);
    expect(answerTimeCounts(now + OFFLINE_ANSWER_CLOCK_SKEW_MS + 1, now)).toBe(false);
    expect(answerTimeCounts(0, now)).toBe(false);
  });
});

describe("fitWithin", () => {
  const wrap = (items: string[]) => ({ items });
  test("keeps everything that fits", () => {
    expect(fitWithin(["a", "b"], 100, wrap)).toEqual(["a", "b"]);
  });
  test("drops items from the end until the JSON, counted in UTF-8 bytes, fits", () => {
    // {"items":["ệệệ","ệệệ"]}: each "ệ" is 3 bytes.
    const items = ["ệệệ", "ệệệ", "ệệệ"];
    const one = new TextEncoder().encode(JSON.stringify(wrap(items.slice(0, 1)))).length;
    expect(fitWithin(items, one, wrap)).toEqual(["ệệệ"]);
    expect(fitWithin(items, one - 1, wrap)).toEqual([]);
  });
});
