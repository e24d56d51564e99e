import { and, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { practiceSessions, questionRevisions, questions } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import {
  answerPractice,
  getPracticeQuestion,
  getPracticeSummary,
  startPractice,
} from "#app/models/practice.server.ts";
import { countPracticeByTopic } from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { practiceKey, T0, rejection } from "./fixtures.ts";

const DAY = 24 * 3600_000;

function drawnItems(token: string) {
  return db
    .select({ items: practiceSessions.items })
    .from(practiceSessions)
    .where(eq(practiceSessions.id, token))
    .get()!.items;
}

/** A wrong choice of a slot, as its place (every question has at least one). */
const wrongAt = (token: string, slot: number) => practiceKey(token, slot).wrong[0]!;

describe("starting a practice run", () => {
  test("draws 10 distinct published questions of the topic only", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(1));
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const items = drawnItems(token);
    expect(items).toHaveLength(10);
    const revisionIds = items.map((i) => i.revisionId);
    expect(new Set(revisionIds).size).toBe(10);
    const drawn = db
      .select({ id: questions.id, topicId: questions.topicId, published: questions.publishedRevisionId })
      .from(questionRevisions)
      .innerJoin(questions, eq(questions.id, questionRevisions.questionId))
      .where(inArray(questionRevisions.id, revisionIds))
      .all();
    expect(drawn).toHaveLength(10);
    expect(new Set(drawn.map((q) => q.id)).size).toBe(10);
    for (const q of drawn) {
      expect(q.topicId).toBe("lua-dao");
      expect(revisionIds).toContain(q.published);
    }
    const view = await getPracticeQuestion(token, 1);
    expect(view.count).toBe(10);
    expect(view.topicName).toBe("Nhận diện lừa đảo trực tuyến");
    expect(await startPractice("lua-dao", T0)).not.toBe(token);
  });

  test("an unknown topic is not found", async () => {
    const error = await rejection(startPractice("khong-co", T0));
    expect(error.status).toBe(404);
    expect(error.message).toBe("Không tìm thấy chủ đề này.");
  });

  test("unpublished questions are not drawn", async () => {
    const keep = db
      .select({ id: questions.id })
      .from(questions)
      .where(eq(questions.topicId, "dich-vu-cong"))
      .orderBy(questions.id)
      .limit(3)
      .all()
      .map((q) => q.id);
    db.update(questions)
      .set({ publishedRevisionId: null })
      .where(and(eq(questions.topicId, "dich-vu-cong"), notInArray(questions.id, keep)))
      .run();
    expect((await countPracticeByTopic(T0)).get("dich-vu-cong")).toEqual({ practice: 3, kept: 0 });
    const token = await startPractice("dich-vu-cong", T0, seededRng(7));
    const items = drawnItems(token);
    expect(items).toHaveLength(3);
    const drawnQuestionIds = db
      .select({ id: questionRevisions.questionId })
      .from(questionRevisions)
      .where(
        inArray(
          questionRevisions.id,
          items.map((i) => i.revisionId),
        ),
      )
      .all()
      .map((r) => r.id)
      .sort();
    expect(drawnQuestionIds).toEqual([...keep].sort());
    expect((await getPracticeSummary(token)).count).toBe(3);
  });

  test("a topic without published questions is refused", async () => {
    db.update(questions).set({ publishedRevisionId: null }).where(eq(questions.topicId, "ky-nang-so")).run();
    const error = await rejection(startPractice("ky-nang-so", T0));
    expect(error.status).toBe(409);
    expect(error.message).toBe("Chủ đề này chưa có câu hỏi.");
  });

  test("runs older than 7 days are deleted when a new run starts", async () => {
    const old = await startPractice("mang-xa-hoi", T0);
    const recent = await startPractice("mang-xa-hoi", T0 + 2 * DAY);
    await startPractice("mang-xa-hoi", T0 + 8 * DAY);
    expect((await rejection(getPracticeQuestion(old, 1))).status).toBe(404);
    expect((await getPracticeQuestion(recent, 1)).slot).toBe(1);
  });
});

describe("answering", () => {
  test("the unanswered view carries no correctness, explanation or source", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(2));
    const view = await getPracticeQuestion(token, 1);
    expect(view.answered).toBeNull();
    expect(Object.keys(view).sort()).toEqual([
      "answered",
      "count",
      "question",
      "slot",
      "topicId",
      "topicName",
    ]);
    expect(Object.keys(view.question).sort()).toEqual(["choices", "image", "imageAlt", "text", "type"]);
    expect(view.question.choices.length).toBeGreaterThanOrEqual(2);
    // A choice's picture id hashes the picture's bytes: it says nothing about the key either.
    for (const choice of view.question.choices)
      expect(Object.keys(choice).sort()).toEqual(["image", "imageAlt", "place", "text"]);
    expect(JSON.stringify(view)).not.toMatch(/correct|explanation|source/i);
  });

  test("answering reveals the verdict, the key, the explanation and the source", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(3));
    const correct = practiceKey(token, 1).correct;
    await answerPractice(token, 1, correct);
    const right = await getPracticeQuestion(token, 1);
    expect(right.answered).not.toBeNull();
    expect(right.answered!.correct).toBe(true);
    expect(right.answered!.chosen).toEqual(correct);
    expect(right.answered!.correctPlaces).toEqual(correct);
    expect(right.answered!.explanation.length).toBeGreaterThan(10);
    expect(right.answered!.source.length).toBeGreaterThan(2);

    const wrong = wrongAt(token, 2);
    await answerPractice(token, 2, [wrong]);
    const wrongView = await getPracticeQuestion(token, 2);
    expect(wrongView.answered?.correct).toBe(false);
    expect(wrongView.answered?.chosen).toEqual([wrong]);
    // Other slots stay closed.
    expect((await getPracticeQuestion(token, 3)).answered).toBeNull();
  });

  test("the first answer is kept; answering again is not an error", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(4));
    const wrong = wrongAt(token, 1);
    await answerPractice(token, 1, [wrong]);
    await answerPractice(token, 1, [wrong]);
    await answerPractice(token, 1, practiceKey(token, 1).correct);
    const view = await getPracticeQuestion(token, 1);
    expect(view.answered?.chosen).toEqual([wrong]);
    expect(view.answered?.correct).toBe(false);
  });

  test("invalid choices, empty answers, unknown slots and tokens are refused", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(5));
    const { question } = await getPracticeQuestion(token, 1);
    const outside = question.choices.length + 1;
    const notMine = await rejection(answerPractice(token, 1, [outside]));
    expect(notMine.status).toBe(400);
    expect(notMine.message).toContain("không thuộc câu hỏi này");
    expect((await rejection(answerPractice(token, 1, [0]))).status).toBe(400);
    expect((await rejection(answerPractice(token, 1, [999_999]))).status).toBe(400);
    expect((await rejection(answerPractice(token, 1, []))).message).toMatch(/^Hãy chọn/);
    if (question.type !== "multiple") {
      const two = await rejection(answerPractice(token, 1, [1, 2]));
      expect(two.status).toBe(400);
      expect(two.message).toBe("Câu này chỉ chọn một đáp án.");
    }
    // Refused answers leave the slot open.
    expect((await getPracticeQuestion(token, 1)).answered).toBeNull();
    expect((await rejection(answerPractice(token, 11, [1]))).status).toBe(404);
    expect((await rejection(answerPractice(token, 0, [1]))).status).toBe(404);
    expect((await rejection(getPracticeQuestion(token, 11))).status).toBe(404);
    const unknown = "a".repeat(32);
    expect((await rejection(getPracticeQuestion(unknown, 1))).status).toBe(404);
    expect((await rejection(answerPractice(unknown, 1, [1]))).status).toBe(404);
    expect((await rejection(getPracticeSummary(unknown))).status).toBe(404);
  });

  test("a multiple-choice question takes several choices, and is right only with exactly the key", async () => {
    const multipleIds = db
      .select({ id: questions.id })
      .from(questions)
      .innerJoin(questionRevisions, eq(questionRevisions.id, questions.publishedRevisionId))
      .where(and(eq(questionRevisions.type, "multiple"), isNotNull(questions.publishedRevisionId)))
      .all();
    expect(multipleIds.length).toBeGreaterThan(0);
    const topicId = db
      .select({ topicId: questions.topicId })
      .from(questions)
      .where(eq(questions.id, multipleIds[0]!.id))
      .get()!.topicId;
    // Draw until slot 1 is a multiple-choice question (seeded, so this is quick and repeatable).
    for (let seed = 1; seed < 200; seed++) {
      const token = await startPractice(topicId, T0, seededRng(seed));
      const { question } = await getPracticeQuestion(token, 1);
      if (question.type !== "multiple") continue;
      const { correct, wrong } = practiceKey(token, 1);
      await answerPractice(token, 1, [...correct, wrong[0]!]);
      const view = await getPracticeQuestion(token, 1);
      expect(view.answered?.chosen).toHaveLength(correct.length + 1);
      expect(view.answered?.correct).toBe(false);
      return;
    }
    throw new Error("no multiple-choice question drawn first");
  });
});

describe("the summary", () => {
  test("counts right answers and shows explanations of answered questions only", async () => {
    const token = await startPractice("thanh-toan-khong-tien-mat", T0, seededRng(6));
    // Right on slots 1-3, wrong on 4, nothing on 5-10.
    for (const slot of [1, 2, 3, 4]) {
      const key = practiceKey(token, slot);
      await answerPractice(token, slot, slot < 4 ? key.correct : [key.wrong[0]!]);
    }
    const summary = await getPracticeSummary(token);
    expect(summary.topicId).toBe("thanh-toan-khong-tien-mat");
    expect(summary.topicName).toBe("Thanh toán không dùng tiền mặt");
    expect(summary.count).toBe(10);
    expect(summary.answered).toBe(4);
    expect(summary.correct).toBe(3);
    expect(summary.rows.map((r) => r.correct)).toEqual([true, true, true, false, ...Array(6).fill(false)]);
    expect(summary.rows.map((r) => r.answered)).toEqual([true, true, true, true, ...Array(6).fill(false)]);
    expect(summary.rows[0]!.text).toBe((await getPracticeQuestion(token, 1)).question.text);
    expect(summary.rows[3]!.explanation).toBe((await getPracticeQuestion(token, 4)).answered!.explanation);
    expect(summary.rows[4]!.explanation).toBeNull();
  });
});
