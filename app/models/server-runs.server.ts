import os from "node:os";
import { and, eq, gt, isNull, lt, max, ne } from "drizzle-orm";
import { attemptExtensions, attempts, outages, serverRuns } from "#db/schema.ts";
import {
  HEARTBEAT_INTERVAL_MS,
  OUTAGE_THRESHOLD_MS,
  outageExtension,
  outageSince,
  type Outage,
} from "#app/domain/timing.ts";
import { db, transaction } from "#app/utils/db.server.ts";

const WEEK_MS = 7 * 24 * 3600_000;

export type ServerRunStart = {
  runId: number;
  outage: (Outage & { id: number }) | null;
  /** Attempts whose deadline moved. */
  extended: number;
};

/**
 * Records this process as serving and, when no process has beaten for longer than the threshold, records
 * the outage and gives its length back to every attempt that was running. Call it before listening, so no
 * request settles an attempt on its old deadline.
 */
export async function beginServerRun(
  now = Date.now(),
  pid = process.pid,
  host = os.hostname(),
): Promise<ServerRunStart> {
  return transaction((tx) => {
    // Writing first takes the write lock: two processes starting together cannot both give the time back.
    const run = tx
      .insert(serverRuns)
      .values({ host, pid, startedAt: now, beatAt: now })
      .returning({ id: serverRuns.id })
      .get();
    const last = tx
      .select({ at: max(serverRuns.beatAt) })
      .from(serverRuns)
      .where(ne(serverRuns.id, run.id))
      .get();
    // Runs that stopped beating are gone (crashed or killed): they no longer keep a restore waiting.
    tx.update(serverRuns)
      .set({ stoppedAt: now })
      .where(and(isNull(serverRuns.stoppedAt), lt(serverRuns.beatAt, now - OUTAGE_THRESHOLD_MS)))
      .run();
    tx.delete(serverRuns)
      .where(lt(serverRuns.beatAt, now - WEEK_MS))
      .run();
    const found = outageSince(last?.at ?? null, now);
    if (!found) return { runId: run.id, outage: null, extended: 0 };

    const outage = tx
      .insert(outages)
      .values({ ...found, recordedAt: now })
      .returning({ id: outages.id })
      .get();
    const running = tx
      .select({
        id: attempts.id,
        status: attempts.status,
        deadlineAt: attempts.deadlineAt,
        pausedMs: attempts.pausedMs,
      })
      .from(attempts)
      .where(and(eq(attempts.status, "open"), gt(attempts.deadlineAt, found.fromAt)))
      .all();
    let extended = 0;
    for (const attempt of running) {
      const ms = outageExtension(attempt, found);
      if (ms === 0) continue;
      const deadlineAfter = attempt.deadlineAt + ms;
      tx.update(attempts)
        .set({ deadlineAt: deadlineAfter, pausedMs: attempt.pausedMs + ms })
        .where(eq(attempts.id, attempt.id))
        .run();
      tx.insert(attemptExtensions)
        .values({
          attemptId: attempt.id,
          outageId: outage.id,
          ms,
          deadlineBefore: attempt.deadlineAt,
          deadlineAfter,
        })
        .run();
      extended++;
    }
    return { runId: run.id, outage: { id: outage.id, ...found }, extended };
  });
}

/** One tiny write every few seconds while serving; a stale heartbeat at the next start is an outage. */
export async function recordHeartbeat(runId: number, now = Date.now()): Promise<void> {
  db.update(serverRuns).set({ beatAt: now, stoppedAt: null }).where(eq(serverRuns.id, runId)).run();
}

/** A clean stop: the last heartbeat is the moment residents lost the server. */
export async function endServerRun(runId: number, now = Date.now()): Promise<void> {
  db.update(serverRuns).set({ beatAt: now, stoppedAt: now }).where(eq(serverRuns.id, runId)).run();
}

export type ServerRun = { id: number; host: string; pid: number; startedAt: number; beatAt: number };

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Server processes serving this database: not stopped, and either beating recently (from any machine) or,
 * on this machine, a process with that id still alive (a server too busy to beat is still using the file).
 */
export async function runningServers(
  now = Date.now(),
  host = os.hostname(),
  isAlive = isProcessAlive,
): Promise<ServerRun[]> {
  return db
    .select({
      id: serverRuns.id,
      host: serverRuns.host,
      pid: serverRuns.pid,
      startedAt: serverRuns.startedAt,
      beatAt: serverRuns.beatAt,
    })
    .from(serverRuns)
    .where(isNull(serverRuns.stoppedAt))
    .all()
    .filter((run) => now - run.beatAt < 3 * HEARTBEAT_INTERVAL_MS || (run.host === host && isAlive(run.pid)));
}

/** Begins this process's run and beats until `stop()`, which records a clean stop. */
export async function startHeartbeat(): Promise<ServerRunStart & { stop(): void }> {
  const run = await beginServerRun();
  const timer = setInterval(() => {
    recordHeartbeat(run.runId).catch((error: Error) =>
      console.error(`Heartbeat not recorded: ${error.message}`),
    );
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    ...run,
    stop: () => {
      clearInterval(timer);
      void endServerRun(run.runId);
    },
  };
}
