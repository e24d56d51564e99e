import { describe, expect, it } from "vitest";
import { rankGroups, sumTallies } from "./class-ranking.ts";

const a = { id: 1, name: "6A", members: 4, expected: 8, taken: 2, shareSum: 2 };
const b = { id: 2, name: "6B", members: 4, expected: 8, taken: 8, shareSum: 6 };

describe("rankGroups", () => {
  it("ranks by the average of those who took part", () => {
    const [first, second] = rankGroups([a, b], false);
    expect(first).toMatchObject({ id: 1, rank: 1, averagePercent: 100, participation: 0.25, points: 100 });
    expect(second).toMatchObject({ id: 2, rank: 2, averagePercent: 75, participation: 1, points: 75 });
  });

  it("with participation, counts absentees as zero", () => {
    const [first, second] = rankGroups([a, b], true);
    expect(first).toMatchObject({ id: 2, points: 75 });
    expect(second).toMatchObject({ id: 1, points: 25 });
  });

  it("gives ties the same rank and a class with no work zero", () => {
    const empty = { id: 3, name: "6C", members: 0, expected: 0, taken: 0, shareSum: 0 };
    const ranked = rankGroups([a, { ...a, id: 4, name: "6D" }, empty], false);
    expect(ranked.map((g) => g.rank)).toEqual([1, 1, 3]);
    expect(ranked[2]).toMatchObject({ id: 3, points: 0, participation: 0 });
  });

  it("sums a school's classes", () => {
    expect(sumTallies(9, "THCS", [a, b])).toEqual({
      id: 9,
      name: "THCS",
      members: 8,
      expected: 16,
      taken: 10,
      shareSum: 8,
    });
  });
});
