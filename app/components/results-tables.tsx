import type { ReactNode } from "react";
import { formatDuration, formatNumber } from "#app/utils/format.ts";
import { NO_PREDICTION_GAP } from "#app/domain/ranking.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

type Winner = {
  rank: number;
  label: string;
  name: string;
  unitName: string | null;
  districtName: string | null;
  score: number;
  durationMs: number;
  predictionGap: number | null;
};

type UnitResult = {
  unitId: number;
  rank: number;
  name: string;
  kind: string;
  depth: number;
  parentName: string | null;
  participants: number;
  population: number | null;
  ratePoints: number;
  prizePoints: number;
  points: number;
};

const points = (n: number) => formatNumber(Math.round(n * 100) / 100);

// A missing prediction is stored as the largest gap; it reads better as "none".
const gapText = (gap: number | null) =>
  gap === null ? "—" : gap >= NO_PREDICTION_GAP ? "không dự đoán" : formatNumber(gap);

/** Winners by tier (rank order): name, commune, district, score, time, prediction gap; `action` adds a cell. */
export function WinnersTable<T extends Winner>({
  winners,
  caption,
  action,
}: {
  winners: T[];
  caption: string;
  action?: (winner: T) => ReactNode;
}) {
  if (winners.length === 0) return <p className="text-slate-700">Chưa có người đoạt giải.</p>;
  return (
    <ScrollTable label={caption}>
      <table className="w-full text-[15px]">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-2">
              Giải
            </th>
            <th scope="col" className="px-2 py-2">
              Người thi
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Điểm
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Thời gian
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Lệch dự đoán
            </th>
            {action && (
              <th scope="col" className="px-2 py-2">
                Xử lý
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {winners.map((w) => (
            <tr key={w.rank}>
              <td className="px-2 py-2 font-semibold">{w.label}</td>
              <td className="px-2 py-2">
                <span className="font-semibold">{w.name}</span>
                <span className="block text-sm text-slate-600">
                  {[w.unitName, w.districtName].filter(Boolean).join(", ")}
                </span>
              </td>
              <td className="px-2 py-2 text-right">{formatNumber(w.score)}</td>
              <td className="px-2 py-2 text-right">{formatDuration(w.durationMs)}</td>
              <td className="px-2 py-2 text-right">{gapText(w.predictionGap)}</td>
              {action && <td className="px-2 py-2">{action(w)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** The collective ranking, one table per level (districts, then communes), the first `limit` rows of each. */
export function UnitRanking({ rows, limit }: { rows: UnitResult[]; limit: number }) {
  const depths = [...new Set(rows.map((r) => r.depth))];
  if (rows.length === 0) return <p className="text-slate-700">Chưa có bảng xếp hạng tập thể.</p>;
  return (
    <div className="space-y-4">
      {depths.map((depth) => {
        const level = rows.filter((r) => r.depth === depth);
        const shown = level.slice(0, limit);
        const units = depth === Math.min(...depths) ? "huyện, thành phố" : "xã, phường, thị trấn";
        return (
          <div key={depth} className="space-y-1">
            <h3 className="font-bold">
              Theo {units}
              {level.length > shown.length && ` (${shown.length} đơn vị đứng đầu trong ${level.length})`}
            </h3>
            <ScrollTable label={`Xếp hạng tập thể theo ${units}`}>
              <table className="w-full text-[15px]">
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th scope="col" className="px-2 py-2 text-right">
                      Hạng
                    </th>
                    <th scope="col" className="px-2 py-2">
                      Đơn vị
                    </th>
                    <th scope="col" className="px-2 py-2 text-right">
                      Người thi
                    </th>
                    <th scope="col" className="px-2 py-2 text-right">
                      Điểm tham gia
                    </th>
                    <th scope="col" className="px-2 py-2 text-right">
                      Điểm giải
                    </th>
                    <th scope="col" className="px-2 py-2 text-right">
                      Tổng
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {shown.map((r) => (
                    <tr key={r.unitId}>
                      <td className="px-2 py-2 text-right">{r.rank}</td>
                      <td className="px-2 py-2">
                        {r.name}
                        {r.parentName && <span className="block text-sm text-slate-600">{r.parentName}</span>}
                      </td>
                      <td className="px-2 py-2 text-right">{formatNumber(r.participants)}</td>
                      <td className="px-2 py-2 text-right">
                        {r.population ? points(r.ratePoints) : <span title="Chưa có số dân">— *</span>}
                      </td>
                      <td className="px-2 py-2 text-right">{points(r.prizePoints)}</td>
                      <td className="px-2 py-2 text-right font-semibold">{points(r.points)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </div>
        );
      })}
      <p className="text-sm text-slate-600">
        Điểm tập thể = tỉ lệ tham gia (số người thi / số dân) × hệ số, cộng điểm của người đoạt giải thuộc đơn
        vị. * Đơn vị chưa có số dân không được tính điểm tham gia.
      </p>
    </div>
  );
}
