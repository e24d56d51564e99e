import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { statusLabels } from "#app/components/contest-form.tsx";
import { ScrollTable } from "#app/components/scroll-table.tsx";
import { roundState } from "#app/domain/timing.ts";
import { listManageableContests } from "#app/models/contests.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime } from "#app/utils/format.ts";

export const meta: MetaFunction = () => [{ title: "Cuộc thi — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const now = Date.now();
  return { now, contests: await listManageableContests(user, now) };
}

export default function ContestList() {
  const { now, contests } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Cuộc thi</h1>
        <Link to="/quan-tri/cuoc-thi/moi" className="btn-primary">
          Tạo cuộc thi
        </Link>
      </div>
      {contests.length === 0 ? (
        <p className="card">Chưa có cuộc thi nào trong phạm vi bạn phụ trách.</p>
      ) : (
        <ScrollTable label="Danh sách cuộc thi">
          <table className="w-full text-[15px]">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Cuộc thi
                </th>
                <th scope="col" className="px-3 py-2">
                  Trạng thái
                </th>
                <th scope="col" className="px-3 py-2">
                  Dành cho
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Số vòng
                </th>
                <th scope="col" className="px-3 py-2">
                  Vòng tới
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {contests.map((c) => (
                <tr key={c.id}>
                  <td className="px-3 py-2">
                    <Link
                      to={`/quan-tri/cuoc-thi/${c.id}`}
                      className="font-semibold text-brand-700 underline"
                    >
                      {c.title}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{statusLabels[c.status]}</td>
                  <td className="px-3 py-2">{c.scopeUnitName ?? "Mọi người"}</td>
                  <td className="px-3 py-2 text-right">{c.roundCount}</td>
                  <td className="px-3 py-2">
                    {!c.nextRound
                      ? "Đã hết các vòng"
                      : roundState(c.nextRound, now) === "open"
                        ? `Vòng ${c.nextRound.number} đang mở, đóng lúc ${formatDateTime(c.nextRound.closesAt)}`
                        : `Vòng ${c.nextRound.number} mở lúc ${formatDateTime(c.nextRound.opensAt)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </div>
  );
}
