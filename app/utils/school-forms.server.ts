// The forms of teachers, classes, students and homework: they read the form and explain each field in
// Vietnamese; the rules are the models' and `domain/`'s.
import { z } from "zod";
import { vietnamTime } from "#app/domain/contest-plan.ts";
import { hasOffensiveWord } from "#app/domain/offensive-words.ts";
import { personNameSchema, phoneSchema } from "./account-forms.server.ts";

/** The first message of a failed parse, for a form that shows one message. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Dữ liệu gửi lên không hợp lệ.";
}

const id = (message: string) => z.coerce.number({ error: message }).int(message).positive(message);

/** A student's display name: the rule of self-chosen names, and no offensive word. */
export const displayNameSchema = personNameSchema.refine(
  (name) => !hasOffensiveWord(name),
  "Tên này có từ ngữ không phù hợp. Hãy chọn tên khác.",
);

export const joinSchema = z.object({
  code: z
    .string({ error: "Vui lòng nhập mã lớp." })
    .trim()
    .min(1, "Vui lòng nhập mã lớp.")
    .max(20, "Mã lớp không đúng."),
  name: displayNameSchema,
});

export const rejoinSchema = z.object({
  code: z
    .string({ error: "Vui lòng nhập mã lớp." })
    .trim()
    .min(1, "Vui lòng nhập mã lớp.")
    .max(20, "Mã lớp không đúng."),
  rejoinCode: z
    .string({ error: "Vui lòng nhập mã vào lại." })
    .trim()
    .min(1, "Vui lòng nhập mã vào lại.")
    .max(20, "Mã vào lại không đúng."),
});

export const schoolSchema = z.object({
  name: z
    .string({ error: "Vui lòng nhập tên trường." })
    .trim()
    .min(3, "Tên trường cần ít nhất 3 ký tự.")
    .max(120, "Tên trường dài tối đa 120 ký tự."),
  unitId: id("Vui lòng chọn xã, phường của trường."),
});

export const teacherSchema = z.object({
  name: personNameSchema,
  phone: phoneSchema,
  password: z
    .string({ error: "Vui lòng nhập mật khẩu." })
    .min(8, "Mật khẩu cần ít nhất 8 ký tự.")
    .max(200, "Mật khẩu dài tối đa 200 ký tự."),
  schoolId: id("Vui lòng chọn trường."),
});

export const classSchema = z.object({
  grade: z.coerce
    .number({ error: "Vui lòng chọn khối lớp." })
    .int("Khối lớp là một số từ 1 đến 12.")
    .min(1, "Khối lớp là một số từ 1 đến 12.")
    .max(12, "Khối lớp là một số từ 1 đến 12."),
  name: z
    .string({ error: "Vui lòng nhập tên lớp." })
    .trim()
    .min(1, "Vui lòng nhập tên lớp.")
    .max(40, "Tên lớp dài tối đa 40 ký tự."),
});

export const rosterActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("rename"), userId: id("Hãy chọn học sinh."), name: displayNameSchema }),
    z.object({ intent: z.literal("remove"), userId: id("Hãy chọn học sinh.") }),
    z.object({
      intent: z.literal("merge"),
      keepId: id("Hãy chọn học sinh giữ lại."),
      dropId: id("Hãy chọn học sinh trùng."),
    }),
    z.object({ intent: z.literal("codes"), userId: z.union([z.literal("all"), id("Hãy chọn học sinh.")]) }),
    z.object({ intent: z.literal("archive") }),
    z.object({ intent: z.literal("restore") }),
  ],
  { error: "Không rõ thao tác." },
);

const date = z.string({ error: "Vui lòng chọn ngày." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày không hợp lệ.");
const time = z
  .string({ error: "Vui lòng nhập giờ." })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Giờ không hợp lệ (dạng 08:00).");

/** The new-homework form; times are read in Vietnam time. */
export const homeworkSchema = z
  .object({
    title: z
      .string({ error: "Vui lòng đặt tên bài tập." })
      .trim()
      .min(3, "Tên bài tập cần ít nhất 3 ký tự.")
      .max(120, "Tên bài tập dài tối đa 120 ký tự."),
    classIds: z.array(id("Hãy chọn lớp.")).min(1, "Hãy chọn ít nhất một lớp."),
    opensDate: date,
    opensTime: time,
    closesDate: date,
    closesTime: time,
    timeLimitMinutes: z.coerce
      .number({ error: "Vui lòng nhập thời gian làm bài." })
      .int("Thời gian làm bài là số phút.")
      .min(1, "Thời gian làm bài ít nhất 1 phút.")
      .max(240, "Thời gian làm bài tối đa 240 phút."),
    attempts: z.coerce
      .number({ error: "Vui lòng nhập số lượt làm." })
      .int("Số lượt làm là một số nguyên.")
      .min(1, "Số lượt làm ít nhất là 1.")
      .max(10, "Số lượt làm tối đa là 10."),
    reviewTiming: z.enum(["after_submit", "after_close"], { error: "Hãy chọn lúc học sinh xem đáp án." }),
    source: z.enum(["mix", "picked"], { error: "Hãy chọn cách lấy câu hỏi." }),
    topicMix: z
      .array(
        z.object({
          topicId: z.string(),
          count: z.coerce
            .number()
            .int("Số câu là một số nguyên.")
            .min(0, "Số câu không âm.")
            .max(50, "Mỗi chủ đề tối đa 50 câu.")
            .default(0),
        }),
      )
      .default([]),
    questionIds: z.string().max(5000, "Danh sách câu hỏi quá dài.").default(""),
  })
  .transform((form, ctx) => {
    const opensAt = vietnamTime(form.opensDate, form.opensTime);
    const closesAt = vietnamTime(form.closesDate, form.closesTime);
    if (opensAt === null || closesAt === null) {
      ctx.addIssue({ code: "custom", message: "Ngày giờ không có trên lịch." });
      return z.NEVER;
    }
    const common = {
      title: form.title,
      classIds: form.classIds,
      opensAt,
      closesAt,
      timeLimitSeconds: form.timeLimitMinutes * 60,
      attempts: form.attempts,
      reviewTiming: form.reviewTiming,
    };
    return form.source === "picked"
      ? {
          ...common,
          source: "picked" as const,
          questionIds: form.questionIds
            .split(/[\s,;]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : { ...common, source: "mix" as const, topicMix: form.topicMix };
  });

/** Reads repeated fields (`classIds`, `topicMix[0].count`…) into the object the schemas expect. */
export function homeworkFormValues(formData: FormData) {
  const topicMix: { topicId: string; count: string }[] = [];
  for (const [key, value] of formData)
    if (key.startsWith("topic:") && typeof value === "string")
      topicMix.push({ topicId: key.slice("topic:".length), count: value === "" ? "0" : value });
  const field = (name: string) => formData.get(name) ?? undefined;
  return {
    title: field("title"),
    classIds: formData.getAll("classIds"),
    opensDate: field("opensDate"),
    opensTime: field("opensTime"),
    closesDate: field("closesDate"),
    closesTime: field("closesTime"),
    timeLimitMinutes: field("timeLimitMinutes"),
    attempts: field("attempts"),
    reviewTiming: field("reviewTiming"),
    source: field("source"),
    topicMix,
    questionIds: field("questionIds"),
  };
}
