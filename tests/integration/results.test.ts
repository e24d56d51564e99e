import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import {
  attemptItems,
  attempts,
  auditLog,
  boardEntries,
  boardScoreCounts,
  boardUnitStats,
  roundUnitResults,
  roundWinners,
  rounds,
  units,
  users,
} from "#db/schema.ts";
import { getAttemptResult, saveAnswer, startAttempt, submitAttempt } from "#app/models/attempts.server.ts";
import { closeEndedRounds, closeRound } from "#app/models/contests.server.ts";
import { contestBoard, recordSubmission, roundBoard } from "#app/models/leaderboards.server.ts";
import { listWinners, setAttemptDisqualified, unitRanking } from "#app/models/results.server.ts";
import { ancestorIds } from "#app/models/units.server.ts";
import { loader as resultsLoader } from "#app/routes/cuoc-thi.$slug.ket-qua.tsx";
import { action as roundAction } from "#app/routes/quan-tri.cuoc-thi.$contestId.vong.$number.tsx";
import { loader as exportLoader } from "#app/routes/quan-tri.cuoc-thi.$contestId.vong.$number.xuat.$file.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR, rejection, T0 } from "./fixtures.ts";

type Resident = ReturnType<typeof createResident>;

function submit(
  resident: Resident,
  round: { id: number },
  contestId: number,
  score: number,
  minutes: number,
) {
  const submittedAt = T0 + minutes * 60_000;
  return transaction((tx) => {
    const attempt = tx
      .insert(attempts)
      .values({
        userId: resident.userId,
        roundId: round.id,
        startedAt: submittedAt - 60_000,
        deadlineAt: submittedAt,
        submittedAt,
        status: "submitted",
        questionCount: 5,
        score,
        durationMs: 60_000,
        prediction: 3,
      })
      .returning({ id: attempts.id })
      .get();
    recordSubmission(tx, {
      ...resident,
      roundId: round.id,
      contestId,
      attemptId: attempt.id,
      predictionActual: null,
      score,
      durationMs: 60_000,
      submittedAt,
      prediction: 3,
    });
    return attempt.id;
  });
}

/** A round's and its contest's unit statistics and score counts, as kept and as recomputed from scratch. */
function boardState(roundId: number, contestId: number) {
  const boards = [roundBoard(roundId), contestBoard(contestId)];
  const kept = boards.flatMap((board) => [
    ...db
      .select()
      .from(boardUnitStats)
      .where(eq(boardUnitStats.board, board))
      .all()
      .filter((s) => s.participants || s.attempts || s.scoreSum)
      .map((s) => `${board} unit ${s.unitId}: ${s.participants}/${s.attempts}/${s.scoreSum}`),
    ...db
      .select()
      .from(boardScoreCounts)
      .where(and(eq(boardScoreCounts.board, board), sql`${boardScoreCounts.entries} > 0`))
      .all()
      .map((c) => `${board} score ${c.score}: ${c.entries}`),
  ]);
  const stats = new Map<string, number[]>();
  const bump = (board: string, path: string, i: number, by: number) => {
    for (const unitId of ancestorIds(path)) {
      const s = stats.get(`${board} unit ${unitId}`) ?? [0, 0, 0];
      s[i]! += by;
      stats.set(`${board} unit ${unitId}`, s);
    }
  };
  const counts = new Map<string, number>();
  for (const board of boards) {
    const entries = db
      .select({ score: boardEntries.score, path: units.path })
      .from(boardEntries)
      .innerJoin(units, eq(units.id, boardEntries.unitId))
      .where(eq(boardEntries.board, board))
      .all();
    for (const e of entries) {
      bump(board, e.path, 0, 1);
      bump(board, e.path, 2, e.score);
      counts.set(`${board} score ${e.score}`, (counts.get(`${board} score ${e.score}`) ?? 0) + 1);
    }
  }
  const submitted = db
    .select({ path: units.path })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(attempts.roundId, roundId), eq(attempts.status, "submitted")))
    .all();
  for (const a of submitted) for (const board of boards) bump(board, a.path, 1, 1);
  const expected = [
    ...[...stats].map(([key, [p, a, s]]) => `${key}: ${p}/${a}/${s}`),
    ...[...counts].map(([key, n]) => `${key}: ${n}`),
  ];
  return { kept: kept.sort(), expected: expected.sort() };
}

function results(roundId: number) {
  return {
    winners: db
      .select()
      .from(roundWinners)
      .where(eq(roundWinners.roundId, roundId))
      .orderBy(roundWinners.rank)
      .all(),
    units: db
      .select()
      .from(roundUnitResults)
      .where(eq(roundUnitResults.roundId, roundId))
      .orderBy(roundUnitResults.unitId)
      .all(),
  };
}

/** One contest, one round, residents in different communes with distinct scores (best first). */
async function setUp() {
  const contest = await createTestContest({
    prizeTiers: [
      { label: "Giải Nhất", count: 1, unitPoints: 10 },
      { label: "Giải Nhì", count: 2, unitPoints: 8 },
    ],
  });
  const round = contest.rounds[0]!;
  const residents = [0, 1, 2, 3, 4].map((i) => createResident(i * 7, `Người thi ${i + 1}`));
  const attemptIds = residents.map((r, i) => submit(r, round, contest.id, 5 - i, 10 + i));
  return { contest, round, residents, attemptIds };
}

describe("closing a round", () => {
  test("names winners tier by tier, skipping demo residents and organisers, and ranks units", async () => {
    const { contest, round, residents } = await setUp();
    db.update(users).set({ isDemo: true }).where(eq(users.id, residents[0]!.userId)).run();
    db.update(users).set({ role: "organiser" }).where(eq(users.id, residents[2]!.userId)).run();
    await closeRound(round.id, round.closesAt);
    const winners = await listWinners(round.id);
    expect(winners.map((w) => [w.rank, w.label, w.name])).toEqual([
      [1, "Giải Nhất", "Người thi 2"],
      [2, "Giải Nhì", "Người thi 4"],
      [3, "Giải Nhì", "Người thi 5"],
    ]);
    expect(winners[0]?.districtName).toBeTruthy();
    const ranking = await unitRanking([round.id]);
    const commune = ranking.find((u) => u.unitId === residents[1]!.unitId)!;
    expect(commune).toMatchObject({ participants: 1, prizePoints: 10, rank: 1 });
    const district = ranking.find((u) => u.unitId === ancestorIds(residents[1]!.unitPath)[1])!;
    expect(district.prizePoints).toBeGreaterThanOrEqual(10);
    expect(ranking.some((u) => u.unitId === contest.provinceId)).toBe(false);
  });

  test("closing again gives the same winners and collective ranking", async () => {
    const { round } = await setUp();
    await closeRound(round.id, round.closesAt);
    const once = results(round.id);
    await closeRound(round.id, round.closesAt + HOUR, 1);
    expect(results(round.id)).toEqual(once);
    expect(once.winners).toHaveLength(3);
  });

  test("an organiser cannot close before the closing time", async () => {
    const { round } = await setUp();
    expect(await rejection(closeRound(round.id, T0))).toMatchObject({ status: 409 });
  });

  test("waits for attempts still open after the closing time, so a late submission is not left out", async () => {
    const { round, residents } = await setUp();
    const late = createResident(3, "Người nộp trong thời gian gia hạn");
    const attemptId = await startAttempt(late.userId, round.id, round.closesAt - 60_000);
    const pickAll = db.select({ slot: attemptItems.slot }).from(attemptItems);
    for (const { slot } of pickAll.where(eq(attemptItems.attemptId, attemptId)).all())
      await saveAnswer(
        attemptId,
        late.userId,
        slot,
        attemptKey(attemptId, slot).correct,
        round.closesAt - 1000,
      );
    // The deadline is the round's close; the grace still takes answers and the submission.
    const refused = await rejection(closeRound(round.id, round.closesAt + 1000, 1));
    expect(refused).toMatchObject({ status: 409 });
    expect(refused.message).toContain("chưa nộp");
    await submitAttempt(attemptId, late.userId, round.closesAt + 3000);
    await closeRound(round.id, round.closesAt + 4000, 1);
    const winners = await listWinners(round.id);
    expect(winners.map((w) => w.userId)).toEqual([residents[0]!.userId, late.userId, residents[1]!.userId]);
  });

  test("the background job leaves a round open while an attempt extended past its close still runs", async () => {
    const { round } = await setUp();
    const late = createResident(3, "Người thi được bù giờ");
    const attemptId = await startAttempt(late.userId, round.id, round.closesAt - 60_000);
    // An outage moved this attempt's deadline past the round's close (attempt_extensions).
    db.update(attempts)
      .set({ deadlineAt: round.closesAt + 10 * 60_000 })
      .where(eq(attempts.id, attemptId))
      .run();
    const closedAt = () =>
      db.select({ closedAt: rounds.closedAt }).from(rounds).where(eq(rounds.id, round.id)).get()!.closedAt;
    await closeEndedRounds(round.closesAt + 3 * 60_000);
    expect(closedAt()).toBeNull();
    await submitAttempt(attemptId, late.userId, round.closesAt + 5 * 60_000);
    await closeEndedRounds(round.closesAt + 6 * 60_000);
    expect(closedAt()).toBe(round.closesAt + 6 * 60_000);
    expect(await listWinners(round.id)).toHaveLength(3);
  });
});

describe("setAttemptDisqualified", () => {
  test("moves the entry to the best remaining attempt, recomputes winners and is audited", async () => {
    const { contest, round, residents, attemptIds } = await setUp();
    const second = submit(residents[0]!, round, contest.id, 1, 100);
    await closeRound(round.id, round.closesAt);
    const before = results(round.id);

    await setAttemptDisqualified(attemptIds[0]!, {
      disqualified: true,
      reason: "Trả lời nhanh bất thường",
      actorId: residents[4]!.userId,
      now: round.closesAt + HOUR,
    });
    const entry = db
      .select()
      .from(boardEntries)
      .where(and(eq(boardEntries.board, roundBoard(round.id)), eq(boardEntries.userId, residents[0]!.userId)))
      .get();
    expect(entry).toMatchObject({ attemptId: second, score: 1 });
    const state = boardState(round.id, contest.id);
    expect(state.kept).toEqual(state.expected);
    const winners = await listWinners(round.id);
    expect(winners.map((w) => w.name)).toEqual(["Người thi 2", "Người thi 3", "Người thi 4"]);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(attemptIds[0])))
      .all();
    expect(audit).toMatchObject([{ action: "attempt.disqualify", reason: "Trả lời nhanh bất thường" }]);

    await setAttemptDisqualified(attemptIds[0]!, {
      disqualified: false,
      reason: "Đã xác minh, thi thật",
      actorId: residents[4]!.userId,
      now: round.closesAt + 2 * HOUR,
    });
    expect(results(round.id)).toEqual(before);
    const restored = boardState(round.id, contest.id);
    expect(restored.kept).toEqual(restored.expected);
  });

  test("a resident's only attempt leaves the boards and the real figure drops", async () => {
    const { contest, round, attemptIds } = await setUp();
    await closeRound(round.id, round.closesAt);
    await setAttemptDisqualified(attemptIds[4]!, {
      disqualified: true,
      reason: "Dùng nhiều tài khoản",
      actorId: 1,
      now: round.closesAt + HOUR,
    });
    const state = boardState(round.id, contest.id);
    expect(state.kept).toEqual(state.expected);
    const closed = db
      .select({ actual: rounds.predictionActual })
      .from(rounds)
      .where(eq(rounds.id, round.id))
      .get();
    expect(closed?.actual).toBe(4);
  });

  test("refuses a missing reason, an unknown attempt and a second disqualification", async () => {
    const { attemptIds } = await setUp();
    const input = { disqualified: true, reason: "Gian lận", actorId: 1, now: T0 };
    expect(await rejection(setAttemptDisqualified(attemptIds[0]!, { ...input, reason: " " }))).toMatchObject({
      status: 400,
    });
    expect(await rejection(setAttemptDisqualified(999_999, input))).toMatchObject({ status: 404 });
    // A round's page acts only on its own attempts.
    expect(
      await rejection(
        setAttemptDisqualified(attemptIds[0]!, { ...input, roundId: attemptIds[0]! + 1_000_000 }),
      ),
    ).toMatchObject({ status: 400, message: expect.stringContaining("không thuộc tuần thi này") });
    await setAttemptDisqualified(attemptIds[0]!, input);
    expect(await rejection(setAttemptDisqualified(attemptIds[0]!, input))).toMatchObject({ status: 409 });
  });
});

describe("results pages and exports", () => {
  async function organiserCookie(scopeUnitId: number) {
    const id = db
      .insert(users)
      .values({ name: "Ban tổ chức", role: "organiser", scopeUnitId, phone: null, createdAt: T0 })
      .returning({ id: users.id })
      .get().id;
    const header = await commitSessionCookie(new Request("http://localhost/"), await createSession(id));
    return header.split(";")[0]!;
  }

  test("the round page says why it cannot close yet, and closes nothing", async () => {
    const now = Date.now();
    const contest = await createTestContest({}, [{ opensAt: now - HOUR, closesAt: now - 1000 }]);
    const round = contest.rounds[0]!;
    const resident = createResident(5, "Người còn trong thời gian gia hạn");
    await startAttempt(resident.userId, round.id, now - 60_000);
    const result = await roundAction({
      request: new Request(`http://localhost/quan-tri/cuoc-thi/${contest.id}/vong/1`, {
        method: "POST",
        headers: {
          Cookie: await organiserCookie(contest.provinceId),
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "intent=close",
      }),
      params: { contestId: String(contest.id), number: "1" },
      context: { clientIp: "203.0.113.9", cspNonce: "" },
    });
    expect(result).toMatchObject({
      init: { status: 409 },
      data: { closeRefusal: expect.stringContaining("Còn 1 lượt thi") },
    });
    expect(db.select().from(rounds).where(eq(rounds.id, round.id)).get()?.closedAt).toBeNull();
  });

  test("the resident's result page shows the disqualification and its reason", async () => {
    const { round, residents, attemptIds } = await setUp();
    await setAttemptDisqualified(attemptIds[1]!, {
      disqualified: true,
      reason: "Nhiều tài khoản trên một máy",
      actorId: 1,
      now: round.closesAt,
    });
    const result = await getAttemptResult(attemptIds[1]!, residents[1]!.userId, round.closesAt);
    expect(result?.disqualification).toEqual({ reason: "Nhiều tài khoản trên một máy", at: round.closesAt });
    expect(result?.counts).toBe(false);
    const other = await getAttemptResult(attemptIds[0]!, residents[0]!.userId, round.closesAt);
    expect(other?.disqualification).toBeNull();
  });

  test("the winners export has phone numbers and Vietnamese text; the public page has neither phones nor ids", async () => {
    const { contest, round, residents } = await setUp();
    db.update(users).set({ phone: "0987000111" }).where(eq(users.id, residents[0]!.userId)).run();
    await closeRound(round.id, round.closesAt);
    const cookie = await organiserCookie(contest.provinceId);
    const params = { contestId: String(contest.id), number: "1", file: "giai-thuong.xlsx" };
    const response = (await exportLoader({
      request: new Request("http://localhost/x", { headers: { Cookie: cookie } }),
      params,
      context: { clientIp: "203.0.113.9", cspNonce: "" },
    })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain("Số điện thoại");
    expect(sheet.getRow(2).values).toEqual(
      expect.arrayContaining(["Giải Nhất", "Người thi 1", "0987000111"]),
    );

    const page = await resultsLoader({
      request: new Request(`http://localhost/cuoc-thi/${contest.slug}/ket-qua?vong=1`),
      params: { slug: contest.slug },
      context: { clientIp: "203.0.113.9", cspNonce: "" },
    });
    const text = JSON.stringify(page);
    expect(text).toContain("Người thi 1");
    expect(text).not.toContain("0987000111");
    expect(text).not.toContain("birthYear");
    expect(text).not.toContain("userId");
  });

  test("an unknown export is a 404, not a 500", async () => {
    const { contest } = await setUp();
    const cookie = await organiserCookie(contest.provinceId);
    const thrown = await Promise.resolve(
      exportLoader({
        request: new Request("http://localhost/x", { headers: { Cookie: cookie } }),
        params: { contestId: String(contest.id), number: "1", file: "mat-khau.xlsx" },
        context: { clientIp: "203.0.113.9", cspNonce: "" },
      }),
    ).catch((e: unknown) => e);
    expect((thrown as Response).status).toBe(404);
  });
});
