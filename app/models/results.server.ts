// A round's outcome: closing (real figure, tiebreak, winners, collective ranking), corrections, results pages.
import { and, asc, desc, eq, inArray, isNotNull, like, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attempts,
  boardEntries,
  boardUnitStats,
  contests,
  roundUnitResults,
  roundWinners,
  rounds,
  units,
  users,
} from "#db/schema.ts";
import {
  decisionReasonSchema,
  assignWinners,
  predictionActual,
  prizeCount,
  rankUnits,
  sumUnitResults,
} from "#app/domain/prizes.ts";
import { storedRules, type ContestRules } from "#app/domain/rules.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { recordAudit } from "./audit.server.ts";
import {
  applyPredictionActual,
  countEntries,
  rankingOrder,
  rebuildUserEntries,
  roundBoard,
} from "./leaderboards.server.ts";
import { setAttemptXpRevoked, syncPrizeBadges } from "./progress.server.ts";

const districts = alias(units, "districts");
const helpers = alias(users, "helpers");

function loadRound(tx: Db, roundId: number) {
  const row = tx
    .select({
      id: rounds.id,
      number: rounds.number,
      closesAt: rounds.closesAt,
      predictionActual: rounds.predictionActual,
      closedAt: rounds.closedAt,
      contestId: contests.id,
      scopeUnitId: contests.scopeUnitId,
      rules: sql<string>`${contests.rules}`,
    })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(eq(rounds.id, roundId))
    .get();
  return row && { ...row, rules: storedRules(row.rules) };
}

// Winners are looked for page by page down the board, since ineligible residents are skipped.
const WINNER_PAGE = 500;

/**
 * Fixes the round's real figure, applies the prediction tiebreak and stores the winners and the collective
 * ranking. Everything is recomputed from the board, so running it again (a re-close, a correction) gives the
 * same result for the same board. Must run inside a transaction.
 */
export function settleRound(tx: Db, roundId: number, now: number): { actual: number; winners: number } {
  const round = loadRound(tx, roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  const board = roundBoard(roundId);
  const actual = predictionActual(round.rules.prediction.kind, {
    participants: countEntries(tx, board),
    perfectScores: countEntries(tx, board, round.rules.questionsPerAttempt),
  });
  applyPredictionActual(tx, roundId, actual);
  tx.update(rounds)
    .set({ predictionActual: actual, closedAt: round.closedAt ?? now })
    .where(eq(rounds.id, roundId))
    .run();

  // Demo residents, staff and residents with a disqualified attempt in this round never win.
  const disqualified = tx
    .select({ userId: attempts.userId })
    .from(attempts)
    .where(and(eq(attempts.roundId, roundId), isNotNull(attempts.disqualifiedAt)))
    .all()
    .map((a) => a.userId);
  const ineligible = new Set(disqualified);
  const wanted = prizeCount(round.rules.prizeTiers);
  let winners: ReturnType<typeof assignWinners<EntryRow>> = [];
  const seen: EntryRow[] = [];
  for (let offset = 0; wanted > 0; offset += WINNER_PAGE) {
    const page = entryRows(tx, board, WINNER_PAGE, offset);
    for (const e of page)
      if (e.isDemo || e.role === "organiser" || e.role === "admin") ineligible.add(e.userId);
    seen.push(...page);
    winners = assignWinners(seen, round.rules.prizeTiers, ineligible);
    if (winners.length >= wanted || page.length < WINNER_PAGE) break;
  }
  // Winners before and after, so the prize badge follows a recomputation both ways.
  const previousWinners = tx
    .select({ userId: roundWinners.userId })
    .from(roundWinners)
    .where(eq(roundWinners.roundId, roundId))
    .all()
    .map((w) => w.userId);
  tx.delete(roundWinners).where(eq(roundWinners.roundId, roundId)).run();
  for (const w of winners) {
    tx.insert(roundWinners)
      .values({
        roundId,
        tierIndex: w.tierIndex,
        label: w.label,
        rank: w.rank,
        userId: w.userId,
        unitId: w.unitId,
        attemptId: w.attemptId,
        score: w.score,
        durationMs: w.durationMs,
        predictionGap: w.predictionGap,
      })
      .run();
  }
  syncPrizeBadges(tx, [...previousWinners, ...winners.map((w) => w.userId)], now);

  const scope = round.scopeUnitId
    ? tx.select({ path: units.path }).from(units).where(eq(units.id, round.scopeUnitId)).get()
    : undefined;
  const unitRows = tx
    .select({
      unitId: units.id,
      code: units.code,
      path: units.path,
      depth: units.depth,
      population: units.population,
      participants: sql<number>`coalesce(${boardUnitStats.participants}, 0)`,
    })
    .from(units)
    .leftJoin(boardUnitStats, and(eq(boardUnitStats.unitId, units.id), eq(boardUnitStats.board, board)))
    .where(scope ? and(like(units.path, `${scope.path}%`), ne(units.path, scope.path)) : undefined)
    .all();
  const ranked = rankUnits(
    unitRows,
    winners.map((w) => ({ unitPath: w.unitPath, tierIndex: w.tierIndex })),
    round.rules,
  );
  tx.delete(roundUnitResults).where(eq(roundUnitResults.roundId, roundId)).run();
  for (const r of ranked) {
    tx.insert(roundUnitResults)
      .values({
        roundId,
        unitId: r.unitId,
        depth: r.depth,
        rank: r.rank,
        participants: r.participants,
        population: r.population,
        ratePoints: r.ratePoints,
        prizePoints: r.prizePoints,
        points: r.points,
      })
      .run();
  }
  return { actual, winners: winners.length };
}

type EntryRow = ReturnType<typeof entryRows>[number];

function entryRows(tx: Db, board: string, limit: number, offset: number) {
  return tx
    .select({
      userId: boardEntries.userId,
      unitId: boardEntries.unitId,
      unitPath: units.path,
      attemptId: boardEntries.attemptId,
      score: boardEntries.score,
      predictionGap: boardEntries.predictionGap,
      durationMs: boardEntries.durationMs,
      submittedAt: boardEntries.submittedAt,
      isDemo: users.isDemo,
      role: users.role,
    })
    .from(boardEntries)
    .innerJoin(users, eq(users.id, boardEntries.userId))
    .leftJoin(units, eq(units.id, boardEntries.unitId))
    .where(eq(boardEntries.board, board))
    .orderBy(...rankingOrder)
    .limit(limit)
    .offset(offset)
    .all();
}

/**
 * Disqualifies an attempt (or reinstates it) with a reason: the resident's board entries move to their best
 * remaining attempt, a closed round's figure, winners and collective ranking are recomputed, and the change is
 * audited.
 */
export async function setAttemptDisqualified(
  attemptId: number,
  input: AttemptDecision,
): Promise<{ roundId: number; recomputed: boolean }> {
  return setAttemptDisqualifiedNow(attemptId, input);
}

type AttemptDecision = {
  disqualified: boolean;
  reason: string;
  actorId: number;
  now: number;
  /** The round whose page acts: an attempt of another round is refused. */
  roundId?: number;
};

/**
 * The same, synchronously: inside a caller's transaction (fair-play review settles its flag in the same one) it
 * runs as a savepoint, and a refusal throws there and then.
 */
export function setAttemptDisqualifiedNow(
  attemptId: number,
  input: AttemptDecision,
): { roundId: number; recomputed: boolean } {
  const parsedReason = decisionReasonSchema.safeParse(input.reason);
  if (!parsedReason.success) throw new UserError(400, parsedReason.error.issues[0]!.message);
  const reason = parsedReason.data;
  return transaction((tx) => {
    const attempt = tx
      .select({
        id: attempts.id,
        userId: attempts.userId,
        roundId: attempts.roundId,
        status: attempts.status,
        disqualifiedAt: attempts.disqualifiedAt,
        disqualificationReason: attempts.disqualificationReason,
      })
      .from(attempts)
      .where(eq(attempts.id, attemptId))
      .get();
    if (!attempt) throw new UserError(404, `Không có lượt thi số ${attemptId}.`);
    if (input.roundId !== undefined && attempt.roundId !== input.roundId)
      throw new UserError(400, `Lượt thi số ${attemptId} không thuộc tuần thi này.`);
    if (attempt.status !== "submitted")
      throw new UserError(400, "Lượt thi này chưa nộp bài, chưa thể xử lý.");
    if ((attempt.disqualifiedAt !== null) === input.disqualified)
      throw new UserError(
        409,
        input.disqualified
          ? "Lượt thi này đã bị loại từ trước."
          : "Lượt thi này đang được tính, không cần khôi phục.",
      );
    const round = loadRound(tx, attempt.roundId)!;
    tx.update(attempts)
      .set(
        input.disqualified
          ? { disqualifiedAt: input.now, disqualifiedBy: input.actorId, disqualificationReason: reason }
          : { disqualifiedAt: null, disqualifiedBy: null, disqualificationReason: null },
      )
      .where(eq(attempts.id, attemptId))
      .run();
    setAttemptXpRevoked(tx, attemptId, input.disqualified, input.now);
    const { recomputed } = rebuildRoundFor(tx, round.id, [attempt.userId], input.now);
    recordAudit(tx, {
      actorId: input.actorId,
      action: input.disqualified ? "attempt.disqualify" : "attempt.reinstate",
      entity: "attempt",
      entityId: attemptId,
      unitId: round.scopeUnitId,
      before: { disqualified: attempt.disqualifiedAt !== null, reason: attempt.disqualificationReason },
      after: { disqualified: input.disqualified, reason: input.disqualified ? reason : null },
      reason,
      at: input.now,
    });
    return { roundId: round.id, recomputed };
  });
}

/**
 * The board entries of `userIds` on a round rebuilt from their attempts (a disqualification, a merge of two
 * accounts) and, once the round is closed, its results recomputed from the changed board. Inside the caller's
 * transaction; `recomputed` tells whether the round was closed.
 */
export function rebuildRoundFor(
  tx: Db,
  roundId: number,
  userIds: readonly number[],
  now: number,
): { recomputed: boolean } {
  const round = loadRound(tx, roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  for (const userId of userIds)
    rebuildUserEntries(tx, {
      userId,
      roundId,
      contestId: round.contestId,
      predictionActual: round.predictionActual,
    });
  const recomputed = round.predictionActual !== null;
  if (recomputed) settleRound(tx, roundId, now);
  return { recomputed };
}

// ---- Reading results ----

export type WinnerRow = {
  rank: number;
  tierIndex: number;
  label: string;
  userId: number;
  attemptId: number | null;
  name: string;
  unitName: string | null;
  districtName: string | null;
  score: number;
  durationMs: number;
  predictionGap: number | null;
};

/** A round's winners with commune and district (no phone, no birth year: this is shown publicly). */
export async function listWinners(roundId: number): Promise<WinnerRow[]> {
  return winnerQuery().where(eq(roundWinners.roundId, roundId)).orderBy(asc(roundWinners.rank)).all();
}

function winnerQuery() {
  return db
    .select({
      rank: roundWinners.rank,
      tierIndex: roundWinners.tierIndex,
      label: roundWinners.label,
      userId: roundWinners.userId,
      attemptId: roundWinners.attemptId,
      name: users.name,
      unitName: units.name,
      districtName: districts.name,
      score: roundWinners.score,
      durationMs: roundWinners.durationMs,
      predictionGap: roundWinners.predictionGap,
    })
    .from(roundWinners)
    .innerJoin(users, eq(users.id, roundWinners.userId))
    .leftJoin(units, eq(units.id, roundWinners.unitId))
    .leftJoin(districts, eq(districts.id, units.parentId))
    .$dynamic();
}

/** Winners with phone numbers, for delivering prizes (organisers of the contest's scope only). */
export async function listWinnersWithPhones(roundId: number) {
  return db
    .select({
      rank: roundWinners.rank,
      label: roundWinners.label,
      name: users.name,
      phone: users.phone,
      unitName: units.name,
      districtName: districts.name,
      score: roundWinners.score,
      durationMs: roundWinners.durationMs,
      predictionGap: roundWinners.predictionGap,
      attemptId: roundWinners.attemptId,
    })
    .from(roundWinners)
    .innerJoin(users, eq(users.id, roundWinners.userId))
    .leftJoin(units, eq(units.id, roundWinners.unitId))
    .leftJoin(districts, eq(districts.id, units.parentId))
    .where(eq(roundWinners.roundId, roundId))
    .orderBy(asc(roundWinners.rank))
    .all();
}

export type UnitResultRow = {
  unitId: number;
  code: string;
  name: string;
  kind: string;
  depth: number;
  parentName: string | null;
  rank: number;
  participants: number;
  population: number | null;
  ratePoints: number;
  prizePoints: number;
  points: number;
};

function unitResultRows(roundIds: number[]) {
  return db
    .select({
      roundId: roundUnitResults.roundId,
      unitId: roundUnitResults.unitId,
      code: units.code,
      name: units.name,
      kind: units.kind,
      path: units.path,
      depth: roundUnitResults.depth,
      parentName: districts.name,
      rank: roundUnitResults.rank,
      participants: roundUnitResults.participants,
      population: roundUnitResults.population,
      ratePoints: roundUnitResults.ratePoints,
      prizePoints: roundUnitResults.prizePoints,
      points: roundUnitResults.points,
    })
    .from(roundUnitResults)
    .innerJoin(units, eq(units.id, roundUnitResults.unitId))
    .leftJoin(districts, eq(districts.id, units.parentId))
    .where(inArray(roundUnitResults.roundId, roundIds))
    .orderBy(asc(roundUnitResults.depth), asc(roundUnitResults.rank))
    .all();
}

/** The collective ranking of one closed round, or summed over several, ranked within each depth. */
export async function unitRanking(roundIds: number[]): Promise<UnitResultRow[]> {
  if (roundIds.length === 0) return [];
  const rows = unitResultRows(roundIds);
  if (roundIds.length === 1) return rows;
  const info = new Map(rows.map((r) => [r.unitId, r]));
  const perRound = roundIds.map((id) => rows.filter((r) => r.roundId === id));
  return sumUnitResults(perRound).map((r) => {
    const unit = info.get(r.unitId)!;
    return { ...r, name: unit.name, kind: unit.kind, parentName: unit.parentName };
  });
}

export type ConsoleRound = {
  id: number;
  number: number;
  opensAt: number;
  closesAt: number;
  predictionActual: number | null;
  closedAt: number | null;
  contestId: number;
  contestSlug: string;
  contestTitle: string;
  contestStatus: string;
  scopeUnitId: number | null;
  scopePath: string | null;
  rules: ContestRules;
  roundCount: number;
};

/** A round of any contest (draft or published), by the contest's id and the round's number, for the console. */
export async function getConsoleRound(contestId: number, number: number): Promise<ConsoleRound | undefined> {
  const row = db
    .select({
      id: rounds.id,
      number: rounds.number,
      opensAt: rounds.opensAt,
      closesAt: rounds.closesAt,
      predictionActual: rounds.predictionActual,
      closedAt: rounds.closedAt,
      contestId: contests.id,
      contestSlug: contests.slug,
      contestTitle: contests.title,
      contestStatus: contests.status,
      scopeUnitId: contests.scopeUnitId,
      scopePath: units.path,
      rules: sql<string>`${contests.rules}`,
      roundCount: sql<number>`(select count(*) from ${rounds} r2 where r2.contest_id = ${contests.id})`,
    })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .leftJoin(units, eq(units.id, contests.scopeUnitId))
    .where(and(eq(rounds.contestId, contestId), eq(rounds.number, number)))
    .get();
  return row && { ...row, rules: storedRules(row.rules) };
}

/** Every submitted attempt of a round with its resident (and helper, "có hỗ trợ"), for the console and the export. */
export async function listRoundAttempts(roundId: number, options: { limit?: number; userId?: number } = {}) {
  const query = db
    .select({
      attemptId: attempts.id,
      userId: attempts.userId,
      name: users.name,
      phone: users.phone,
      unitName: units.name,
      districtName: districts.name,
      startedAt: attempts.startedAt,
      submittedAt: attempts.submittedAt,
      score: attempts.score,
      durationMs: attempts.durationMs,
      prediction: attempts.prediction,
      disqualifiedAt: attempts.disqualifiedAt,
      reason: attempts.disqualificationReason,
      helperName: helpers.name,
    })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(districts, eq(districts.id, units.parentId))
    .leftJoin(helpers, eq(helpers.id, attempts.assistedBy))
    .where(
      and(
        eq(attempts.roundId, roundId),
        eq(attempts.status, "submitted"),
        options.userId === undefined ? undefined : eq(attempts.userId, options.userId),
      ),
    )
    .orderBy(asc(attempts.submittedAt), asc(attempts.id))
    .$dynamic();
  return options.limit === undefined ? query.all() : query.limit(options.limit).all();
}

/** The disqualified attempts of a round, newest first, for the console. */
export async function listDisqualified(roundId: number) {
  return db
    .select({
      attemptId: attempts.id,
      name: users.name,
      score: attempts.score,
      disqualifiedAt: attempts.disqualifiedAt,
      reason: attempts.disqualificationReason,
    })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .where(and(eq(attempts.roundId, roundId), isNotNull(attempts.disqualifiedAt)))
    .orderBy(desc(attempts.disqualifiedAt))
    .all();
}

/** The published contest's closed rounds, for the public results page and the contest page's link. */
export async function closedRounds(contestId: number) {
  return db
    .select({
      id: rounds.id,
      number: rounds.number,
      closesAt: rounds.closesAt,
      predictionActual: rounds.predictionActual,
    })
    .from(rounds)
    .where(and(eq(rounds.contestId, contestId), isNotNull(rounds.predictionActual)))
    .orderBy(asc(rounds.number))
    .all();
}
