import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { db } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { runningServers } from "./server-runs.server.ts";

// app-2026-12-02-013000.db (UTC): names sort in time order, and only these are ever pruned.
const BACKUP_NAME = /^app-\d{4}-\d{2}-\d{2}-\d{6}\.db$/;

function stamp(now: number): string {
  const iso = new Date(now).toISOString(); // 2026-12-02T01:30:00.000Z
  return `${iso.slice(0, 10)}-${iso.slice(11, 19).replaceAll(":", "")}`;
}

export function backupFileName(now: number): string {
  return `app-${stamp(now)}.db`;
}

/** Backup files in `folder`, newest first. */
export function listBackups(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
}

/** Why a file is not a usable backup of this app, or null. */
export function backupProblem(file: string): string | null {
  let copy: Database.Database | undefined;
  try {
    copy = new Database(file, { readonly: true, fileMustExist: true });
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") return `integrity check failed: ${String(check)}`;
    const migrations = copy
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'")
      .get() as { n: number };
    if (migrations.n === 0) return "no migrations table: not a database of this app";
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    copy?.close();
  }
}

/**
 * A consistent copy of the live database through `VACUUM INTO`: it reads one snapshot while residents keep
 * writing (WAL) and never starts over, unlike the stepped online backup, which restarts after every write
 * from another connection and may never finish under load. Written beside the target, checked, then renamed.
 */
function copyDatabase(file: string): void {
  const temp = `${file}.partial`;
  fs.rmSync(temp, { force: true });
  db.$client.prepare("VACUUM INTO ?").run(temp);
  const problem = backupProblem(temp);
  if (problem) {
    fs.rmSync(temp, { force: true });
    throw new Error(`The copy ${temp} is not usable (${problem}); nothing was kept.`);
  }
  fs.renameSync(temp, file);
}

export type BackupResult = { file: string; bytes: number; ms: number; pruned: string[] };

/** Copies the database to `folder/app-<UTC time>.db` and keeps only the newest `keep` such copies. */
export async function backupDatabase({
  folder = env.BACKUP_DIR,
  keep = env.BACKUP_KEEP,
  now = Date.now(),
} = {}): Promise<BackupResult> {
  const started = performance.now();
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, backupFileName(now));
  if (fs.existsSync(file)) throw new Error(`${file} already exists; run the backup again in a second.`);
  copyDatabase(file);
  const pruned = listBackups(folder).slice(keep);
  for (const name of pruned) fs.rmSync(path.join(folder, name));
  return { file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - started), pruned };
}

export type RestoreResult = { restored: string; safetyCopy: string; database: string };

/**
 * Replaces the database with a backup (the newest in `folder` when `file` is not given). Refuses while a
 * server runs on the database, and first keeps the current database as `before-restore-<time>.db` in `folder`
 * (never pruned). Closes this process's connection: the caller exits afterwards.
 */
export async function restoreDatabase({
  file,
  folder = env.BACKUP_DIR,
  now = Date.now(),
}: { file?: string; folder?: string; now?: number } = {}): Promise<RestoreResult> {
  const latest = listBackups(folder)[0];
  const source = file ?? (latest && path.join(folder, latest));
  if (!source) throw new Error(`No backup in ${folder}/ to restore; give a file: npm run restore -- <file>`);
  const problem = backupProblem(source);
  if (problem) throw new Error(`Not restoring ${source}: ${problem}.`);

  const running = await runningServers(now);
  if (running.length > 0) {
    const list = running.map((r) => `pid ${r.pid} on ${r.host}`).join(", ");
    throw new Error(`Not restoring: the app is running on ${env.DATABASE_PATH} (${list}). Stop it first.`);
  }

  fs.mkdirSync(folder, { recursive: true });
  const safetyCopy = path.join(folder, `before-restore-${stamp(now)}.db`);
  copyDatabase(safetyCopy);

  // Close first: the last connection folds its WAL into the file; a WAL left beside the restored file
  // would be replayed onto it.
  db.$client.close();
  const target = env.DATABASE_PATH;
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  const temp = `${target}.restoring`;
  fs.copyFileSync(source, temp);
  fs.renameSync(temp, target);
  return { restored: source, safetyCopy, database: target };
}
