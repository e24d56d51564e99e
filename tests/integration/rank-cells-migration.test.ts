import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";

const migrations = path.resolve("db/migrations");
const statementsOf = (file: string) =>
  fs
    .readFileSync(path.join(migrations, file), "utf8")
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter(Boolean);

// A database upgraded from 0005 already has board entries: migration 0006 fills the rank cells from them, and
// its triggers keep them from then on.
test("migration 0006 counts the board entries already there into rank cells", () => {
  const db = new Database(":memory:");
  const files = fs
    .readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const upgrade = files.findIndex((f) => f.startsWith("0006_"));
  for (const file of files.slice(0, upgrade)) for (const s of statementsOf(file)) db.prepare(s).run();
  // Entries alone: the users, units and attempts they point to play no part here.
  db.pragma("foreign_keys = OFF");
  const insert = db.prepare(
    "INSERT INTO board_entries (board, user_id, score, prediction_gap, duration_ms, submitted_at) VALUES (?, ?, ?, ?, ?, 0)",
  );
  const entries: [string, number, number, number | null, number][] = [
    ["round:1", 1, 8, null, 61_200],
    ["round:1", 2, 8, null, 61_900],
    ["round:1", 3, 8, null, 62_000],
    ["round:1", 4, 7, 3, 61_500],
    ["contest:1", 1, 15, null, 999],
  ];
  for (const entry of entries) insert.run(...entry);
  for (const s of statementsOf(files[upgrade]!)) db.prepare(s).run();

  const cells = () =>
    db
      .prepare(
        "SELECT board, score, gap_key, second, entries FROM board_rank_cells WHERE entries <> 0 ORDER BY 1, 2, 3, 4",
      )
      .raw()
      .all();
  expect(cells()).toEqual([
    ["contest:1", 15, -1, 0, 1],
    ["round:1", 7, 3, 61, 1],
    ["round:1", 8, -1, 61, 2],
    ["round:1", 8, -1, 62, 1],
  ]);
  // And the triggers take over: a better attempt moves an entry to another cell.
  db.prepare("UPDATE board_entries SET duration_ms = 62_500 WHERE board = 'round:1' AND user_id = 1").run();
  db.prepare("DELETE FROM board_entries WHERE board = 'round:1' AND user_id = 4").run();
  expect(cells()).toEqual([
    ["contest:1", 15, -1, 0, 1],
    ["round:1", 8, -1, 61, 1],
    ["round:1", 8, -1, 62, 2],
  ]);
  db.close();
});
