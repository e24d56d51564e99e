import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { and, asc, desc, eq, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import {
  choices,
  classes,
  classMembers,
  liveAnswers,
  liveEvents,
  liveGameQuestions,
  liveGameResults,
  liveGames,
  livePlayers,
  questionRevisions,
  topics,
} from "#db/schema.ts";
import { drawQuestions, type Rng } from "#app/domain/draw.ts";
import {
  acceptsAnswer,
  answerPoints,
  cleanPlayerName,
  closesByItself,
  drawPin,
  GameRuleError,
  ranks,
  settleAnswer,
  streakBonus,
  transition,
  waitsFor,
  type AnswerProgress,
  type GameAction,
  type GameState,
  type GameStatus,
} from "#app/domain/live-game.ts";
import { hasOffensiveWord } from "#app/domain/offensive-words.ts";
import type { SessionUser } from "#app/utils/auth.server.ts";
import { db, groupCommit, transaction } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { createTicker, sseFrame } from "#app/utils/live-events.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { getDrawableQuestions, questionOnScreen } from "./questions.server.ts";

// Live class games: the host drives a game on a projector, players answer from their phones. The database is
// the truth (state, answers, events); each server process tells its own connections (decision 021).

/** Answer posts a player may send per minute (one counts per question; the rest are a script or a bug). */
export const LIVE_ANSWERS_PER_MINUTE = 30;
/** How often each process looks for new events of the games its connections follow. */
export const LIVE_TICK_MS = 100;
const TOP = 5;
const LOBBY_NAMES_SHOWN = 200;

export type HostRole = "teacher" | "organiser" | "admin";
export const HOST_ROLES: SessionUser["role"][] = ["teacher", "organiser", "admin"];

function hashSecret(secret: string): Buffer {
  return Buffer.from(sha256(new TextEncoder().encode(secret)));
}

function newSecret(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

function addEvent(gameId: number, audience: "all" | "host", type: string, payload: unknown, now: number) {
  db.insert(liveEvents).values({ gameId, audience, type, payload, at: now }).run();
}

// ---------------------------------------------------------------------------------------------------------
// Creating a game

export type HostClass = { id: number; name: string; grade: number };

/** The classes a host may attach a game to: a teacher's own, every class for an admin. */
export async function listHostClasses(user: SessionUser): Promise<HostClass[]> {
  const query = db
    .select({ id: classes.id, name: classes.name, grade: classes.grade })
    .from(classes)
    .orderBy(asc(classes.grade), asc(classes.name));
  return user.role === "admin"
    ? query.where(isNull(classes.archivedAt)).all()
    : query.where(and(eq(classes.teacherId, user.id), isNull(classes.archivedAt))).all();
}

export type NewGame = {
  title: string;
  topicIds: string[];
  questionCount: number;
  timeLimitSeconds: number;
  speedPoints: boolean;
  classId: number | null;
};

/**
 * Draws the questions from the published bank (single-answer questions of the chosen topics, none kept back
 * for a contest; app/domain/draw.ts) and opens the lobby with a PIN no unfinished game holds.
 */
export async function createGame(host: SessionUser, input: NewGame, now: number, rng: Rng = Math.random) {
  if (input.classId !== null) {
    const own = (await listHostClasses(host)).some((c) => c.id === input.classId);
    if (!own) throw new UserError(403, "Bạn chỉ tạo được trò chơi cho lớp của mình.");
  }
  const known = db.select({ id: topics.id }).from(topics).where(inArray(topics.id, input.topicIds)).all();
  if (known.length !== input.topicIds.length) throw new UserError(400, "Có chủ đề không tồn tại.");
  const drawable = await getDrawableQuestions(input.topicIds, now);
  const singles = new Set(
    drawable.length === 0
      ? []
      : db
          .select({ id: questionRevisions.id })
          .from(questionRevisions)
          .where(
            and(
              inArray(
                questionRevisions.id,
                drawable.map((q) => q.revisionId),
              ),
              sql`${questionRevisions.type} <> 'multiple'`,
            ),
          )
          .all()
          .map((r) => r.id),
  );
  // One answer button per choice, four at most.
  const bank = drawable.filter((q) => singles.has(q.revisionId) && q.choiceIds.length <= 4);
  if (bank.length < input.questionCount)
    throw new UserError(
      409,
      `Các chủ đề đã chọn chỉ có ${bank.length} câu hỏi dùng được cho trò chơi; hãy chọn ít câu hơn hoặc thêm chủ đề.`,
    );
  // The draw fills each topic's quota; a mix over several topics is spread as evenly as the bank allows.
  const pool = bank.map((q) => ({ ...q, topicId: "live" }));
  const items = drawQuestions(pool, [{ topicId: "live", count: input.questionCount }], rng);
  for (let tries = 0; ; tries++) {
    const pin = drawPin(rng);
    try {
      return transaction(() => {
        const game = db
          .insert(liveGames)
          .values({
            pin,
            hostId: host.id,
            classId: input.classId,
            title: input.title,
            questionCount: input.questionCount,
            timeLimitMs: input.timeLimitSeconds * 1000,
            speedPoints: input.speedPoints,
            createdAt: now,
          })
          .returning({ id: liveGames.id, pin: liveGames.pin })
          .get();
        db.insert(liveGameQuestions)
          .values(
            items.map((item) => ({
              gameId: game.id,
              position: item.slot,
              revisionId: item.revisionId,
              choiceOrder: item.choiceOrder,
            })),
          )
          .run();
        addEvent(game.id, "all", "created", {}, now);
        return game;
      });
    } catch (error) {
      // Another unfinished game holds this PIN: draw another.
      const taken = error instanceof Error && /UNIQUE constraint failed: live_games\.pin/.test(error.message);
      if (!taken || tries > 20) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading a game

type GameRow = typeof liveGames.$inferSelect;

const gameById = db
  .select()
  .from(liveGames)
  .where(eq(liveGames.id, sql.placeholder("id")))
  .prepare();

function stateOf(game: GameRow): GameState {
  return {
    status: game.status,
    questionIndex: game.questionIndex,
    questionCount: game.questionCount,
    timeLimitMs: game.timeLimitMs,
    openedAt: game.openedAt,
    deadlineAt: game.deadlineAt,
    pausedAt: game.pausedAt,
    remainingMs: game.remainingMs,
  };
}

/** The game for its host (or an admin); 404 for anyone else, so PINs and ids say nothing. */
export async function getHostedGame(gameId: number, host: SessionUser): Promise<GameRow> {
  const game = gameById.get({ id: gameId });
  if (!game || (game.hostId !== host.id && host.role !== "admin"))
    throw new UserError(404, "Không tìm thấy trò chơi này.");
  return game;
}

export async function listHostedGames(host: SessionUser) {
  return db
    .select({
      id: liveGames.id,
      title: liveGames.title,
      pin: liveGames.pin,
      status: liveGames.status,
      createdAt: liveGames.createdAt,
    })
    .from(liveGames)
    .where(eq(liveGames.hostId, host.id))
    .orderBy(desc(liveGames.createdAt))
    .limit(20)
    .all();
}

const questionAt = db
  .select()
  .from(liveGameQuestions)
  .where(
    and(
      eq(liveGameQuestions.gameId, sql.placeholder("gameId")),
      eq(liveGameQuestions.position, sql.placeholder("position")),
    ),
  )
  .prepare();

const correctChoices = db
  .select({ id: choices.id })
  .from(choices)
  .where(and(eq(choices.revisionId, sql.placeholder("revisionId")), eq(choices.isCorrect, true)))
  .prepare();

/** The places (1-based) of the correct choices in the order the game shows them. */
function correctPlaces(question: { revisionId: number; choiceOrder: number[] }): number[] {
  const correct = new Set(correctChoices.all({ revisionId: question.revisionId }).map((c) => c.id));
  return question.choiceOrder.flatMap((id, index) => (correct.has(id) ? [index + 1] : []));
}

const distributionOf = db
  .select({ place: liveAnswers.place, count: sql<number>`count(*)` })
  .from(liveAnswers)
  .innerJoin(livePlayers, eq(livePlayers.id, liveAnswers.playerId))
  .where(and(eq(liveAnswers.gameQuestionId, sql.placeholder("questionId")), isNull(livePlayers.removedAt)))
  .groupBy(liveAnswers.place)
  .prepare();

// A game's players still in it, each with their answer to one question (if any): the standings and the close check.
const answerToQuestion = and(
  eq(liveAnswers.playerId, livePlayers.id),
  eq(liveAnswers.gameQuestionId, sql.placeholder("questionId")),
);
const playersInGame = and(eq(livePlayers.gameId, sql.placeholder("gameId")), isNull(livePlayers.removedAt));

// Every active player with their answer to the given question (if any), best score first.
const standingsQuery = db
  .select({
    id: livePlayers.id,
    name: livePlayers.name,
    score: livePlayers.score,
    streak: livePlayers.streak,
    place: liveAnswers.place,
    correct: liveAnswers.correct,
    points: liveAnswers.points,
  })
  .from(livePlayers)
  .leftJoin(liveAnswers, answerToQuestion)
  .where(playersInGame)
  .orderBy(desc(livePlayers.score), asc(livePlayers.id))
  .prepare();

function distribution(questionId: number, choiceCount: number) {
  const counts = new Map(distributionOf.all({ questionId }).map((d) => [d.place, d.count]));
  return Array.from({ length: choiceCount }, (_, i) => ({ place: i + 1, count: counts.get(i + 1) ?? 0 }));
}

export type LiveQuestion = {
  index: number;
  count: number;
  text: string;
  image: string | null;
  imageAlt: string | null;
  choices: { place: number; text: string }[];
};

/** What every screen of a game shows, the same for all its players (never the key while a question is open). */
export type GameView = {
  id: number;
  title: string;
  status: GameStatus;
  questionIndex: number;
  questionCount: number;
  timeLimitMs: number;
  /** Milliseconds left on the open question, as of `serverNow` (the countdown runs from the server's clock). */
  remainingMs: number | null;
  paused: boolean;
  serverNow: number;
  question: LiveQuestion | null;
  /** After a question closes: how many chose each place, and the right place(s). */
  distribution: { place: number; count: number }[] | null;
  correctPlaces: number[] | null;
  top: { name: string; score: number; rank: number }[];
  playerCount: number;
};

export type PlayerStanding = {
  name: string;
  score: number;
  rank: number;
  streak: number;
  /** The place this player chose on the current question, if any. */
  answeredPlace: number | null;
  /** Once the question closed: whether they were right and the points it brought (bonus included). */
  correct: boolean | null;
  gained: number | null;
};

/** The view of a game and the standing of each active player, read at once (one per tick and process). */
export function readGame(game: GameRow, now: number) {
  const question =
    game.questionIndex > 0 ? questionAt.get({ gameId: game.id, position: game.questionIndex }) : undefined;
  const rows = standingsQuery.all({ gameId: game.id, questionId: question?.id ?? 0 });
  const rankList = ranks(rows.map((r) => r.score));
  const revealed = game.status !== "question" && game.status !== "lobby";
  const standings = new Map<number, PlayerStanding>();
  rows.forEach((row, index) => {
    const answered = row.place !== null;
    standings.set(row.id, {
      name: row.name,
      score: row.score,
      rank: rankList[index]!,
      streak: row.streak,
      answeredPlace: row.place,
      correct: revealed ? answered && row.correct === true : null,
      gained: revealed ? (row.correct ? row.points! + streakBonus(row.streak) : 0) : null,
    });
  });
  const screen = question ? questionOnScreen(question.revisionId, question.choiceOrder) : undefined;
  const view: GameView = {
    id: game.id,
    title: game.title,
    status: game.status,
    questionIndex: game.questionIndex,
    questionCount: game.questionCount,
    timeLimitMs: game.timeLimitMs,
    remainingMs:
      game.status !== "question"
        ? null
        : game.pausedAt !== null
          ? game.remainingMs
          : Math.max(game.deadlineAt! - now, 0),
    paused: game.pausedAt !== null,
    serverNow: now,
    question:
      question && screen && game.status !== "finished"
        ? {
            index: game.questionIndex,
            count: game.questionCount,
            text: screen.text,
            image: screen.image,
            imageAlt: screen.imageAlt,
            choices: screen.choices,
          }
        : null,
    distribution: revealed && question && screen ? distribution(question.id, screen.choices.length) : null,
    correctPlaces: revealed && question ? correctPlaces(question) : null,
    top: rows
      .slice(0, TOP)
      .map((row, index) => ({ name: row.name, score: row.score, rank: rankList[index]! })),
    playerCount: rows.length,
  };
  return { view, standings, lobby: rows.slice(-LOBBY_NAMES_SHOWN).map((r) => ({ id: r.id, name: r.name })) };
}

export type HostView = GameView & {
  pin: string;
  players: { id: number; name: string }[];
  answered: number;
};

const tallyQuery = db
  .select({ count: sql<number>`count(*)`, lastId: sql<number | null>`max(${liveAnswers.id})` })
  .from(liveAnswers)
  .where(eq(liveAnswers.gameQuestionId, sql.placeholder("questionId")))
  .prepare();

function tallyOf(game: GameRow) {
  if (game.status !== "question" && game.status !== "closed")
    return { questionIndex: game.questionIndex, answered: 0, lastAnswerId: null };
  const question = questionAt.get({ gameId: game.id, position: game.questionIndex });
  const tally = question ? tallyQuery.get({ questionId: question.id }) : undefined;
  return {
    questionIndex: game.questionIndex,
    answered: tally?.count ?? 0,
    lastAnswerId: tally?.lastId ?? null,
  };
}

export async function getHostView(gameId: number, host: SessionUser, now: number): Promise<HostView> {
  const game = await getHostedGame(gameId, host);
  const { view, lobby } = readGame(game, now);
  return { ...view, pin: game.pin, players: lobby, answered: tallyOf(game).answered };
}

// ---------------------------------------------------------------------------------------------------------
// Players

const openGameByPin = db
  .select()
  .from(liveGames)
  .where(and(eq(liveGames.pin, sql.placeholder("pin")), isNull(liveGames.finishedAt)))
  .prepare();

export type JoinInput = {
  pin: string;
  name: string;
  /** The client's address: joins are limited per address and minute, wrong PINs included (PIN guessing). */
  address: string;
};

type JoinJob = {
  pin: string;
  /** The name typed, cleaned (null: unusable); a student of the game's class plays under their account's. */
  name: string | null;
  address: string;
  user: SessionUser | null;
  tokenHash: Buffer;
  now: number;
};
type JoinOutcome =
  | { ok: true; gameId: number; playerId: number }
  | { ok: false; status: 400 | 403 | 404 | 409 | 429; message: string };

// One join's writes (its rate-limit hit, the player, the host's event) in the transaction of its batch. A
// refusal is returned, not thrown, so the hit it counted stays and the batch's other joins are kept.
function joinOne(job: JoinJob): JoinOutcome {
  if (!hitWindow(`live-join:${job.address}`, env.LIVE_JOINS_PER_MINUTE, 60_000, job.now).allowed)
    return {
      ok: false,
      status: 429,
      message: "Có quá nhiều người vào từ mạng này. Hãy thử lại sau một phút.",
    };
  const game = openGameByPin.get({ pin: job.pin });
  if (!game)
    return {
      ok: false,
      status: 404,
      message: "Không có trò chơi nào đang mở với mã PIN này. Hãy kiểm tra lại mã.",
    };
  const user = job.user;
  const student =
    user && game.classId !== null
      ? db
          .select({ userId: classMembers.userId })
          .from(classMembers)
          .where(
            and(
              eq(classMembers.classId, game.classId),
              eq(classMembers.userId, user.id),
              isNull(classMembers.removedAt),
            ),
          )
          .get()
      : undefined;
  const name = student ? user!.name : job.name;
  if (!name) return { ok: false, status: 400, message: "Hãy nhập tên hiển thị từ 1 đến 24 ký tự." };
  if (!student && hasOffensiveWord(name))
    return { ok: false, status: 400, message: "Tên này không phù hợp. Hãy chọn tên khác." };
  if (student) {
    const existing = db
      .select({ id: livePlayers.id, removedAt: livePlayers.removedAt })
      .from(livePlayers)
      .where(and(eq(livePlayers.gameId, game.id), eq(livePlayers.userId, user!.id)))
      .get();
    if (existing?.removedAt)
      return { ok: false, status: 403, message: "Giáo viên đã mời bạn ra khỏi trò chơi này." };
    if (existing) {
      db.update(livePlayers).set({ tokenHash: job.tokenHash }).where(eq(livePlayers.id, existing.id)).run();
      return { ok: true, gameId: game.id, playerId: existing.id };
    }
  }
  const taken = db
    .select({ id: livePlayers.id })
    .from(livePlayers)
    .where(and(eq(livePlayers.gameId, game.id), eq(livePlayers.name, name), isNull(livePlayers.removedAt)))
    .get();
  if (taken)
    return {
      ok: false,
      status: 409,
      message: "Đã có người chơi dùng tên này. Hãy thêm chữ hoặc số cho khác đi.",
    };
  const player = db
    .insert(livePlayers)
    .values({
      gameId: game.id,
      name,
      userId: student ? user!.id : null,
      tokenHash: job.tokenHash,
      joinedAt: job.now,
    })
    .returning({ id: livePlayers.id })
    .get();
  addEvent(game.id, "host", "joined", { playerId: player.id, name }, job.now);
  return { ok: true, gameId: game.id, playerId: player.id };
}

// A class joins within seconds of the PIN going up: the joins that arrive together share one commit.
const joinTogether = groupCommit((_tx, job: JoinJob) => joinOne(job));

/**
 * Joins the game with that PIN, or rejoins it: a student of the game's class signed in on this device is
 * recognised by their account (their name, their player, whatever device). Returns the token for the cookie.
 */
export async function joinGame(
  input: JoinInput,
  user: SessionUser | null,
  now: number,
): Promise<{ gameId: number; playerId: number; token: string }> {
  const secret = newSecret();
  const outcome = await joinTogether({
    pin: input.pin,
    name: cleanPlayerName(input.name),
    address: input.address,
    user,
    tokenHash: hashSecret(secret),
    now,
  });
  if (!outcome.ok) throw new UserError(outcome.status, outcome.message);
  return { gameId: outcome.gameId, playerId: outcome.playerId, token: `${outcome.playerId}.${secret}` };
}

const playerById = db
  .select({
    id: livePlayers.id,
    gameId: livePlayers.gameId,
    name: livePlayers.name,
    tokenHash: livePlayers.tokenHash,
    removedAt: livePlayers.removedAt,
    joinedAt: livePlayers.joinedAt,
  })
  .from(livePlayers)
  .where(eq(livePlayers.id, sql.placeholder("id")))
  .prepare();

export type LivePlayer = { id: number; gameId: number; name: string; removed: boolean; joinedAt: number };

/** The player a cookie token ("<id>.<secret>") stands for, or null; compared in constant time. */
export function playerFromToken(token: string | null | undefined): LivePlayer | null {
  const match = /^(\d{1,15})\.([a-z2-7]{32})$/.exec(token ?? "");
  if (!match) return null;
  const player = playerById.get({ id: Number(match[1]) });
  if (!player || !constantTimeEqual(player.tokenHash, hashSecret(match[2]!))) return null;
  return {
    id: player.id,
    gameId: player.gameId,
    name: player.name,
    removed: player.removedAt !== null,
    joinedAt: player.joinedAt,
  };
}

/** The game a player's page shows (finished ones too, so the podium stays), by the PIN in its address. */
export function gameForPlayer(player: LivePlayer, pin: string): GameRow | null {
  const game = gameById.get({ id: player.gameId });
  return game && game.pin === pin ? game : null;
}

export async function getPlayerView(player: LivePlayer, now: number) {
  const game = gameById.get({ id: player.gameId })!;
  const { view, standings } = readGame(game, now);
  return { view, me: standings.get(player.id) ?? null, pin: game.pin };
}

// ---------------------------------------------------------------------------------------------------------
// Answers: written in batches (group commit), each in the same transaction as its rate-limit hit

export type AnswerInput = { playerId: number; questionIndex: number; place: number; receivedAt: number };
export type AnswerOutcome =
  { ok: true; answerId: number; gameId: number } | { ok: false; status: 409 | 429 | 403; message: string };

function saveAnswer(input: AnswerInput): AnswerOutcome {
  const player = playerById.get({ id: input.playerId });
  if (!player || player.removedAt !== null)
    return { ok: false, status: 403, message: "Bạn không còn trong trò chơi này." };
  if (!hitWindow(`live-answer:${input.playerId}`, LIVE_ANSWERS_PER_MINUTE, 60_000, input.receivedAt).allowed)
    return { ok: false, status: 429, message: "Bạn gửi quá nhiều lần. Hãy chờ một chút." };
  const game = gameById.get({ id: player.gameId })!;
  const state = stateOf(game);
  const closed = {
    ok: false,
    status: 409,
    message: "Câu hỏi này đã hết giờ; câu trả lời không được tính.",
  } as const;
  if (!acceptsAnswer(state, input.questionIndex, input.receivedAt)) return closed;
  if (!waitsFor(player, state))
    return { ok: false, status: 409, message: "Bạn vào sau khi câu hỏi đã mở: hãy chờ câu tiếp theo." };
  const question = questionAt.get({ gameId: game.id, position: input.questionIndex })!;
  if (input.place < 1 || input.place > question.choiceOrder.length)
    return { ok: false, status: 409, message: "Không có lựa chọn này." };
  const correct = correctPlaces(question).includes(input.place);
  const points = answerPoints(correct, input.receivedAt - game.openedAt!, game.timeLimitMs, game.speedPoints);
  const inserted = db
    .insert(liveAnswers)
    .values({
      gameQuestionId: question.id,
      playerId: player.id,
      place: input.place,
      correct,
      points,
      answeredAt: input.receivedAt,
    })
    .onConflictDoNothing()
    .returning({ id: liveAnswers.id })
    .get();
  if (!inserted) return { ok: false, status: 409, message: "Bạn đã trả lời câu này rồi." };
  return { ok: true, answerId: inserted.id, gameId: game.id };
}

const saveTogether = groupCommit((_tx, input: AnswerInput) => saveAnswer(input));

/**
 * Saves an answer; counts only for the open question, before its deadline, once per player. The answers that
 * arrive together share one commit (`groupCommit`: one sync to disk for a whole class answering at once). The
 * reply waits for the check that closes the question when this was the last answer it waited for.
 */
export async function submitAnswer(input: AnswerInput): Promise<AnswerOutcome> {
  const outcome = await saveTogether(input);
  if (outcome.ok) await closeWhenAllAnswered(outcome.gameId);
  return outcome;
}

// One check per game for all the answers of a batch (they settle in the same turn of the event loop).
const closeChecks = new Map<number, Promise<void>>();

function closeWhenAllAnswered(gameId: number): Promise<void> {
  let check = closeChecks.get(gameId);
  if (!check) {
    check = new Promise<void>((resolve) =>
      setImmediate(() => {
        closeChecks.delete(gameId);
        try {
          const game = gameById.get({ id: gameId });
          if (game && closeIfDue(game, Date.now())) liveTicker.poke(gameId);
        } catch (error) {
          // The answers are saved; the next tick tries the close again.
          console.error(error);
        }
        resolve();
      }),
    );
    closeChecks.set(gameId, check);
  }
  return check;
}

// ---------------------------------------------------------------------------------------------------------
// Host actions

function settleQuestion(game: GameRow, now: number) {
  const question = questionAt.get({ gameId: game.id, position: game.questionIndex })!;
  const players = db
    .select({
      id: livePlayers.id,
      score: livePlayers.score,
      streak: livePlayers.streak,
      correctCount: livePlayers.correctCount,
      correct: liveAnswers.correct,
      points: liveAnswers.points,
    })
    .from(livePlayers)
    .leftJoin(
      liveAnswers,
      and(eq(liveAnswers.playerId, livePlayers.id), eq(liveAnswers.gameQuestionId, question.id)),
    )
    .where(and(eq(livePlayers.gameId, game.id), isNull(livePlayers.removedAt)))
    .all();
  const update = db
    .update(livePlayers)
    .set({
      score: sql`${sql.placeholder("score")}`,
      streak: sql`${sql.placeholder("streak")}`,
      correctCount: sql`${sql.placeholder("correctCount")}`,
    })
    .where(eq(livePlayers.id, sql.placeholder("id")))
    .prepare();
  for (const player of players) {
    const answer = player.correct === null ? null : { correct: player.correct, points: player.points! };
    const settled = settleAnswer(player, answer);
    update.run({
      id: player.id,
      score: settled.score,
      streak: settled.streak,
      correctCount: settled.correctCount,
    });
  }
  db.update(liveGameQuestions).set({ closedAt: now }).where(eq(liveGameQuestions.id, question.id)).run();
}

function saveResults(game: GameRow, now: number) {
  const rows = db
    .select({
      id: livePlayers.id,
      userId: livePlayers.userId,
      name: livePlayers.name,
      score: livePlayers.score,
      correctCount: livePlayers.correctCount,
    })
    .from(livePlayers)
    .where(and(eq(livePlayers.gameId, game.id), isNull(livePlayers.removedAt)))
    .orderBy(desc(livePlayers.score), asc(livePlayers.id))
    .all();
  const rankList = ranks(rows.map((r) => r.score));
  if (rows.length > 0)
    db.insert(liveGameResults)
      .values(
        rows.map((row, index) => ({
          gameId: game.id,
          classId: game.classId,
          playerId: row.id,
          userId: row.userId,
          playerName: row.name,
          score: row.score,
          correctCount: row.correctCount,
          rank: rankList[index]!,
          finishedAt: now,
        })),
      )
      .onConflictDoNothing()
      .run();
}

// The players the open question waits for (`waitsFor`, removed ones left out), with their answers to it.
const waitingRows = db
  .select({ joinedAt: livePlayers.joinedAt, answerId: liveAnswers.id })
  .from(livePlayers)
  .leftJoin(liveAnswers, answerToQuestion)
  .where(playersInGame)
  .prepare();

function progressOf(game: GameRow): AnswerProgress {
  const question = questionAt.get({ gameId: game.id, position: game.questionIndex })!;
  const state = stateOf(game);
  const waiting = waitingRows
    .all({ gameId: game.id, questionId: question.id })
    .filter((player) => waitsFor(player, state));
  return { waiting: waiting.length, answered: waiting.filter((p) => p.answerId !== null).length };
}

/** Applies `action` in one transaction: the state and the answers it depends on are read under the write lock. */
function applyAction(gameId: number, action: GameAction, now: number): GameStatus {
  return transaction(() => {
    const game = gameById.get({ id: gameId });
    if (!game) throw new UserError(404, "Không tìm thấy trò chơi này.");
    let next: GameState;
    try {
      const progress = action === "close" && game.status === "question" ? progressOf(game) : undefined;
      next = transition(stateOf(game), action, now, progress);
    } catch (error) {
      if (error instanceof GameRuleError) throw new UserError(409, error.message);
      throw error;
    }
    const finished = next.status === "finished";
    // Set only if the game is still in the state read: a close (deadline, last answer, skip) is one change of
    // state, whichever processes try it at once; the others change nothing and roll back, settling nothing.
    const changed = db
      .update(liveGames)
      .set({
        status: next.status,
        questionIndex: next.questionIndex,
        openedAt: next.openedAt,
        deadlineAt: next.deadlineAt,
        pausedAt: next.pausedAt,
        remainingMs: next.remainingMs,
        finishedAt: finished ? now : null,
      })
      .where(
        and(
          eq(liveGames.id, gameId),
          eq(liveGames.status, game.status),
          eq(liveGames.questionIndex, game.questionIndex),
          sql`${liveGames.pausedAt} IS ${game.pausedAt}`,
        ),
      )
      .run().changes;
    if (changed !== 1) throw new UserError(409, "Trò chơi vừa thay đổi. Hãy xem lại màn hình.");
    if (game.status === "question" && next.status !== "question") settleQuestion(game, now);
    if (finished) saveResults({ ...game, ...next }, now);
    addEvent(gameId, "all", action, { status: next.status, questionIndex: next.questionIndex }, now);
    return next.status;
  });
}

export async function hostAction(gameId: number, host: SessionUser, action: GameAction, now: number) {
  await getHostedGame(gameId, host);
  const status = applyAction(gameId, action, now);
  liveTicker.poke(gameId);
  return status;
}

export async function removePlayer(gameId: number, host: SessionUser, playerId: number, now: number) {
  await getHostedGame(gameId, host);
  transaction(() => {
    const removed = db
      .update(livePlayers)
      .set({ removedAt: now })
      .where(and(eq(livePlayers.id, playerId), eq(livePlayers.gameId, gameId), isNull(livePlayers.removedAt)))
      .returning({ id: livePlayers.id })
      .get();
    if (!removed) throw new UserError(404, "Không tìm thấy người chơi này.");
    addEvent(gameId, "all", "removed", { playerId }, now);
  });
  // They may have been the last one the open question waited for (a busy database leaves it to the next tick:
  // the removal is saved either way).
  await closeWhenAllAnswered(gameId);
  liveTicker.poke(gameId);
}

// The same players as `waitsFor` in SQL, to tell cheaply whether a close may be due: each query stops at its
// first row (a player the question waits for; one of them who has not answered). applyAction decides exactly.
const waitedFor = and(
  eq(livePlayers.gameId, sql.placeholder("gameId")),
  isNull(livePlayers.removedAt),
  lte(livePlayers.joinedAt, sql.placeholder("openedAt")),
);
const anyWaitedFor = db.select({ id: livePlayers.id }).from(livePlayers).where(waitedFor).limit(1).prepare();
const anyYetToAnswer = db
  .select({ id: livePlayers.id })
  .from(livePlayers)
  .where(
    and(
      waitedFor,
      notExists(
        db
          .select({ id: liveAnswers.id })
          .from(liveAnswers)
          .where(
            and(
              eq(liveAnswers.gameQuestionId, sql.placeholder("questionId")),
              eq(liveAnswers.playerId, livePlayers.id),
            ),
          ),
      ),
    ),
  )
  .limit(1)
  .prepare();

function looksAllAnswered(game: GameRow): boolean {
  const question = questionAt.get({ gameId: game.id, position: game.questionIndex });
  if (!question) return false;
  const params = { gameId: game.id, openedAt: game.openedAt, questionId: question.id };
  return anyWaitedFor.get(params) !== undefined && anyYetToAnswer.get(params) === undefined;
}

/**
 * Closes the open question when it closes by itself (deadline passed, or everyone it waits for answered); any
 * process may try, only the first one does. Returns whether it tried.
 */
function closeIfDue(game: GameRow, now: number): boolean {
  if (!closesByItself(stateOf(game), now, () => looksAllAnswered(game))) return false;
  try {
    applyAction(game.id, "close", now);
  } catch (error) {
    // Another process closed it first.
    if (!(error instanceof UserError)) throw error;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Results

export type GameResultRow = { rank: number; playerName: string; score: number; correctCount: number };

export async function getGameResults(gameId: number, host: SessionUser): Promise<GameResultRow[]> {
  await getHostedGame(gameId, host);
  return db
    .select({
      rank: liveGameResults.rank,
      playerName: liveGameResults.playerName,
      score: liveGameResults.score,
      correctCount: liveGameResults.correctCount,
    })
    .from(liveGameResults)
    .where(eq(liveGameResults.gameId, gameId))
    .orderBy(asc(liveGameResults.rank), asc(liveGameResults.playerName))
    .all();
}

// ---------------------------------------------------------------------------------------------------------
// Telling the connections: one tick per game and process reads what changed and sends each connection its view

export type LiveSubscriber =
  | { role: "host"; send: (frame: Uint8Array) => void }
  | { role: "player"; playerId: number; send: (frame: Uint8Array) => void };

type Seen = { lastEventId: number; lastAllId: number; tally: string };
const seen = new Map<number, Seen>();

const newEvents = db
  .select({
    last: sql<number | null>`max(${liveEvents.id})`,
    lastAll: sql<number | null>`max(CASE WHEN ${liveEvents.audience} = 'all' THEN ${liveEvents.id} END)`,
  })
  .from(liveEvents)
  .where(
    and(
      eq(liveEvents.gameId, sql.placeholder("gameId")),
      sql`${liveEvents.id} > ${sql.placeholder("after")}`,
    ),
  )
  .prepare();

const lastEventOf = db
  .select({ last: sql<number | null>`max(${liveEvents.id})` })
  .from(liveEvents)
  .where(eq(liveEvents.gameId, sql.placeholder("gameId")))
  .prepare();

function playerFrame(view: GameView, me: PlayerStanding | null, id: number, viewJson?: string): Uint8Array {
  // The shared part is serialised once per tick, each player's own part once per connection.
  const data = `{"view":${viewJson ?? JSON.stringify(view)},"me":${JSON.stringify(me)}}`;
  return new TextEncoder().encode(`id: ${id}\nevent: state\ndata: ${data}\n\n`);
}

function hostFrame(game: GameRow, read: ReturnType<typeof readGame>, id: number): Uint8Array {
  const view: HostView = {
    ...read.view,
    pin: game.pin,
    players: read.lobby,
    answered: tallyOf(game).answered,
  };
  return sseFrame("state", view, id);
}

function tickGame(gameId: number, subscribers: Set<LiveSubscriber>) {
  const now = Date.now();
  let game = gameById.get({ id: gameId });
  if (!game) return;
  if (closeIfDue(game, now)) game = gameById.get({ id: gameId })!;
  const last = seen.get(gameId) ?? { lastEventId: 0, lastAllId: 0, tally: "" };
  const changes = newEvents.get({ gameId, after: last.lastEventId });
  const hosts = [...subscribers].filter((s) => s.role === "host");
  if (changes?.last) {
    const read = readGame(game, now);
    const everyone = (changes.lastAll ?? 0) > last.lastAllId;
    if (hosts.length) {
      const frame = hostFrame(game, read, changes.last);
      for (const host of hosts) host.send(frame);
    }
    if (everyone) {
      const viewJson = JSON.stringify(read.view);
      for (const s of subscribers)
        if (s.role === "player")
          s.send(playerFrame(read.view, read.standings.get(s.playerId) ?? null, changes.last, viewJson));
    }
    seen.set(gameId, {
      lastEventId: changes.last,
      lastAllId: changes.lastAll ?? last.lastAllId,
      tally: last.tally,
    });
  }
  // The host's count of answers: not an event (the snapshot carries it), sent when it changes, and once more
  // after the question closed (its last answers may have closed it before a tick counted them).
  if (hosts.length && (game.status === "question" || game.status === "closed")) {
    const tally = tallyOf(game);
    const key = `${tally.questionIndex}:${tally.answered}`;
    if (key !== seen.get(gameId)?.tally) {
      const frame = sseFrame("tally", tally);
      for (const host of hosts) host.send(frame);
      const entry = seen.get(gameId) ?? { lastEventId: 0, lastAllId: 0, tally: "" };
      seen.set(gameId, { ...entry, tally: key });
    }
  }
}

const liveTicker = createTicker<LiveSubscriber>(LIVE_TICK_MS, tickGame);

/**
 * A connection of the host screen or a player's phone: its snapshot now, then a frame whenever the game changes
 * (whichever process changed it). Returns the unsubscribe.
 */
export function followGame(gameId: number, subscriber: LiveSubscriber): () => void {
  const game = gameById.get({ id: gameId });
  if (game) {
    const now = Date.now();
    const read = readGame(game, now);
    const id = lastEventOf.get({ gameId })?.last ?? 0;
    subscriber.send(
      subscriber.role === "host"
        ? hostFrame(game, read, id)
        : playerFrame(read.view, read.standings.get(subscriber.playerId) ?? null, id),
    );
    // The process starts following from the events it has not told its other connections yet.
    if (!seen.has(gameId)) seen.set(gameId, { lastEventId: id, lastAllId: id, tally: "" });
  }
  const unsubscribe = liveTicker.subscribe(gameId, subscriber);
  return () => {
    unsubscribe();
    if (liveTicker.size(gameId) === 0) seen.delete(gameId);
  };
}
