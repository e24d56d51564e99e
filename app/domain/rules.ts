import { z } from "zod";

/** One prize tier of a round: how many winners it names and the points each brings their unit. */
export const prizeTierSchema = z.object({
  label: z.string().trim().min(1, "Hãy đặt tên giải.").max(40, "Tên giải dài tối đa 40 ký tự."),
  count: z.number().int().min(0).max(1000),
  unitPoints: z.number().min(0).max(1000),
});
export type PrizeTier = z.infer<typeof prizeTierSchema>;

/** The provincial practice: 1 first, 2 second, 3 third and 10 consolation prizes, worth 10/8/6/4 unit points. */
export const defaultPrizeTiers: PrizeTier[] = [
  { label: "Giải Nhất", count: 1, unitPoints: 10 },
  { label: "Giải Nhì", count: 2, unitPoints: 8 },
  { label: "Giải Ba", count: 3, unitPoints: 6 },
  { label: "Giải Khuyến khích", count: 10, unitPoints: 4 },
];

// Rules stored before review timing existed said `showReview: true|false`.
const withReviewTiming = (raw: unknown) => {
  if (typeof raw !== "object" || raw === null || "reviewTiming" in raw || !("showReview" in raw)) return raw;
  const { showReview, ...rest } = raw as { showReview: unknown };
  return { ...rest, reviewTiming: showReview ? "after_submit" : "after_close" };
};

/** How many questions the topic and skill mixes draw together. */
export function mixTotal(r: { topicMix: { count: number }[]; skillMix: { count: number }[] }): number {
  return [...r.topicMix, ...r.skillMix].reduce((sum, t) => sum + t.count, 0);
}

/** The longest attempt a contest may allow: 4 hours. */
export const MAX_TIME_LIMIT_SECONDS = 4 * 60 * 60;

// A contest's rules. Stored as JSON on the contest and parsed with this schema on every read.
const rulesObject = z
  .object({
    questionsPerAttempt: z.number().int().min(1).max(100),
    timeLimitSeconds: z.number().int().min(30).max(MAX_TIME_LIMIT_SECONDS),
    // How many questions to draw from each topic and each skill; together the counts add up to
    // questionsPerAttempt. A question whose skill is in the skill mix is drawn only by its skill (domain/draw).
    topicMix: z.array(z.object({ topicId: z.string().min(1), count: z.number().int().min(1) })).default([]),
    skillMix: z.array(z.object({ skillId: z.string().min(1), count: z.number().int().min(1) })).default([]),
    // A homework quiz's hand-picked questions (ids), all of them in every attempt, in shuffled order; a quiz
    // either picks its questions or draws them by the mixes, never both. Absent for contests.
    questionIds: z.array(z.string().min(1)).max(100).optional(),
    attemptsPerRound: z.number().int().min(1).max(100),
    attemptsPerDay: z.number().int().min(1).max(100).nullable(),
    prediction: z.object({
      kind: z.enum(["participants", "perfect_scores"]),
      max: z.number().int().min(1),
    }),
    // When residents see the correct answers: right after submitting, or only once the round has closed, so
    // answers are not passed around in chat groups while it is open.
    reviewTiming: z.enum(["after_submit", "after_close"]).default("after_close"),
    graceSeconds: z.number().int().min(0).max(60),
    prizeTiers: z.array(prizeTierSchema).max(10).default(defaultPrizeTiers),
    // The collective ranking: a unit's participation rate (0–1) times this, plus its winners' unit points.
    participationPoints: z.number().min(0).max(1000).default(100),
    // Correct answers an attempt needs for a completion certificate; null: none (prize certificates are always
    // issued). Rules stored before certificates existed promised none, so they read as null.
    certificateScore: z.number().int().min(0).max(100).nullable().default(null),
  })
  .refine((r) => mixTotal(r) + (r.questionIds?.length ?? 0) === r.questionsPerAttempt, {
    message: "Tổng số câu theo chủ đề và kỹ năng phải bằng số câu mỗi lượt thi.",
    path: ["topicMix"],
  })
  .refine((r) => new Set(r.topicMix.map((t) => t.topicId)).size === r.topicMix.length, {
    message: "Mỗi chủ đề chỉ ghi một lần trong cơ cấu câu hỏi.",
    path: ["topicMix"],
  })
  .refine((r) => new Set(r.skillMix.map((t) => t.skillId)).size === r.skillMix.length, {
    message: "Mỗi kỹ năng chỉ ghi một lần trong cơ cấu câu hỏi.",
    path: ["skillMix"],
  })
  .refine((r) => r.certificateScore === null || r.certificateScore <= r.questionsPerAttempt, {
    message: "Số câu đúng để nhận giấy chứng nhận không được lớn hơn số câu mỗi lượt.",
    path: ["certificateScore"],
  })
  .refine((r) => !r.questionIds?.length || mixTotal(r) === 0, {
    message: "Bài chọn sẵn câu hỏi thì không rút thêm câu theo chủ đề hay kỹ năng.",
    path: ["questionIds"],
  })
  .refine((r) => new Set(r.questionIds).size === (r.questionIds?.length ?? 0), {
    message: "Mỗi câu hỏi chỉ chọn một lần.",
    path: ["questionIds"],
  });

export const contestRulesSchema = z.preprocess(withReviewTiming, rulesObject);

export type ContestRules = z.infer<typeof contestRulesSchema>;

// Rules per stored JSON text: hot reads (every answer save and question page, practice's held-back questions)
// parse them with zod once per version of the rules, not once per request.
const parsedRules = new Map<string, ContestRules>();

/** Freezes an object and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A contest's rules from the JSON text stored on it, parsed once per text; shared by every reader, so frozen. */
export function storedRules(text: string): ContestRules {
  let rules = parsedRules.get(text);
  if (!rules) {
    rules = deepFreeze(contestRulesSchema.parse(JSON.parse(text)));
    if (parsedRules.size >= 200) parsedRules.clear();
    parsedRules.set(text, rules);
  }
  return rules;
}

/**
 * Whether a resident may see the correct answers of a submitted attempt now. "After close" means once the round
 * has been closed (its real figure fixed), not at its closing time: attempts still take answers for their grace
 * seconds after it, and an early finisher must not read the key to someone still answering.
 */
export function reviewVisible(rules: Pick<ContestRules, "reviewTiming">, roundClosed: boolean): boolean {
  return rules.reviewTiming === "after_submit" || roundClosed;
}

export const predictionQuestion: Record<ContestRules["prediction"]["kind"], string> = {
  participants: "Theo bạn, có bao nhiêu người tham gia tuần thi này?",
  perfect_scores: "Theo bạn, có bao nhiêu người trả lời đúng tất cả các câu trong tuần thi này?",
};
