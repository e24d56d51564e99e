import { z } from "zod";
import { MAX_CHOICES } from "#content/limits.ts";

const slotSchema = z.coerce.number().int().min(1).max(100);

/** An answer from the question form: the chosen places (1-based, in the order shown), and where to go next. */
const answerFormSchema = z.object({
  slot: slotSchema,
  choice: z.array(z.coerce.number().int().positive()).max(MAX_CHOICES).default([]),
  go: z.union([slotSchema, z.enum(["du-doan", "nop-bai", "luu"])]).default("luu"),
});

/** Reads a parsed form body: a FormData (Remix) or URLSearchParams (the answer-save endpoint). */
export function readAnswerForm(formData: Pick<FormData, "get" | "getAll">, slot?: number) {
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
