import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const templatePath = path.resolve("tests/.tmp/vitest/template.db");

/** Builds one migrated database with units and the question bank; every test file copies it. */
export default function setup() {
  fs.rmSync(path.dirname(templatePath), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(templatePath), { recursive: true });
  execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts"], {
    env: { ...process.env, DATABASE_PATH: templatePath, SEED_DEMO: "false", NODE_ENV: "test" },
    stdio: "inherit",
  });
  // Fold the WAL into the file so a plain copy is complete.
  execFileSync(process.execPath, [
    "-e",
    `const D=require("better-sqlite3");const d=new D(${JSON.stringify(templatePath)});d.pragma("wal_checkpoint(TRUNCATE)");d.pragma("journal_mode=DELETE");d.close()`,
  ]);
}
