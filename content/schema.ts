import { z } from "zod";
import { MAX_CHOICES, MIN_CHOICES } from "./limits.ts";
import { sourceProblem } from "./sources.ts";

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
    // A picture beside the text (a file in content/images/), for people who read little.
    image: z.string().min(1, "image không được để trống").optional(),
    imageAlt: z.string().trim().min(5, "mô tả ảnh quá ngắn").optional(),
  },
  unknownKeys,
);

const clock = z
  .string({ error: "thiếu giờ (HH:MM)" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "giờ phải có dạng HH:MM, ví dụ 09:41");
const line = (max: number) =>
  z.string({ error: "thiếu nội dung" }).trim().min(1, "không được để trống").max(max, `tối đa ${max} ký tự`);

const screenMessage = z.strictObject(
  {
    from: z.enum(["them", "me"], { error: "from phải là them hoặc me" }).default("them"),
    text: line(300),
    time: clock.optional(),
    link: line(120).optional(),
  },
  unknownKeys,
);

/**
 * A phone screen a scam question is built on, described in words and drawn as a picture by the import. Names are
 * made up: no real person, and no real bank or shop (a public service such as VNeID may be imitated, as scams do).
 */
export const screenSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject(
      {
        kind: z.literal("sms"),
        time: clock,
        sender: line(40),
        messages: z
          .array(screenMessage, { error: "thiếu messages" })
          .min(1, "cần ít nhất 1 tin nhắn")
          .max(4, "tối đa 4 tin nhắn"),
      },
      unknownKeys,
    ),
    z.strictObject(
      {
        kind: z.literal("chat"),
        time: clock,
        app: z.enum(["zalo", "messenger"], { error: "app phải là zalo hoặc messenger" }),
        contact: line(40),
        contactNote: line(60).optional(),
        messages: z
          .array(screenMessage, { error: "thiếu messages" })
          .min(1, "cần ít nhất 1 tin nhắn")
          .max(6, "tối đa 6 tin nhắn"),
      },
      unknownKeys,
    ),
    z.strictObject(
      {
        kind: z.literal("call"),
        time: clock,
        caller: line(40),
        number: line(24),
        label: line(40),
        note: line(80).optional(),
      },
      unknownKeys,
    ),
    z.strictObject(
      {
        kind: z.literal("transfer"),
        time: clock,
        bank: line(40),
        title: line(40).default("Xác nhận chuyển tiền"),
        receiverName: line(40),
        accountNumber: z.string().regex(/^[0-9 ]{4,24}$/, "số tài khoản chỉ gồm chữ số"),
        amount: z
          .number({ error: "amount là số tiền bằng đồng, chỉ gồm chữ số" })
          .int("amount là số đồng nguyên")
          .positive("amount phải lớn hơn 0")
          .max(10_000_000_000, "số tiền quá lớn"),
        message: line(120),
        note: line(120).optional(),
      },
      unknownKeys,
    ),
    z.strictObject(
      {
        kind: z.literal("web"),
        time: clock,
        url: line(100),
        title: line(60),
        lines: z.array(line(160)).max(4, "tối đa 4 dòng").default([]),
        fields: z.array(line(40)).max(4, "tối đa 4 ô nhập").default([]),
        button: line(30).optional(),
      },
      unknownKeys,
    ),
  ],
  { error: "screen.kind phải là sms, chat, call, transfer hoặc web" },
);
export type ScreenDescription = z.infer<typeof screenSchema>;

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
    screen: screenSchema.optional(),
    skill: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "skill là id trong content/skills.yaml")
      .optional(),
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
  q.choices.forEach((c, index) => {
    if (c.image && !c.imageAlt) {
      ctx.addIssue({
        code: "custom",
        path: ["choices", index, "imageAlt"],
        message: `ảnh của lựa chọn ${index + 1} cần có mô tả (imageAlt): ảnh cho thấy gì`,
      });
    }
  });
  const problem = sourceProblem(q.source);
  if (problem) ctx.addIssue({ code: "custom", path: ["source"], message: problem });
  if (q.screen && q.image) {
    ctx.addIssue({
      code: "custom",
      path: ["image"],
      message: "câu có screen thì ảnh được vẽ từ mô tả: bỏ image",
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

/** A question in a file: content plus its stable id and the skill it tests. */
export const questionSchema = questionFields
  .extend({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "id chỉ gồm chữ thường không dấu, số và dấu gạch ngang"),
  })
  .superRefine((q, ctx) => {
    checkContent(q, ctx);
    if (!q.skill)
      ctx.addIssue({
        code: "custom",
        path: ["skill"],
        message: "thiếu skill (id trong content/skills.yaml)",
      });
  });

export const questionFileSchema = z.object({
  topic: z.string().min(1),
  questions: z.array(questionSchema).min(1),
});

export const topicsFileSchema = z
  .array(z.object({ id: z.string().min(1, "thiếu id chủ đề"), name: z.string().min(1, "thiếu tên chủ đề") }))
  .min(1, "cần ít nhất một chủ đề")
  .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, "id chủ đề bị trùng");

export const skillsFileSchema = z
  .array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      area: z.string().min(1),
      name: z.string().min(1),
    }),
  )
  .min(1, "cần ít nhất một kỹ năng")
  .refine((skills) => new Set(skills.map((s) => s.id)).size === skills.length, "id kỹ năng bị trùng");
export type Skill = z.infer<typeof skillsFileSchema>[number];

export type QuestionInput = z.infer<typeof questionSchema>;
export type Topic = z.infer<typeof topicsFileSchema>[number];
