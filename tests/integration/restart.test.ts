import { eq } from "drizzle-orm";
import { expect, test, vi } from "vitest";
import { attemptExtensions, attempts, outages } from "#db/schema.ts";
import {
  getAttemptHeader,
  getQuestionForResident,
  saveAnswer,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { beginServerRun, endServerRun, recordHeartbeat } from "#app/models/server-runs.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

test("a restart after an outage gives open attempts the lost time back, recorded, and not counted", async () => {
  const { rounds } = await createTestContest();
  const roundId = rounds[0]!.id;
  const running = createResident(0, "Đang thi");
  const submitted = createResident(1, "Đã nộp");
  const outOfTime = createResident(2, "Hết giờ trước sự cố");
  const lateId = await startAttempt(outOfTime.userId, roundId, T0 + 1000);
  const runningId = await startAttempt(running.userId, roundId, T0 + HOUR);
  const submittedId = await startAttempt(submitted.userId, roundId, T0 + HOUR);
  await submitAttempt(submittedId, submitted.userId, T0 + HOUR + 30_000);

  const { runId } = await beginServerRun(T0 + HOUR, 4242, "may-chu");
  const lastBeat = T0 + HOUR + 60_000;
  await recordHeartbeat(runId, lastBeat);
  // The server dies; it is back 20 minutes later, long after the running attempt's old deadline and grace.
  const backAt = lastBeat + 20 * 60_000;
  const start = await beginServerRun(backAt, 4343, "may-chu");
  expect(start.outage).toMatchObject({ fromAt: lastBeat, toAt: backAt });
  expect(start.extended).toBe(1);

  const deadlines = () =>
    Object.fromEntries(
      db
        .select({ id: attempts.id, deadlineAt: attempts.deadlineAt, pausedMs: attempts.pausedMs })
        .from(attempts)
        .all()
        .map((a) => [a.id, a]),
    );
  expect(deadlines()[runningId]).toEqual({
    id: runningId,
    deadlineAt: T0 + HOUR + 600_000 + 20 * 60_000,
    pausedMs: 20 * 60_000,
  });
  expect(deadlines()[submittedId]!.pausedMs).toBe(0);
  expect(deadlines()[lateId]).toMatchObject({ deadlineAt: T0 + 601_000, pausedMs: 0 });
  expect(db.select().from(attemptExtensions).all()).toEqual([
    {
      attemptId: runningId,
      outageId: start.outage!.id,
      ms: 20 * 60_000,
      deadlineBefore: T0 + HOUR + 600_000,
      deadlineAfter: T0 + HOUR + 1_800_000,
    },
  ]);
  expect(db.select().from(outages).all()).toEqual([
    { id: start.outage!.id, fromAt: lastBeat, toAt: backAt, recordedAt: backAt },
  ]);

  // Still open after the restart; answers are taken; the outage is not counted in the duration.
  expect((await getAttemptHeader(runningId, running.userId, backAt)).status).toBe("open");
  await saveAnswer(runningId, running.userId, 1, [1], backAt + 1000);
  await submitAttempt(runningId, running.userId, backAt + 120_000);
  const done = db
    .select({ durationMs: attempts.durationMs })
    .from(attempts)
    .where(eq(attempts.id, runningId))
    .get()!;
  expect(done.durationMs).toBe(backAt + 120_000 - (T0 + HOUR) - 20 * 60_000);

  // A second process starting while the first one beats finds no outage: the time is given back once.
  expect((await beginServerRun(backAt + 2000, 4444, "may-chu")).outage).toBeNull();
  expect(db.select().from(attemptExtensions).all()).toHaveLength(1);
});

test("a short restart (a clean stop, back within the threshold) moves no deadline", async () => {
  const { rounds } = await createTestContest();
  const { userId } = createResident();
  const { runId } = await beginServerRun(T0 + 2 * HOUR, 4545, "may-chu");
  const id = await startAttempt(userId, rounds[0]!.id, T0 + 2 * HOUR);
  await endServerRun(runId, T0 + 2 * HOUR + 60_000);
  expect((await beginServerRun(T0 + 2 * HOUR + 70_000, 4646, "may-chu")).outage).toBeNull();
  expect((await getAttemptHeader(id, userId, T0 + 2 * HOUR + 70_000)).deadlineAt).toBe(
    T0 + 2 * HOUR + 600_000,
  );
});

// Last: it closes the connection the other tests use.
test("an attempt resumes with every answer after a server restart", async () => {
  const { rounds } = await createTestContest();
  const { userId } = createResident();
  const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
  const chosen: number[] = [];
  for (const slot of [1, 2, 3]) {
    const { question } = await getQuestionForResident(id, userId, slot, T0 + HOUR);
    chosen.push(question.choices[1]!.place);
    await saveAnswer(id, userId, slot, [question.choices[1]!.place], T0 + HOUR + slot * 1000);
  }

  // A restart: the connection closes and every module (and its state) is loaded again from scratch.
  db.$client.close();
  delete (globalThis as { __db?: unknown }).__db;
  vi.resetModules();
  const restarted = await import("#app/models/attempts.server.ts");

  for (const slot of [1, 2, 3]) {
    const { question, attempt } = await restarted.getQuestionForResident(
      id,
      userId,
      slot,
      T0 + HOUR + 60_000,
    );
    expect(question.chosen).toEqual([chosen[slot - 1]]);
    expect(attempt.answeredSlots).toEqual([1, 2, 3]);
  }
  // The same attempt goes on: starting again returns it, and the deadline did not move.
  expect(await restarted.startAttempt(userId, rounds[0]!.id, T0 + HOUR + 60_000)).toBe(id);
  expect((await restarted.getAttemptHeader(id, userId, T0 + HOUR + 60_000)).deadlineAt).toBe(
    T0 + HOUR + 600_000,
  );
});
