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
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.resolve("db/migrations") });
  return db;
}

// One connection per process, kept on globalThis so dev reloads do not open (and migrate) it again.
const globalForDb = globalThis as unknown as { __db?: Db };
export const db: Db = (globalForDb.__db ??= openDatabase(env.DATABASE_PATH));

/**
 * Runs `work` in one SQLite transaction. better-sqlite3 transactions are synchronous: `work` must not be
 * async or await anything, or its writes would not roll back on error.
 */
export function transaction<T>(work: (tx: Db) => T extends Promise<unknown> ? never : T): T {
  return db.$client.transaction(() => work(db))();
}

export function isDatabaseReachable(): boolean {
  try {
    return db.$client.prepare("SELECT 1 AS ok").get() !== undefined;
  } catch {
    return false;
  }
}
