import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { attempts } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import {
  getAttemptHeader,
  getAttemptResult,
  getQuestionForResident,
  getRoundProgress,
  saveAnswer,
  savePrediction,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { readContentFolder, syncQuestionBank } from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR, T0, rejection } from "./fixtures.ts";

describe("starting an attempt", () => {
  test("draws the topic mix, and starting again returns the open attempt", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const first = await startAttempt(userId, rounds[0]!.id, T0 + HOUR, seededRng(1));
    const again = await startAttempt(userId, rounds[0]!.id, T0 + HOUR + 1000, seededRng(2));
    expect(again).toBe(first);
    const header = await getAttemptHeader(first, userId, T0 + HOUR);
    expect(header.questionCount).toBe(5);
    expect(header.deadlineAt).toBe(T0 + HOUR + 600_000);
  });

  test("the deadline never passes the round's close", async () => {
    const { rounds } = await createTestContest({}, [{ opensAt: T0, closesAt: T0 + 5 * 60_000 }]);
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + 60_000);
    expect((await getAttemptHeader(id, userId, T0 + 60_000)).deadlineAt).toBe(T0 + 5 * 60_000);
  });

  test("refuses before the round opens, after it closes and past the attempt limit", async () => {
    const { rounds } = await createTestContest({ attemptsPerRound: 1 });
    const round = rounds[0]!;
    const { userId } = createResident();
    expect((await rejection(startAttempt(userId, round.id, T0 - 1))).message).toBe("Tuần thi này chưa mở.");
    expect((await rejection(startAttempt(userId, round.id, round.closesAt))).message).toBe(
      "Tuần thi này đã kết thúc.",
    );
    const id = await startAttempt(userId, round.id, T0 + HOUR);
    await submitAttempt(id, userId, T0 + HOUR + 60_000);
    const refused = await rejection(startAttempt(userId, round.id, T0 + 2 * HOUR));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("hết số lượt");
  });

  test("someone else's attempt is not found", async () => {
    const { rounds } = await createTestContest();
    const owner = createResident(0);
    const other = createResident(1);
    const id = await startAttempt(owner.userId, rounds[0]!.id, T0 + HOUR);
    expect((await rejection(getQuestionForResident(id, other.userId, 1, T0 + HOUR))).status).toBe(404);
    expect((await rejection(saveAnswer(id, other.userId, 1, [], T0 + HOUR))).status).toBe(404);
  });
});

describe("answering", () => {
  test("the resident's view of a question carries no correctness", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
    const { question } = await getQuestionForResident(id, userId, 1, T0 + HOUR);
    expect(question.choices.length).toBeGreaterThanOrEqual(2);
    // A choice's picture id hashes the picture's bytes: it says nothing about the key either.
    for (const choice of question.choices)
      expect(Object.keys(choice).sort()).toEqual(["image", "imageAlt", "place", "text"]);
    // A choice is known by its place in the order shown: 1..n, never an id.
    expect(question.choices.map((c) => c.place)).toEqual(question.choices.map((_, i) => i + 1));
    expect(JSON.stringify(question)).not.toMatch(/correct|"id"/i);
  });

  test("saves, replaces and survives a reload; bad choices are refused", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
    const { question } = await getQuestionForResident(id, userId, 1, T0 + HOUR);
    await saveAnswer(id, userId, 1, [1], T0 + HOUR + 1000);
    await saveAnswer(id, userId, 1, [1], T0 + HOUR + 2000);
    expect((await getQuestionForResident(id, userId, 1, T0 + HOUR + 3000)).question.chosen).toEqual([1]);
    await saveAnswer(id, userId, 1, [2], T0 + HOUR + 4000);
    const reloaded = await getQuestionForResident(id, userId, 1, T0 + HOUR + 5000);
    expect(reloaded.question.chosen).toEqual([2]);
    expect(reloaded.attempt.answeredSlots).toEqual([1]);
    for (const outside of [0, question.choices.length + 1, 999_999]) {
      const refused = await rejection(saveAnswer(id, userId, 1, [outside], T0 + HOUR));
      expect(refused.status).toBe(400);
      expect(refused.message).toBe("Lựa chọn không thuộc câu hỏi này.");
    }
    if (question.type !== "multiple")
      expect((await rejection(saveAnswer(id, userId, 1, [1, 2], T0 + HOUR))).status).toBe(400);
    expect((await rejection(saveAnswer(id, userId, 99, [1], T0 + HOUR))).status).toBe(404);
  });

  test("answers within the grace period are kept; later ones are refused and the attempt is settled", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const start = T0 + HOUR;
    const id = await startAttempt(userId, rounds[0]!.id, start);
    const deadline = start + 600_000;
    await saveAnswer(id, userId, 1, [1], deadline + 5000);
    const late = await rejection(saveAnswer(id, userId, 1, [2], deadline + 5001));
    expect(late.status).toBe(409);
    expect(late.message).toContain("hết giờ");
    expect(late).toMatchObject({ code: "het-gio" });
    const row = db
      .select({ status: attempts.status, durationMs: attempts.durationMs })
      .from(attempts)
      .where(eq(attempts.id, id))
      .get();
    expect(row).toEqual({ status: "submitted", durationMs: 600_000 });
  });
});

describe("submitting", () => {
  test("scores on the server, once, however often it is submitted", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const start = T0 + HOUR;
    const id = await startAttempt(userId, rounds[0]!.id, start);
    // Right on slots 1-3, wrong on 4, nothing on 5.
    for (const slot of [1, 2, 3, 4]) {
      const key = attemptKey(id, slot);
      await saveAnswer(id, userId, slot, slot < 4 ? key.correct : [key.wrong[0]!], start + slot * 1000);
    }
    expect((await rejection(savePrediction(id, userId, 1_000_001, start + 10_000))).message).toBe(
      "Số dự đoán tối đa là 1.000.000.",
    );
    await savePrediction(id, userId, 1234, start + 10_000);
    await submitAttempt(id, userId, start + 90_000);
    await submitAttempt(id, userId, start + 200_000);
    const result = await getAttemptResult(id, userId, start + 300_000);
    expect(result?.attempt.score).toBe(3);
    expect(result?.attempt.durationMs).toBe(90_000);
    expect(result?.attempt.prediction).toBe(1234);
    expect(result?.rank).toEqual({ rank: 1, of: 1 });
    expect(result?.counts).toBe(true);
    expect(result?.review?.map((r) => r.correct)).toEqual([true, true, true, false, false]);
    expect(result?.review?.[0]?.explanation.length).toBeGreaterThan(5);
    expect(await rejection(saveAnswer(id, userId, 5, [], start + 100_000))).toMatchObject({
      status: 409,
      code: "da-nop",
    });
  });

  test("an attempt left open past its deadline counts as submitted with what it has", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident();
    const start = T0 + HOUR;
    const id = await startAttempt(userId, rounds[0]!.id, start);
    await saveAnswer(id, userId, 1, attemptKey(id, 1).correct, start + 1000);
    expect(await getAttemptResult(id, userId, start + 300_000)).toBeNull();
    const result = await getAttemptResult(id, userId, start + 600_000 + 5001);
    expect(result?.attempt.score).toBe(1);
    expect(result?.attempt.durationMs).toBe(600_000);
    const progress = await getRoundProgress(userId, rounds[0]!.id, start + 700_000);
    expect(progress.openAttemptId).toBeNull();
    expect(progress.best?.score).toBe(1);
  });

  test("an attempt keeps the revision it drew after the question is edited", async () => {
    const { rounds } = await createTestContest({
      questionsPerAttempt: 1,
      topicMix: [{ topicId: "lua-dao", count: 1 }],
    });
    const { userId } = createResident();
    const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR);
    const before = (await getQuestionForResident(id, userId, 1, T0 + HOUR)).question;
    const bank = await readContentFolder();
    const edited = bank.questions.map((q) =>
      q.text === before.text ? { ...q, text: `${q.text} (đã sửa)` } : q,
    );
    const report = await syncQuestionBank(
      { topics: bank.topics, skills: bank.skills, questions: edited },
      T0 + 2 * HOUR,
    );
    expect(report.revised).toBe(1);
    expect((await getQuestionForResident(id, userId, 1, T0 + 3 * HOUR)).question.text).toBe(before.text);
    expect(
      await syncQuestionBank({ topics: bank.topics, skills: bank.skills, questions: edited }, T0 + 4 * HOUR),
    ).toEqual({
      created: 0,
      revised: 0,
      unchanged: bank.questions.length,
    });
  });
});
