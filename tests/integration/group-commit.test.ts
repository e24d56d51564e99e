// Group commit (app/utils/db.server.ts) and the answer save built on it: saves arriving together share one
// transaction, a refusal or a failure stays with its own save, and a write lock held by another process gives
// the resident a refusal to retry, not a crash.
import Database from "better-sqlite3";
import { and, eq, like } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { answers, rateLimits } from "#db/schema.ts";
import { saveAnswer, startAttempt, TOO_MANY_SAVES } from "#app/models/attempts.server.ts";
import { db, groupCommit } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { createResident, createTestContest, HOUR, rejection } from "./fixtures.ts";

afterEach(() => {
  db.$client.pragma("busy_timeout = 5000");
});

const hitKeys = (prefix: string) =>
  db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(like(rateLimits.key, `${prefix}%`))
    .all()
    .map((row) => row.key)
    .sort();

test("items queued in one turn share a transaction; a failing item fails alone and the others are kept", async () => {
  const runs = new Map<string, number>();
  const write = groupCommit((tx, key: string) => {
    runs.set(key, (runs.get(key) ?? 0) + 1);
    tx.insert(rateLimits).values({ key, count: 1, windowStart: 0, expiresAt: Number.MAX_SAFE_INTEGER }).run();
    if (key === "gc:b") throw new Error("broken item");
    return key.toUpperCase();
  });
  const settled = await Promise.allSettled(["gc:a", "gc:b", "gc:c"].map(write));
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(settled[0]).toMatchObject({ value: "GC:A" });
  // They ran together first (the failure rolled back the first item's write), then each in its own transaction.
  expect(Object.fromEntries(runs)).toEqual({ "gc:a": 2, "gc:b": 2, "gc:c": 1 });
  expect(hitKeys("gc:")).toEqual(["gc:a", "gc:c"]);
});

test("more items than one batch holds are all committed, in order", async () => {
  const write = groupCommit((tx, i: number) => {
    tx.insert(rateLimits)
      .values({ key: `gc-many:${String(i).padStart(3, "0")}`, count: 1, windowStart: 0, expiresAt: 1e15 })
      .run();
    return i;
  });
  const results = await Promise.all(Array.from({ length: 250 }, (_, i) => write(i)));
  expect(results).toEqual(Array.from({ length: 250 }, (_, i) => i));
  expect(hitKeys("gc-many:")).toHaveLength(250);
});

async function openAttempt(communeIndex: number) {
  const now = Date.now();
  const { rounds } = await createTestContest({}, [{ opensAt: now - HOUR, closesAt: now + HOUR }]);
  const { userId } = createResident(communeIndex);
  return { userId, attemptId: await startAttempt(userId, rounds[0]!.id, now - 60_000) };
}

const savedSlots = (attemptId: number) =>
  db
    .select({ slot: answers.slot })
    .from(answers)
    .where(eq(answers.attemptId, attemptId))
    .all()
    .map((a) => a.slot)
    .sort();

test("saves sent together: one resident's refusals (wrong slot, over the limit) do not undo another's saves", async () => {
  const first = await openAttempt(0);
  const second = await openAttempt(1);
  const now = Date.now();
  // The first resident has used the minute's 120 saves already.
  db.insert(rateLimits)
    .values({ key: `answers:${first.userId}`, count: 120, windowStart: now, expiresAt: now + 60_000 })
    .run();
  const outcomes = await Promise.allSettled([
    saveAnswer(first.attemptId, first.userId, 1, [1], now),
    saveAnswer(second.attemptId, second.userId, 1, [1], now),
    saveAnswer(second.attemptId, second.userId, 99, [1], now),
    saveAnswer(second.attemptId, second.userId, 2, [2], now),
  ]);
  expect(outcomes.map((o) => (o.status === "rejected" ? (o.reason as UserError).status : "saved"))).toEqual([
    429,
    "saved",
    404,
    "saved",
  ]);
  expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ message: TOO_MANY_SAVES });
  expect(savedSlots(first.attemptId)).toEqual([]);
  expect(savedSlots(second.attemptId)).toEqual([1, 2]);
  // The refused hit was not counted: the count stops at the limit + 1.
  const count = (userId: number) =>
    db
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(eq(rateLimits.key, `answers:${userId}`))
      .get()?.count;
  expect(count(first.userId)).toBe(121);
  await rejection(saveAnswer(first.attemptId, first.userId, 1, [1], now + 1000));
  expect(count(first.userId)).toBe(121);
  expect(count(second.userId)).toBe(3);
});

test("a write lock held by another process past busy_timeout: 503 with a Vietnamese message, nothing saved", async () => {
  const { userId, attemptId } = await openAttempt(2);
  db.$client.pragma("busy_timeout = 50");
  const other = new Database(env.DATABASE_PATH);
  other.prepare("BEGIN IMMEDIATE").run();
  try {
    const error = await rejection(saveAnswer(attemptId, userId, 1, [1]));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ status: 503, message: expect.stringContaining("chưa được lưu") });
  } finally {
    other.prepare("ROLLBACK").run();
    other.close();
  }
  expect(savedSlots(attemptId)).toEqual([]);
  await saveAnswer(attemptId, userId, 1, [1]);
  expect(
    db
      .select()
      .from(answers)
      .where(and(eq(answers.attemptId, attemptId), eq(answers.slot, 1)))
      .get(),
  ).toBeDefined();
});

test("waiting for another process's write lock does not block this process: the save goes through once it is free", async () => {
  const { userId, attemptId } = await openAttempt(3);
  db.$client.pragma("busy_timeout = 3000");
  const other = new Database(env.DATABASE_PATH);
  other.prepare("BEGIN IMMEDIATE").run();
  const saving = saveAnswer(attemptId, userId, 1, [1]);
  // This timer runs only if the event loop is free while the save waits (SQLite's busy handler would block it
  // for the whole busy_timeout, and the save would fail with 503).
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(savedSlots(attemptId)).toEqual([]);
  other.prepare("COMMIT").run();
  other.close();
  await saving;
  expect(savedSlots(attemptId)).toEqual([1]);
  expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(3000);
});
