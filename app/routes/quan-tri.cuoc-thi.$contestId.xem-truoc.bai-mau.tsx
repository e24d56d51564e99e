import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { QuestionFieldset } from "#app/components/question-fieldset.tsx";
import { NotEnoughQuestionsError, seededRng } from "#app/domain/draw.ts";
import { predictionQuestion } from "#app/domain/rules.ts";
import { drawSampleAttempt, getManageableContest } from "#app/models/contests.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatClock } from "#app/utils/format.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Bài mẫu — Xem như người dự thi" }];

// A sample attempt drawn by the real draw, question by question as residents see it. Nothing is saved: the
// sample is named by its seed (`?mau=`), so moving between questions shows the same draw.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const url = new URL(request.url);
  const seed = Number(url.searchParams.get("mau") ?? Math.floor(Math.random() * 2 ** 31));
  invariantResponse(Number.isSafeInteger(seed) && seed >= 0, "Không tìm thấy bài mẫu.");
  const slot = Number(url.searchParams.get("cau") ?? 1);
  let items;
  try {
    items = await drawSampleAttempt(contest.rules, seededRng(seed));
  } catch (error) {
    if (!(error instanceof NotEnoughQuestionsError)) throw error;
    return {
      contestId: contest.id,
      shortage: error.message,
      seed,
      question: null,
      count: 0,
      title: contest.title,
    };
  }
  const question = items[slot - 1];
  invariantResponse(question, "Không có câu hỏi này trong bài mẫu.");
  return {
    contestId: contest.id,
    shortage: null,
    seed,
    title: contest.title,
    count: items.length,
    question,
    timeLimit: contest.rules.timeLimitSeconds * 1000,
    prediction: predictionQuestion[contest.rules.prediction.kind],
  };
}

export default function SampleAttempt() {
  const data = useLoaderData<typeof loader>();
  const back = `/quan-tri/cuoc-thi/${data.contestId}/xem-truoc`;
  const at = (slot: number) => `?mau=${data.seed}&cau=${slot}`;
  return (
    <div className="space-y-4">
      <p role="note" className="max-w-3xl rounded-lg bg-amber-50 p-3 text-amber-900">
        Bài mẫu rút ngẫu nhiên như một lượt thi thật; không lưu gì, không tính vào bảng xếp hạng.{" "}
        <Link to={back} className="font-semibold underline">
          Về trang cuộc thi
        </Link>{" "}
        ·{" "}
        <Link to="?" className="font-semibold underline">
          Rút bài mẫu khác
        </Link>
      </p>
      <div className="mx-auto max-w-[400px] rounded-2xl bg-white p-4 ring-1 ring-slate-300">
        {!data.question ? (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            Chưa rút được bài: {data.shortage}
          </p>
        ) : (
          <>
            <div className="-mx-4 -mt-4 mb-4 flex items-center justify-between gap-2 rounded-t-2xl bg-brand-800 px-4 py-2 text-white">
              <p className="min-w-0 truncate text-[15px]">{data.title}</p>
              <span className="font-mono">{formatClock(data.timeLimit)}</span>
            </div>
            <Form>
              <p className="font-semibold text-brand-700">
                Câu {data.question.slot}/{data.count}
              </p>
              <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden>
                <div
                  className="h-full bg-brand-600"
                  style={{ width: `${(data.question.slot / data.count) * 100}%` }}
                />
              </div>
              <QuestionFieldset question={data.question} />
            </Form>
            <div className="mt-4 flex gap-3">
              {data.question.slot > 1 && (
                <Link to={at(data.question.slot - 1)} className="btn-secondary flex-1">
                  Câu trước
                </Link>
              )}
              {data.question.slot < data.count ? (
                <Link to={at(data.question.slot + 1)} className="btn-primary flex-[2]">
                  Câu tiếp theo
                </Link>
              ) : (
                <p className="flex-[2] rounded-lg bg-slate-100 p-3">
                  Câu dự đoán cuối bài: “{data.prediction}”
                </p>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
