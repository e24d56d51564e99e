import { describe, expect, test } from "vitest";
import {
  assignWinners,
  predictionActual,
  prizeCount,
  rankUnits,
  sumUnitResults,
  type UnitInput,
} from "./prizes.ts";
import { defaultPrizeTiers } from "./rules.ts";
import { predictionGap, type RankedEntry } from "./ranking.ts";

const entry = (userId: number, over: Partial<RankedEntry> = {}): RankedEntry => ({
  userId,
  score: 5,
  predictionGap: 10,
  durationMs: 60_000,
  submittedAt: 1_000,
  ...over,
});
const oneFirst = [{ label: "Giải Nhất", count: 1, unitPoints: 10 }];
const firstOf = (entries: RankedEntry[]) => assignWinners(entries, oneFirst, new Set())[0]?.userId;

describe("predictionActual", () => {
  test("resolves to participants or to perfect scores by the question's kind", () => {
    const counts = { participants: 120, perfectScores: 7 };
    expect(predictionActual("participants", counts)).toBe(120);
    expect(predictionActual("perfect_scores", counts)).toBe(7);
  });

  test("the gap to the resolved figure decides between equal scores", () => {
    const actual = predictionActual("perfect_scores", { participants: 120, perfectScores: 7 });
    const near = entry(2, { predictionGap: predictionGap(8, actual) });
    const far = entry(1, { predictionGap: predictionGap(120, actual) });
    expect(firstOf([far, near])).toBe(2);
  });
});

describe("assignWinners", () => {
  test.each([
    ["score", { score: 6 }, { score: 5, predictionGap: 0, durationMs: 1, submittedAt: 1 }],
    ["prediction gap", { predictionGap: 1 }, { predictionGap: 2, durationMs: 1, submittedAt: 1 }],
    ["duration", { durationMs: 30_000 }, { durationMs: 30_001, submittedAt: 1 }],
    ["submission time", { submittedAt: 500 }, { submittedAt: 501 }],
    ["user id, last", {}, {}],
  ])("%s decides the first prize", (_level, better, worse) => {
    const winner = entry(1, better);
    const loser = entry(2, worse);
    expect(firstOf([loser, winner])).toBe(1);
    expect(firstOf([winner, loser])).toBe(1);
  });

  test("fills tiers in ranking order with labels and places", () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry(i + 1, { score: 100 - i }));
    const winners = assignWinners(entries, defaultPrizeTiers, new Set());
    expect(winners).toHaveLength(prizeCount(defaultPrizeTiers));
    expect(winners.map((w) => w.label).slice(0, 6)).toEqual([
      "Giải Nhất",
      "Giải Nhì",
      "Giải Nhì",
      "Giải Ba",
      "Giải Ba",
      "Giải Ba",
    ]);
    expect(winners.map((w) => w.rank)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(winners.at(-1)).toMatchObject({ userId: 16, tierIndex: 3, label: "Giải Khuyến khích" });
  });

  test("skips ineligible residents without leaving a hole", () => {
    const entries = [1, 2, 3, 4].map((id) => entry(id, { score: 10 - id }));
    const tiers = [
      { label: "Nhất", count: 1, unitPoints: 10 },
      { label: "Nhì", count: 2, unitPoints: 8 },
    ];
    const winners = assignWinners(entries, tiers, new Set([1, 3]));
    expect(winners.map((w) => [w.userId, w.label, w.rank])).toEqual([
      [2, "Nhất", 1],
      [4, "Nhì", 2],
    ]);
  });

  test("a tier of zero names nobody and the next tier carries on", () => {
    const tiers = [
      { label: "Nhất", count: 0, unitPoints: 10 },
      { label: "Nhì", count: 1, unitPoints: 8 },
    ];
    expect(assignWinners([entry(1)], tiers, new Set())).toMatchObject([
      { userId: 1, label: "Nhì", tierIndex: 1 },
    ]);
  });

  test("is deterministic: the same entries in any order give the same winners", () => {
    const entries = Array.from({ length: 30 }, (_, i) =>
      entry(i + 1, { score: i % 4, predictionGap: i % 3, durationMs: 1000 * (i % 5) }),
    );
    const once = assignWinners(entries, defaultPrizeTiers, new Set([5]));
    const again = assignWinners([...entries].reverse(), defaultPrizeTiers, new Set([5]));
    expect(again).toEqual(once);
  });
});

describe("rankUnits", () => {
  const rules = { prizeTiers: defaultPrizeTiers, participationPoints: 100 };
  const unit = (unitId: number, over: Partial<UnitInput>): UnitInput => ({
    unitId,
    code: String(unitId).padStart(5, "0"),
    path: `/1/${unitId}/`,
    depth: 1,
    participants: 0,
    population: null,
    ...over,
  });

  test("participation rate × points plus 10/8/6/4 per winner of the unit and its communes", () => {
    const district = unit(2, { participants: 50, population: 200 });
    const commune = unit(3, { path: "/1/2/3/", depth: 2, participants: 30, population: 60 });
    const winners = [
      { unitPath: "/1/2/3/", tierIndex: 0 },
      { unitPath: "/1/2/", tierIndex: 3 },
      { unitPath: "/1/9/", tierIndex: 1 },
    ];
    const [d, c] = rankUnits([commune, district], winners, rules);
    expect(d).toMatchObject({ unitId: 2, ratePoints: 25, prizePoints: 14, points: 39, rank: 1 });
    expect(c).toMatchObject({ unitId: 3, ratePoints: 50, prizePoints: 10, points: 60, rank: 1 });
  });

  test("a unit without population gets no rate points; a rate above 1 counts as 1", () => {
    const [over, unknown] = rankUnits(
      [unit(2, { participants: 500 }), unit(3, { participants: 90, population: 60 })],
      [],
      rules,
    );
    expect(over).toMatchObject({ unitId: 3, ratePoints: 100, rank: 1 });
    expect(unknown).toMatchObject({ unitId: 2, ratePoints: 0, points: 0, rank: 2 });
  });

  test("the weight of participation is configurable", () => {
    const [row] = rankUnits([unit(2, { participants: 10, population: 20 })], [], {
      ...rules,
      participationPoints: 40,
    });
    expect(row?.points).toBe(20);
  });

  test("ties go to more participants, then the lower code, in any input order", () => {
    const a = unit(4, { code: "00010", participants: 5 });
    const b = unit(5, { code: "00009", participants: 5 });
    const c = unit(6, { code: "00001", participants: 4 });
    const once = rankUnits([a, b, c], [], rules).map((r) => r.unitId);
    expect(once).toEqual([5, 4, 6]);
    expect(rankUnits([c, b, a], [], rules).map((r) => r.unitId)).toEqual(once);
  });

  test("sums rounds unit by unit and ranks the totals", () => {
    const round1 = rankUnits([unit(2, { participants: 10, population: 100 }), unit(3, {})], [], rules);
    const round2 = rankUnits([unit(2, {}), unit(3, {})], [{ unitPath: "/1/3/", tierIndex: 0 }], rules);
    expect(sumUnitResults([round1, round2]).map((r) => [r.unitId, r.points, r.rank])).toEqual([
      [2, 10, 1],
      [3, 10, 2],
    ]);
  });
});
