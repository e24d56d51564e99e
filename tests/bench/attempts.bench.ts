// Load benchmark of the attempt flow (npm run bench): log in, start an attempt, read its questions, save
// answers in the background (the measured operation), submit, then read the result and the leaderboard.
// It runs the built app (build/) as a child process on a throwaway database seeded with the demo contest and
// BENCH_ENTRIES extra leaderboard rows, then drives a bare node:http + better-sqlite3 server with the same
// answer saves as a baseline. Only loopback; child processes and temporary files are removed at the end.
//
// Environment: BENCH_ENTRIES (100000) fictitious residents on the boards, BENCH_USERS (200) residents who
// take an attempt, BENCH_CONCURRENCY (50) users in flight, BENCH_PASSES (2) times each user answers every
// question, BENCH_TIMEOUT_S (900) for the whole run, BENCH_CLIENT=fetch to load with fetch instead of node:http,
// BENCH_CPU_PROF=<dir> to write a V8 CPU profile of the app server there.
import { seededRng } from "#app/domain/draw.ts";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { hash } from "@node-rs/argon2";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SLUG = "xay-dung-cong-dan-so";
const PASSWORD = "ThiThu@2026";
const REQUEST_TIMEOUT_MS = 30_000;
const BASELINE_WARMUP_REQUESTS = 500;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function openDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

// ---------------------------------------------------------------------------------------------------------
// Baseline server (this same file, run as a child with BENCH_ROLE=baseline-server)

function runBaselineServer(): void {
  const file = process.env.BENCH_DB;
  const port = Number(process.env.PORT);
  if (!file || !port) throw new Error("BENCH_DB and PORT are required");
  const db = openDb(file);
  db.exec(`CREATE TABLE IF NOT EXISTS answers (
    attempt_id INTEGER NOT NULL, slot INTEGER NOT NULL, choice_ids TEXT NOT NULL, answered_at INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, slot))`);
  const upsert = db.prepare(
    `INSERT INTO answers (attempt_id, slot, choice_ids, answered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (attempt_id, slot) DO UPDATE SET choice_ids = excluded.choice_ids, answered_at = excluded.answered_at`,
  );
  const json = (res: http.ServerResponse, status: number, body: string) =>
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(body);
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") return void res.writeHead(200).end("ok");
    const match = /^\/bai-thi\/(\d+)\/luu$/.exec(req.url ?? "");
    if (req.method !== "POST" || !match) return json(res, 404, '{"error":"not found"}');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 4096) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > 4096) return json(res, 413, '{"error":"too large"}');
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const slot = Number(form.get("slot"));
      const choice = [...new Set(form.getAll("choice").map(Number))].sort((a, b) => a - b);
      if (
        !Number.isInteger(slot) ||
        slot < 1 ||
        slot > 100 ||
        choice.some((c) => !Number.isInteger(c) || c < 1)
      ) {
        return json(res, 400, '{"error":"invalid"}');
      }
      try {
        upsert.run(Number(match[1]), slot, JSON.stringify(choice), Date.now());
        json(res, 200, '{"saved":true}');
      } catch (error) {
        console.error(error);
        json(res, 500, '{"error":"database"}');
      }
    });
  });
  server.listen(port, "127.0.0.1");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      server.close(() => {
        db.close();
        process.exit(0);
      });
      server.closeAllConnections();
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child processes and temporary files

const children = new Set<ChildProcess>();
let tmpDir: string | undefined;

type Child = { process: ChildProcess; output: () => string };

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-16_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => console.error(`${name}: ${error.message}`));
  return { process: child, output: () => output };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

async function cleanup(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

function cleanupNow(): void {
  for (const child of children) child.kill("SIGKILL");
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitForHealth(base: string, child: Child, name: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.process.exitCode !== null)
      throw new Error(`${name} exited (${child.process.exitCode}):\n${child.output()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${name} did not answer /healthz within 60 s:\n${child.output()}`);
}

// ---------------------------------------------------------------------------------------------------------
// Database preparation

type Setup = { contestId: number; roundId: number; questionCount: number };

function readContest(
  db: Database.Database,
  now: number,
): Setup & { opensAt: number; closesAt: number; timeLimitMs: number } {
  const contest = db.prepare("SELECT id, rules FROM contests WHERE slug = ?").get(SLUG) as
    { id: number; rules: string } | undefined;
  if (!contest) throw new Error(`The seed did not create the contest ${SLUG}`);
  const rules = JSON.parse(contest.rules) as { questionsPerAttempt: number; timeLimitSeconds: number };
  const round = db
    .prepare(
      "SELECT id, opens_at AS opensAt, closes_at AS closesAt FROM rounds WHERE contest_id = ? AND opens_at <= ? AND closes_at > ? ORDER BY number LIMIT 1",
    )
    .get(contest.id, now, now) as { id: number; opensAt: number; closesAt: number } | undefined;
  if (!round) throw new Error("The demo contest has no open round");
  return {
    contestId: contest.id,
    roundId: round.id,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    questionCount: rules.questionsPerAttempt,
    timeLimitMs: rules.timeLimitSeconds * 1000,
  };
}

const ancestorIds = (unitPath: string) => unitPath.split("/").filter(Boolean).map(Number);

/** Fictitious residents with submitted attempts in the open round, on both boards, with unit statistics. */
function insertEntries(db: Database.Database, count: number, now: number): Setup {
  const c = readContest(db, now);
  const leaves = db.prepare("SELECT id, path FROM units WHERE is_leaf = 1").all() as {
    id: number;
    path: string;
  }[];
  if (leaves.length === 0) throw new Error("No leaf units");
  const random = seededRng(20_260_101);
  const insertUser = db.prepare(
    "INSERT INTO users (name, phone, birth_year, unit_id, role, is_demo, created_at) VALUES (?, NULL, ?, ?, 'resident', 1, ?)",
  );
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (user_id, round_id, started_at, deadline_at, submitted_at, status, question_count, score, duration_ms, prediction)
     VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO board_entries (board, user_id, unit_id, attempt_id, score, prediction, prediction_gap, duration_ms, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const upsertStats = db.prepare(
    `INSERT INTO board_unit_stats (board, unit_id, participants, attempts, score_sum) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (board, unit_id) DO UPDATE SET participants = participants + excluded.participants,
       attempts = attempts + excluded.attempts, score_sum = score_sum + excluded.score_sum`,
  );
  const roundBoard = `round:${c.roundId}`;
  const contestBoard = `contest:${c.contestId}`;
  // The window in which fictitious attempts started: the open round so far, ending before now.
  const lastStart = Math.max(c.opensAt, Math.min(now, c.closesAt) - c.timeLimitMs - 60_000);
  const stats = new Map<number, { participants: number; attempts: number; scoreSum: number }>();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Some communes have many residents taking part, others few.
      const unit = leaves[Math.floor(leaves.length * random() ** 1.5)]!;
      const userId = Number(
        insertUser.run(
          `Người thi ảo ${i + 1}`,
          1950 + Math.floor(random() * 58),
          unit.id,
          now - Math.floor(random() * 30 * 86_400_000),
        ).lastInsertRowid,
      );
      const skill = 0.35 + random() * 0.6;
      const tries = random() < 0.2 ? 2 : 1;
      let best:
        | {
            attemptId: number;
            score: number;
            durationMs: number;
            submittedAt: number;
            prediction: number | null;
          }
        | undefined;
      let clock = c.opensAt + Math.floor(random() * (lastStart - c.opensAt));
      for (let t = 0; t < tries; t++) {
        let score = 0;
        for (let q = 0; q < c.questionCount; q++) if (random() < skill) score++;
        const startedAt = Math.min(clock, lastStart);
        const deadlineAt = Math.min(startedAt + c.timeLimitMs, c.closesAt);
        const durationMs = 45_000 + Math.floor(random() * (c.timeLimitMs - 45_000));
        const submittedAt = startedAt + durationMs;
        const prediction = random() < 0.1 ? null : 100 + Math.floor(random() * 200_000);
        const attemptId = Number(
          insertAttempt.run(
            userId,
            c.roundId,
            startedAt,
            deadlineAt,
            submittedAt,
            c.questionCount,
            score,
            durationMs,
            prediction,
          ).lastInsertRowid,
        );
        if (!best || score > best.score || (score === best.score && durationMs < best.durationMs))
          best = { attemptId, score, durationMs, submittedAt, prediction };
        clock = submittedAt + 60_000 + Math.floor(random() * 3_600_000);
      }
      if (!best) continue;
      insertEntry.run(
        roundBoard,
        userId,
        unit.id,
        best.attemptId,
        best.score,
        best.prediction,
        best.durationMs,
        best.submittedAt,
      );
      insertEntry.run(
        contestBoard,
        userId,
        unit.id,
        null,
        best.score,
        null,
        best.durationMs,
        best.submittedAt,
      );
      for (const id of ancestorIds(unit.path)) {
        const s = stats.get(id) ?? { participants: 0, attempts: 0, scoreSum: 0 };
        s.participants += 1;
        s.attempts += tries;
        s.scoreSum += best.score;
        stats.set(id, s);
      }
    }
    for (const board of [roundBoard, contestBoard]) {
      for (const [unitId, s] of stats) upsertStats.run(board, unitId, s.participants, s.attempts, s.scoreSum);
    }
    // The per-score counts the app keeps at submit time, rebuilt for the two boards filled above.
    db.prepare(
      `INSERT INTO board_score_counts (board, score, entries)
       SELECT board, score, count(*) FROM board_entries WHERE board IN (?, ?) GROUP BY board, score
       ON CONFLICT (board, score) DO UPDATE SET entries = excluded.entries`,
    ).run(roundBoard, contestBoard);
  })();
  return c;
}

/** Residents who can log in, all sharing one password hash (argon2id with the app's parameters). */
async function insertResidents(db: Database.Database, count: number, now: number): Promise<string[]> {
  const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const leaves = db.prepare("SELECT id FROM units WHERE is_leaf = 1 ORDER BY id").all() as { id: number }[];
  const insert = db.prepare(
    "INSERT INTO users (name, phone, birth_year, unit_id, role, password_hash, is_demo, consented_at, created_at) VALUES (?, ?, ?, ?, 'resident', ?, 0, ?, ?)",
  );
  const random = seededRng(7);
  const phones: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const phone = `09${String(70_000_000 + i).padStart(8, "0")}`;
      insert.run(
        `Người thi thử ${i + 1}`,
        phone,
        1960 + (i % 45),
        leaves[Math.floor(random() * leaves.length)]!.id,
        passwordHash,
        now,
        now,
      );
      phones.push(phone);
    }
  })();
  return phones;
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

/** CPU time (user + system, ms) a process has used so far, from /proc; null where /proc is missing. */
const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}
const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

class Recorder {
  readonly latencies: number[] = [];
  errors = 0;
  private readonly problems = new Map<string, number>();
  private started = 0;
  private ended = 0;
  private serverCpu: [number | null, number | null] = [null, null];
  private clientCpu: [number, number] = [0, 0];
  constructor(
    readonly name: string,
    private readonly serverPid?: number,
  ) {}
  begin() {
    this.serverCpu[0] = processCpuMs(this.serverPid);
    this.clientCpu[0] = ownCpuMs();
    this.started = performance.now();
  }
  end() {
    this.ended = performance.now();
    this.clientCpu[1] = ownCpuMs();
    this.serverCpu[1] = processCpuMs(this.serverPid);
  }
  add(ms: number, ok: boolean, problem: string) {
    this.latencies.push(ms);
    if (!ok) {
      this.errors++;
      this.problems.set(problem, (this.problems.get(problem) ?? 0) + 1);
    }
  }
  fail(problem: string) {
    this.errors++;
    this.problems.set(problem, (this.problems.get(problem) ?? 0) + 1);
  }
  get requests() {
    return this.latencies.length;
  }
  get seconds() {
    return (this.ended - this.started) / 1000;
  }
  get throughput() {
    return this.seconds > 0 ? this.requests / this.seconds : 0;
  }
  /** Server CPU time per request: steadier than throughput on a shared machine. */
  get serverCpuPerRequest() {
    const [from, to] = this.serverCpu;
    return from === null || to === null || this.requests === 0 ? NaN : (to - from) / this.requests;
  }
  /** The load generator's own CPU use during the phase, in % of one core (near 100: the client limits). */
  get clientCpuPercent() {
    return this.seconds > 0 ? (this.clientCpu[1] - this.clientCpu[0]) / (this.seconds * 10) : NaN;
  }
  percentile(p: number): number {
    if (this.latencies.length === 0) return NaN;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  }
  describeProblems(): string {
    return [...this.problems].map(([problem, n]) => `${n} × ${problem}`).join("; ");
  }
}

type Reply = { status: number; location: string | null; setCookies: string[]; body: string };

let deadline = Number.POSITIVE_INFINITY;

/** fetch's "fetch failed" hides the reason (ECONNRESET, a timeout …) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error
      ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}`
      : "";
  return `${error.name === "TimeoutError" ? "timeout" : error.message}${cause}`;
}

// Two HTTP clients, both keeping connections alive. node:http is the default: Node's fetch costs several
// times more CPU per request, enough to make the load generator, not the bare baseline server, the limit.
const useFetch = process.env.BENCH_CLIENT === "fetch";
let agent: http.Agent | undefined;

async function send(
  url: string,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Reply> {
  if (useFetch) {
    const res = await fetch(url, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return {
      status: res.status,
      location: res.headers.get("Location"),
      setCookies: res.headers.getSetCookie(),
      body: await res.text(),
    };
  }
  return new Promise<Reply>((resolve, reject) => {
    const request = http.request(url, {
      method,
      agent,
      headers: {
        ...headers,
        "Accept-Encoding": "gzip",
        ...(body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(body)) }),
      },
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        try {
          const raw = Buffer.concat(chunks);
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            location: location ?? null,
            setCookies: res.headers["set-cookie"] ?? [],
            body: (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8"),
          });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.end(body);
  });
}

async function timed(
  recorder: Recorder,
  url: string,
  init: { method: "GET" | "POST"; cookie?: string; form?: URLSearchParams },
  accept: (reply: Reply) => boolean,
): Promise<Reply | null> {
  if (Date.now() > deadline) throw new Error("BENCH_TIMEOUT_S reached");
  const headers: Record<string, string> = {};
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.form) headers["Content-Type"] = "application/x-www-form-urlencoded";
  // As a browser does: the server refuses a form without this site's Origin.
  if (init.method === "POST") headers.Origin = new URL(url).origin;
  const started = performance.now();
  try {
    const reply = await send(url, init.method, headers, init.form?.toString());
    const ok = accept(reply);
    recorder.add(
      performance.now() - started,
      ok,
      `HTTP ${reply.status}${ok ? "" : ` ${reply.body.slice(0, 120).replace(/\s+/g, " ")}`}`,
    );
    return ok ? reply : null;
  } catch (error) {
    recorder.add(performance.now() - started, false, describeError(error));
    return null;
  }
}

/** Runs `work` for every item with at most `concurrency` at a time; the recorder's clock spans the whole phase. */
async function phase<T>(
  recorder: Recorder,
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  recorder.begin();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  recorder.end();
}

type Resident = {
  phone: string;
  cookie?: string;
  attemptId?: number;
  choices: number[][];
  submitted?: boolean;
};

// A choice's form value is its place in the resident's shuffled order (1, 2, …), which the saves post back.
const choicePattern = /<input[^>]*\bname="choice"[^>]*\bvalue="(\d+)"/g;

/** The answer saves every resident sends: each question answered `passes` times, changing the choice each pass. */
function answerPlan(residents: Resident[], passes: number) {
  return residents.map((r, index) =>
    Array.from({ length: passes }, (_, pass) =>
      r.choices.map((places, slotIndex) => ({
        slot: slotIndex + 1,
        choice: places[(index + pass + slotIndex) % places.length]!,
      })),
    ).flat(),
  );
}

async function driveSaves(
  recorder: Recorder,
  base: string,
  residents: Resident[],
  plan: { slot: number; choice: number }[][],
  concurrency: number,
  accept: (reply: Reply) => boolean,
) {
  const work = residents.map((r, i) => ({ r, saves: plan[i]! })).filter((w) => w.r.attemptId !== undefined);
  await phase(recorder, work, concurrency, async ({ r, saves }) => {
    for (const { slot, choice } of saves) {
      const form = new URLSearchParams({ slot: String(slot), choice: String(choice) });
      await timed(
        recorder,
        `${base}/bai-thi/${r.attemptId}/luu`,
        { method: "POST", cookie: r.cookie, form },
        accept,
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Consistency of the boards after the run

function checkBoards(file: string, setup: Setup, phones: string[], questionCount: number): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const expected = new Map<string, { participants: number; attempts: number; scoreSum: number }>();
    const bump = (
      board: string,
      unitPath: string,
      field: "participants" | "attempts" | "scoreSum",
      by: number,
    ) => {
      for (const unitId of ancestorIds(unitPath)) {
        const key = `${board} ${unitId}`;
        const s = expected.get(key) ?? { participants: 0, attempts: 0, scoreSum: 0 };
        s[field] += by;
        expected.set(key, s);
      }
    };
    const entries = db
      .prepare("SELECT e.board, u.path, e.score FROM board_entries e JOIN units u ON u.id = e.unit_id")
      .all() as { board: string; path: string; score: number }[];
    for (const e of entries) {
      bump(e.board, e.path, "participants", 1);
      bump(e.board, e.path, "scoreSum", e.score);
    }
    const submitted = db
      .prepare(
        `SELECT a.round_id AS roundId, r.contest_id AS contestId, u.path FROM attempts a
         JOIN rounds r ON r.id = a.round_id JOIN users us ON us.id = a.user_id JOIN units u ON u.id = us.unit_id
         WHERE a.status = 'submitted'`,
      )
      .all() as { roundId: number; contestId: number; path: string }[];
    for (const a of submitted) {
      bump(`round:${a.roundId}`, a.path, "attempts", 1);
      bump(`contest:${a.contestId}`, a.path, "attempts", 1);
    }
    const actual = db
      .prepare(
        "SELECT board, unit_id AS unitId, participants, attempts, score_sum AS scoreSum FROM board_unit_stats",
      )
      .all() as {
      board: string;
      unitId: number;
      participants: number;
      attempts: number;
      scoreSum: number;
    }[];
    const seen = new Set<string>();
    for (const row of actual) {
      const key = `${row.board} ${row.unitId}`;
      seen.add(key);
      const want = expected.get(key) ?? { participants: 0, attempts: 0, scoreSum: 0 };
      if (
        want.participants !== row.participants ||
        want.attempts !== row.attempts ||
        want.scoreSum !== row.scoreSum
      ) {
        problems.push(
          `board_unit_stats ${key}: has ${JSON.stringify({ ...row, board: undefined, unitId: undefined })}, entries/attempts give ${JSON.stringify(want)}`,
        );
      }
    }
    for (const key of expected.keys())
      if (!seen.has(key)) problems.push(`board_unit_stats ${key}: missing row`);

    // The per-score counts kept at submit time agree with the entries, in both directions.
    const scoreCountProblems = db
      .prepare(
        `SELECT e.board, e.score, count(*) AS n, c.entries FROM board_entries e
           LEFT JOIN board_score_counts c ON c.board = e.board AND c.score = e.score
           GROUP BY e.board, e.score HAVING c.entries IS NULL OR c.entries != count(*)
         UNION ALL
         SELECT c.board, c.score, 0, c.entries FROM board_score_counts c
           WHERE c.entries != 0 AND NOT EXISTS (SELECT 1 FROM board_entries e WHERE e.board = c.board AND e.score = c.score)`,
      )
      .all() as { board: string; score: number; n: number; entries: number | null }[];
    for (const m of scoreCountProblems) {
      problems.push(`board_score_counts ${m.board} score ${m.score}: has ${m.entries}, entries give ${m.n}`);
    }

    // The bench residents: one submitted attempt each, every question answered, on both boards.
    const mine = db
      .prepare(
        `SELECT count(*) AS users,
           sum((SELECT count(*) FROM attempts a WHERE a.user_id = u.id AND a.round_id = ? AND a.status = 'submitted')) AS submitted,
           sum((SELECT count(*) FROM answers x JOIN attempts a ON a.id = x.attempt_id WHERE a.user_id = u.id)) AS answers,
           sum((SELECT count(*) FROM board_entries e WHERE e.user_id = u.id AND e.board IN (?, ?))) AS entries
         FROM users u WHERE u.phone >= ? AND u.phone <= ?`,
      )
      .get(
        setup.roundId,
        `round:${setup.roundId}`,
        `contest:${setup.contestId}`,
        phones[0],
        phones.at(-1),
      ) as { users: number; submitted: number; answers: number; entries: number };
    const n = phones.length;
    if (
      mine.users !== n ||
      mine.submitted !== n ||
      mine.answers !== n * questionCount ||
      mine.entries !== 2 * n
    ) {
      problems.push(
        `bench residents: expected ${n} users, ${n} submitted attempts, ${n * questionCount} answers, ${2 * n} board entries; found ${JSON.stringify(mine)}`,
      );
    }
    return problems;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Main

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const serverBuild = path.join(root, "build/server/index.js");

/** Builds the app when build/ is missing, after waiting a little in case another build is rewriting it. */
async function ensureBuild(): Promise<void> {
  for (let waited = 0; waited < 20_000 && !fs.existsSync(serverBuild); waited += 500) await sleep(500);
  if (fs.existsSync(serverBuild)) return;
  console.log("build/server/index.js is missing: running npm run build …");
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", timeout: 600_000 });
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

async function main(): Promise<number> {
  const entries = intEnv("BENCH_ENTRIES", 100_000, 0, 2_000_000);
  const userCount = intEnv("BENCH_USERS", 200, 1, 20_000);
  const concurrency = intEnv("BENCH_CONCURRENCY", 50, 1, 1000);
  const passes = intEnv("BENCH_PASSES", 2, 1, 10);
  const timeoutSeconds = intEnv("BENCH_TIMEOUT_S", 900, 10, 24 * 3600);
  deadline = Date.now() + timeoutSeconds * 1000;
  setTimeout(() => {
    console.error(`Timed out after ${timeoutSeconds} s (BENCH_TIMEOUT_S).`);
    cleanupNow();
    process.exit(1);
  }, timeoutSeconds * 1000).unref();

  await ensureBuild();
  if (newestSource(path.join(root, "app")) > fs.statSync(serverBuild).mtimeMs) {
    console.warn(
      "Warning: files in app/ are newer than build/; run npm run build to measure the current code.",
    );
  }

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-bench-"));
  const dbFile = path.join(tmpDir, "bench.db");
  const now = Date.now();

  let mark = performance.now();
  execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: dbFile, SEED_DEMO: "true", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 300_000,
  });
  console.log(`Seeded the demo contest in ${fmt((performance.now() - mark) / 1000)} s.`);

  mark = performance.now();
  const db = openDb(dbFile);
  let setup: Setup;
  let phones: string[];
  try {
    setup = insertEntries(db, entries, now);
    const inserted = performance.now();
    phones = await insertResidents(db, userCount, now);
    db.pragma("wal_checkpoint(TRUNCATE)");
    const totals = db
      .prepare(
        "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM attempts) AS attempts, (SELECT count(*) FROM board_entries) AS entries",
      )
      .get() as Record<string, number>;
    console.log(
      `Inserted ${entries} fictitious residents in ${fmt((inserted - mark) / 1000)} s and ${userCount} residents who log in; ` +
        `database: ${totals.users} users, ${totals.attempts} attempts, ${totals.entries} board entries (${fmt(fs.statSync(dbFile).size / 1048576)} MiB).`,
    );
  } finally {
    db.close();
  }

  // The app, built, as in production (Secure cookies off: plain http on loopback). The login limit per IP
  // is raised because every simulated resident comes from 127.0.0.1.
  await ensureBuild(); // again: another build may have emptied build/ meanwhile
  const appPort = await freePort();
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const app = startChild(
    "app server",
    [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", "tsx", "server.ts"],
    {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(appPort),
      DATABASE_PATH: dbFile,
      COOKIE_SECURE: "false",
      SEED_DEMO: "false",
      TRUST_PROXY: "0",
      // Every simulated resident comes from 127.0.0.1: per-address limits would refuse all but the first.
      LOGIN_LIMIT_PER_IP: "1000000",
      ATTEMPT_LIMIT_PER_ADDRESS: "1000000",
    },
  );
  const base = `http://127.0.0.1:${appPort}`;
  agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  await waitForHealth(base, app, "app server");
  console.log(
    `App server up on ${base} (pid ${app.process.pid}); ${userCount} residents, concurrency ${concurrency}, ${passes} answer passes.`,
  );

  const residents: Resident[] = phones.map((phone) => ({ phone, choices: [] }));
  const pid = app.process.pid;
  const login = new Recorder("login (POST /dang-nhap)", pid);
  const start = new Recorder("start attempt (POST /cuoc-thi/:slug)", pid);
  const pages = new Recorder("question page (GET /bai-thi/:id/cau/:n)", pid);
  const saves = new Recorder("answer save (POST /bai-thi/:id/luu)", pid);
  const submit = new Recorder("submit (POST /bai-thi/:id/nop-bai)", pid);
  const result = new Recorder("result page (GET /bai-thi/:id/ket-qua)", pid);
  const board = new Recorder("leaderboard (GET /cuoc-thi/:slug/bang-xep-hang)", pid);

  await phase(login, residents, concurrency, async (r) => {
    const reply = await timed(
      login,
      `${base}/dang-nhap`,
      { method: "POST", form: new URLSearchParams({ phone: r.phone, password: PASSWORD }) },
      (x) => x.status === 302,
    );
    const cookie = reply?.setCookies.find((c) => c.startsWith("cds_session="));
    if (reply && !cookie) login.fail("302 without a cds_session cookie");
    r.cookie = cookie?.split(";")[0];
  });

  await phase(start, residents, concurrency, async (r) => {
    if (!r.cookie) return;
    const reply = await timed(
      start,
      `${base}/cuoc-thi/${SLUG}`,
      { method: "POST", cookie: r.cookie, form: new URLSearchParams() },
      (x) => x.status === 302 && /^\/bai-thi\/\d+$/.test(x.location ?? ""),
    );
    if (reply) r.attemptId = Number(reply.location!.split("/").at(-1));
  });

  await phase(pages, residents, concurrency, async (r) => {
    if (r.attemptId === undefined) return;
    for (let slot = 1; slot <= setup.questionCount; slot++) {
      const reply = await timed(
        pages,
        `${base}/bai-thi/${r.attemptId}/cau/${slot}`,
        { method: "GET", cookie: r.cookie },
        (x) => x.status === 200,
      );
      const places = reply ? [...reply.body.matchAll(choicePattern)].map((m) => Number(m[1])) : [];
      if (reply && places.length === 0) pages.fail(`no choices found on /bai-thi/${r.attemptId}/cau/${slot}`);
      if (places.length === 0) {
        r.attemptId = undefined; // cannot answer this attempt: skip this resident from here on
        return;
      }
      r.choices.push(places);
    }
  });

  const plan = answerPlan(residents, passes);
  await driveSaves(
    saves,
    base,
    residents,
    plan,
    concurrency,
    (x) => x.status === 200 && x.body.includes('"saved":true'),
  );

  await phase(submit, residents, concurrency, async (r) => {
    if (r.attemptId === undefined) return;
    const reply = await timed(
      submit,
      `${base}/bai-thi/${r.attemptId}/nop-bai`,
      { method: "POST", cookie: r.cookie, form: new URLSearchParams({ confirm: "nop" }) },
      (x) => x.status === 302 && x.location === `/bai-thi/${r.attemptId}/ket-qua`,
    );
    r.submitted = reply !== null;
  });

  await phase(result, residents, concurrency, async (r) => {
    if (!r.submitted) return;
    await timed(
      result,
      `${base}/bai-thi/${r.attemptId}/ket-qua`,
      { method: "GET", cookie: r.cookie },
      (x) => x.status === 200,
    );
  });

  await phase(board, residents, concurrency, async (r) => {
    if (!r.cookie) return;
    await timed(
      board,
      `${base}/cuoc-thi/${SLUG}/bang-xep-hang`,
      { method: "GET", cookie: r.cookie },
      (x) => x.status === 200,
    );
  });

  await stopChild(app.process);
  const appProblems = [login, start, pages, saves, submit, result, board].filter((r) => r.errors > 0);
  const boardProblems =
    appProblems.length === 0 ? checkBoards(dbFile, setup, phones, setup.questionCount) : [];

  // The baseline: the same answer saves (same paths, bodies, cookies, concurrency), after a short warm-up.
  const basePort = await freePort();
  const bare = startChild("baseline server", ["--import", "tsx", fileURLToPath(import.meta.url)], {
    ...process.env,
    BENCH_ROLE: "baseline-server",
    BENCH_DB: path.join(tmpDir, "baseline.db"),
    PORT: String(basePort),
  });
  const bareBase = `http://127.0.0.1:${basePort}`;
  await waitForHealth(bareBase, bare, "baseline server");
  const baseline = new Recorder("baseline save (bare node:http+sqlite)", bare.process.pid);
  const warmupResidents: Resident[] = Array.from({ length: concurrency }, (_, i) => ({
    phone: "",
    attemptId: 1_000_000_000 + i,
    cookie: residents[0]?.cookie,
    choices: [[1, 2, 3]],
  }));
  const warmupPlan = warmupResidents.map(() =>
    Array.from({ length: Math.ceil(BASELINE_WARMUP_REQUESTS / concurrency) }, (_, i) => ({
      slot: (i % 10) + 1,
      choice: (i % 3) + 1,
    })),
  );
  await driveSaves(new Recorder("warm-up"), bareBase, warmupResidents, warmupPlan, concurrency, () => true);
  await driveSaves(
    baseline,
    bareBase,
    residents,
    plan,
    concurrency,
    (x) => x.status === 200 && x.body.includes('"saved":true'),
  );
  await stopChild(bare.process);

  // Report
  const rows = [login, start, pages, saves, submit, result, board, baseline];
  const header = [
    "operation",
    "requests",
    "errors",
    "throughput req/s",
    "p50 ms",
    "p99 ms",
    "max ms",
    "server CPU ms/req",
    "client CPU %",
  ];
  const cells = rows.map((r) => [
    r.name,
    String(r.requests),
    String(r.errors),
    fmt(r.throughput),
    fmt(r.percentile(0.5), 2),
    fmt(r.percentile(0.99), 2),
    fmt(r.percentile(1), 2),
    fmt(r.serverCpuPerRequest, 2),
    fmt(r.clientCpuPercent, 0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(" | ");
  console.log();
  console.log(
    `${entries} fictitious residents on the boards; ${userCount} residents, concurrency ${concurrency}, ${passes} answer passes, ` +
      `client ${useFetch ? "fetch" : "node:http"} (keep-alive), ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}.`,
  );
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const c of cells) console.log(line(c));
  console.log();
  console.log(
    `ratio (app / bare node:http+sqlite) for answer saves: throughput ${fmt(saves.throughput / baseline.throughput, 2)}, ` +
      `p50 ${fmt(saves.percentile(0.5) / baseline.percentile(0.5))}, p99 ${fmt(saves.percentile(0.99) / baseline.percentile(0.99))}, ` +
      `server CPU per request ${fmt(saves.serverCpuPerRequest / baseline.serverCpuPerRequest)}`,
  );

  let failed = false;
  for (const r of [...appProblems, ...(baseline.errors > 0 ? [baseline] : [])]) {
    console.error(`\n${r.name}: ${r.errors} failed — ${r.describeProblems()}`);
    failed = true;
  }
  if (appProblems.length > 0) console.error(`\nLast app server output:\n${app.output() || "(none)"}`);
  if (boardProblems.length > 0) {
    console.error(
      `\nBoard consistency: ${boardProblems.length} problem(s):\n  ${boardProblems.slice(0, 20).join("\n  ")}`,
    );
    failed = true;
  } else if (appProblems.length === 0) {
    console.log(
      "Board consistency: board_unit_stats and board_score_counts match board_entries and submitted attempts; every bench resident has 1 submitted attempt, all answers, 2 board entries.",
    );
  }
  return failed ? 1 : 0;
}

if (process.env.BENCH_ROLE === "baseline-server") {
  runBaselineServer();
} else {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      cleanupNow();
      process.exit(130);
    });
  }
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}
