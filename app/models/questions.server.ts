import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, desc, eq, gt, inArray, not, or, sql } from "drizzle-orm";
import { contentRoot, loadQuestionBank, type BankQuestion } from "#content/load.ts";
import type { QuestionInput, Topic } from "#content/schema.ts";
import {
  choices,
  contests,
  questionEvents,
  questionRevisions,
  questions,
  rounds,
  topics,
  users,
} from "#db/schema.ts";
import { shuffle, type DrawableQuestion } from "#app/domain/draw.ts";
import { contestRulesSchema } from "#app/domain/rules.ts";
import { foldVietnamese } from "#app/domain/search.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { storeImage } from "./images.server.ts";

/** A question's content, whatever it came from (a file, the console form, a spreadsheet row). */
export type RevisionContent = Omit<QuestionInput, "id">;
export type QuestionStatus = "draft" | "reviewed" | "published";

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
    q.imageAlt ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

function searchTextOf(q: RevisionContent): string {
  return foldVietnamese([q.text, ...q.choices.map((c) => c.text), q.explanation, q.source].join(" "));
}

/** Writes a new revision (revisions never change) and makes it the question's latest. */
function addRevision(
  tx: Db,
  questionId: string,
  q: RevisionContent,
  userId: number | null,
  now: number,
): number {
  const last = tx
    .select({ number: sql<number>`max(${questionRevisions.number})` })
    .from(questionRevisions)
    .where(eq(questionRevisions.questionId, questionId))
    .get();
  const revision = tx
    .insert(questionRevisions)
    .values({
      questionId,
      number: (last?.number ?? 0) + 1,
      type: q.type,
      difficulty: q.difficulty,
      text: q.text,
      explanation: q.explanation,
      source: q.source,
      checkedOn: q.checked,
      image: q.image ?? null,
      imageAlt: q.image ? (q.imageAlt ?? null) : null,
      contentHash: contentHash(q),
      createdBy: userId,
      createdAt: now,
    })
    .returning({ id: questionRevisions.id })
    .get();
  // Inserted in random order: ids must follow neither correctness nor the author's order (kept in position).
  tx.insert(choices)
    .values(
      shuffle(
        q.choices.map((c, position) => ({
          revisionId: revision.id,
          position,
          text: c.text,
          isCorrect: !!c.correct,
        })),
        Math.random,
      ),
    )
    .run();
  tx.update(questions)
    .set({ currentRevisionId: revision.id, searchText: searchTextOf(q), updatedAt: now })
    .where(eq(questions.id, questionId))
    .run();
  return revision.id;
}

function logEvent(
  tx: Db,
  questionId: string,
  revisionId: number | null,
  action: (typeof questionEvents.$inferInsert)["action"],
  userId: number | null,
  now: number,
  override = false,
) {
  tx.insert(questionEvents).values({ questionId, revisionId, action, userId, override, at: now }).run();
}

export type SyncReport = { created: number; revised: number; unchanged: number };

/**
 * Brings the database in line with the reviewed files in content/: a new or changed file question gets a
 * published revision (attempts keep the revision they drew); a question whose file did not change is left
 * alone, so edits made in the console survive. Safe to run again.
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
    for (const { id, topicId, ...content } of bank.questions) {
      const hash = contentHash(content);
      const existing = tx
        .select({ fileHash: questions.fileHash })
        .from(questions)
        .where(eq(questions.id, id))
        .get();
      if (existing?.fileHash === hash) {
        report.unchanged++;
        continue;
      }
      if (!existing) tx.insert(questions).values({ id, topicId, origin: "file", updatedAt: now }).run();
      const revisionId = addRevision(tx, id, content, null, now);
      tx.update(questions)
        .set({ topicId, status: "published", publishedRevisionId: revisionId, fileHash: hash })
        .where(eq(questions.id, id))
        .run();
      logEvent(tx, id, revisionId, "synced", null, now);
      if (existing) report.revised++;
      else report.created++;
    }
  });
  return report;
}

/**
 * `npm run content:import` and start-up: validates content/ and syncs it. Images named in the files are
 * resized and stored first, and the questions then refer to them by id.
 */
export async function importContentFolder(root = contentRoot, now = Date.now()): Promise<SyncReport> {
  const bank = loadQuestionBank(root);
  if (bank.problems.length) {
    throw new Error(
      `The question bank has problems (npm run content:check):\n${bank.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join("\n")}`,
    );
  }
  const questionsWithImages = await Promise.all(
    bank.questions.map(async (q) =>
      q.image
        ? { ...q, image: await storeImage(fs.readFileSync(path.join(root, "images", q.image)), now) }
        : q,
    ),
  );
  return syncQuestionBank({ topics: bank.topics, questions: questionsWithImages }, now);
}

/** Topics some open or coming round of a published contest may draw from at `now`. */
function topicsOfComingRounds(now: number): Set<string> {
  const coming = db
    .select({ rules: contests.rules })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(and(eq(contests.status, "published"), gt(rounds.closesAt, now)))
    .all();
  return new Set(coming.flatMap((r) => contestRulesSchema.parse(r.rules).topicMix.map((t) => t.topicId)));
}

/**
 * The one rule for what practice may show at `now`: a question reserved for contests stays out of practice
 * while a round that may draw it (its topic mix has the question's topic) is open or still to come, so the
 * days between two rounds do not give it away either.
 */
function shownInPractice(now: number) {
  const held = [...topicsOfComingRounds(now)];
  return held.length ? or(eq(questions.reserved, false), not(inArray(questions.topicId, held))) : undefined;
}

/**
 * Published questions of the given topics, as the draw needs them: the published revision and its choice ids.
 * For practice, `practiceAt` leaves out the questions kept for a contest round (see shownInPractice).
 */
export async function getDrawableQuestions(
  topicIds: string[],
  practiceAt?: number,
): Promise<DrawableQuestion[]> {
  const rows = db
    .select({ topicId: questions.topicId, revisionId: choices.revisionId, choiceId: choices.id })
    .from(questions)
    .innerJoin(choices, eq(choices.revisionId, questions.publishedRevisionId))
    .where(
      and(
        inArray(questions.topicId, topicIds),
        practiceAt === undefined ? undefined : shownInPractice(practiceAt),
      ),
    )
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

export async function listTopics(): Promise<Topic[]> {
  return db.select({ id: topics.id, name: topics.name }).from(topics).orderBy(asc(topics.id)).all();
}

/** Per topic, how many published questions practice may show at `now`, and how many are kept for contests. */
export async function countPracticeByTopic(
  now: number,
): Promise<Map<string, { practice: number; kept: number }>> {
  const practice = shownInPractice(now) ?? sql`1`;
  const rows = db
    .select({
      topicId: questions.topicId,
      n: count(),
      practice: sql<number>`sum(CASE WHEN ${practice} THEN 1 ELSE 0 END)`,
    })
    .from(questions)
    .where(sql`${questions.publishedRevisionId} IS NOT NULL`)
    .groupBy(questions.topicId)
    .all();
  return new Map(rows.map((r) => [r.topicId, { practice: r.practice, kept: r.n - r.practice }]));
}

// ---------------------------------------------------------------------------------------------------------
// The organiser console

export type QuestionFilter = {
  topicId?: string;
  difficulty?: number;
  status?: QuestionStatus;
  reserved?: boolean;
  search?: string;
};
export type QuestionListRow = {
  id: string;
  topicId: string;
  status: QuestionStatus;
  isPublished: boolean;
  reserved: boolean;
  text: string;
  difficulty: number;
  type: string;
  updatedAt: number;
};

function filterCondition(filter: QuestionFilter) {
  const words = filter.search ? foldVietnamese(filter.search).split(" ").filter(Boolean) : [];
  return and(
    filter.topicId ? eq(questions.topicId, filter.topicId) : undefined,
    filter.status ? eq(questions.status, filter.status) : undefined,
    filter.reserved === undefined ? undefined : eq(questions.reserved, filter.reserved),
    filter.difficulty ? eq(questionRevisions.difficulty, filter.difficulty) : undefined,
    // Every word must appear; LIKE's wildcards in the input are taken literally.
    ...words.map(
      (w) => sql`${questions.searchText} LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`,
    ),
  );
}

export async function listQuestions(
  filter: QuestionFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: QuestionListRow[]; total: number }> {
  const where = filterCondition(filter);
  const base = () =>
    db
      .select()
      .from(questions)
      .innerJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId));
  const total =
    db
      .select({ n: count() })
      .from(questions)
      .innerJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId))
      .where(where)
      .get()?.n ?? 0;
  const rows = base()
    .where(where)
    .orderBy(desc(questions.updatedAt), asc(questions.id))
    .limit(page.limit)
    .offset(page.offset)
    .all()
    .map(({ questions: q, question_revisions: r }) => ({
      id: q.id,
      topicId: q.topicId,
      status: q.status,
      isPublished: q.publishedRevisionId !== null,
      reserved: q.reserved,
      text: r.text,
      difficulty: r.difficulty,
      type: r.type,
      updatedAt: q.updatedAt,
    }));
  return { rows, total };
}

function revisionContent(tx: Db, revisionId: number): RevisionContent {
  const r = tx.select().from(questionRevisions).where(eq(questionRevisions.id, revisionId)).get();
  if (!r) throw new UserError(404, "Không tìm thấy phiên bản câu hỏi.");
  const revisionChoices = tx
    .select({ text: choices.text, correct: choices.isCorrect })
    .from(choices)
    .where(eq(choices.revisionId, revisionId))
    .orderBy(asc(choices.position))
    .all();
  return {
    type: r.type,
    difficulty: r.difficulty as 1 | 2 | 3,
    text: r.text,
    choices: revisionChoices,
    explanation: r.explanation,
    source: r.source,
    checked: r.checkedOn,
    ...(r.image ? { image: r.image, imageAlt: r.imageAlt ?? undefined } : {}),
  };
}

export type QuestionDetail = {
  id: string;
  topicId: string;
  origin: "file" | "console";
  status: QuestionStatus;
  reserved: boolean;
  revisionNumber: number;
  publishedRevisionNumber: number | null;
  /** Who wrote the latest revision (null for the reviewed files): they may not review it themselves. */
  lastEditorId: number | null;
  content: RevisionContent;
  events: {
    action: string;
    userName: string | null;
    at: number;
    revisionNumber: number | null;
    override: boolean;
  }[];
};

export async function getQuestionDetail(id: string): Promise<QuestionDetail | undefined> {
  const q = db.select().from(questions).where(eq(questions.id, id)).get();
  if (!q?.currentRevisionId) return undefined;
  const numberOf = (revisionId: number | null) =>
    revisionId === null
      ? null
      : (db
          .select({ n: questionRevisions.number })
          .from(questionRevisions)
          .where(eq(questionRevisions.id, revisionId))
          .get()?.n ?? null);
  const events = db
    .select({
      action: questionEvents.action,
      userName: users.name,
      at: questionEvents.at,
      revisionNumber: questionRevisions.number,
      override: questionEvents.override,
    })
    .from(questionEvents)
    .leftJoin(users, eq(users.id, questionEvents.userId))
    .leftJoin(questionRevisions, eq(questionRevisions.id, questionEvents.revisionId))
    .where(eq(questionEvents.questionId, id))
    .orderBy(desc(questionEvents.at), desc(questionEvents.id))
    .all();
  return {
    id: q.id,
    topicId: q.topicId,
    origin: q.origin,
    status: q.status,
    reserved: q.reserved,
    revisionNumber: numberOf(q.currentRevisionId) ?? 1,
    publishedRevisionNumber: numberOf(q.publishedRevisionId),
    lastEditorId: lastEditorOf(db, q.currentRevisionId),
    content: revisionContent(db, q.currentRevisionId),
    events,
  };
}

function lastEditorOf(tx: Db, revisionId: number): number | null {
  return (
    tx
      .select({ createdBy: questionRevisions.createdBy })
      .from(questionRevisions)
      .where(eq(questionRevisions.id, revisionId))
      .get()?.createdBy ?? null
  );
}

function newQuestionId(topicId: string): string {
  return `${topicId}-c${randomBytes(4).toString("hex")}`;
}

/**
 * Saves a question from the console or a spreadsheet: a new question, or a new revision of an existing one.
 * Either way it goes back to draft and waits for review; a published question keeps being drawn at its
 * published revision meanwhile. Saving unchanged content changes nothing.
 */
function saveInTransaction(
  tx: Db,
  input: { id?: string; topicId: string; content: RevisionContent },
  userId: number,
  now: number,
  audit: boolean,
): { id: string; changed: boolean } {
  if (input.id) {
    const existing = tx
      .select({
        currentRevisionId: questions.currentRevisionId,
        topicId: questions.topicId,
        status: questions.status,
      })
      .from(questions)
      .where(eq(questions.id, input.id))
      .get();
    if (!existing) throw new UserError(404, `Không có câu hỏi mã ${input.id}.`);
    const currentHash = existing.currentRevisionId
      ? tx
          .select({ hash: questionRevisions.contentHash })
          .from(questionRevisions)
          .where(eq(questionRevisions.id, existing.currentRevisionId))
          .get()?.hash
      : null;
    if (currentHash === contentHash(input.content) && existing.topicId === input.topicId)
      return { id: input.id, changed: false };
    const revisionId = addRevision(tx, input.id, input.content, userId, now);
    tx.update(questions)
      .set({ topicId: input.topicId, status: "draft" })
      .where(eq(questions.id, input.id))
      .run();
    logEvent(tx, input.id, revisionId, "edited", userId, now);
    if (audit)
      recordAudit(tx, {
        actorId: userId,
        action: "question.edit",
        entity: "question",
        entityId: input.id,
        before: {
          topicId: existing.topicId,
          status: existing.status,
          revisionId: existing.currentRevisionId,
        },
        after: { topicId: input.topicId, status: "draft", revisionId },
        at: now,
      });
    return { id: input.id, changed: true };
  }
  const id = newQuestionId(input.topicId);
  tx.insert(questions)
    .values({ id, topicId: input.topicId, origin: "console", status: "draft", updatedAt: now })
    .run();
  const revisionId = addRevision(tx, id, input.content, userId, now);
  logEvent(tx, id, revisionId, "created", userId, now);
  if (audit)
    recordAudit(tx, {
      actorId: userId,
      action: "question.create",
      entity: "question",
      entityId: id,
      after: { topicId: input.topicId, status: "draft", revisionId },
      at: now,
    });
  return { id, changed: true };
}

export async function saveQuestion(
  input: { id?: string; topicId: string; content: RevisionContent },
  userId: number,
  now = Date.now(),
): Promise<{ id: string; changed: boolean }> {
  return transaction((tx) => saveInTransaction(tx, input, userId, now, true));
}

/**
 * Saves every row or none (a spreadsheet import is checked whole before this runs). Sheets carry no
 * pictures, so a row for an existing question keeps the picture its latest revision has. The audit log gets
 * one entry for the import, with its counts (each question's history has the rows).
 */
export async function saveQuestions(
  rows: { id?: string; topicId: string; content: RevisionContent }[],
  userId: number,
  now = Date.now(),
  fileName = "",
): Promise<{ created: number; updated: number; unchanged: number }> {
  return transaction((tx) => {
    const report = { created: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const current =
        row.id && !row.content.image
          ? tx
              .select({ revisionId: questions.currentRevisionId })
              .from(questions)
              .where(eq(questions.id, row.id))
              .get()
          : undefined;
      const kept = current?.revisionId ? revisionContent(tx, current.revisionId) : undefined;
      const content = kept?.image
        ? { ...row.content, image: kept.image, imageAlt: kept.imageAlt }
        : row.content;
      const { changed } = saveInTransaction(tx, { ...row, content }, userId, now, false);
      if (!row.id) report.created++;
      else if (changed) report.updated++;
      else report.unchanged++;
    }
    recordAudit(tx, {
      actorId: userId,
      action: "question.import",
      entity: "question",
      entityId: fileName || "—",
      after: { file: fileName || null, ...report },
      at: now,
    });
    return report;
  });
}

export async function existingQuestionIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ id: questions.id })
      .from(questions)
      .where(inArray(questions.id, ids))
      .all()
      .map((r) => r.id),
  );
}

export type ReviewAction = "review" | "publish" | "unpublish";

const transitions: Record<ReviewAction, { from: QuestionStatus[]; to: QuestionStatus; refusal: string }> = {
  review: {
    from: ["draft"],
    to: "reviewed",
    refusal: "Chỉ câu hỏi ở trạng thái nháp mới chuyển sang đã duyệt.",
  },
  publish: { from: ["reviewed"], to: "published", refusal: "Câu hỏi cần được duyệt trước khi xuất bản." },
  unpublish: { from: ["reviewed", "published"], to: "draft", refusal: "Câu hỏi này chưa được xuất bản." },
};

export type Reviewer = { id: number; role: (typeof users.$inferSelect)["role"] };

/**
 * Moves a question through review: draft → reviewed → published; unpublishing takes it out of every draw.
 * The reviewer must be someone other than the author of the latest revision; an admin may review their own
 * revision with `override`, and the history records it.
 */
export async function changeQuestionStatus(
  id: string,
  action: ReviewAction,
  user: Reviewer,
  now = Date.now(),
  options: { override?: boolean } = {},
): Promise<void> {
  transaction((tx) => {
    const q = tx
      .select({
        status: questions.status,
        currentRevisionId: questions.currentRevisionId,
        publishedRevisionId: questions.publishedRevisionId,
      })
      .from(questions)
      .where(eq(questions.id, id))
      .get();
    if (!q) throw new UserError(404, "Không tìm thấy câu hỏi.");
    const rule = transitions[action];
    if (!rule.from.includes(q.status) && !(action === "unpublish" && q.publishedRevisionId !== null))
      throw new UserError(409, rule.refusal);
    if (options.override && user.role !== "admin")
      throw new UserError(403, "Chỉ quản trị viên mới được duyệt thay người duyệt thứ hai.");
    const ownRevision = q.currentRevisionId !== null && lastEditorOf(tx, q.currentRevisionId) === user.id;
    if (action === "review" && ownRevision && !options.override)
      throw new UserError(
        403,
        "Bạn là người sửa câu hỏi này lần cuối nên không thể tự duyệt. Hãy nhờ một người khác trong ban tổ chức duyệt.",
      );
    const publishedRevisionId =
      action === "publish" ? q.currentRevisionId : action === "unpublish" ? null : q.publishedRevisionId;
    tx.update(questions)
      .set({ status: rule.to, publishedRevisionId, updatedAt: now })
      .where(eq(questions.id, id))
      .run();
    recordAudit(tx, {
      actorId: user.id,
      action: `question.${action}`,
      entity: "question",
      entityId: id,
      before: { status: q.status, publishedRevisionId: q.publishedRevisionId },
      after: {
        status: rule.to,
        publishedRevisionId,
        ...(action === "review" && ownRevision ? { override: true } : {}),
      },
      at: now,
    });
    logEvent(
      tx,
      id,
      q.currentRevisionId,
      action === "review" ? "reviewed" : action === "publish" ? "published" : "unpublished",
      user.id,
      now,
      action === "review" && ownRevision,
    );
  });
}

/** Reserves a question for contests (or gives it back to practice); the history records who and when. */
export async function setQuestionReserved(
  id: string,
  reserved: boolean,
  userId: number,
  now = Date.now(),
): Promise<void> {
  transaction((tx) => {
    const q = tx
      .select({ reserved: questions.reserved, currentRevisionId: questions.currentRevisionId })
      .from(questions)
      .where(eq(questions.id, id))
      .get();
    if (!q) throw new UserError(404, "Không tìm thấy câu hỏi.");
    if (q.reserved === reserved) return;
    tx.update(questions).set({ reserved, updatedAt: now }).where(eq(questions.id, id)).run();
    recordAudit(tx, {
      actorId: userId,
      action: reserved ? "question.reserve" : "question.unreserve",
      entity: "question",
      entityId: id,
      before: { reserved: q.reserved },
      after: { reserved },
      at: now,
    });
    logEvent(tx, id, q.currentRevisionId, reserved ? "reserved" : "unreserved", userId, now);
  });
}

/** Every question's latest revision, for the spreadsheet export. */
export async function exportQuestions(): Promise<
  (RevisionContent & { id: string; topicId: string; status: QuestionStatus })[]
> {
  const rows = db
    .select({
      id: questions.id,
      topicId: questions.topicId,
      status: questions.status,
      revisionId: questions.currentRevisionId,
    })
    .from(questions)
    .orderBy(asc(questions.topicId), asc(questions.id))
    .all();
  return rows.flatMap((r) =>
    r.revisionId === null
      ? []
      : [{ id: r.id, topicId: r.topicId, status: r.status, ...revisionContent(db, r.revisionId) }],
  );
}

/**
 * What a resident sees of a question before answering, in their choice order; nothing says which is right.
 * A choice is known by its place (1-based) in that order, never by its id (see domain/choice-keys).
 */
export type QuestionOnScreen = {
  type: "single" | "multiple" | "true_false";
  text: string;
  image: string | null;
  imageAlt: string | null;
  choices: { place: number; text: string }[];
};

/** Runs inside the caller's transaction (attempts and practice both read questions this way). */
export function questionOnScreen(
  tx: Db,
  revisionId: number,
  choiceOrder: number[],
): QuestionOnScreen | undefined {
  const revision = tx
    .select({
      type: questionRevisions.type,
      text: questionRevisions.text,
      image: questionRevisions.image,
      imageAlt: questionRevisions.imageAlt,
    })
    .from(questionRevisions)
    .where(eq(questionRevisions.id, revisionId))
    .get();
  if (!revision) return undefined;
  const texts = new Map(
    tx
      .select({ id: choices.id, text: choices.text })
      .from(choices)
      .where(eq(choices.revisionId, revisionId))
      .all()
      .map((c) => [c.id, c.text]),
  );
  return {
    ...revision,
    choices: choiceOrder.map((id, index) => ({ place: index + 1, text: texts.get(id) ?? "" })),
  };
}
