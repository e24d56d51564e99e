import fs from "node:fs";
import path from "node:path";

// Runs before each test file: a fresh copy of the migrated template, so tests never see each other's data.
const template = process.env.TEST_TEMPLATE_DB;
if (!template) throw new Error("TEST_TEMPLATE_DB is not set: run the tests through vitest.config.ts");
const file = path.join(
  path.dirname(template),
  `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
);
fs.copyFileSync(template, file);
process.env.DATABASE_PATH = file;
process.env.NODE_ENV = "test";
const holder = globalThis as { __db?: { $client: { close(): void } } };
holder.__db?.$client.close();
delete holder.__db;
