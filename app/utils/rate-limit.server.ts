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

// Built once, like the hot queries of the models (the answer save counts a hit every time): drizzle building the
// query on each call cost five times the statement itself. A window that expired starts over at this hit. A
// refused hit is not counted (the count stops at limit + 1), so a refusal needs no rollback: the answer save
// refuses one resident's hit inside a transaction it shares with other residents' saves.
const expired = sql`${rateLimits.expiresAt} <= ${sql.placeholder("now")}`;
const countHit = db
  .insert(rateLimits)
  .values({
    key: sql.placeholder("key"),
    count: 1,
    windowStart: sql.placeholder("now"),
    expiresAt: sql.placeholder("expiresAt"),
  })
  .onConflictDoUpdate({
    target: rateLimits.key,
    set: {
      count: sql`CASE WHEN ${expired} THEN 1 WHEN ${rateLimits.count} > ${sql.placeholder("limit")} THEN ${rateLimits.count} ELSE ${rateLimits.count} + 1 END`,
      windowStart: sql`CASE WHEN ${expired} THEN ${sql.placeholder("now")} ELSE ${rateLimits.windowStart} END`,
      expiresAt: sql`CASE WHEN ${expired} THEN ${sql.placeholder("expiresAt")} ELSE ${rateLimits.expiresAt} END`,
    },
  })
  .returning({ count: rateLimits.count, expiresAt: rateLimits.expiresAt })
  .prepare();

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
  const row = countHit.get({ key, now, expiresAt: now + windowMs, limit })!;
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
