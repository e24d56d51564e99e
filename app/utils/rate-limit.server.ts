import type Database from "better-sqlite3";
import { eq, lte, sql } from "drizzle-orm";
import { rateLimits } from "#db/schema.ts";
import { remainingWaitMs } from "#app/domain/throttle.ts";
import { db } from "./db.server.ts";

// Limits shared by every server process, kept in SQLite (table rate_limits): each hit or failure is one upsert.
// Rows past their expiry are pruned at most once a minute per process.

let prunedAt = 0;
function pruneExpired(now: number) {
  if (now - prunedAt < 60_000) return;
  prunedAt = now;
  db.delete(rateLimits).where(lte(rateLimits.expiresAt, now)).run();
}

// One prepared statement per connection: the answer save calls it every time, and drizzle's query building
// cost five times the statement itself (about 160 µs against 30 µs).
const hitStatements = new WeakMap<Database.Database, Database.Statement>();
function hitStatement() {
  let statement = hitStatements.get(db.$client);
  if (!statement) {
    // A window that expired starts over at this hit.
    statement = db.$client.prepare(
      `INSERT INTO rate_limits (key, count, window_start, expires_at) VALUES (@key, 1, @now, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN expires_at <= @now THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN expires_at <= @now THEN @now ELSE window_start END,
         expires_at = CASE WHEN expires_at <= @now THEN @expiresAt ELSE expires_at END
       RETURNING count, expires_at AS expiresAt`,
    );
    hitStatements.set(db.$client, statement);
  }
  return statement;
}

/**
 * Counts one hit on `key` in a fixed window; refused with the wait when the window already holds `limit`.
 * One statement (inside the caller's transaction, if any), so every server process shares the count.
 */
export function hitWindow(
  key: string,
  limit: number,
  windowMs: number,
  now = Date.now(),
): { allowed: boolean; retryAfterMs: number } {
  pruneExpired(now);
  const row = hitStatement().get({ key, now, expiresAt: now + windowMs }) as {
    count: number;
    expiresAt: number;
  };
  const allowed = row.count <= limit;
  return { allowed, retryAfterMs: allowed ? 0 : row.expiresAt - now };
}

/**
 * Failures in a row per key (wrong passwords), each making the next try wait longer (`domain/throttle`).
 * A run of failures is forgotten `forgetAfterMs` after the last one, or when `clear` is called.
 */
export function createFailureBackoff(prefix: string, freeFailures: number, forgetAfterMs = 24 * 3600_000) {
  const keyOf = (id: string) => `${prefix}:${id}`;
  return {
    /** Milliseconds `id` must still wait before its next try (0: go ahead). */
    waitMs(id: string, now = Date.now()): number {
      const row = db
        .select({ count: rateLimits.count, lastAt: rateLimits.windowStart, expiresAt: rateLimits.expiresAt })
        .from(rateLimits)
        .where(eq(rateLimits.key, keyOf(id)))
        .get();
      if (!row || row.expiresAt <= now) return 0;
      return remainingWaitMs(row.count, row.lastAt, freeFailures, now);
    },
    /** Records one failure; returns the wait it imposes. */
    fail(id: string, now = Date.now()): number {
      pruneExpired(now);
      const row = db
        .insert(rateLimits)
        .values({ key: keyOf(id), count: 1, windowStart: now, expiresAt: now + forgetAfterMs })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            count: sql`CASE WHEN ${rateLimits.expiresAt} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
            windowStart: now,
            expiresAt: now + forgetAfterMs,
          },
        })
        .returning({ count: rateLimits.count })
        .get();
      return remainingWaitMs(row.count, now, freeFailures, now);
    },
    clear(id: string) {
      db.delete(rateLimits)
        .where(eq(rateLimits.key, keyOf(id)))
        .run();
    },
  };
}
