import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "#db/schema.ts";
import { env } from "./env.server.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${env.SQLITE_SYNCHRONOUS === "full" ? "FULL" : "NORMAL"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  reusePreparedStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.resolve("db/migrations") });
  return db;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * drizzle prepares every query's SQL again on each call, which was a sixth of an answer save's CPU. The same SQL
 * text gets the same compiled statement back. drizzle switches a statement to raw rows (`raw()`) when it maps
 * columns itself, and that mode sticks, so it is reset on every hand-out.
 */
function reusePreparedStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      // Queries built with inlined values could grow the cache without bound: start over when it is full.
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      cache.set(source, statement);
    } else if (statement.reader) {
      statement.raw(false);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

// One connection per process, kept on globalThis so dev reloads do not open (and migrate) it again.
const globalForDb = globalThis as unknown as { __db?: Db };
export const db: Db = (globalForDb.__db ??= openDatabase(env.DATABASE_PATH));

/**
 * Runs `work` in one SQLite transaction, holding the write lock from its start (BEGIN IMMEDIATE): with several
 * processes on one file, a transaction that read and then wants to write would otherwise fail at once with
 * SQLITE_BUSY when another process wrote in between, where waiting (busy_timeout) is what we want.
 * better-sqlite3 transactions are synchronous: `work` must not be async or await anything, or its writes would
 * not roll back on error.
 */
export function transaction<T>(work: (tx: Db) => T extends Promise<unknown> ? never : T): T {
  return runInTransaction.immediate(work) as T;
}
const runInTransaction = db.$client.transaction((work: (tx: Db) => unknown) => work(db));

/**
 * Runs `work` on one snapshot of the database without the write lock (BEGIN DEFERRED), for reads: a page that only
 * reads then never waits for another process's write — waiting for the lock happens in SQLite's busy handler,
 * which sleeps with the event loop blocked. `work` must not write (a write could fail at once with SQLITE_BUSY
 * when another process wrote since the snapshot); a read that finds a write to do returns and lets the caller
 * redo it in `transaction`.
 */
export function readTransaction<T>(work: (tx: Db) => T extends Promise<unknown> ? never : T): T {
  return runInTransaction.deferred(work) as T;
}

/** Items of one group commit: enough to share a commit among many residents, few enough to hold the lock briefly. */
const GROUP_COMMIT_MAX = 100;

/**
 * Group commit: `work` for the items queued during one turn of the event loop runs in one transaction, and each
 * caller's promise settles only after that commit, so an acknowledged write is as durable as with its own
 * transaction — at a fraction of the commits, WAL pages and (with synchronous=FULL) fsyncs, and with the write
 * lock taken once per batch instead of once per item when several processes share the file. `work` must report
 * an item's refusal as its return value: a throw rolls back the batch, whose items then run one transaction each
 * so that only the faulty one fails.
 *
 * While another process holds the write lock, the batch waits on timers instead of in SQLite's busy handler,
 * which sleeps with the event loop blocked: this process keeps taking requests (their items join the batch) and
 * gives up after busy_timeout, as a blocking wait would, failing that batch with SQLITE_BUSY.
 */
export function groupCommit<Item, Result>(
  work: (tx: Db, item: Item) => Result extends Promise<unknown> ? never : Result,
): (item: Item) => Promise<Result> {
  type Job = { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void };
  const queue: Job[] = [];
  let scheduled = false;
  let waitingSince: number | null = null;
  const schedule = (afterMs: number) => {
    if (scheduled) return;
    scheduled = true;
    if (afterMs > 0) setTimeout(flush, afterMs);
    else setImmediate(flush);
  };
  const flush = () => {
    scheduled = false;
    const batch = queue.slice(0, GROUP_COMMIT_MAX);
    const patienceMs = db.$client.pragma("busy_timeout", { simple: true }) as number;
    let results: Result[];
    try {
      db.$client.pragma("busy_timeout = 0");
      try {
        results = transaction((tx) => batch.map((job) => work(tx, job.item)));
      } finally {
        db.$client.pragma(`busy_timeout = ${patienceMs}`);
      }
    } catch (error) {
      if (isBusyError(error)) {
        waitingSince ??= Date.now();
        if (Date.now() - waitingSince < patienceMs) return schedule(1);
        waitingSince = null;
        queue.splice(0, batch.length);
        batch.forEach((job) => job.reject(error));
      } else {
        waitingSince = null;
        queue.splice(0, batch.length);
        for (const job of batch) {
          try {
            job.resolve(transaction((tx) => work(tx, job.item)));
          } catch (alone) {
            job.reject(alone);
          }
        }
      }
      if (queue.length > 0) schedule(0);
      return;
    }
    waitingSince = null;
    queue.splice(0, batch.length);
    batch.forEach((job, i) => job.resolve(results[i]!));
    if (queue.length > 0) schedule(0);
  };
  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule(0);
    });
}

/** SQLite could not take the write lock within busy_timeout: another process held it all that time. */
export function isBusyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_BUSY";
}

export function isDatabaseReachable(): boolean {
  try {
    return db.$client.prepare("SELECT 1 AS ok").get() !== undefined;
  } catch {
    return false;
  }
}
