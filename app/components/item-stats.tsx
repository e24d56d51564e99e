import { vietnamParts } from "#app/domain/contest-plan.ts";
import { itemLabels, MIN_SAMPLE, staleSourceCutoff, type ItemSummary } from "#app/domain/item-stats.ts";
import { formatDateTime, formatDuration, formatNumber, formatPercent } from "#app/utils/format.ts";

// A question's item statistics, as the question bank list and the editor show them.

export const itemLabelNames = { easy: "Quá dễ", hard: "Quá khó", misleading: "Gây nhầm" } as const;

const indexFormat = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatDiscrimination = (d: number) => indexFormat.format(d);

/** Whether a source checked on `checked` ("YYYY-MM-DD") was last checked more than 12 months before `now`. */
export const sourceIsStale = (checked: string, now: number) =>
  checked < staleSourceCutoff(vietnamParts(now).date);

/** The warnings as small tags; "chưa đủ dữ liệu" below the minimum sample. */
export function ItemLabels({
  stats,
}: {
  stats: Pick<ItemSummary, "answered" | "correct" | "topWrongCount">;
}) {
  const labels = itemLabels(stats);
  if (labels === null) return <span className="text-[13px] text-slate-600">chưa đủ dữ liệu</span>;
  return (
    <>
      {labels.map((label) => (
        <span
          key={label}
          className="mr-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-[13px] font-medium text-amber-950"
        >
          {itemLabelNames[label]}
        </span>
      ))}
    </>
  );
}

export function ItemStatsCard({
  stats,
  refreshedAt,
  checked,
  now,
}: {
  stats: ItemSummary | null;
  refreshedAt: number | null;
  checked: string;
  now: number;
}) {
  const share = (n: number) => (stats && stats.answered ? formatPercent(n / stats.answered) : "—");
  return (
    <section className="card space-y-2" aria-labelledby="item-stats-heading">
      <h2 id="item-stats-heading" className="text-lg font-bold">
        Thống kê câu hỏi
      </h2>
      <p className="text-[15px] text-slate-700">
        Từ các bài thi đã nộp, không tính bài bị loại và luyện tập.{" "}
        {refreshedAt === null ? "Chưa tính lần nào." : `Cập nhật lúc ${formatDateTime(refreshedAt)}.`}
      </p>
      {sourceIsStale(checked, now) && (
        <p className="font-medium text-amber-900">⚠ Nguồn được kiểm tra lần cuối hơn 12 tháng trước.</p>
      )}
      {!stats ? (
        <p>Chưa có lượt trả lời nào.</p>
      ) : (
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">Lượt trả lời</dt>
          <dd>{formatNumber(stats.answered)}</dd>
          <dt className="font-semibold">Trả lời đúng</dt>
          <dd>
            {share(stats.correct)} ({formatNumber(stats.correct)} lượt)
          </dd>
          <dt className="font-semibold">Đáp án sai được chọn nhiều nhất</dt>
          <dd>
            {stats.topWrongText === null
              ? "—"
              : `“${stats.topWrongText}”: ${share(stats.topWrongCount)} (${formatNumber(stats.topWrongCount)} lượt)`}
          </dd>
          <dt className="font-semibold">Thời gian trả lời (trung vị)</dt>
          <dd>{stats.medianMs === null ? "—" : formatDuration(stats.medianMs)}</dd>
          <dt className="font-semibold">Độ phân biệt</dt>
          <dd>
            {stats.discrimination === null ? "—" : formatDiscrimination(stats.discrimination)}{" "}
            <span className="text-[14px] text-slate-600">
              (tỉ lệ đúng của 27% bài điểm cao trừ 27% bài điểm thấp; {formatNumber(stats.upperCount)} và{" "}
              {formatNumber(stats.lowerCount)} lượt trả lời)
            </span>
          </dd>
          <dt className="font-semibold">Nhận xét</dt>
          <dd>
            <ItemLabels stats={stats} />
            {stats.answered < MIN_SAMPLE && (
              <span className="text-[14px] text-slate-600"> (cần ít nhất {MIN_SAMPLE} lượt trả lời)</span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
