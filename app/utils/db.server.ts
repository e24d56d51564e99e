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

export function isDatabaseReachable(): boolean {
  try {
    return db.$client.prepare("SELECT 1 AS ok").get() !== undefined;
  } catch {
    return false;
  }
}
