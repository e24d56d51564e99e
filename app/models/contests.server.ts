import { and, asc, eq, gt } from "drizzle-orm";
import { contests, rounds } from "#db/schema.ts";
import { contestRulesSchema, type ContestRules } from "#app/domain/rules.ts";
import { roundState } from "#app/domain/timing.ts";
import { applyPredictionActual, countEntries, roundBoard } from "./leaderboards.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";

export type Round = {
  id: number;
  number: number;
  opensAt: number;
  closesAt: number;
  predictionActual: number | null;
};
export type Contest = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  scopeUnitId: number | null;
  rules: ContestRules;
  rounds: Round[];
};

const roundColumns = {
  id: rounds.id,
  number: rounds.number,
  opensAt: rounds.opensAt,
  closesAt: rounds.closesAt,
  predictionActual: rounds.predictionActual,
};

function listRounds(contestId: number): Round[] {
  return db
    .select(roundColumns)
    .from(rounds)
    .where(eq(rounds.contestId, contestId))
    .orderBy(asc(rounds.number))
    .all();
}

export async function createContest(input: {
  slug: string;
  title: string;
  summary: string;
  rules: ContestRules;
  scopeUnitId: number | null;
  published: boolean;
  rounds: { opensAt: number; closesAt: number }[];
  now?: number;
}): Promise<{ id: number }> {
  const rules = contestRulesSchema.parse(input.rules);
  return transaction((tx) => {
    const contest = tx
      .insert(contests)
      .values({
        slug: input.slug,
        title: input.title,
        summary: input.summary,
        rules,
        scopeUnitId: input.scopeUnitId,
        status: input.published ? "published" : "draft",
        createdAt: input.now ?? Date.now(),
      })
      .returning({ id: contests.id })
      .get();
    input.rounds.forEach((r, index) =>
      tx
        .insert(rounds)
        .values({ contestId: contest.id, number: index + 1, ...r })
        .run(),
    );
    return contest;
  });
}

export async function getPublishedContest(slug: string): Promise<Contest | undefined> {
  const row = db
    .select({
      id: contests.id,
      slug: contests.slug,
      title: contests.title,
      summary: contests.summary,
      scopeUnitId: contests.scopeUnitId,
      rules: contests.rules,
    })
    .from(contests)
    .where(and(eq(contests.slug, slug), eq(contests.status, "published")))
    .get();
  if (!row) return undefined;
  const contestRounds = listRounds(row.id);
  return { ...row, rules: contestRulesSchema.parse(row.rules), rounds: contestRounds };
}

/** The round a resident should see now: the open one, else the next to open, else the last. */
export function currentRound(contestRounds: Round[], now: number): Round | undefined {
  return (
    contestRounds.find((r) => roundState(r, now) === "open") ??
    contestRounds.find((r) => roundState(r, now) === "upcoming") ??
    contestRounds.at(-1)
  );
}

/** Published contests that have a round open now or still to come, with that round. */
export async function listActiveContests(now: number): Promise<
  (Omit<Contest, "rules" | "rounds" | "scopeUnitId"> & {
    round: Round;
    questionsPerAttempt: number;
    timeLimitSeconds: number;
  })[]
> {
  const rows = db
    .select({
      id: contests.id,
      slug: contests.slug,
      title: contests.title,
      summary: contests.summary,
      rules: contests.rules,
    })
    .from(contests)
    .innerJoin(rounds, eq(rounds.contestId, contests.id))
    .where(and(eq(contests.status, "published"), gt(rounds.closesAt, now)))
    .groupBy(contests.id)
    .orderBy(asc(contests.createdAt))
    .all();
  return rows.flatMap((row) => {
    const contestRounds = listRounds(row.id);
    const round = currentRound(contestRounds, now);
    const rules = contestRulesSchema.parse(row.rules);
    return round
      ? [
          {
            id: row.id,
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            round,
            questionsPerAttempt: rules.questionsPerAttempt,
            timeLimitSeconds: rules.timeLimitSeconds,
          },
        ]
      : [];
  });
}

/** A round with its contest's rules, for the attempt engine. */
export function getRoundWithRules(tx: typeof db, roundId: number) {
  const row = tx
    .select({
      ...roundColumns,
      contestId: contests.id,
      contestSlug: contests.slug,
      contestTitle: contests.title,
      rules: contests.rules,
    })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(eq(rounds.id, roundId))
    .get();
  return row && { ...row, rules: contestRulesSchema.parse(row.rules) };
}

/**
 * Closes a round after its closing time: fixes the prediction's real figure and applies the prediction
 * tiebreak to every entry. Closing again gives the same result.
 */
export async function closeRound(roundId: number, now = Date.now()): Promise<{ actual: number }> {
  return transaction((tx) => {
    const round = getRoundWithRules(tx, roundId);
    if (!round) throw new Error(`No round ${roundId}`);
    if (now < round.closesAt) throw new Error("Tuần thi chưa đến giờ đóng.");
    const board = roundBoard(roundId);
    const actual =
      round.rules.prediction.kind === "participants"
        ? countEntries(tx, board)
        : countEntries(tx, board, round.rules.questionsPerAttempt);
    applyPredictionActual(tx, roundId, actual);
    tx.update(rounds)
      .set({ predictionActual: actual, closedAt: round.predictionActual === null ? now : undefined })
      .where(eq(rounds.id, roundId))
      .run();
    return { actual };
  });
}

// Attempts are settled a minute after their deadline; a round is closed once its last attempts are.
const CLOSE_DELAY_MS = 2 * 60_000;

/** Closes the contest's rounds that ended more than two minutes ago and are not closed yet. */
export async function closeEndedRounds(contest: Pick<Contest, "rounds">, now = Date.now()): Promise<void> {
  for (const round of contest.rounds) {
    if (round.predictionActual === null && now >= round.closesAt + CLOSE_DELAY_MS)
      await closeRound(round.id, now);
  }
}
