// The HTTP server: Express with Remix, so that we own compression (never on event streams), security
// headers and limits (app/utils/http-guards.server.ts) and, later, the live-game endpoints. In development
// Vite serves the app with hot reload.
import "./app/load-context.ts";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { startHeartbeat } from "#app/models/server-runs.server.ts";
import { env } from "#app/utils/env.server.ts";
import { finalErrorHandler, installHttpGuards, remixHandler } from "#app/utils/http-guards.server.ts";

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);

const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

const app = express();
app.use(
  compression({
    filter: (req, res) =>
      !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") &&
      compression.filter(req, res),
  }),
);
installHttpGuards(app, { trustProxy: env.TRUST_PROXY, development: !production });

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

app.all("*", remixHandler({ build, mode: production ? "production" : "development" }));
app.use(finalErrorHandler);

// Before listening: time lost to an outage is given back before any request can settle an attempt.
const run = await startHeartbeat();
if (run.outage) {
  const seconds = Math.round((run.outage.toAt - run.outage.fromAt) / 1000);
  console.log(`Unreachable for ${seconds} s: ${run.extended} open attempts got the time back.`);
}

const server = app.listen(port, () => console.log(`Công dân số: http://localhost:${port}`));
server.on("error", (error) => {
  console.error(`Cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    run.stop();
    server.close(() => process.exit(0));
  });
}
