// Closing a round: its prediction's real figure, the winners tier by tier and the collective ranking of units.
import { z } from "zod";
import type { ContestRules, PrizeTier } from "./rules.ts";
import { rankEntries, type RankedEntry } from "./ranking.ts";

/** The real figure residents predicted: how many took part, or how many answered every question right. */
export function predictionActual(
  kind: ContestRules["prediction"]["kind"],
  counts: { participants: number; perfectScores: number },
): number {
  return kind === "participants" ? counts.participants : counts.perfectScores;
}

export type Winner<T> = T & { tierIndex: number; label: string; rank: number };

/**
 * Names the winners in ranking order, filling each tier before the next. Ineligible residents (demo accounts,
 * staff, residents with a disqualified attempt in the round) are skipped without leaving a hole, so the next
 * eligible resident takes the place. `rank` is the place among the winners.
 */
export function assignWinners<T extends RankedEntry>(
  entries: readonly T[],
  tiers: readonly PrizeTier[],
  ineligible: ReadonlySet<number>,
): Winner<T>[] {
  const eligible = rankEntries(entries).filter((e) => !ineligible.has(e.userId));
  const winners: Winner<T>[] = [];
  tiers.forEach((tier, tierIndex) => {
    for (let i = 0; i < tier.count; i++) {
      const next = eligible[winners.length];
      if (!next) return;
      const { rank: _boardRank, ...entry } = next;
      winners.push({ ...(entry as unknown as T), tierIndex, label: tier.label, rank: winners.length + 1 });
    }
  });
  return winners;
}

/** How many winners the tiers name at most. */
export function prizeCount(tiers: readonly PrizeTier[]): number {
  return tiers.reduce((sum, t) => sum + t.count, 0);
}

export type UnitInput = {
  unitId: number;
  code: string;
  /** "/1/7/42/", as in the units table: a winner counts for every unit whose path starts their unit's path. */
  path: string;
  depth: number;
  participants: number;
  population: number | null;
};

export type UnitResult = UnitInput & {
  rank: number;
  ratePoints: number;
  prizePoints: number;
  points: number;
};

/**
 * The collective ranking: participation rate (participants / population, at most 1 since population figures
 * lag behind) × `participationPoints`, plus the unit points of every winner from the unit or a unit under it.
 * A unit without a known population gets no rate points. Units are ranked within their depth (districts among
 * districts, communes among communes) by points, then participants, then code, so a re-close gives the same order.
 */
export function rankUnits(
  unitsIn: readonly UnitInput[],
  winners: readonly { unitPath: string | null; tierIndex: number }[],
  rules: Pick<ContestRules, "prizeTiers" | "participationPoints">,
): UnitResult[] {
  const scored = unitsIn.map((unit) => {
    const rate = unit.population ? Math.min(1, unit.participants / unit.population) : 0;
    const prizePoints = winners
      .filter((w) => w.unitPath?.startsWith(unit.path))
      .reduce((sum, w) => sum + (rules.prizeTiers[w.tierIndex]?.unitPoints ?? 0), 0);
    const ratePoints = rate * rules.participationPoints;
    return { ...unit, ratePoints, prizePoints, points: ratePoints + prizePoints };
  });
  return rankWithinDepth(scored);
}

/** The collective ranking over several rounds: each unit's points and participants added up. */
export function sumUnitResults(rounds: readonly (readonly UnitResult[])[]): UnitResult[] {
  const byUnit = new Map<number, UnitResult>();
  for (const row of rounds.flat()) {
    const sum = byUnit.get(row.unitId);
    byUnit.set(
      row.unitId,
      sum
        ? {
            ...sum,
            participants: sum.participants + row.participants,
            ratePoints: sum.ratePoints + row.ratePoints,
            prizePoints: sum.prizePoints + row.prizePoints,
            points: sum.points + row.points,
          }
        : { ...row },
    );
  }
  return rankWithinDepth([...byUnit.values()]);
}

function rankWithinDepth<T extends Omit<UnitResult, "rank">>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) =>
      a.depth - b.depth ||
      b.points - a.points ||
      b.participants - a.participants ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const next = new Map<number, number>();
  return sorted.map((row) => {
    const rank = (next.get(row.depth) ?? 0) + 1;
    next.set(row.depth, rank);
    return { ...row, rank };
  });
}

/** The reason an organiser must give to disqualify or reinstate an attempt, or to decide a fair-play flag. */
export const decisionReasonSchema = z
  .string({ error: "Hãy ghi lý do (ít nhất 3 ký tự)." })
  .trim()
  .min(3, "Hãy ghi lý do (ít nhất 3 ký tự).")
  .max(500, "Lý do dài tối đa 500 ký tự.");
