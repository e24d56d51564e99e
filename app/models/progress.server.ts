// A resident's progress: XP, active days (streaks) and badges, recorded as events (`progress_events`) by the
// contest submit, practice answers (online and offline) and round closing; the rules are in domain/progress.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import {
  answers,
  attemptItems,
  attempts,
  choices,
  contests,
  offlinePracticeAnswers,
  practiceSessions,
  progressEvents,
  questionRevisions,
  questions,
  roundWinners,
  rounds,
  topics,
} from "#db/schema.ts";
import {
  type Badge,
  type LevelInfo,
  type ProgressFacts,
  badgeOf,
  badges,
  completedEarly,
  CONTEST_XP_PER_CORRECT,
  currentStreak,
  levelOf,
  longestStreak,
  masteryByTopic,
  newBadges,
  nextGoal,
  noFacts,
  PRACTICE_XP_PER_CORRECT,
  SCAM_TOPIC_ID,
  weakestTopic,
} from "#app/domain/progress.ts";
import { vietnamDay } from "#app/domain/timing.ts";
import { isAnswerCorrect } from "#app/domain/scoring.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";

const userParam = sql.placeholder("userId");

// Built once: the contest submit runs these inside its own transaction and must stay cheap.
// The XP of an attempt's right answers, one row per slot, in one statement (the columns in table order).
const insertContestXp = db
  .insert(progressEvents)
  .select(
    sql`SELECT NULL, ${userParam}, 'xp', ${sql.placeholder("amount")},
      'attempt:' || ${attemptItems.attemptId} || ':' || ${attemptItems.slot}, ${questions.topicId},
      ${attemptItems.attemptId}, ${sql.placeholder("at")}, NULL
    FROM ${attemptItems}
    JOIN ${questionRevisions} ON ${questionRevisions.id} = ${attemptItems.revisionId}
    JOIN ${questions} ON ${questions.id} = ${questionRevisions.questionId}
    WHERE ${attemptItems.attemptId} = ${sql.placeholder("attemptId")}
      AND ${attemptItems.slot} IN (SELECT value FROM json_each(${sql.placeholder("slots")}))`,
  )
  .onConflictDoNothing()
  .prepare();
const insertEvent = db
  .insert(progressEvents)
  .values({
    userId: userParam,
    kind: sql.placeholder("kind"),
    amount: sql.placeholder("amount"),
    source: sql.placeholder("source"),
    topicId: sql.placeholder("topicId"),
    attemptId: sql.placeholder("attemptId"),
    at: sql.placeholder("at"),
  })
  .onConflictDoNothing()
  .prepare();
// A badge earned again after it was withdrawn (a prize won back after a correction) is restored.
const upsertBadge = db
  .insert(progressEvents)
  .values({
    userId: userParam,
    kind: "badge",
    source: sql.placeholder("source"),
    attemptId: sql.placeholder("attemptId"),
    at: sql.placeholder("at"),
  })
  .onConflictDoUpdate({
    target: [progressEvents.userId, progressEvents.kind, progressEvents.source],
    set: { revokedAt: null, at: sql`excluded.at`, attemptId: sql`excluded.attempt_id` },
    setWhere: isNotNull(progressEvents.revokedAt),
  })
  .prepare();
const badgeRows = db
  .select({
    source: progressEvents.source,
    attemptId: progressEvents.attemptId,
    at: progressEvents.at,
    revokedAt: progressEvents.revokedAt,
  })
  .from(progressEvents)
  .where(and(eq(progressEvents.userId, userParam), eq(progressEvents.kind, "badge")))
  .orderBy(asc(progressEvents.id))
  .prepare();
const scamCorrect = db
  .select({ n: sql<number>`count(*)` })
  .from(progressEvents)
  .where(
    and(
      eq(progressEvents.userId, userParam),
      eq(progressEvents.topicId, SCAM_TOPIC_ID),
      eq(progressEvents.kind, "xp"),
      isNull(progressEvents.revokedAt),
    ),
  )
  .prepare();
// Practice XP sources are "question:<id>": a range of the unique index, not a scan of every event.
const practiceStats = db
  .select({ correct: sql<number>`count(*)`, topics: sql<number>`count(DISTINCT ${progressEvents.topicId})` })
  .from(progressEvents)
  .where(
    and(
      eq(progressEvents.userId, userParam),
      eq(progressEvents.kind, "xp"),
      gte(progressEvents.source, "question:"),
      lt(progressEvents.source, "question;"),
    ),
  )
  .prepare();
const topicCount = db
  .select({ n: sql<number>`count(*)` })
  .from(topics)
  .prepare();
const recentDays = db
  .select({ at: progressEvents.at })
  .from(progressEvents)
  .where(and(eq(progressEvents.userId, userParam), eq(progressEvents.kind, "day")))
  .orderBy(desc(progressEvents.at))
  .limit(sql.placeholder("limit"))
  .prepare();
const xpTotals = db
  .select({
    total: sql<number>`coalesce(sum(${progressEvents.amount}), 0)`,
    ofAttempt: sql<number>`coalesce(sum(${progressEvents.amount}) FILTER (WHERE ${progressEvents.attemptId} = ${sql.placeholder("attemptId")}), 0)`,
  })
  .from(progressEvents)
  .where(
    and(
      eq(progressEvents.userId, userParam),
      eq(progressEvents.kind, "xp"),
      isNull(progressEvents.revokedAt),
    ),
  )
  .prepare();

function heldBadges(userId: number): Set<string> {
  return new Set(
    badgeRows
      .all({ userId })
      .filter((b) => b.revokedAt === null)
      .map((b) => b.source.slice("badge:".length)),
  );
}

/** Records an active Vietnam day (the first event of the day keeps its time). */
function recordDay(userId: number, at: number) {
  insertEvent.run({
    userId,
    kind: "day",
    amount: 0,
    source: `day:${vietnamDay(at)}`,
    topicId: null,
    attemptId: null,
    at,
  });
}

// Active days read back for a streak at an award: no badge needs a longer one.
const STREAK_LOOKBACK = 31;
function streakNow(userId: number, now: number): number {
  const days = recentDays.all({ userId, limit: STREAK_LOOKBACK }).map((d) => vietnamDay(d.at));
  return currentStreak(days, vietnamDay(now));
}

/** Awards the badges the facts earn, skipping the queries for badges already held. */
function awardBadges(
  userId: number,
  held: Set<string>,
  known: Partial<ProgressFacts>,
  at: number,
  attemptId: number | null,
): Badge[] {
  const needs = (...ids: string[]) => ids.some((id) => !held.has(id));
  const facts: ProgressFacts = { ...noFacts, ...known };
  if (needs("scam-20")) facts.scamCorrect = scamCorrect.get({ userId })?.n ?? 0;
  if (needs("practice-50", "all-topics")) {
    const stats = practiceStats.get({ userId });
    facts.practiceCorrect = stats?.correct ?? 0;
    facts.practisedTopics = stats?.topics ?? 0;
    facts.topicCount = topicCount.get()?.n ?? 0;
  }
  if (needs("streak-7", "streak-30")) facts.streak = streakNow(userId, at);
  const earned = newBadges(facts, held);
  for (const badge of earned) upsertBadge.run({ userId, source: `badge:${badge.id}`, attemptId, at });
  return earned;
}

/**
 * The XP, active day and badges of a contest attempt just scored. Runs inside the caller's transaction (the
 * one settlement every submit path goes through); a retry awards nothing twice.
 */
export function recordContestProgress(input: {
  userId: number;
  attemptId: number;
  correctSlots: readonly number[];
  questionCount: number;
  submittedAt: number;
  roundClosesAt: number;
}): void {
  const { userId, attemptId, correctSlots, submittedAt: at } = input;
  if (correctSlots.length > 0)
    insertContestXp.run({
      userId,
      attemptId,
      amount: CONTEST_XP_PER_CORRECT,
      at,
      slots: JSON.stringify(correctSlots),
    });
  recordDay(userId, at);
  awardBadges(
    userId,
    heldBadges(userId),
    {
      contestsSubmitted: 1,
      perfectAttempt: input.questionCount > 0 && correctSlots.length === input.questionCount,
      earlyRound: completedEarly(at, input.roundClosesAt),
    },
    at,
    attemptId,
  );
}

/** A practice answer the server has checked (online, or from an offline pack once the phone is back online). */
export type PracticeAnswerFact = {
  questionId: string;
  topicId: string;
  correct: boolean;
  answeredAt: number;
};

export type PracticeAward = { xp: number; badges: { id: string; name: string }[] };

/** Offline answers are dated when given, but never in the future nor further back than this. */
const OFFLINE_DATING_MS = 7 * 24 * 3600_000;

/**
 * Awards practice XP (a question's first right answer only, across its revisions), active days and badges.
 * Runs inside the caller's transaction.
 */
export function recordPracticeAnswersIn(
  userId: number,
  answered: readonly PracticeAnswerFact[],
  now: number,
): PracticeAward {
  let xp = 0;
  for (const answer of answered) {
    const at = Math.min(now, Math.max(now - OFFLINE_DATING_MS, answer.answeredAt));
    if (answer.correct)
      xp +=
        insertEvent.run({
          userId,
          kind: "xp",
          amount: PRACTICE_XP_PER_CORRECT,
          source: `question:${answer.questionId}`,
          topicId: answer.topicId,
          attemptId: null,
          at,
        }).changes * PRACTICE_XP_PER_CORRECT;
    recordDay(userId, at);
  }
  if (answered.length === 0) return { xp, badges: [] };
  const earned = awardBadges(userId, heldBadges(userId), {}, now, null);
  return { xp, badges: earned.map(({ id, name }) => ({ id, name })) };
}

/**
 * Practice answers checked by the caller (the offline pack's sync): XP for each question's first right answer,
 * the active days and any badge earned. Idempotent: sending the same answers again awards nothing.
 */
export async function recordPracticeAnswers(
  userId: number,
  answered: readonly PracticeAnswerFact[],
  now: number,
): Promise<PracticeAward> {
  return transaction(() => recordPracticeAnswersIn(userId, answered, now));
}

/** A disqualified attempt's XP is withdrawn, and given back if it is reinstated. Inside the caller's transaction. */
export function setAttemptXpRevoked(tx: Db, attemptId: number, revoked: boolean, now: number): void {
  tx.update(progressEvents)
    .set({ revokedAt: revoked ? now : null })
    .where(and(eq(progressEvents.attemptId, attemptId), eq(progressEvents.kind, "xp")))
    .run();
}

/**
 * Makes the "Đoạt giải" badge follow the stored winners for these residents (a round's winners before and
 * after it was settled): awarded to whoever wins a prize in any round, withdrawn (marked revoked, kept for the
 * audit) from whoever no longer does. Idempotent; inside the caller's transaction.
 */
export function syncPrizeBadges(tx: Db, userIds: Iterable<number>, now: number): void {
  for (const userId of new Set(userIds)) {
    const win = tx
      .select({ attemptId: roundWinners.attemptId })
      .from(roundWinners)
      .where(eq(roundWinners.userId, userId))
      .limit(1)
      .get();
    const badge = badgeRows.all({ userId }).find((b) => b.source === "badge:prize");
    const holds = badge !== undefined && badge.revokedAt === null;
    if (win && !holds) upsertBadge.run({ userId, source: "badge:prize", attemptId: win.attemptId, at: now });
    if (!win && holds)
      tx.update(progressEvents)
        .set({ revokedAt: now })
        .where(
          and(
            eq(progressEvents.userId, userId),
            eq(progressEvents.kind, "badge"),
            eq(progressEvents.source, "badge:prize"),
          ),
        )
        .run();
  }
}

/**
 * A merged duplicate's XP, active days and badges go to the kept student, inside the merge's transaction. What
 * the kept student already holds from the same source (the same practice question, day or badge) stays as it is
 * and the duplicate's copy stays with the closed account, so nothing counts twice; badges the two records earn
 * together are awarded.
 */
export function moveProgress(tx: Db, fromUserId: number, toUserId: number, now: number): number {
  const { changes } = tx.run(
    sql`UPDATE OR IGNORE ${progressEvents} SET user_id = ${toUserId} WHERE user_id = ${fromUserId}`,
  );
  awardBadges(toUserId, heldBadges(toUserId), {}, now, null);
  return changes;
}

// ---- Reading ----

export type AttemptProgress = {
  xpEarned: number;
  level: LevelInfo;
  badges: { id: string; name: string; howTo: string }[];
  goal: string | null;
};

/** What an attempt earned, for its result page: XP, badges won by it, the level and the next goal. */
export async function getAttemptProgress(userId: number, attemptId: number): Promise<AttemptProgress> {
  const totals = xpTotals.get({ userId, attemptId });
  const rows = badgeRows.all({ userId });
  const held = new Set(rows.filter((b) => b.revokedAt === null).map((b) => b.source.slice("badge:".length)));
  const level = levelOf(totals?.total ?? 0);
  return {
    xpEarned: totals?.ofAttempt ?? 0,
    level,
    badges: rows
      .filter((b) => b.attemptId === attemptId && b.revokedAt === null)
      .map((b) => badgeOf(b.source.slice("badge:".length)))
      .filter((b) => b !== undefined)
      .map(({ id, name, howTo }) => ({ id, name, howTo })),
    goal: nextGoal(level, held),
  };
}

/** Totals recomputed from the events alone: what the profile shows, and what an audit checks. */
export async function getProgressTotals(userId: number, now: number) {
  const xp = xpTotals.get({ userId, attemptId: null })?.total ?? 0;
  const days = db
    .select({ at: progressEvents.at })
    .from(progressEvents)
    .where(and(eq(progressEvents.userId, userId), eq(progressEvents.kind, "day")))
    .all()
    .map((d) => vietnamDay(d.at));
  const held = badgeRows
    .all({ userId })
    .filter((b) => b.revokedAt === null)
    .map((b) => ({ id: b.source.slice("badge:".length), at: b.at }));
  return {
    xp,
    level: levelOf(xp),
    streak: currentStreak(days, vietnamDay(now)),
    bestStreak: longestStreak(days),
    activeToday: days.includes(vietnamDay(now)),
    badges: held,
  };
}

/** Recent attempts and practice runs a profile lists, and how many of each mastery looks back over. */
const HISTORY_ROWS = 10;
const MASTERY_ATTEMPTS = 20;
const MASTERY_RUNS = 30;
const MASTERY_OFFLINE = 200;

export type Profile = Awaited<ReturnType<typeof getProfile>>;

/** Everything the profile page shows. */
export async function getProfile(userId: number, now: number) {
  const totals = await getProgressTotals(userId, now);
  const heldAt = new Map(totals.badges.map((b) => [b.id, b.at]));
  const topicNames = new Map(
    db
      .select({ id: topics.id, name: topics.name })
      .from(topics)
      .orderBy(asc(topics.name))
      .all()
      .map((t) => [t.id, t.name]),
  );

  const recentAttempts = db
    .select({
      id: attempts.id,
      contestTitle: contests.title,
      roundNumber: rounds.number,
      score: attempts.score,
      questionCount: attempts.questionCount,
      submittedAt: attempts.submittedAt,
      disqualified: sql<boolean>`${attempts.disqualifiedAt} IS NOT NULL`.mapWith(Boolean),
    })
    .from(attempts)
    .innerJoin(rounds, eq(rounds.id, attempts.roundId))
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(and(eq(attempts.userId, userId), eq(attempts.status, "submitted")))
    .orderBy(desc(attempts.submittedAt))
    .limit(MASTERY_ATTEMPTS)
    .all();
  const runs = db
    .select({
      id: practiceSessions.id,
      topicId: practiceSessions.topicId,
      items: practiceSessions.items,
      answers: practiceSessions.answers,
      createdAt: practiceSessions.createdAt,
    })
    .from(practiceSessions)
    .where(eq(practiceSessions.userId, userId))
    .orderBy(desc(practiceSessions.createdAt))
    .limit(MASTERY_RUNS)
    .all();

  // Every answer of those attempts and runs, checked against its revision's key, by topic.
  const attemptIds = recentAttempts.map((a) => a.id);
  const items = attemptIds.length
    ? db
        .select({
          attemptId: attemptItems.attemptId,
          revisionId: attemptItems.revisionId,
          choiceIds: answers.choiceIds,
        })
        .from(attemptItems)
        .leftJoin(
          answers,
          and(eq(answers.attemptId, attemptItems.attemptId), eq(answers.slot, attemptItems.slot)),
        )
        .where(inArray(attemptItems.attemptId, attemptIds))
        .all()
    : [];
  const revisionIds = [
    ...new Set([...items.map((i) => i.revisionId), ...runs.flatMap((r) => r.items.map((i) => i.revisionId))]),
  ];
  const keys = new Map<number, { topicId: string; correct: number[] }>();
  if (revisionIds.length) {
    for (const r of db
      .select({ id: questionRevisions.id, topicId: questions.topicId })
      .from(questionRevisions)
      .innerJoin(questions, eq(questions.id, questionRevisions.questionId))
      .where(inArray(questionRevisions.id, revisionIds))
      .all())
      keys.set(r.id, { topicId: r.topicId, correct: [] });
    for (const c of db
      .select({ revisionId: choices.revisionId, id: choices.id })
      .from(choices)
      .where(and(inArray(choices.revisionId, revisionIds), eq(choices.isCorrect, true)))
      .all())
      keys.get(c.revisionId)?.correct.push(c.id);
  }
  const submittedAt = new Map(recentAttempts.map((a) => [a.id, a.submittedAt ?? 0]));
  const topicAnswers = items.flatMap((item) => {
    const key = keys.get(item.revisionId);
    return key
      ? [
          {
            topicId: key.topicId,
            correct: isAnswerCorrect(key.correct, item.choiceIds ?? undefined),
            at: submittedAt.get(item.attemptId) ?? 0,
          },
        ]
      : [];
  });
  const practiceRows = runs.map((run) => {
    let answered = 0;
    let correct = 0;
    run.items.forEach((item, index) => {
      const chosen = run.answers[String(index + 1)];
      const key = keys.get(item.revisionId);
      if (!chosen || !key) return;
      const right = isAnswerCorrect(key.correct, chosen);
      answered++;
      if (right) correct++;
      // Answers within a run keep their order: later slots count as more recent.
      topicAnswers.push({ topicId: key.topicId, correct: right, at: run.createdAt + index });
    });
    return {
      token: run.id,
      topicName: topicNames.get(run.topicId) ?? run.topicId,
      count: run.items.length,
      answered,
      correct,
      createdAt: run.createdAt,
    };
  });

  // Answers given offline from a downloaded pack, once the phone synced them.
  topicAnswers.push(
    ...db
      .select({
        topicId: questions.topicId,
        correct: offlinePracticeAnswers.correct,
        at: offlinePracticeAnswers.answeredAt,
      })
      .from(offlinePracticeAnswers)
      .innerJoin(questions, eq(questions.id, offlinePracticeAnswers.questionId))
      .where(eq(offlinePracticeAnswers.userId, userId))
      .orderBy(desc(offlinePracticeAnswers.answeredAt))
      .limit(MASTERY_OFFLINE)
      .all(),
  );
  const mastery = new Map(masteryByTopic(topicAnswers).map((m) => [m.topicId, m]));
  const weakest = weakestTopic([...mastery.values()]);
  return {
    ...totals,
    badges: badges.map(({ id, name, howTo }) => ({ id, name, howTo, earnedAt: heldAt.get(id) ?? null })),
    attempts: recentAttempts.slice(0, HISTORY_ROWS),
    practice: practiceRows.slice(0, HISTORY_ROWS),
    topics: [...topicNames].map(([topicId, name]) => ({
      topicId,
      name,
      mastery: mastery.get(topicId) ?? null,
    })),
    weakest: weakest ? { topicId: weakest, name: topicNames.get(weakest) ?? weakest } : null,
  };
}
