import { createHash } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { BankQuestion } from "#content/load.ts";
import type { Topic } from "#content/schema.ts";
import { choices, questionRevisions, questions, topics } from "#db/schema.ts";
import type { DrawableQuestion } from "#app/domain/draw.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";

type RevisionContent = Omit<BankQuestion, "id" | "topicId">;

function contentHash(q: RevisionContent): string {
  const canonical = JSON.stringify([
    q.type,
    q.difficulty,
    q.text,
    q.choices.map((c) => [c.text, !!c.correct]),
    q.explanation,
    q.source,
    q.checked,
    q.image ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

function insertRevision(tx: Db, questionId: string, number: number, q: RevisionContent, now: number): number {
  const revision = tx
    .insert(questionRevisions)
    .values({
      questionId,
      number,
      type: q.type,
      difficulty: q.difficulty,
      text: q.text,
      explanation: q.explanation,
      source: q.source,
      checkedOn: q.checked,
      image: q.image ?? null,
      contentHash: contentHash(q),
      createdAt: now,
    })
    .returning({ id: questionRevisions.id })
    .get();
  tx.insert(choices)
    .values(
      q.choices.map((c, position) => ({
        revisionId: revision.id,
        position,
        text: c.text,
        isCorrect: !!c.correct,
      })),
    )
    .run();
  return revision.id;
}

export type SyncReport = { created: number; revised: number; unchanged: number };

/**
 * Brings the database in line with the reviewed files: new questions are created published, changed ones get a
 * new revision (attempts keep the revision they drew), unchanged ones are left alone. Safe to run again.
 */
export async function syncQuestionBank(
  bank: { topics: Topic[]; questions: BankQuestion[] },
  now = Date.now(),
): Promise<SyncReport> {
  const report: SyncReport = { created: 0, revised: 0, unchanged: 0 };
  transaction((tx) => {
    for (const topic of bank.topics) {
      tx.insert(topics)
        .values(topic)
        .onConflictDoUpdate({ target: topics.id, set: { name: topic.name } })
        .run();
    }
    for (const q of bank.questions) {
      const existing = tx
        .select({ hash: questionRevisions.contentHash, number: questionRevisions.number })
        .from(questions)
        .leftJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId))
        .where(eq(questions.id, q.id))
        .get();
      if (existing?.hash === contentHash(q)) {
        report.unchanged++;
        continue;
      }
      if (!existing) {
        tx.insert(questions)
          .values({ id: q.id, topicId: q.topicId, status: "published", updatedAt: now })
          .run();
      }
      const revisionId = insertRevision(tx, q.id, (existing?.number ?? 0) + 1, q, now);
      tx.update(questions)
        .set({ currentRevisionId: revisionId, topicId: q.topicId, updatedAt: now })
        .where(eq(questions.id, q.id))
        .run();
      if (existing) report.revised++;
      else report.created++;
    }
  });
  return report;
}

/** Published questions of the given topics, as the draw needs them: current revision and its choice ids. */
export async function getDrawableQuestions(topicIds: string[]): Promise<DrawableQuestion[]> {
  const rows = db
    .select({ topicId: questions.topicId, revisionId: choices.revisionId, choiceId: choices.id })
    .from(questions)
    .innerJoin(choices, eq(choices.revisionId, questions.currentRevisionId))
    .where(and(inArray(questions.topicId, topicIds), eq(questions.status, "published")))
    .orderBy(asc(questions.id), asc(choices.position))
    .all();
  const byRevision = new Map<number, DrawableQuestion>();
  for (const row of rows) {
    const question = byRevision.get(row.revisionId) ?? {
      topicId: row.topicId,
      revisionId: row.revisionId,
      choiceIds: [],
    };
    question.choiceIds.push(row.choiceId);
    byRevision.set(row.revisionId, question);
  }
  return [...byRevision.values()];
}

export async function countPublishedByTopic(): Promise<Map<string, number>> {
  const rows = db
    .select({ topicId: questions.topicId, count: sql<number>`count(*)` })
    .from(questions)
    .where(eq(questions.status, "published"))
    .groupBy(questions.topicId)
    .all();
  return new Map(rows.map((r) => [r.topicId, r.count]));
}

export async function listTopics(): Promise<Topic[]> {
  return db.select({ id: topics.id, name: topics.name }).from(topics).orderBy(asc(topics.id)).all();
}
