import { z } from "zod";
import { questionContentSchema } from "#content/schema.ts";
import { MAX_CHOICES } from "#content/limits.ts";
import type { RevisionContent } from "#app/models/questions.server.ts";

// The console's question form. The content rules are content/schema.ts's; their issues come back on the
// form field they concern.
const formFields = z.object({
  topicId: z.string({ error: "Chọn chủ đề." }),
  skill: z.string().default(""),
  difficulty: z.coerce.number({ error: "Chọn độ khó." }),
  type: z.enum(["single", "multiple", "true_false"], { error: "Chọn loại câu hỏi." }),
  text: z.string().default(""),
  choice: z.array(z.string().default("")).max(MAX_CHOICES).default([]),
  correct: z
    .array(
      z.coerce
        .number()
        .int()
        .min(0)
        .max(MAX_CHOICES - 1),
    )
    .default([]),
  explanation: z.string().default(""),
  source: z.string().default(""),
  checked: z.string().default(""),
  imageAlt: z.string().optional(),
  removeImage: z.literal("on").optional(),
  // Per choice box, in order: the alt text of its picture (the picture itself is the file "choiceImage<i>").
  choiceImageAlt: z.array(z.string().default("")).max(MAX_CHOICES).default([]),
});

export type QuestionForm = z.input<typeof formFields>;

/**
 * `image`: the question's picture id; `choiceImages`: each choice box's picture id (by box, before empty boxes
 * are dropped).
 */
export function formToContent(
  form: z.infer<typeof formFields>,
  image: string | undefined,
  choiceImages: (string | null | undefined)[] = [],
): RevisionContent {
  return {
    type: form.type,
    difficulty: form.difficulty as 1 | 2 | 3,
    text: form.text.trim(),
    // Empty choice boxes are dropped; the correct marks travel with their text.
    choices: form.choice
      .map((text, i) => {
        const choiceImage = choiceImages[i];
        const imageAlt = form.choiceImageAlt[i]?.trim() || undefined;
        return {
          text: text.trim(),
          correct: form.correct.includes(i),
          ...(choiceImage ? { image: choiceImage, imageAlt } : {}),
        };
      })
      .filter((c) => c.text !== ""),
    explanation: form.explanation.trim(),
    source: form.source.trim(),
    checked: form.checked,
    ...(image ? { image, imageAlt: form.imageAlt?.trim() || undefined } : {}),
    ...(form.skill ? { skill: form.skill } : {}),
  };
}

const fieldOfPath: Record<string, string> = { choices: "choice", image: "imageAlt" };
const capitalise = (message: string) => message.charAt(0).toLocaleUpperCase("vi") + message.slice(1) + ".";

/**
 * `hasImage`: whether the saved question will carry a picture (kept or newly uploaded); `choiceHasImage` the
 * same for each choice box.
 */
export function questionFormSchema(
  topicIds: string[],
  skillIds: string[],
  hasImage: boolean,
  choiceHasImage: boolean[] = [],
) {
  return formFields.superRefine((form, ctx) => {
    if (!topicIds.includes(form.topicId))
      ctx.addIssue({ code: "custom", path: ["topicId"], message: "Chọn chủ đề." });
    if (form.skill && !skillIds.includes(form.skill))
      ctx.addIssue({ code: "custom", path: ["skill"], message: "Chọn kỹ năng trong danh sách." });
    const result = questionContentSchema.safeParse(
      formToContent(
        form,
        hasImage ? "image" : undefined,
        choiceHasImage.map((has) => (has ? "image" : null)),
      ),
    );
    for (const issue of result.error?.issues ?? []) {
      const field = String(issue.path[0] ?? "");
      ctx.addIssue({
        code: "custom",
        path: [fieldOfPath[field] ?? field],
        message: capitalise(issue.message),
      });
    }
  });
}

/** The form's values as submitted, to show them again after an error (also without JavaScript). */
export function submittedValues(
  formData: FormData,
  image: string | null,
  choiceImages: (string | null)[] = [],
) {
  const correct = formData.getAll("correct").map(Number);
  const choiceAlts = formData.getAll("choiceImageAlt").map(String);
  const type = String(formData.get("type") ?? "single");
  return {
    topicId: String(formData.get("topicId") ?? ""),
    skill: String(formData.get("skill") ?? ""),
    difficulty: Number(formData.get("difficulty") ?? 1) || 1,
    type: (["single", "multiple", "true_false"].includes(type) ? type : "single") as
      "single" | "multiple" | "true_false",
    text: String(formData.get("text") ?? ""),
    choices: formData.getAll("choice").map((t, i) => ({
      text: String(t),
      correct: correct.includes(i),
      image: choiceImages[i] ?? null,
      imageAlt: choiceAlts[i] ?? "",
    })),
    explanation: String(formData.get("explanation") ?? ""),
    source: String(formData.get("source") ?? ""),
    checked: String(formData.get("checked") ?? ""),
    image,
    imageAlt: String(formData.get("imageAlt") ?? ""),
  };
}
