// The bench's data: the demo contest read back, fictitious residents inserted straight into the boards (as
// submitted attempts would leave them), residents who log in, and a consistency check of the boards afterwards.
import { seededRng } from "#app/domain/draw.ts";
import { hash } from "@node-rs/argon2";
import Database from "better-sqlite3";

export const SLUG = "xay-dung-cong-dan-so";
export const PASSWORD = "ThiThu@2026";

export type Synchronous = "normal" | "full";

export function openDb(file: string, synchronous: Synchronous = "normal"): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

export type Setup = { contestId: number; roundId: number; roundNumber: number; questionCount: number };

function readContest(
  db: Database.Database,
  now: number,
): Setup & { opensAt: number; closesAt: number; timeLimitMs: number } {
  const contest = db.prepare("SELECT id, rules FROM contests WHERE slug = ?").get(SLUG) as
    { id: number; rules: string } | undefined;
  if (!contest) throw new Error(`The seed did not create the contest ${SLUG}`);
  const rules = JSON.parse(contest.rules) as { questionsPerAttempt: number; timeLimitSeconds: number };
  const round = db
    .prepare(
      "SELECT id, number, opens_at AS opensAt, closes_at AS closesAt FROM rounds WHERE contest_id = ? AND opens_at <= ? AND closes_at > ? ORDER BY number LIMIT 1",
    )
    .get(contest.id, now, now) as
    { id: number; number: number; opensAt: number; closesAt: number } | undefined;
  if (!round) throw new Error("The demo contest has no open round");
  return {
    contestId: contest.id,
    roundId: round.id,
    roundNumber: round.number,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    questionCount: rules.questionsPerAttempt,
    timeLimitMs: rules.timeLimitSeconds * 1000,
  };
}

const ancestorIds = (unitPath: string) => unitPath.split("/").filter(Boolean).map(Number);

/**
 * Fictitious residents with submitted attempts in the open round, on both boards, with unit statistics;
 * `first` numbers them after those a previous call inserted.
 */
export function insertEntries(db: Database.Database, count: number, now: number, first = 0): Setup {
  const c = readContest(db, now);
  const leaves = db.prepare("SELECT id, path FROM units WHERE is_leaf = 1").all() as {
    id: number;
    path: string;
  }[];
  if (leaves.length === 0) throw new Error("No leaf units");
  const random = seededRng(20_260_101 + first);
  const insertUser = db.prepare(
    "INSERT INTO users (name, phone, birth_year, unit_id, role, is_demo, created_at) VALUES (?, NULL, ?, ?, 'resident', 1, ?)",
  );
  const insertAttempt = db.prepare(
    `INSERT INTO attempts (user_id, round_id, started_at, deadline_at, submitted_at, status, question_count, score, duration_ms, prediction)
     VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO board_entries (board, user_id, unit_id, attempt_id, score, prediction, prediction_gap, duration_ms, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const upsertStats = db.prepare(
    `INSERT INTO board_unit_stats (board, unit_id, participants, attempts, score_sum) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (board, unit_id) DO UPDATE SET participants = participants + excluded.participants,
       attempts = attempts + excluded.attempts, score_sum = score_sum + excluded.score_sum`,
  );
  const roundBoard = `round:${c.roundId}`;
  const contestBoard = `contest:${c.contestId}`;
  // The window in which fictitious attempts started: the open round so far, ending before now.
  const lastStart = Math.max(c.opensAt, Math.min(now, c.closesAt) - c.timeLimitMs - 60_000);
  const stats = new Map<number, { participants: number; attempts: number; scoreSum: number }>();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Some communes have many residents taking part, others few.
      const unit = leaves[Math.floor(leaves.length * random() ** 1.5)]!;
      const userId = Number(
        insertUser.run(
          `Người thi ảo ${first + i + 1}`,
          1950 + Math.floor(random() * 58),
          unit.id,
          now - Math.floor(random() * 30 * 86_400_000),
        ).lastInsertRowid,
      );
      const skill = 0.35 + random() * 0.6;
      const tries = random() < 0.2 ? 2 : 1;
      let best:
        | {
            attemptId: number;
            score: number;
            durationMs: number;
            submittedAt: number;
            prediction: number | null;
          }
        | undefined;
      let clock = c.opensAt + Math.floor(random() * (lastStart - c.opensAt));
      for (let t = 0; t < tries; t++) {
        let score = 0;
        for (let q = 0; q < c.questionCount; q++) if (random() < skill) score++;
        const startedAt = Math.min(clock, lastStart);
        const deadlineAt = Math.min(startedAt + c.timeLimitMs, c.closesAt);
        const durationMs = 45_000 + Math.floor(random() * (c.timeLimitMs - 45_000));
        const submittedAt = startedAt + durationMs;
        const prediction = random() < 0.1 ? null : 100 + Math.floor(random() * 200_000);
        const attemptId = Number(
          insertAttempt.run(
            userId,
            c.roundId,
            startedAt,
            deadlineAt,
            submittedAt,
            c.questionCount,
            score,
            durationMs,
            prediction,
          ).lastInsertRowid,
        );
        if (!best || score > best.score || (score === best.score && durationMs < best.durationMs))
          best = { attemptId, score, durationMs, submittedAt, prediction };
        clock = submittedAt + 60_000 + Math.floor(random() * 3_600_000);
      }
      if (!best) continue;
      insertEntry.run(
        roundBoard,
        userId,
        unit.id,
        best.attemptId,
        best.score,
        best.prediction,
        best.durationMs,
        best.submittedAt,
      );
      insertEntry.run(
        contestBoard,
        userId,
        unit.id,
        null,
        best.score,
        null,
        best.durationMs,
        best.submittedAt,
      );
      for (const id of ancestorIds(unit.path)) {
        const s = stats.get(id) ?? { participants: 0, attempts: 0, scoreSum: 0 };
        s.participants += 1;
        s.attempts += tries;
        s.scoreSum += best.score;
        stats.set(id, s);
      }
    }
    for (const board of [roundBoard, contestBoard]) {
      for (const [unitId, s] of stats) upsertStats.run(board, unitId, s.participants, s.attempts, s.scoreSum);
    }
    // The per-score counts the app keeps at submit time, rebuilt for the two boards filled above.
    db.prepare(
      `INSERT INTO board_score_counts (board, score, entries)
       SELECT board, score, count(*) FROM board_entries WHERE board IN (?, ?) GROUP BY board, score
       ON CONFLICT (board, score) DO UPDATE SET entries = excluded.entries`,
    ).run(roundBoard, contestBoard);
  })();
  return c;
}

/** Residents who can log in, all sharing one password hash (argon2id with the app's parameters). */
export async function insertResidents(db: Database.Database, count: number, now: number): Promise<string[]> {
  const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const leaves = db.prepare("SELECT id FROM units WHERE is_leaf = 1 ORDER BY id").all() as { id: number }[];
  const insert = db.prepare(
    "INSERT INTO users (name, phone, birth_year, unit_id, role, password_hash, is_demo, consented_at, created_at) VALUES (?, ?, ?, ?, 'resident', ?, 0, ?, ?)",
  );
  const random = seededRng(7);
  const phones: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const phone = `09${String(70_000_000 + i).padStart(8, "0")}`;
      insert.run(
        `Người thi thử ${i + 1}`,
        phone,
        1960 + (i % 45),
        leaves[Math.floor(random() * leaves.length)]!.id,
        passwordHash,
        now,
        now,
      );
      phones.push(phone);
    }
  })();
  return phones;
}

// ---------------------------------------------------------------------------------------------------------
// Consistency of the boards after the run

export function checkBoards(file: string, setup: Setup, phones: string[], questionCount: number): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const expected = new Map<string, { participants: number; attempts: number; scoreSum: number }>();
    const bump = (
      board: string,
      unitPath: string,
      field: "participants" | "attempts" | "scoreSum",
      by: number,
    ) => {
      for (const unitId of ancestorIds(unitPath)) {
        const key = `${board} ${unitId}`;
        const s = expected.get(key) ?? { participants: 0, attempts: 0, scoreSum: 0 };
        s[field] += by;
        expected.set(key, s);
      }
    };
    const entries = db
      .prepare("SELECT e.board, u.path, e.score FROM board_entries e JOIN units u ON u.id = e.unit_id")
      .all() as { board: string; path: string; score: number }[];
    for (const e of entries) {
      bump(e.board, e.path, "participants", 1);
      bump(e.board, e.path, "scoreSum", e.score);
    }
    const submitted = db
      .prepare(
        `SELECT a.round_id AS roundId, r.contest_id AS contestId, u.path FROM attempts a
         JOIN rounds r ON r.id = a.round_id JOIN users us ON us.id = a.user_id JOIN units u ON u.id = us.unit_id
         WHERE a.status = 'submitted'`,
      )
      .all() as { roundId: number; contestId: number; path: string }[];
    for (const a of submitted) {
      bump(`round:${a.roundId}`, a.path, "attempts", 1);
      bump(`contest:${a.contestId}`, a.path, "attempts", 1);
    }
    const actual = db
      .prepare(
        "SELECT board, unit_id AS unitId, participants, attempts, score_sum AS scoreSum FROM board_unit_stats",
      )
      .all() as {
      board: string;
      unitId: number;
      participants: number;
      attempts: number;
      scoreSum: number;
    }[];
    const seen = new Set<string>();
    for (const row of actual) {
      const key = `${row.board} ${row.unitId}`;
      seen.add(key);
      const want = expected.get(key) ?? { participants: 0, attempts: 0, scoreSum: 0 };
      if (
        want.participants !== row.participants ||
        want.attempts !== row.attempts ||
        want.scoreSum !== row.scoreSum
      ) {
        problems.push(
          `board_unit_stats ${key}: has ${JSON.stringify({ ...row, board: undefined, unitId: undefined })}, entries/attempts give ${JSON.stringify(want)}`,
        );
      }
    }
    for (const key of expected.keys())
      if (!seen.has(key)) problems.push(`board_unit_stats ${key}: missing row`);

    // The per-score counts kept at submit time agree with the entries, in both directions.
    const scoreCountProblems = db
      .prepare(
        `SELECT e.board, e.score, count(*) AS n, c.entries FROM board_entries e
           LEFT JOIN board_score_counts c ON c.board = e.board AND c.score = e.score
           GROUP BY e.board, e.score HAVING c.entries IS NULL OR c.entries != count(*)
         UNION ALL
         SELECT c.board, c.score, 0, c.entries FROM board_score_counts c
           WHERE c.entries != 0 AND NOT EXISTS (SELECT 1 FROM board_entries e WHERE e.board = c.board AND e.score = c.score)`,
      )
      .all() as { board: string; score: number; n: number; entries: number | null }[];
    for (const m of scoreCountProblems) {
      problems.push(`board_score_counts ${m.board} score ${m.score}: has ${m.entries}, entries give ${m.n}`);
    }

    // The rank cells kept by triggers agree with the entries, in both directions.
    const cellProblems = db
      .prepare(
        `WITH actual AS (
           SELECT board, score, coalesce(prediction_gap, -1) AS gap_key, duration_ms / 1000 AS second, count(*) AS n
           FROM board_entries GROUP BY 1, 2, 3, 4)
         SELECT a.board, a.score, a.gap_key, a.second, a.n, c.entries FROM actual a
           LEFT JOIN board_rank_cells c USING (board, score, gap_key, second)
           WHERE c.entries IS NULL OR c.entries != a.n
         UNION ALL
         SELECT c.board, c.score, c.gap_key, c.second, 0, c.entries FROM board_rank_cells c
           LEFT JOIN actual a USING (board, score, gap_key, second)
           WHERE c.entries != 0 AND a.n IS NULL`,
      )
      .all() as {
      board: string;
      score: number;
      gap_key: number;
      second: number;
      n: number;
      entries: number | null;
    }[];
    for (const m of cellProblems.slice(0, 10)) {
      problems.push(
        `board_rank_cells ${m.board} score ${m.score} gap ${m.gap_key} second ${m.second}: has ${m.entries}, entries give ${m.n}`,
      );
    }

    // The bench residents: one submitted attempt each, every question answered, on both boards.
    const mine = db
      .prepare(
        `SELECT count(*) AS users,
           sum((SELECT count(*) FROM attempts a WHERE a.user_id = u.id AND a.round_id = ? AND a.status = 'submitted')) AS submitted,
           sum((SELECT count(*) FROM answers x JOIN attempts a ON a.id = x.attempt_id WHERE a.user_id = u.id)) AS answers,
           sum((SELECT count(*) FROM board_entries e WHERE e.user_id = u.id AND e.board IN (?, ?))) AS entries
         FROM users u WHERE u.phone >= ? AND u.phone <= ?`,
      )
      .get(
        setup.roundId,
        `round:${setup.roundId}`,
        `contest:${setup.contestId}`,
        phones[0],
        phones.at(-1),
      ) as { users: number; submitted: number; answers: number; entries: number };
    const n = phones.length;
    if (
      mine.users !== n ||
      mine.submitted !== n ||
      mine.answers !== n * questionCount ||
      mine.entries !== 2 * n
    ) {
      problems.push(
        `bench residents: expected ${n} users, ${n} submitted attempts, ${n * questionCount} answers, ${2 * n} board entries; found ${JSON.stringify(mine)}`,
      );
    }
    return problems;
  } finally {
    db.close();
  }
}
