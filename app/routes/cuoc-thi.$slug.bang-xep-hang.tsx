import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { IndividualList, LEADERBOARD_PAGE_SIZE as PAGE_SIZE } from "#app/components/individual-list.tsx";
import { z } from "zod";
import { boardRound, boardRoundParam, getPublicContest } from "#app/models/contests.server.ts";
import {
  contestBoard,
  getIndividualBoard,
  getUnitBoard,
  roundBoard,
  type UnitSort,
} from "#app/models/leaderboards.server.ts";
import { getUnit, listChildren } from "#app/models/units.server.ts";
import { formatNumber, formatPercent } from "#app/utils/format.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import type { loader as myPlaceLoader } from "./cuoc-thi.$slug.bang-xep-hang_.cua-toi.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Bảng xếp hạng — ${data.contest.title}` : "Bảng xếp hạng" },
];

const sorts = { "nguoi-thi": "participants", "ti-le": "rate", diem: "average" } as const satisfies Record<
  string,
  UnitSort
>;

const querySchema = z.object({
  vong: boardRoundParam,
  xem: z.enum(["ca-nhan", "xa", "huyen"]).default("ca-nhan"),
  huyen: z.coerce.number().int().positive().optional(),
  sx: z.enum(["nguoi-thi", "ti-le", "diem"]).default("nguoi-thi"),
  trang: z.coerce.number().int().min(1).max(100_000).default(1),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const contest = await getPublicContest(params.slug ?? "");
  invariantResponse(contest, "Không tìm thấy cuộc thi này.");
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = querySchema.safeParse(search);
  invariantResponse(parsed.success, "Đường dẫn bảng xếp hạng không hợp lệ.", 400);
  const query = parsed.data;
  // Attempts that ran out are settled and ended rounds closed by the background jobs (models/jobs), never here.
  const now = Date.now();

  const round = boardRound(contest.rounds, query.vong, now);
  invariantResponse(round !== undefined, "Không có tuần thi này.");
  const board = round ? roundBoard(round.id) : contestBoard(contest.id);

  // The filter offers the units one level below the contest's scope that have units of their own (districts).
  const scope = contest.scopeUnitId ? await getUnit(contest.scopeUnitId) : undefined;
  invariantResponse(scope, "Cuộc thi chưa có phạm vi đơn vị.");
  const districts = (await listChildren(scope.id)).filter((u) => !u.isLeaf);
  const district = query.huyen ? await getUnit(query.huyen) : undefined;
  invariantResponse(
    !query.huyen || (district && district.path.startsWith(scope.path)),
    "Không tìm thấy đơn vị này.",
  );
  const within = district ?? scope;

  const view = query.xem === "huyen" && districts.length === 0 ? "xa" : query.xem;
  const offset = (query.trang - 1) * PAGE_SIZE;
  return {
    contest: {
      slug: contest.slug,
      title: contest.title,
      questionsPerAttempt: contest.rules.questionsPerAttempt,
    },
    rounds: contest.rounds
      .map((r) => ({ number: r.number, opensAt: r.opensAt }))
      .filter((r) => r.opensAt <= now),
    query: { ...query, xem: view, vong: round ? round.number : "tong" },
    districts: districts.map((d) => ({ id: d.id, name: `${d.kind} ${d.name}` })),
    districtName: district ? `${district.kind} ${district.name}` : null,
    individuals:
      view === "ca-nhan"
        ? await getIndividualBoard(board, { withinUnitPath: district?.path, limit: PAGE_SIZE + 1, offset })
        : null,
    units:
      view === "ca-nhan"
        ? null
        : await getUnitBoard(
            board,
            view === "huyen" ? { parentId: scope.id } : { leavesUnderPath: within.path },
            sorts[query.sx],
          ),
    pageSize: PAGE_SIZE,
  };
}

export default function LeaderboardPage() {
  const { contest, rounds, query, districts, districtName, individuals, units, pageSize } =
    useLoaderData<typeof loader>();
  // The page is the same for everyone (served from the page cache); the resident's own place comes from
  // its own request once the page has loaded, or from the link below it without JavaScript.
  const myPlaceUrl = `/cuoc-thi/${contest.slug}/bang-xep-hang/cua-toi?vong=${query.vong}`;
  const mine = useFetcher<typeof myPlaceLoader>();
  const { load } = mine;
  useEffect(() => load(myPlaceUrl), [load, myPlaceUrl]);
  const me = mine.data?.place ? { userId: mine.data.userId, place: mine.data.place } : null;
  const link = (change: Partial<Record<keyof typeof query, string | number | undefined>>) => {
    const next = { ...query, trang: 1, ...change } as Record<string, string | number | undefined>;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next))
      if (value !== undefined && value !== "" && !(key === "trang" && value === 1))
        params.set(key, String(value));
    return `?${params}`;
  };
  const tabs = [
    { xem: "ca-nhan", label: "Cá nhân" },
    { xem: "xa", label: "Theo xã" },
    ...(districts.length ? [{ xem: "huyen", label: "Theo huyện" }] : []),
  ] as const;
  const rows = individuals?.slice(0, pageSize);
  const maxScore = query.vong === "tong" ? null : contest.questionsPerAttempt;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold leading-tight">Bảng xếp hạng</h1>
        <p className="text-slate-700">
          <Link to={`/cuoc-thi/${contest.slug}`} className="underline">
            {contest.title}
          </Link>
        </p>
      </div>

      <nav aria-label="Chọn tuần thi" className="flex flex-wrap gap-2">
        {rounds.map((r) => (
          <Link
            key={r.number}
            reloadDocument
            to={link({ vong: r.number })}
            aria-current={query.vong === r.number ? "page" : undefined}
            className={`rounded-full px-4 py-2 ${query.vong === r.number ? "bg-brand-700 text-white" : "bg-white ring-1 ring-slate-300"}`}
          >
            Tuần {r.number}
          </Link>
        ))}
        <Link
          reloadDocument
          to={link({ vong: "tong" })}
          aria-current={query.vong === "tong" ? "page" : undefined}
          className={`rounded-full px-4 py-2 ${query.vong === "tong" ? "bg-brand-700 text-white" : "bg-white ring-1 ring-slate-300"}`}
        >
          Tổng các tuần
        </Link>
      </nav>

      <nav aria-label="Kiểu bảng xếp hạng" className="grid grid-flow-col gap-1 rounded-xl bg-slate-200 p-1">
        {tabs.map((t) => (
          <Link
            key={t.xem}
            reloadDocument
            to={link({ xem: t.xem })}
            aria-current={query.xem === t.xem ? "page" : undefined}
            className={`flex min-h-12 items-center justify-center whitespace-nowrap rounded-lg px-1 text-[16px] font-semibold ${query.xem === t.xem ? "bg-white text-brand-700 shadow" : "text-slate-700"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>

      {districts.length > 0 && query.xem !== "huyen" && (
        <Form method="get" reloadDocument className="flex items-end gap-2">
          <input type="hidden" name="vong" value={query.vong} />
          <input type="hidden" name="xem" value={query.xem} />
          <div className="flex-1">
            <label htmlFor="huyen" className="field-label">
              Huyện/Thị xã/Thành phố
            </label>
            <select
              id="huyen"
              name="huyen"
              defaultValue={query.huyen ?? ""}
              className="field-input"
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
            >
              <option value="">Tất cả</option>
              {districts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            Lọc
          </button>
        </Form>
      )}

      {query.xem === "ca-nhan" && !districtName && (
        <p className="rounded-lg bg-brand-50 p-3 font-medium">
          {me?.place ? (
            `Bạn đang xếp hạng ${formatNumber(me.place.rank)} trên ${formatNumber(me.place.of)} người.`
          ) : mine.data?.signedIn ? (
            "Bạn chưa có tên trong bảng xếp hạng này."
          ) : (
            <Link to={myPlaceUrl} className="underline">
              Xem vị trí của bạn
            </Link>
          )}
        </p>
      )}

      {rows && (
        <section aria-label="Xếp hạng cá nhân">
          {rows.length === 0 ? (
            <p className="card">Chưa có ai nộp bài{districtName ? ` ở ${districtName}` : ""}.</p>
          ) : (
            <IndividualList rows={rows} meId={me?.userId} maxScore={maxScore} />
          )}
          <div className="mt-3 flex justify-between">
            {query.trang > 1 ? (
              <Link reloadDocument to={link({ trang: query.trang - 1 })} className="btn-secondary">
                Trang trước
              </Link>
            ) : (
              <span />
            )}
            {individuals && individuals.length > pageSize && (
              <Link reloadDocument to={link({ trang: query.trang + 1 })} className="btn-secondary">
                Trang sau
              </Link>
            )}
          </div>
        </section>
      )}

      {rows && me?.place && !districtName && !rows.some((r) => r.userId === me.userId) && (
        <section aria-labelledby="my-place-heading">
          <h2 id="my-place-heading" className="mb-2 text-lg font-bold">
            Vị trí của bạn
          </h2>
          <IndividualList rows={me.place.rows} meId={me.userId} maxScore={maxScore} />
          {me.place.rank > pageSize && (
            <p className="mt-2">
              <Link
                reloadDocument
                to={link({ trang: Math.ceil(me.place.rank / pageSize) })}
                className="underline"
              >
                Xem trang có tên bạn
              </Link>
            </p>
          )}
        </section>
      )}

      {units && (
        <section aria-label="Xếp hạng đơn vị">
          <p className="mb-2 flex flex-wrap items-center gap-2 text-[15px]">
            Sắp xếp theo:
            {(["nguoi-thi", "ti-le", "diem"] as const).map((s) => (
              <Link
                key={s}
                reloadDocument
                to={link({ sx: s })}
                aria-current={query.sx === s ? "true" : undefined}
                className={`rounded-full px-3 py-1 ${query.sx === s ? "bg-brand-700 text-white" : "bg-white ring-1 ring-slate-300"}`}
              >
                {s === "nguoi-thi" ? "Số người thi" : s === "ti-le" ? "Tỉ lệ tham gia" : "Điểm trung bình"}
              </Link>
            ))}
          </p>
          <ol className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white ring-1 ring-slate-200">
            {units.map((u, index) => (
              <li key={u.unitId} className="flex items-center gap-3 px-3 py-2">
                <span className="w-8 shrink-0 text-right font-bold tabular-nums">{index + 1}</span>
                <span className="min-w-0 flex-1">
                  <span className="block font-semibold">
                    {u.kind} {u.name}
                  </span>
                  <span className="block text-[13px] text-slate-600">
                    {[
                      query.xem === "xa" ? u.parentName : null,
                      `${formatNumber(u.attempts)} lượt thi`,
                      u.participationRate === null ? null : `tỉ lệ ${formatPercent(u.participationRate)}`,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </span>
                <span className="shrink-0 text-right">
                  <span className="block font-bold tabular-nums">{formatNumber(u.participants)} người</span>
                  <span className="block text-[13px] text-slate-600">
                    {u.averageScore === null
                      ? "chưa có điểm"
                      : `TB ${u.averageScore.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} điểm`}
                  </span>
                </span>
              </li>
            ))}
          </ol>
          <p className="mt-2 text-[13px] text-slate-600">
            Tỉ lệ tham gia = số người thi / dân số, khi đơn vị có số liệu dân số.
          </p>
        </section>
      )}
    </div>
  );
}
