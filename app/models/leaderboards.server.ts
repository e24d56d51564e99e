import { and, asc, desc, eq, gt, isNull, like, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attempts,
  boardEntries,
  boardRankCells,
  boardScoreCounts,
  boardUnitStats,
  rounds,
  units,
  users,
} from "#db/schema.ts";
import { isBetterAttempt, predictionGap } from "#app/domain/ranking.ts";
import { db, type Db } from "#app/utils/db.server.ts";
import { ancestorIds } from "./units.server.ts";

const parentUnits = alias(units, "parent_units");

export type BoardKey = `round:${number}` | `contest:${number}`;
export const roundBoard = (roundId: number): BoardKey => `round:${roundId}`;
export const contestBoard = (contestId: number): BoardKey => `contest:${contestId}`;

export type Submission = {
  userId: number;
  unitId: number | null;
  unitPath: string | null;
  roundId: number;
  contestId: number;
  attemptId: number;
  score: number;
  durationMs: number;
  submittedAt: number;
  prediction: number | null;
  /** The round's real figure when it is already closed, so a late entry gets its gap at once. */
  predictionActual: number | null;
};

// Every submission runs the statements below (the unit statistics once per ancestor), and so do the settling
// job and corrections: built once, because drizzle otherwise builds each query's SQL again on every call, which
// was most of a submit's CPU. They run on the one connection, inside the caller's transaction.
const upsertUnitStats = db
  .insert(boardUnitStats)
  .values({
    board: sql.placeholder("board"),
    unitId: sql.placeholder("unitId"),
    participants: sql.placeholder("participants"),
    attempts: sql.placeholder("attempts"),
    scoreSum: sql.placeholder("score"),
  })
  .onConflictDoUpdate({
    target: [boardUnitStats.board, boardUnitStats.unitId],
    set: {
      participants: sql`${boardUnitStats.participants} + excluded.participants`,
      attempts: sql`${boardUnitStats.attempts} + excluded.attempts`,
      scoreSum: sql`${boardUnitStats.scoreSum} + excluded.score_sum`,
    },
  })
  .prepare();
const decrementScoreCount = db
  .update(boardScoreCounts)
  .set({ entries: sql`${boardScoreCounts.entries} - 1` })
  .where(
    and(
      eq(boardScoreCounts.board, sql.placeholder("board")),
      eq(boardScoreCounts.score, sql.placeholder("score")),
    ),
  )
  .prepare();
const incrementScoreCount = db
  .insert(boardScoreCounts)
  .values({ board: sql.placeholder("board"), score: sql.placeholder("score"), entries: 1 })
  .onConflictDoUpdate({
    target: [boardScoreCounts.board, boardScoreCounts.score],
    set: { entries: sql`${boardScoreCounts.entries} + 1` },
  })
  .prepare();
/** A resident's entry on a board, with what ranks it. */
const entryOf = db
  .select({
    score: boardEntries.score,
    gap: boardEntries.predictionGap,
    durationMs: boardEntries.durationMs,
    submittedAt: boardEntries.submittedAt,
  })
  .from(boardEntries)
  .where(
    and(eq(boardEntries.board, sql.placeholder("board")), eq(boardEntries.userId, sql.placeholder("userId"))),
  )
  .prepare();
const upsertRoundEntry = db
  .insert(boardEntries)
  .values({
    board: sql.placeholder("board"),
    userId: sql.placeholder("userId"),
    attemptId: sql.placeholder("attemptId"),
    score: sql.placeholder("score"),
    durationMs: sql.placeholder("durationMs"),
    submittedAt: sql.placeholder("submittedAt"),
    prediction: sql.placeholder("prediction"),
    predictionGap: sql.placeholder("predictionGap"),
    unitId: sql.placeholder("unitId"),
  })
  .onConflictDoUpdate({
    target: [boardEntries.board, boardEntries.userId],
    set: {
      attemptId: sql`excluded.attempt_id`,
      score: sql`excluded.score`,
      durationMs: sql`excluded.duration_ms`,
      submittedAt: sql`excluded.submitted_at`,
      prediction: sql`excluded.prediction`,
      predictionGap: sql`excluded.prediction_gap`,
      unitId: sql`excluded.unit_id`,
    },
  })
  .prepare();
const insertContestEntry = db
  .insert(boardEntries)
  .values({
    board: sql.placeholder("board"),
    userId: sql.placeholder("userId"),
    unitId: sql.placeholder("unitId"),
    score: sql.placeholder("score"),
    durationMs: sql.placeholder("durationMs"),
    submittedAt: sql.placeholder("submittedAt"),
  })
  .prepare();
const addToContestEntry = db
  .update(boardEntries)
  .set({
    score: sql`${boardEntries.score} + ${sql.placeholder("scoreDelta")}`,
    durationMs: sql`${boardEntries.durationMs} + ${sql.placeholder("durationDelta")}`,
    submittedAt: sql`${sql.placeholder("submittedAt")}`,
  })
  .where(
    and(eq(boardEntries.board, sql.placeholder("board")), eq(boardEntries.userId, sql.placeholder("userId"))),
  )
  .prepare();

function bumpUnitStats(
  board: BoardKey,
  unitPath: string | null,
  change: { participants: number; attempts: number; score: number },
) {
  if (!unitPath) return;
  for (const unitId of ancestorIds(unitPath)) upsertUnitStats.run({ board, unitId, ...change });
}

/** Moves one entry of a board from score `from` (none for a new entry) to score `to`. */
function moveScoreCount(board: BoardKey, from: number | undefined, to: number) {
  if (from === to) return;
  if (from !== undefined) decrementScoreCount.run({ board, score: from });
  incrementScoreCount.run({ board, score: to });
}

/**
 * Updates the round board, the contest board and the unit statistics of every ancestor for one submitted
 * attempt. Must run inside the transaction that marks the attempt submitted.
 */
export function recordSubmission(_tx: Db, s: Submission): void {
  const round = roundBoard(s.roundId);
  const previous = entryOf.get({ board: round, userId: s.userId });
  const better = isBetterAttempt(s, previous);
  const scoreDelta = better ? s.score - (previous?.score ?? 0) : 0;
  const durationDelta = better ? s.durationMs - (previous?.durationMs ?? 0) : 0;
  bumpUnitStats(round, s.unitPath, { participants: previous ? 0 : 1, attempts: 1, score: scoreDelta });
  if (better) {
    upsertRoundEntry.run({
      board: round,
      userId: s.userId,
      attemptId: s.attemptId,
      score: s.score,
      durationMs: s.durationMs,
      submittedAt: s.submittedAt,
      prediction: s.prediction,
      predictionGap: s.predictionActual === null ? null : predictionGap(s.prediction, s.predictionActual),
      unitId: s.unitId,
    });
    moveScoreCount(round, previous?.score, s.score);
  }

  // The contest board adds up each resident's counting attempt of every round.
  const contest = contestBoard(s.contestId);
  const total = entryOf.get({ board: contest, userId: s.userId });
  bumpUnitStats(contest, s.unitPath, { participants: total ? 0 : 1, attempts: 1, score: scoreDelta });
  if (!total || better)
    moveScoreCount(contest, total?.score, (total?.score ?? 0) + (total ? scoreDelta : s.score));
  if (!total) {
    insertContestEntry.run({
      board: contest,
      userId: s.userId,
      unitId: s.unitId,
      score: s.score,
      durationMs: s.durationMs,
      submittedAt: s.submittedAt,
    });
  } else if (better) {
    addToContestEntry.run({
      board: contest,
      userId: s.userId,
      scoreDelta,
      durationDelta,
      submittedAt: s.submittedAt,
    });
  }
}

/** Takes a resident's entry off a board with its share of the unit statistics (attempts stay counted). */
function removeEntry(tx: Db, board: BoardKey, userId: number): void {
  const old = tx
    .select({ score: boardEntries.score, unitPath: units.path })
    .from(boardEntries)
    .leftJoin(units, eq(units.id, boardEntries.unitId))
    .where(and(eq(boardEntries.board, board), eq(boardEntries.userId, userId)))
    .get();
  if (!old) return;
  bumpUnitStats(board, old.unitPath, { participants: -1, attempts: 0, score: -old.score });
  decrementScoreCount.run({ board, score: old.score });
  tx.delete(boardEntries)
    .where(and(eq(boardEntries.board, board), eq(boardEntries.userId, userId)))
    .run();
}

function addEntry(
  tx: Db,
  board: BoardKey,
  unitPath: string | null,
  values: typeof boardEntries.$inferInsert,
) {
  tx.insert(boardEntries).values(values).run();
  bumpUnitStats(board, unitPath, { participants: 1, attempts: 0, score: values.score });
  moveScoreCount(board, undefined, values.score);
}

/**
 * Rebuilds a resident's entry on a round board from their best submitted attempt that is not disqualified
 * (or removes it), then their contest entry from their round entries, keeping the unit statistics and score
 * counts exact. Used after a correction; must run inside its transaction.
 */
export function rebuildUserEntries(
  tx: Db,
  r: { userId: number; roundId: number; contestId: number; predictionActual: number | null },
): void {
  const user = tx
    .select({ unitId: users.unitId, unitPath: units.path })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, r.userId))
    .get();
  if (!user) return;
  const round = roundBoard(r.roundId);
  removeEntry(tx, round, r.userId);
  const candidates = tx
    .select({
      attemptId: attempts.id,
      score: attempts.score,
      durationMs: attempts.durationMs,
      submittedAt: attempts.submittedAt,
      prediction: attempts.prediction,
    })
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, r.userId),
        eq(attempts.roundId, r.roundId),
        eq(attempts.status, "submitted"),
        isNull(attempts.disqualifiedAt),
      ),
    )
    .orderBy(asc(attempts.submittedAt))
    .all()
    .map((a) => ({
      ...a,
      score: a.score ?? 0,
      durationMs: a.durationMs ?? 0,
      submittedAt: a.submittedAt ?? 0,
    }));
  const best = candidates.reduce<(typeof candidates)[number] | undefined>(
    (current, a) => (isBetterAttempt(a, current) ? a : current),
    undefined,
  );
  if (best) {
    addEntry(tx, round, user.unitPath, {
      board: round,
      userId: r.userId,
      unitId: user.unitId,
      ...best,
      predictionGap: r.predictionActual === null ? null : predictionGap(best.prediction, r.predictionActual),
    });
  }

  // The contest entry adds up the round entries: scores and durations, and the latest counted submission.
  const contest = contestBoard(r.contestId);
  removeEntry(tx, contest, r.userId);
  const total = tx
    .select({
      n: sql<number>`count(*)`,
      score: sql<number>`coalesce(sum(${boardEntries.score}), 0)`,
      durationMs: sql<number>`coalesce(sum(${boardEntries.durationMs}), 0)`,
      submittedAt: sql<number>`coalesce(max(${boardEntries.submittedAt}), 0)`,
    })
    .from(boardEntries)
    .innerJoin(rounds, sql`${boardEntries.board} = 'round:' || ${rounds.id}`)
    .where(and(eq(rounds.contestId, r.contestId), eq(boardEntries.userId, r.userId)))
    .get();
  if (total && total.n > 0) {
    addEntry(tx, contest, user.unitPath, {
      board: contest,
      userId: r.userId,
      unitId: user.unitId,
      score: total.score,
      durationMs: total.durationMs,
      submittedAt: total.submittedAt,
    });
  }
}

/** Sets every entry's distance to the round's real figure, so the prediction tiebreak applies. */
export function applyPredictionActual(tx: Db, roundId: number, actual: number): void {
  const board = roundBoard(roundId);
  tx.update(boardEntries)
    .set({
      predictionGap: sql`CASE WHEN ${boardEntries.prediction} IS NULL THEN ${predictionGap(null, actual)} ELSE abs(${boardEntries.prediction} - ${actual}) END`,
    })
    .where(eq(boardEntries.board, board))
    .run();
}

export function countEntries(tx: Db, board: BoardKey, minScore?: number): number {
  const row = tx
    .select({ n: sql<number>`count(*)` })
    .from(boardEntries)
    .where(
      minScore === undefined
        ? eq(boardEntries.board, board)
        : and(eq(boardEntries.board, board), sql`${boardEntries.score} >= ${minScore}`),
    )
    .get();
  return row?.n ?? 0;
}

/**
 * How many residents are on a board, from the root units' statistics kept at submit time: a few rows
 * instead of counting every entry (every resident registers with a unit).
 */
function participantsOf(board: BoardKey): number {
  return rootParticipants.get({ board })?.n ?? 0;
}
// A resident's rank is read by every result page and own-place view: built once, like the submission's queries.
const rootParticipants = db
  .select({ n: sql<number>`coalesce(sum(${boardUnitStats.participants}), 0)` })
  .from(boardUnitStats)
  .innerJoin(units, eq(units.id, boardUnitStats.unitId))
  .where(and(eq(boardUnitStats.board, sql.placeholder("board")), eq(units.depth, 0)))
  .prepare();
const entriesAbove = db
  .select({ n: sql<number>`coalesce(sum(${boardScoreCounts.entries}), 0)` })
  .from(boardScoreCounts)
  .where(
    and(
      eq(boardScoreCounts.board, sql.placeholder("board")),
      sql`${boardScoreCounts.score} > ${sql.placeholder("score")}`,
    ),
  )
  .prepare();
// Ties that sort ahead of a resident's entry (`mine`): whole cells of board_rank_cells (same score, a smaller gap
// key or an earlier second of duration), then their own cell from a short range of the ranking index. The cell
// key is computed from the entry in SQL, as the triggers of migration 0006 compute it.
const mine = alias(boardEntries, "mine");
const myEntry = and(eq(mine.board, sql.placeholder("board")), eq(mine.userId, sql.placeholder("userId")));
const cellsAhead = db
  .select({ n: sql<number>`coalesce(sum(${boardRankCells.entries}), 0)` })
  .from(mine)
  .innerJoin(
    boardRankCells,
    and(
      eq(boardRankCells.board, mine.board),
      eq(boardRankCells.score, mine.score),
      sql`(${boardRankCells.gapKey}, ${boardRankCells.second}) < (coalesce(${mine.predictionGap}, -1), ${mine.durationMs} / 1000)`,
    ),
  )
  .where(myEntry)
  .prepare();
const aheadInCell = db
  .select({ n: sql<number>`count(*)` })
  .from(mine)
  .innerJoin(
    boardEntries,
    and(
      eq(boardEntries.board, mine.board),
      eq(boardEntries.score, mine.score),
      sql`${boardEntries.predictionGap} IS ${mine.predictionGap}`,
      sql`${boardEntries.durationMs} >= ${mine.durationMs} / 1000 * 1000`,
      sql`(${boardEntries.durationMs}, ${boardEntries.submittedAt}, ${boardEntries.userId}) < (${mine.durationMs}, ${mine.submittedAt}, ${mine.userId})`,
    ),
  )
  .where(myEntry)
  .prepare();

// The SQL twin of domain/ranking.ts compareEntries (NULL gaps sort first, as -1 does there), as one list of
// keys so the order read backwards (the entries just above a place) cannot drift from it.
const rankingKeys = [
  [boardEntries.score, "desc"],
  [boardEntries.predictionGap, "asc"],
  [boardEntries.durationMs, "asc"],
  [boardEntries.submittedAt, "asc"],
  [boardEntries.userId, "asc"],
] as const;
export const rankingOrder = rankingKeys.map(([column, way]) => (way === "asc" ? asc(column) : desc(column)));
const reverseRankingOrder = rankingKeys.map(([column, way]) => (way === "asc" ? desc(column) : asc(column)));

export type IndividualRow = {
  rank: number;
  userId: number;
  name: string;
  isDemo: boolean;
  unitName: string | null;
  parentUnitName: string | null;
  score: number;
  durationMs: number;
  submittedAt: number;
};

function individualRows(where: SQL | undefined) {
  return db
    .select({
      userId: boardEntries.userId,
      name: users.name,
      isDemo: users.isDemo,
      unitName: units.name,
      parentUnitName: parentUnits.name,
      score: boardEntries.score,
      durationMs: boardEntries.durationMs,
      submittedAt: boardEntries.submittedAt,
    })
    .from(boardEntries)
    .innerJoin(users, eq(users.id, boardEntries.userId))
    .leftJoin(units, eq(units.id, boardEntries.unitId))
    .leftJoin(parentUnits, eq(parentUnits.id, units.parentId))
    .where(where)
    .$dynamic();
}

/** A page of the individual board, optionally only residents of one unit's subtree (ranked within it). */
export async function getIndividualBoard(
  board: BoardKey,
  options: { withinUnitPath?: string; limit: number; offset: number },
): Promise<IndividualRow[]> {
  const rows = individualRows(
    options.withinUnitPath
      ? and(eq(boardEntries.board, board), like(units.path, `${options.withinUnitPath}%`))
      : eq(boardEntries.board, board),
  )
    .orderBy(...rankingOrder)
    .limit(options.limit)
    .offset(options.offset)
    .all();
  return rows.map((row, index) => ({ ...row, rank: options.offset + index + 1 }));
}

// An own-place view reads three short ranges around the resident: built once, like the rank's queries.
const boardAndScore = (compare: typeof eq) =>
  and(
    eq(boardEntries.board, sql.placeholder("board")),
    compare(boardEntries.score, sql.placeholder("score")),
  );
const tiesFrom = individualRows(boardAndScore(eq))
  .orderBy(...rankingOrder)
  .limit(sql.placeholder("limit"))
  .offset(sql.placeholder("offset"))
  .prepare();
const lastAbove = individualRows(boardAndScore(gt))
  .orderBy(...reverseRankingOrder)
  .limit(sql.placeholder("limit"))
  .prepare();
const firstBelow = individualRows(boardAndScore(lt))
  .orderBy(...rankingOrder)
  .limit(sql.placeholder("limit"))
  .prepare();

/** Where a resident's entry sits: entries with a higher score, and tied entries that sort ahead of it. */
function locate(board: BoardKey, userId: number) {
  const me = entryOf.get({ board, userId });
  if (!me) return null;
  // Higher scores from the per-score counts; ties that sort ahead from the rank cells and the entry's own cell.
  const higher = entriesAbove.get({ board, score: me.score });
  const inCells = cellsAhead.get({ board, userId });
  const inCell = aheadInCell.get({ board, userId });
  return { score: me.score, higher: higher?.n ?? 0, tiedAhead: (inCells?.n ?? 0) + (inCell?.n ?? 0) };
}

/** A resident's place on a board (1 = first), or null when they have no entry. */
export async function getRank(board: BoardKey, userId: number): Promise<{ rank: number; of: number } | null> {
  const place = locate(board, userId);
  return place && { rank: place.higher + place.tiedAhead + 1, of: participantsOf(board) };
}

/**
 * A resident's place with up to `radius` entries either side of it, as games show it. Each part is one short
 * index range: the tie group from the resident's own offset in it, and the edges of the neighbouring scores.
 */
export async function getPlaceWithNeighbours(
  board: BoardKey,
  userId: number,
  radius = 2,
): Promise<{ rank: number; of: number; rows: IndividualRow[] } | null> {
  const place = locate(board, userId);
  if (!place) return null;
  const rank = place.higher + place.tiedAhead + 1;
  const fromTies = Math.min(place.tiedAhead, radius);
  const ties = tiesFrom.all({
    board,
    score: place.score,
    limit: fromTies + 1 + radius,
    offset: place.tiedAhead - fromTies,
  });
  const above = lastAbove.all({ board, score: place.score, limit: radius - fromTies }).reverse();
  const tiesAfter = ties.length - fromTies - 1;
  const below =
    tiesAfter < radius ? firstBelow.all({ board, score: place.score, limit: radius - tiesAfter }) : [];
  const first = rank - fromTies - above.length;
  const rows = [...above, ...ties, ...below].map((row, index) => ({ ...row, rank: first + index }));
  return { rank, of: participantsOf(board), rows };
}

export type UnitRow = {
  unitId: number;
  code: string;
  name: string;
  kind: string;
  parentName: string | null;
  isLeaf: boolean;
  participants: number;
  attempts: number;
  averageScore: number | null;
  population: number | null;
  participationRate: number | null;
};

export type UnitSort = "participants" | "rate" | "average";

/**
 * Units ranked on a board: either the children of a unit (`parentId`), or every leaf unit (commune level)
 * inside a subtree (`leavesUnderPath`). Units nobody from has taken part yet are listed with zeros.
 */
export async function getUnitBoard(
  board: BoardKey,
  selection: { parentId: number } | { leavesUnderPath: string },
  sort: UnitSort,
): Promise<UnitRow[]> {
  const rows = db
    .select({
      unitId: units.id,
      code: units.code,
      name: units.name,
      kind: units.kind,
      parentName: parentUnits.name,
      isLeaf: units.isLeaf,
      population: units.population,
      participants: sql<number>`coalesce(${boardUnitStats.participants}, 0)`,
      attempts: sql<number>`coalesce(${boardUnitStats.attempts}, 0)`,
      scoreSum: sql<number>`coalesce(${boardUnitStats.scoreSum}, 0)`,
    })
    .from(units)
    .leftJoin(boardUnitStats, and(eq(boardUnitStats.unitId, units.id), eq(boardUnitStats.board, board)))
    .leftJoin(parentUnits, eq(parentUnits.id, units.parentId))
    .where(
      "parentId" in selection
        ? eq(units.parentId, selection.parentId)
        : and(like(units.path, `${selection.leavesUnderPath}%`), eq(units.isLeaf, true)),
    )
    .all();
  const result = rows.map(({ scoreSum, ...row }) => ({
    ...row,
    averageScore: row.participants ? scoreSum / row.participants : null,
    participationRate: row.population ? row.participants / row.population : null,
  }));
  const key: Record<UnitSort, (r: UnitRow) => number> = {
    participants: (r) => r.participants,
    rate: (r) => r.participationRate ?? -1,
    average: (r) => r.averageScore ?? -1,
  };
  return result.sort(
    (a, b) =>
      key[sort](b) - key[sort](a) || b.participants - a.participants || a.name.localeCompare(b.name, "vi"),
  );
}
