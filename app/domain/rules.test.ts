import { describe, expect, test } from "vitest";
import {
  type ContestRules,
  contestRulesSchema,
  defaultPrizeTiers,
  reviewVisible,
  storedRules,
} from "./rules.ts";

const valid: ContestRules = {
  questionsPerAttempt: 10,
  timeLimitSeconds: 900,
  topicMix: [
    { topicId: "lua-dao", count: 4 },
    { topicId: "dinh-danh-dien-tu", count: 3 },
    { topicId: "thanh-toan-khong-tien-mat", count: 3 },
  ],
  skillMix: [],
  attemptsPerRound: 3,
  attemptsPerDay: null,
  prediction: { kind: "participants", max: 10_000_000 },
  reviewTiming: "after_submit",
  prizeTiers: defaultPrizeTiers,
  participationPoints: 100,
  certificateScore: null,
  graceSeconds: 10,
};

describe("contestRulesSchema", () => {
  test("accepts a valid rules object unchanged", () => {
    expect(contestRulesSchema.parse(valid)).toEqual(valid);
    expect(contestRulesSchema.safeParse({ ...valid, attemptsPerDay: 2 }).success).toBe(true);
  });

  test.each([
    ["less", 9],
    ["more", 11],
  ])(
    "rejects a topic mix adding up to %s than questionsPerAttempt, with the Vietnamese message",
    (_, total) => {
      const topicMix = [{ topicId: "lua-dao", count: total - 6 }, ...valid.topicMix.slice(1)];
      const result = contestRulesSchema.safeParse({ ...valid, topicMix });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ["topicMix"],
          message: "Tổng số câu theo chủ đề và kỹ năng phải bằng số câu mỗi lượt thi.",
        }),
      ]);
    },
  );

  test("rejects a time limit under 30 seconds, accepts exactly 30", () => {
    const tooShort = contestRulesSchema.safeParse({ ...valid, timeLimitSeconds: 29 });
    expect(tooShort.success).toBe(false);
    expect(tooShort.error?.issues.map((i) => i.path)).toEqual([["timeLimitSeconds"]]);
    expect(contestRulesSchema.safeParse({ ...valid, timeLimitSeconds: 30 }).success).toBe(true);
  });

  test("reads rules stored before certificates as no completion certificate; the score fits the attempt", () => {
    const { certificateScore: _, ...stored } = valid;
    expect(contestRulesSchema.parse(stored).certificateScore).toBeNull();
    expect(contestRulesSchema.safeParse({ ...valid, certificateScore: 10 }).success).toBe(true);
    const tooHigh = contestRulesSchema.safeParse({ ...valid, certificateScore: 11 });
    expect(tooHigh.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [["certificateScore"], "Số câu đúng để nhận giấy chứng nhận không được lớn hơn số câu mỗi lượt."],
    ]);
  });

  test("reads rules stored before skill mixes as a topic mix only", () => {
    const { skillMix: _, ...stored } = valid;
    expect(contestRulesSchema.parse(stored).skillMix).toEqual([]);
  });

  test("counts the skill mix in the total, alone or beside topics, each skill once", () => {
    const mixed = {
      ...valid,
      topicMix: valid.topicMix.slice(1),
      skillMix: [{ skillId: "nhan-dien-lua-dao", count: 4 }],
    };
    expect(contestRulesSchema.safeParse(mixed).success).toBe(true);
    const skillsOnly = { ...valid, topicMix: [], skillMix: [{ skillId: "bao-ve-tai-khoan", count: 10 }] };
    expect(contestRulesSchema.safeParse(skillsOnly).success).toBe(true);
    const short = { ...mixed, skillMix: [{ skillId: "nhan-dien-lua-dao", count: 3 }] };
    expect(contestRulesSchema.safeParse(short).error?.issues.map((i) => i.path)).toEqual([["topicMix"]]);
    const twice = {
      ...mixed,
      skillMix: [
        { skillId: "nhan-dien-lua-dao", count: 2 },
        { skillId: "nhan-dien-lua-dao", count: 2 },
      ],
    };
    expect(contestRulesSchema.safeParse(twice).error?.issues.map((i) => i.path)).toEqual([["skillMix"]]);
  });

  test("rejects an empty topic mix and a zero count", () => {
    expect(contestRulesSchema.safeParse({ ...valid, questionsPerAttempt: 1, topicMix: [] }).success).toBe(
      false,
    );
    const zero = [...valid.topicMix, { topicId: "khac", count: 0 }];
    expect(contestRulesSchema.safeParse({ ...valid, topicMix: zero }).success).toBe(false);
  });
});

test("a topic listed twice in the mix is refused", () => {
  const first = valid.topicMix[0]!;
  const topicMix = [
    { ...first, count: 1 },
    { ...first, count: valid.questionsPerAttempt - 1 },
  ];
  const result = contestRulesSchema.safeParse({ ...valid, topicMix });
  expect(result.success).toBe(false);
  expect(result.error?.issues.map((i) => i.message)).toContain(
    "Mỗi chủ đề chỉ ghi một lần trong cơ cấu câu hỏi.",
  );
});

describe("review timing", () => {
  test("rules stored with the old showReview flag read as a review timing", () => {
    const { reviewTiming: _, ...old } = valid;
    expect(contestRulesSchema.parse({ ...old, showReview: true }).reviewTiming).toBe("after_submit");
    expect(contestRulesSchema.parse({ ...old, showReview: false }).reviewTiming).toBe("after_close");
    expect(contestRulesSchema.parse(old).reviewTiming).toBe("after_close");
  });

  test("answers show after submitting, or only once the round is closed", () => {
    expect(reviewVisible({ reviewTiming: "after_submit" }, false)).toBe(true);
    expect(reviewVisible({ reviewTiming: "after_close" }, false)).toBe(false);
    expect(reviewVisible({ reviewTiming: "after_close" }, true)).toBe(true);
  });
});

describe("storedRules", () => {
  test("parses a stored text once, with the same defaults and old flags as the schema", () => {
    const text = JSON.stringify({ ...valid, reviewTiming: undefined, skillMix: undefined, showReview: true });
    const rules = storedRules(text);
    expect(rules).toEqual({ ...valid, reviewTiming: "after_submit" });
    expect(storedRules(text)).toBe(rules);
    expect(() => storedRules(JSON.stringify({ ...valid, questionsPerAttempt: 11 }))).toThrow();
    // Shared by every reader: a caller changing them would change them for all, so they cannot be changed.
    expect(() => (rules.topicMix as { count: number }[])[0]!.count++).toThrow(TypeError);
    expect(Object.isFrozen(rules.prediction)).toBe(true);
  });
});

describe("hand-picked questions (homework)", () => {
  const picked = {
    ...valid,
    topicMix: [],
    questionsPerAttempt: 2,
    questionIds: ["lua-dao-001", "lua-dao-002"],
  };

  test("a quiz may pick its questions instead of drawing them", () => {
    expect(contestRulesSchema.safeParse(picked).success).toBe(true);
  });

  test("but not both, not the same question twice, and the count must match", () => {
    expect(
      contestRulesSchema.safeParse({
        ...picked,
        topicMix: [{ topicId: "lua-dao", count: 1 }],
        questionsPerAttempt: 3,
      }).success,
    ).toBe(false);
    expect(
      contestRulesSchema.safeParse({ ...picked, questionIds: ["lua-dao-001", "lua-dao-001"] }).success,
    ).toBe(false);
    expect(contestRulesSchema.safeParse({ ...picked, questionsPerAttempt: 3 }).success).toBe(false);
  });
});
