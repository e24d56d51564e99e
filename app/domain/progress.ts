// Progress rules: XP, levels, daily streaks and badges. Pure: every time is a parameter (ms since the epoch).

import { vietnamDay } from "./timing.ts";

/** XP for each question answered right in a contest attempt. */
export const CONTEST_XP_PER_CORRECT = 10;
/** XP for a practice question answered right, only the first time the resident gets that question right. */
export const PRACTICE_XP_PER_CORRECT = 5;
/** The topic of scam questions, counted for the "Khắc tinh lừa đảo" badge. */
export const SCAM_TOPIC_ID = "lua-dao";

export function contestXp(correctAnswers: number): number {
  return correctAnswers * CONTEST_XP_PER_CORRECT;
}

// ---- Levels ----

export const levels = [
  { min: 0, name: "Người mới" },
  { min: 50, name: "Công dân số tập sự" },
  { min: 150, name: "Công dân số" },
  { min: 400, name: "Công dân số thành thạo" },
  { min: 800, name: "Công dân số tiêu biểu" },
  { min: 1500, name: "Đại sứ công dân số" },
] as const;

export type LevelInfo = {
  /** 1 for the first level. */
  number: number;
  name: string;
  xp: number;
  /** The next level, null at the top. */
  next: { name: string; min: number; xpToGo: number } | null;
  /** Share of the way from this level's threshold to the next one's, 0–1 (1 at the top). */
  progress: number;
};

export function levelOf(xp: number): LevelInfo {
  const total = Math.max(0, Math.floor(xp));
  let index = 0;
  while (index + 1 < levels.length && total >= levels[index + 1]!.min) index++;
  const current = levels[index]!;
  const next = levels[index + 1];
  return {
    number: index + 1,
    name: current.name,
    xp: total,
    next: next ? { name: next.name, min: next.min, xpToGo: next.min - total } : null,
    progress: next ? (total - current.min) / (next.min - current.min) : 1,
  };
}

// ---- Days and streaks (on Vietnam's calendar days, `vietnamDay` of domain/timing) ----

/**
 * Days in a row with activity, ending today, or yesterday while today is still open (a streak is not lost
 * before the day is over). `days` are Vietnam days in any order, duplicates allowed.
 */
export function currentStreak(days: readonly number[], today: number): number {
  const active = new Set(days);
  let day = active.has(today) ? today : today - 1;
  let streak = 0;
  while (active.has(day)) {
    streak++;
    day--;
  }
  return streak;
}

/** The longest run of consecutive active days. */
export function longestStreak(days: readonly number[]): number {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1]! + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/** A round completed before its last day: submitted on a Vietnam day earlier than the one it closes on. */
export function completedEarly(submittedAt: number, roundClosesAt: number): boolean {
  // A round closing at midnight sharp ends on the previous day.
  return vietnamDay(submittedAt) < vietnamDay(roundClosesAt - 1);
}

// ---- Badges ----

/** What the badge rules look at; each model call fills in what it knows (the rest stays at its zero). */
export type ProgressFacts = {
  contestsSubmitted: number;
  perfectAttempt: boolean;
  earlyRound: boolean;
  scamCorrect: number;
  practiceCorrect: number;
  practisedTopics: number;
  topicCount: number;
  streak: number;
  prizeWon: boolean;
};

export const noFacts: ProgressFacts = {
  contestsSubmitted: 0,
  perfectAttempt: false,
  earlyRound: false,
  scamCorrect: 0,
  practiceCorrect: 0,
  practisedTopics: 0,
  topicCount: 0,
  streak: 0,
  prizeWon: false,
};

export type Badge = {
  id: string;
  name: string;
  /** How to earn it, shown on the profile. */
  howTo: string;
  earned: (facts: ProgressFacts) => boolean;
};

export const SCAM_BADGE_TARGET = 20;
export const PRACTICE_BADGE_TARGET = 50;

export const badges: readonly Badge[] = [
  {
    id: "first-contest",
    name: "Lần đầu dự thi",
    howTo: "Nộp bài thi đầu tiên trong một cuộc thi.",
    earned: (f) => f.contestsSubmitted >= 1,
  },
  {
    id: "early-round",
    name: "Không đợi phút chót",
    howTo: "Nộp bài một tuần thi trước ngày cuối cùng của tuần thi đó.",
    earned: (f) => f.earlyRound,
  },
  {
    id: "perfect-score",
    name: "Điểm tuyệt đối",
    howTo: "Trả lời đúng tất cả các câu của một bài thi.",
    earned: (f) => f.perfectAttempt,
  },
  {
    id: "scam-20",
    name: "Khắc tinh lừa đảo",
    howTo: `Trả lời đúng ${SCAM_BADGE_TARGET} câu hỏi về lừa đảo trực tuyến, khi thi hoặc khi luyện tập.`,
    earned: (f) => f.scamCorrect >= SCAM_BADGE_TARGET,
  },
  {
    id: "practice-50",
    name: "Chăm luyện tập",
    howTo: `Trả lời đúng ${PRACTICE_BADGE_TARGET} câu luyện tập khác nhau.`,
    earned: (f) => f.practiceCorrect >= PRACTICE_BADGE_TARGET,
  },
  {
    id: "all-topics",
    name: "Đi khắp mọi chủ đề",
    howTo: "Luyện tập và trả lời đúng ít nhất một câu ở mỗi chủ đề.",
    earned: (f) => f.topicCount > 0 && f.practisedTopics >= f.topicCount,
  },
  {
    id: "streak-7",
    name: "Tuần chăm chỉ",
    howTo: "Luyện tập hoặc dự thi 7 ngày liên tiếp.",
    earned: (f) => f.streak >= 7,
  },
  {
    id: "streak-30",
    name: "Bền bỉ một tháng",
    howTo: "Luyện tập hoặc dự thi 30 ngày liên tiếp.",
    earned: (f) => f.streak >= 30,
  },
  {
    id: "prize",
    name: "Đoạt giải",
    howTo: "Đoạt một giải trong một tuần thi (được xét khi tuần thi kết thúc).",
    earned: (f) => f.prizeWon,
  },
];

const badgeById = new Map(badges.map((b) => [b.id, b]));

export function badgeOf(id: string): Badge | undefined {
  return badgeById.get(id);
}

/** The badges the facts earn that are not held yet, in the order of `badges`. */
export function newBadges(facts: ProgressFacts, held: ReadonlySet<string>): Badge[] {
  return badges.filter((b) => !held.has(b.id) && b.earned(facts));
}

/** The next goal to show after an activity: the next level, or at the top the first badge not held yet. */
export function nextGoal(level: LevelInfo, held: ReadonlySet<string>): string | null {
  if (level.next) return `Còn ${level.next.xpToGo} điểm kinh nghiệm nữa để lên cấp “${level.next.name}”.`;
  const badge = badges.find((b) => !held.has(b.id));
  return badge ? `Huy hiệu tiếp theo “${badge.name}”: ${badge.howTo}` : null;
}

// ---- Mastery ----

/** Answers per topic that mastery looks at: the most recent ones. */
export const MASTERY_WINDOW = 20;
/** Fewer answers than this in a topic is too little to call it weak or strong. */
export const MASTERY_MIN_ANSWERS = 3;

export type TopicAnswer = { topicId: string; correct: boolean; at: number };
export type TopicMastery = { topicId: string; answered: number; correct: number; share: number };

/** Share of right answers among the last `MASTERY_WINDOW` answers in each topic. */
export function masteryByTopic(answers: readonly TopicAnswer[]): TopicMastery[] {
  const byTopic = new Map<string, TopicAnswer[]>();
  for (const a of answers) byTopic.set(a.topicId, [...(byTopic.get(a.topicId) ?? []), a]);
  return [...byTopic].map(([topicId, list]) => {
    const recent = [...list].sort((a, b) => b.at - a.at).slice(0, MASTERY_WINDOW);
    const correct = recent.filter((a) => a.correct).length;
    return { topicId, answered: recent.length, correct, share: correct / recent.length };
  });
}

/** The topic with the lowest share right among those with enough answers (ties: fewer answers first). */
export function weakestTopic(mastery: readonly TopicMastery[]): string | null {
  const candidates = mastery.filter((m) => m.answered >= MASTERY_MIN_ANSWERS);
  candidates.sort(
    (a, b) => a.share - b.share || a.answered - b.answered || a.topicId.localeCompare(b.topicId),
  );
  return candidates[0]?.topicId ?? null;
}
