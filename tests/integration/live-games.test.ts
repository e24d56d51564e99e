import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";
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
  rateLimits,
  schools,
  units,
  users,
} from "#db/schema.ts";
import {
  createGame,
  followGame,
  getGameResults,
  hostAction,
  joinGame,
  playerFromToken,
  removePlayer,
  submitAnswer,
  type LiveSubscriber,
} from "#app/models/live-games.server.ts";
import { liveAnswerEndpoint } from "#app/endpoints/live-answer.server.ts";
import type { SessionUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { playerTokenCookie } from "#app/utils/live-events.server.ts";
import { rejection } from "./fixtures.ts";

function createUser(role: SessionUser["role"], name: string): SessionUser {
  const row = db
    .insert(users)
    .values({ name, role, createdAt: Date.now() })
    .returning({ id: users.id })
    .get();
  return { id: row.id, name, role, unitId: null, scopeUnitId: null };
}

const teacher = createUser("teacher", "Cô Hạnh");
/** The players' address (joins are limited per address). */
const address = "192.0.2.10";

async function newGame(
  options: { questionCount?: number; timeLimitSeconds?: number; speedPoints?: boolean } = {},
) {
  return createGame(
    teacher,
    {
      title: "Ôn tập lừa đảo",
      topicIds: ["lua-dao"],
      questionCount: options.questionCount ?? 2,
      timeLimitSeconds: options.timeLimitSeconds ?? 20,
      speedPoints: options.speedPoints ?? true,
      classId: null,
    },
    Date.now(),
  );
}

/** The right and a wrong place of a game's question, as the players' buttons are numbered. */
function keyOf(gameId: number, position: number) {
  const question = db
    .select()
    .from(liveGameQuestions)
    .where(and(eq(liveGameQuestions.gameId, gameId), eq(liveGameQuestions.position, position)))
    .get()!;
  const correct = new Set(
    db
      .select({ id: choices.id })
      .from(choices)
      .where(and(eq(choices.revisionId, question.revisionId), eq(choices.isCorrect, true)))
      .all()
      .map((c) => c.id),
  );
  const places = question.choiceOrder.map((id, i) => ({ place: i + 1, correct: correct.has(id) }));
  return { right: places.find((p) => p.correct)!.place, wrong: places.find((p) => !p.correct)!.place };
}

const statusOf = (gameId: number) =>
  db.select({ status: liveGames.status }).from(liveGames).where(eq(liveGames.id, gameId)).get()!.status;

/** The game's events in order: the same `close` whether the deadline or the last answer closed a question. */
const eventTypes = (gameId: number) =>
  db
    .select({ type: liveEvents.type })
    .from(liveEvents)
    .where(eq(liveEvents.gameId, gameId))
    .orderBy(liveEvents.id)
    .all()
    .map((e) => e.type);

const score = (playerId: number) =>
  db.select({ score: livePlayers.score }).from(livePlayers).where(eq(livePlayers.id, playerId)).get()!.score;

function recorder(): LiveSubscriber & { frames: { event: string; id: number | null; data: unknown }[] } {
  const decoder = new TextDecoder();
  const frames: { event: string; id: number | null; data: unknown }[] = [];
  return {
    role: "host",
    frames,
    send(frame) {
      const text = decoder.decode(frame);
      frames.push({
        event: /^event: (.*)$/m.exec(text)![1]!,
        id: /^id: (.*)$/m.test(text) ? Number(/^id: (.*)$/m.exec(text)![1]) : null,
        data: JSON.parse(/^data: (.*)$/m.exec(text)![1]!),
      });
    },
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < ms; await wait(50)) {
    const value = check();
    if (value) return value;
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

describe("answers", () => {
  test("an answer counts once, only for the open question, and not after its deadline", async () => {
    const game = await newGame({ timeLimitSeconds: 10 });
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    const b = await joinGame({ pin: game.pin, name: "Bình", address }, null, Date.now());
    // Nothing is open in the lobby.
    expect(
      await submitAnswer({ playerId: a.playerId, questionIndex: 1, place: 1, receivedAt: Date.now() }),
    ).toMatchObject({ ok: false, status: 409 });
    await hostAction(game.id, teacher, "start", Date.now());
    const opened = db.select().from(liveGames).where(eq(liveGames.id, game.id)).get()!;
    const key = keyOf(game.id, 1);

    // Two answers of one player sent at once: the unique key keeps the first, whatever the timing.
    const [first, second] = await Promise.all([
      submitAnswer({
        playerId: a.playerId,
        questionIndex: 1,
        place: key.right,
        receivedAt: opened.openedAt! + 2000,
      }),
      submitAnswer({
        playerId: a.playerId,
        questionIndex: 1,
        place: key.wrong,
        receivedAt: opened.openedAt! + 2100,
      }),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual({ ok: false, status: 409, message: "Bạn đã trả lời câu này rồi." });
    // A question that is not the open one.
    expect(
      await submitAnswer({
        playerId: b.playerId,
        questionIndex: 2,
        place: 1,
        receivedAt: opened.openedAt! + 1,
      }),
    ).toMatchObject({ ok: false, status: 409 });
    // After the deadline (received 1 ms late): refused, and it earns nothing.
    expect(
      await submitAnswer({
        playerId: b.playerId,
        questionIndex: 1,
        place: keyOf(game.id, 1).right,
        receivedAt: opened.deadlineAt! + 1,
      }),
    ).toEqual({ ok: false, status: 409, message: "Câu hỏi này đã hết giờ; câu trả lời không được tính." });
    expect(
      db
        .select()
        .from(liveAnswers)
        .all()
        .filter((r) => r.playerId === b.playerId),
    ).toEqual([]);

    await hostAction(game.id, teacher, "skip", Date.now());
    // 2 s of 10: round(1000 × (1 − 0.2 / 2)) = 900.
    expect(score(a.playerId)).toBe(900);
    expect(score(b.playerId)).toBe(0);
    // Closed: no more answers.
    expect(
      await submitAnswer({ playerId: b.playerId, questionIndex: 1, place: 1, receivedAt: Date.now() }),
    ).toMatchObject({ ok: false, status: 409 });
  });

  test("streak bonus, no speed points, a late joiner waits for the next question, removed players", async () => {
    const game = await newGame({ questionCount: 3, speedPoints: false });
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    const gone = await joinGame({ pin: game.pin, name: "Sẽ bị mời ra", address }, null, Date.now());
    for (let position = 1; position <= 3; position++) {
      await hostAction(game.id, teacher, position === 1 ? "start" : "next", Date.now());
      if (position === 2) {
        const late = await joinGame({ pin: game.pin, name: "Đến muộn", address }, null, Date.now() + 1);
        expect(
          await submitAnswer({
            playerId: late.playerId,
            questionIndex: 2,
            place: 1,
            receivedAt: Date.now() + 2,
          }),
        ).toMatchObject({
          ok: false,
          status: 409,
          message: "Bạn vào sau khi câu hỏi đã mở: hãy chờ câu tiếp theo.",
        });
      }
      const right = keyOf(game.id, position).right;
      expect(
        await submitAnswer({
          playerId: a.playerId,
          questionIndex: position,
          place: right,
          receivedAt: Date.now(),
        }),
      ).toMatchObject({ ok: true });
      // Question 2 waits only for An: the other player was removed and the late joiner came after it opened.
      // Question 3 waits for the late joiner too, who does not answer.
      if (position === 2) expect(statusOf(game.id)).toBe("closed");
      else await hostAction(game.id, teacher, "skip", Date.now());
      await hostAction(game.id, teacher, "next", Date.now());
      if (position === 1) await removePlayer(game.id, teacher, gone.playerId, Date.now());
    }
    // 1000 + (1000 + 100) + (1000 + 200), whatever the speed.
    expect(score(a.playerId)).toBe(3300);
    expect(
      await submitAnswer({ playerId: gone.playerId, questionIndex: 3, place: 1, receivedAt: Date.now() }),
    ).toMatchObject({ ok: false, status: 403 });
    await hostAction(game.id, teacher, "next", Date.now());
    // Saved for the class: the removed player is not in the results.
    const results = await getGameResults(game.id, teacher);
    expect(results.map((r) => [r.rank, r.playerName, r.score])).toEqual([
      [1, "An", 3300],
      [2, "Đến muộn", 0],
    ]);
    expect(db.select().from(liveGameResults).where(eq(liveGameResults.gameId, game.id)).all()).toHaveLength(
      2,
    );
    // A finished game frees its PIN and takes no one.
    expect(
      (await rejection(joinGame({ pin: game.pin, name: "Ai đó", address }, null, Date.now()))).status,
    ).toBe(404);
  });

  test("a host controls only their own games; names are checked", async () => {
    const game = await newGame();
    const other = createUser("teacher", "Thầy Nam");
    expect((await rejection(hostAction(game.id, other, "start", Date.now()))).status).toBe(404);
    expect(
      (await rejection(joinGame({ pin: game.pin, name: "   ", address }, null, Date.now()))).status,
    ).toBe(400);
    await joinGame({ pin: game.pin, name: "Lan", address }, null, Date.now());
    expect(
      (await rejection(joinGame({ pin: game.pin, name: "Lan", address }, null, Date.now()))).status,
    ).toBe(409);
    expect((await rejection(hostAction(game.id, teacher, "skip", Date.now()))).status).toBe(409);
  });
});

describe("a question closes by itself once everyone it waits for has answered", () => {
  test("the answers of the only two players close it, as the deadline would; one of two does not", async () => {
    const game = await newGame({ questionCount: 2 });
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    const b = await joinGame({ pin: game.pin, name: "Bình", address }, null, Date.now());
    const host = recorder();
    const stop = followGame(game.id, host);
    await hostAction(game.id, teacher, "start", Date.now());
    const key = keyOf(game.id, 1);
    const answer = (playerId: number, questionIndex: number, place: number) =>
      submitAnswer({ playerId, questionIndex, place, receivedAt: Date.now() });
    expect(await answer(a.playerId, 1, key.right)).toMatchObject({ ok: true });
    expect(statusOf(game.id)).toBe("question");
    expect(await answer(b.playerId, 1, key.wrong)).toMatchObject({ ok: true });
    // Closed by the time the last answer is acknowledged, long before the 20 s deadline, with scores settled.
    expect(statusOf(game.id)).toBe("closed");
    expect(score(a.playerId)).toBeGreaterThanOrEqual(500);
    expect(score(b.playerId)).toBe(0);
    expect(eventTypes(game.id)).toEqual(["created", "joined", "joined", "start", "close"]);
    const closed = await until("the host's closed frame", () =>
      host.frames.find((f) => (f.data as { status?: string }).status === "closed"),
    );
    expect(closed.data).toMatchObject({ correctPlaces: [key.right], answered: 2 });

    // Question 2: An answers; removing Bình, the one still awaited, closes it too.
    await hostAction(game.id, teacher, "next", Date.now());
    await hostAction(game.id, teacher, "next", Date.now());
    expect(await answer(a.playerId, 2, 1)).toMatchObject({ ok: true });
    expect(statusOf(game.id)).toBe("question");
    await removePlayer(game.id, teacher, b.playerId, Date.now());
    expect(statusOf(game.id)).toBe("closed");
    expect(eventTypes(game.id).slice(-2)).toEqual(["removed", "close"]);
    stop();
  });
});

/** Commits `work` wrote: each one ends with a WAL frame whose header holds the database's size in pages. */
async function commitsDuring(work: () => Promise<unknown>): Promise<number> {
  const [emptied] = db.$client.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number }[];
  expect(emptied).toMatchObject({ busy: 0, log: 0 });
  await work();
  const wal = fs.readFileSync(`${process.env.DATABASE_PATH}-wal`);
  const pageSize = wal.readUInt32BE(8);
  let commits = 0;
  for (let at = 32; at + 24 <= wal.length; at += 24 + pageSize) if (wal.readUInt32BE(at + 4) !== 0) commits++;
  return commits;
}

describe("joins", () => {
  test("players joining together share one commit, each with its own refusal; wrong PINs count against the address", async () => {
    const game = await newGame();
    const names = [...Array.from({ length: 20 }, (_, i) => `Bạn ${i + 1}`), "Bạn 1"];
    let outcomes: PromiseSettledResult<unknown>[] = [];
    const commits = await commitsDuring(async () => {
      outcomes = await Promise.allSettled(
        names.map((name) => joinGame({ pin: game.pin, name, address }, null, Date.now())),
      );
    });
    expect(commits).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual([...Array<string>(20).fill("fulfilled"), "rejected"]);
    expect(outcomes[20]).toMatchObject({ reason: { status: 409 } });
    expect(eventTypes(game.id).filter((type) => type === "joined")).toHaveLength(20);

    // Someone guessing PINs: a wrong one counts against their address's minute like a join.
    const guesser = "198.51.100.7";
    const now = Date.now();
    db.insert(rateLimits)
      .values({
        key: `live-join:${guesser}`,
        count: env.LIVE_JOINS_PER_MINUTE - 1,
        windowStart: now,
        expiresAt: now + 60_000,
      })
      .run();
    const join = (pin: string) => joinGame({ pin, name: "Đoán", address: guesser }, null, now);
    expect((await rejection(join("000000"))).status).toBe(404);
    const refused = await rejection(join(game.pin));
    expect([refused.status, refused.message]).toEqual([
      429,
      "Có quá nhiều người vào từ mạng này. Hãy thử lại sau một phút.",
    ]);
  });
});

describe("players are stable ids, not connections", () => {
  test("the same token after a reload finds the same player and score; a student is recognised on any device", async () => {
    const game = await newGame({ questionCount: 1 });
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    await hostAction(game.id, teacher, "start", Date.now());
    await submitAnswer({
      playerId: a.playerId,
      questionIndex: 1,
      place: keyOf(game.id, 1).right,
      receivedAt: Date.now(),
    });
    // An was the only player: their answer closed the question.
    expect(statusOf(game.id)).toBe("closed");
    // The page reloads: its cookie still holds the token.
    const again = playerFromToken(a.token)!;
    expect(again).toMatchObject({ id: a.playerId, name: "An", removed: false });
    expect(score(again.id)).toBeGreaterThanOrEqual(500);
    expect(playerFromToken(`${a.playerId}.${"a".repeat(32)}`)).toBeNull();

    // A student of the game's class, on a second device, gets their own player back.
    const unit = db.select({ id: units.id }).from(units).limit(1).get()!;
    const school = db
      .insert(schools)
      .values({ name: "THCS Thử", unitId: unit.id, createdAt: Date.now() })
      .returning({ id: schools.id })
      .get();
    const klass = db
      .insert(classes)
      .values({
        schoolId: school.id,
        grade: 7,
        name: "7A",
        joinCode: `T${Date.now()}`,
        teacherId: teacher.id,
        createdAt: Date.now(),
      })
      .returning({ id: classes.id })
      .get();
    const student = createUser("student", "Hoa");
    db.insert(classMembers).values({ classId: klass.id, userId: student.id, joinedAt: Date.now() }).run();
    const classGame = await createGame(
      teacher,
      {
        title: "Lớp 7A",
        topicIds: ["lua-dao"],
        questionCount: 1,
        timeLimitSeconds: 20,
        speedPoints: true,
        classId: klass.id,
      },
      Date.now(),
    );
    const phone = await joinGame({ pin: classGame.pin, name: "", address }, student, Date.now());
    const tablet = await joinGame({ pin: classGame.pin, name: "Tên khác", address }, student, Date.now());
    expect(tablet.playerId).toBe(phone.playerId);
    expect(playerFromToken(tablet.token)!.name).toBe("Hoa");
  });
});

describe("events", () => {
  test("a connection gets a snapshot, then only its own game's changes, with increasing ids", async () => {
    const gameA = await newGame();
    const gameB = await newGame();
    const a = recorder();
    const b = recorder();
    const stopA = followGame(gameA.id, a);
    const stopB = followGame(gameB.id, b);
    expect(a.frames).toHaveLength(1);
    expect(a.frames[0]).toMatchObject({ event: "state", data: { status: "lobby", pin: gameA.pin } });
    await joinGame({ pin: gameA.pin, name: "An", address }, null, Date.now());
    await hostAction(gameA.id, teacher, "start", Date.now());
    await until("A's frames", () =>
      a.frames.some((f) => (f.data as { status?: string }).status === "question"),
    );
    await wait(300);
    expect(b.frames).toHaveLength(1);
    const ids = a.frames.filter((f) => f.id !== null).map((f) => f.id!);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    // The open question never carries its key.
    const open = a.frames.find((f) => (f.data as { status?: string }).status === "question")!;
    expect(open.data).toMatchObject({ correctPlaces: null, distribution: null });
    stopA();
    stopB();
  });

  test("a question closes itself at its deadline", async () => {
    const game = await newGame({ timeLimitSeconds: 10 });
    const host = recorder();
    const stop = followGame(game.id, host);
    await hostAction(game.id, teacher, "start", Date.now());
    db.update(liveGames)
      .set({ deadlineAt: Date.now() + 200 })
      .where(eq(liveGames.id, game.id))
      .run();
    await until(
      "closed",
      () => db.select().from(liveGames).where(eq(liveGames.id, game.id)).get()!.status === "closed",
    );
    stop();
  });
});

describe("across processes and restarts", () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  function follower(gameId: number, playerId: number | null) {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/integration/live-follower.ts",
        String(gameId),
        playerId === null ? "0" : "1",
        String(playerId ?? 0),
      ],
      { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    const lines: { event: string; id: number | null; data: Record<string, unknown> }[] = [];
    let buffered = "";
    let errors = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const line of parts) lines.push(JSON.parse(line));
    });
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    return { lines, errors: () => errors };
  }

  test("a change made by one process reaches a player connected to another", async () => {
    const game = await newGame();
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    const other = follower(game.id, a.playerId);
    await until(
      "snapshot from the other process",
      () => other.lines.length > 0 || other.errors().includes("Error"),
      60_000,
    );
    expect(other.errors()).not.toContain("Error");
    expect(other.lines[0]).toMatchObject({
      event: "state",
      data: { view: { status: "lobby" }, me: { name: "An" } },
    });
    const sentAt = Date.now();
    await hostAction(game.id, teacher, "start", sentAt);
    const frame = await until("the question in the other process", () =>
      other.lines.find((l) => (l.data.view as { status: string }).status === "question"),
    );
    expect(frame.id).toBeGreaterThan(other.lines[0]!.id!);
    expect(Date.now() - sentAt).toBeLessThan(2000);
  }, 90_000);

  test("another process's tick closes a question everyone answered, once, as the same close event", async () => {
    const game = await newGame();
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    const b = await joinGame({ pin: game.pin, name: "Bình", address }, null, Date.now());
    const other = follower(game.id, null);
    await until("the other process's snapshot", () => other.lines.length > 0 || other.errors(), 60_000);
    expect(other.errors()).toBe("");
    await hostAction(game.id, teacher, "start", Date.now());
    const key = keyOf(game.id, 1);
    expect(
      await submitAnswer({
        playerId: a.playerId,
        questionIndex: 1,
        place: key.right,
        receivedAt: Date.now(),
      }),
    ).toMatchObject({ ok: true });
    // Bình's answer as written by a process that stopped before its own check: only a tick can close now.
    const question = db
      .select({ id: liveGameQuestions.id })
      .from(liveGameQuestions)
      .where(and(eq(liveGameQuestions.gameId, game.id), eq(liveGameQuestions.position, 1)))
      .get()!;
    db.insert(liveAnswers)
      .values({
        gameQuestionId: question.id,
        playerId: b.playerId,
        place: key.right,
        correct: true,
        points: 700,
        answeredAt: Date.now(),
      })
      .run();
    await until("the closed frame in the other process", () =>
      other.lines.find((l) => l.data.status === "closed"),
    );
    expect(eventTypes(game.id).filter((type) => type === "close")).toHaveLength(1);
    // Settled once: a first correct answer earns its points and no streak bonus.
    expect(score(b.playerId)).toBe(700);
  }, 90_000);

  test("a game survives a restart: a fresh process sees its state, answers and scores", async () => {
    const game = await newGame({ questionCount: 2 });
    const a = await joinGame({ pin: game.pin, name: "An", address }, null, Date.now());
    await hostAction(game.id, teacher, "start", Date.now());
    await submitAnswer({
      playerId: a.playerId,
      questionIndex: 1,
      place: keyOf(game.id, 1).right,
      receivedAt: Date.now(),
    });
    expect(statusOf(game.id)).toBe("closed");
    const before = score(a.playerId);
    expect(before).toBeGreaterThan(0);
    // A new process, with nothing in memory, on the same file.
    const restarted = follower(game.id, a.playerId);
    const snapshot = await until("snapshot after restart", () => restarted.lines[0], 60_000);
    expect(snapshot.data).toMatchObject({
      view: { status: "closed", questionIndex: 1 },
      me: { name: "An", score: before, rank: 1, correct: true },
    });
    // The game goes on from where it was.
    await hostAction(game.id, teacher, "next", Date.now());
    await until("leaderboard after restart", () =>
      restarted.lines.find((l) => (l.data.view as { status: string }).status === "leaderboard"),
    );
  }, 90_000);
});

describe("the answer endpoint served from the request event", () => {
  test("the script's answer: guards, the player's cookie, once per question, JSON replies", async () => {
    const server = http.createServer((req, res) => void liveAnswerEndpoint(req, res, 0));
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const game = await newGame();
      const player = await joinGame({ pin: game.pin, name: "Chi", address }, null, Date.now());
      // A second player who does not answer keeps the question open.
      await joinGame({ pin: game.pin, name: "Dũng", address }, null, Date.now());
      const cookie = (await playerTokenCookie(new Request(base), player.token)).split(";")[0]!;
      await hostAction(game.id, teacher, "start", Date.now());
      const answer = (form: string, headers: Record<string, string> = {}, pin = game.pin) =>
        fetch(`${base}/choi/${pin}/tra-loi`, {
          method: "POST",
          headers: {
            Origin: base,
            Accept: "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            Cookie: cookie,
            ...headers,
          },
          body: form,
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: string | null } }));

      expect(await answer("question=1&place=1", { Origin: "https://lua-dao.example" })).toMatchObject({
        status: 403,
      });
      expect(await answer("question=1&place=1", { Cookie: "" })).toEqual({
        status: 403,
        body: { error: "Bạn chưa vào trò chơi này." },
      });
      expect((await answer("question=1&place=1", {}, "000000")).status).toBe(403);
      expect(await answer("question=x&place=1")).toEqual({
        status: 400,
        body: { error: "Câu trả lời không hợp lệ." },
      });
      expect((await answer(`question=1&place=1&x=${"a".repeat(2000)}`)).status).toBe(413);
      const first = await answer("question=1&place=1");
      expect(first).toMatchObject({ status: 200, body: { error: null, answerId: expect.any(Number) } });
      expect(await answer("question=1&place=2")).toEqual({
        status: 409,
        body: { error: "Bạn đã trả lời câu này rồi." },
      });
      expect(
        db.select().from(liveAnswers).where(eq(liveAnswers.playerId, player.playerId)).all(),
      ).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
