import { and, eq, like } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { attempts, auditLog, fairPlayFlags, knownDevices, rounds as roundsTable, users } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { saveAnswer, startAttempt, submitAttempt } from "#app/models/attempts.server.ts";
import { closeRound } from "#app/models/contests.server.ts";
import {
  AUTO_SCAN_INTERVAL_MS,
  decideFlag,
  listFlags,
  refreshFlags,
  scanStaleRound,
} from "#app/models/fair-play.server.ts";
import { grantAllowance } from "#app/models/registration-limits.server.ts";
import {
  action as queueAction,
  loader as queueLoader,
} from "#app/routes/quan-tri.cuoc-thi.$contestId.gian-lan.tsx";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, rejection, T0 } from "./fixtures.ts";

const SECOND = 1000;
const organiser = db
  .insert(users)
  .values({ name: "Ban tổ chức", role: "organiser", createdAt: T0 })
  .returning()
  .get();

/** Starts, answers (the first choice of each question, `gapMs` apart) and submits. */
async function take(
  userId: number,
  roundId: number,
  startAt: number,
  gapMs: number,
  address: string | null = null,
  seed = 7,
) {
  const id = await startAttempt(userId, roundId, startAt, seededRng(seed), address);
  for (let slot = 1; slot <= 5; slot++) await saveAnswer(id, userId, slot, [1], startAt + slot * gapMs);
  await submitAttempt(id, userId, startAt + 6 * gapMs);
  return id;
}

const kindsOf = (roundId: number) =>
  db
    .select({ attemptId: fairPlayFlags.attemptId, kind: fairPlayFlags.kind })
    .from(fairPlayFlags)
    .where(eq(fairPlayFlags.roundId, roundId))
    .all();

describe("fair-play flags", () => {
  test("answers faster than reading are flagged with each gap, once however often detection runs", async () => {
    const { id: contestId, rounds } = await createTestContest();
    const round = rounds[0]!;
    const quick = createResident(0, "Nhanh Tay");
    const careful = createResident(1, "Cẩn Thận");
    const flagged = await take(quick.userId, round.id, T0 + HOUR, 500);
    await take(careful.userId, round.id, T0 + 2 * HOUR, 20 * SECOND, null, 8);
    await refreshFlags(round.id, T0 + 3 * HOUR);
    await refreshFlags(round.id, T0 + 3 * HOUR);
    expect(kindsOf(round.id)).toEqual([{ attemptId: flagged, kind: "fast_answers" }]);
    const [flag] = await listFlags(contestId, {});
    expect(flag).toMatchObject({ name: "Nhanh Tay", status: "open", kind: "fast_answers" });
    expect((flag!.evidence as { fast: unknown[] }).fast).toHaveLength(5);
  });

  test("many accounts starting from one address in an hour are flagged, with the address recorded", async () => {
    const { rounds } = await createTestContest();
    const round = rounds[0]!;
    const ids = [];
    for (let n = 0; n < 5; n++)
      ids.push(
        await take(
          createResident(n).userId,
          round.id,
          T0 + HOUR + n * 5 * 60_000,
          20 * SECOND,
          "::ffff:203.0.113.9",
          n,
        ),
      );
    expect(
      db.select({ a: attempts.startAddress }).from(attempts).where(eq(attempts.id, ids[0]!)).get()!.a,
    ).toBe("203.0.113.9");
    await refreshFlags(round.id, T0 + 3 * HOUR);
    const flags = kindsOf(round.id).filter((f) => f.kind === "shared_network");
    expect(flags.map((f) => f.attemptId).sort()).toEqual([...ids].sort());
  });

  test("one device used by many accounts is flagged (known_devices)", async () => {
    const { rounds } = await createTestContest();
    const round = rounds[0]!;
    const ids = [];
    for (let n = 0; n < 5; n++) {
      const resident = createResident(n);
      db.insert(knownDevices)
        .values({
          tokenHash: Buffer.alloc(32, 7),
          userId: resident.userId,
          createdAt: T0 + n * 60_000,
          lastUsedAt: T0 + n * 60_000,
        })
        .run();
      ids.push(await take(resident.userId, round.id, T0 + HOUR + n * HOUR, 20 * SECOND, null, n));
    }
    await refreshFlags(round.id, T0 + 9 * HOUR);
    expect(kindsOf(round.id).filter((f) => f.kind === "shared_network")).toHaveLength(5);
  });

  test("near-identical attempts and one person with two phones are flagged", async () => {
    const { rounds } = await createTestContest();
    const round = rounds[0]!;
    const first = createResident(3, "Trần Thị Mai");
    const second = createResident(3, "Tran Thi Mai");
    db.update(users).set({ birthYear: 1990, phone: "0912111222" }).where(eq(users.id, first.userId)).run();
    db.update(users).set({ birthYear: 1990, phone: "0912333444" }).where(eq(users.id, second.userId)).run();
    // The same draw (same seed), the same choices, two seconds apart.
    const a = await take(first.userId, round.id, T0 + HOUR, 20 * SECOND, null, 42);
    const b = await take(second.userId, round.id, T0 + HOUR + 2 * SECOND, 20 * SECOND, null, 42);
    await refreshFlags(round.id, T0 + 3 * HOUR);
    const found = kindsOf(round.id);
    expect(found).toEqual(
      expect.arrayContaining([
        { attemptId: a, kind: "twin_answers" },
        { attemptId: b, kind: "twin_answers" },
        { attemptId: a, kind: "several_phones" },
        { attemptId: b, kind: "several_phones" },
      ]),
    );
    expect(found).toHaveLength(4);
  });

  test("closing a round runs detection; clearing and disqualifying need a reason and are audited", async () => {
    const { id: contestId, rounds } = await createTestContest({}, [{ opensAt: T0, closesAt: T0 + 2 * HOUR }]);
    const round = rounds[0]!;
    const quick = createResident(0, "Nhanh");
    const other = createResident(1, "Khác");
    const flagged = await take(quick.userId, round.id, T0 + HOUR, 500);
    const cleared = await take(other.userId, round.id, T0 + HOUR, 400, null, 9);
    expect(kindsOf(round.id)).toEqual([]);
    await closeRound(round.id, T0 + 2 * HOUR);
    const flags = await listFlags(contestId, { status: "open" });
    expect(flags).toHaveLength(2);
    const byAttempt = (attemptId: number) => flags.find((f) => f.attemptId === attemptId)!;
    const decision = { contestId, actorId: organiser.id, unitId: null, now: T0 + 3 * HOUR };

    const noReason = await rejection(
      decideFlag({ ...decision, flagId: byAttempt(flagged).id, decision: "disqualify", reason: " " }),
    );
    expect(noReason.status).toBe(400);
    await decideFlag({
      ...decision,
      flagId: byAttempt(cleared).id,
      decision: "clear",
      reason: "Đã gọi điện xác minh",
    });
    await decideFlag({
      ...decision,
      flagId: byAttempt(flagged).id,
      decision: "disqualify",
      reason: "Dùng công cụ tự động",
    });
    expect(db.select().from(attempts).where(eq(attempts.id, flagged)).get()).toMatchObject({
      disqualificationReason: "Dùng công cụ tự động",
    });
    expect(db.select().from(attempts).where(eq(attempts.id, cleared)).get()!.disqualifiedAt).toBeNull();
    expect((await listFlags(contestId, {})).map((f) => [f.attemptId, f.status, f.reason]).sort()).toEqual(
      [
        [flagged, "disqualified", "Dùng công cụ tự động"],
        [cleared, "cleared", "Đã gọi điện xác minh"],
      ].sort(),
    );
    const audit = db.select().from(auditLog).where(eq(auditLog.entity, "flag")).all();
    expect(audit.map((a) => [a.action, a.reason])).toEqual(
      expect.arrayContaining([
        ["flag.clear", "Đã gọi điện xác minh"],
        ["flag.disqualify", "Dùng công cụ tự động"],
      ]),
    );
    // A decided flag is not decided twice, and detection keeps it as decided.
    expect(
      (
        await rejection(
          decideFlag({ ...decision, flagId: byAttempt(cleared).id, decision: "clear", reason: "lại" }),
        )
      ).status,
    ).toBe(409);
    await refreshFlags(round.id, T0 + 4 * HOUR);
    expect(
      db
        .select()
        .from(fairPlayFlags)
        .where(and(eq(fairPlayFlags.roundId, round.id), eq(fairPlayFlags.status, "open")))
        .all(),
    ).toEqual([]);
    // Another contest's flag id is not found from this contest.
    const { id: otherContest } = await createTestContest();
    expect(
      (
        await rejection(
          decideFlag({
            ...decision,
            contestId: otherContest,
            flagId: byAttempt(flagged).id,
            decision: "clear",
            reason: "thử",
          }),
        )
      ).status,
    ).toBe(404);
  });
});

const admin = db.insert(users).values({ name: "Quản trị", role: "admin", createdAt: T0 }).returning().get();
const cookie = (
  await commitSessionCookie(new Request("http://localhost/"), await createSession(admin.id))
).split(";")[0]!;
test("the background job finds new flags without “Quét lại”, every ten minutes while attempts come in", async () => {
  const { rounds } = await createTestContest();
  const round = rounds[0]!;
  const scannedAt = () =>
    db.select({ at: roundsTable.flagsScannedAt }).from(roundsTable).where(eq(roundsTable.id, round.id)).get()!
      .at;
  // One round a pass: passes until none is left to scan (other tests' rounds are open too).
  const jobPasses = async (now: number) => {
    while ((await scanStaleRound(now)) !== null);
  };
  const first = await take(createResident(0).userId, round.id, T0 + HOUR, 500);
  await jobPasses(T0 + 2 * HOUR);
  expect(kindsOf(round.id)).toEqual([{ attemptId: first, kind: "fast_answers" }]);

  const second = await take(createResident(1).userId, round.id, T0 + 2 * HOUR + 60_000, 500, null, 9);
  await jobPasses(T0 + 2 * HOUR + 5 * 60_000);
  expect(kindsOf(round.id)).toHaveLength(1);
  await jobPasses(T0 + 2 * HOUR + AUTO_SCAN_INTERVAL_MS + 60_000);
  expect(kindsOf(round.id).map((f) => f.attemptId)).toEqual([first, second]);

  // Once no attempt can still be running since the last scan, the round is left alone.
  await jobPasses(T0 + 8 * HOUR);
  expect(scannedAt()).toBe(T0 + 8 * HOUR);
  await jobPasses(T0 + 9 * HOUR);
  expect(scannedAt()).toBe(T0 + 8 * HOUR);
});

describe("the review queue", () => {
  const queue = (contestId: number, init: RequestInit = {}) => ({
    request: new Request(`http://localhost/quan-tri/cuoc-thi/${contestId}/gian-lan?trang-thai=tat-ca`, {
      ...init,
      headers: { Cookie: cookie, ...init.headers },
    }),
    params: { contestId: String(contestId) },
    context: { clientIp: "203.0.113.9", cspNonce: "" },
  });
  const flagCount = (roundId: number) => kindsOf(roundId).length;

  test("opening the queue writes nothing; “Quét lại” runs detection and the page says when", async () => {
    const { id: contestId, rounds } = await createTestContest();
    const round = rounds[0]!;
    await take(createResident(0, "Nhanh Một").userId, round.id, T0 + HOUR, 500);

    expect(await queueLoader(queue(contestId))).toMatchObject({ flags: [], lastScanAt: null });
    expect(flagCount(round.id)).toBe(0);

    const before = Date.now();
    const rescan = (await queueAction(
      queue(contestId, {
        method: "POST",
        body: new URLSearchParams({ intent: "scan" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    )) as unknown as { data: { done?: string } };
    expect(rescan.data.done).toBe("Đã quét lại: 1 dấu hiệu chờ xử lý.");
    expect(flagCount(round.id)).toBe(1);
    const after = (await queueLoader(queue(contestId))) as { flags: unknown[]; lastScanAt: number };
    expect(after.flags).toHaveLength(1);
    expect(after.lastScanAt).toBeGreaterThanOrEqual(before);
    expect(
      db
        .select({ at: roundsTable.flagsScannedAt })
        .from(roundsTable)
        .where(eq(roundsTable.id, round.id))
        .get()!.at,
    ).toBe(after.lastScanAt);
  });

  test("two organisers deciding one flag at once: the first decision stands, the second is told by whom", async () => {
    const { id: contestId, rounds } = await createTestContest();
    const round = rounds[0]!;
    const attemptId = await take(createResident(4, "Nhanh Bốn").userId, round.id, T0 + HOUR, 500, null, 11);
    await refreshFlags(round.id, T0 + 2 * HOUR);
    const [flag] = await listFlags(contestId, { status: "open" });
    const second = db
      .insert(users)
      .values({ name: "Ban tổ chức thứ hai", role: "organiser", createdAt: T0 })
      .returning()
      .get();
    const decide = (actorId: number, decision: "disqualify" | "clear", reason: string) =>
      decideFlag({
        flagId: flag!.id,
        contestId,
        decision,
        reason,
        actorId,
        unitId: null,
        now: T0 + 3 * HOUR,
      });

    const outcomes = await Promise.allSettled([
      decide(organiser.id, "disqualify", "Dùng công cụ tự động"),
      decide(second.id, "clear", "Người thật, đọc nhanh"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as { status: number; message: string };
    expect(refusal.status).toBe(409);
    expect(refusal.message).toMatch(/^Ban tổ chức đã loại bài thi này lúc .+, trước bạn\.$/);
    expect((await listFlags(contestId, {}))[0]).toMatchObject({
      status: "disqualified",
      reason: "Dùng công cụ tự động",
      decidedBy: organiser.id,
    });
    expect(db.select().from(attempts).where(eq(attempts.id, attemptId)).get()!.disqualifiedAt).toBe(
      T0 + 3 * HOUR,
    );
    const audited = db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(like(auditLog.action, "flag.%"), eq(auditLog.entityId, String(flag!.id))))
      .all();
    expect(audited).toEqual([{ action: "flag.disqualify", actorId: organiser.id }]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, "attempt"), eq(auditLog.entityId, String(attemptId))))
        .all(),
    ).toHaveLength(1);
  });
});

describe("attempt starts per address", () => {
  test("past the hourly limit a start is refused with a 429; an allowance raises it", async () => {
    const { rounds } = await createTestContest();
    const round = rounds[0]!;
    const start = (n: number, address: string) =>
      startAttempt(createResident(n).userId, round.id, T0 + HOUR + n, seededRng(n), address);
    for (let n = 0; n < 60; n++) await start(n, "198.51.100.20");
    const refused = await rejection(start(60, "198.51.100.20"));
    expect(refused.status).toBe(429);
    expect(refused.message).toContain("Có quá nhiều lượt thi được bắt đầu từ mạng này");
    expect(db.select().from(attempts).where(eq(attempts.startAddress, "198.51.100.20")).all()).toHaveLength(
      60,
    );
    // Another address is not affected; a commune hall with an allowance may start more.
    await start(61, "198.51.100.21");
    await grantAllowance({
      address: "198.51.100.0/24",
      perHour: 200,
      reason: "Nhà văn hoá xã",
      days: 1,
      grantedBy: organiser.id,
      now: T0,
    });
    await start(62, "198.51.100.20");
  });
});
