// Item statistics: how each question behaves in real contest attempts. Pure; the model feeds it answers in
// batches and stores the summaries (models/item-stats.server.ts).
import { isAnswerCorrect } from "./scoring.ts";

/** Below this many answers a question is not labelled easy, hard or misleading ("chưa đủ dữ liệu"). */
export const MIN_SAMPLE = 30;
export const EASY_SHARE = 0.9;
export const HARD_SHARE = 0.2;
/** The share of attempts in each of the upper and lower groups of the discrimination index. */
export const GROUP_SHARE = 0.27;

export type RankedAttempt = { id: number; score: number; questionCount: number };

/**
 * The upper and lower 27 % of attempts by score (as a share of their questions, so rounds of different
 * lengths compare); ties at a boundary are cut by attempt id, so the groups are always the same size.
 */
export function extremeGroups(attempts: readonly RankedAttempt[]): {
  upper: Set<number>;
  lower: Set<number>;
} {
  const ordered = [...attempts].sort(
    (a, b) => a.score / a.questionCount - b.score / b.questionCount || a.id - b.id,
  );
  const size = Math.floor(ordered.length * GROUP_SHARE);
  return {
    lower: new Set(ordered.slice(0, size).map((a) => a.id)),
    upper: new Set(ordered.slice(ordered.length - size).map((a) => a.id)),
  };
}

/** The median, rounded to a whole number; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** p_upper − p_lower; null when a group has not met the question. */
export function discriminationIndex(
  upper: { answered: number; correct: number },
  lower: { answered: number; correct: number },
): number | null {
  if (upper.answered === 0 || lower.answered === 0) return null;
  return upper.correct / upper.answered - lower.correct / lower.answered;
}

/** One answer to a question in an attempt, as the model reads it. */
export type ItemAnswer = {
  chosen: readonly number[];
  correctIds: readonly number[];
  /** Choice id → text, to name the wrong choices. */
  choiceTexts: ReadonlyMap<number, string>;
  /** Time from the attempt's previous save (or its start) to this save. */
  spentMs: number;
  group: "upper" | "lower" | null;
};

export type ItemTally = {
  answered: number;
  correct: number;
  wrong: Map<string, number>;
  times: number[];
  upper: { answered: number; correct: number };
  lower: { answered: number; correct: number };
};

export const emptyTally = (): ItemTally => ({
  answered: 0,
  correct: 0,
  wrong: new Map(),
  times: [],
  upper: { answered: 0, correct: 0 },
  lower: { answered: 0, correct: 0 },
});

export function addAnswer(tally: ItemTally, answer: ItemAnswer): void {
  const right = isAnswerCorrect(answer.correctIds, answer.chosen);
  tally.answered++;
  if (right) tally.correct++;
  // Each wrong choice ticked counts (a multiple-choice answer may tick several).
  const correct = new Set(answer.correctIds);
  for (const id of new Set(answer.chosen)) {
    if (correct.has(id)) continue;
    const text = answer.choiceTexts.get(id) ?? "";
    tally.wrong.set(text, (tally.wrong.get(text) ?? 0) + 1);
  }
  tally.times.push(Math.max(0, answer.spentMs));
  if (answer.group) {
    tally[answer.group].answered++;
    if (right) tally[answer.group].correct++;
  }
}

export type ItemSummary = {
  answered: number;
  correct: number;
  topWrongText: string | null;
  topWrongCount: number;
  medianMs: number | null;
  discrimination: number | null;
  upperCount: number;
  lowerCount: number;
};

export function summarise(tally: ItemTally): ItemSummary {
  // The most chosen wrong answer; equal counts go to the text that sorts first, so a refresh is stable.
  let top: [string, number] | null = null;
  for (const entry of tally.wrong)
    if (!top || entry[1] > top[1] || (entry[1] === top[1] && entry[0].localeCompare(top[0], "vi") < 0))
      top = entry;
  return {
    answered: tally.answered,
    correct: tally.correct,
    topWrongText: top?.[0] ?? null,
    topWrongCount: top?.[1] ?? 0,
    medianMs: median(tally.times),
    discrimination: discriminationIndex(tally.upper, tally.lower),
    upperCount: tally.upper.answered,
    lowerCount: tally.lower.answered,
  };
}

export type ItemLabel = "easy" | "hard" | "misleading";

/** The warnings a question's figures earn; null below the minimum sample ("chưa đủ dữ liệu"). */
export function itemLabels(
  s: Pick<ItemSummary, "answered" | "correct" | "topWrongCount">,
): ItemLabel[] | null {
  if (s.answered < MIN_SAMPLE) return null;
  const share = s.correct / s.answered;
  return [
    ...(share >= EASY_SHARE ? (["easy"] as const) : []),
    ...(share <= HARD_SHARE ? (["hard"] as const) : []),
    ...(s.topWrongCount > s.correct ? (["misleading"] as const) : []),
  ];
}

/**
 * The first check date that is not stale at `today` ("YYYY-MM-DD", a Vietnam date): a source checked before it
 * was last checked more than 12 months ago. 29 February falls back to 28 February.
 */
export function staleSourceCutoff(today: string): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const year = y - 1;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
