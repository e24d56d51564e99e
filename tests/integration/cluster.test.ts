import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { eq, isNull } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { attempts, rounds, serverRuns } from "#db/schema.ts";
import { startAttempt } from "#app/models/attempts.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

// The real `npm start` cluster (cluster.ts, without the build and seed of db/start.ts) on this test's database.
const PORT = 4317;
let server: ChildProcess | undefined;
let output = "";

afterAll(() => {
  server?.kill("SIGKILL");
});

/** A request on a new connection each time, so the cluster's primary hands it to the next worker. */
function request(method: "GET" | "POST", path: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        method,
        path,
        agent: false,
        headers: body
          ? { Origin: `http://127.0.0.1:${PORT}`, "Content-Type": "application/x-www-form-urlencoded" }
          : {},
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function workerPid(): Promise<number | null> {
  const { text } = await request("GET", "/healthz").catch(() => ({ text: "" }));
  return Number(/pid=(\d+)/.exec(text)?.[1]) || null;
}

async function until<T>(what: string, check: () => Promise<T | null | false> | T | null | false): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not happen within 60 s:\n${output}`);
}

test("npm start serves from two worker processes; limits hold across them; one process runs the jobs", async () => {
  // Work for the jobs: a round that ended long ago, with an attempt left open.
  const contest = await createTestContest({}, [{ opensAt: T0, closesAt: T0 + 24 * HOUR }]);
  const roundId = contest.rounds[0]!.id;
  const { userId } = createResident();
  const attemptId = await startAttempt(userId, roundId, T0 + HOUR);

  if (!fs.existsSync("build/server/index.js"))
    execFileSync("node_modules/.bin/remix", ["vite:build"], { stdio: "ignore" });
  server = spawn(process.execPath, ["--import", "tsx", "cluster.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), WEB_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));

  // Two worker processes answer, neither of them the primary.
  const pids = new Set<number>();
  await until("Two workers answering", async () => {
    const pid = await workerPid();
    if (pid) pids.add(pid);
    return pids.size === 2;
  });
  expect(pids.has(server.pid!)).toBe(false);

  // 30 practice starts a minute per address, counted together by both workers.
  const statuses: number[] = [];
  for (let i = 0; i < 31; i++) statuses.push((await request("POST", "/luyen-tap", "topic=lua-dao")).status);
  expect(statuses.slice(0, 30).every((s) => s === 302)).toBe(true);
  expect(statuses[30]).toBe(429);

  // The primary alone records the server run and runs the jobs: the overdue attempt is settled, the round closed.
  await until("The job", () => {
    const round = db.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
    return round.predictionActual !== null;
  });
  expect(
    db.select({ status: attempts.status }).from(attempts).where(eq(attempts.id, attemptId)).get(),
  ).toEqual({
    status: "submitted",
  });
  expect(
    db.select({ pid: serverRuns.pid }).from(serverRuns).where(isNull(serverRuns.stoppedAt)).all(),
  ).toEqual([{ pid: server.pid }]);
  expect(output.match(/Background jobs run in process/g)).toHaveLength(1);

  // A worker that dies is replaced.
  const [killed] = [...pids];
  process.kill(killed!, "SIGKILL");
  await until("A new worker", async () => {
    const pid = await workerPid();
    return pid !== null && !pids.has(pid);
  });

  // SIGTERM stops every process cleanly and records the stop.
  const exit = new Promise<number | null>((resolve) => server!.once("exit", resolve));
  server.kill("SIGTERM");
  expect(await exit).toBe(0);
  server = undefined;
  expect(db.select().from(serverRuns).where(isNull(serverRuns.stoppedAt)).all()).toEqual([]);
}, 180_000);
