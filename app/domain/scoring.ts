// Scoring: one point per question answered exactly right (for multiple choice, exactly the correct set).

export type ScorableItem = { slot: number; correctChoiceIds: readonly number[] };
export type GivenAnswer = { slot: number; choiceIds: readonly number[] };

export function isAnswerCorrect(correct: readonly number[], given: readonly number[] | undefined): boolean {
  if (!given) return false;
  const expected = new Set(correct);
  const chosen = new Set(given);
  return chosen.size === expected.size && [...chosen].every((id) => expected.has(id));
}

/** The slots answered exactly right. */
export function correctSlots(items: readonly ScorableItem[], answers: readonly GivenAnswer[]): number[] {
  const bySlot = new Map(answers.map((a) => [a.slot, a.choiceIds]));
  return items
    .filter((item) => isAnswerCorrect(item.correctChoiceIds, bySlot.get(item.slot)))
    .map((i) => i.slot);
}

export function scoreAttempt(items: readonly ScorableItem[], answers: readonly GivenAnswer[]): number {
  return correctSlots(items, answers).length;
}
