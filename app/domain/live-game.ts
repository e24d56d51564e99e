// Live class games: scoring and the game's state machine. Pure: the time is always a parameter.

export const MAX_POINTS = 1000;
/** The time a host may give each question, in seconds, and the most questions a game may have. */
export const LIVE_TIME_LIMITS = [10, 20, 30, 60] as const;
export const LIVE_MAX_QUESTIONS = 30;
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;

/**
 * Points for a correct answer: round(1000 × (1 − (taken / limit) / 2)), so never less than half; a flat 1000
 * when the game has no speed points. A wrong answer (or none) earns nothing.
 */
export function answerPoints(
  correct: boolean,
  takenMs: number,
  limitMs: number,
  speedPoints: boolean,
): number {
  if (!correct) return 0;
  if (!speedPoints) return MAX_POINTS;
  const share = Math.min(Math.max(takenMs / limitMs, 0), 1);
  return Math.round(MAX_POINTS * (1 - share / 2));
}

/** The bonus for the `streak`-th correct answer in a row: 100 per answer after the first, at most 500. */
export function streakBonus(streak: number): number {
  return Math.min(Math.max(streak - 1, 0) * STREAK_STEP, STREAK_CAP);
}

/** A player's streak and score once a question closes, from their answer to it (null: did not answer). */
export function settleAnswer(
  player: { score: number; streak: number; correctCount: number },
  answer: { correct: boolean; points: number } | null,
): { score: number; streak: number; correctCount: number; gained: number } {
  if (!answer?.correct)
    return { score: player.score, streak: 0, correctCount: player.correctCount, gained: 0 };
  const streak = player.streak + 1;
  const gained = answer.points + streakBonus(streak);
  return { score: player.score + gained, streak, correctCount: player.correctCount + 1, gained };
}

export type GameStatus = "lobby" | "question" | "closed" | "leaderboard" | "finished";

export type GameState = {
  status: GameStatus;
  questionIndex: number;
  questionCount: number;
  timeLimitMs: number;
  openedAt: number | null;
  deadlineAt: number | null;
  pausedAt: number | null;
  remainingMs: number | null;
};

/**
 * What the host can do. `next` moves on from the lobby (start), the distribution (to the top five) and the top
 * five (to the next question, or the podium after the last); `skip` closes the open question now; `close` is the
 * question closing by itself (`closesByItself`); `end` finishes the game at any point.
 */
export type GameAction = "start" | "next" | "skip" | "close" | "pause" | "resume" | "end";

export class GameRuleError extends Error {}

const open = (state: GameState, index: number, now: number): GameState => ({
  ...state,
  status: "question",
  questionIndex: index,
  openedAt: now,
  deadlineAt: now + state.timeLimitMs,
  pausedAt: null,
  remainingMs: null,
});

/**
 * The players an open question waits for: those in the game when it opened. One who joins while it is open
 * waits for the next question, so they may not answer it and it does not wait for them either.
 */
export function waitsFor(player: { joinedAt: number }, state: GameState): boolean {
  return state.openedAt !== null && player.joinedAt <= state.openedAt;
}

/** Of the players the open question waits for (removed ones left out): how many, and how many have answered. */
export type AnswerProgress = { waiting: number; answered: number };

/** Every player the question waits for has answered. With nobody to wait for, only the deadline closes it. */
export function everyoneAnswered(progress: AnswerProgress): boolean {
  return progress.waiting > 0 && progress.answered >= progress.waiting;
}

/**
 * The open question closes by itself at `now` when its deadline has passed or, as in Kahoot, once everyone it
 * waits for has answered (`allAnswered`, asked only when the deadline has not decided); never while paused (the
 * countdown is frozen and answers are refused).
 */
export function closesByItself(state: GameState, now: number, allAnswered: () => boolean): boolean {
  if (state.status !== "question" || state.pausedAt !== null) return false;
  return now >= state.deadlineAt! || allAnswered();
}

/**
 * The state after `action` at `now`, or a GameRuleError (in Vietnamese) when it is not allowed. `progress`
 * (read with the action) lets `close` happen before the deadline.
 */
export function transition(
  state: GameState,
  action: GameAction,
  now: number,
  progress: AnswerProgress = { waiting: 0, answered: 0 },
): GameState {
  const refuse = (message: string): never => {
    throw new GameRuleError(message);
  };
  if (state.status === "finished") refuse("Trò chơi đã kết thúc.");
  switch (action) {
    case "start":
      if (state.status !== "lobby") refuse("Trò chơi đã bắt đầu.");
      return open(state, 1, now);
    case "next":
      if (state.status === "lobby") return open(state, 1, now);
      if (state.status === "closed") return { ...state, status: "leaderboard" };
      if (state.status === "leaderboard")
        return state.questionIndex < state.questionCount
          ? open(state, state.questionIndex + 1, now)
          : { ...state, status: "finished" };
      return refuse("Câu hỏi đang mở: hãy chờ hết giờ hoặc bấm “Bỏ qua”.");
    case "skip":
    case "close":
      if (state.status !== "question") refuse("Không có câu hỏi nào đang mở.");
      if (action === "close" && !closesByItself(state, now, () => everyoneAnswered(progress)))
        refuse("Câu hỏi chưa hết giờ và còn người chưa trả lời.");
      return { ...state, status: "closed", pausedAt: null, remainingMs: null };
    case "pause":
      if (state.status !== "question" || state.pausedAt !== null)
        refuse("Chỉ tạm dừng được khi câu hỏi đang mở.");
      return { ...state, pausedAt: now, remainingMs: Math.max(state.deadlineAt! - now, 0) };
    case "resume": {
      if (state.pausedAt === null) refuse("Trò chơi không tạm dừng.");
      // The time paused is given back: the answer's speed is counted from a start moved by the pause.
      const paused = now - state.pausedAt!;
      return {
        ...state,
        openedAt: state.openedAt! + paused,
        deadlineAt: now + state.remainingMs!,
        pausedAt: null,
        remainingMs: null,
      };
    }
    case "end":
      return { ...state, status: "finished", pausedAt: null, remainingMs: null };
  }
}

/** Whether an answer received at `now` counts: the question is open, not paused and its deadline not passed. */
export function acceptsAnswer(state: GameState, questionIndex: number, now: number): boolean {
  return (
    state.status === "question" &&
    state.questionIndex === questionIndex &&
    state.pausedAt === null &&
    state.deadlineAt !== null &&
    now <= state.deadlineAt
  );
}

/**
 * Competition ranks (1, 2, 2, 4) by score, highest first; equal scores share a rank. `players` must be sorted by
 * score descending.
 */
export function ranks(scores: readonly number[]): number[] {
  const result: number[] = [];
  scores.forEach((score, index) =>
    result.push(index > 0 && scores[index - 1] === score ? result[index - 1]! : index + 1),
  );
  return result;
}

/** A display name for a game: trimmed, inner spaces collapsed, 1–24 characters. Null when unusable. */
export function cleanPlayerName(raw: string): string | null {
  const name = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  return name.length >= 1 && name.length <= 24 ? name : null;
}

/** A six-digit PIN from `rng` (never starting with 0, so it reads the same as a number). */
export function drawPin(rng: () => number): string {
  return String(100000 + Math.floor(rng() * 900000));
}
