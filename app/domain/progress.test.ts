import { describe, expect, test } from "vitest";
import {
  badges,
  completedEarly,
  contestXp,
  currentStreak,
  levelOf,
  levels,
  longestStreak,
  MASTERY_WINDOW,
  masteryByTopic,
  newBadges,
  nextGoal,
  noFacts,
  weakestTopic,
} from "./progress.ts";
import { vietnamDay } from "./timing.ts";

const HOUR = 3_600_000;
// 18/06/2026 in Vietnam (UTC+7).
const vn = (day: number, hour: number) => Date.UTC(2026, 5, day, hour - 7);

describe("levels", () => {
  test("start at Người mới and climb at each threshold", () => {
    expect(levelOf(0)).toMatchObject({ number: 1, name: "Người mới", progress: 0 });
    expect(levelOf(49).number).toBe(1);
    expect(levelOf(50)).toMatchObject({ number: 2, name: "Công dân số tập sự" });
    expect(levelOf(100)).toMatchObject({
      next: { name: "Công dân số", min: 150, xpToGo: 50 },
      progress: 0.5,
    });
  });

  test("the top level has no next one", () => {
    const top = levelOf(levels.at(-1)!.min + 999);
    expect(top).toMatchObject({ number: levels.length, next: null, progress: 1 });
  });

  test("thresholds rise and every name is distinct", () => {
    for (let i = 1; i < levels.length; i++) expect(levels[i]!.min).toBeGreaterThan(levels[i - 1]!.min);
    expect(new Set(levels.map((l) => l.name)).size).toBe(levels.length);
  });

  test("contest XP is per right answer", () => {
    expect(contestXp(0)).toBe(0);
    expect(contestXp(7)).toBe(70);
  });
});

describe("streaks on Vietnam days", () => {
  test("a day starts at midnight in Vietnam, not in UTC", () => {
    expect(vietnamDay(vn(18, 23) + 59 * 60_000)).toBe(vietnamDay(vn(18, 0)));
    expect(vietnamDay(vn(19, 0))).toBe(vietnamDay(vn(18, 23)) + 1);
    // 23:30 in Vietnam is still 16:30 UTC the same date; 00:30 the next day is 17:30 UTC the date before.
    expect(vietnamDay(Date.UTC(2026, 5, 18, 17, 30))).toBe(vietnamDay(vn(19, 10)));
  });

  test("counts consecutive days up to today, or to yesterday while today is open", () => {
    const d = vietnamDay(vn(18, 12));
    expect(currentStreak([d - 2, d - 1, d], d)).toBe(3);
    expect(currentStreak([d - 2, d - 1], d)).toBe(2);
    expect(currentStreak([d - 3, d - 2], d)).toBe(0);
    expect(currentStreak([d, d, d - 1, d - 5], d)).toBe(2);
    expect(currentStreak([], d)).toBe(0);
  });

  test("the longest run anywhere", () => {
    expect(longestStreak([10, 11, 12, 20, 21, 11])).toBe(3);
    expect(longestStreak([])).toBe(0);
  });

  test("a round is completed early when submitted before the Vietnam day it closes on", () => {
    const closes = vn(21, 20); // Sunday 20:00
    expect(completedEarly(vn(20, 23), closes)).toBe(true);
    expect(completedEarly(vn(21, 8), closes)).toBe(false);
    // Closing at midnight sharp: the last day is the day before.
    expect(completedEarly(vn(20, 23), vn(21, 0))).toBe(false);
    expect(completedEarly(vn(20, 23) - 24 * HOUR, vn(21, 0))).toBe(true);
  });
});

describe("badges", () => {
  test("each has a name and says how to earn it", () => {
    for (const b of badges) {
      expect(b.name.length).toBeGreaterThan(3);
      expect(b.howTo).toMatch(/\.$/);
    }
    expect(new Set(badges.map((b) => b.id)).size).toBe(badges.length);
  });

  test("are earned by their facts only, and never twice", () => {
    expect(newBadges(noFacts, new Set())).toEqual([]);
    const facts = { ...noFacts, contestsSubmitted: 1, scamCorrect: 20, streak: 7 };
    expect(newBadges(facts, new Set()).map((b) => b.id)).toEqual(["first-contest", "scam-20", "streak-7"]);
    expect(newBadges(facts, new Set(["scam-20"])).map((b) => b.id)).toEqual(["first-contest", "streak-7"]);
    expect(newBadges({ ...noFacts, scamCorrect: 19, streak: 6 }, new Set())).toEqual([]);
  });

  test("every topic practised needs every topic, and at least one topic to exist", () => {
    const ids = (f: Partial<typeof noFacts>) => newBadges({ ...noFacts, ...f }, new Set()).map((b) => b.id);
    expect(ids({ practisedTopics: 8, topicCount: 8 })).toContain("all-topics");
    expect(ids({ practisedTopics: 7, topicCount: 8 })).not.toContain("all-topics");
    expect(ids({ practisedTopics: 0, topicCount: 0 })).not.toContain("all-topics");
  });

  test("the next goal is the next level, then a badge not held yet", () => {
    expect(nextGoal(levelOf(30), new Set())).toBe(
      "Còn 20 điểm kinh nghiệm nữa để lên cấp “Công dân số tập sự”.",
    );
    const top = levelOf(10_000);
    expect(nextGoal(top, new Set())).toMatch(/^Huy hiệu tiếp theo “Lần đầu dự thi”/);
    expect(nextGoal(top, new Set(badges.map((b) => b.id)))).toBeNull();
  });
});

describe("mastery", () => {
  test("looks at the most recent answers of each topic only", () => {
    const old = Array.from({ length: 30 }, (_, i) => ({ topicId: "a", correct: false, at: i }));
    const recent = Array.from({ length: MASTERY_WINDOW }, (_, i) => ({
      topicId: "a",
      correct: true,
      at: 100 + i,
    }));
    expect(masteryByTopic([...old, ...recent])).toEqual([
      { topicId: "a", answered: MASTERY_WINDOW, correct: MASTERY_WINDOW, share: 1 },
    ]);
  });

  test("the weakest topic has the lowest share among topics with enough answers", () => {
    const m = masteryByTopic([
      { topicId: "a", correct: true, at: 1 },
      { topicId: "a", correct: false, at: 2 },
      { topicId: "a", correct: false, at: 3 },
      { topicId: "b", correct: false, at: 1 },
      { topicId: "c", correct: true, at: 1 },
      { topicId: "c", correct: true, at: 2 },
      { topicId: "c", correct: false, at: 3 },
    ]);
    // b has one answer only: too few to call it weak.
    expect(weakestTopic(m)).toBe("a");
    expect(weakestTopic([])).toBeNull();
  });
});
