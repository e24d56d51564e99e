// Deadlines and attempt limits. Time is always a parameter (ms since the epoch, the server's clock).

import type { ContestRules } from "./rules.ts";

export type RoundWindow = { opensAt: number; closesAt: number };

export function roundState(round: RoundWindow, now: number): "upcoming" | "open" | "closed" {
  if (now < round.opensAt) return "upcoming";
  return now < round.closesAt ? "open" : "closed";
}

/** An attempt ends after its time limit, or when the round closes if that comes first. */
export function attemptDeadline(startedAt: number, timeLimitSeconds: number, roundClosesAt: number): number {
  return Math.min(startedAt + timeLimitSeconds * 1000, roundClosesAt);
}

/** Answers and submissions sent a few seconds late (a slow network) are still accepted. */
export function acceptsAnswers(deadlineAt: number, graceSeconds: number, now: number): boolean {
  return now <= deadlineAt + graceSeconds * 1000;
}

/** The grace period has passed: the attempt counts as submitted with what it has. */
export function isOverdue(deadlineAt: number, graceSeconds: number, now: number): boolean {
  return !acceptsAnswers(deadlineAt, graceSeconds, now);
}

/** When a submission counts as made: a settlement noticed later than the grace period keeps its end. */
export function submissionTime(deadlineAt: number, graceSeconds: number, submittedAt: number): number {
  return Math.min(submittedAt, deadlineAt + graceSeconds * 1000);
}

/**
 * Duration counted for ranking: never beyond the deadline, whenever the server noticed the submission, and
 * without the time given back for server outages (`pausedMs`), which the deadline was moved by.
 */
export function attemptDuration(
  startedAt: number,
  deadlineAt: number,
  submittedAt: number,
  pausedMs: number,
): number {
  return Math.max(0, Math.min(submittedAt, deadlineAt) - startedAt - pausedMs);
}

/**
 * The background sweep settles an attempt left open this long after its deadline: past every grace (at most
 * 60 s, domain/rules). Closing a round waits until its open attempts are past this line.
 */
export const SETTLE_AFTER_DEADLINE_MS = 60_000;

/** A running server records a heartbeat this often. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A gap without heartbeat longer than this is an outage worth giving back; shorter ones the grace covers. */
export const OUTAGE_THRESHOLD_MS = 15_000;

export type Outage = { fromAt: number; toAt: number };

/** The time residents could not reach the server, judged at start-up from the last heartbeat of any process. */
export function outageSince(lastBeatAt: number | null, now: number): Outage | null {
  if (lastBeatAt === null || now - lastBeatAt <= OUTAGE_THRESHOLD_MS) return null;
  return { fromAt: lastBeatAt, toAt: now };
}

/**
 * An attempt still running when the server went away gets the whole outage back: the time it had left at
 * the last heartbeat starts again when the server is back.
 */
export function outageExtension(
  attempt: { status: "open" | "submitted"; deadlineAt: number },
  outage: Outage,
): number {
  return attempt.status === "open" && attempt.deadlineAt > outage.fromAt ? outage.toAt - outage.fromAt : 0;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar day in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), as a day number. */
export function vietnamDay(time: number): number {
  return Math.floor((time + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** Midnight in Vietnam that starts a day number of `vietnamDay`, as ms since the epoch. */
export function vietnamMidnight(day: number): number {
  return day * DAY_MS - VIETNAM_OFFSET_MS;
}

export type StartDecision =
  { ok: true } | { ok: false; reason: "not_open_yet" | "closed" | "round_limit" | "daily_limit" };

export function canStartAttempt(
  round: RoundWindow,
  rules: Pick<ContestRules, "attemptsPerRound" | "attemptsPerDay">,
  previousStarts: readonly number[],
  now: number,
): StartDecision {
  const state = roundState(round, now);
  if (state === "upcoming") return { ok: false, reason: "not_open_yet" };
  if (state === "closed") return { ok: false, reason: "closed" };
  if (previousStarts.length >= rules.attemptsPerRound) return { ok: false, reason: "round_limit" };
  if (rules.attemptsPerDay !== null) {
    const today = vietnamDay(now);
    const startedToday = previousStarts.filter((t) => vietnamDay(t) === today).length;
    if (startedToday >= rules.attemptsPerDay) return { ok: false, reason: "daily_limit" };
  }
  return { ok: true };
}

export function attemptsLeft(
  rules: Pick<ContestRules, "attemptsPerRound" | "attemptsPerDay">,
  previousStarts: readonly number[],
  now: number,
): number {
  const inRound = rules.attemptsPerRound - previousStarts.length;
  if (rules.attemptsPerDay === null) return Math.max(0, inRound);
  const today = vietnamDay(now);
  const todayLeft = rules.attemptsPerDay - previousStarts.filter((t) => vietnamDay(t) === today).length;
  return Math.max(0, Math.min(inRound, todayLeft));
}
