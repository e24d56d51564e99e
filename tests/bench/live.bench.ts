// Load benchmark of a live class game (npm run bench:live): one game, BENCH_LIVE_PLAYERS simulated players
// (5,000 by default, past Kahoot's record of 4,092 in one game), each with its own event stream and answer
// posts, against the built app (build/) run as `npm start` runs it (cluster.ts, every core), on a throwaway
// copy of the seeded demo database. It reports:
//   - joins: time and errors for every player to join and open their stream;
//   - per question: fan-out, the time from the host's "next" post until each player's stream delivered the
//     question (p50, p95, last), and the same for the closing (from the last answer when every player's answer
//     closed it, from the host's skip otherwise);
//   - answer → tally: from a player's answer post to the host stream's tally frame counting it (the answer's id
//     is at most the tally's last id), p50/p95/max, with the goal p95 < 300 ms;
//   - errors, lost answers (acknowledged by the server but missing from the database or from the final tally)
//     and the server's peak memory (the cluster's whole process tree, sampled every 250 ms).
// Only loopback; the child processes and temporary files are removed at the end. The client shares the
// machine's cores with the server, so the figures are an upper bound for the server alone.
//
// Environment (defaults in brackets):
//   BENCH_LIVE_PLAYERS (5000)        players in the game
//   BENCH_LIVE_QUESTIONS (3)         questions played
//   BENCH_LIVE_SPREAD_MS (8000)      answers are spread uniformly over this long after a question opens
//   BENCH_LIVE_JOIN_CONCURRENCY (50) joins in flight
//   BENCH_WORKERS (CPU count)        WEB_CONCURRENCY of the server
//   BENCH_TIMEOUT_S (900)            for the whole run
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import {
  cleanup,
  cleanupNow,
  freePort,
  registerTmpDir,
  sampleRss,
  startChild,
  waitForHealth,
} from "./load.ts";
import { fmt, mib, table } from "./report.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverBuild = path.join(root, "build/server/index.js");
const intEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const PLAYERS = intEnv("BENCH_LIVE_PLAYERS", 5000);
const QUESTIONS = intEnv("BENCH_LIVE_QUESTIONS", 3);
const SPREAD_MS = intEnv("BENCH_LIVE_SPREAD_MS", 8000);
const JOIN_CONCURRENCY = intEnv("BENCH_LIVE_JOIN_CONCURRENCY", 50);
const WORKERS = intEnv("BENCH_WORKERS", os.availableParallelism());
const TIMEOUT_S = intEnv("BENCH_TIMEOUT_S", 900);
const HOST = { phone: "0912000001", password: "BanToChuc@2026" };
const TIME_LIMIT_S = 60;

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
};

// ---------------------------------------------------------------------------------------------------------
// A small HTTP client on new connections (no pooling: each player is its own phone)

let origin = "";
type Reply = { status: number; location: string | null; setCookies: string[]; body: string };

function request(
  method: "GET" | "POST",
  pathname: string,
  cookie: string,
  form?: Record<string, string>,
  json = false,
) {
  return new Promise<Reply>((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const req = http.request(
      `${origin}${pathname}`,
      {
        method,
        agent: false,
        headers: {
          ...(cookie ? { Cookie: cookie } : {}),
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", Origin: origin } : {}),
          ...(json ? { Accept: "application/json" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            location: res.headers.location ?? null,
            setCookies: res.headers["set-cookie"] ?? [],
            body: text,
          }),
        );
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

const cookieOf = (reply: Reply, name: string) =>
  reply.setCookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`)) ?? "";

type Frame = { event: string; data: unknown; at: number };

/** An event stream: calls `onFrame` for every frame (heartbeats skipped), as they arrive. */
function openStream(
  pathname: string,
  cookie: string,
  onFrame: (frame: Frame) => void,
): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${pathname}`, { agent: false, headers: { Cookie: cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream ${pathname}: ${res.statusCode}`));
      let buffered = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          const text = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (.*)$/m.exec(text)?.[1];
          const data = /^data: (.*)$/m.exec(text)?.[1];
          if (event && data) onFrame({ event, data: JSON.parse(data), at });
        }
      });
      resolve(req);
    });
    req.on("error", reject);
    req.end();
  });
}

async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------

type Player = {
  cookie: string;
  /** performance.now() when this player's stream delivered each status of each question ("3:question"). */
  seen: Map<string, number>;
  /** The answer buttons of the open question (true/false questions have two). */
  buttons: number;
  stream?: http.ClientRequest;
};

async function main() {
  setTimeout(() => {
    console.error(`Timed out after ${TIMEOUT_S} s (BENCH_TIMEOUT_S).`);
    cleanupNow();
    process.exit(1);
  }, TIMEOUT_S * 1000).unref();
  for (let waited = 0; waited < 180_000 && !fs.existsSync(serverBuild); waited += 500) await sleep(500);
  if (!fs.existsSync(serverBuild)) {
    console.log("build/server/index.js is missing: running npm run build …");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", timeout: 600_000 });
  }

  const tmpDir = registerTmpDir(fs.mkdtempSync(path.join(os.tmpdir(), "cds-bench-live-")));
  const dbFile = path.join(tmpDir, "live.db");
  let mark = performance.now();
  execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: dbFile, SEED_DEMO: "true", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 300_000,
  });
  console.log(`Seeded the demo in ${fmt((performance.now() - mark) / 1000)} s.`);

  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const server = startChild(
    "server",
    ["--import", "tsx", "cluster.ts"],
    {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_PATH: dbFile,
      COOKIE_SECURE: "false",
      SEED_DEMO: "false",
      WEB_CONCURRENCY: String(WORKERS),
      // Every simulated phone comes from 127.0.0.1.
      LIVE_JOINS_PER_MINUTE: "1000000",
      LOGIN_LIMIT_PER_IP: "1000000",
    },
    root,
  );
  await waitForHealth(origin, server, "cluster.ts");
  const memory = sampleRss(server.process.pid);
  console.log(`Server: cluster.ts with ${WORKERS} workers on ${origin}.`);

  // The host logs in, creates the game and opens the host screen's stream.
  const login = await request("POST", "/dang-nhap", "", { phone: HOST.phone, password: HOST.password });
  const hostCookie = cookieOf(login, "cds_session");
  if (!hostCookie) throw new Error(`Host login failed: ${login.status} ${login.body.slice(0, 300)}`);
  const created = await request("POST", "/tro-choi", hostCookie, {
    title: "Bench",
    topics: "lua-dao",
    questionCount: String(QUESTIONS),
    timeLimit: String(TIME_LIMIT_S),
    speedPoints: "on",
    classId: "",
  });
  const gameId = Number(/\/tro-choi\/(\d+)$/.exec(created.location ?? "")?.[1]);
  if (!gameId) throw new Error(`Creating the game failed: ${created.status} ${created.body.slice(0, 300)}`);
  const db = new Database(dbFile, { readonly: true });
  const pin = (db.prepare("SELECT pin FROM live_games WHERE id = ?").get(gameId) as { pin: string }).pin;

  const tallies: { at: number; lastAnswerId: number; answered: number; questionIndex: number }[] = [];
  const hostStream = await openStream(`/tro-choi/${gameId}/su-kien`, hostCookie, (frame) => {
    if (frame.event === "tally") {
      const t = frame.data as { lastAnswerId: number | null; answered: number; questionIndex: number };
      tallies.push({
        at: frame.at,
        lastAnswerId: t.lastAnswerId ?? 0,
        answered: t.answered,
        questionIndex: t.questionIndex,
      });
    }
  });
  const host = (intent: string) => request("POST", `/tro-choi/${gameId}`, hostCookie, { intent });

  // Players join and open their streams.
  const players: Player[] = Array.from({ length: PLAYERS }, () => ({
    cookie: "",
    seen: new Map(),
    buttons: 2,
  }));
  let joinErrors = 0;
  const joinProblems = new Map<string, number>();
  mark = performance.now();
  await pool(players, JOIN_CONCURRENCY, async (player, index) => {
    try {
      const joined = await request("POST", "/choi", "", { pin, name: `Người chơi ${index + 1}` });
      player.cookie = cookieOf(joined, "cds_player");
      if (joined.status !== 302 || !player.cookie) throw new Error(`join ${joined.status}`);
      player.stream = await openStream(`/choi/${pin}/su-kien`, player.cookie, (frame) => {
        const view = (
          frame.data as {
            view: { status: string; questionIndex: number; question: { choices: unknown[] } | null };
          }
        ).view;
        if (view.question) player.buttons = view.question.choices.length;
        const key = `${view.questionIndex}:${view.status}`;
        if (!player.seen.has(key)) player.seen.set(key, frame.at);
      });
    } catch (error) {
      joinErrors++;
      const problem = (error as Error).message;
      joinProblems.set(problem, (joinProblems.get(problem) ?? 0) + 1);
    }
  });
  const joinSeconds = (performance.now() - mark) / 1000;
  const joined = players.filter((p) => p.stream);
  console.log(
    `${joined.length} players joined and connected in ${fmt(joinSeconds)} s (${joinErrors} errors).`,
  );

  const answerLatencies: number[] = [];
  const postLatencies: number[] = [];
  const questionRows: string[][] = [];
  let answerErrors = 0;
  let lostAnswers = 0;
  let untallied = 0;
  const answerProblems = new Map<string, number>();
  const fanOut = (index: number, status: string, from: number) => {
    const times = joined.map((p) => p.seen.get(`${index}:${status}`));
    const got = times.filter((t): t is number => t !== undefined).map((t) => t - from);
    return { got: got.length, p50: percentile(got, 0.5), p95: percentile(got, 0.95), last: Math.max(...got) };
  };
  const waitFor = async (index: number, status: string) => {
    for (let waited = 0; waited < 30_000; waited += 20) {
      if (joined.every((p) => p.seen.has(`${index}:${status}`))) return;
      await sleep(20);
    }
  };

  for (let index = 1; index <= QUESTIONS; index++) {
    const openedAt = performance.now();
    const opened = await host(index === 1 ? "start" : "next");
    if (opened.status !== 302)
      throw new Error(`Opening question ${index}: ${opened.status} ${opened.body.slice(0, 200)}`);
    await waitFor(index, "question");
    const openFan = fanOut(index, "question", openedAt);

    // Every player answers once, at a random moment of the spread, a random button.
    const acknowledged: { id: number; sentAt: number }[] = [];
    let lastSentAt = 0;
    await Promise.all(
      joined.map(async (player) => {
        await sleep(Math.random() * SPREAD_MS);
        const sentAt = performance.now();
        lastSentAt = Math.max(lastSentAt, sentAt);
        try {
          const reply = await request(
            "POST",
            `/choi/${pin}/tra-loi`,
            player.cookie,
            { question: String(index), place: String(1 + Math.floor(Math.random() * player.buttons)) },
            true,
          );
          const body = JSON.parse(reply.body) as { answerId?: number; error?: string | null };
          if (reply.status !== 200 || !body.answerId) throw new Error(`${reply.status} ${body.error ?? ""}`);
          acknowledged.push({ id: body.answerId, sentAt });
          postLatencies.push(performance.now() - sentAt);
        } catch (error) {
          answerErrors++;
          const problem = (error as Error).message;
          answerProblems.set(problem, (answerProblems.get(problem) ?? 0) + 1);
        }
      }),
    );
    // The host's tally must count every acknowledged answer.
    const maxId = Math.max(...acknowledged.map((a) => a.id));
    for (let waited = 0; waited < 10_000 && !tallies.some((t) => t.lastAnswerId >= maxId); waited += 20)
      await sleep(20);
    const ofQuestion = tallies.filter((t) => t.questionIndex === index);
    for (const answer of acknowledged) {
      const tally = ofQuestion.find((t) => t.lastAnswerId >= answer.id);
      if (tally) answerLatencies.push(tally.at - answer.sentAt);
      else untallied++;
    }
    const finalTally = ofQuestion.at(-1)?.answered ?? 0;
    const stored = (
      db
        .prepare(
          `SELECT count(*) AS n FROM live_answers a JOIN live_game_questions q ON q.id = a.game_question_id
           WHERE q.game_id = ? AND q.position = ?`,
        )
        .get(gameId, index) as { n: number }
    ).n;
    lostAnswers += Math.max(acknowledged.length - stored, 0);

    const closedAt = performance.now();
    // The question has closed itself when every player answered (decision 021), or at its deadline; otherwise
    // the host skips to the closing. Closed by itself, its fan-out counts from the last answer sent.
    const skipped = (await host("skip")).status === 302;
    await waitFor(index, "closed");
    const closeFan = fanOut(index, "closed", skipped ? closedAt : lastSentAt);
    await host("next");
    questionRows.push([
      String(index),
      `${acknowledged.length}`,
      `${finalTally} / ${stored}`,
      `${fmt(openFan.p50, 0)} / ${fmt(openFan.p95, 0)} / ${fmt(openFan.last, 0)}`,
      `${openFan.got}`,
      `${fmt(closeFan.p50, 0)} / ${fmt(closeFan.p95, 0)} / ${fmt(closeFan.last, 0)}${skipped ? " (skipped)" : " (by itself)"}`,
      `${closeFan.got}`,
    ]);
  }
  await host("next");
  const peak = memory.stop();
  hostStream.destroy();
  for (const player of joined) player.stream!.destroy();
  db.close();

  const p50 = percentile(answerLatencies, 0.5);
  const p95 = percentile(answerLatencies, 0.95);
  console.log(
    `\nLive game: ${PLAYERS} players, ${QUESTIONS} questions, answers spread over ${SPREAD_MS} ms, ${WORKERS} workers.\n`,
  );
  console.log(
    table(
      [
        "Question",
        "Answers acknowledged",
        "Final tally / in DB",
        "Question fan-out p50 / p95 / last ms",
        "Delivered",
        "Close fan-out p50 / p95 / last ms (from the skip, or from the last answer)",
        "Delivered",
      ],
      questionRows,
    ),
  );
  console.log(
    `\nAnswer → host tally: p50 ${fmt(p50, 0)} ms, p95 ${fmt(p95, 0)} ms, max ${fmt(Math.max(...answerLatencies), 0)} ms` +
      ` (goal p95 < 300 ms: ${p95 < 300 ? "met" : "NOT met"}).`,
  );
  console.log(
    `Answer post round trip (acknowledged, written to disk): p50 ${fmt(percentile(postLatencies, 0.5), 0)} ms,` +
      ` p95 ${fmt(percentile(postLatencies, 0.95), 0)} ms.`,
  );
  console.log(
    `Errors: ${joinErrors} joins, ${answerErrors} answers` +
      `${[...joinProblems, ...answerProblems].length ? ` (${[...joinProblems, ...answerProblems].map(([p, n]) => `${n} × ${p}`).join("; ")})` : ""}.` +
      ` Lost answers (acknowledged, not in the database): ${lostAnswers} (goal 0: ${lostAnswers === 0 ? "met" : "NOT met"});` +
      ` acknowledged after the last tally of their question (it closed first): ${untallied}.`,
  );
  console.log(
    `Server peak memory (all processes): ${mib(peak)}. Joins: ${fmt(joined.length / joinSeconds, 0)}/s.`,
  );
  await cleanup();
}

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    cleanupNow();
    process.exit(1);
  });
main().catch(async (error: unknown) => {
  console.error(error);
  await cleanup();
  process.exit(1);
});
