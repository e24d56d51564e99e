import { describe, expect, test } from "vitest";
import { isAnswerCorrect, scoreAttempt } from "./scoring.ts";

describe("isAnswerCorrect", () => {
  test("single choice: only the correct choice counts", () => {
    expect(isAnswerCorrect([3], [3])).toBe(true);
    expect(isAnswerCorrect([3], [4])).toBe(false);
  });

  test("multiple choice needs exactly the correct set", () => {
    expect(isAnswerCorrect([1, 2, 3], [1, 2, 3])).toBe(true);
    expect(isAnswerCorrect([1, 2, 3], [1, 2])).toBe(false); // missing one correct choice
    expect(isAnswerCorrect([1, 2, 3], [1, 2, 3, 4])).toBe(false); // one extra wrong choice
    expect(isAnswerCorrect([1, 2, 3], [1, 2, 4])).toBe(false); // right size, one wrong
  });

  test("the order of the chosen ids does not matter", () => {
    expect(isAnswerCorrect([1, 2, 3], [3, 1, 2])).toBe(true);
    expect(isAnswerCorrect([3, 1], [1, 3])).toBe(true);
  });

  test("an empty or missing answer is wrong", () => {
    expect(isAnswerCorrect([1], [])).toBe(false);
    expect(isAnswerCorrect([1], undefined)).toBe(false);
    expect(isAnswerCorrect([1, 2], undefined)).toBe(false);
  });
});

describe("scoreAttempt", () => {
  const items = [
    { slot: 1, correctChoiceIds: [11] },
    { slot: 2, correctChoiceIds: [21, 22] },
    { slot: 3, correctChoiceIds: [31] },
    { slot: 4, correctChoiceIds: [41, 43] },
  ];

  test("counts one point per exactly right answer", () => {
    const answers = [
      { slot: 1, choiceIds: [11] }, // right
      { slot: 2, choiceIds: [22, 21] }, // right, other order
      { slot: 3, choiceIds: [32] }, // wrong
      { slot: 4, choiceIds: [41] }, // partial: wrong
    ];
    expect(scoreAttempt(items, answers)).toBe(2);
  });

  test("all right gives the number of items; no answers gives 0", () => {
    const all = items.map((i) => ({ slot: i.slot, choiceIds: i.correctChoiceIds }));
    expect(scoreAttempt(items, all)).toBe(4);
    expect(scoreAttempt(items, [])).toBe(0);
  });

  test("ignores answers for slots that are not items", () => {
    const answers = [
      { slot: 1, choiceIds: [11] },
      { slot: 5, choiceIds: [11] },
      { slot: 0, choiceIds: [31] },
    ];
    expect(scoreAttempt(items, answers)).toBe(1);
  });

  test("answers are matched by slot, not by position", () => {
    const answers = [
      { slot: 3, choiceIds: [31] },
      { slot: 1, choiceIds: [31] },
    ];
    expect(scoreAttempt(items, answers)).toBe(1);
  });
});

test("a repeated id cannot stand in for a missing correct one", () => {
  expect(isAnswerCorrect([1, 2], [1, 1])).toBe(false);
  expect(isAnswerCorrect([1, 2], [2, 1, 1])).toBe(true);
});
