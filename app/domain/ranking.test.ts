import { describe, expect, test } from "vitest";
import { compareEntries, isBetterAttempt, predictionGap, type RankedEntry, rankEntries } from "./ranking.ts";

const base: RankedEntry = {
  userId: 1,
  score: 5,
  predictionGap: null,
  durationMs: 60_000,
  submittedAt: 1_000,
};
const entry = (over: Partial<RankedEntry>): RankedEntry => ({ ...base, ...over });

/** a must rank strictly before b, whichever side it is passed on. */
function expectBefore(a: RankedEntry, b: RankedEntry) {
  expect(compareEntries(a, b)).toBeLessThan(0);
  expect(compareEntries(b, a)).toBeGreaterThan(0);
  expect(rankEntries([b, a]).map((e) => e.userId)).toEqual([a.userId, b.userId]);
}

describe("compareEntries", () => {
  test("a higher score wins over a better prediction, shorter duration, earlier submission and lower id", () => {
    const high = entry({
      userId: 9,
      score: 6,
      predictionGap: 1_000,
      durationMs: 600_000,
      submittedAt: 9_000,
    });
    const low = entry({ userId: 1, score: 5, predictionGap: 0, durationMs: 1_000, submittedAt: 1 });
    expectBefore(high, low);
  });

  test("on equal score, a smaller prediction gap wins over a shorter duration and earlier submission", () => {
    const close = entry({ userId: 9, predictionGap: 3, durationMs: 600_000, submittedAt: 9_000 });
    const far = entry({ userId: 1, predictionGap: 4, durationMs: 1_000, submittedAt: 1 });
    expectBefore(close, far);
  });

  test("an exact prediction (gap 0) beats a gap of 1", () => {
    expectBefore(entry({ userId: 2, predictionGap: 0 }), entry({ userId: 1, predictionGap: 1 }));
  });

  test("when every gap is null the gap ties and the duration decides", () => {
    const fast = entry({ userId: 9, predictionGap: null, durationMs: 30_000, submittedAt: 9_000 });
    const slow = entry({ userId: 1, predictionGap: null, durationMs: 31_000, submittedAt: 1 });
    expectBefore(fast, slow);
  });

  test("on equal score and gap, a shorter duration wins over an earlier submission", () => {
    const fast = entry({ userId: 9, predictionGap: 5, durationMs: 30_000, submittedAt: 9_000 });
    const slow = entry({ userId: 1, predictionGap: 5, durationMs: 30_001, submittedAt: 1 });
    expectBefore(fast, slow);
  });

  test("on equal score, gap and duration, the earlier submission wins over a lower user id", () => {
    expectBefore(entry({ userId: 9, submittedAt: 999 }), entry({ userId: 1, submittedAt: 1_000 }));
  });

  test("the user id makes the order total when everything else ties", () => {
    expectBefore(entry({ userId: 2 }), entry({ userId: 3 }));
    expect(compareEntries(entry({ userId: 4 }), entry({ userId: 4 }))).toBe(0);
  });

  test("a missing prediction, once the real figure is known, ranks after every given prediction", () => {
    const actual = 5_000;
    const noGuess = entry({ userId: 1, predictionGap: predictionGap(null, actual) });
    const wildGuess = entry({ userId: 2, predictionGap: predictionGap(1_000_000_000, actual) });
    expectBefore(wildGuess, noGuess);
  });

  test("a null gap sorts before a known gap (like SQLite's NULLS FIRST in the SQL twin)", () => {
    // Documents current behaviour: null maps to -1. Normally all gaps of a board are null or none are.
    expectBefore(entry({ userId: 2, predictionGap: null }), entry({ userId: 1, predictionGap: 0 }));
  });
});

describe("rankEntries", () => {
  test("applies every key in order and numbers ranks 1..N", () => {
    const entries = [
      entry({ userId: 7, score: 4 }),
      entry({ userId: 6, predictionGap: 10 }),
      entry({ userId: 5, predictionGap: 2, durationMs: 70_000 }),
      entry({ userId: 4, predictionGap: 2, durationMs: 50_000, submittedAt: 2_000 }),
      entry({ userId: 3, predictionGap: 2, durationMs: 50_000, submittedAt: 1_500 }),
      entry({ userId: 2, predictionGap: 2, durationMs: 50_000, submittedAt: 1_500 }),
      entry({ userId: 1, score: 6, predictionGap: 99 }),
    ];
    const ranked = rankEntries(entries);
    expect(ranked.map((e) => [e.rank, e.userId])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
      [7, 7],
    ]);
  });

  test("does not mutate its input and keeps extra fields", () => {
    const entries = [
      { ...entry({ userId: 1, score: 1 }), name: "Lan" },
      { ...entry({ userId: 2, score: 2 }), name: "Páo" },
    ];
    const ranked = rankEntries(entries);
    expect(entries.map((e) => e.userId)).toEqual([1, 2]);
    expect(entries[0]).not.toHaveProperty("rank");
    expect(ranked).toEqual([
      expect.objectContaining({ userId: 2, name: "Páo", rank: 1 }),
      expect.objectContaining({ userId: 1, name: "Lan", rank: 2 }),
    ]);
  });

  test("the order does not depend on the input order", () => {
    const entries = [1, 2, 3, 4, 5, 6].map((userId) =>
      entry({ userId, score: userId % 3, durationMs: 1_000 * (userId % 2) }),
    );
    const ids = (list: RankedEntry[]) => rankEntries(list).map((e) => e.userId);
    expect(ids([...entries].reverse())).toEqual(ids(entries));
    expect(ids(entries)).toEqual([2, 5, 4, 1, 6, 3]);
  });
});

describe("predictionGap", () => {
  test("is the absolute distance to the real figure", () => {
    expect(predictionGap(120, 100)).toBe(20);
    expect(predictionGap(80, 100)).toBe(20);
    expect(predictionGap(100, 100)).toBe(0);
  });

  test("a missing prediction is larger than any real gap", () => {
    expect(predictionGap(null, 100)).toBeGreaterThan(predictionGap(0, 10_000_000_000));
    expect(predictionGap(null, 0)).toBeGreaterThan(predictionGap(Number.MAX_SAFE_INTEGER - 1, 0));
  });
});

describe("isBetterAttempt", () => {
  const current = { score: 5, durationMs: 60_000, submittedAt: 1_000 };

  test("the first attempt always counts", () => {
    expect(isBetterAttempt({ score: 0, durationMs: 900_000, submittedAt: 9_999 }, undefined)).toBe(true);
  });

  test("a higher score wins even when slower and later; a lower score loses even when faster", () => {
    expect(isBetterAttempt({ score: 6, durationMs: 900_000, submittedAt: 9_999 }, current)).toBe(true);
    expect(isBetterAttempt({ score: 4, durationMs: 1, submittedAt: 1 }, current)).toBe(false);
  });

  test("on equal score, the shorter duration wins even when submitted later", () => {
    expect(isBetterAttempt({ score: 5, durationMs: 59_999, submittedAt: 9_999 }, current)).toBe(true);
    expect(isBetterAttempt({ score: 5, durationMs: 60_001, submittedAt: 1 }, current)).toBe(false);
  });

  test("on equal score and duration, the earlier submission wins", () => {
    expect(isBetterAttempt({ score: 5, durationMs: 60_000, submittedAt: 999 }, current)).toBe(true);
    expect(isBetterAttempt({ score: 5, durationMs: 60_000, submittedAt: 1_001 }, current)).toBe(false);
  });

  test("an identical attempt is not better", () => {
    expect(isBetterAttempt({ ...current }, current)).toBe(false);
  });
});
