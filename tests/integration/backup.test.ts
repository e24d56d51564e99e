import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import { afterAll, expect, test, vi } from "vitest";
import { users } from "#db/schema.ts";
import { backupDatabase, backupProblem, listBackups, restoreDatabase } from "#app/models/backup.server.ts";
import {
  beginServerRun,
  endServerRun,
  recordHeartbeat,
  runningServers,
} from "#app/models/server-runs.server.ts";
import { db } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { createResident } from "./fixtures.ts";

const folder = `${env.DATABASE_PATH}-backups`;
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// Residents saving answers, as fast as one connection can commit: each insert is its own transaction.
const writerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO users (name, unit_id, created_at) VALUES (?, ?, ?)");
const state = new Int32Array(workerData.state); // [rows written, stop]
while (Atomics.load(state, 1) === 0) Atomics.store(state, 0, Number(insert.run("Tải", workerData.unitId, 0).changes) + Atomics.load(state, 0));
db.close();
parentPort.postMessage("done");
`;

const countUsers = (file?: string) => {
  if (!file) return db.select({ id: users.id }).from(users).all().length;
  const copy = new Database(file, { readonly: true });
  const { n } = copy.prepare("SELECT count(*) AS n FROM users").get() as { n: number };
  copy.close();
  return n;
};

test("a backup under continuous writes finishes at once, checks out, and holds every row written before it", async () => {
  const { unitId } = createResident();
  // Enough rows that the copy takes a while: about 1,500 pages.
  db.$client.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
    INSERT INTO users (name, unit_id, created_at)
    SELECT 'Cư dân ' || i || printf('%.200c', 'x'), ${unitId}, 0 FROM n`);
  const state = new Int32Array(new SharedArrayBuffer(8));
  const writer = new Worker(writerSource, {
    eval: true,
    workerData: { file: env.DATABASE_PATH, unitId, state: state.buffer },
  });
  const finished = new Promise((resolve) => writer.once("message", resolve));
  while (Atomics.load(state, 0) < 500) await new Promise((r) => setTimeout(r, 10));

  const before = countUsers();
  const writtenBefore = Atomics.load(state, 0);
  const started = Date.now();
  const { file, bytes, ms } = await backupDatabase({ folder, keep: 14, now: Date.UTC(2026, 11, 2, 1, 30) });
  const writtenDuring = Atomics.load(state, 0) - writtenBefore;
  Atomics.store(state, 1, 1);
  await finished;

  expect(Date.now() - started).toBeLessThan(5000);
  expect(ms).toBeLessThan(5000);
  expect(writtenDuring).toBeGreaterThan(0);
  expect(file).toBe(path.join(folder, "app-2026-12-02-013000.db"));
  expect(bytes).toBe(fs.statSync(file).size);
  expect(backupProblem(file)).toBeNull();
  const copied = countUsers(file);
  expect(copied).toBeGreaterThanOrEqual(before);
  expect(copied).toBeLessThanOrEqual(countUsers());
  expect(fs.readdirSync(folder).filter((f) => f.endsWith(".partial"))).toEqual([]);
});

test("old backups beyond the newest N are pruned; other files in the folder are left alone", async () => {
  fs.mkdirSync(folder, { recursive: true });
  for (const name of [
    "app-2026-11-28-010000.db",
    "app-2026-11-29-010000.db",
    "app-2026-11-30-010000.db",
    "before-restore-2026-11-01-000000.db",
    "ghi-chu.txt",
  ])
    fs.writeFileSync(path.join(folder, name), "");
  const { pruned } = await backupDatabase({ folder, keep: 3, now: Date.UTC(2026, 11, 3, 1, 0) });
  expect(pruned).toEqual(["app-2026-11-29-010000.db", "app-2026-11-28-010000.db"]);
  expect(listBackups(folder)).toEqual([
    "app-2026-12-03-010000.db",
    "app-2026-12-02-013000.db",
    "app-2026-11-30-010000.db",
  ]);
  expect(fs.existsSync(path.join(folder, "ghi-chu.txt"))).toBe(true);
  expect(fs.existsSync(path.join(folder, "before-restore-2026-11-01-000000.db"))).toBe(true);
  // Two backups in the same second: the second one refuses rather than overwrite.
  await expect(backupDatabase({ folder, keep: 3, now: Date.UTC(2026, 11, 3, 1, 0) })).rejects.toThrow(
    /already exists/,
  );
});

test("a file that is not a sound backup of this app is refused", async () => {
  const other = path.join(folder, "other.db");
  const plain = new Database(other);
  plain.exec("CREATE TABLE t (x)");
  plain.close();
  expect(backupProblem(other)).toMatch(/no migrations table/);
  fs.writeFileSync(path.join(folder, "broken.db"), "không phải cơ sở dữ liệu ".repeat(400));
  expect(backupProblem(path.join(folder, "broken.db"))).toMatch(/not a database/);
  await expect(restoreDatabase({ file: other, folder })).rejects.toThrow(/no migrations table/);
});

test("a server is running while it beats, or while its process lives on this machine", async () => {
  const now = Date.UTC(2026, 11, 5);
  const { runId } = await beginServerRun(now - 60_000, 999_999, "may-khac");
  await recordHeartbeat(runId, now - 2000);
  expect((await runningServers(now, "may-nay", () => false)).map((r) => r.id)).toEqual([runId]);
  // Silent for a minute: running only if its process is alive here.
  expect(await runningServers(now + 60_000, "may-khac", () => false)).toEqual([]);
  expect(await runningServers(now + 60_000, "may-khac", (pid) => pid === 999_999)).toHaveLength(1);
  await endServerRun(runId, now);
  expect(await runningServers(now, "may-khac", () => true)).toEqual([]);
});

test("restore is refused while the app runs on the database, and changes nothing", async () => {
  const { runId } = await beginServerRun(Date.now());
  const filesBefore = fs.readdirSync(folder).sort();
  await expect(restoreDatabase({ folder })).rejects.toThrow(
    new RegExp(`the app is running on .*pid ${process.pid}`),
  );
  expect(fs.readdirSync(folder).sort()).toEqual(filesBefore);
  await endServerRun(runId);
});

// Last: the restore closes the connection the other tests use.
test("restore round trip: the newest backup replaces the database, the current one is kept first", async () => {
  const marker = (name: string) =>
    db.insert(users).values({ name, createdAt: 0 }).returning({ id: users.id }).get().id;
  const keptId = marker("Trước sao lưu");
  const { file } = await backupDatabase({ folder, keep: 14, now: Date.UTC(2026, 11, 4) });
  const lostId = marker("Sau sao lưu");

  const result = await restoreDatabase({ folder, now: Date.UTC(2026, 11, 4, 0, 5) });
  expect(result).toEqual({
    restored: file,
    safetyCopy: path.join(folder, "before-restore-2026-12-04-000500.db"),
    database: env.DATABASE_PATH,
  });
  expect(fs.existsSync(`${env.DATABASE_PATH}-wal`)).toBe(false);
  const safety = new Database(result.safetyCopy, { readonly: true });
  expect(safety.prepare("SELECT name FROM users WHERE id = ?").get(lostId)).toEqual({ name: "Sau sao lưu" });
  safety.close();

  // The app starting again on the restored file.
  delete (globalThis as { __db?: unknown }).__db;
  vi.resetModules();
  const restarted = (await import("#app/utils/db.server.ts")).db;
  const names = (id: number) =>
    restarted.select({ name: users.name }).from(users).where(eq(users.id, id)).get()?.name;
  expect(names(keptId)).toBe("Trước sao lưu");
  expect(names(lostId)).toBeUndefined();
  expect(backupProblem(env.DATABASE_PATH)).toBeNull();
});
