import { expect, test, vi } from "vitest";
import { getQuestionForResident, saveAnswer, startAttempt } from "#app/models/attempts.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

test("an attempt resumes with every answer after a server restart", async () => {
  const { rounds } = await createTestContest();
  const { userId } = createResident();
  const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
  const chosen: number[] = [];
  for (const slot of [1, 2, 3]) {
    const { question } = await getQuestionForResident(id, userId, slot, T0 + HOUR);
    chosen.push(question.choices[1]!.id);
    await saveAnswer(id, userId, slot, [question.choices[1]!.id], T0 + HOUR + slot * 1000);
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
