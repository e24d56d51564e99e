import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  not,
  or,
  sql,
  type Placeholder,
  type SQL,
} from "drizzle-orm";
import { contentRoot, loadQuestionBank, type BankQuestion } from "#content/load.ts";
import type { QuestionInput, Skill, Topic } from "#content/schema.ts";
import {
  bankVersion,
  choices,
  contests,
  questionEvents,
  questionRevisions,
  questions,
  questionStats,
  rounds,
  skills,
  topics,
  users,
} from "#db/schema.ts";
import { vietnamParts } from "#app/domain/contest-plan.ts";
import { shuffle, type DrawableQuestion } from "#app/domain/draw.ts";
import {
  EASY_SHARE,
  HARD_SHARE,
  MIN_SAMPLE,
  staleSourceCutoff,
  type ItemSummary,
} from "#app/domain/item-stats.ts";
import { storedRules } from "#app/domain/rules.ts";
import { screenAlt } from "#app/domain/screen.ts";
import { foldVietnamese } from "#app/domain/search.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { storeImage, storeScreenImage } from "./images.server.ts";

/** A question's content, whatever it came from (a file, the console form, a spreadsheet row). */
export type RevisionContent = Omit<QuestionInput, "id">;
export type QuestionStatus = "draft" | "reviewed" | "published";

function contentHash(q: RevisionContent): string {
  const canonical = JSON.stringify([
    q.type,
    q.difficulty,
    q.text,
    // A choice's picture only when set, so choices without one keep the hashes written before pictures existed.
    q.choices.map((c) => [c.text, !!c.correct, ...(c.image ? [c.image, c.imageAlt ?? null] : [])]),
    q.explanation,
    q.source,
    q.checked,
    q.image ?? null,
    q.imageAlt ?? null,
    // Only when set, so revisions written before skills existed keep their hash (and are not re-synced).
    ...(q.skill ? [q.skill] : []),
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
      skillId: q.skill ?? null,
      screen: q.screen ?? null,
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
          imageId: c.image ?? null,
          imageAlt: c.image ? (c.imageAlt ?? null) : null,
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
  bank: { topics: Topic[]; skills: Skill[]; questions: BankQuestion[] },
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
    for (const skill of bank.skills) {
      tx.insert(skills)
        .values(skill)
        .onConflictDoUpdate({ target: skills.id, set: { area: skill.area, name: skill.name } })
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
 * resized and stored first, screens described in them drawn (with alt text made from the description), and the
 * questions then refer to them by id.
 */
export async function importContentFolder(root = contentRoot, now = Date.now()): Promise<SyncReport> {
  return syncQuestionBank(await readContentFolder(root, now), now);
}

/**
 * content/ as the sync takes it: validated, with pictures stored (a `screen` drawn, with its alt text) and
 * referred to by id. Throws with every problem when the files do not pass `npm run content:check`.
 */
export async function readContentFolder(root = contentRoot, now = Date.now()) {
  const bank = loadQuestionBank(root);
  if (bank.problems.length) {
    throw new Error(
      `The question bank has problems (npm run content:check):\n${bank.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join("\n")}`,
    );
  }
  const stored = (file: string) => storeImage(fs.readFileSync(path.join(root, "images", file)), now);
  const questions = await Promise.all(
    bank.questions.map(async (file) => {
      const q = file.choices.some((c) => c.image)
        ? {
            ...file,
            choices: await Promise.all(
              file.choices.map(async (c) => (c.image ? { ...c, image: await stored(c.image) } : c)),
            ),
          }
        : file;
      return q.screen
        ? { ...q, image: await storeScreenImage(q.screen, now), imageAlt: screenAlt(q.screen) }
        : q.image
          ? { ...q, image: await stored(q.image) }
          : q;
    }),
  );
  return { topics: bank.topics, skills: bank.skills, questions };
}

/** Topics and skills some open or coming round of a published contest may draw from at `now`. */
function mixesOfComingRounds(now: number): { topicIds: string[]; skillIds: string[] } {
  const coming = db
    .select({ rules: sql<string>`${contests.rules}` })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(and(eq(contests.status, "published"), gt(rounds.closesAt, now)))
    .all()
    .map((r) => storedRules(r.rules));
  return {
    topicIds: [...new Set(coming.flatMap((r) => r.topicMix.map((t) => t.topicId)))],
    skillIds: [...new Set(coming.flatMap((r) => r.skillMix.map((t) => t.skillId)))],
  };
}

// The skill of a question's published revision.
const publishedSkill = sql`(SELECT ${questionRevisions.skillId} FROM ${questionRevisions} WHERE ${questionRevisions.id} = ${questions.publishedRevisionId})`;

/**
 * The one rule for what practice may show at `now`: a question reserved for contests stays out of practice
 * while a round that may draw it (its topic or its skill is in the round's mix) is open or still to come, so
 * the days between two rounds do not give it away either.
 */
function shownInPractice(now: number) {
  const held = mixesOfComingRounds(now);
  if (!held.topicIds.length && !held.skillIds.length) return undefined;
  return or(
    eq(questions.reserved, false),
    and(
      held.topicIds.length ? not(inArray(questions.topicId, held.topicIds)) : undefined,
      held.skillIds.length
        ? sql`coalesce(${publishedSkill} NOT IN (${sql.join(
            held.skillIds.map((id) => sql`${id}`),
            sql`, `,
          )}), 1)`
        : undefined,
    ),
  );
}

// The bank as the draw reads it, one row per choice; contests and practice differ only in the condition.
function drawableQuery(where: SQL | undefined) {
  return db
    .select({
      topicId: questions.topicId,
      skillId: questionRevisions.skillId,
      revisionId: choices.revisionId,
      choiceId: choices.id,
    })
    .from(questions)
    .innerJoin(questionRevisions, eq(questionRevisions.id, questions.publishedRevisionId))
    .innerJoin(choices, eq(choices.revisionId, questions.publishedRevisionId))
    .where(where)
    .orderBy(asc(questions.id), asc(choices.position));
}

function ofMix(topicIds: readonly (string | Placeholder)[], skillIds: readonly (string | Placeholder)[]) {
  return or(
    topicIds.length ? inArray(questions.topicId, topicIds) : sql`0`,
    skillIds.length ? inArray(questionRevisions.skillId, skillIds) : undefined,
  );
}

// Every attempt start reads the bank for its contest's mix: drizzle would build that SQL again on each call,
// so it is prepared once per number of topics and skills in a mix (a handful of shapes).
const prepareContestDrawable = (topicCount: number, skillCount: number) =>
  drawableQuery(
    ofMix(
      Array.from({ length: topicCount }, (_, i) => sql.placeholder(`t${i}`)),
      Array.from({ length: skillCount }, (_, i) => sql.placeholder(`s${i}`)),
    ),
  ).prepare();
const contestDrawableByShape = new Map<string, ReturnType<typeof prepareContestDrawable>>();
const currentBankVersion = db.select({ version: bankVersion.version }).from(bankVersion).prepare();

function readContestDrawable(topicIds: string[], skillIds: string[]): readonly DrawableQuestion[] {
  const shape = `${topicIds.length}:${skillIds.length}`;
  let query = contestDrawableByShape.get(shape);
  if (!query) {
    query = prepareContestDrawable(topicIds.length, skillIds.length);
    contestDrawableByShape.set(shape, query);
  }
  const rows = query.all(
    Object.fromEntries([
      ...topicIds.map((id, i) => [`t${i}`, id]),
      ...skillIds.map((id, i) => [`s${i}`, id]),
    ]),
  );
  return Object.freeze(
    groupByRevision(rows).map((q) => Object.freeze({ ...q, choiceIds: Object.freeze([...q.choiceIds]) })),
  );
}

// A contest's bank is read by every attempt start (two fifths of a start's CPU when read each time), and it
// changes only when questions are edited or published: kept per mix until bank_version moves.
const contestBanks = new Map<string, { version: number; bank: readonly DrawableQuestion[] }>();

function contestDrawable(topicIds: string[], skillIds: string[]): readonly DrawableQuestion[] {
  const version = currentBankVersion.get()?.version;
  // Without its counter (never so after migration 0006) nothing could tell the kept bank is stale.
  if (version === undefined) return readContestDrawable(topicIds, skillIds);
  const key = JSON.stringify([topicIds, skillIds]);
  const kept = contestBanks.get(key);
  if (kept?.version === version) return kept.bank;
  const bank = readContestDrawable(topicIds, skillIds);
  // Old versions go at once: a handful of mixes are in use at a time.
  if (kept === undefined && contestBanks.size >= 64) contestBanks.clear();
  contestBanks.set(key, { version, bank });
  return bank;
}

/** The bank's rows, one per choice in the choices' order, as the draw takes them: one per question. */
export function groupByRevision(
  rows: { topicId: string; skillId?: string | null; revisionId: number; choiceId: number }[],
): DrawableQuestion[] {
  const byRevision = new Map<number, DrawableQuestion & { choiceIds: number[] }>();
  for (const row of rows) {
    const question = byRevision.get(row.revisionId) ?? {
      topicId: row.topicId,
      skillId: row.skillId,
      revisionId: row.revisionId,
      choiceIds: [],
    };
    question.choiceIds.push(row.choiceId);
    byRevision.set(row.revisionId, question);
  }
  return [...byRevision.values()];
}

/**
 * Published questions of the given topics or skills, as the draw needs them: the published revision, its skill
 * and its choice ids. For practice, `practiceAt` leaves out the questions kept for a contest round (see
 * shownInPractice).
 */
export async function getDrawableQuestions(
  topicIds: string[],
  practiceAt?: number,
  skillIds: string[] = [],
): Promise<readonly DrawableQuestion[]> {
  return practiceAt === undefined
    ? contestDrawable(topicIds, skillIds)
    : groupByRevision(drawableQuery(and(ofMix(topicIds, skillIds), shownInPractice(practiceAt))).all());
}

export async function listTopics(): Promise<Topic[]> {
  return db.select({ id: topics.id, name: topics.name }).from(topics).orderBy(asc(topics.id)).all();
}

/** The skills of content/skills.yaml, in its order (rowid: the order they were first synced). */
export async function listSkills(): Promise<Skill[]> {
  return db
    .select({ id: skills.id, area: skills.area, name: skills.name })
    .from(skills)
    .orderBy(sql`rowid`)
    .all();
}

/** Per skill, how many published questions test it (by their published revision). */
export async function publishedBySkill(): Promise<Map<string, number>> {
  const rows = db
    .select({ skillId: questionRevisions.skillId, n: count() })
    .from(questions)
    .innerJoin(questionRevisions, eq(questionRevisions.id, questions.publishedRevisionId))
    .groupBy(questionRevisions.skillId)
    .all();
  return new Map(rows.flatMap((r) => (r.skillId === null ? [] : [[r.skillId, r.n] as const])));
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

/** Questions whose figures or source need another look (domain/item-stats sets the thresholds). */
export type QuestionFlag = "easy" | "hard" | "misleading" | "stale_source";

export type QuestionFilter = {
  topicId?: string;
  skillId?: string;
  difficulty?: number;
  status?: QuestionStatus;
  reserved?: boolean;
  search?: string;
  flag?: QuestionFlag;
  /** The time "source checked more than 12 months ago" is measured from. */
  now?: number;
};
export type QuestionListRow = {
  id: string;
  topicId: string;
  skillId: string | null;
  checkedOn: string;
  stats: ItemSummary | null;
  status: QuestionStatus;
  isPublished: boolean;
  reserved: boolean;
  text: string;
  difficulty: number;
  type: string;
  updatedAt: number;
};

// The labels of domain/item-stats in SQL, with the same thresholds and minimum sample.
function flagCondition(flag: QuestionFlag | undefined, now: number) {
  const sampled = sql`${questionStats.answered} >= ${MIN_SAMPLE}`;
  switch (flag) {
    case undefined:
      return undefined;
    case "easy":
      return sql`${sampled} AND ${questionStats.correct} >= ${EASY_SHARE} * ${questionStats.answered}`;
    case "hard":
      return sql`${sampled} AND ${questionStats.correct} <= ${HARD_SHARE} * ${questionStats.answered}`;
    case "misleading":
      return sql`${sampled} AND ${questionStats.topWrongCount} > ${questionStats.correct}`;
    case "stale_source":
      return sql`${questionRevisions.checkedOn} < ${staleSourceCutoff(vietnamParts(now).date)}`;
  }
}

function filterCondition(filter: QuestionFilter) {
  const words = filter.search ? foldVietnamese(filter.search).split(" ").filter(Boolean) : [];
  return and(
    filter.topicId ? eq(questions.topicId, filter.topicId) : undefined,
    filter.skillId ? eq(questionRevisions.skillId, filter.skillId) : undefined,
    flagCondition(filter.flag, filter.now ?? Date.now()),
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
      .innerJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId))
      .leftJoin(questionStats, eq(questionStats.questionId, questions.id));
  const total =
    db
      .select({ n: count() })
      .from(questions)
      .innerJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId))
      .leftJoin(questionStats, eq(questionStats.questionId, questions.id))
      .where(where)
      .get()?.n ?? 0;
  const rows = base()
    .where(where)
    .orderBy(desc(questions.updatedAt), asc(questions.id))
    .limit(page.limit)
    .offset(page.offset)
    .all()
    .map(({ questions: q, question_revisions: r, question_stats: s }) => ({
      id: q.id,
      topicId: q.topicId,
      skillId: r.skillId,
      checkedOn: r.checkedOn,
      stats: s && {
        answered: s.answered,
        correct: s.correct,
        topWrongText: s.topWrongText,
        topWrongCount: s.topWrongCount,
        medianMs: s.medianMs,
        discrimination: s.discrimination,
        upperCount: s.upperCount,
        lowerCount: s.lowerCount,
      },
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
    .select({
      text: choices.text,
      correct: choices.isCorrect,
      image: choices.imageId,
      imageAlt: choices.imageAlt,
    })
    .from(choices)
    .where(eq(choices.revisionId, revisionId))
    .orderBy(asc(choices.position))
    .all()
    .map(({ image, imageAlt, ...c }) => (image ? { ...c, image, imageAlt: imageAlt ?? undefined } : c));
  return {
    type: r.type,
    difficulty: r.difficulty as 1 | 2 | 3,
    text: r.text,
    choices: revisionChoices,
    explanation: r.explanation,
    source: r.source,
    checked: r.checkedOn,
    ...(r.image ? { image: r.image, imageAlt: r.imageAlt ?? undefined } : {}),
    ...(r.skillId ? { skill: r.skillId } : {}),
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
    /**
     * Only on the event that wrote a revision whose described phone screen differs from the one before: what
     * the new screen shows (its alt text), or null when it has none (a console edit made it an ordinary
     * picture); `first` when the one before had none. A new picture alone may be a mere redraw (SCREEN_STYLE);
     * this says whether the scam message itself changed.
     */
    screenChange?: { description: string | null; first: boolean };
  }[];
};

// The events that write a new revision (the others review, publish or reserve an existing one).
const revisionWritingActions = new Set(["created", "edited", "synced"]);

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
  const screens = new Map(
    db
      .select({ number: questionRevisions.number, screen: questionRevisions.screen })
      .from(questionRevisions)
      .where(eq(questionRevisions.questionId, id))
      .all()
      .map((r) => [r.number, r.screen]),
  );
  const screenChange = (action: string, number: number | null) => {
    if (number === null || !revisionWritingActions.has(action)) return {};
    const [screen, before] = [screens.get(number) ?? null, screens.get(number - 1) ?? null];
    if (JSON.stringify(screen) === JSON.stringify(before)) return {};
    return { screenChange: { description: screen && screenAlt(screen), first: before === null } };
  };
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
    events: events.map((e) => ({ ...e, ...screenChange(e.action, e.revisionNumber) })),
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
  // ownerId: a teacher's own question (a new one only), kept out of others' quizzes until published.
  input: { id?: string; topicId: string; content: RevisionContent; ownerId?: number },
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
    .values({
      id,
      topicId: input.topicId,
      origin: "console",
      status: "draft",
      updatedAt: now,
      ownerId: input.ownerId ?? null,
    })
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
  input: { id?: string; topicId: string; content: RevisionContent; ownerId?: number },
  userId: number,
  now = Date.now(),
): Promise<{ id: string; changed: boolean }> {
  return transaction((tx) => saveInTransaction(tx, input, userId, now, true));
}

/**
 * Saves every row or none (a spreadsheet import is checked whole before this runs). Sheets carry no
 * pictures, so a row for an existing question keeps the picture its latest revision has (and each choice whose
 * text is unchanged keeps its own picture), and a row with an empty skill cell keeps its skill. The audit log gets
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
      const current = row.id
        ? tx
            .select({ revisionId: questions.currentRevisionId })
            .from(questions)
            .where(eq(questions.id, row.id))
            .get()
        : undefined;
      const kept = current?.revisionId ? revisionContent(tx, current.revisionId) : undefined;
      const keptPictures = new Map(kept?.choices.filter((c) => c.image).map((c) => [c.text, c]));
      const content = {
        ...row.content,
        choices: row.content.choices.map((c) => {
          const picture = c.image ? undefined : keptPictures.get(c.text);
          return picture ? { ...c, image: picture.image, imageAlt: picture.imageAlt } : c;
        }),
        ...(kept?.image && !row.content.image ? { image: kept.image, imageAlt: kept.imageAlt } : {}),
        ...(kept?.skill && !row.content.skill ? { skill: kept.skill } : {}),
      };
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
    // A draft may wait for its skill; a published question is drawn by skill, so it must have one.
    if (
      action === "publish" &&
      q.currentRevisionId !== null &&
      !revisionContent(tx, q.currentRevisionId).skill
    )
      throw new UserError(
        409,
        "Hãy chọn kỹ năng cho câu hỏi (khung kỹ năng số cơ bản) rồi lưu, duyệt lại trước khi xuất bản.",
      );
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
  choices: { place: number; text: string; image: string | null; imageAlt: string | null }[];
};

/** A question revision as pages show it; `isCorrect` stays on the server until a review may show it. */
export type RevisionAsShown = Readonly<{
  type: "single" | "multiple" | "true_false";
  text: string;
  image: string | null;
  imageAlt: string | null;
  explanation: string;
  source: string;
  choices: ReadonlyMap<
    number,
    Readonly<{ text: string; image: string | null; imageAlt: string | null; isCorrect: boolean }>
  >;
}>;

const revisionRow = db
  .select({
    type: questionRevisions.type,
    text: questionRevisions.text,
    image: questionRevisions.image,
    imageAlt: questionRevisions.imageAlt,
    explanation: questionRevisions.explanation,
    source: questionRevisions.source,
  })
  .from(questionRevisions)
  .where(eq(questionRevisions.id, sql.placeholder("revisionId")))
  .prepare();
const revisionChoices = db
  .select({
    id: choices.id,
    text: choices.text,
    image: choices.imageId,
    imageAlt: choices.imageAlt,
    isCorrect: choices.isCorrect,
  })
  .from(choices)
  .where(eq(choices.revisionId, sql.placeholder("revisionId")))
  .prepare();

// Every question page reads one revision and every result page ten, with their choices. A revision is never
// changed or deleted once written (an edit writes a new one), so each is read once per process. The whole bank is
// a few thousand revisions; the bound only guards against an unforeseen stream of them.
const keptRevisions = new Map<number, RevisionAsShown>();
const MAX_KEPT_REVISIONS = 20_000;

export function revisionAsShown(revisionId: number): RevisionAsShown | undefined {
  const kept = keptRevisions.get(revisionId);
  if (kept) return kept;
  const revision = revisionRow.get({ revisionId });
  if (!revision) return undefined;
  const content: RevisionAsShown = Object.freeze({
    ...revision,
    choices: new Map(
      revisionChoices.all({ revisionId }).map(({ id, ...choice }) => [id, Object.freeze(choice)]),
    ),
  });
  if (keptRevisions.size >= MAX_KEPT_REVISIONS) keptRevisions.clear();
  keptRevisions.set(revisionId, content);
  return content;
}

/** A revision's question with its choices in the order one person sees them, and nothing of the key. */
export function questionOnScreen(revisionId: number, choiceOrder: number[]): QuestionOnScreen | undefined {
  const revision = revisionAsShown(revisionId);
  if (!revision) return undefined;
  return {
    type: revision.type,
    text: revision.text,
    image: revision.image,
    imageAlt: revision.imageAlt,
    choices: choiceOrder.map((id, index) => {
      const choice = revision.choices.get(id);
      return {
        place: index + 1,
        text: choice?.text ?? "",
        image: choice?.image ?? null,
        imageAlt: choice?.imageAlt ?? null,
      };
    }),
  };
}
