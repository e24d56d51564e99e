// Serving on every core (`npm start`, after db/start.ts built, migrated and seeded once): WEB_CONCURRENCY
// worker processes run server.ts on the same port (the primary hands out connections) and the same SQLite
// file (WAL). The primary serves nothing: it records the server run and heartbeat, runs the background jobs
// (models/jobs), starts a new worker when one dies and stops them all on SIGTERM or SIGINT. With
// WEB_CONCURRENCY=1 this process serves by itself.
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { env } from "#app/utils/env.server.ts";

if (env.WEB_CONCURRENCY === 1) {
  await import("./server.ts");
} else {
  const { startBackgroundWork } = await import("#app/models/jobs.server.ts");
  // Before any worker listens: the time of an outage is given back first.
  const background = await startBackgroundWork();
  cluster.setupPrimary({ exec: fileURLToPath(new URL("./server.ts", import.meta.url)) });
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) cluster.fork();
  console.log(`${env.WEB_CONCURRENCY} worker processes serve port ${env.PORT}.`);

  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} stopped (${signal ?? `code ${code}`}); starting another.`);
    // A second's pause, so a worker that cannot start does not spin the machine.
    setTimeout(() => stopping || cluster.fork(), 1000);
  });

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = workers.map((w) => new Promise((resolve) => w.once("exit", resolve)));
    for (const worker of workers) worker.process.kill("SIGTERM");
    // A worker still busy after 10 s (a request that never ends) is killed.
    const force = setTimeout(() => workers.forEach((w) => w.process.kill("SIGKILL")), 10_000);
    await Promise.all(exited);
    clearTimeout(force);
    await background.stop();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());
}
