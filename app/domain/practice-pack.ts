// Offline practice packs: how big a pack may be and which offline answers still count when they reach the server.

/** Questions in a pack (fewer when the topic has fewer questions practice may show). */
export const PACK_SIZE = 20;
/** A pack's JSON (pictures are fetched apart) stays under this, so it downloads quickly on a weak network. */
export const PACK_MAX_BYTES = 48 * 1024;
/** Answers given longer ago than this are not counted (as progress dates them: at most a week back). */
export const OFFLINE_ANSWER_MAX_AGE_MS = 7 * 24 * 3600_000;
/** A phone's clock may run a little ahead of the server's. */
export const OFFLINE_ANSWER_CLOCK_SKEW_MS = 10 * 60_000;
/** Answers one sync may carry: a pack answered several times over, well within a 64 KB form. */
export const SYNC_MAX_ANSWERS = 200;

/** A question with its key: practice shows feedback at once, and a pack holds no contest question. */
export type PackQuestion = {
  id: string;
  revisionId: number;
  type: "single" | "multiple" | "true_false";
  text: string;
  image: string | null;
  imageAlt: string | null;
  /** In the order shown (shuffled once, at download). */
  choices: { id: number; text: string; correct: boolean }[];
  explanation: string;
  source: string;
};

export type PracticePack = {
  topicId: string;
  topicName: string;
  createdAt: number;
  questions: PackQuestion[];
};

/** An answer as the phone queued it: the pack's question and revision, the choices tapped, when. */
export type OfflineAnswer = {
  questionId: string;
  revisionId: number;
  choiceIds: number[];
  answeredAt: number;
};

/** Whether an answer given offline at `answeredAt` may still count at `now`. */
export function answerTimeCounts(answeredAt: number, now: number): boolean {
  return answeredAt <= now + OFFLINE_ANSWER_CLOCK_SKEW_MS && answeredAt >= now - OFFLINE_ANSWER_MAX_AGE_MS;
}

/** The longest prefix of `items` whose JSON, with `wrap` around it, stays within `maxBytes`. */
export function fitWithin<T>(items: readonly T[], maxBytes: number, wrap: (items: T[]) => unknown): T[] {
  const kept = [...items];
  while (kept.length > 0 && new TextEncoder().encode(JSON.stringify(wrap(kept))).length > maxBytes)
    kept.pop();
  return kept;
}
