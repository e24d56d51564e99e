// The bench's load generator: child processes, an HTTP client, phases with recorders of latency and of the
// server's CPU and memory (read from /proc for the whole process tree, so a cluster's workers count too).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { WireConnection, wireRequest, type WireReply } from "./wire.ts";

// Long enough for a page behind a thousand others on two cores.
const REQUEST_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------
// Child processes and temporary files

const children = new Set<ChildProcess>();
const tmpDirs = new Set<string>();

export type Child = { process: ChildProcess; output: () => string };

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
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

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  // A cluster's primary gives its workers 10 s before killing them.
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

export function registerTmpDir(dir: string): string {
  tmpDirs.add(dir);
  return dir;
}

export async function cleanup(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  tmpDirs.clear();
}

/** On a signal or the overall timeout: kill what is left (a cluster's workers too) and remove the files. */
export function cleanupNow(): void {
  for (const child of children) {
    for (const pid of processTree(child.pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  tmpDirs.clear();
}

export async function freePort(): Promise<number> {
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

export async function waitForHealth(base: string, child: Child, name: string): Promise<void> {
  const until = Date.now() + 90_000;
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
  throw new Error(`${name} did not answer /healthz within 90 s:\n${child.output()}`);
}

// ---------------------------------------------------------------------------------------------------------
// CPU and memory of a process tree, from /proc (NaN where /proc is missing)

const getconf = (name: string, fallback: number) => {
  try {
    return Number(execFileSync("getconf", [name], { encoding: "utf8" }).trim()) || fallback;
  } catch {
    return fallback;
  }
};
const clockTicks = getconf("CLK_TCK", 100);
const pageSize = getconf("PAGESIZE", 4096);

/** The fields of /proc/<pid>/stat after the command name (index 0 is the state, 1 the parent's pid). */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** `root` and every process descending from it (a cluster's workers), found through each process's parent. */
export function processTree(root: number | undefined): number[] {
  if (root === undefined) return [];
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [root];
  }
  const childrenOf = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = Number(statFields(pid)?.[1]);
    if (!parent) continue;
    const list = childrenOf.get(parent) ?? [];
    list.push(Number(pid));
    childrenOf.set(parent, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(childrenOf.get(tree[i]!) ?? []));
  return tree;
}

/** CPU time (user + system, ms) the process tree has used so far; NaN without /proc. */
export function treeCpuMs(root: number | undefined): number {
  let total = 0;
  let found = false;
  for (const pid of processTree(root)) {
    const fields = statFields(pid);
    if (!fields) continue;
    found = true;
    total += ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  }
  return found ? total : NaN;
}

/** Resident memory of the process tree in bytes; NaN without /proc. */
function treeRssBytes(root: number | undefined): number {
  let total = 0;
  let found = false;
  for (const pid of processTree(root)) {
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * pageSize;
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : NaN;
}

/** Samples the tree's resident memory every 250 ms; `stop` returns the peak in bytes. */
export function sampleRss(root: number | undefined): { stop: () => number } {
  let peak = treeRssBytes(root);
  const timer = setInterval(() => {
    const now = treeRssBytes(root);
    if (!(now <= peak)) peak = Number.isNaN(peak) ? now : Math.max(peak, now);
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

// ---------------------------------------------------------------------------------------------------------
// Recording

export class Recorder {
  readonly latencies: number[] = [];
  errors = 0;
  private readonly problems = new Map<string, number>();
  private started = 0;
  private ended = 0;
  private serverCpu: [number, number] = [NaN, NaN];
  private clientCpu: [number, number] = [0, 0];
  constructor(
    readonly name: string,
    private readonly serverPid?: number,
  ) {}
  begin() {
    this.serverCpu[0] = treeCpuMs(this.serverPid);
    this.clientCpu[0] = ownCpuMs();
    this.started = performance.now();
  }
  end() {
    this.ended = performance.now();
    this.clientCpu[1] = ownCpuMs();
    this.serverCpu[1] = treeCpuMs(this.serverPid);
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
    return this.requests === 0 ? NaN : (to - from) / this.requests;
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

// ---------------------------------------------------------------------------------------------------------
// HTTP client

export type Reply = { status: number; location: string | null; setCookies: string[]; body: string };

let deadline = Number.POSITIVE_INFINITY;
export const setDeadline = (at: number) => void (deadline = at);

/** fetch's "fetch failed" hides the reason (ECONNRESET, a timeout …) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error
      ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}`
      : "";
  return `${error.name === "TimeoutError" ? "timeout" : error.message}${cause}`;
}

// The pages' clients (logins, starts, question and result pages, the views not cached), both keeping
// connections alive: node:http by default, or Node's fetch, which costs several times more CPU per request. The
// phases that send as fast as the server answers (saves, cached views) go over wire.ts, leaner than either.
export const useFetch = process.env.BENCH_CLIENT === "fetch";
// No socket limit, and every idle socket kept: each phase bounds its own connections. (Node keeps 256 idle ones
// by default and closes the rest, which the next phase of a thousand connections then reopened all at once. The
// agent drops an idle socket a second before the server's keep-alive timeout, from the Keep-Alive header.)
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });

// New connections are opened 100 every 100 ms: a thousand at once overflow the server's accept queue (511),
// and the dropped ones wait seconds for the kernel to retry them.
const RAMP_CONNECTIONS = 100;
const RAMP_STEP_MS = 100;
const rampUp = (connection: number) => sleep(Math.floor(connection / RAMP_CONNECTIONS) * RAMP_STEP_MS);

/**
 * Opens `connections` kept-alive connections to `origin` while the server is idle, before a phase with that
 * many in flight: opened under load, a busy server accepts them too late (its accept queue overflows while
 * one turn of its event loop serves a thousand requests), and they wait for the kernel's retries (1, 3, 7,
 * 15 s …) or are reset.
 */
export async function connect(origin: string, connections: number): Promise<void> {
  if (connections <= RAMP_CONNECTIONS) return;
  const recorder = new Recorder("connect");
  // Each connection keeps asking until the last one is open, so no two share a socket.
  let opened = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, connection) => {
      await rampUp(connection);
      opened++;
      do await timed(recorder, `${origin}/healthz`, { method: "GET" }, () => true);
      while (opened < connections);
    }),
  );
}

async function send(
  url: string,
  method: "GET" | "POST",
  headers: Record<string, string>,
  body: string | undefined,
  connection: http.Agent,
  retried = false,
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
      agent: connection,
      headers: {
        ...headers,
        "Accept-Encoding": "gzip",
        ...(body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(body)) }),
      },
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("timeout")));
    request.on("error", (error: Error & { code?: string }) => {
      // As browsers do: a kept-alive connection the server closed just as the request left is retried once
      // on a new one (the server never saw the request; an answer save is idempotent anyway).
      if (request.reusedSocket && error.code === "ECONNRESET" && !retried)
        resolve(send(url, method, headers, body, connection, true));
      else reject(error);
    });
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

export async function timed(
  recorder: Recorder,
  url: string,
  init: { method: "GET" | "POST"; cookie?: string; form?: URLSearchParams; connection?: http.Agent },
  accept: (reply: Reply) => boolean,
): Promise<Reply | null> {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.form) headers["Content-Type"] = "application/x-www-form-urlencoded";
  // As a browser does: the server refuses a form without this site's Origin.
  if (init.method === "POST") headers.Origin = new URL(url).origin;
  return record(
    recorder,
    () => send(url, init.method, headers, init.form?.toString(), init.connection ?? agent),
    accept,
  );
}

/**
 * Records how long `sending` took to reply and whether `accept` took the reply, in `recorder` or in the one it
 * returns when the reply came.
 */
export async function record<R extends WireReply>(
  recorder: Recorder | (() => Recorder),
  sending: () => Promise<R>,
  accept: (reply: R) => boolean,
): Promise<R | null> {
  if (Date.now() > deadline) throw new Error("BENCH_TIMEOUT_S reached");
  const into = () => (typeof recorder === "function" ? recorder() : recorder);
  const started = performance.now();
  try {
    const reply = await sending();
    const ok = accept(reply);
    into().add(
      performance.now() - started,
      ok,
      `HTTP ${reply.status}${ok ? "" : ` ${reply.body.slice(0, 120).replace(/\s+/g, " ")}`}`,
    );
    return ok ? reply : null;
  } catch (error) {
    into().add(performance.now() - started, false, describeError(error));
    return null;
  }
}

/** `lanes` loops, each taking the next item as soon as its last one is done, until none is left. */
async function inLanes<T>(
  lanes: number,
  items: readonly T[],
  work: (item: T, lane: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async (_, lane) => {
      while (next < items.length) await work(items[next++]!, lane);
    }),
  );
}

/** Runs `work` for every item with at most `concurrency` at a time; the recorder's clock spans the whole phase. */
export async function phase<T>(
  recorder: Recorder,
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  recorder.begin();
  await inLanes(concurrency, items, (item) => work(item));
  recorder.end();
}

/** As `phase`, with one of `connections` (openWire) per lane; closes them all at the end. */
export async function overWire<T>(
  connections: WireConnection[],
  items: readonly T[],
  work: (connection: WireConnection, item: T) => Promise<void>,
): Promise<void> {
  try {
    await inLanes(connections.length, items, (item, lane) => work(connections[lane]!, item));
  } finally {
    for (const connection of connections) connection.close();
  }
}

/**
 * `connections` loops calling `work(i)` (i counts up across them) until `stop` resolves; a loop also ends
 * when its `work` returns false.
 */
export async function loopUntil(
  recorder: Recorder,
  connections: number,
  stop: Promise<unknown>,
  work: (i: number) => Promise<boolean | void>,
): Promise<void> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  let next = 0;
  recorder.begin();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!stopped && (await work(next++)) !== false);
    }),
  );
  recorder.end();
}

/** Resolves after `ms` without keeping the process alive. */
export const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

// ---------------------------------------------------------------------------------------------------------
// The residents and their answer saves

export type Resident = {
  phone: string;
  cookie?: string;
  attemptId?: number;
  choices: number[][];
  submitted?: boolean;
};

// A choice's form value is its place in the resident's shuffled order (1, 2, …), which the saves post back.
export const choicePattern = /<input[^>]*\bname="choice"[^>]*\bvalue="(\d+)"/g;

export type SavePlan = { slot: number; choice: number }[][];

/** The answer saves every resident sends: each question answered `passes` times, changing the choice each pass. */
export function answerPlan(residents: Resident[], passes: number, shift = 0): SavePlan {
  return residents.map((r, index) =>
    Array.from({ length: passes }, (_, pass) =>
      r.choices.map((places, slotIndex) => ({
        slot: slotIndex + 1,
        choice: places[(index + pass + slotIndex + shift) % places.length]!,
      })),
    ).flat(),
  );
}

export const savedOk = (x: WireReply) => x.status === 200 && x.body.includes('"saved":true');

/**
 * Answer saves at people's pace: every resident at once, each thinking for a random time (exponential, mean
 * `meanThinkMs`) before each save, instead of each connection sending its next save as soon as the last returns.
 * Each resident keeps their own connection, as a phone does: one pool shared by all would hand the next save to
 * whichever connection was freed last, leave the rest idle until the agent closes hundreds together, and measure
 * those closings rather than the saves.
 */
export async function paceSaves(
  recorder: Recorder,
  base: string,
  residents: Resident[],
  plan: SavePlan,
  meanThinkMs: number,
) {
  const work = residents
    .map((r, i) => ({ r, saves: plan[i]!, phone: new http.Agent({ keepAlive: true, maxSockets: 1 }) }))
    .filter((w) => w.r.attemptId !== undefined);
  // Each phone's connection opened before the clock starts, at the pace the server's accept queue takes.
  await Promise.all(
    work.map(async ({ phone }, i) => {
      await rampUp(i);
      await timed(
        new Recorder("connect"),
        `${base}/healthz`,
        { method: "GET", connection: phone },
        () => true,
      );
    }),
  );
  try {
    await phase(recorder, work, work.length, async ({ r, saves, phone }) => {
      for (const { slot, choice } of saves) {
        await sleep(-Math.log(1 - Math.random()) * meanThinkMs);
        const form = new URLSearchParams({ slot: String(slot), choice: String(choice) });
        await timed(
          recorder,
          `${base}/bai-thi/${r.attemptId}/luu`,
          { method: "POST", cookie: r.cookie, form, connection: phone },
          savedOk,
        );
      }
    });
  } finally {
    for (const { phone } of work) phone.destroy();
  }
}

/** Opens `count` connections for the wire client, at the pace the server's accept queue takes. */
export async function openWire(origin: string, count: number): Promise<WireConnection[]> {
  const { hostname, port } = new URL(origin);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await rampUp(i);
      const connection = new WireConnection(hostname, Number(port), REQUEST_TIMEOUT_MS);
      await connection.open();
      return connection;
    }),
  );
}

/**
 * Each of `concurrency` connections sends its resident's next save as soon as the last one is answered; on
 * `options.connections` when they were opened beforehand (openWire), and closing them at the end either way.
 *
 * With `options.warmUp`, each resident first sends the saves of its plan, in the same run: the replies to that
 * many saves go to its recorder, and `recorder`'s clock starts at the last of them. So the measured saves come
 * from connections already sending back to back, as through a deadline hour, not from a thousand connections
 * sending their first save in the same millisecond (that first burst waits up to twice as long; the warm-up
 * recorder has it).
 */
export async function driveSaves(
  recorder: Recorder,
  base: string,
  residents: Resident[],
  plan: SavePlan,
  concurrency: number,
  options: { connections?: WireConnection[]; warmUp?: { recorder: Recorder; plan: SavePlan } } = {},
) {
  const { warmUp } = options;
  const work = residents
    .map((r, i) => ({
      r,
      saves: [...(warmUp?.plan[i] ?? []), ...plan[i]!],
      warmUps: warmUp?.plan[i]?.length ?? 0,
    }))
    .filter((w) => w.r.attemptId !== undefined);
  const connections = options.connections ?? (await openWire(base, Math.min(concurrency, work.length)));
  const warmUpReplies = work.reduce((sum, w) => sum + w.warmUps, 0);
  let replies = 0;
  const into = () => {
    if (!warmUp || replies >= warmUpReplies) return recorder;
    if (++replies === warmUpReplies) {
      warmUp.recorder.end();
      recorder.begin();
    }
    return warmUp.recorder;
  };
  (warmUp && warmUpReplies > 0 ? warmUp.recorder : recorder).begin();
  await overWire(connections, work, async (connection, { r, saves }) => {
    for (const { slot, choice } of saves) {
      const form = new URLSearchParams({ slot: String(slot), choice: String(choice) });
      const request = wireRequest(base, `/bai-thi/${r.attemptId}/luu`, { cookie: r.cookie, form });
      await record(into, () => connection.send(request), savedOk);
    }
  });
  recorder.end();
}
