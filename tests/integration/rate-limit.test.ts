import { execFileSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { rateLimits } from "#db/schema.ts";
import { db } from "#app/utils/db.server.ts";
import { createFailureBackoff, hitWindow } from "#app/utils/rate-limit.server.ts";
import { HOUR, T0 } from "./fixtures.ts";

test("a fixed window allows `limit` hits, says how long to wait, and starts over when it ends", () => {
  const hits = [0, 1, 2].map((i) => hitWindow("test:window", 3, 60_000, T0 + i * 1000));
  expect(hits.every((h) => h.allowed)).toBe(true);
  expect(hitWindow("test:window", 3, 60_000, T0 + 20_000)).toEqual({ allowed: false, retryAfterMs: 40_000 });
  expect(hitWindow("test:window", 3, 60_000, T0 + 59_999).allowed).toBe(false);
  expect(hitWindow("test:window", 3, 60_000, T0 + 60_000)).toEqual({ allowed: true, retryAfterMs: 0 });
  expect(hitWindow("test:other", 3, 60_000, T0 + 20_000).allowed).toBe(true);
});

test("another server process counts in the same window", () => {
  const now = T0 + 10 * HOUR;
  expect(hitWindow("test:shared", 2, 60_000, now).allowed).toBe(true);
  // A second process on the same database file takes the second hit.
  const script = `const { hitWindow } = await import("#app/utils/rate-limit.server.ts");
    process.stdout.write(JSON.stringify(hitWindow("test:shared", 2, 60_000, ${now + 1000})));`;
  const other = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env },
    encoding: "utf8",
  });
  expect(JSON.parse(other)).toEqual({ allowed: true, retryAfterMs: 0 });
  expect(hitWindow("test:shared", 2, 60_000, now + 2000)).toEqual({ allowed: false, retryAfterMs: 58_000 });
});

test("expired rows are pruned", () => {
  const now = T0 + 100 * HOUR;
  hitWindow("test:old", 5, 60_000, now);
  expect(db.select().from(rateLimits).where(eq(rateLimits.key, "test:old")).get()).toBeDefined();
  hitWindow("test:later", 5, 60_000, now + 2 * HOUR);
  expect(db.select().from(rateLimits).where(eq(rateLimits.key, "test:old")).get()).toBeUndefined();
});

test("failures in a row make the next try wait longer; clearing or a quiet day forgets them", () => {
  const backoff = createFailureBackoff("test:backoff", 3);
  let now = T0 + 200 * HOUR;
  expect(backoff.fail("a", now)).toBe(0);
  expect(backoff.fail("a", now)).toBe(0);
  expect(backoff.waitMs("a", now)).toBe(0);
  expect(backoff.fail("a", now)).toBe(30_000);
  expect(backoff.waitMs("a", now + 10_000)).toBe(20_000);
  now += 30_000;
  expect(backoff.waitMs("a", now)).toBe(0);
  expect(backoff.fail("a", now)).toBe(60_000);
  expect(backoff.waitMs("b", now)).toBe(0);
  // A day after the last failure the run is forgotten.
  now += 24 * HOUR;
  expect(backoff.waitMs("a", now)).toBe(0);
  expect(backoff.fail("a", now)).toBe(0);
  backoff.fail("a", now);
  backoff.fail("a", now);
  expect(backoff.waitMs("a", now)).toBe(30_000);
  backoff.clear("a");
  expect(backoff.waitMs("a", now)).toBe(0);
});
