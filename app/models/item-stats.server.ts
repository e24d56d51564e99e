import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import {
  answers,
  appState,
  attemptItems,
  attempts,
  choices,
  questionRevisions,
  questionStats,
} from "#db/schema.ts";
import {
  addAnswer,
  emptyTally,
  extremeGroups,
  summarise,
  type ItemSummary,
  type ItemTally,
} from "#app/domain/item-stats.ts";
import { getAppState } from "./app-state.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

// Item statistics come from submitted contest attempts that were not disqualified. Practice is left out: it is
// anonymous, shows the answer after each question (so later tries are not first tries), keeps no answer times
// and has no total score to rank attempts by (docs/decisions/016-skills-and-item-statistics.md).

// Attempts read per batch; the event loop gets a turn between batches, so a refresh over hundreds of
// thousands of answers never holds the server for long.
const BATCH = 250;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const REFRESHED_KEY = "item_stats_refreshed_at";

type RevisionKey = { questionId: string; correctIds: number[]; texts: Map<number, string> };

function loadRevisions(ids: number[], into: Map<number, RevisionKey>) {
  const missing = ids.filter((id) => !into.has(id));
  if (missing.length === 0) return;
  const rows = db
    .select({
      revisionId: choices.revisionId,
      questionId: questionRevisions.questionId,
      choiceId: choices.id,
      text: choices.text,
      isCorrect: choices.isCorrect,
    })
    .from(choices)
    .innerJoin(questionRevisions, eq(questionRevisions.id, choices.revisionId))
    .where(inArray(choices.revisionId, missing))
    .all();
  for (const row of rows) {
    const key: RevisionKey = into.get(row.revisionId) ?? {
      questionId: row.questionId,
      correctIds: [],
      texts: new Map(),
    };
    key.texts.set(row.choiceId, row.text);
    if (row.isCorrect) key.correctIds.push(row.choiceId);
    into.set(row.revisionId, key);
  }
}

/** Submitted, not disqualified attempts with their scores, read in pages with a turn for the server between. */
async function eligibleAttempts() {
  const eligible: { id: number; score: number; questionCount: number; startedAt: number }[] = [];
  for (;;) {
    const page = db
      .select({
        id: attempts.id,
        score: attempts.score,
        questionCount: attempts.questionCount,
        startedAt: attempts.startedAt,
      })
      .from(attempts)
      .where(
        and(
          gt(attempts.id, eligible.at(-1)?.id ?? 0),
          eq(attempts.status, "submitted"),
          isNull(attempts.disqualifiedAt),
          isNotNull(attempts.score),
        ),
      )
      .orderBy(asc(attempts.id))
      .limit(10 * BATCH)
      .all();
    for (const a of page)
      eligible.push({ ...a, score: a.score ?? 0, questionCount: Math.max(1, a.questionCount) });
    await nextTurn();
    if (page.length < 10 * BATCH) return eligible;
  }
}

async function compute(): Promise<Map<string, ItemSummary>> {
  const eligible = await eligibleAttempts();
  const groups = extremeGroups(eligible);
  const startedAt = new Map(eligible.map((a) => [a.id, a.startedAt]));
  await nextTurn();
  const revisions = new Map<number, RevisionKey>();
  const tallies = new Map<string, ItemTally>();
  for (let from = 0; from < eligible.length; from += BATCH) {
    const ids = eligible.slice(from, from + BATCH).map((a) => a.id);
    // Saves in the order they were made: the time spent on an answer is the time since the attempt's
    // previous save (or its start). A changed answer counts from the save before its last change.
    const rows = db
      .select({
        attemptId: answers.attemptId,
        revisionId: attemptItems.revisionId,
        choiceIds: answers.choiceIds,
        answeredAt: answers.answeredAt,
      })
      .from(answers)
      .innerJoin(
        attemptItems,
        and(eq(attemptItems.attemptId, answers.attemptId), eq(attemptItems.slot, answers.slot)),
      )
      .where(and(inArray(answers.attemptId, ids), gt(sql`json_array_length(${answers.choiceIds})`, 0)))
      .orderBy(asc(answers.attemptId), asc(answers.answeredAt), asc(answers.slot))
      .all();
    loadRevisions([...new Set(rows.map((r) => r.revisionId))], revisions);
    let previous: { attemptId: number; at: number } | null = null;
    for (const row of rows) {
      const since = previous?.attemptId === row.attemptId ? previous.at : startedAt.get(row.attemptId)!;
      previous = { attemptId: row.attemptId, at: row.answeredAt };
      const key = revisions.get(row.revisionId)!;
      const tally = tallies.get(key.questionId) ?? emptyTally();
      tallies.set(key.questionId, tally);
      addAnswer(tally, {
        chosen: row.choiceIds,
        correctIds: key.correctIds,
        choiceTexts: key.texts,
        spentMs: row.answeredAt - since,
        group: groups.upper.has(row.attemptId) ? "upper" : groups.lower.has(row.attemptId) ? "lower" : null,
      });
    }
    await nextTurn();
  }
  return new Map([...tallies].map(([questionId, tally]) => [questionId, summarise(tally)]));
}

let running: Promise<number> | null = null;

/**
 * Recomputes every question's statistics and replaces the stored ones in one transaction (readers see the old
 * figures until then). Runs when a round closes, on an organiser's "Cập nhật", or from a periodic job; calls
 * made while one runs share its result. Returns how many questions have figures.
 */
export function refreshItemStats(now = Date.now()): Promise<number> {
  running ??= (async () => {
    try {
      const stats = await compute();
      transaction((tx) => {
        tx.delete(questionStats).run();
        for (const [questionId, s] of stats)
          tx.insert(questionStats)
            .values({ questionId, ...s, refreshedAt: now })
            .run();
        tx.insert(appState)
          .values({ key: REFRESHED_KEY, value: String(now) })
          .onConflictDoUpdate({ target: appState.key, set: { value: String(now) } })
          .run();
      });
      return stats.size;
    } finally {
      running = null;
    }
  })();
  return running;
}

/** How often the console's "Cập nhật thống kê" may recompute, for every organiser and process together. */
export const REQUESTED_REFRESH_INTERVAL_MS = 60_000;

/**
 * An organiser's "Cập nhật thống kê": a refresh reads every submitted attempt (seconds of CPU on a big contest),
 * so presses are counted in SQLite (shared by every worker) and at most one a minute recomputes; the others
 * leave the figures as they are. Returns whether it refreshed.
 */
export async function requestItemStatsRefresh(now = Date.now()): Promise<boolean> {
  if (!hitWindow("item-stats:refresh", 1, REQUESTED_REFRESH_INTERVAL_MS, now).allowed) return false;
  await refreshItemStats(now);
  return true;
}

export type ItemStats = ItemSummary & { refreshedAt: number };

export async function getItemStats(questionId: string): Promise<ItemStats | null> {
  const row = db.select().from(questionStats).where(eq(questionStats.questionId, questionId)).get();
  if (!row) return null;
  const { questionId: _, ...stats } = row;
  return stats;
}

/** When the statistics were last computed; null: never. */
export async function itemStatsRefreshedAt(): Promise<number | null> {
  const value = await getAppState(REFRESHED_KEY);
  return value === null ? null : Number(value);
}
