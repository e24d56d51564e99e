import { and, asc, eq, lt, sql } from "drizzle-orm";
import {
  answers,
  attemptItems,
  attempts,
  boardEntries,
  choices,
  questionRevisions,
  units,
  users,
} from "#db/schema.ts";
import { choiceIdsAt, placesOf } from "#app/domain/choice-keys.ts";
import { attemptViewer } from "#app/domain/community-help.ts";
import { drawQuestions, drawSet, type Rng } from "#app/domain/draw.ts";
import { predictionQuestion, reviewVisible } from "#app/domain/rules.ts";
import { isBetterAttempt } from "#app/domain/ranking.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { correctSlots, isAnswerCorrect } from "#app/domain/scoring.ts";
import {
  type StartDecision,
  acceptsAnswers,
  attemptDeadline,
  attemptDuration,
  canStartAttempt,
  isOverdue,
  SETTLE_AFTER_DEADLINE_MS,
  submissionTime,
} from "#app/domain/timing.ts";
import { db, groupCommit, isBusyError, readTransaction, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { getRoundWithRules } from "./contests.server.ts";
import { recordSubmission, roundBoard, getRank } from "./leaderboards.server.ts";
import { assertMayStart, homeworkQuestionSet } from "./homework.server.ts";
import {
  getDrawableQuestions,
  questionOnScreen,
  revisionAsShown,
  type QuestionOnScreen,
} from "./questions.server.ts";
import { recordContestProgress } from "./progress.server.ts";
import { admitAttemptStart, normalizeAddress } from "./registration-limits.server.ts";

type AttemptRow = {
  id: number;
  userId: number;
  roundId: number;
  startedAt: number;
  deadlineAt: number;
  submittedAt: number | null;
  status: "open" | "submitted";
  questionCount: number;
  prediction: number | null;
  pausedMs: number;
  assistedBy: number | null;
};

type RoundWithRules = NonNullable<ReturnType<typeof getRoundWithRules>>;

const attemptColumns = {
  id: attempts.id,
  userId: attempts.userId,
  roundId: attempts.roundId,
  startedAt: attempts.startedAt,
  deadlineAt: attempts.deadlineAt,
  submittedAt: attempts.submittedAt,
  status: attempts.status,
  questionCount: attempts.questionCount,
  prediction: attempts.prediction,
  pausedMs: attempts.pausedMs,
  assistedBy: attempts.assistedBy,
};

// The queries of the attempt pages (start, questions, answer saves, submit, result) and of the settling job,
// built once: drizzle otherwise builds each query's SQL again on every call, which was a third of an answer
// save's CPU and most of a start's or a submit's. They run on the one connection, inside the caller's
// transaction.
const attemptById = db
  .select(attemptColumns)
  .from(attempts)
  .where(eq(attempts.id, sql.placeholder("attemptId")))
  .prepare();
const itemAtSlot = db
  .select({ choiceOrder: attemptItems.choiceOrder, type: questionRevisions.type })
  .from(attemptItems)
  .innerJoin(questionRevisions, eq(questionRevisions.id, attemptItems.revisionId))
  .where(
    and(
      eq(attemptItems.attemptId, sql.placeholder("attemptId")),
      eq(attemptItems.slot, sql.placeholder("slot")),
    ),
  )
  .prepare();
const upsertAnswer = db
  .insert(answers)
  .values({
    attemptId: sql.placeholder("attemptId"),
    slot: sql.placeholder("slot"),
    choiceIds: sql.placeholder("choiceIds"),
    answeredAt: sql.placeholder("now"),
  })
  .onConflictDoUpdate({
    target: [answers.attemptId, answers.slot],
    set: { choiceIds: sql`excluded.choice_ids`, answeredAt: sql`excluded.answered_at` },
  })
  .prepare();
const deleteAnswer = db
  .delete(answers)
  .where(and(eq(answers.attemptId, sql.placeholder("attemptId")), eq(answers.slot, sql.placeholder("slot"))))
  .prepare();
const userAttemptsInRound = db
  .select(attemptColumns)
  .from(attempts)
  .where(
    and(eq(attempts.userId, sql.placeholder("userId")), eq(attempts.roundId, sql.placeholder("roundId"))),
  )
  .orderBy(asc(attempts.startedAt))
  .prepare();
const submittedInRound = db
  .select({
    id: attempts.id,
    score: attempts.score,
    durationMs: attempts.durationMs,
    submittedAt: attempts.submittedAt,
  })
  .from(attempts)
  .where(
    and(
      eq(attempts.userId, sql.placeholder("userId")),
      eq(attempts.roundId, sql.placeholder("roundId")),
      eq(attempts.status, "submitted"),
    ),
  )
  .orderBy(asc(attempts.submittedAt))
  .prepare();
const overdueAttempts = db
  .select(attemptColumns)
  .from(attempts)
  .where(and(eq(attempts.status, "open"), lt(attempts.deadlineAt, sql.placeholder("before"))))
  .orderBy(asc(attempts.deadlineAt))
  .limit(sql.placeholder("limit"))
  .prepare();
const insertAttempt = db
  .insert(attempts)
  .values({
    userId: sql.placeholder("userId"),
    roundId: sql.placeholder("roundId"),
    startedAt: sql.placeholder("startedAt"),
    deadlineAt: sql.placeholder("deadlineAt"),
    questionCount: sql.placeholder("questionCount"),
    startAddress: sql.placeholder("startAddress"),
    assistedBy: sql.placeholder("assistedBy"),
  })
  .returning({ id: attempts.id })
  .prepare();
// One row per run: an attempt's item count depends on its contest, and a multi-row insert is a new statement per
// count.
const insertItem = db
  .insert(attemptItems)
  .values({
    attemptId: sql.placeholder("attemptId"),
    slot: sql.placeholder("slot"),
    revisionId: sql.placeholder("revisionId"),
    choiceOrder: sql.placeholder("choiceOrder"),
  })
  .prepare();
const itemOnScreen = db
  .select({ revisionId: attemptItems.revisionId, choiceOrder: attemptItems.choiceOrder })
  .from(attemptItems)
  .where(
    and(
      eq(attemptItems.attemptId, sql.placeholder("attemptId")),
      eq(attemptItems.slot, sql.placeholder("slot")),
    ),
  )
  .prepare();
const answerAtSlot = db
  .select({ choiceIds: answers.choiceIds })
  .from(answers)
  .where(and(eq(answers.attemptId, sql.placeholder("attemptId")), eq(answers.slot, sql.placeholder("slot"))))
  .prepare();
const answeredSlots = db
  .select({ slot: answers.slot })
  .from(answers)
  .where(eq(answers.attemptId, sql.placeholder("attemptId")))
  .orderBy(asc(answers.slot))
  .prepare();
const givenAnswers = db
  .select({ slot: answers.slot, choiceIds: answers.choiceIds })
  .from(answers)
  .where(eq(answers.attemptId, sql.placeholder("attemptId")))
  .prepare();
const correctChoices = db
  .select({ slot: attemptItems.slot, choiceId: choices.id })
  .from(attemptItems)
  .innerJoin(choices, and(eq(choices.revisionId, attemptItems.revisionId), eq(choices.isCorrect, true)))
  .where(eq(attemptItems.attemptId, sql.placeholder("attemptId")))
  .prepare();
const markSubmitted = db
  .update(attempts)
  .set({
    status: "submitted",
    submittedAt: sql`${sql.placeholder("submittedAt")}`,
    score: sql`${sql.placeholder("score")}`,
    durationMs: sql`${sql.placeholder("durationMs")}`,
  })
  .where(eq(attempts.id, sql.placeholder("attemptId")))
  .prepare();
const unitOfUser = db
  .select({ unitId: users.unitId, unitPath: units.path })
  .from(users)
  .leftJoin(units, eq(units.id, users.unitId))
  .where(eq(users.id, sql.placeholder("userId")))
  .prepare();
const resultOf = db
  .select({
    score: attempts.score,
    durationMs: attempts.durationMs,
    submittedAt: attempts.submittedAt,
    disqualifiedAt: attempts.disqualifiedAt,
    disqualificationReason: attempts.disqualificationReason,
  })
  .from(attempts)
  .where(eq(attempts.id, sql.placeholder("attemptId")))
  .prepare();
const nameOf = db
  .select({ name: users.name })
  .from(users)
  .where(eq(users.id, sql.placeholder("userId")))
  .prepare();
const countingAttempt = db
  .select({ attemptId: boardEntries.attemptId })
  .from(boardEntries)
  .where(
    and(eq(boardEntries.board, sql.placeholder("board")), eq(boardEntries.userId, sql.placeholder("userId"))),
  )
  .prepare();
const itemsInOrder = db
  .select({
    slot: attemptItems.slot,
    revisionId: attemptItems.revisionId,
    choiceOrder: attemptItems.choiceOrder,
  })
  .from(attemptItems)
  .where(eq(attemptItems.attemptId, sql.placeholder("attemptId")))
  .orderBy(asc(attemptItems.slot))
  .prepare();

/** The attempt and its round, for its resident or the helper who took it with them (`domain/community-help`). */
function loadOwnAttempt(tx: Db, attemptId: number, userId: number) {
  const attempt = attemptById.get({ attemptId });
  // Someone else's attempt is "not found" too: ids are not secrets, but attempts are private.
  const viewer = attempt && attemptViewer(attempt, userId);
  if (!attempt || !viewer) throw new UserError(404, "Không tìm thấy bài thi này.");
  const round = getRoundWithRules(attempt.roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  return { attempt, round, viewer };
}

function correctChoiceIds(attemptId: number) {
  const rows = correctChoices.all({ attemptId });
  const bySlot = new Map<number, number[]>();
  for (const { slot, choiceId } of rows) bySlot.set(slot, [...(bySlot.get(slot) ?? []), choiceId]);
  return [...bySlot].map(([slot, correctChoiceIds]) => ({ slot, correctChoiceIds }));
}

/** Scores an open attempt and records it on the boards. Runs inside the caller's transaction. */
function finish(tx: Db, attempt: AttemptRow, round: RoundWithRules, submittedAt: number) {
  const right = correctSlots(correctChoiceIds(attempt.id), givenAnswers.all({ attemptId: attempt.id }));
  const score = right.length;
  const durationMs = attemptDuration(attempt.startedAt, attempt.deadlineAt, submittedAt, attempt.pausedMs);
  const recordedAt = submissionTime(attempt.deadlineAt, round.rules.graceSeconds, submittedAt);
  markSubmitted.run({ attemptId: attempt.id, submittedAt: recordedAt, score, durationMs });
  recordContestProgress({
    userId: attempt.userId,
    attemptId: attempt.id,
    correctSlots: right,
    questionCount: attempt.questionCount,
    submittedAt: recordedAt,
    roundClosesAt: round.closesAt,
  });
  const user = unitOfUser.get({ userId: attempt.userId });
  recordSubmission(tx, {
    userId: attempt.userId,
    unitId: user?.unitId ?? null,
    unitPath: user?.unitPath ?? null,
    roundId: round.id,
    contestId: round.contestId,
    attemptId: attempt.id,
    score,
    durationMs,
    submittedAt: recordedAt,
    prediction: attempt.prediction,
    predictionActual: round.predictionActual,
  });
}

/** An open attempt past its deadline and grace: reading it must settle it first, a write. */
function mustSettle(attempt: AttemptRow, round: RoundWithRules, now: number): boolean {
  return attempt.status === "open" && isOverdue(attempt.deadlineAt, round.rules.graceSeconds, now);
}

/** An attempt left open past its deadline and grace counts as submitted with the answers it has. */
function settleIfOverdue(tx: Db, attempt: AttemptRow, round: RoundWithRules, now: number): AttemptRow {
  if (mustSettle(attempt, round, now)) {
    finish(tx, attempt, round, attempt.deadlineAt);
    return { ...attempt, status: "submitted", submittedAt: attempt.deadlineAt };
  }
  return attempt;
}

const MUST_SETTLE = Symbol("must settle");

/**
 * A page's read of attempts that must look settled: `read` runs on one snapshot without the write lock, so a
 * page never waits for another process's write, and returns MUST_SETTLE when an attempt ran out and must be
 * settled first (a write); it then runs again in `transaction`, with `settling` true, to settle and read.
 */
function readSettled<T>(
  read: (tx: Db, settling: boolean) => (T extends Promise<unknown> ? never : T) | typeof MUST_SETTLE,
): T {
  const snapshot = readTransaction<T | typeof MUST_SETTLE>((tx) => read(tx, false));
  if (snapshot !== MUST_SETTLE) return snapshot;
  return transaction<T | typeof MUST_SETTLE>((tx) => read(tx, true)) as T;
}

type OwnAttempt = { attempt: AttemptRow; round: RoundWithRules; viewer: "resident" | "helper" };

/** The reader's own attempt (or one they helped with), `view` seeing it settled (readSettled). */
function readOwnAttempt<T>(
  attemptId: number,
  userId: number,
  now: number,
  view: (tx: Db, own: OwnAttempt) => T extends Promise<unknown> ? never : T,
): T {
  return readSettled((tx, settling) => {
    const own = loadOwnAttempt(tx, attemptId, userId);
    if (!settling) return mustSettle(own.attempt, own.round, now) ? MUST_SETTLE : view(tx, own);
    return view(tx, { ...own, attempt: settleIfOverdue(tx, own.attempt, own.round, now) });
  });
}

// The background sweep (models/jobs) settles in short transactions and yields between them, so requests on
// the same event loop and answer saves waiting for SQLite's write lock never wait more than a few ms.
const SETTLE_BATCH = 50;
const SETTLE_BATCH_MS = 5;

/** Settles up to a batch of overdue attempts in one short transaction; returns how many it settled. */
function settleOverdueBatch(now: number, rounds: Map<number, RoundWithRules | undefined>): number {
  return transaction((tx) => {
    const overdue = overdueAttempts.all({ before: now - SETTLE_AFTER_DEADLINE_MS, limit: SETTLE_BATCH });
    const started = performance.now();
    let settled = 0;
    for (const attempt of overdue) {
      if (performance.now() - started > SETTLE_BATCH_MS) break;
      if (!rounds.has(attempt.roundId)) rounds.set(attempt.roundId, getRoundWithRules(attempt.roundId));
      const round = rounds.get(attempt.roundId);
      if (round && settleIfOverdue(tx, attempt, round, now).status === "submitted") settled++;
    }
    return settled;
  });
}

/**
 * Settles every overdue open attempt, so boards are complete without waiting for a visit (the background
 * job; a resident's own reads settle their attempts themselves). Yields to the event loop between batches.
 */
export async function settleOverdueAttempts(now = Date.now()): Promise<number> {
  let total = 0;
  const rounds = new Map<number, RoundWithRules | undefined>();
  for (
    let settled = settleOverdueBatch(now, rounds);
    settled > 0;
    settled = settleOverdueBatch(now, rounds)
  ) {
    total += settled;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return total;
}

export type RoundProgress = {
  starts: number[];
  openAttemptId: number | null;
  best: { attemptId: number; score: number } | null;
  submitted: { id: number; score: number; durationMs: number; submittedAt: number }[];
};

/** A resident's attempts in a round, settling any that ran out of time. */
export async function getRoundProgress(
  userId: number,
  roundId: number,
  now = Date.now(),
): Promise<RoundProgress> {
  const round = getRoundWithRules(roundId);
  const progress = (settled: AttemptRow[]): RoundProgress => {
    const done = submittedInRound.all({ userId, roundId }).map((a) => ({
      id: a.id,
      score: a.score ?? 0,
      durationMs: a.durationMs ?? 0,
      submittedAt: a.submittedAt ?? 0,
    }));
    // The same choice the boards make at submit time.
    const best = done.reduce<(typeof done)[number] | null>(
      (b, a) => (isBetterAttempt(a, b ?? undefined) ? a : b),
      null,
    );
    return {
      starts: settled.map((a) => a.startedAt),
      openAttemptId: settled.find((a) => a.status === "open")?.id ?? null,
      best: best && { attemptId: best.id, score: best.score },
      submitted: done,
    };
  };
  return readSettled((tx, settling) => {
    const rows = userAttemptsInRound.all({ userId, roundId });
    if (!round) return progress(rows);
    if (!settling) return rows.some((a) => mustSettle(a, round, now)) ? MUST_SETTLE : progress(rows);
    return progress(rows.map((a) => settleIfOverdue(tx, a, round, now)));
  });
}

const startRefusal: Record<Exclude<StartDecision, { ok: true }>["reason"], string> = {
  not_open_yet: "Tuần thi này chưa mở.",
  closed: "Tuần thi này đã kết thúc.",
  round_limit: "Bạn đã dùng hết số lượt thi của tuần này.",
  daily_limit: "Bạn đã dùng hết số lượt thi hôm nay. Hãy quay lại vào ngày mai.",
};

/** A community helper taking the attempt with the resident on the helper's phone, and the helper's hourly limit. */
export type Assistance = { helperId: number; perHour: number };

/**
 * Starts an attempt, or returns the one already open: pressing "Bắt đầu thi" twice never makes two. A new
 * attempt from `address` counts against that address's hourly limit (429 past it) and records the address.
 * With `assist`, the attempt is marked as taken with that helper and counts against the helper's hourly limit;
 * an open attempt the resident started alone (or with another helper) is theirs to finish, so it is refused.
 */
export async function startAttempt(
  userId: number,
  roundId: number,
  now: number,
  rng: Rng = Math.random,
  address: string | null = null,
  assist: Assistance | null = null,
): Promise<number> {
  const round = getRoundWithRules(roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  assertMayStart(userId, round);
  // A homework quiz's hand-picked questions (models/homework), or a draw by the mixes.
  const picked = !!round.rules.questionIds?.length;
  const bank = picked
    ? homeworkQuestionSet(round.rules.questionIds ?? [], round.contestOwner ?? 0)
    : await getDrawableQuestions(
        round.rules.topicMix.map((t) => t.topicId),
        undefined,
        round.rules.skillMix.map((s) => s.skillId),
      );
  return transaction((tx) => {
    const previous = userAttemptsInRound.all({ userId, roundId });
    const open = previous.map((a) => settleIfOverdue(tx, a, round, now)).find((a) => a.status === "open");
    if (open && assist && open.assistedBy !== assist.helperId)
      throw new UserError(
        409,
        "Người này đang làm dở một lượt thi khác. Hãy để họ làm tiếp trên điện thoại của họ, hoặc đợi lượt đó hết giờ.",
      );
    if (open) return open.id;
    const decision = canStartAttempt(
      round,
      round.rules,
      previous.map((a) => a.startedAt),
      now,
    );
    if (!decision.ok) throw new UserError(409, startRefusal[decision.reason]);
    if (address !== null) {
      const admission = admitAttemptStart(address, now);
      if (!admission.ok)
        throw new UserError(
          429,
          `Có quá nhiều lượt thi được bắt đầu từ mạng này trong một giờ qua. Vui lòng thử lại sau khoảng ${Math.ceil(admission.retryAfterMs / 60_000)} phút, hoặc nhờ ban tổ chức nâng giới hạn cho điểm thi chung.`,
        );
    }
    if (assist) {
      const helped = hitWindow(`assisted-attempts:${assist.helperId}`, assist.perHour, 3600_000, now);
      if (!helped.allowed)
        throw new UserError(
          429,
          `Bạn đã bắt đầu ${assist.perHour} bài thi có hỗ trợ trong một giờ qua, mức tối đa cho một người hỗ trợ. Vui lòng đợi ${describeWait(helped.retryAfterMs)} rồi thử lại.`,
        );
    }
    const items = picked
      ? drawSet(bank, rng)
      : drawQuestions(bank, round.rules.topicMix, rng, round.rules.skillMix);
    const attempt = insertAttempt.get({
      userId,
      roundId,
      startedAt: now,
      deadlineAt: attemptDeadline(now, round.rules.timeLimitSeconds, round.closesAt),
      questionCount: items.length,
      startAddress: address === null ? null : normalizeAddress(address),
      assistedBy: assist?.helperId ?? null,
    })!;
    for (const item of items) insertItem.run({ attemptId: attempt.id, ...item });
    return attempt.id;
  });
}

/** What a resident sees of a question before submitting: no field says which choice is right. */
export type QuestionForResident = QuestionOnScreen & {
  slot: number;
  /** Places of the chosen choices in this attempt's order. */
  chosen: number[];
};

export type AttemptHeader = {
  id: number;
  contestTitle: string;
  contestSlug: string;
  /** "homework": a class's quiz, with no prediction question nor public board. */
  contestKind: "contest" | "homework";
  roundNumber: number;
  questionCount: number;
  deadlineAt: number;
  status: "open" | "submitted";
  answeredSlots: number[];
  prediction: number | null;
  predictionQuestion: string;
  predictionMax: number;
  graceMs: number;
};

function header(attempt: AttemptRow, round: RoundWithRules): AttemptHeader {
  const answered = answeredSlots.all({ attemptId: attempt.id });
  return {
    id: attempt.id,
    contestTitle: round.contestTitle,
    contestSlug: round.contestSlug,
    contestKind: round.contestKind,
    roundNumber: round.number,
    questionCount: attempt.questionCount,
    deadlineAt: attempt.deadlineAt,
    status: attempt.status,
    answeredSlots: answered.map((a) => a.slot),
    prediction: attempt.prediction,
    predictionQuestion: predictionQuestion[round.rules.prediction.kind],
    predictionMax: round.rules.prediction.max,
    graceMs: round.rules.graceSeconds * 1000,
  };
}

export async function getAttemptHeader(
  attemptId: number,
  userId: number,
  now = Date.now(),
): Promise<AttemptHeader> {
  return readOwnAttempt(attemptId, userId, now, (_tx, { attempt, round }) => header(attempt, round));
}

export async function getQuestionForResident(
  attemptId: number,
  userId: number,
  slot: number,
  now = Date.now(),
): Promise<{ attempt: AttemptHeader; question: QuestionForResident }> {
  return readOwnAttempt(attemptId, userId, now, (tx, { attempt, round }) => {
    const item = itemOnScreen.get({ attemptId, slot });
    const onScreen = item && questionOnScreen(item.revisionId, item.choiceOrder);
    if (!onScreen) throw new UserError(404, "Không có câu hỏi này trong bài thi.");
    const given = answerAtSlot.get({ attemptId, slot });
    return {
      attempt: header(attempt, round),
      question: { slot, ...onScreen, chosen: placesOf(item.choiceOrder, given?.choiceIds ?? []) },
    };
  });
}

/** Why an answer was not taken, by the code the result page is sent (?khong-luu=het-gio). */
export const answerRefusal = {
  "da-nop": "Bài thi đã được nộp, không thể sửa câu trả lời.",
  "het-gio": "Đã hết giờ làm bài. Câu trả lời này không được ghi nhận.",
};
export type AnswerRefusalCode = keyof typeof answerRefusal;

/** The attempt is over (409): routes pass `code` on, never the text. */
export class AnswerRefusedError extends UserError {
  constructor(readonly code: AnswerRefusalCode) {
    super(409, answerRefusal[code]);
  }
}

/**
 * Why an answer can no longer be taken, or null. A late answer settles the attempt first, and the caller
 * throws only after its transaction has committed, so the settlement is kept.
 */
function answerBlocked(
  tx: Db,
  attempt: AttemptRow,
  round: RoundWithRules,
  now: number,
): AnswerRefusalCode | null {
  if (attempt.status === "submitted") return "da-nop";
  if (acceptsAnswers(attempt.deadlineAt, round.rules.graceSeconds, now)) return null;
  settleIfOverdue(tx, attempt, round, now);
  return "het-gio";
}

// Answer saves per resident and minute, form posts and background saves together: a resident tapping fast
// makes a few dozen; a script making hundreds is refused (429) until the minute is over. Counted in SQLite,
// so the limit holds across the cluster's processes.
const SAVES_PER_MINUTE = 120;
export const TOO_MANY_SAVES = "Bạn gửi câu trả lời quá nhanh. Hãy đợi một lát rồi thử lại.";

type AnswerSave = { attemptId: number; userId: number; slot: number; places: number[]; now: number };

const ANSWER_NOT_SAVED_BUSY = "Máy chủ đang bận nên câu trả lời chưa được lưu. Hãy chọn lại sau giây lát.";

// The saves arriving together share one commit (`groupCommit`): at a deadline peak this is most of the saves'
// cost in SQLite. A refusal is this save's result, never a throw, so it does not undo the others.
const commitAnswerSave = groupCommit((tx, { attemptId, userId, slot, places, now }: AnswerSave) => {
  // Counted in the save's own transaction (one commit, not two); a refused hit is not counted.
  if (!hitWindow(`answers:${userId}`, SAVES_PER_MINUTE, 60_000, now).allowed)
    return new UserError(429, TOO_MANY_SAVES);
  try {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    const item = itemAtSlot.get({ attemptId, slot });
    if (!item) throw new UserError(404, "Không có câu hỏi này trong bài thi.");
    const unique = choiceIdsAt(item.choiceOrder, places);
    if (!unique) throw new UserError(400, "Lựa chọn không thuộc câu hỏi này.");
    if (item.type !== "multiple" && unique.length > 1)
      throw new UserError(400, "Câu này chỉ chọn một đáp án.");
    const reason = answerBlocked(tx, attempt, round, now);
    if (reason) return new AnswerRefusedError(reason);
    if (unique.length === 0) deleteAnswer.run({ attemptId, slot });
    else upsertAnswer.run({ attemptId, slot, choiceIds: unique, now });
    return null;
  } catch (error) {
    // A refused save keeps its count (the transaction commits): a script sending saves for others' attempts,
    // or for slots and choices that do not exist, is limited like any other.
    if (error instanceof UserError) return error;
    throw error;
  }
});

/**
 * Saves (or replaces) the answer to one slot, given as places in the attempt's choice order (what the form
 * sends); the choice ids are stored. Sending the same answer twice is harmless. Resolves once the answer is
 * committed.
 */
export async function saveAnswer(
  attemptId: number,
  userId: number,
  slot: number,
  places: number[],
  now = Date.now(),
): Promise<void> {
  const refusal = await commitAnswerSave({ attemptId, userId, slot, places, now }).catch((error: unknown) => {
    // Another process held the write lock past busy_timeout: a refusal the page can retry, not a crash.
    if (isBusyError(error)) return new UserError(503, ANSWER_NOT_SAVED_BUSY);
    throw error;
  });
  if (refusal) throw refusal;
}

export async function savePrediction(
  attemptId: number,
  userId: number,
  prediction: number,
  now = Date.now(),
): Promise<void> {
  const blocked = transaction((tx) => {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    if (prediction > round.rules.prediction.max) {
      throw new UserError(400, `Số dự đoán tối đa là ${round.rules.prediction.max.toLocaleString("vi-VN")}.`);
    }
    const reason = answerBlocked(tx, attempt, round, now);
    if (!reason) tx.update(attempts).set({ prediction }).where(eq(attempts.id, attemptId)).run();
    return reason;
  });
  if (blocked) throw new AnswerRefusedError(blocked);
}

/** Submits an attempt; submitting again (a double tap, a retried request) changes nothing. */
export async function submitAttempt(attemptId: number, userId: number, now = Date.now()): Promise<void> {
  transaction((tx) => {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    if (attempt.status === "submitted") return;
    if (isOverdue(attempt.deadlineAt, round.rules.graceSeconds, now))
      settleIfOverdue(tx, attempt, round, now);
    else finish(tx, attempt, round, now);
  });
}

export type ReviewItem = {
  slot: number;
  text: string;
  image: string | null;
  imageAlt: string | null;
  choices: { text: string; isCorrect: boolean; chosen: boolean }[];
  correct: boolean;
  explanation: string;
  source: string;
};

export type AttemptResult = {
  attempt: AttemptHeader & { score: number; durationMs: number; submittedAt: number };
  rank: { rank: number; of: number } | null;
  counts: boolean;
  review: ReviewItem[] | null;
  /** An organiser's decision to disqualify this attempt, with the reason the resident is shown. */
  disqualification: { reason: string; at: number } | null;
  /** Taken with a community helper ("có hỗ trợ"): the names of both, and which of them is reading. */
  assisted: { residentName: string; helperName: string; viewer: "resident" | "helper" } | null;
};

/** The result of a submitted attempt, with the review when the contest shows it. Null while still open. */
export async function getAttemptResult(
  attemptId: number,
  userId: number,
  now = Date.now(),
): Promise<AttemptResult | null> {
  const data = readOwnAttempt(attemptId, userId, now, (_tx, { attempt, round, viewer }) => {
    if (attempt.status !== "submitted") return null;
    const full = resultOf.get({ attemptId })!;
    // The resident's board entry and rank, also when the helper who took the attempt with them is reading.
    const counting = countingAttempt.get({ board: roundBoard(round.id), userId: attempt.userId });
    let review: ReviewItem[] | null = null;
    if (reviewVisible(round.rules, round.predictionActual !== null)) {
      const given = new Map(givenAnswers.all({ attemptId }).map((a) => [a.slot, a.choiceIds]));
      review = itemsInOrder.all({ attemptId }).flatMap((item) => {
        const revision = revisionAsShown(item.revisionId);
        if (!revision) return [];
        const chosen = given.get(item.slot) ?? [];
        const isCorrect = (id: number) => !!revision.choices.get(id)?.isCorrect;
        return {
          slot: item.slot,
          text: revision.text,
          image: revision.image,
          imageAlt: revision.imageAlt,
          choices: item.choiceOrder.map((id) => ({
            text: revision.choices.get(id)?.text ?? "",
            isCorrect: isCorrect(id),
            chosen: chosen.includes(id),
          })),
          correct: isAnswerCorrect(item.choiceOrder.filter(isCorrect), chosen),
          explanation: revision.explanation,
          source: revision.source,
        };
      });
    }
    return {
      attempt: {
        ...header(attempt, round),
        score: full.score ?? 0,
        durationMs: full.durationMs ?? 0,
        submittedAt: full.submittedAt ?? now,
      },
      counts: counting?.attemptId === attemptId,
      review,
      disqualification:
        full.disqualifiedAt === null
          ? null
          : { reason: full.disqualificationReason ?? "", at: full.disqualifiedAt },
      assisted:
        attempt.assistedBy === null
          ? null
          : {
              residentName: nameOf.get({ userId: attempt.userId })?.name ?? "",
              helperName: nameOf.get({ userId: attempt.assistedBy })?.name ?? "",
              viewer,
            },
      roundId: round.id,
      residentId: attempt.userId,
    };
  });
  if (!data) return null;
  const { roundId, residentId, ...rest } = data;
  return { ...rest, rank: await getRank(roundBoard(roundId), residentId) };
}
