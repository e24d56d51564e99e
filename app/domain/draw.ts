// Drawing an attempt's questions: random by topic mix, choices shuffled, all from the caller's rng.

export type DrawableQuestion = { topicId: string; revisionId: number; choiceIds: number[] };
export type DrawnItem = { slot: number; revisionId: number; choiceOrder: number[] };
export type Rng = () => number;

export class NotEnoughQuestionsError extends Error {
  constructor(
    readonly topicId: string,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`Chủ đề ${topicId} cần ${needed} câu nhưng chỉ có ${available} câu đã xuất bản.`);
  }
}

export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

export function drawQuestions(
  bank: readonly DrawableQuestion[],
  topicMix: readonly { topicId: string; count: number }[],
  rng: Rng,
): DrawnItem[] {
  const picked: DrawableQuestion[] = [];
  if (new Set(topicMix.map((t) => t.topicId)).size !== topicMix.length)
    throw new Error("A topic appears twice in the topic mix");
  for (const { topicId, count } of topicMix) {
    const pool = bank.filter((q) => q.topicId === topicId);
    if (pool.length < count) throw new NotEnoughQuestionsError(topicId, count, pool.length);
    picked.push(...shuffle(pool, rng).slice(0, count));
  }
  // Mix the topics so a resident does not meet them in blocks.
  return shuffle(picked, rng).map((q, index) => ({
    slot: index + 1,
    revisionId: q.revisionId,
    choiceOrder: shuffle(q.choiceIds, rng),
  }));
}

/** Seeded generator (mulberry32) for reproducible draws in tests and seeds. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
