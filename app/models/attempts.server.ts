import { and, asc, eq, inArray, lt } from "drizzle-orm";
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
import { drawQuestions, type Rng } from "#app/domain/draw.ts";
import { predictionQuestion, reviewVisible } from "#app/domain/rules.ts";
import { isBetterAttempt } from "#app/domain/ranking.ts";
import { isAnswerCorrect, scoreAttempt } from "#app/domain/scoring.ts";
import {
  type StartDecision,
  acceptsAnswers,
  attemptDeadline,
  attemptDuration,
  canStartAttempt,
  isOverdue,
  submissionTime,
} from "#app/domain/timing.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { getRoundWithRules } from "./contests.server.ts";
import { recordSubmission, roundBoard, getRank } from "./leaderboards.server.ts";
import { getDrawableQuestions, questionOnScreen, type QuestionOnScreen } from "./questions.server.ts";
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
};

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
};

function loadOwnAttempt(tx: Db, attemptId: number, userId: number) {
  const attempt = tx.select(attemptColumns).from(attempts).where(eq(attempts.id, attemptId)).get();
  // Someone else's attempt is "not found" too: ids are not secrets, but attempts are private.
  if (!attempt || attempt.userId !== userId) throw new UserError(404, "Không tìm thấy bài thi này.");
  const round = getRoundWithRules(tx, attempt.roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  return { attempt, round };
}

function correctChoiceIds(tx: Db, attemptId: number) {
  const rows = tx
    .select({ slot: attemptItems.slot, choiceId: choices.id })
    .from(attemptItems)
    .innerJoin(choices, and(eq(choices.revisionId, attemptItems.revisionId), eq(choices.isCorrect, true)))
    .where(eq(attemptItems.attemptId, attemptId))
    .all();
  const bySlot = new Map<number, number[]>();
  for (const { slot, choiceId } of rows) bySlot.set(slot, [...(bySlot.get(slot) ?? []), choiceId]);
  return [...bySlot].map(([slot, correctChoiceIds]) => ({ slot, correctChoiceIds }));
}

function givenAnswers(tx: Db, attemptId: number) {
  return tx
    .select({ slot: answers.slot, choiceIds: answers.choiceIds })
    .from(answers)
    .where(eq(answers.attemptId, attemptId))
    .all();
}

/** Scores an open attempt and records it on the boards. Runs inside the caller's transaction. */
function finish(
  tx: Db,
  attempt: AttemptRow,
  round: NonNullable<ReturnType<typeof getRoundWithRules>>,
  submittedAt: number,
) {
  const score = scoreAttempt(correctChoiceIds(tx, attempt.id), givenAnswers(tx, attempt.id));
  const durationMs = attemptDuration(attempt.startedAt, attempt.deadlineAt, submittedAt, attempt.pausedMs);
  const recordedAt = submissionTime(attempt.deadlineAt, round.rules.graceSeconds, submittedAt);
  tx.update(attempts)
    .set({ status: "submitted", submittedAt: recordedAt, score, durationMs })
    .where(eq(attempts.id, attempt.id))
    .run();
  const user = tx
    .select({ unitId: users.unitId, unitPath: units.path })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, attempt.userId))
    .get();
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

/** An attempt left open past its deadline and grace counts as submitted with the answers it has. */
function settleIfOverdue(
  tx: Db,
  attempt: AttemptRow,
  round: NonNullable<ReturnType<typeof getRoundWithRules>>,
  now: number,
): AttemptRow {
  if (attempt.status === "open" && isOverdue(attempt.deadlineAt, round.rules.graceSeconds, now)) {
    finish(tx, attempt, round, attempt.deadlineAt);
    return { ...attempt, status: "submitted", submittedAt: attempt.deadlineAt };
  }
  return attempt;
}

/** Settles every overdue open attempt (a periodic sweep, so boards are complete without waiting for a visit). */
export async function settleOverdueAttempts(now = Date.now()): Promise<number> {
  const overdue = db
    .select({ id: attempts.id, userId: attempts.userId })
    .from(attempts)
    .where(and(eq(attempts.status, "open"), lt(attempts.deadlineAt, now - 60_000)))
    .all();
  for (const { id, userId } of overdue) {
    transaction((tx) => {
      const { attempt, round } = loadOwnAttempt(tx, id, userId);
      settleIfOverdue(tx, attempt, round, now);
    });
  }
  return overdue.length;
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
  return transaction((tx) => {
    const round = getRoundWithRules(tx, roundId);
    const rows = tx
      .select(attemptColumns)
      .from(attempts)
      .where(and(eq(attempts.userId, userId), eq(attempts.roundId, roundId)))
      .orderBy(asc(attempts.startedAt))
      .all();
    const settled = round ? rows.map((a) => settleIfOverdue(tx, a, round, now)) : rows;
    const done = tx
      .select({
        id: attempts.id,
        score: attempts.score,
        durationMs: attempts.durationMs,
        submittedAt: attempts.submittedAt,
      })
      .from(attempts)
      .where(
        and(eq(attempts.userId, userId), eq(attempts.roundId, roundId), eq(attempts.status, "submitted")),
      )
      .orderBy(asc(attempts.submittedAt))
      .all()
      .map((a) => ({
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
  });
}

const startRefusal: Record<Exclude<StartDecision, { ok: true }>["reason"], string> = {
  not_open_yet: "Tuần thi này chưa mở.",
  closed: "Tuần thi này đã kết thúc.",
  round_limit: "Bạn đã dùng hết số lượt thi của tuần này.",
  daily_limit: "Bạn đã dùng hết số lượt thi hôm nay. Hãy quay lại vào ngày mai.",
};

/**
 * Starts an attempt, or returns the one already open: pressing "Bắt đầu thi" twice never makes two. A new
 * attempt from `address` counts against that address's hourly limit (429 past it) and records the address.
 */
export async function startAttempt(
  userId: number,
  roundId: number,
  now: number,
  rng: Rng = Math.random,
  address: string | null = null,
): Promise<number> {
  const round = getRoundWithRules(db, roundId);
  if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
  const bank = await getDrawableQuestions(round.rules.topicMix.map((t) => t.topicId));
  return transaction((tx) => {
    const previous = tx
      .select(attemptColumns)
      .from(attempts)
      .where(and(eq(attempts.userId, userId), eq(attempts.roundId, roundId)))
      .all();
    const open = previous.map((a) => settleIfOverdue(tx, a, round, now)).find((a) => a.status === "open");
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
    const items = drawQuestions(bank, round.rules.topicMix, rng);
    const attempt = tx
      .insert(attempts)
      .values({
        userId,
        roundId,
        startedAt: now,
        deadlineAt: attemptDeadline(now, round.rules.timeLimitSeconds, round.closesAt),
        questionCount: items.length,
        startAddress: address === null ? null : normalizeAddress(address),
      })
      .returning({ id: attempts.id })
      .get();
    tx.insert(attemptItems)
      .values(items.map((item) => ({ attemptId: attempt.id, ...item })))
      .run();
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

function header(
  tx: Db,
  attempt: AttemptRow,
  round: NonNullable<ReturnType<typeof getRoundWithRules>>,
): AttemptHeader {
  const answered = tx
    .select({ slot: answers.slot })
    .from(answers)
    .where(eq(answers.attemptId, attempt.id))
    .orderBy(asc(answers.slot))
    .all();
  return {
    id: attempt.id,
    contestTitle: round.contestTitle,
    contestSlug: round.contestSlug,
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
  return transaction((tx) => {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    return header(tx, settleIfOverdue(tx, attempt, round, now), round);
  });
}

export async function getQuestionForResident(
  attemptId: number,
  userId: number,
  slot: number,
  now = Date.now(),
): Promise<{ attempt: AttemptHeader; question: QuestionForResident }> {
  return transaction((tx) => {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    const current = settleIfOverdue(tx, attempt, round, now);
    const item = tx
      .select({ revisionId: attemptItems.revisionId, choiceOrder: attemptItems.choiceOrder })
      .from(attemptItems)
      .where(and(eq(attemptItems.attemptId, attemptId), eq(attemptItems.slot, slot)))
      .get();
    const onScreen = item && questionOnScreen(tx, item.revisionId, item.choiceOrder);
    if (!onScreen) throw new UserError(404, "Không có câu hỏi này trong bài thi.");
    const given = tx
      .select({ choiceIds: answers.choiceIds })
      .from(answers)
      .where(and(eq(answers.attemptId, attemptId), eq(answers.slot, slot)))
      .get();
    return {
      attempt: header(tx, current, round),
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
  round: NonNullable<ReturnType<typeof getRoundWithRules>>,
  now: number,
): AnswerRefusalCode | null {
  if (attempt.status === "submitted") return "da-nop";
  if (acceptsAnswers(attempt.deadlineAt, round.rules.graceSeconds, now)) return null;
  settleIfOverdue(tx, attempt, round, now);
  return "het-gio";
}

/**
 * Saves (or replaces) the answer to one slot, given as places in the attempt's choice order (what the form
 * sends); the choice ids are stored. Sending the same answer twice is harmless.
 */
export async function saveAnswer(
  attemptId: number,
  userId: number,
  slot: number,
  places: number[],
  now = Date.now(),
): Promise<void> {
  const blocked = transaction((tx) => {
    const { attempt, round } = loadOwnAttempt(tx, attemptId, userId);
    const item = tx
      .select({ choiceOrder: attemptItems.choiceOrder, type: questionRevisions.type })
      .from(attemptItems)
      .innerJoin(questionRevisions, eq(questionRevisions.id, attemptItems.revisionId))
      .where(and(eq(attemptItems.attemptId, attemptId), eq(attemptItems.slot, slot)))
      .get();
    if (!item) throw new UserError(404, "Không có câu hỏi này trong bài thi.");
    const unique = choiceIdsAt(item.choiceOrder, places);
    if (!unique) throw new UserError(400, "Lựa chọn không thuộc câu hỏi này.");
    if (item.type !== "multiple" && unique.length > 1)
      throw new UserError(400, "Câu này chỉ chọn một đáp án.");
    const reason = answerBlocked(tx, attempt, round, now);
    if (reason) return reason;
    if (unique.length === 0) {
      tx.delete(answers)
        .where(and(eq(answers.attemptId, attemptId), eq(answers.slot, slot)))
        .run();
    } else {
      tx.insert(answers)
        .values({ attemptId, slot, choiceIds: unique, answeredAt: now })
        .onConflictDoUpdate({
          target: [answers.attemptId, answers.slot],
          set: { choiceIds: unique, answeredAt: now },
        })
        .run();
    }
    return null;
  });
  if (blocked) throw new AnswerRefusedError(blocked);
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
};

/** The result of a submitted attempt, with the review when the contest shows it. Null while still open. */
export async function getAttemptResult(
  attemptId: number,
  userId: number,
  now = Date.now(),
): Promise<AttemptResult | null> {
  const data = transaction((tx) => {
    const { attempt: raw, round } = loadOwnAttempt(tx, attemptId, userId);
    const attempt = settleIfOverdue(tx, raw, round, now);
    if (attempt.status !== "submitted") return null;
    const full = tx
      .select({
        score: attempts.score,
        durationMs: attempts.durationMs,
        submittedAt: attempts.submittedAt,
        disqualifiedAt: attempts.disqualifiedAt,
        disqualificationReason: attempts.disqualificationReason,
      })
      .from(attempts)
      .where(eq(attempts.id, attemptId))
      .get()!;
    const counting = tx
      .select({ attemptId: boardEntries.attemptId })
      .from(boardEntries)
      .where(and(eq(boardEntries.board, roundBoard(round.id)), eq(boardEntries.userId, userId)))
      .get();
    let review: ReviewItem[] | null = null;
    if (reviewVisible(round.rules, round.predictionActual !== null)) {
      const items = tx
        .select({
          slot: attemptItems.slot,
          revisionId: attemptItems.revisionId,
          choiceOrder: attemptItems.choiceOrder,
          text: questionRevisions.text,
          image: questionRevisions.image,
          imageAlt: questionRevisions.imageAlt,
          explanation: questionRevisions.explanation,
          source: questionRevisions.source,
        })
        .from(attemptItems)
        .innerJoin(questionRevisions, eq(questionRevisions.id, attemptItems.revisionId))
        .where(eq(attemptItems.attemptId, attemptId))
        .orderBy(asc(attemptItems.slot))
        .all();
      const allChoices = tx
        .select({ id: choices.id, text: choices.text, isCorrect: choices.isCorrect })
        .from(choices)
        .where(
          inArray(
            choices.revisionId,
            items.map((i) => i.revisionId),
          ),
        )
        .all();
      const byId = new Map(allChoices.map((c) => [c.id, c]));
      const given = new Map(givenAnswers(tx, attemptId).map((a) => [a.slot, a.choiceIds]));
      review = items.map((item) => {
        const chosen = given.get(item.slot) ?? [];
        const itemChoices = item.choiceOrder.map((id) => ({
          text: byId.get(id)?.text ?? "",
          isCorrect: !!byId.get(id)?.isCorrect,
          chosen: chosen.includes(id),
        }));
        return {
          slot: item.slot,
          text: item.text,
          image: item.image,
          imageAlt: item.imageAlt,
          choices: itemChoices,
          correct: isAnswerCorrect(
            item.choiceOrder.filter((id) => byId.get(id)?.isCorrect),
            chosen,
          ),
          explanation: item.explanation,
          source: item.source,
        };
      });
    }
    return {
      attempt: {
        ...header(tx, attempt, round),
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
      roundId: round.id,
    };
  });
  if (!data) return null;
  const { roundId, ...rest } = data;
  return { ...rest, rank: await getRank(roundBoard(roundId), userId) };
}
