import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// One folder per run, so two runs at once (two terminals, CI and a developer) never share files.
const folder = path.resolve(`tests/.tmp/vitest-${process.pid}`);

/** Builds one migrated database with units and the question bank; every test file copies it. */
export default function setup() {
  fs.mkdirSync(folder, { recursive: true });
  const template = path.join(folder, "template.db");
  execFileSync(process.execPath, ["--import", "tsx", "db/seed.ts"], {
    env: { ...process.env, DATABASE_PATH: template, SEED_DEMO: "false", NODE_ENV: "test" },
    stdio: "inherit",
  });
  // Fold the WAL into the file so a plain copy is complete.
  execFileSync(process.execPath, [
    "-e",
    `const D=require("better-sqlite3");const d=new D(${JSON.stringify(template)});d.pragma("wal_checkpoint(TRUNCATE)");d.pragma("journal_mode=DELETE");d.close()`,
  ]);
  // Test workers are started after this and inherit the variable.
  process.env.TEST_TEMPLATE_DB = template;
  return () => fs.rmSync(folder, { recursive: true, force: true });
}
