// The HTTP server: Express with Remix, so that we own compression (never on event streams), security
// headers and limits (app/utils/http-guards.server.ts), and the live games' event streams. In development
// Vite serves the app with hot reload.
import "./app/load-context.ts";
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import { startBackgroundWork } from "#app/models/jobs.server.ts";
import { env } from "#app/utils/env.server.ts";
import {
  contentSecurityPolicy,
  finalErrorHandler,
  installHttpGuards,
  remixHandler,
  siteOrigin,
} from "#app/utils/http-guards.server.ts";
import { publicPageCache } from "#app/utils/page-cache.server.ts";

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
  // The brotli and gzip copies written at build time (vite.config.ts), or the file itself.
  const precompressed = { enableBrotli: true, orderPreference: ["br", "gz"], index: false };
  app.use(
    "/assets",
    expressStaticGzip("build/client/assets", {
      ...precompressed,
      serveStatic: { immutable: true, maxAge: "1y" },
    }),
  );
  // Only the public folder's own files: trying every page's path as a file would cost each page a failed stat
  // and the error serve-static builds for it (a fifth of a question page's CPU in the bench's profile).
  const publicFiles = new Set(
    fs
      .readdirSync("build/client", { withFileTypes: true })
      .filter((entry) => entry.isFile() && !/\.(br|gz)$/.test(entry.name))
      .map((entry) => `/${entry.name}`),
  );
  const servePublic = expressStaticGzip("build/client", { ...precompressed, serveStatic: { maxAge: "1h" } });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

// The busiest requests, answered from the request event by the build's own modules (app/endpoints/): a contest's
// background answer save, and a live game's answers.
type Endpoints = typeof import("./app/entry.server.tsx");
const endpoints = async () => (typeof build === "function" ? await build() : build).entry.module as Endpoints;
const { ANSWER_SAVE_PATH, isLiveAnswerRequest, replyServerError, targetPath } = await endpoints();
const fromEvent =
  (endpoint: "answerSaveEndpoint" | "liveAnswerEndpoint") =>
  (req: http.IncomingMessage, res: http.ServerResponse) =>
    void endpoints()
      .then((module) => module[endpoint](req, res, env.TRUST_PROXY))
      .catch((error: unknown) => replyServerError(req, res, error));
const saveAnswerFromEvent = fromEvent("answerSaveEndpoint");
const answerLiveFromEvent = fromEvent("liveAnswerEndpoint");

// The leaderboard and results pages: the same for everyone, rendered once every few seconds.
const mode = production ? "production" : "development";
const pageCache =
  env.PAGE_CACHE_SECONDS > 0
    ? publicPageCache({
        // The parameters each page's loader reads (cuoc-thi.$slug.bang-xep-hang.tsx, cuoc-thi.$slug.ket-qua.tsx).
        queryOf: (path) =>
          /^\/cuoc-thi\/[^/]+\/bang-xep-hang$/.test(path)
            ? ["vong", "xem", "huyen", "sx", "trang"]
            : /^\/cuoc-thi\/[^/]+\/ket-qua$/.test(path)
              ? ["vong"]
              : null,
        render: createRequestHandler(build, mode),
        contentSecurityPolicy: (nonce) => contentSecurityPolicy(nonce, !production),
        origin: siteOrigin,
        freshMs: env.PAGE_CACHE_SECONDS * 1000,
        staleMs: 30_000,
      })
    : null;
if (pageCache) app.use(pageCache.middleware);

app.all("*", remixHandler({ build, mode }));
app.use(finalErrorHandler);

// In a cluster the primary (cluster.ts) beats and runs the background jobs; a single process does it itself,
// before listening, so time lost to an outage is given back before any request can settle an attempt.
const background = cluster.isPrimary ? await startBackgroundWork() : null;

// The answer saves and a fresh cached page are answered from the request event itself; everything else goes
// through Express.
// Behind a TLS proxy (TRUST_PROXY) the page gets HSTS as Express's `req.secure` would give it.
const forwardedProto = (req: http.IncomingMessage) =>
  String(req.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]!
    .trim();
const server = http.createServer((req, res) => {
  if (req.method === "POST" && ANSWER_SAVE_PATH.test(targetPath(req.url)))
    return saveAnswerFromEvent(req, res);
  if (isLiveAnswerRequest(req)) return answerLiveFromEvent(req, res);
  const secure = "encrypted" in req.socket || (env.TRUST_PROXY > 0 && forwardedProto(req) === "https");
  if (!pageCache?.serveFresh(req, res, secure)) app(req, res);
});
server.listen(port, () => console.log(`Công dân số: http://localhost:${port}`));
server.on("error", (error) => {
  console.error(`Cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    const closed = new Promise((resolve) => server.close(resolve));
    void Promise.all([closed, background?.stop()]).then(() => process.exit(0));
  });
}
