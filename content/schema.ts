import { z } from "zod";
import { MAX_CHOICES, MIN_CHOICES } from "./limits.ts";

// The question file format (documented in content/questions/README.md).

// Unknown keys are errors, so a typo such as "imgae:" or "corect:" cannot pass silently.
const unknownKeys = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `trường không hợp lệ: ${issue.keys?.join(", ")}` : undefined,
};

const choiceSchema = z.strictObject(
  {
    text: z.string({ error: "thiếu nội dung lựa chọn" }).trim().min(1, "lựa chọn không được để trống"),
    correct: z.boolean({ error: "correct phải là true hoặc false" }).optional(),
  },
  unknownKeys,
);

const questionFields = z.strictObject(
  {
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], {
      error: "difficulty phải là 1, 2 hoặc 3",
    }),
    type: z.enum(["single", "multiple", "true_false"], {
      error: "type phải là single, multiple hoặc true_false",
    }),
    text: z.string({ error: "thiếu câu hỏi" }).trim().min(10, "câu hỏi quá ngắn"),
    choices: z
      .array(choiceSchema, { error: "thiếu các lựa chọn" })
      .min(MIN_CHOICES, `cần ít nhất ${MIN_CHOICES} lựa chọn`)
      .max(MAX_CHOICES, `tối đa ${MAX_CHOICES} lựa chọn`),
    explanation: z.string({ error: "thiếu giải thích" }).trim().min(10, "giải thích quá ngắn"),
    source: z.string({ error: "thiếu nguồn" }).trim().min(3, "nguồn quá ngắn"),
    checked: z.iso.date("checked phải là ngày dạng YYYY-MM-DD"),
    image: z.string().min(1, "image không được để trống").optional(),
    imageAlt: z.string().trim().min(5, "mô tả ảnh quá ngắn").optional(),
  },
  unknownKeys,
);

type QuestionFields = z.infer<typeof questionFields>;

// The rules between fields, shared by files, the console form and spreadsheet rows.
const checkContent = (q: QuestionFields, ctx: z.RefinementCtx<QuestionFields>) => {
  const correct = q.choices.filter((c) => c.correct).length;
  if (q.type === "multiple" ? correct < 2 : correct !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["choices"],
      message:
        q.type === "multiple"
          ? "câu nhiều đáp án cần ít nhất 2 đáp án đúng"
          : `cần đúng 1 đáp án đúng (đang có ${correct})`,
    });
  }
  if (q.type === "true_false" && q.choices.map((c) => c.text).join("|") !== "Đúng|Sai") {
    ctx.addIssue({
      code: "custom",
      path: ["choices"],
      message: "câu đúng/sai có đúng hai lựa chọn: Đúng, Sai",
    });
  }
  if (q.image && !q.imageAlt) {
    ctx.addIssue({
      code: "custom",
      path: ["imageAlt"],
      message: "ảnh cần có imageAlt: mô tả ngắn nội dung ảnh",
    });
  }
  const texts = q.choices.map((c) => c.text.toLocaleLowerCase("vi"));
  if (new Set(texts).size !== texts.length) {
    ctx.addIssue({ code: "custom", path: ["choices"], message: "có hai lựa chọn trùng nhau" });
  }
  if (
    texts.some((t) =>
      /tất cả (các )?(đáp án|phương án|ý) trên|tất cả đều (đúng|sai)|cả hai (đáp án|phương án|ý)|cả [a-d] và [a-d]/.test(
        t,
      ),
    )
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["choices"],
      message: "lựa chọn được xáo trộn: không dùng “tất cả các đáp án trên”",
    });
  }
};

/** A question's content without its id: the console form and spreadsheet rows are checked with this. */
export const questionContentSchema = questionFields.superRefine(checkContent);

/** A question in a file: content plus its stable id. */
export const questionSchema = questionFields
  .extend({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "id chỉ gồm chữ thường không dấu, số và dấu gạch ngang"),
  })
  .superRefine(checkContent);

export const questionFileSchema = z.object({
  topic: z.string().min(1),
  questions: z.array(questionSchema).min(1),
});

export const topicsFileSchema = z
  .array(z.object({ id: z.string().min(1, "thiếu id chủ đề"), name: z.string().min(1, "thiếu tên chủ đề") }))
  .min(1, "cần ít nhất một chủ đề")
  .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, "id chủ đề bị trùng");

export type QuestionInput = z.infer<typeof questionSchema>;
export type Topic = z.infer<typeof topicsFileSchema>[number];
