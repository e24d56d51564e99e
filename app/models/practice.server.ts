import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import { choices, practiceSessions, questionRevisions, topics } from "#db/schema.ts";
import { choiceIdsAt, placesOf } from "#app/domain/choice-keys.ts";
import { drawQuestions, type Rng } from "#app/domain/draw.ts";
import { isAnswerCorrect } from "#app/domain/scoring.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { recordPracticeAnswersIn } from "./progress.server.ts";
import { getDrawableQuestions, questionOnScreen, type QuestionOnScreen } from "./questions.server.ts";

// Practice: anyone, no account, not ranked. The token in the URL is the only key to a run. A run started by a
// signed-in resident earns them XP (models/progress) and is kept for their profile.

/** Questions per practice run (fewer when the topic has fewer published questions). */
export const PRACTICE_SIZE = 10;
/** Anonymous runs older than this are deleted whenever a new run starts. */
export const PRACTICE_KEEP_MS = 7 * 24 * 3600_000;

/** 20 random bytes in lower-case base32: 32 characters of a-z and 2-7. */
export const practiceTokenPattern = /^[a-z2-7]{32}$/;

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const notFound = "Không tìm thấy lượt luyện tập này. Hãy chọn chủ đề và bắt đầu lại.";
const noSlot = "Không có câu hỏi này trong lượt luyện tập.";

/**
 * Starts a run of up to 10 published questions of one topic (none kept for an open contest round) and returns
 * its token. `userId`: the signed-in resident, whose right answers earn XP.
 */
export async function startPractice(
  topicId: string,
  now: number,
  rng: Rng = Math.random,
  userId: number | null = null,
): Promise<string> {
  const topic = db.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId)).get();
  if (!topic) throw new UserError(404, "Không tìm thấy chủ đề này.");
  const bank = await getDrawableQuestions([topicId], now);
  if (bank.length === 0) throw new UserError(409, "Chủ đề này chưa có câu hỏi.");
  const drawn = drawQuestions(bank, [{ topicId, count: Math.min(PRACTICE_SIZE, bank.length) }], rng);
  const token = newToken();
  transaction((tx) => {
    tx.delete(practiceSessions)
      .where(and(lt(practiceSessions.createdAt, now - PRACTICE_KEEP_MS), isNull(practiceSessions.userId)))
      .run();
    tx.insert(practiceSessions)
      .values({
        id: token,
        topicId,
        items: drawn.map(({ revisionId, choiceOrder }) => ({ revisionId, choiceOrder })),
        answers: {},
        createdAt: now,
        userId,
      })
      .run();
  });
  return token;
}

/** A practice question as shown before it is answered: nothing here says which choice is right. */
export type PracticeQuestion = QuestionOnScreen;

/** What the resident learns once they have answered a slot. Choices are places in the order shown. */
export type PracticeFeedback = {
  chosen: number[];
  correct: boolean;
  correctPlaces: number[];
  explanation: string;
  source: string;
};

type PracticeViewBase = {
  topicId: string;
  topicName: string;
  slot: number;
  count: number;
  question: PracticeQuestion;
};
export type UnansweredPracticeView = PracticeViewBase & { answered: null };
export type AnsweredPracticeView = PracticeViewBase & { answered: PracticeFeedback };
export type PracticeView = UnansweredPracticeView | AnsweredPracticeView;

function loadRun(tx: Db, token: string) {
  const run = tx
    .select({
      topicId: practiceSessions.topicId,
      topicName: topics.name,
      items: practiceSessions.items,
      answers: practiceSessions.answers,
      userId: practiceSessions.userId,
    })
    .from(practiceSessions)
    .innerJoin(topics, eq(topics.id, practiceSessions.topicId))
    .where(eq(practiceSessions.id, token))
    .get();
  if (!run) throw new UserError(404, notFound);
  return run;
}

function itemAt(run: ReturnType<typeof loadRun>, slot: number) {
  const item = Number.isInteger(slot) && slot >= 1 ? run.items[slot - 1] : undefined;
  if (!item) throw new UserError(404, noSlot);
  return item;
}

function correctIdsOf(tx: Db, revisionId: number): number[] {
  return tx
    .select({ id: choices.id })
    .from(choices)
    .where(and(eq(choices.revisionId, revisionId), eq(choices.isCorrect, true)))
    .orderBy(asc(choices.position))
    .all()
    .map((c) => c.id);
}

/** One question of a run; the key, explanation and source only once the slot is answered. */
export async function getPracticeQuestion(token: string, slot: number): Promise<PracticeView> {
  return transaction((tx) => {
    const run = loadRun(tx, token);
    const item = itemAt(run, slot);
    const question = questionOnScreen(item.revisionId, item.choiceOrder);
    if (!question) throw new UserError(404, noSlot);
    const base: PracticeViewBase = {
      topicId: run.topicId,
      topicName: run.topicName,
      slot,
      count: run.items.length,
      question,
    };
    const chosen = run.answers[String(slot)];
    if (!chosen) return { ...base, answered: null };
    const correctChoiceIds = correctIdsOf(tx, item.revisionId);
    const notes = tx
      .select({ explanation: questionRevisions.explanation, source: questionRevisions.source })
      .from(questionRevisions)
      .where(eq(questionRevisions.id, item.revisionId))
      .get()!;
    return {
      ...base,
      answered: {
        chosen: placesOf(item.choiceOrder, chosen),
        correct: isAnswerCorrect(correctChoiceIds, chosen),
        correctPlaces: placesOf(item.choiceOrder, correctChoiceIds),
        explanation: notes.explanation,
        source: notes.source,
      },
    };
  });
}

/**
 * Records the answer to one slot, given as places in the run's choice order. The first answer stands:
 * answering again (a double tap, the back button) changes nothing and is not an error. A signed-in resident's
 * first answer earns XP when right (only the first time they get that question right).
 */
export async function answerPractice(
  token: string,
  slot: number,
  places: number[],
  now = Date.now(),
): Promise<void> {
  transaction((tx) => {
    const run = loadRun(tx, token);
    const item = itemAt(run, slot);
    const revision = tx
      .select({ type: questionRevisions.type, questionId: questionRevisions.questionId })
      .from(questionRevisions)
      .where(eq(questionRevisions.id, item.revisionId))
      .get();
    if (!revision) throw new UserError(404, noSlot);
    const { type } = revision;
    const unique = choiceIdsAt(item.choiceOrder, places);
    if (!unique) throw new UserError(400, "Lựa chọn không thuộc câu hỏi này. Hãy chọn lại.");
    if (unique.length === 0)
      throw new UserError(
        400,
        type === "multiple" ? "Hãy chọn ít nhất một đáp án." : "Hãy chọn một đáp án rồi bấm “Kiểm tra”.",
      );
    if (type !== "multiple" && unique.length > 1) throw new UserError(400, "Câu này chỉ chọn một đáp án.");
    if (run.answers[String(slot)]) return;
    tx.update(practiceSessions)
      .set({ answers: { ...run.answers, [String(slot)]: unique } })
      .where(eq(practiceSessions.id, token))
      .run();
    if (run.userId !== null)
      recordPracticeAnswersIn(
        run.userId,
        [
          {
            questionId: revision.questionId,
            topicId: run.topicId,
            correct: isAnswerCorrect(correctIdsOf(tx, item.revisionId), unique),
            answeredAt: now,
          },
        ],
        now,
      );
  });
}

export type PracticeSummaryRow = {
  slot: number;
  text: string;
  answered: boolean;
  correct: boolean;
  /** Only for answered slots, like the question page. */
  explanation: string | null;
};

export type PracticeSummary = {
  topicId: string;
  topicName: string;
  count: number;
  answered: number;
  correct: number;
  rows: PracticeSummaryRow[];
};

/** The end of a run: how many were right, and each question with its explanation. */
export async function getPracticeSummary(token: string): Promise<PracticeSummary> {
  return transaction((tx) => {
    const run = loadRun(tx, token);
    const revisionIds = run.items.map((i) => i.revisionId);
    const revisions = new Map(
      tx
        .select({
          id: questionRevisions.id,
          text: questionRevisions.text,
          explanation: questionRevisions.explanation,
        })
        .from(questionRevisions)
        .where(inArray(questionRevisions.id, revisionIds))
        .all()
        .map((r) => [r.id, r]),
    );
    const correctByRevision = new Map<number, number[]>();
    for (const c of tx
      .select({ revisionId: choices.revisionId, id: choices.id })
      .from(choices)
      .where(and(inArray(choices.revisionId, revisionIds), eq(choices.isCorrect, true)))
      .all())
      correctByRevision.set(c.revisionId, [...(correctByRevision.get(c.revisionId) ?? []), c.id]);
    const rows = run.items.map((item, index): PracticeSummaryRow => {
      const slot = index + 1;
      const chosen = run.answers[String(slot)];
      const revision = revisions.get(item.revisionId);
      return {
        slot,
        text: revision?.text ?? "",
        answered: !!chosen,
        correct: !!chosen && isAnswerCorrect(correctByRevision.get(item.revisionId) ?? [], chosen),
        explanation: chosen ? (revision?.explanation ?? "") : null,
      };
    });
    return {
      topicId: run.topicId,
      topicName: run.topicName,
      count: rows.length,
      answered: rows.filter((r) => r.answered).length,
      correct: rows.filter((r) => r.correct).length,
      rows,
    };
  });
}
