// The bench's printed tables (markdown, so they can be pasted into the README) and issue 8's reference:
// the figures measured on main before the issue and the issue's goals.
import type { Recorder } from "./load.ts";

export type Figure = { throughput: number; p99: number; cpu: number };

/** Measured with `npm run bench` on main before issue 8 (100,000 entries, 50 concurrent, 2 cores). */
export const BEFORE = {
  save: { throughput: 387, p99: 295, cpu: 2.83 },
  bare: { throughput: 6309, p99: 26, cpu: 0.14 },
  start: { throughput: 230, p99: 295, cpu: 5.85 },
  page: { throughput: 140, p99: 483, cpu: 8.69 },
  submit: { throughput: 208, p99: 441, cpu: 6.05 },
  result: { throughput: 109, p99: 777, cpu: 11.85 },
  board: { throughput: 88, p99: 868, cpu: 15.05 },
} satisfies Record<string, Figure>;

/** Issue 8's goals. */
export const GOAL = {
  saveCpuMs: 0.5,
  saveRatio: 0.3,
  pageCpuMs: 3, // question page, start attempt, submit
  resultCpuMs: 4,
  cachedViewsPerSecond: 2000,
  uncachedGrowth: 2, // leaderboard render CPU, 1,000,000 entries / 10,000 entries
  concurrentSaveP99Ms: 200, // at 1,000 concurrent residents
};

export const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "—";

/** A markdown table with its columns padded; the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((v, i) => (i < leftColumns ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i < leftColumns ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Every phase: requests, errors, throughput, latency, server CPU per request (the whole process tree). */
export function phaseTable(recorders: Recorder[]): string {
  return table(
    [
      "operation",
      "requests",
      "errors",
      "req/s",
      "p50 ms",
      "p99 ms",
      "max ms",
      "server CPU ms/req",
      "client CPU %",
    ],
    recorders.map((r) => [
      r.name,
      String(r.requests),
      String(r.errors),
      fmt(r.throughput),
      fmt(r.percentile(0.5), 2),
      fmt(r.percentile(0.99), 2),
      fmt(r.percentile(1), 2),
      fmt(r.serverCpuPerRequest, 2),
      fmt(r.clientCpuPercent, 0),
    ]),
  );
}

export const describe = (f: Figure, unit = "req/s") =>
  `${fmt(f.throughput, 0)} ${unit} · p99 ${fmt(f.p99, 0)} ms · ${fmt(f.cpu, 2)} ms CPU`;

export const measured = (r: Recorder): Figure => ({
  throughput: r.throughput,
  p99: r.percentile(0.99),
  cpu: r.serverCpuPerRequest,
});

/** A row of the before → after table: what was measured before, what now, the goal and whether it is met. */
export type GoalRow = { operation: string; before: string; now: string; goal: string; met: boolean | null };

export function goalTable(rows: GoalRow[]): string {
  return table(
    ["operation", "before (main, issue 8)", "now", "goal", "met"],
    rows.map((r) => [r.operation, r.before, r.now, r.goal, r.met === null ? "—" : r.met ? "yes" : "**no**"]),
    5,
  );
}

export const mib = (bytes: number) => `${fmt(bytes / 1048576, 0)} MiB`;
