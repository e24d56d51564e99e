import { z } from "zod";
import { MAX_CHOICES } from "#content/limits.ts";
import { createRateLimiter } from "./rate-limit.server.ts";

const slotSchema = z.coerce.number().int().min(1).max(100);

// Answer saves per resident and minute, form posts and background saves together: a resident tapping fast
// makes a few dozen; a script making hundreds is refused (429) until the minute is over.
const answerSaves = createRateLimiter(120, 60_000);

export const TOO_MANY_SAVES = "Bạn gửi câu trả lời quá nhanh. Hãy đợi một lát rồi thử lại.";

/** Counts one answer save of `userId`; false when over the limit. */
export function allowAnswerSave(userId: number, now = Date.now()): boolean {
  return answerSaves.hit(`answers:${userId}`, now);
}

/** An answer from the question form: the chosen places (1-based, in the order shown), and where to go next. */
const answerFormSchema = z.object({
  slot: slotSchema,
  choice: z.array(z.coerce.number().int().positive()).max(MAX_CHOICES).default([]),
  go: z.union([slotSchema, z.enum(["du-doan", "nop-bai", "luu"])]).default("luu"),
});

export function readAnswerForm(formData: FormData, slot?: number) {
  return answerFormSchema.safeParse({
    slot: slot ?? formData.get("slot"),
    choice: formData.getAll("choice"),
    go: formData.get("go") ?? undefined,
  });
}

export const predictionFormSchema = z.object({
  prediction: z.coerce
    .number({ error: "Hãy nhập một số." })
    .int("Hãy nhập một số nguyên, ví dụ 1500.")
    .min(0, "Số dự đoán không được âm."),
  go: z.enum(["nop-bai", "quay-lai"]).default("nop-bai"),
});
