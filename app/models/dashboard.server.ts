// The organiser's live dashboard: headline figures, participants per hour (or per day for a whole contest) and
// the table by unit. Participants and unit figures come from the boards kept at submit time; started-versus-
// submitted and the per-hour counts are index range reads on attempts (round, started_at).
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { attempts, boardEntries, units } from "#db/schema.ts";
import { getUnitBoard, type BoardKey, type UnitRow, type UnitSort } from "#app/models/leaderboards.server.ts";
import { db } from "#app/utils/db.server.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Vietnam is UTC+7 all year: days are counted from Vietnam's midnight.
const VIETNAM_OFFSET = 7 * HOUR;

export type DashboardFigures = {
  participants: number;
  started: number;
  submitted: number;
  completion: number | null;
  averageScore: number | null;
  /** Attempts taken with a community helper ("có hỗ trợ"), counted apart: started, and of those submitted. */
  assistedStarted: number;
  assistedSubmitted: number;
};

/** Headline figures of a board (a round, or the whole contest) and of the attempts in its rounds. */
export async function getDashboardFigures(board: BoardKey, roundIds: number[]): Promise<DashboardFigures> {
  const participants =
    db.select({ n: count() }).from(boardEntries).where(eq(boardEntries.board, board)).get()?.n ?? 0;
  const totals = roundIds.length
    ? db
        .select({
          started: count(),
          submitted: sql<number>`coalesce(sum(${attempts.status} = 'submitted'), 0)`,
          averageScore: sql<number | null>`avg(${attempts.score})`,
          assistedStarted: sql<number>`coalesce(sum(${attempts.assistedBy} is not null), 0)`,
          assistedSubmitted: sql<number>`coalesce(sum(${attempts.assistedBy} is not null and ${attempts.status} = 'submitted'), 0)`,
        })
        .from(attempts)
        .where(inArray(attempts.roundId, roundIds))
        .get()!
    : { started: 0, submitted: 0, averageScore: null, assistedStarted: 0, assistedSubmitted: 0 };
  return {
    participants,
    started: totals.started,
    submitted: totals.submitted,
    completion: totals.started ? totals.submitted / totals.started : null,
    averageScore: totals.averageScore,
    assistedStarted: totals.assistedStarted,
    assistedSubmitted: totals.assistedSubmitted,
  };
}

export type ActivityBucket = { at: number; participants: number };

/**
 * Different residents starting an attempt in each hour (or each Vietnam day) from `from` to `to`, zeros
 * included, so the chart's gaps are real quiet hours.
 */
export async function getActivity(
  roundIds: number[],
  range: { from: number; to: number },
  bucket: "hour" | "day",
): Promise<ActivityBucket[]> {
  const size = bucket === "hour" ? HOUR : DAY;
  const offset = bucket === "day" ? VIETNAM_OFFSET : 0;
  const start = Math.floor((range.from + offset) / size) * size - offset;
  const counts = new Map(
    roundIds.length
      ? db
          .select({
            // Constants written into the SQL: a bound number may arrive as a real and divide without truncating.
            slot: sql<number>`(${attempts.startedAt} + ${sql.raw(String(offset))}) / ${sql.raw(String(size))}`,
            participants: sql<number>`count(distinct ${attempts.userId})`,
          })
          .from(attempts)
          .where(
            and(
              inArray(attempts.roundId, roundIds),
              sql`${attempts.startedAt} >= ${start}`,
              sql`${attempts.startedAt} < ${range.to}`,
            ),
          )
          .groupBy(sql`1`)
          .all()
          .map((r) => [r.slot * size - offset, r.participants])
      : [],
  );
  const buckets: ActivityBucket[] = [];
  for (let at = start; at < range.to; at += size) buckets.push({ at, participants: counts.get(at) ?? 0 });
  return buckets;
}

export type DashboardUnits = {
  districts: UnitRow[];
  communes: UnitRow[];
  districtOptions: { id: number; name: string }[];
};

/**
 * The units under a contest's scope (the whole province when it is open to everyone): the level below the
 * scope, and the communes of one of them (or of the whole scope), sorted as the organiser chose.
 */
export async function getDashboardUnits(
  board: BoardKey,
  scopeUnitId: number | null,
  sort: UnitSort,
  districtId: number | null,
): Promise<DashboardUnits> {
  const scope = db
    .select({ id: units.id, path: units.path, isLeaf: units.isLeaf })
    .from(units)
    .where(scopeUnitId === null ? eq(units.depth, 0) : eq(units.id, scopeUnitId))
    .get();
  if (!scope) return { districts: [], communes: [], districtOptions: [] };
  const districts = scope.isLeaf ? [] : await getUnitBoard(board, { parentId: scope.id }, sort);
  const district = districts.find((d) => d.unitId === districtId);
  const communes = await getUnitBoard(
    board,
    { leavesUnderPath: district ? `${scope.path}${district.unitId}/` : scope.path },
    sort,
  );
  const districtOptions = districts
    .filter((d) => !d.isLeaf)
    .map((d) => ({ id: d.unitId, name: `${d.kind} ${d.name}` }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return { districts, communes, districtOptions };
}
