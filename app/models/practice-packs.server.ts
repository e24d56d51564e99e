import { and, asc, eq, inArray } from "drizzle-orm";
import { choices, offlinePracticeAnswers, questionRevisions, questions, topics } from "#db/schema.ts";
import { drawQuestions, type Rng } from "#app/domain/draw.ts";
import {
  answerTimeCounts,
  fitWithin,
  PACK_MAX_BYTES,
  PACK_SIZE,
  type OfflineAnswer,
  type PackQuestion,
  type PracticePack,
} from "#app/domain/practice-pack.ts";
import { isAnswerCorrect } from "#app/domain/scoring.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { recordPracticeAnswersIn, type PracticeAnswerFact, type PracticeAward } from "./progress.server.ts";
import { getDrawableQuestions } from "./questions.server.ts";

// Offline practice packs: practice questions with their key, for a phone to practise without a network, and the
// answers given offline coming back to count for progress. Never ranked, never a contest question.

/**
 * Up to PACK_SIZE questions of a topic that practice may show at `now` (the same rule as a practice run) and
 * that are not reserved for contests at all: a pack stays on the phone with its key after `now`, when a round
 * may start drawing a reserved question.
 */
export async function buildPracticePack(topicId: string, now: number, rng: Rng = Math.random) {
  const topic = db
    .select({ id: topics.id, name: topics.name })
    .from(topics)
    .where(eq(topics.id, topicId))
    .get();
  if (!topic) throw new UserError(404, "Không tìm thấy chủ đề này.");
  const shown = await getDrawableQuestions([topicId], now);
  const open = new Set(
    shown.length
      ? db
          .select({ revisionId: questions.publishedRevisionId })
          .from(questions)
          .where(
            and(
              eq(questions.reserved, false),
              inArray(
                questions.publishedRevisionId,
                shown.map((q) => q.revisionId),
              ),
            ),
          )
          .all()
          .map((q) => q.revisionId)
      : [],
  );
  const bank = shown.filter((q) => open.has(q.revisionId));
  if (bank.length === 0) throw new UserError(409, "Chủ đề này chưa có câu hỏi để luyện ngoại tuyến.");
  const drawn = drawQuestions(bank, [{ topicId, count: Math.min(PACK_SIZE, bank.length) }], rng);
  const revisionIds = drawn.map((d) => d.revisionId);
  const revisions = new Map(
    db
      .select({
        id: questionRevisions.id,
        questionId: questionRevisions.questionId,
        type: questionRevisions.type,
        text: questionRevisions.text,
        image: questionRevisions.image,
        imageAlt: questionRevisions.imageAlt,
        explanation: questionRevisions.explanation,
        source: questionRevisions.source,
      })
      .from(questionRevisions)
      .where(inArray(questionRevisions.id, revisionIds))
      .all()
      .map((r) => [r.id, r]),
  );
  const choiceRows = new Map(
    db
      .select({ id: choices.id, text: choices.text, correct: choices.isCorrect })
      .from(choices)
      .where(inArray(choices.revisionId, revisionIds))
      .all()
      .map((c) => [c.id, c]),
  );
  const packQuestions = drawn.map(({ revisionId, choiceOrder }): PackQuestion => {
    const { id: _id, questionId, ...revision } = revisions.get(revisionId)!;
    return {
      id: questionId,
      revisionId,
      ...revision,
      choices: choiceOrder.map((id) => choiceRows.get(id)!),
    };
  });
  const pack = (kept: PackQuestion[]): PracticePack => ({
    topicId: topic.id,
    topicName: topic.name,
    createdAt: now,
    questions: kept,
  });
  return pack(fitWithin(packQuestions, PACK_MAX_BYTES, pack));
}

export type OfflineSyncResult = PracticeAward & {
  /** Recorded now. */
  counted: number;
  /** Sent before (a retry): nothing recorded again. */
  repeated: number;
  /** No longer counted: too old, or the question has since changed, been withdrawn or kept for contests. */
  skipped: number;
};

const foreignAnswer = "Câu trả lời không khớp với câu hỏi trong gói luyện tập. Hãy tải lại gói.";

/**
 * Records answers given offline, once each (by resident, question and moment), and their XP, days and badges
 * in the same transaction. An answer naming a revision or a choice that is not the pack's is refused whole
 * (400: the queue was tampered with); one that no longer counts is skipped.
 */
export async function recordOfflineAnswers(
  userId: number,
  answers: readonly OfflineAnswer[],
  now: number,
): Promise<OfflineSyncResult> {
  const revisionIds = [...new Set(answers.map((a) => a.revisionId))];
  return transaction((tx) => {
    const revisions = new Map(
      tx
        .select({
          id: questionRevisions.id,
          questionId: questionRevisions.questionId,
          type: questionRevisions.type,
          topicId: questions.topicId,
          published: questions.publishedRevisionId,
          reserved: questions.reserved,
        })
        .from(questionRevisions)
        .innerJoin(questions, eq(questions.id, questionRevisions.questionId))
        .where(inArray(questionRevisions.id, revisionIds))
        .all()
        .map((r) => [r.id, r]),
    );
    const choicesByRevision = new Map<number, { id: number; correct: boolean }[]>();
    for (const c of tx
      .select({ revisionId: choices.revisionId, id: choices.id, correct: choices.isCorrect })
      .from(choices)
      .where(inArray(choices.revisionId, revisionIds))
      .orderBy(asc(choices.id))
      .all())
      choicesByRevision.set(c.revisionId, [...(choicesByRevision.get(c.revisionId) ?? []), c]);

    const checked = answers.map((answer) => {
      const revision = revisions.get(answer.revisionId);
      const own = choicesByRevision.get(answer.revisionId) ?? [];
      const chosen = [...new Set(answer.choiceIds)];
      if (
        !revision ||
        revision.questionId !== answer.questionId ||
        chosen.length === 0 ||
        chosen.some((id) => !own.some((c) => c.id === id)) ||
        (revision.type !== "multiple" && chosen.length > 1)
      )
        throw new UserError(400, foreignAnswer);
      const counts =
        revision.published === revision.id && !revision.reserved && answerTimeCounts(answer.answeredAt, now);
      const correct = isAnswerCorrect(
        own.filter((c) => c.correct).map((c) => c.id),
        chosen,
      );
      return { answer, chosen, counts, correct, topicId: revision.topicId };
    });

    const counted: PracticeAnswerFact[] = [];
    let repeated = 0;
    let skipped = 0;
    for (const { answer, chosen, counts, correct, topicId } of checked) {
      if (!counts) {
        skipped++;
        continue;
      }
      const inserted = tx
        .insert(offlinePracticeAnswers)
        .values({
          userId,
          questionId: answer.questionId,
          revisionId: answer.revisionId,
          choiceIds: chosen,
          correct,
          answeredAt: answer.answeredAt,
          syncedAt: now,
        })
        .onConflictDoNothing()
        .run();
      if (inserted.changes === 0) repeated++;
      else counted.push({ questionId: answer.questionId, topicId, correct, answeredAt: answer.answeredAt });
    }
    const award = recordPracticeAnswersIn(userId, counted, now);
    return { ...award, counted: counted.length, repeated, skipped };
  });
}
