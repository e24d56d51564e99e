import { describe, expect, test } from "vitest";
import {
  getAttemptHeader,
  getAttemptResult,
  getQuestionForResident,
  getRoundProgress,
  settleOverdueAttempts,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { resultSharing } from "#app/models/certificates.server.ts";
import { getPublicContest } from "#app/models/contests.server.ts";
import { getPlaceWithNeighbours, roundBoard } from "#app/models/leaderboards.server.ts";
import { getAttemptProgress } from "#app/models/progress.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

/**
 * How many SQL statements are compiled while `work` runs: a query drizzle builds on each call compiles its SQL
 * every time, one prepared once at start-up never does.
 */
async function statementsCompiled(work: () => Promise<void>): Promise<number> {
  const client = db.$client;
  const prepare = client.prepare;
  let compiled = 0;
  client.prepare = ((source: string) => {
    compiled++;
    return prepare.call(client, source);
  }) as typeof prepare;
  try {
    await work();
  } finally {
    client.prepare = prepare;
  }
  return compiled;
}

// One resident's whole attempt, as the pages of the attempt engine read and write it.
async function takeAttempt(slug: string, roundId: number, userId: number, now: number) {
  await getPublicContest(slug);
  await getRoundProgress(userId, roundId, now);
  const attemptId = await startAttempt(userId, roundId, now, Math.random, "203.0.113.7");
  for (let slot = 1; slot <= 5; slot++) await getQuestionForResident(attemptId, userId, slot, now);
  await getAttemptHeader(attemptId, userId, now);
  await submitAttempt(attemptId, userId, now + 60_000);
  await getAttemptResult(attemptId, userId, now + 60_000);
  await getAttemptProgress(userId, attemptId);
  await resultSharing(attemptId, userId);
  await getPlaceWithNeighbours(roundBoard(roundId), userId);
}

describe("the attempt engine's hot paths", () => {
  test("build no SQL per request: start, questions, submit, result with progress and sharing, rank, and the settling job", async () => {
    const { slug, rounds } = await createTestContest();
    const roundId = rounds[0]!.id;
    // The first resident's requests may compile statements (a contest's first draw of its topic mix).
    await takeAttempt(slug, roundId, createResident(0).userId, T0 + HOUR);

    // Within the minute, as the rate limits' once-a-minute pruning is not a per-request cost.
    const second = createResident(1).userId;
    expect(await statementsCompiled(() => takeAttempt(slug, roundId, second, T0 + HOUR + 30_000))).toBe(0);

    const late = createResident(2).userId;
    await startAttempt(late, roundId, T0 + 3 * HOUR);
    let settled = 0;
    expect(
      await statementsCompiled(async () => {
        settled = await settleOverdueAttempts(T0 + 4 * HOUR);
      }),
    ).toBe(0);
    expect(settled).toBe(1);
  });
});
