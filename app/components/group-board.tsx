import { Link } from "@remix-run/react";
import { formatNumber, formatPercent } from "#app/utils/format.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

type Row = {
  id: number;
  rank: number;
  name: string;
  members: number;
  averagePercent: number;
  participation: number;
  points: number;
};

/** A ranking of classes or schools (names and figures only: no student is named). */
export function GroupBoard({
  caption,
  rows,
  byParticipation,
  href,
}: {
  caption: string;
  rows: Row[];
  byParticipation: boolean;
  href?: (id: number) => string;
}) {
  if (rows.length === 0) return <p className="text-slate-700">Chưa có dữ liệu.</p>;
  return (
    <ScrollTable label={caption}>
      <table className="w-full text-[15px]">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-2 py-2 text-right">
              Hạng
            </th>
            <th scope="col" className="px-2 py-2">
              Tên
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              {byParticipation ? "Điểm (tính cả em chưa làm)" : "Điểm trung bình"}
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              Tham gia
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-200">
              <td className="px-2 py-2 text-right font-semibold">{r.rank}</td>
              <td className="px-2 py-2">
                {href ? (
                  <Link to={href(r.id)} className="underline">
                    {r.name}
                  </Link>
                ) : (
                  r.name
                )}{" "}
                <span className="text-slate-600">({formatNumber(r.members)} HS)</span>
              </td>
              <td className="px-2 py-2 text-right">{formatNumber(r.points)}</td>
              <td className="px-2 py-2 text-right">{formatPercent(r.participation)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** Switches a board between the average and the participation-weighted ranking (a link: works without JavaScript). */
export function RankingSwitch({ byParticipation, path }: { byParticipation: boolean; path: string }) {
  return (
    <p className="flex flex-wrap gap-2 text-[15px]">
      <Link
        to={path}
        aria-current={!byParticipation ? "page" : undefined}
        className={`rounded-lg px-3 py-2 ${!byParticipation ? "bg-brand-700 text-white" : "text-brand-700 underline"}`}
      >
        Theo điểm trung bình
      </Link>
      <Link
        to={`${path}?theo=tham-gia`}
        aria-current={byParticipation ? "page" : undefined}
        className={`rounded-lg px-3 py-2 ${byParticipation ? "bg-brand-700 text-white" : "text-brand-700 underline"}`}
      >
        Tính cả tỉ lệ tham gia
      </Link>
    </p>
  );
}
