import type { IndividualRow } from "#app/models/leaderboards.server.ts";
import { formatClock, formatDuration, formatNumber } from "#app/utils/format.ts";

/** Rows per page of a leaderboard. */
export const LEADERBOARD_PAGE_SIZE = 50;

/** Ranked residents; the signed-in resident's row is highlighted. */
export function IndividualList({
  rows,
  meId,
  maxScore,
}: {
  rows: IndividualRow[];
  meId: number | undefined;
  maxScore: number | null;
}) {
  return (
    <ol className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white ring-1 ring-slate-200">
      {rows.map((row) => (
        <li
          key={row.userId}
          className={`flex items-center gap-3 px-3 py-2 ${row.userId === meId ? "bg-amber-50" : ""}`}
        >
          <span className="w-10 shrink-0 text-right font-bold tabular-nums">{formatNumber(row.rank)}</span>
          <span className="min-w-0 flex-1">
            <span className="flex items-baseline gap-1">
              <span className="truncate font-semibold">
                {row.name}
                {row.userId === meId && " (bạn)"}
              </span>
              {row.isDemo && (
                <span className="shrink-0 rounded bg-slate-200 px-1 text-[12px] text-slate-700">mẫu</span>
              )}
            </span>
            <span className="block truncate text-[15px] text-slate-600">
              {[row.unitName, row.parentUnitName].filter(Boolean).join(", ")}
            </span>
          </span>
          <span className="shrink-0 text-right">
            <span className="block font-bold tabular-nums">
              {row.score}
              {maxScore !== null && `/${maxScore}`}
            </span>
            <span
              className="block text-[13px] tabular-nums text-slate-600"
              title={formatDuration(row.durationMs)}
            >
              {formatClock(row.durationMs)}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
