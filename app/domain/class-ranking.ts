// Classes within a school and schools within a commune or district, ranked by their homework and games. Pure.

/**
 * What a class (or a school: the sum of its classes) did: `expected` pairs of a student and a homework or game
 * they were set, `taken` of those pairs with a counted result, and the sum of those results as shares (0–1).
 */
export type GroupTally = {
  id: number;
  name: string;
  members: number;
  expected: number;
  taken: number;
  shareSum: number;
};

export type RankedGroup = GroupTally & {
  rank: number;
  /** Average result of those who took part, in percent. */
  averagePercent: number;
  /** Pairs taken / pairs set (students who took part / class size, over every homework and game). */
  participation: number;
  /** What the ranking sorts by: the average, or with participation, the average counting absentees as zero. */
  points: number;
};

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Adds tallies up (a school's classes). */
export function sumTallies(id: number, name: string, parts: readonly GroupTally[]): GroupTally {
  return parts.reduce(
    (sum, t) => ({
      ...sum,
      members: sum.members + t.members,
      expected: sum.expected + t.expected,
      taken: sum.taken + t.taken,
      shareSum: sum.shareSum + t.shareSum,
    }),
    { id, name, members: 0, expected: 0, taken: 0, shareSum: 0 },
  );
}

/**
 * Ranks groups by average result, or — `byParticipation`, as national contests rank schools — by the result
 * summed over everyone set the work (absentees count as zero), so a class cannot rise by leaving out its weaker
 * students. Ties (same points, then same participation) share a rank.
 */
export function rankGroups(tallies: readonly GroupTally[], byParticipation: boolean): RankedGroup[] {
  const scored = tallies.map((t) => {
    const averagePercent = t.taken ? (100 * t.shareSum) / t.taken : 0;
    const participation = t.expected ? Math.min(1, t.taken / t.expected) : 0;
    const points = byParticipation ? (t.expected ? (100 * t.shareSum) / t.expected : 0) : averagePercent;
    return {
      ...t,
      rank: 0,
      averagePercent: round1(averagePercent),
      participation: Math.round(participation * 1000) / 1000,
      points: round1(points),
    };
  });
  scored.sort(
    (a, b) => b.points - a.points || b.participation - a.participation || a.name.localeCompare(b.name, "vi"),
  );
  scored.forEach((g, i) => {
    const previous = scored[i - 1];
    g.rank =
      previous && previous.points === g.points && previous.participation === g.participation
        ? previous.rank
        : i + 1;
  });
  return scored;
}
