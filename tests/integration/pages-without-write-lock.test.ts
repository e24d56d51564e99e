import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import {
  getAttemptHeader,
  getAttemptResult,
  getQuestionForResident,
  getRoundProgress,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

// Another worker of the cluster in the middle of a write: it holds SQLite's write lock.
const otherWorker = new Database(process.env.DATABASE_PATH!);
otherWorker.pragma("busy_timeout = 0");
afterAll(() => otherWorker.close());

function whileAnotherProcessWrites<T>(read: () => Promise<T>): Promise<T> {
  otherWorker.exec("BEGIN IMMEDIATE");
  return read().finally(() => otherWorker.exec("ROLLBACK"));
}

describe("pages that only read do not wait for another process's write lock", () => {
  test("the contest, question, submit and result pages are read while the lock is held", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);

    const started = performance.now();
    const page = await whileAnotherProcessWrites(() =>
      getQuestionForResident(id, userId, 1, T0 + HOUR + 1000),
    );
    expect(page.question.slot).toBe(1);
    expect((await whileAnotherProcessWrites(() => getAttemptHeader(id, userId, T0 + HOUR + 1000))).id).toBe(
      id,
    );
    expect(
      (await whileAnotherProcessWrites(() => getRoundProgress(userId, rounds[0]!.id, T0 + HOUR + 1000)))
        .openAttemptId,
    ).toBe(id);
    expect(await whileAnotherProcessWrites(() => getAttemptResult(id, userId, T0 + HOUR + 2000))).toBeNull();
    await submitAttempt(id, userId, T0 + HOUR + 60_000);
    const result = await whileAnotherProcessWrites(() => getAttemptResult(id, userId, T0 + HOUR + 61_000));
    expect(result?.attempt.id).toBe(id);
    // SQLite's busy handler would have slept, event loop and all, up to busy_timeout (5 s) and then failed.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("an attempt that ran out is still settled when it is read, once the lock is free", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
    const late = T0 + 2 * HOUR;
    const page = await getQuestionForResident(id, userId, 1, late);
    expect(page.attempt.status).toBe("submitted");
    expect((await getAttemptResult(id, userId, late))?.attempt.id).toBe(id);
  });
});
