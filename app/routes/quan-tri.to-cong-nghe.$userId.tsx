import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getHelperForConsole } from "#app/models/community-helpers.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDate, formatDateTime, formatNumber } from "#app/utils/format.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.helper.name} — Tổ công nghệ số` : "Tổ công nghệ số — Quản trị" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return orUserErrorResponse(getHelperForConsole(user, idParam(params.userId)));
}

export default function HelperAttempts() {
  const { helper, memberships, assisted } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-1">
        <p>
          <Link to="/quan-tri/to-cong-nghe" className="text-brand-700 underline">
            Tổ công nghệ số cộng đồng
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{helper.name}</h1>
        <p className="text-slate-700">{helper.phone}</p>
        <ul className="text-slate-700">
          {memberships.map((m) => (
            <li key={m.id}>
              Thành viên tổ của {m.unitName} từ {formatDate(m.namedAt)}
              {m.endedAt !== null && ` đến ${formatDate(m.endedAt)}`}
            </li>
          ))}
        </ul>
      </div>

      <section aria-labelledby="assisted" className="space-y-2">
        <h2 id="assisted" className="text-xl font-bold">
          Lượt thi có hỗ trợ ({formatNumber(assisted.length)})
        </h2>
        {assisted.length === 0 ? (
          <p className="text-slate-700">Người này chưa thi cùng người dân nào trong phạm vi của bạn.</p>
        ) : (
          <ScrollTable label="Lượt thi có hỗ trợ">
            <table className="w-full text-[15px]">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    Bài
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Người thi
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Cuộc thi
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Bắt đầu
                  </th>
                  <th scope="col" className="px-2 py-2 text-right">
                    Điểm
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {assisted.map((a) => (
                  <tr key={a.attemptId} data-testid="assisted-attempt">
                    <td className="px-2 py-2">#{a.attemptId}</td>
                    <td className="px-2 py-2">
                      <span className="font-semibold">{a.residentName}</span>
                      <span className="block text-sm text-slate-600">{a.unitName}</span>
                    </td>
                    <td className="px-2 py-2">
                      <Link
                        to={`/quan-tri/cuoc-thi/${a.contestId}/vong/${a.roundNumber}`}
                        className="text-brand-700 underline"
                      >
                        {a.contestTitle}, tuần {a.roundNumber}
                      </Link>
                    </td>
                    <td className="px-2 py-2">{formatDateTime(a.startedAt)}</td>
                    <td className="px-2 py-2 text-right">
                      {a.status === "open"
                        ? "đang thi"
                        : `${formatNumber(a.score ?? 0)}/${formatNumber(a.questionCount)}`}
                      {a.disqualifiedAt !== null && <span className="block text-red-800">bị loại</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
