// The bench's baseline: a bare node:http server that upserts the answer row with better-sqlite3 and nothing
// else (no session, no checks beyond the form), run as a child by attempts.bench.ts with BENCH_DB, PORT and
// BENCH_SYNCHRONOUS (normal | full). Also the in-process SQLite write ceiling, without HTTP.
import http from "node:http";
import { performance } from "node:perf_hooks";
import type Database from "better-sqlite3";
import { openDb, type Synchronous } from "./board-data.ts";

function answersTable(db: Database.Database) {
  db.exec(`CREATE TABLE IF NOT EXISTS answers (
    attempt_id INTEGER NOT NULL, slot INTEGER NOT NULL, choice_ids TEXT NOT NULL, answered_at INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, slot))`);
  return db.prepare(
    `INSERT INTO answers (attempt_id, slot, choice_ids, answered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (attempt_id, slot) DO UPDATE SET choice_ids = excluded.choice_ids, answered_at = excluded.answered_at`,
  );
}

function runBaselineServer(): void {
  const file = process.env.BENCH_DB;
  const port = Number(process.env.PORT);
  if (!file || !port) throw new Error("BENCH_DB and PORT are required");
  const db = openDb(file, process.env.BENCH_SYNCHRONOUS === "full" ? "full" : "normal");
  const upsert = answersTable(db);
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

export type CeilingRow = {
  synchronous: Synchronous;
  perTransaction: number;
  rows: number;
  rowsPerSecond: number;
};

/**
 * SQLite's own write ceiling on this machine: upserts of the answer row in this process, one transaction per
 * row and `batch` rows per transaction, for `ms` each, with synchronous NORMAL and FULL.
 */
export function writeCeiling(dir: string, ms: number, batch = 100): CeilingRow[] {
  const rows: CeilingRow[] = [];
  for (const synchronous of ["normal", "full"] as const) {
    const db = openDb(`${dir}/ceiling-${synchronous}.db`, synchronous);
    try {
      const upsert = answersTable(db);
      for (const perTransaction of [1, batch]) {
        const write = db.transaction((from: number) => {
          for (let i = from; i < from + perTransaction; i++)
            upsert.run(1 + (i % 50_000), 1 + (i % 10), `[${1 + (i % 4)}]`, Date.now());
        });
        let written = 0;
        const started = performance.now();
        while (performance.now() - started < ms) {
          write(written);
          written += perTransaction;
        }
        const seconds = (performance.now() - started) / 1000;
        rows.push({ synchronous, perTransaction, rows: written, rowsPerSecond: written / seconds });
      }
    } finally {
      db.close();
    }
  }
  return rows;
}

if (process.env.BENCH_ROLE === "baseline-server") runBaselineServer();
