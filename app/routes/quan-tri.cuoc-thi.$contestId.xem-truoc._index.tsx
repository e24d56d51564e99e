import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ContestDetails, ContestIntro } from "#app/components/contest-overview.tsx";
import { contestPageView, getManageableContest } from "#app/models/contests.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Xem như người dự thi — Quản trị" }];

// The contest page as residents get it (same components), also for drafts; nothing here can start an attempt.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const view = await contestPageView(contest, Date.now());
  return { ...view, contest: { ...view.contest, id: contest.id } };
}

export default function ContestPreview() {
  const { contest, round } = useLoaderData<typeof loader>();
  const rules = contest.rules;
  return (
    <div className="space-y-4">
      <div className="max-w-3xl space-y-2">
        <h1 className="text-2xl font-bold">Xem như người dự thi</h1>
        <p role="note" className="rounded-lg bg-amber-50 p-3 text-amber-900">
          Bản xem trước{contest.status === "draft" ? " của bản nháp: người dân chưa thấy trang này" : ""}.
          Khung dưới đây có bề ngang một chiếc điện thoại.{" "}
          <Link to={`/quan-tri/cuoc-thi/${contest.id}`} className="font-semibold underline">
            Quay lại sửa
          </Link>
        </p>
      </div>
      <div className="mx-auto max-w-[400px] space-y-5 rounded-2xl bg-slate-50 p-4 ring-1 ring-slate-300">
        <ContestIntro contest={contest} />
        <section className="card space-y-3" aria-labelledby="round-heading">
          {round ? (
            <>
              <h2 id="round-heading" className="text-xl font-bold">
                Tuần {round.number}
                {round.state === "open"
                  ? " đang mở"
                  : round.state === "upcoming"
                    ? " sắp mở"
                    : " đã kết thúc"}
              </h2>
              <p>
                {round.state === "upcoming"
                  ? `Mở lúc ${formatDateTime(round.opensAt)}.`
                  : `Đóng lúc ${formatDateTime(round.closesAt)}.`}
              </p>
              <p className="mb-3">
                Mỗi lượt {rules.questionsPerAttempt} câu trong {Math.round(rules.timeLimitSeconds / 60)} phút;
                giờ bắt đầu tính khi bấm nút.
              </p>
              <Link to="bai-mau" className="btn-primary w-full">
                Làm thử một bài mẫu
              </Link>
            </>
          ) : (
            <h2 id="round-heading">Chưa có tuần thi nào.</h2>
          )}
        </section>
        <ContestDetails contest={contest} />
      </div>
    </div>
  );
}
