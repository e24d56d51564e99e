import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { boardRound, boardRoundParam, getManageableContest } from "#app/models/contests.server.ts";
import { getActivity, getDashboardFigures, getDashboardUnits } from "#app/models/dashboard.server.ts";
import { contestBoard, roundBoard, type UnitRow, type UnitSort } from "#app/models/leaderboards.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDate, formatNumber, formatPercent, formatTime } from "#app/utils/format.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const handle = { wide: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Theo dõi — ${data.contest.title}` : "Theo dõi cuộc thi" },
];

// While the tab is visible the page reloads its data this often (a reload without JavaScript does the same).
const REFRESH_MS = 12_000;
const MAX_HOURS_SHOWN = 7 * 24;

const sorts = { "nguoi-thi": "participants", "ti-le": "rate", diem: "average" } as const satisfies Record<
  string,
  UnitSort
>;

const querySchema = z.object({
  vong: boardRoundParam,
  huyen: z.coerce.number().int().positive().optional(),
  sx: z.enum(["nguoi-thi", "ti-le", "diem"]).default("nguoi-thi"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = querySchema.safeParse(search);
  invariantResponse(parsed.success, "Đường dẫn trang theo dõi không hợp lệ.", 400);
  const query = parsed.data;
  // Attempts that ran out of time count as submitted once the background job settled them (seconds later).
  const now = Date.now();
  const round = boardRound(contest.rounds, query.vong, now);
  invariantResponse(round !== undefined, "Không có tuần thi này.");
  const board = round ? roundBoard(round.id) : contestBoard(contest.id);
  const roundIds = round ? [round.id] : contest.rounds.map((r) => r.id);
  const span = round ?? {
    opensAt: Math.min(...contest.rounds.map((r) => r.opensAt)),
    closesAt: Math.max(...contest.rounds.map((r) => r.closesAt)),
  };
  const to = Math.min(now, span.closesAt);
  const from = Math.max(span.opensAt, round ? to - MAX_HOURS_SHOWN * 3600_000 : span.opensAt);
  const sort = sorts[query.sx];
  return {
    now,
    contest: { id: contest.id, title: contest.title, scopeUnitName: contest.scopeUnitName },
    rounds: contest.rounds.map((r) => ({ number: r.number, opensAt: r.opensAt, closesAt: r.closesAt })),
    selectedRound: round ? round.number : null,
    query,
    figures: await getDashboardFigures(board, roundIds),
    activity: {
      bucket: round ? ("hour" as const) : ("day" as const),
      rows:
        contest.rounds.length && from < to
          ? await getActivity(roundIds, { from, to }, round ? "hour" : "day")
          : [],
    },
    units: await getDashboardUnits(board, contest.scopeUnitId, sort, query.huyen ?? null),
  };
}

/**
 * Reloads the loader's data every REFRESH_MS while the page is visible; nothing while the tab is hidden.
 * `live` is false until the script runs, so a page without JavaScript says to reload it.
 */
function useLiveRefresh() {
  const { revalidate, state } = useRevalidator();
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(true);
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      if (document.visibilityState === "visible") timer = setInterval(() => revalidate(), REFRESH_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") revalidate();
      start();
    };
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [revalidate]);
  return { live, refreshing: state === "loading" };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { live, refreshing } = useLiveRefresh();
  const { figures } = data;
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm">
          <Link
            to={`/quan-tri/cuoc-thi/${data.contest.id}`}
            className="font-semibold text-brand-700 underline"
          >
            ← {data.contest.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">Theo dõi trực tiếp</h1>
        <p className="text-slate-600">
          Số liệu lúc {formatTime(data.now)} ngày {formatDate(data.now)}
          {!live
            ? " · tải lại trang để cập nhật"
            : refreshing
              ? " · đang cập nhật…"
              : " · tự cập nhật khi trang đang mở"}
        </p>
      </div>

      <Form method="get" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="sx" value={data.query.sx} />
        <label className="flex flex-col">
          <span className="field-label">Tuần thi</span>
          <select name="vong" defaultValue={data.selectedRound ?? "tong"} className="field-input">
            <option value="tong">Cả cuộc thi</option>
            {data.rounds.map((r) => (
              <option key={r.number} value={r.number}>
                Tuần {r.number} ({formatDate(r.opensAt)} – {formatDate(r.closesAt)})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-secondary">
          Xem
        </button>
      </Form>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="dashboard-figures">
        <Figure label="Người dự thi" value={formatNumber(figures.participants)} testId="participants" />
        <Figure label="Lượt thi đã bắt đầu" value={formatNumber(figures.started)} testId="started" />
        <Figure
          label="Hoàn thành (nộp / bắt đầu)"
          value={figures.completion === null ? "—" : formatPercent(figures.completion)}
          hint={`${formatNumber(figures.submitted)} bài đã nộp`}
          testId="completion"
        />
        <Figure
          label="Điểm trung bình"
          value={
            figures.averageScore === null
              ? "—"
              : new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(figures.averageScore)
          }
          testId="average"
        />
        <Figure
          label="Lượt thi có hỗ trợ"
          value={formatNumber(figures.assistedStarted)}
          hint={`${formatNumber(figures.assistedSubmitted)} bài đã nộp, do tổ công nghệ số thi cùng người dân`}
          testId="assisted"
        />
      </dl>

      <ActivityChart bucket={data.activity.bucket} rows={data.activity.rows} />
      <UnitTables />
    </div>
  );
}

function Figure({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  return (
    <div className="rounded-xl bg-white p-3 ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="text-sm text-slate-600">{hint}</dd>}
    </div>
  );
}

/** Bars drawn on the server as SVG: no chart library reaches anyone's phone. The table below says the same. */
function ActivityChart({
  bucket,
  rows,
}: {
  bucket: "hour" | "day";
  rows: { at: number; participants: number }[];
}) {
  const title = bucket === "hour" ? "Người bắt đầu thi theo giờ" : "Người bắt đầu thi theo ngày";
  const label = (at: number) => (bucket === "hour" ? `${formatTime(at)} ${formatDate(at)}` : formatDate(at));
  const max = Math.max(1, ...rows.map((r) => r.participants));
  const width = 720;
  const height = 180;
  const barWidth = rows.length ? width / rows.length : width;
  const total = rows.reduce((sum, r) => sum + r.participants, 0);
  // A few labels along the axis, evenly spaced, so they never overlap on a phone.
  const labelEvery = Math.max(1, Math.ceil(rows.length / 4));
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-bold">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-slate-600">Tuần thi chưa mở.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${width} ${height + 32}`}
            className="h-auto w-full rounded-xl bg-white ring-1 ring-slate-200"
            role="img"
            aria-labelledby="activity-title activity-desc"
          >
            <title id="activity-title">{title}</title>
            <desc id="activity-desc">
              {`Từ ${label(rows[0]!.at)} đến ${label(rows.at(-1)!.at)}: tổng ${formatNumber(total)} lượt người, cao nhất ${formatNumber(max)}.`}
            </desc>
            {rows.map((r, i) => {
              const h = (r.participants / max) * (height - 10);
              return (
                <g key={r.at}>
                  <rect
                    x={i * barWidth + barWidth * 0.1}
                    y={height - h}
                    width={Math.max(1, barWidth * 0.8)}
                    height={h}
                    className="fill-brand-700"
                  >
                    <title>{`${label(r.at)}: ${formatNumber(r.participants)}`}</title>
                  </rect>
                  {i % labelEvery === 0 && (
                    <text x={i * barWidth} y={height + 26} fontSize="24" className="fill-slate-600">
                      {bucket === "hour" ? formatTime(r.at) : formatDate(r.at).slice(0, 5)}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          <details>
            <summary className="cursor-pointer font-semibold text-brand-700">Xem số liệu dạng bảng</summary>
            <ScrollTable label={title} className="mt-2 max-h-80 overflow-y-auto">
              <table className="w-full text-[15px]">
                <thead className="sticky top-0 bg-slate-100">
                  <tr>
                    <th className="p-2 text-left">{bucket === "hour" ? "Giờ" : "Ngày"}</th>
                    <th className="p-2 text-right">Người bắt đầu thi</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.at} className="border-t border-slate-100">
                      <td className="p-2">{label(r.at)}</td>
                      <td className="p-2 text-right tabular-nums">{formatNumber(r.participants)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </details>
        </>
      )}
    </section>
  );
}

function UnitTables() {
  const { units, query } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4">
      <div className="space-y-2">
        <h2 className="text-lg font-bold">Theo huyện</h2>
        <UnitTable rows={units.districts} label="Tham gia theo huyện" testId="district-table" />
      </div>
      <div className="space-y-2">
        <h2 className="text-lg font-bold">Theo xã</h2>
        {units.districtOptions.length > 0 && (
          <Form method="get" className="flex flex-wrap items-end gap-2">
            {query.vong !== undefined && <input type="hidden" name="vong" value={query.vong} />}
            <input type="hidden" name="sx" value={query.sx} />
            <label className="flex flex-col">
              <span className="field-label">Huyện</span>
              <select name="huyen" defaultValue={query.huyen ?? ""} className="field-input">
                <option value="">Tất cả</option>
                {units.districtOptions.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn-secondary">
              Lọc
            </button>
          </Form>
        )}
        <UnitTable rows={units.communes} label="Tham gia theo xã" testId="commune-table" />
      </div>
    </section>
  );
}

function SortLink({ sort, children }: { sort: keyof typeof sorts; children: string }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set("sx", sort);
  const active = (params.get("sx") ?? "nguoi-thi") === sort;
  return (
    <Link
      to={`?${next}`}
      preventScrollReset
      className={active ? "font-bold text-slate-900" : "text-brand-700 underline"}
      aria-current={active ? "true" : undefined}
    >
      {children}
      {active ? " ↓" : ""}
    </Link>
  );
}

function UnitTable({ rows, label, testId }: { rows: UnitRow[]; label: string; testId: string }) {
  if (rows.length === 0) return <p className="text-slate-600">Không có đơn vị nào.</p>;
  return (
    <ScrollTable label={label} className="max-h-[32rem] overflow-y-auto">
      <table className="w-full text-[15px] [&_th]:whitespace-nowrap" data-testid={testId}>
        <thead className="sticky top-0 bg-slate-100">
          <tr>
            <th className="min-w-40 p-2 text-left">Đơn vị</th>
            <th className="p-2 text-right">
              <SortLink sort="nguoi-thi">Người thi</SortLink>
            </th>
            <th className="p-2 text-right">Lượt thi</th>
            <th className="p-2 text-right">Dân số</th>
            <th className="p-2 text-right">
              <SortLink sort="ti-le">Tỉ lệ tham gia</SortLink>
            </th>
            <th className="p-2 text-right">
              <SortLink sort="diem">Điểm TB</SortLink>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unitId} className="border-t border-slate-100">
              <td className="p-2">
                {r.kind} {r.name}
                {r.isLeaf && r.parentName && (
                  <span className="block text-sm text-slate-600">{r.parentName}</span>
                )}
              </td>
              <td className="p-2 text-right tabular-nums">{formatNumber(r.participants)}</td>
              <td className="p-2 text-right tabular-nums">{formatNumber(r.attempts)}</td>
              <td className="p-2 text-right tabular-nums">
                {r.population === null ? "—" : formatNumber(r.population)}
              </td>
              <td className="p-2 text-right tabular-nums">
                {r.participationRate === null ? "—" : formatPercent(r.participationRate)}
              </td>
              <td className="p-2 text-right tabular-nums">
                {r.averageScore === null
                  ? "—"
                  : new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(r.averageScore)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
