import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { attempts, boardEntries, boardRankCells, boardUnitStats, units } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { rankEntries } from "#app/domain/ranking.ts";
import { closeEndedRounds, closeRound, getPublishedContest } from "#app/models/contests.server.ts";
import {
  contestBoard,
  getIndividualBoard,
  getPlaceWithNeighbours,
  getRank,
  getUnitBoard,
  rebuildUserEntries,
  recordSubmission,
  roundBoard,
} from "#app/models/leaderboards.server.ts";
import { ancestorIds } from "#app/models/units.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

/** A submitted attempt row (the boards reference it) recorded on the boards with the given figures. */
function submit(
  resident: ReturnType<typeof createResident>,
  round: { id: number },
  contestId: number,
  figures: { score: number; durationMs: number; submittedAt: number; prediction: number | null },
) {
  transaction((tx) => {
    const attempt = tx
      .insert(attempts)
      .values({
        userId: resident.userId,
        roundId: round.id,
        startedAt: figures.submittedAt - figures.durationMs,
        deadlineAt: figures.submittedAt,
        submittedAt: figures.submittedAt,
        status: "submitted",
        questionCount: 10,
        score: figures.score,
        durationMs: figures.durationMs,
        prediction: figures.prediction,
      })
      .returning({ id: attempts.id })
      .get();
    recordSubmission(tx, {
      ...resident,
      roundId: round.id,
      contestId,
      attemptId: attempt.id,
      predictionActual: null,
      ...figures,
    });
  });
}

function stats(board: string, unitId: number) {
  return db
    .select({
      participants: boardUnitStats.participants,
      attempts: boardUnitStats.attempts,
      scoreSum: boardUnitStats.scoreSum,
    })
    .from(boardUnitStats)
    .where(and(eq(boardUnitStats.board, board), eq(boardUnitStats.unitId, unitId)))
    .get();
}

/** A board's entries with what ranks them, for the domain's ranking to order. */
function entriesOf(board: string) {
  return db
    .select({
      userId: boardEntries.userId,
      score: boardEntries.score,
      predictionGap: boardEntries.predictionGap,
      durationMs: boardEntries.durationMs,
      submittedAt: boardEntries.submittedAt,
    })
    .from(boardEntries)
    .where(eq(boardEntries.board, board))
    .all();
}

/** board_rank_cells, kept by triggers, against the entries themselves (empty cells left by moves aside). */
function expectRankCellsMatchEntries() {
  const cells = db
    .select({
      board: boardRankCells.board,
      score: boardRankCells.score,
      gapKey: boardRankCells.gapKey,
      second: boardRankCells.second,
      entries: boardRankCells.entries,
    })
    .from(boardRankCells)
    .where(sql`${boardRankCells.entries} <> 0`)
    .orderBy(boardRankCells.board, boardRankCells.score, boardRankCells.gapKey, boardRankCells.second)
    .all();
  const fromEntries = db
    .select({
      board: boardEntries.board,
      score: boardEntries.score,
      gapKey: sql<number>`coalesce(${boardEntries.predictionGap}, -1)`,
      second: sql<number>`${boardEntries.durationMs} / 1000`,
      entries: sql<number>`count(*)`,
    })
    .from(boardEntries)
    .groupBy(sql`1, 2, 3, 4`)
    .orderBy(sql`1, 2, 3, 4`)
    .all();
  expect(cells).toEqual(fromEntries);
}

describe("boards kept at submit time", () => {
  afterEach(expectRankCellsMatchEntries);

  test("the best attempt counts; the unit and every ancestor are counted once per resident", async () => {
    const contest = await createTestContest();
    const round = contest.rounds[0]!;
    const resident = createResident(3);
    submit(resident, round, contest.id, {
      score: 6,
      durationMs: 300_000,
      submittedAt: T0 + HOUR,
      prediction: 100,
    });
    submit(resident, round, contest.id, {
      score: 8,
      durationMs: 400_000,
      submittedAt: T0 + 2 * HOUR,
      prediction: 120,
    });
    submit(resident, round, contest.id, {
      score: 7,
      durationMs: 100_000,
      submittedAt: T0 + 3 * HOUR,
      prediction: 90,
    });
    const [province, district, commune] = ancestorIds(resident.unitPath);
    expect(district).toBeDefined();
    for (const unitId of [province!, district!, commune!]) {
      expect(stats(roundBoard(round.id), unitId)).toEqual({ participants: 1, attempts: 3, scoreSum: 8 });
      expect(stats(contestBoard(contest.id), unitId)).toEqual({ participants: 1, attempts: 3, scoreSum: 8 });
    }
    const [row] = await getIndividualBoard(roundBoard(round.id), { limit: 10, offset: 0 });
    expect(row).toMatchObject({ rank: 1, score: 8, durationMs: 400_000 });
  });

  test("the contest board adds up the counting attempt of each round", async () => {
    const week = 7 * 24 * HOUR;
    const contest = await createTestContest({}, [
      { opensAt: T0, closesAt: T0 + week },
      { opensAt: T0 + week, closesAt: T0 + 2 * week },
    ]);
    const resident = createResident(0);
    submit(resident, contest.rounds[0]!, contest.id, {
      score: 5,
      durationMs: 100_000,
      submittedAt: T0 + HOUR,
      prediction: 1,
    });
    submit(resident, contest.rounds[1]!, contest.id, {
      score: 4,
      durationMs: 50_000,
      submittedAt: T0 + week + HOUR,
      prediction: 1,
    });
    submit(resident, contest.rounds[1]!, contest.id, {
      score: 9,
      durationMs: 70_000,
      submittedAt: T0 + week + 2 * HOUR,
      prediction: 1,
    });
    const [row] = await getIndividualBoard(contestBoard(contest.id), { limit: 10, offset: 0 });
    expect(row).toMatchObject({ score: 14, durationMs: 170_000, submittedAt: T0 + week + 2 * HOUR });
    expect(stats(contestBoard(contest.id), resident.unitId)).toEqual({
      participants: 1,
      attempts: 3,
      scoreSum: 14,
    });
  });

  test("SQL ranking equals the domain's ranking, before and after the prediction tiebreak", async () => {
    const contest = await createTestContest();
    const round = contest.rounds[0]!;
    const rng = seededRng(7);
    // Few distinct values so every tiebreak is exercised.
    for (let i = 0; i < 120; i++) {
      submit(createResident(i), round, contest.id, {
        score: 7 + Math.floor(rng() * 3),
        // Whole minutes plus 0 to 1.2 s: ties within one second of duration and across the next.
        durationMs: 60_000 * (1 + Math.floor(rng() * 3)) + 400 * Math.floor(rng() * 4),
        submittedAt: T0 + HOUR * (1 + Math.floor(rng() * 3)),
        prediction: rng() < 0.1 ? null : 100 + Math.floor(rng() * 40),
      });
    }
    const board = roundBoard(round.id);
    const expectOrder = async () => {
      const entries = entriesOf(board);
      const expected = rankEntries(entries).map((e) => e.userId);
      const page1 = await getIndividualBoard(board, { limit: 60, offset: 0 });
      const page2 = await getIndividualBoard(board, { limit: 60, offset: 60 });
      expect([...page1, ...page2].map((r) => r.userId)).toEqual(expected);
      for (const userId of [expected[0]!, expected[37]!, expected[119]!]) {
        expect(await getRank(board, userId)).toEqual({ rank: expected.indexOf(userId) + 1, of: 120 });
      }
      // Every place with its neighbours, across score boundaries and at both ends of the board.
      for (const [index, userId] of expected.entries()) {
        const place = await getPlaceWithNeighbours(board, userId);
        const from = Math.max(0, index - 2);
        expect(place?.rank).toBe(index + 1);
        expect(place?.rows.map((r) => [r.rank, r.userId])).toEqual(
          expected.slice(from, index + 3).map((id, i) => [from + i + 1, id]),
        );
      }
      return expected;
    };
    const before = await expectOrder();
    await expect(closeRound(round.id, T0)).rejects.toThrow("chưa đến giờ đóng");
    const { actual } = await closeRound(round.id, round.closesAt);
    expect(actual).toBe(120);
    expect(await closeRound(round.id, round.closesAt + HOUR)).toMatchObject({ actual: 120 });
    const after = await expectOrder();
    expect(after).not.toEqual(before);
  });

  test("unit boards list every commune of a district, with zeros where nobody took part", async () => {
    const contest = await createTestContest();
    const round = contest.rounds[0]!;
    const resident = createResident(0);
    submit(resident, round, contest.id, {
      score: 9,
      durationMs: 1000,
      submittedAt: T0 + HOUR,
      prediction: 5,
    });
    const [, districtId] = ancestorIds(resident.unitPath);
    const district = db.select({ path: units.path }).from(units).where(eq(units.id, districtId!)).get()!;
    const communes = await getUnitBoard(
      roundBoard(round.id),
      { leavesUnderPath: district.path },
      "participants",
    );
    const siblings = db.select({ id: units.id }).from(units).where(eq(units.parentId, districtId!)).all();
    expect(communes).toHaveLength(siblings.length);
    expect(communes[0]).toMatchObject({
      unitId: resident.unitId,
      participants: 1,
      attempts: 1,
      averageScore: 9,
    });
    expect(communes.slice(1).every((c) => c.participants === 0 && c.averageScore === null)).toBe(true);
    const districts = await getUnitBoard(roundBoard(round.id), { parentId: contest.provinceId }, "average");
    expect(districts[0]).toMatchObject({ unitId: districtId, participants: 1 });
  });

  test("rounds close by themselves two minutes after they end", async () => {
    const contest = await createTestContest();
    const round = contest.rounds[0]!;
    submit(createResident(0), round, contest.id, {
      score: 5,
      durationMs: 1000,
      submittedAt: T0 + HOUR,
      prediction: 3,
    });
    const fresh = async () => (await getPublishedContest(contest.slug))!;
    await closeEndedRounds(round.closesAt + 60_000);
    expect((await fresh()).rounds[0]!.predictionActual).toBeNull();
    await closeEndedRounds(round.closesAt + 120_000);
    expect((await fresh()).rounds[0]!.predictionActual).toBe(1);
    const [entry] = db
      .select({ gap: boardEntries.predictionGap })
      .from(boardEntries)
      .where(eq(boardEntries.board, roundBoard(round.id)))
      .all();
    expect(entry?.gap).toBe(2);
  });

  test("ranks on the contest board follow the running totals as residents improve", async () => {
    const week = 7 * 24 * HOUR;
    const contest = await createTestContest({}, [
      { opensAt: T0, closesAt: T0 + week },
      { opensAt: T0 + week, closesAt: T0 + 2 * week },
    ]);
    const [first, second] = contest.rounds;
    const a = createResident(0);
    const b = createResident(1);
    const board = contestBoard(contest.id);
    submit(a, first!, contest.id, { score: 5, durationMs: 1000, submittedAt: T0 + HOUR, prediction: 1 });
    submit(a, second!, contest.id, {
      score: 9,
      durationMs: 1000,
      submittedAt: T0 + week + HOUR,
      prediction: 1,
    });
    submit(b, first!, contest.id, { score: 6, durationMs: 1000, submittedAt: T0 + 2 * HOUR, prediction: 1 });
    submit(b, first!, contest.id, { score: 10, durationMs: 1000, submittedAt: T0 + 3 * HOUR, prediction: 1 });
    expect(await getRank(board, a.userId)).toEqual({ rank: 1, of: 2 });
    expect(await getRank(board, b.userId)).toEqual({ rank: 2, of: 2 });
    submit(b, second!, contest.id, {
      score: 7,
      durationMs: 1000,
      submittedAt: T0 + week + 2 * HOUR,
      prediction: 1,
    });
    expect(await getRank(board, b.userId)).toEqual({ rank: 1, of: 2 });
    expect(await getRank(board, a.userId)).toEqual({ rank: 2, of: 2 });
    // A worse attempt changes nothing.
    submit(a, second!, contest.id, {
      score: 2,
      durationMs: 500,
      submittedAt: T0 + week + 3 * HOUR,
      prediction: 1,
    });
    expect(await getRank(board, a.userId)).toEqual({ rank: 2, of: 2 });
  });

  test("a place stays right when an entry is improved, taken off or given its prediction gap", async () => {
    const contest = await createTestContest();
    const round = contest.rounds[0]!;
    const board = roundBoard(round.id);
    const residents = Array.from({ length: 6 }, (_, i) => createResident(i));
    // All on 8 points, within two seconds of each other: one rank cell boundary between them.
    residents.forEach((resident, i) =>
      submit(resident, round, contest.id, {
        score: 8,
        durationMs: 90_000 + 300 * i,
        submittedAt: T0 + HOUR,
        prediction: 110 - i,
      }),
    );
    const ranks = async () => Promise.all(residents.map(async (r) => (await getRank(board, r.userId))?.rank));
    expect(await ranks()).toEqual([1, 2, 3, 4, 5, 6]);
    expectRankCellsMatchEntries();
    // The fourth does better in the same score: now first, the others move down.
    submit(residents[3]!, round, contest.id, {
      score: 8,
      durationMs: 80_000,
      submittedAt: T0 + 2 * HOUR,
      prediction: 107,
    });
    expect(await ranks()).toEqual([2, 3, 4, 1, 5, 6]);
    expectRankCellsMatchEntries();
    // Her attempts are disqualified: her entry comes off the board.
    db.update(attempts)
      .set({ disqualifiedAt: T0 + 3 * HOUR, disqualificationReason: "Thử" })
      .where(eq(attempts.userId, residents[3]!.userId))
      .run();
    transaction((tx) =>
      rebuildUserEntries(tx, {
        userId: residents[3]!.userId,
        roundId: round.id,
        contestId: contest.id,
        predictionActual: null,
      }),
    );
    expect(await ranks()).toEqual([1, 2, 3, undefined, 4, 5]);
    expectRankCellsMatchEntries();
    // Closing gives every entry its prediction gap, which now ranks before the duration.
    await closeRound(round.id, round.closesAt);
    const entries = entriesOf(board);
    expect(entries.every((e) => e.predictionGap !== null)).toBe(true);
    const expected = rankEntries(entries).map((e) => e.userId);
    expect(await ranks()).toEqual(
      residents.map((r) => (expected.includes(r.userId) ? expected.indexOf(r.userId) + 1 : undefined)),
    );
    // Predictions fall as durations rise: the order turns round.
    expect(await ranks()).toEqual([5, 4, 3, undefined, 2, 1]);
    expectRankCellsMatchEntries();
  });
});
