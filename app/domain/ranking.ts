// The ranking order of Vietnamese contests: score (higher first) → prediction closest to the real figure →
// shorter duration → earlier submission. The user id only makes the order total, so it is reproducible.
// leaderboards.server.ts sorts in SQL by the same keys; an integration test holds the two together.

export type RankedEntry = {
  userId: number;
  score: number;
  /** |prediction - actual|; null until the round's real figure is known (ties everyone). */
  predictionGap: number | null;
  durationMs: number;
  submittedAt: number;
};

export function compareEntries(a: RankedEntry, b: RankedEntry): number {
  return (
    b.score - a.score ||
    gapKey(a.predictionGap) - gapKey(b.predictionGap) ||
    a.durationMs - b.durationMs ||
    a.submittedAt - b.submittedAt ||
    a.userId - b.userId
  );
}

// SQLite sorts NULL first in ascending order; before a round closes every gap is null, so it ties.
function gapKey(gap: number | null): number {
  return gap ?? -1;
}

export function rankEntries<T extends RankedEntry>(entries: readonly T[]): (T & { rank: number })[] {
  return [...entries].sort(compareEntries).map((entry, index) => ({ ...entry, rank: index + 1 }));
}

/** The gap of a missing prediction: farther than any given one. */
export const NO_PREDICTION_GAP = Number.MAX_SAFE_INTEGER;

/** A missing prediction is farther than any given one. */
export function predictionGap(prediction: number | null, actual: number): number {
  return prediction === null ? NO_PREDICTION_GAP : Math.abs(prediction - actual);
}

/**
 * Which of a resident's attempts in a round counts: the better one by score, then duration, then the
 * earlier. The prediction cannot choose, since its real figure is known only when the round closes.
 */
export function isBetterAttempt(
  candidate: { score: number; durationMs: number; submittedAt: number },
  current: { score: number; durationMs: number; submittedAt: number } | undefined,
): boolean {
  if (!current) return true;
  return (
    (candidate.score - current.score ||
      current.durationMs - candidate.durationMs ||
      current.submittedAt - candidate.submittedAt) > 0
  );
}
