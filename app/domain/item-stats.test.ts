import { describe, expect, test } from "vitest";
import {
  addAnswer,
  discriminationIndex,
  emptyTally,
  extremeGroups,
  itemLabels,
  median,
  staleSourceCutoff,
  summarise,
  type ItemAnswer,
} from "./item-stats.ts";

describe("extremeGroups", () => {
  test("takes the lower and upper 27 %, rounded down, by share of questions answered right", () => {
    // 10 attempts → groups of 2. Attempt 10 has 9/20 (45 %), ranking it above 8/10 is wrong: shares compare.
    const attempts = [
      ...Array.from({ length: 9 }, (_, i) => ({ id: i + 1, score: i + 1, questionCount: 10 })),
      { id: 10, score: 9, questionCount: 20 },
    ];
    const { lower, upper } = extremeGroups(attempts);
    expect([...lower].sort()).toEqual([1, 2]);
    expect([...upper].sort()).toEqual([8, 9]);
  });

  test("cuts ties by attempt id, so both groups keep their size", () => {
    const attempts = Array.from({ length: 8 }, (_, i) => ({ id: 8 - i, score: 5, questionCount: 10 }));
    const { lower, upper } = extremeGroups(attempts);
    expect([...lower].sort()).toEqual([1, 2]);
    expect([...upper].sort()).toEqual([7, 8]);
  });

  test("fewer than 4 attempts make empty groups", () => {
    const { lower, upper } = extremeGroups([1, 2, 3].map((id) => ({ id, score: id, questionCount: 5 })));
    expect(lower.size + upper.size).toBe(0);
  });
});

test("median: middle value, mean of the two middle ones, null for none", () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 10])).toBe(4); // (3 + 4) / 2 = 3.5, rounded
  expect(median([])).toBeNull();
});

test("discriminationIndex is p_upper − p_lower, null when a group has no answers", () => {
  expect(discriminationIndex({ answered: 4, correct: 3 }, { answered: 5, correct: 1 })).toBeCloseTo(0.55);
  expect(discriminationIndex({ answered: 0, correct: 0 }, { answered: 5, correct: 1 })).toBeNull();
});

describe("tally and summary", () => {
  const texts = new Map([
    [1, "Đúng"],
    [2, "Sai A"],
    [3, "Sai B"],
  ]);
  const answer = (chosen: number[], spentMs: number, group: ItemAnswer["group"] = null): ItemAnswer => ({
    chosen,
    correctIds: [1],
    choiceTexts: texts,
    spentMs,
    group,
  });

  test("counts answers, right ones, wrong choices by text, times and the groups", () => {
    const tally = emptyTally();
    addAnswer(tally, answer([1], 4000, "upper"));
    addAnswer(tally, answer([2], 9000, "lower"));
    addAnswer(tally, answer([2], 7000, "lower"));
    addAnswer(tally, answer([3], 5000));
    addAnswer(tally, answer([1], 3000, "upper"));
    expect(summarise(tally)).toEqual({
      answered: 5,
      correct: 2,
      topWrongText: "Sai A",
      topWrongCount: 2,
      medianMs: 5000,
      discrimination: 1,
      upperCount: 2,
      lowerCount: 2,
    });
  });

  test("a tie between wrong choices goes to the text that sorts first; no wrong answer → null", () => {
    const tally = emptyTally();
    addAnswer(tally, answer([3], 1));
    addAnswer(tally, answer([2], 1));
    expect(summarise(tally).topWrongText).toBe("Sai A");
    const right = emptyTally();
    addAnswer(right, answer([1], 1));
    expect(summarise(right)).toMatchObject({ topWrongText: null, topWrongCount: 0, discrimination: null });
  });

  test("a multiple-choice answer counts each wrong choice ticked, and is right only as the exact set", () => {
    const tally = emptyTally();
    addAnswer(tally, { ...answer([1, 2], 1000), correctIds: [1, 3] });
    addAnswer(tally, { ...answer([3, 1], 1000), correctIds: [1, 3] });
    expect(summarise(tally)).toMatchObject({ answered: 2, correct: 1, topWrongText: "Sai A" });
  });
});

describe("itemLabels", () => {
  test("below 30 answers: not enough data", () => {
    expect(itemLabels({ answered: 29, correct: 29, topWrongCount: 0 })).toBeNull();
  });
  test("easy at 90 % or more, hard at 20 % or less, misleading when a wrong answer beats the right one", () => {
    expect(itemLabels({ answered: 30, correct: 27, topWrongCount: 3 })).toEqual(["easy"]);
    expect(itemLabels({ answered: 30, correct: 26, topWrongCount: 4 })).toEqual([]);
    expect(itemLabels({ answered: 30, correct: 6, topWrongCount: 5 })).toEqual(["hard"]);
    expect(itemLabels({ answered: 30, correct: 6, topWrongCount: 7 })).toEqual(["hard", "misleading"]);
    expect(itemLabels({ answered: 40, correct: 12, topWrongCount: 13 })).toEqual(["misleading"]);
  });
});

test("staleSourceCutoff: the same day a year earlier; 29 February falls back to the 28th", () => {
  expect(staleSourceCutoff("2026-12-02")).toBe("2025-12-02");
  expect(staleSourceCutoff("2028-02-29")).toBe("2027-02-28");
});
