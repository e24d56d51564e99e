import { env } from "#app/utils/env.server.ts";
import { settleOverdueAttempts } from "./attempts.server.ts";
import { closeEndedRounds } from "./contests.server.ts";
import { scanStaleRound } from "./fair-play.server.ts";
import { startHeartbeat } from "./server-runs.server.ts";

// Work no request should wait for runs here, in one process per database (db/cluster.ts: the cluster's
// primary, or the only process): settling attempts that ran out and closing rounds (with their fair-play
// flags). Both work in short transactions and yield to the event loop between them. Where the process serves
// no request (the cluster's primary), open rounds are also scanned for new fair-play flags every few minutes: a
// scan reads a whole round in one go, which a serving process would make every request wait for.
export const JOB_INTERVAL_MS = 5_000;

/**
 * Whether the jobs run in a process that serves no request: cluster.ts runs them in its primary exactly when
 * WEB_CONCURRENCY > 1 (with 1, the only process serves too). Only there do they scan open rounds for flags.
 */
export const SCANS_FLAGS_IN_BACKGROUND = env.WEB_CONCURRENCY > 1;

/** One pass of the scheduled jobs; `scanFlags` where the process serves no request. */
export async function runScheduledJobs(
  now = Date.now(),
  { scanFlags = false } = {},
): Promise<{ settled: number; closed: number; scanned: number | null }> {
  const settled = await settleOverdueAttempts(now);
  const closed = await closeEndedRounds(now);
  const scanned = scanFlags ? await scanStaleRound(now) : null;
  return { settled, closed, scanned };
}

/**
 * Records this process's server run (giving the time of an outage back first: call it before any request is
 * served), then beats and runs the jobs every few seconds until `stop()`. A pass never overlaps the next.
 */
export async function startBackgroundWork(): Promise<{ stop(): Promise<void> }> {
  const run = await startHeartbeat();
  if (run.outage) {
    const seconds = Math.round((run.outage.toAt - run.outage.fromAt) / 1000);
    console.log(`Unreachable for ${seconds} s: ${run.extended} open attempts got the time back.`);
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      pass = runScheduledJobs(Date.now(), { scanFlags: SCANS_FLAGS_IN_BACKGROUND })
        .then(({ settled, closed }) => {
          if (settled || closed)
            console.log(`Background jobs: ${settled} attempts settled, ${closed} rounds closed.`);
        })
        .catch((error: Error) => console.error(`Background jobs failed: ${error.stack ?? error.message}`))
        .finally(() => {
          if (!stopped) schedule(JOB_INTERVAL_MS);
        });
    }, delay);
    timer.unref();
  };
  schedule(0);
  console.log(`Background jobs run in process ${process.pid}.`);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
      run.stop();
    },
  };
}
