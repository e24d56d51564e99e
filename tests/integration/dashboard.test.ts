import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { units } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { saveAnswer, startAttempt, submitAttempt } from "#app/models/attempts.server.ts";
import { getActivity, getDashboardFigures, getDashboardUnits } from "#app/models/dashboard.server.ts";
import { contestBoard, roundBoard } from "#app/models/leaderboards.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

describe("the live dashboard", async () => {
  const contest = await createTestContest();
  const round = contest.rounds[0]!;
  const [a, b, c] = [createResident(0, "An"), createResident(0, "Bình"), createResident(1, "Chi")];
  // An answers every question right, Bình none; Chi starts later and never submits.
  const first = await startAttempt(a.userId, round.id, T0 + HOUR + 60_000, seededRng(1));
  for (let slot = 1; slot <= 5; slot++)
    await saveAnswer(first, a.userId, slot, attemptKey(first, slot).correct, T0 + HOUR + 120_000 + slot);
  await submitAttempt(first, a.userId, T0 + HOUR + 300_000);
  const second = await startAttempt(b.userId, round.id, T0 + HOUR + 30 * 60_000, seededRng(2));
  await submitAttempt(second, b.userId, T0 + HOUR + 40 * 60_000);
  await startAttempt(c.userId, round.id, T0 + 3 * HOUR + 5 * 60_000, seededRng(3));

  test("headline figures: participants from the board, started, submitted, completion and average", async () => {
    expect(await getDashboardFigures(roundBoard(round.id), [round.id])).toEqual({
      participants: 2,
      started: 3,
      submitted: 2,
      completion: 2 / 3,
      averageScore: 2.5,
      assistedStarted: 0,
      assistedSubmitted: 0,
    });
    expect((await getDashboardFigures(contestBoard(contest.id), [round.id])).participants).toBe(2);
  });

  test("participants per hour include the quiet hours as zeros", async () => {
    const hours = await getActivity([round.id], { from: T0, to: T0 + 4 * HOUR }, "hour");
    expect(hours).toEqual([
      { at: T0, participants: 0 },
      { at: T0 + HOUR, participants: 2 },
      { at: T0 + 2 * HOUR, participants: 0 },
      { at: T0 + 3 * HOUR, participants: 1 },
    ]);
    // T0 is 08:00 in Vietnam: the day bucket starts at Vietnam's midnight, 17:00 UTC the day before.
    const days = await getActivity([round.id], { from: T0, to: T0 + 4 * HOUR }, "day");
    expect(days).toEqual([{ at: T0 - 8 * HOUR, participants: 3 }]);
  });

  test("units by district and commune, with the participation rate once the population is known", async () => {
    db.update(units).set({ population: 40 }).where(eq(units.id, a.unitId)).run();
    const board = roundBoard(round.id);
    const all = await getDashboardUnits(board, contest.provinceId, "participants", null);
    const commune = all.communes.find((u) => u.unitId === a.unitId)!;
    expect(commune).toMatchObject({ participants: 2, attempts: 2, averageScore: 2.5, population: 40 });
    expect(commune.participationRate).toBe(0.05);
    expect(all.communes[0]!.unitId).toBe(a.unitId);
    const district = all.districts.find((d) => d.participants > 0)!;
    expect(district.participants).toBe(2);
    expect(all.districtOptions.map((d) => d.id)).toContain(district.unitId);
    const filtered = await getDashboardUnits(board, contest.provinceId, "rate", district.unitId);
    expect(filtered.communes.length).toBeLessThan(all.communes.length);
    expect(filtered.communes[0]!.unitId).toBe(a.unitId);
    expect(filtered.communes.every((u) => u.parentName === commune.parentName)).toBe(true);
  });
});
