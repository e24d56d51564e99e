// The HTTP server: Express with Remix, so that we own compression (never on event streams), security
// headers and, later, the live-game endpoints. In development Vite serves the app with hot reload.
import "./app/load-context.ts";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);

const vite = production
  ? undefined
  : await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
app.use(
  compression({
    filter: (req, res) =>
      !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") &&
      compression.filter(req, res),
  }),
);
app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
});

// Mutations must come from this site: SameSite=Lax cookies plus this Origin check instead of CSRF tokens.
app.use((req, res, next) => {
  const origin = req.get("Origin");
  if (req.method === "GET" || req.method === "HEAD" || !origin || origin === "null") return next();
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // An unparsable Origin is refused below.
  }
  if (originHost === req.get("X-Forwarded-Host") || originHost === req.get("Host")) return next();
  res.status(403).type("text/plain; charset=utf-8").send("Yêu cầu không hợp lệ: gửi từ trang khác.");
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

app.all(
  "*",
  createRequestHandler({
    build,
    mode: production ? "production" : "development",
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
  }),
);

const server = app.listen(port, () => console.log(`Công dân số: http://localhost:${port}`));
server.on("error", (error) => {
  console.error(`Cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
