import { z } from "zod";
import {
  vietnamParts,
  vietnamTime,
  weeklyRounds,
  type ContestInput,
  type RoundPlan,
} from "#app/domain/contest-plan.ts";
import { contestRulesSchema, mixTotal, type ContestRules } from "#app/domain/rules.ts";

// The contest builder's forms (`/quan-tri/cuoc-thi/moi` and `/quan-tri/cuoc-thi/:id`). The rules themselves
// are app/domain/rules.ts's: these schemas only read the form and explain each field in Vietnamese.

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `Vui lòng nhập ${label}.` })
    .int(`${label[0]!.toLocaleUpperCase("vi")}${label.slice(1)} là một số nguyên.`)
    .min(min, `${label[0]!.toLocaleUpperCase("vi")}${label.slice(1)} ít nhất là ${min}.`)
    .max(max, `${label[0]!.toLocaleUpperCase("vi")}${label.slice(1)} tối đa là ${max}.`);

const date = z
  .string({ error: "Vui lòng chọn ngày." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày không hợp lệ (dạng 25/06/2026).");
const time = z
  .string({ error: "Vui lòng nhập giờ." })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Giờ không hợp lệ (dạng 08:00).");

const basics = {
  title: z
    .string({ error: "Vui lòng nhập tên cuộc thi." })
    .trim()
    .min(5, "Tên cuộc thi cần ít nhất 5 ký tự.")
    .max(120, "Tên cuộc thi dài tối đa 120 ký tự."),
  summary: z
    .string({ error: "Vui lòng viết một câu giới thiệu ngắn." })
    .trim()
    .min(10, "Phần giới thiệu cần ít nhất 10 ký tự.")
    .max(300, "Phần giới thiệu dài tối đa 300 ký tự."),
  rulesText: z.string().trim().max(20_000, "Thể lệ dài tối đa 20.000 ký tự.").default(""),
  // "" means everyone (admins only; the model checks the scope).
  scopeUnitId: z.string().regex(/^\d*$/, "Vui lòng chọn đơn vị.").default(""),
};

const rulesFields = {
  questionsPerAttempt: int("số câu mỗi lượt", 1, 100),
  timeLimitMinutes: int("thời gian làm bài (phút)", 1, 240),
  topicMix: z
    .array(z.object({ topicId: z.string(), count: int("số câu của chủ đề", 0, 100).default(0) }))
    .default([]),
  skillMix: z
    .array(z.object({ skillId: z.string(), count: int("số câu của kỹ năng", 0, 100).default(0) }))
    .default([]),
  attemptsPerRound: int("số lượt mỗi vòng", 1, 100),
  attemptsPerDay: int("số lượt mỗi ngày", 1, 100).optional(),
  predictionKind: z.enum(["participants", "perfect_scores"], { error: "Vui lòng chọn loại câu dự đoán." }),
  predictionMax: int("giá trị dự đoán tối đa", 1, 100_000_000),
  graceSeconds: int("thời gian gia hạn (giây)", 0, 60),
  prizeTiers: z
    .array(
      z.object({
        label: z.string().trim().max(40, "Tên giải dài tối đa 40 ký tự.").default(""),
        count: int("số giải", 0, 1000).default(0),
        unitPoints: int("điểm cho đơn vị", 0, 1000).default(0),
      }),
    )
    .default([]),
  reviewTiming: z.enum(["after_submit", "after_close"], { error: "Vui lòng chọn lúc công bố đáp án." }),
  participationPoints: int("điểm tham gia tối đa", 0, 1000),
  // Empty: no completion certificate.
  certificateScore: int("số câu đúng để nhận giấy chứng nhận", 0, 100).optional(),
};

const roundFields = z.object({ opensDate: date, opensTime: time, closesDate: date, closesTime: time });

type RulesFields = z.infer<z.ZodObject<typeof rulesFields>>;

// Turns the rule fields into ContestRules; issues the rule schema finds come back on the field they concern.
function toRules(form: RulesFields, ctx: z.RefinementCtx): ContestRules | undefined {
  const tiers = form.prizeTiers.filter((t) => t.label !== "" || t.count > 0);
  tiers.forEach((t, i) => {
    if (t.label === "")
      ctx.addIssue({ code: "custom", path: ["prizeTiers", i, "label"], message: "Hãy đặt tên giải." });
  });
  const topicMix = form.topicMix.filter((t) => t.count > 0);
  const skillMix = form.skillMix.filter((t) => t.count > 0);
  const total = mixTotal({ topicMix, skillMix });
  if (total !== form.questionsPerAttempt)
    ctx.addIssue({
      code: "custom",
      path: ["topicMix"],
      message: `Tổng số câu theo chủ đề và kỹ năng (${total}) phải bằng số câu mỗi lượt (${form.questionsPerAttempt}).`,
    });
  const parsed = contestRulesSchema.safeParse({
    questionsPerAttempt: form.questionsPerAttempt,
    timeLimitSeconds: form.timeLimitMinutes * 60,
    topicMix,
    skillMix,
    attemptsPerRound: form.attemptsPerRound,
    attemptsPerDay: form.attemptsPerDay ?? null,
    prediction: { kind: form.predictionKind, max: form.predictionMax },
    reviewTiming: form.reviewTiming,
    graceSeconds: form.graceSeconds,
    prizeTiers: tiers,
    participationPoints: form.participationPoints,
    certificateScore: form.certificateScore ?? null,
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    if (issue.path[0] !== "topicMix" || total === form.questionsPerAttempt)
      ctx.addIssue({ code: "custom", path: [String(issue.path[0] ?? "")], message: issue.message });
  return undefined;
}

const scopeOf = (value: string) => (value === "" ? null : Number(value));

/** The new-contest form: basics, rules, and the weekly schedule generator. */
export const newContestSchema = z
  .object({
    ...basics,
    ...rulesFields,
    roundCount: int("số vòng", 1, 52),
    firstDate: date,
    opensTime: time,
    closesTime: time,
    closeAfterDays: int("số ngày đến khi đóng", 0, 30),
  })
  .transform((form, ctx): ContestInput => {
    const rules = toRules(form, ctx);
    const plan = weeklyRounds({
      count: form.roundCount,
      firstDate: form.firstDate,
      opensTime: form.opensTime,
      closesTime: form.closesTime,
      closeAfterDays: form.closeAfterDays,
    });
    if (!plan) ctx.addIssue({ code: "custom", path: ["firstDate"], message: "Ngày không có trên lịch." });
    else if (plan[0]!.closesAt <= plan[0]!.opensAt)
      ctx.addIssue({ code: "custom", path: ["closesTime"], message: "Vòng thi phải đóng sau khi mở." });
    return { ...form, scopeUnitId: scopeOf(form.scopeUnitId), rules: rules!, rounds: plan ?? [] };
  });
export type NewContestForm = z.input<typeof newContestSchema>;

/** The edit form: basics, rules, and each round's times. */
export const editContestSchema = z
  .object({ ...basics, ...rulesFields, rounds: z.array(roundFields).default([]) })
  .transform((form, ctx): ContestInput => {
    const rules = toRules(form, ctx);
    const rounds: RoundPlan[] = form.rounds.map((r, i) => {
      const opensAt = vietnamTime(r.opensDate, r.opensTime);
      const closesAt = vietnamTime(r.closesDate, r.closesTime);
      if (opensAt === null || closesAt === null)
        ctx.addIssue({
          code: "custom",
          path: ["rounds", i],
          message: `Vòng ${i + 1}: ngày không có trên lịch.`,
        });
      return { opensAt: opensAt ?? 0, closesAt: closesAt ?? 0 };
    });
    return { ...form, scopeUnitId: scopeOf(form.scopeUnitId), rules: rules!, rounds };
  });
export type EditContestForm = z.input<typeof editContestSchema>;

/** The model's field names that differ from the form's. */
export function formFieldErrors(errors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [
      field === "timeLimitSeconds" ? "timeLimitMinutes" : field,
      messages,
    ]),
  );
}

/** The rule fields as the form shows them, with one row per topic and skill (count 0 when not in the mix). */
export function rulesFormValues(rules: ContestRules, topicIds: string[], skillIds: string[]) {
  const mix = new Map(rules.topicMix.map((t) => [t.topicId, t.count]));
  const bySkill = new Map(rules.skillMix.map((t) => [t.skillId, t.count]));
  return {
    questionsPerAttempt: String(rules.questionsPerAttempt),
    timeLimitMinutes: String(Math.round(rules.timeLimitSeconds / 60)),
    topicMix: topicIds.map((topicId) => ({ topicId, count: String(mix.get(topicId) ?? 0) })),
    skillMix: skillIds.map((skillId) => ({ skillId, count: String(bySkill.get(skillId) ?? 0) })),
    attemptsPerRound: String(rules.attemptsPerRound),
    attemptsPerDay: rules.attemptsPerDay === null ? "" : String(rules.attemptsPerDay),
    predictionKind: rules.prediction.kind,
    predictionMax: String(rules.prediction.max),
    graceSeconds: String(rules.graceSeconds),
    // Two empty rows to add tiers without JavaScript.
    prizeTiers: [...rules.prizeTiers, ...Array(2).fill({ label: "", count: 0, unitPoints: 0 })].map(
      (t: { label: string; count: number; unitPoints: number }) => ({
        label: t.label,
        count: t.label ? String(t.count) : "",
        unitPoints: t.label ? String(t.unitPoints) : "",
      }),
    ),
    reviewTiming: rules.reviewTiming,
    participationPoints: String(rules.participationPoints),
    certificateScore: rules.certificateScore === null ? "" : String(rules.certificateScore),
  };
}

/** The edit form's starting values. */
export function editFormValues(contest: ContestInput, topicIds: string[], skillIds: string[]) {
  return {
    title: contest.title,
    summary: contest.summary,
    rulesText: contest.rulesText,
    scopeUnitId: contest.scopeUnitId === null ? "" : String(contest.scopeUnitId),
    ...rulesFormValues(contest.rules, topicIds, skillIds),
    rounds: contest.rounds.map((r) => {
      const opens = vietnamParts(r.opensAt);
      const closes = vietnamParts(r.closesAt);
      return {
        opensDate: opens.date,
        opensTime: opens.time,
        closesDate: closes.date,
        closesTime: closes.time,
      };
    }),
  };
}

/**
 * A new contest's starting values: 10 questions, 2 from each of the first five topics the bank can fill, four
 * weekly rounds from tomorrow 08:00 to 20:00 six days later, the default prizes, answers after close, a
 * completion certificate from 80 % right.
 */
export function newFormValues(topics: { id: string; published: number }[], skillIds: string[], now: number) {
  const fillable = topics.filter((t) => t.published >= 2).slice(0, 5);
  const rules: ContestRules = contestRulesSchema.parse({
    questionsPerAttempt: Math.max(1, fillable.length * 2),
    timeLimitSeconds: 10 * 60,
    topicMix: fillable.length
      ? fillable.map((t) => ({ topicId: t.id, count: 2 }))
      : [{ topicId: "", count: 1 }],
    attemptsPerRound: 3,
    attemptsPerDay: null,
    prediction: { kind: "participants", max: 1_000_000 },
    graceSeconds: 10,
    // A completion certificate from 80 % right, as the province's contests usually promise.
    certificateScore: Math.ceil(Math.max(1, fillable.length * 2) * 0.8),
  });
  return {
    title: "",
    summary: "",
    rulesText: "",
    scopeUnitId: "",
    ...rulesFormValues(
      rules,
      topics.map((t) => t.id),
      skillIds,
    ),
    roundCount: "4",
    firstDate: vietnamParts(now + 24 * 60 * 60 * 1000).date,
    opensTime: "08:00",
    closesTime: "20:00",
    closeAfterDays: "6",
  };
}
