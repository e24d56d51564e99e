import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { UnitRanking, WinnersTable } from "#app/components/results-tables.tsx";
import { getPublicContest } from "#app/models/contests.server.ts";
import { closedRounds, listWinners, unitRanking } from "#app/models/results.server.ts";
import { formatDate, formatNumber } from "#app/utils/format.ts";
import { invariantResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Kết quả${data.round ? ` tuần ${data.round.number}` : ""} — ${data.contest.title}`
      : "Kết quả cuộc thi",
  },
];

const querySchema = z.object({ vong: z.coerce.number().int().min(1).max(1000).optional() });

// Public: names, communes and districts only; phone numbers and birth years never leave the console.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const contest = await getPublicContest(params.slug ?? "");
  invariantResponse(contest, "Không tìm thấy cuộc thi này.");
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = querySchema.safeParse(search);
  invariantResponse(parsed.success, "Đường dẫn trang kết quả không hợp lệ.", 400);
  const closed = await closedRounds(contest.id);
  const round = parsed.data.vong === undefined ? null : closed.find((r) => r.number === parsed.data.vong);
  invariantResponse(parsed.data.vong === undefined || round, "Tuần thi này chưa có kết quả.");
  const shown = round ? [round] : closed;
  return {
    contest: { slug: contest.slug, title: contest.title },
    rounds: closed.map((r) => ({ number: r.number, closesAt: r.closesAt })),
    round: round && { number: round.number, predictionActual: round.predictionActual },
    winners: await Promise.all(
      shown.map(async (r) => ({
        number: r.number,
        rows: (await listWinners(r.id)).map(({ userId: _u, attemptId: _a, ...w }) => w),
      })),
    ),
    ranking: await unitRanking(shown.map((r) => r.id)),
  };
}

export default function Results() {
  const { contest, rounds, round, winners, ranking } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <p>
          <Link to={`/cuoc-thi/${contest.slug}`} className="font-semibold text-brand-700 underline">
            {contest.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{round ? `Kết quả tuần ${round.number}` : "Kết quả cuộc thi"}</h1>
      </div>
      {rounds.length === 0 ? (
        <p className="card">Chưa có tuần thi nào kết thúc. Kết quả được công bố khi tuần thi đóng.</p>
      ) : (
        <>
          <nav aria-label="Chọn tuần" className="flex flex-wrap gap-2">
            <Link
              to={`/cuoc-thi/${contest.slug}/ket-qua`}
              aria-current={round ? undefined : "page"}
              className={round ? "btn-secondary" : "btn-primary"}
            >
              Cả cuộc thi
            </Link>
            {rounds.map((r) => (
              <Link
                key={r.number}
                to={`/cuoc-thi/${contest.slug}/ket-qua?vong=${r.number}`}
                aria-current={round?.number === r.number ? "page" : undefined}
                className={round?.number === r.number ? "btn-primary" : "btn-secondary"}
              >
                Tuần {r.number}
              </Link>
            ))}
          </nav>
          {round && <p>Con số thực của câu dự đoán: {formatNumber(round.predictionActual ?? 0)}.</p>}
          {winners.map((w) => (
            <section key={w.number} aria-labelledby={`winners-${w.number}`} className="space-y-2">
              <h2 id={`winners-${w.number}`} className="text-xl font-bold">
                Người đoạt giải tuần {w.number}
                <span className="ml-2 text-base font-normal text-slate-600">
                  (đóng {formatDate(rounds.find((r) => r.number === w.number)!.closesAt)})
                </span>
              </h2>
              <WinnersTable winners={w.rows} caption={`Người đoạt giải tuần ${w.number}`} />
            </section>
          ))}
          <section aria-labelledby="collective" className="space-y-2">
            <h2 id="collective" className="text-xl font-bold">
              Xếp hạng tập thể{round ? ` tuần ${round.number}` : " cả cuộc thi"}
            </h2>
            {!round && rounds.length > 1 && (
              <p className="text-slate-700">Điểm của đơn vị cộng qua các tuần đã kết thúc.</p>
            )}
            <UnitRanking rows={ranking} limit={20} />
          </section>
        </>
      )}
    </div>
  );
}
