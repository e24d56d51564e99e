import { z } from "zod";

// A contest's rules. Stored as JSON on the contest and parsed with this schema on every read.
export const contestRulesSchema = z
  .object({
    questionsPerAttempt: z.number().int().min(1).max(100),
    timeLimitSeconds: z
      .number()
      .int()
      .min(30)
      .max(4 * 60 * 60),
    // How many questions to draw from each topic; the counts add up to questionsPerAttempt.
    topicMix: z.array(z.object({ topicId: z.string().min(1), count: z.number().int().min(1) })).min(1),
    attemptsPerRound: z.number().int().min(1).max(100),
    attemptsPerDay: z.number().int().min(1).max(100).nullable(),
    prediction: z.object({
      kind: z.enum(["participants", "perfect_scores"]),
      max: z.number().int().min(1),
    }),
    showReview: z.boolean(),
    graceSeconds: z.number().int().min(0).max(60),
  })
  .refine((r) => r.topicMix.reduce((sum, t) => sum + t.count, 0) === r.questionsPerAttempt, {
    message: "Tổng số câu theo chủ đề phải bằng số câu mỗi lượt thi.",
    path: ["topicMix"],
  })
  .refine((r) => new Set(r.topicMix.map((t) => t.topicId)).size === r.topicMix.length, {
    message: "Mỗi chủ đề chỉ ghi một lần trong cơ cấu câu hỏi.",
    path: ["topicMix"],
  });

export type ContestRules = z.infer<typeof contestRulesSchema>;

export const predictionQuestion: Record<ContestRules["prediction"]["kind"], string> = {
  participants: "Theo bạn, có bao nhiêu người tham gia tuần thi này?",
  perfect_scores: "Theo bạn, có bao nhiêu người trả lời đúng tất cả các câu trong tuần thi này?",
};
