import { describe, expect, test } from "vitest";
import {
  type DrawableQuestion,
  drawQuestions,
  drawSet,
  NotEnoughQuestionsError,
  seededRng,
  shuffle,
} from "./draw.ts";

// Topic "a" has 5 questions (revisions 100..104), "b" 4 (200..203), "c" 3 (300..302), "unused" 2.
// Each question has its own distinct choice ids: revision * 10 + 1..4.
function makeBank(): DrawableQuestion[] {
  const sizes: Record<string, [number, number]> = { a: [100, 5], b: [200, 4], c: [300, 3], unused: [900, 2] };
  return Object.entries(sizes).flatMap(([topicId, [first, n]]) =>
    Array.from({ length: n }, (_, i) => {
      const revisionId = first + i;
      return { topicId, revisionId, choiceIds: [1, 2, 3, 4].map((c) => revisionId * 10 + c) };
    }),
  );
}

const bank = makeBank();
const byRevision = new Map(bank.map((q) => [q.revisionId, q]));
const mix = [
  { topicId: "a", count: 2 },
  { topicId: "b", count: 3 },
  { topicId: "c", count: 1 },
];

describe("drawQuestions", () => {
  test.each([1, 2, 3, 42, 2024])("seed %i: respects the topic mix counts exactly", (seed) => {
    const items = drawQuestions(bank, mix, seededRng(seed));
    const counts: Record<string, number> = {};
    for (const item of items) {
      const topic = byRevision.get(item.revisionId)!.topicId;
      counts[topic] = (counts[topic] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 2, b: 3, c: 1 });
  });

  test.each([1, 2, 3, 42, 2024])("seed %i: never repeats a question and numbers slots 1..N", (seed) => {
    const items = drawQuestions(bank, mix, seededRng(seed));
    expect(items).toHaveLength(6);
    expect(new Set(items.map((i) => i.revisionId)).size).toBe(6);
    expect(items.map((i) => i.slot)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("takes every question of a topic when the count equals the pool size, never repeating", () => {
    const items = drawQuestions(bank, [{ topicId: "a", count: 5 }], seededRng(7));
    expect(items.map((i) => i.revisionId).sort()).toEqual([100, 101, 102, 103, 104]);
  });

  test.each([1, 2, 3, 42, 2024])(
    "seed %i: each choiceOrder is a permutation of its question's choices",
    (seed) => {
      for (const item of drawQuestions(bank, mix, seededRng(seed))) {
        const { choiceIds } = byRevision.get(item.revisionId)!;
        expect(item.choiceOrder).toHaveLength(choiceIds.length);
        expect([...item.choiceOrder].sort()).toEqual([...choiceIds].sort());
      }
    },
  );

  test("actually shuffles choices for some draw", () => {
    const items = drawQuestions(bank, mix, seededRng(1));
    const unchanged = items.every(
      (i) => i.choiceOrder.join() === byRevision.get(i.revisionId)!.choiceIds.join(),
    );
    expect(unchanged).toBe(false);
  });

  test("mixes the topics instead of serving them in blocks", () => {
    const topics = (seed: number) =>
      drawQuestions(bank, mix, seededRng(seed)).map((i) => byRevision.get(i.revisionId)!.topicId);
    const blocks = ["a", "a", "b", "b", "b", "c"];
    expect([1, 2, 3, 4, 5].map(topics).some((t) => t.join() !== blocks.join())).toBe(true);
  });

  test("does not mutate the bank's choice arrays", () => {
    const fresh = makeBank();
    drawQuestions(fresh, mix, seededRng(3));
    expect(fresh).toEqual(makeBank());
  });

  test("the same seed gives the same draw", () => {
    expect(drawQuestions(bank, mix, seededRng(123))).toEqual(drawQuestions(bank, mix, seededRng(123)));
  });

  test("different seeds give different orders", () => {
    const draws = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(drawQuestions(bank, mix, seededRng(seed))));
    expect(new Set(draws).size).toBe(5);
    const order = (seed: number) => drawQuestions(bank, mix, seededRng(seed)).map((i) => i.revisionId);
    expect(order(1)).not.toEqual(order(2));
  });

  test("throws NotEnoughQuestionsError with the topic, needed and available counts", () => {
    const tooMany = [
      { topicId: "a", count: 2 },
      { topicId: "b", count: 5 },
    ];
    const error = (() => {
      try {
        drawQuestions(bank, tooMany, seededRng(1));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NotEnoughQuestionsError);
    expect(error).toMatchObject({ topicId: "b", needed: 5, available: 4 });
    expect((error as Error).message).toContain("b");
  });

  test("reports 0 available for a topic absent from the bank", () => {
    expect(() => drawQuestions(bank, [{ topicId: "missing", count: 1 }], seededRng(1))).toThrow(
      expect.objectContaining({ topicId: "missing", needed: 1, available: 0 }),
    );
  });
});

describe("shuffle", () => {
  test("keeps all elements, once each, and does not mutate its input", () => {
    const input = Array.from({ length: 20 }, (_, i) => i);
    const copy = [...input];
    const result = shuffle(input, seededRng(9));
    expect(input).toEqual(copy);
    expect(result).not.toBe(input);
    expect([...result].sort((x, y) => x - y)).toEqual(copy);
    expect(result).not.toEqual(copy); // 20 elements: the identity permutation would be a huge coincidence
  });

  test("handles empty and single-element arrays", () => {
    expect(shuffle([], seededRng(1))).toEqual([]);
    expect(shuffle(["x"], seededRng(1))).toEqual(["x"]);
  });

  test("uses the given rng: rng() always 0 rotates in a fixed, predictable way", () => {
    // Fisher–Yates with j = 0 every step: swaps each last element with the first.
    expect(shuffle([1, 2, 3, 4], () => 0)).toEqual([2, 3, 4, 1]);
    // rng just below 1 picks j = i: nothing moves.
    expect(shuffle([1, 2, 3, 4], () => 0.999999)).toEqual([1, 2, 3, 4]);
  });
});

describe("seededRng", () => {
  test("is reproducible and stays in [0, 1)", () => {
    const a = seededRng(5);
    const b = seededRng(5);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(seededRng(6)()).not.toBe(seededRng(5)());
  });
});

test("a topic listed twice cannot repeat questions", () => {
  const bank = [1, 2, 3, 4].map((r) => ({ topicId: "a", revisionId: r, choiceIds: [r * 10] }));
  const mix = [
    { topicId: "a", count: 2 },
    { topicId: "a", count: 2 },
  ];
  expect(() => drawQuestions(bank, mix, seededRng(1))).toThrow("twice");
});

describe("drawing by skill", () => {
  // Skills cut across topics: "otp" has 3 questions in topic a and 2 in b; "scam" 2 in c; the rest have none.
  const skillOf = (revisionId: number) =>
    [100, 101, 102, 200, 201].includes(revisionId) ? "otp" : [300, 301].includes(revisionId) ? "scam" : null;
  const skilled = makeBank().map((q) => ({ ...q, skillId: skillOf(q.revisionId) }));
  const skilledById = new Map(skilled.map((q) => [q.revisionId, q]));
  const topicMix = [
    { topicId: "a", count: 2 },
    { topicId: "b", count: 2 },
  ];
  const skillMix = [{ skillId: "otp", count: 4 }];

  test.each([1, 2, 3, 42, 2024])("seed %i: fills each skill and topic quota, never repeating", (seed) => {
    const items = drawQuestions(skilled, topicMix, seededRng(seed), skillMix);
    expect(items).toHaveLength(8);
    expect(new Set(items.map((i) => i.revisionId)).size).toBe(8);
    const drawn = items.map((i) => skilledById.get(i.revisionId)!);
    expect(drawn.filter((q) => q.skillId === "otp")).toHaveLength(4);
    // The topic quotas come from questions whose skill is not in the skill mix.
    expect(drawn.filter((q) => q.skillId !== "otp" && q.topicId === "a")).toHaveLength(2);
    expect(drawn.filter((q) => q.skillId !== "otp" && q.topicId === "b")).toHaveLength(2);
  });

  test("a skill-only mix draws from every topic", () => {
    const seen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8])
      for (const item of drawQuestions(skilled, [], seededRng(seed), [{ skillId: "otp", count: 3 }]))
        seen.add(skilledById.get(item.revisionId)!.topicId);
    expect(seen).toEqual(new Set(["a", "b"]));
  });

  test("the same seed gives the same draw; an empty skill mix draws exactly as before skills", () => {
    const draw = (seed: number) => drawQuestions(skilled, topicMix, seededRng(seed), skillMix);
    expect(draw(9)).toEqual(draw(9));
    expect(drawQuestions(skilled, mix, seededRng(9), [])).toEqual(drawQuestions(bank, mix, seededRng(9)));
  });

  test("a topic quota cannot take the skill's questions: topic a has only 2 left beside otp", () => {
    expect(() =>
      drawQuestions(skilled, [{ topicId: "a", count: 3 }], seededRng(1), [{ skillId: "otp", count: 1 }]),
    ).toThrow(expect.objectContaining({ topicId: "a", needed: 3, available: 2 }));
  });

  test("throws NotEnoughQuestionsError naming the skill", () => {
    const error = (() => {
      try {
        drawQuestions(skilled, [], seededRng(1), [{ skillId: "scam", count: 3 }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NotEnoughQuestionsError);
    expect(error).toMatchObject({ topicId: null, skillId: "scam", needed: 3, available: 2 });
    expect((error as Error).message).toBe("Kỹ năng scam cần 3 câu nhưng chỉ có 2 câu đã xuất bản.");
  });

  test("a skill listed twice is refused", () => {
    const twice = [
      { skillId: "otp", count: 1 },
      { skillId: "otp", count: 1 },
    ];
    expect(() => drawQuestions(skilled, [], seededRng(1), twice)).toThrow("twice");
  });
});

describe("drawSet", () => {
  test("asks every hand-picked question once, in shuffled order with shuffled choices", () => {
    const set: DrawableQuestion[] = [1, 2, 3, 4].map((n) => ({
      topicId: "t",
      revisionId: n,
      choiceIds: [n * 10, n * 10 + 1, n * 10 + 2],
    }));
    const items = drawSet(set, seededRng(7));
    expect(items.map((i) => i.slot)).toEqual([1, 2, 3, 4]);
    expect(items.map((i) => i.revisionId).sort()).toEqual([1, 2, 3, 4]);
    for (const item of items)
      expect([...item.choiceOrder].sort()).toEqual(
        set.find((q) => q.revisionId === item.revisionId)!.choiceIds,
      );
  });
});
