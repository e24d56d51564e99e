import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attemptsLeft } from "#app/domain/timing.ts";
import { getRoundProgress, startAttempt } from "#app/models/attempts.server.ts";
import {
  contestPageView,
  currentRound,
  getPublicContest,
  getPublishedContest,
} from "#app/models/contests.server.ts";
import { ContestDetails, ContestIntro } from "#app/components/contest-overview.tsx";
import { getUser, requireUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { data, invariantResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.contest.title} — Công dân số` : "Cuộc thi — Công dân số" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const contest = await getPublicContest(params.slug ?? "");
  invariantResponse(contest, "Không tìm thấy cuộc thi này.");
  const now = Date.now();
  const user = await getUser(request);
  const round = currentRound(contest.rounds, now);
  const progress = user && round ? await getRoundProgress(user.id, round.id, now) : null;
  const view = await contestPageView(contest, now);
  return {
    now,
    contest: { ...view.contest, slug: contest.slug },
    round: view.round,
    signedIn: user !== null,
    progress: progress && {
      openAttemptId: progress.openAttemptId,
      left: attemptsLeft(contest.rules, progress.starts, now),
      submitted: progress.submitted,
      bestAttemptId: progress.best?.attemptId ?? null,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const contest = await getPublishedContest(params.slug ?? "");
  invariantResponse(contest, "Không tìm thấy cuộc thi này.");
  const round = currentRound(contest.rounds, Date.now());
  invariantResponse(round, "Cuộc thi chưa có tuần thi nào.");
  try {
    const attemptId = await startAttempt(user.id, round.id, Date.now(), Math.random, context.clientIp);
    return redirect(`/bai-thi/${attemptId}`);
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function ContestPage() {
  const { contest, round, signedIn, progress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const rules = contest.rules;
  return (
    <div className="space-y-5">
      <ContestIntro contest={contest} />
      {contest.status === "archived" && (
        <p role="status" className="card font-medium">
          Cuộc thi đã kết thúc và được lưu trữ. Bạn vẫn xem được lịch thi, thể lệ và bảng xếp hạng.
        </p>
      )}

      <section className="card space-y-3" aria-labelledby="round-heading">
        {round ? (
          <>
            <h2 id="round-heading" className="text-xl font-bold">
              Tuần {round.number}
              {round.state === "open" ? " đang mở" : round.state === "upcoming" ? " sắp mở" : " đã kết thúc"}
            </h2>
            <p>
              {round.state === "upcoming"
                ? `Mở lúc ${formatDateTime(round.opensAt)}.`
                : `Đóng lúc ${formatDateTime(round.closesAt)}.`}
            </p>
            {actionData?.error && (
              <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
                {actionData.error}
              </p>
            )}
            {round.state !== "open" || contest.status === "archived" ? null : !signedIn ? (
              <p className="flex flex-wrap gap-3">
                <Link to={`/dang-nhap?redirectTo=/cuoc-thi/${contest.slug}`} className="btn-primary">
                  Đăng nhập để thi
                </Link>
                <Link to={`/dang-ky?redirectTo=/cuoc-thi/${contest.slug}`} className="btn-secondary">
                  Đăng ký
                </Link>
              </p>
            ) : progress?.openAttemptId ? (
              <Link to={`/bai-thi/${progress.openAttemptId}`} className="btn-primary w-full">
                Làm tiếp bài đang thi
              </Link>
            ) : progress && progress.left > 0 ? (
              <Form method="post">
                <p className="mb-3">
                  Bạn còn <strong>{progress.left}</strong> lượt thi. Mỗi lượt {rules.questionsPerAttempt} câu
                  trong {Math.round(rules.timeLimitSeconds / 60)} phút; giờ bắt đầu tính khi bạn bấm nút.
                </p>
                <button type="submit" className="btn-primary w-full" disabled={navigation.state !== "idle"}>
                  Bắt đầu thi
                </button>
              </Form>
            ) : (
              <p className="font-medium">Bạn đã dùng hết lượt thi của tuần này.</p>
            )}
            {progress && progress.submitted.length > 0 && (
              <div>
                <h3 className="font-semibold">Các lượt bạn đã thi</h3>
                <ul className="mt-1 space-y-1">
                  {progress.submitted.map((a, i) => (
                    <li key={a.id}>
                      <Link to={`/bai-thi/${a.id}/ket-qua`} className="text-brand-700 underline">
                        Lượt {i + 1}: {a.score}/{rules.questionsPerAttempt} điểm
                      </Link>
                      {a.id === progress.bestAttemptId && (
                        <span className="ml-2 text-[15px] text-green-800">(lượt được tính)</span>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        ) : (
          <h2 id="round-heading">Chưa có tuần thi nào.</h2>
        )}
        <Link to={`/cuoc-thi/${contest.slug}/bang-xep-hang`} reloadDocument className="btn-secondary w-full">
          Bảng xếp hạng
        </Link>
        {contest.rounds.some((r) => r.predictionActual !== null) && (
          <Link to={`/cuoc-thi/${contest.slug}/ket-qua`} className="btn-secondary w-full">
            Kết quả và giải thưởng
          </Link>
        )}
        <p className="text-center text-[15px]">
          Chưa tự tin?{" "}
          <Link to="/luyen-tap" className="font-semibold text-brand-700 underline">
            Luyện tập trước
          </Link>{" "}
          (không tính điểm).
        </p>
      </section>

      <ContestDetails contest={contest} />
    </div>
  );
}
