import { describe, expect, test } from "vitest";
import {
  lockedChanges,
  locksOf,
  scheduleProblems,
  vietnamParts,
  vietnamTime,
  weeklyRounds,
  weeksToShift,
  WEEK_MS,
} from "./contest-plan.ts";
import { defaultPrizeTiers, type ContestRules } from "./rules.ts";

const rules: ContestRules = {
  questionsPerAttempt: 5,
  timeLimitSeconds: 600,
  topicMix: [
    { topicId: "a", count: 3 },
    { topicId: "b", count: 2 },
  ],
  skillMix: [],
  attemptsPerRound: 3,
  attemptsPerDay: null,
  prediction: { kind: "participants", max: 1000 },
  reviewTiming: "after_close",
  graceSeconds: 5,
  prizeTiers: defaultPrizeTiers,
  participationPoints: 100,
  certificateScore: null,
};

describe("Vietnam time in forms", () => {
  test("reads and writes dates and times at UTC+7", () => {
    const at = vietnamTime("2026-06-25", "08:00");
    expect(at).toBe(Date.UTC(2026, 5, 25, 1, 0));
    expect(vietnamParts(at!)).toEqual({ date: "2026-06-25", time: "08:00" });
    expect(vietnamParts(Date.UTC(2026, 5, 24, 17, 30))).toEqual({ date: "2026-06-25", time: "00:30" });
  });

  test("refuses dates and times that do not exist", () => {
    expect(vietnamTime("2026-02-30", "08:00")).toBeNull();
    expect(vietnamTime("2026-06-25", "24:00")).toBeNull();
    expect(vietnamTime("25/06/2026", "08:00")).toBeNull();
  });
});

describe("weekly rounds", () => {
  test("N rounds a week apart, each closing the given number of days after it opens", () => {
    const plan = weeklyRounds({
      count: 2,
      firstDate: "2026-06-18",
      opensTime: "08:00",
      closesTime: "20:00",
      closeAfterDays: 6,
    })!;
    expect(plan.map((r) => [vietnamParts(r.opensAt), vietnamParts(r.closesAt)])).toEqual([
      [
        { date: "2026-06-18", time: "08:00" },
        { date: "2026-06-24", time: "20:00" },
      ],
      [
        { date: "2026-06-25", time: "08:00" },
        { date: "2026-07-01", time: "20:00" },
      ],
    ]);
    expect(scheduleProblems(plan).size).toBe(0);
  });

  test("a round closing before it opens, or opening before the previous closes, is reported on that round", () => {
    const t = Date.UTC(2026, 5, 18);
    const problems = scheduleProblems([
      { opensAt: t, closesAt: t + 10 },
      { opensAt: t + 5, closesAt: t + 20 },
      { opensAt: t + 30, closesAt: t + 30 },
    ]);
    expect([...problems]).toEqual([
      [1, "Vòng 2 phải mở sau khi vòng 1 đóng."],
      [2, "Vòng 3 phải đóng sau khi mở."],
    ]);
  });

  test("a clone moves by whole weeks so its first round opens after now", () => {
    const t = Date.UTC(2026, 5, 18);
    expect(weeksToShift([{ opensAt: t, closesAt: t + 1 }], t - 1)).toBe(1);
    expect(weeksToShift([{ opensAt: t, closesAt: t + 1 }], t + 2 * WEEK_MS + 5)).toBe(3);
  });
});

describe("locks", () => {
  const rounds = [
    { opensAt: 1000, closesAt: 2000 },
    { opensAt: 3000, closesAt: 4000 },
  ];

  test("nothing is locked before the first attempt", () => {
    expect(locksOf([0, 0]).by).toBeNull();
    const changed = { rules: { ...rules, questionsPerAttempt: 4 }, rounds: [rounds[0]!] };
    expect(lockedChanges({ rules, rounds }, changed, [0, 0])).toEqual({});
  });

  test("attempts freeze the scoring rules and their round's times, and say why", () => {
    const after = {
      rules: {
        ...rules,
        questionsPerAttempt: 6,
        timeLimitSeconds: 300,
        topicMix: [{ topicId: "a", count: 5 }],
        skillMix: [{ skillId: "s", count: 1 }],
        graceSeconds: 0,
        prediction: { kind: "perfect_scores" as const, max: 1000 },
        certificateScore: 4,
      },
      rounds: [{ opensAt: 1000, closesAt: 2500 }, rounds[1]!],
    };
    const errors = lockedChanges({ rules, rounds }, after, [37, 0]);
    expect(errors).toEqual({
      questionsPerAttempt: ["Vòng 1 đã có 37 lượt thi: không thể đổi số câu mỗi lượt."],
      timeLimitSeconds: ["Vòng 1 đã có 37 lượt thi: không thể đổi thời gian làm bài."],
      topicMix: ["Vòng 1 đã có 37 lượt thi: không thể đổi cơ cấu chủ đề."],
      skillMix: ["Vòng 1 đã có 37 lượt thi: không thể đổi cơ cấu kỹ năng."],
      graceSeconds: ["Vòng 1 đã có 37 lượt thi: không thể đổi thời gian gia hạn."],
      predictionKind: ["Vòng 1 đã có 37 lượt thi: không thể đổi loại câu hỏi dự đoán."],
      certificateScore: ["Vòng 1 đã có 37 lượt thi: không thể đổi số câu đúng để nhận giấy chứng nhận."],
      "rounds[0]": ["Vòng 1 đã có 37 lượt thi: không thể đổi giờ mở và giờ đóng của vòng này."],
    });
  });

  test("titles, prizes, review timing, the prediction's maximum and later rounds stay editable", () => {
    const after = {
      rules: {
        ...rules,
        topicMix: [...rules.topicMix].reverse(),
        reviewTiming: "after_submit" as const,
        prizeTiers: [{ label: "Giải Nhất", count: 2, unitPoints: 10 }],
        prediction: { kind: "participants" as const, max: 5000 },
        attemptsPerRound: 5,
      },
      rounds: [rounds[0]!, { opensAt: 3500, closesAt: 4500 }, { opensAt: 5000, closesAt: 6000 }],
    };
    expect(lockedChanges({ rules, rounds }, after, [3, 0])).toEqual({});
  });

  test("a round with attempts cannot be removed", () => {
    expect(lockedChanges({ rules, rounds }, { rules, rounds: [rounds[0]!] }, [0, 2])).toEqual({
      rounds: ["Vòng 2 đã có 2 lượt thi: không thể xoá vòng này."],
    });
  });
});
