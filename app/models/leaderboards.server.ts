import { and, asc, desc, eq, gt, isNull, like, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attempts,
  boardEntries,
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

function bumpUnitStats(
  tx: Db,
  board: BoardKey,
  unitPath: string | null,
  change: { participants: number; attempts: number; score: number },
) {
  if (!unitPath) return;
  for (const unitId of ancestorIds(unitPath)) {
    tx.insert(boardUnitStats)
      .values({
        board,
        unitId,
        participants: change.participants,
        attempts: change.attempts,
        scoreSum: change.score,
      })
      .onConflictDoUpdate({
        target: [boardUnitStats.board, boardUnitStats.unitId],
        set: {
          participants: sql`${boardUnitStats.participants} + ${change.participants}`,
          attempts: sql`${boardUnitStats.attempts} + ${change.attempts}`,
          scoreSum: sql`${boardUnitStats.scoreSum} + ${change.score}`,
        },
      })
      .run();
  }
}

/** Moves one entry of a board from score `from` (none for a new entry) to score `to`. */
function moveScoreCount(tx: Db, board: BoardKey, from: number | undefined, to: number) {
  if (from === to) return;
  if (from !== undefined) {
    tx.update(boardScoreCounts)
      .set({ entries: sql`${boardScoreCounts.entries} - 1` })
      .where(and(eq(boardScoreCounts.board, board), eq(boardScoreCounts.score, from)))
      .run();
  }
  tx.insert(boardScoreCounts)
    .values({ board, score: to, entries: 1 })
    .onConflictDoUpdate({
      target: [boardScoreCounts.board, boardScoreCounts.score],
      set: { entries: sql`${boardScoreCounts.entries} + 1` },
    })
    .run();
}

function getEntry(tx: Db, board: BoardKey, userId: number) {
  return tx
    .select({
      score: boardEntries.score,
      durationMs: boardEntries.durationMs,
      submittedAt: boardEntries.submittedAt,
    })
    .from(boardEntries)
    .where(and(eq(boardEntries.board, board), eq(boardEntries.userId, userId)))
    .get();
}

/**
 * Updates the round board, the contest board and the unit statistics of every ancestor for one submitted
 * attempt. Must run inside the transaction that marks the attempt submitted.
 */
export function recordSubmission(tx: Db, s: Submission): void {
  const round = roundBoard(s.roundId);
  const previous = getEntry(tx, round, s.userId);
  const better = isBetterAttempt(s, previous);
  const scoreDelta = better ? s.score - (previous?.score ?? 0) : 0;
  const durationDelta = better ? s.durationMs - (previous?.durationMs ?? 0) : 0;
  bumpUnitStats(tx, round, s.unitPath, { participants: previous ? 0 : 1, attempts: 1, score: scoreDelta });
  if (better) {
    const values = {
      attemptId: s.attemptId,
      score: s.score,
      durationMs: s.durationMs,
      submittedAt: s.submittedAt,
      prediction: s.prediction,
      predictionGap: s.predictionActual === null ? null : predictionGap(s.prediction, s.predictionActual),
      unitId: s.unitId,
    };
    tx.insert(boardEntries)
      .values({ board: round, userId: s.userId, ...values })
      .onConflictDoUpdate({ target: [boardEntries.board, boardEntries.userId], set: values })
      .run();
    moveScoreCount(tx, round, previous?.score, s.score);
  }

  // The contest board adds up each resident's counting attempt of every round.
  const contest = contestBoard(s.contestId);
  const total = getEntry(tx, contest, s.userId);
  bumpUnitStats(tx, contest, s.unitPath, { participants: total ? 0 : 1, attempts: 1, score: scoreDelta });
  if (!total || better)
    moveScoreCount(tx, contest, total?.score, (total?.score ?? 0) + (total ? scoreDelta : s.score));
  if (!total) {
    tx.insert(boardEntries)
      .values({
        board: contest,
        userId: s.userId,
        unitId: s.unitId,
        score: s.score,
        durationMs: s.durationMs,
        submittedAt: s.submittedAt,
      })
      .run();
  } else if (better) {
    tx.update(boardEntries)
      .set({
        score: sql`${boardEntries.score} + ${scoreDelta}`,
        durationMs: sql`${boardEntries.durationMs} + ${durationDelta}`,
        submittedAt: s.submittedAt,
      })
      .where(and(eq(boardEntries.board, contest), eq(boardEntries.userId, s.userId)))
      .run();
  }
}

function removeScoreCount(tx: Db, board: BoardKey, score: number) {
  tx.update(boardScoreCounts)
    .set({ entries: sql`${boardScoreCounts.entries} - 1` })
    .where(and(eq(boardScoreCounts.board, board), eq(boardScoreCounts.score, score)))
    .run();
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
  bumpUnitStats(tx, board, old.unitPath, { participants: -1, attempts: 0, score: -old.score });
  removeScoreCount(tx, board, old.score);
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
  bumpUnitStats(tx, board, unitPath, { participants: 1, attempts: 0, score: values.score });
  moveScoreCount(tx, board, undefined, values.score);
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
  const row = db
    .select({ n: sql<number>`coalesce(sum(${boardUnitStats.participants}), 0)` })
    .from(boardUnitStats)
    .innerJoin(units, eq(units.id, boardUnitStats.unitId))
    .where(and(eq(boardUnitStats.board, board), eq(units.depth, 0)))
    .get();
  return row?.n ?? 0;
}

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

/** Where a resident's entry sits: entries with a higher score, and tied entries that sort ahead of it. */
function locate(board: BoardKey, userId: number) {
  const me = db
    .select({
      score: boardEntries.score,
      gap: boardEntries.predictionGap,
      durationMs: boardEntries.durationMs,
      submittedAt: boardEntries.submittedAt,
    })
    .from(boardEntries)
    .where(and(eq(boardEntries.board, board), eq(boardEntries.userId, userId)))
    .get();
  if (!me) return null;
  // Higher scores from the per-score counts; ties that sort ahead from a range of the ranking index.
  const higher = db
    .select({ n: sql<number>`coalesce(sum(${boardScoreCounts.entries}), 0)` })
    .from(boardScoreCounts)
    .where(and(eq(boardScoreCounts.board, board), sql`${boardScoreCounts.score} > ${me.score}`))
    .get();
  const tiedAhead = db
    .select({ n: sql<number>`count(*)` })
    .from(boardEntries)
    .where(
      and(
        eq(boardEntries.board, board),
        eq(boardEntries.score, me.score),
        sql`(coalesce(${boardEntries.predictionGap}, -1), ${boardEntries.durationMs}, ${boardEntries.submittedAt}, ${boardEntries.userId}) < (${me.gap ?? -1}, ${me.durationMs}, ${me.submittedAt}, ${userId})`,
      ),
    )
    .get();
  return { score: me.score, higher: higher?.n ?? 0, tiedAhead: tiedAhead?.n ?? 0 };
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
  const ties = individualRows(and(eq(boardEntries.board, board), eq(boardEntries.score, place.score)))
    .orderBy(...rankingOrder)
    .limit(fromTies + 1 + radius)
    .offset(place.tiedAhead - fromTies)
    .all();
  const above = individualRows(and(eq(boardEntries.board, board), gt(boardEntries.score, place.score)))
    .orderBy(...reverseRankingOrder)
    .limit(radius - fromTies)
    .all()
    .reverse();
  const tiesAfter = ties.length - fromTies - 1;
  const below =
    tiesAfter < radius
      ? individualRows(and(eq(boardEntries.board, board), lt(boardEntries.score, place.score)))
          .orderBy(...rankingOrder)
          .limit(radius - tiesAfter)
          .all()
      : [];
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
