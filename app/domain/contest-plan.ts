// A contest's schedule and what may still change once residents have taken it. Pure: times are ms since the
// epoch, read and written in Vietnam time (UTC+7, no daylight saving).
import type { ContestRules } from "./rules.ts";
import { vietnamDay, vietnamMidnight } from "./timing.ts";

export type RoundPlan = { opensAt: number; closesAt: number };

/** What the contest form edits. */
export type ContestInput = {
  title: string;
  summary: string;
  rulesText: string;
  scopeUnitId: number | null;
  rules: ContestRules;
  rounds: RoundPlan[];
};

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const WEEK_MS = 7 * DAY_MS;

/** "2026-06-25" and "08:00" in Vietnam time, or null when either is not a real date or time. */
export function vietnamTime(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  const utcMidnight = Date.UTC(year, month - 1, day);
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return vietnamMidnight(utcMidnight / DAY_MS) + (hour * 60 + minute) * MINUTE_MS;
}

/** The Vietnam date ("2026-06-25") and time ("08:00") of a moment, as a form shows them. */
export function vietnamParts(at: number): { date: string; time: string } {
  const day = vietnamDay(at);
  const minutes = Math.floor((at - vietnamMidnight(day)) / MINUTE_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: new Date(day * DAY_MS).toISOString().slice(0, 10),
    time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
  };
}

/** `count` weekly rounds: the first opens on `firstDate` at `opensTime`, each closes `closeAfterDays` later. */
export function weeklyRounds(input: {
  count: number;
  firstDate: string;
  opensTime: string;
  closesTime: string;
  closeAfterDays: number;
}): RoundPlan[] | null {
  const opensAt = vietnamTime(input.firstDate, input.opensTime);
  const firstCloseDay = vietnamTime(input.firstDate, input.closesTime);
  if (opensAt === null || firstCloseDay === null) return null;
  const closesAt = firstCloseDay + input.closeAfterDays * DAY_MS;
  return Array.from({ length: input.count }, (_, i) => ({
    opensAt: opensAt + i * WEEK_MS,
    closesAt: closesAt + i * WEEK_MS,
  }));
}

/** Per round (by index), what is wrong with the schedule: closing before opening, or overlapping the previous. */
export function scheduleProblems(plan: readonly RoundPlan[]): Map<number, string> {
  const problems = new Map<number, string>();
  plan.forEach((round, i) => {
    if (round.closesAt <= round.opensAt) problems.set(i, `Vòng ${i + 1} phải đóng sau khi mở.`);
    else if (i > 0 && round.opensAt < plan[i - 1]!.closesAt)
      problems.set(i, `Vòng ${i + 1} phải mở sau khi vòng ${i} đóng.`);
  });
  return problems;
}

/** Whole weeks to move a schedule so its first round opens after `now` ("next week" for a running contest). */
export function weeksToShift(plan: readonly RoundPlan[], now: number): number {
  const first = plan[0];
  if (!first) return 0;
  return Math.max(1, Math.floor((now - first.opensAt) / WEEK_MS) + 1);
}

// Rules that change the score or the ranking of attempts already taken.
const scoringRules = {
  questionsPerAttempt: "số câu mỗi lượt",
  topicMix: "cơ cấu chủ đề",
  skillMix: "cơ cấu kỹ năng",
  timeLimitSeconds: "thời gian làm bài",
  graceSeconds: "thời gian gia hạn",
  prediction: "loại câu hỏi dự đoán",
  // Who gets a completion certificate for an attempt already taken.
  certificateScore: "số câu đúng để nhận giấy chứng nhận",
} as const;
export type ScoringRule = keyof typeof scoringRules;

// A mix in a canonical order, so listing the same quotas differently is no change.
const canonicalMix = (mix: readonly ({ topicId: string } | { skillId: string })[]) =>
  JSON.stringify(
    mix
      .map((q) => ({ ...q, key: "topicId" in q ? q.topicId : q.skillId }))
      .sort((x, y) => x.key.localeCompare(y.key)),
  );

const sameRule = (rule: ScoringRule, a: ContestRules, b: ContestRules) =>
  rule === "prediction"
    ? a.prediction.kind === b.prediction.kind
    : rule === "topicMix" || rule === "skillMix"
      ? canonicalMix(a[rule]) === canonicalMix(b[rule])
      : a[rule] === b[rule];

export type Locks = {
  /** The first round with attempts and its count, when any: it freezes the scoring rules. */
  by: { number: number; attempts: number } | null;
  /** Round numbers whose times are frozen because they have attempts. */
  rounds: number[];
};

/** What attempts already taken freeze: `attempts[i]` is the number of attempts in round i + 1. */
export function locksOf(attempts: readonly number[]): Locks {
  const index = attempts.findIndex((n) => n > 0);
  return {
    by: index === -1 ? null : { number: index + 1, attempts: attempts[index]! },
    rounds: attempts.flatMap((n, i) => (n > 0 ? [i + 1] : [])),
  };
}

/** The Vietnamese reason a locked thing cannot change, e.g. "Vòng 1 đã có 37 lượt thi: không thể đổi …". */
export function lockReason(round: { number: number; attempts: number }, what: string): string {
  return `Vòng ${round.number} đã có ${round.attempts} lượt thi: không thể đổi ${what}.`;
}

/**
 * Field errors for changes that attempts already taken forbid: the scoring rules once any round has
 * attempts, and the times of each round that has them (nor may such a round be removed).
 */
export function lockedChanges(
  before: { rules: ContestRules; rounds: readonly RoundPlan[] },
  after: { rules: ContestRules; rounds: readonly RoundPlan[] },
  attempts: readonly number[],
): Record<string, string[]> {
  const locks = locksOf(attempts);
  const errors: Record<string, string[]> = {};
  if (!locks.by) return errors;
  for (const rule of Object.keys(scoringRules) as ScoringRule[])
    if (!sameRule(rule, before.rules, after.rules))
      errors[rule === "prediction" ? "predictionKind" : rule] = [lockReason(locks.by, scoringRules[rule])];
  for (const number of locks.rounds) {
    const was = before.rounds[number - 1]!;
    const now = after.rounds[number - 1];
    const round = { number, attempts: attempts[number - 1]! };
    if (!now) errors["rounds"] = [`Vòng ${number} đã có ${round.attempts} lượt thi: không thể xoá vòng này.`];
    else if (now.opensAt !== was.opensAt || now.closesAt !== was.closesAt)
      errors[`rounds[${number - 1}]`] = [lockReason(round, "giờ mở và giờ đóng của vòng này")];
  }
  return errors;
}
