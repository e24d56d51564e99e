import { describe, expect, test } from "vitest";
import {
  acceptsAnswer,
  answerPoints,
  cleanPlayerName,
  closesByItself,
  drawPin,
  everyoneAnswered,
  GameRuleError,
  ranks,
  settleAnswer,
  streakBonus,
  transition,
  waitsFor,
  type GameState,
} from "./live-game.ts";

describe("speed scoring", () => {
  test("round(1000 × (1 − (taken / limit) / 2)), never less than half", () => {
    expect(answerPoints(true, 0, 20_000, true)).toBe(1000);
    expect(answerPoints(true, 5_000, 20_000, true)).toBe(875);
    expect(answerPoints(true, 3_333, 20_000, true)).toBe(917);
    expect(answerPoints(true, 20_000, 20_000, true)).toBe(500);
    // A clock that ran past the limit or before the opening never leaves the range.
    expect(answerPoints(true, 25_000, 20_000, true)).toBe(500);
    expect(answerPoints(true, -10, 20_000, true)).toBe(1000);
  });

  test("a wrong answer earns nothing; no speed points gives a flat 1000", () => {
    expect(answerPoints(false, 100, 20_000, true)).toBe(0);
    expect(answerPoints(true, 19_000, 20_000, false)).toBe(1000);
    expect(answerPoints(false, 1, 20_000, false)).toBe(0);
  });
});

describe("streaks", () => {
  test("100 per consecutive correct answer after the first, capped at 500", () => {
    expect([0, 1, 2, 3, 6, 7, 20].map(streakBonus)).toEqual([0, 0, 100, 200, 500, 500, 500]);
  });

  test("a wrong or missing answer resets the streak and keeps the score", () => {
    let player = { score: 0, streak: 0, correctCount: 0 };
    player = settleAnswer(player, { correct: true, points: 900 });
    expect(player).toMatchObject({ score: 900, streak: 1, correctCount: 1, gained: 900 });
    player = settleAnswer(player, { correct: true, points: 800 });
    expect(player).toMatchObject({ score: 1800, streak: 2, gained: 900 });
    player = settleAnswer(player, null);
    expect(player).toMatchObject({ score: 1800, streak: 0, correctCount: 2, gained: 0 });
    player = settleAnswer(player, { correct: false, points: 0 });
    expect(player).toMatchObject({ score: 1800, streak: 0 });
  });
});

describe("state machine", () => {
  const lobby: GameState = {
    status: "lobby",
    questionIndex: 0,
    questionCount: 2,
    timeLimitMs: 20_000,
    openedAt: null,
    deadlineAt: null,
    pausedAt: null,
    remainingMs: null,
  };
  const refused = (state: GameState, action: Parameters<typeof transition>[1], now = 0) =>
    expect(() => transition(state, action, now)).toThrow(GameRuleError);

  test("lobby → question → closed → leaderboard → … → finished", () => {
    const q1 = transition(lobby, "start", 1000);
    expect(q1).toMatchObject({ status: "question", questionIndex: 1, openedAt: 1000, deadlineAt: 21_000 });
    refused(q1, "next", 2000);
    refused(q1, "close", 20_999);
    const closed = transition(q1, "close", 21_000);
    expect(closed.status).toBe("closed");
    const board = transition(closed, "next", 22_000);
    expect(board.status).toBe("leaderboard");
    const q2 = transition(board, "next", 30_000);
    expect(q2).toMatchObject({ status: "question", questionIndex: 2, deadlineAt: 50_000 });
    const skipped = transition(q2, "skip", 31_000);
    expect(skipped.status).toBe("closed");
    const last = transition(transition(skipped, "next", 32_000), "next", 33_000);
    expect(last.status).toBe("finished");
    refused(last, "next");
    refused(last, "end");
  });

  test("start only from the lobby; skip only while a question is open", () => {
    refused(transition(lobby, "start", 0), "start");
    refused(lobby, "skip");
    refused(lobby, "pause");
    refused(lobby, "resume");
  });

  test("a pause freezes the countdown and gives the time back", () => {
    const q1 = transition(lobby, "start", 0);
    const paused = transition(q1, "pause", 5_000);
    expect(paused).toMatchObject({ pausedAt: 5_000, remainingMs: 15_000 });
    refused(paused, "pause", 6_000);
    // The deadline passing while paused does not close the question.
    refused(paused, "close", 60_000);
    expect(acceptsAnswer(paused, 1, 6_000)).toBe(false);
    const resumed = transition(paused, "resume", 65_000);
    expect(resumed).toMatchObject({ openedAt: 60_000, deadlineAt: 80_000, pausedAt: null });
    expect(acceptsAnswer(resumed, 1, 79_000)).toBe(true);
  });

  test("a question closes by itself once everyone it waits for has answered, not before", () => {
    const q1 = transition(lobby, "start", 1000);
    expect(transition(q1, "close", 5000, { waiting: 2, answered: 2 }).status).toBe("closed");
    refused(q1, "close", 5000);
    expect(() => transition(q1, "close", 5000, { waiting: 2, answered: 1 })).toThrow(GameRuleError);
    // Nobody to wait for (everyone joined late or was removed): only the deadline closes it.
    expect(() => transition(q1, "close", 5000, { waiting: 0, answered: 0 })).toThrow(GameRuleError);
    expect(transition(q1, "close", 21_000, { waiting: 2, answered: 1 }).status).toBe("closed");
    // Paused: answers are refused and the countdown frozen, so it stays open.
    const paused = transition(q1, "pause", 5000);
    expect(closesByItself(paused, 6000, () => true)).toBe(false);
    expect(() => transition(paused, "close", 6000, { waiting: 2, answered: 2 })).toThrow(GameRuleError);
    expect(closesByItself(lobby, 6000, () => true)).toBe(false);
    expect([
      everyoneAnswered({ waiting: 3, answered: 3 }),
      everyoneAnswered({ waiting: 3, answered: 2 }),
    ]).toEqual([true, false]);
  });

  test("a player who joins while a question is open waits for the next one", () => {
    const q1 = transition(lobby, "start", 1000);
    expect(waitsFor({ joinedAt: 400 }, q1)).toBe(true);
    expect(waitsFor({ joinedAt: 1000 }, q1)).toBe(true);
    expect(waitsFor({ joinedAt: 1001 }, q1)).toBe(false);
    expect(waitsFor({ joinedAt: 0 }, lobby)).toBe(false);
  });

  test("end finishes the game from any state", () => {
    expect(transition(lobby, "end", 0).status).toBe("finished");
    expect(transition(transition(lobby, "start", 0), "end", 1).status).toBe("finished");
  });

  test("an answer counts only for the open question, before its deadline", () => {
    const q1 = transition(lobby, "start", 0);
    expect(acceptsAnswer(q1, 1, 20_000)).toBe(true);
    expect(acceptsAnswer(q1, 1, 20_001)).toBe(false);
    expect(acceptsAnswer(q1, 2, 1)).toBe(false);
    expect(acceptsAnswer(transition(q1, "skip", 1), 1, 2)).toBe(false);
    expect(acceptsAnswer(lobby, 0, 0)).toBe(false);
  });
});

test("ranks share places on equal scores", () => {
  expect(ranks([3000, 2000, 2000, 1000, 0, 0])).toEqual([1, 2, 2, 4, 5, 5]);
  expect(ranks([])).toEqual([]);
});

test("player names are trimmed, collapsed and 1–24 characters", () => {
  expect(cleanPlayerName("  Lan   Anh ")).toBe("Lan Anh");
  expect(cleanPlayerName("   ")).toBeNull();
  expect(cleanPlayerName("x".repeat(25))).toBeNull();
});

test("PINs have six digits", () => {
  expect(drawPin(() => 0)).toBe("100000");
  expect(drawPin(() => 0.999999)).toMatch(/^\d{6}$/);
});
