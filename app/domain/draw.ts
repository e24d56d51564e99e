// Drawing an attempt's questions: random by topic and skill mix, choices shuffled, all from the caller's rng.

export type DrawableQuestion = {
  topicId: string;
  /** The skill the published revision tests (null or absent: none). */
  skillId?: string | null;
  revisionId: number;
  choiceIds: readonly number[];
};
export type TopicQuota = { topicId: string; count: number };
export type SkillQuota = { skillId: string; count: number };
export type DrawnItem = { slot: number; revisionId: number; choiceOrder: number[] };
export type Rng = () => number;

/** A quota the bank cannot fill: a topic's (`topicId`) or a skill's (`skillId`, with `topicId` null). */
export class NotEnoughQuestionsError extends Error {
  constructor(
    readonly topicId: string | null,
    readonly needed: number,
    readonly available: number,
    readonly skillId: string | null = null,
  ) {
    super(
      `${skillId === null ? `Chủ đề ${topicId}` : `Kỹ năng ${skillId}`} cần ${needed} câu nhưng chỉ có ${available} câu đã xuất bản.`,
    );
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

/**
 * The pools a mix draws from. A question whose skill is in the skill mix is drawn only through its skill's
 * quota (from any topic), so no two pools share a question: no question can come twice, and each quota is
 * filled whenever its own pool is large enough, in whatever order the quotas are drawn.
 */
export function mixPools(
  bank: readonly DrawableQuestion[],
  topicMix: readonly TopicQuota[],
  skillMix: readonly SkillQuota[] = [],
): { quota: TopicQuota | SkillQuota; pool: DrawableQuestion[] }[] {
  if (new Set(topicMix.map((t) => t.topicId)).size !== topicMix.length)
    throw new Error("A topic appears twice in the topic mix");
  if (new Set(skillMix.map((s) => s.skillId)).size !== skillMix.length)
    throw new Error("A skill appears twice in the skill mix");
  const bySkill = new Set(skillMix.map((s) => s.skillId));
  return [
    ...skillMix.map((quota) => ({ quota, pool: bank.filter((q) => q.skillId === quota.skillId) })),
    ...topicMix.map((quota) => ({
      quota,
      pool: bank.filter((q) => q.topicId === quota.topicId && !(q.skillId && bySkill.has(q.skillId))),
    })),
  ];
}

export function drawQuestions(
  bank: readonly DrawableQuestion[],
  topicMix: readonly TopicQuota[],
  rng: Rng,
  skillMix: readonly SkillQuota[] = [],
): DrawnItem[] {
  const picked: DrawableQuestion[] = [];
  for (const { quota, pool } of mixPools(bank, topicMix, skillMix)) {
    if (pool.length < quota.count)
      throw "skillId" in quota
        ? new NotEnoughQuestionsError(null, quota.count, pool.length, quota.skillId)
        : new NotEnoughQuestionsError(quota.topicId, quota.count, pool.length);
    picked.push(...shuffle(pool, rng).slice(0, quota.count));
  }
  // Mix the topics and skills so a resident does not meet them in blocks.
  return shuffle(picked, rng).map((q, index) => ({
    slot: index + 1,
    revisionId: q.revisionId,
    choiceOrder: shuffle(q.choiceIds, rng),
  }));
}

/** A hand-picked set: every question, in shuffled order with shuffled choices. */
export function drawSet(questions: readonly DrawableQuestion[], rng: Rng): DrawnItem[] {
  return shuffle(questions, rng).map((q, index) => ({
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
