import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getPracticeSummary, practiceTokenPattern } from "#app/models/practice.server.ts";
import { invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [
  { title: "Kết quả luyện tập — Công dân số" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const token = z.string().regex(practiceTokenPattern).safeParse(params.token);
  invariantResponse(token.success, "Không tìm thấy lượt luyện tập này. Hãy chọn chủ đề và bắt đầu lại.");
  const summary = await orUserErrorResponse(getPracticeSummary(token.data));
  return { token: token.data, ...summary };
}

export default function PracticeSummaryPage() {
  const { token, topicId, topicName, count, answered, correct, rows } = useLoaderData<typeof loader>();
  const submitting = useSubmitting();
  const firstUnanswered = rows.find((r) => !r.answered);
  return (
    <div className="space-y-5">
      <section className="card text-center">
        <p className="text-[15px] text-slate-600">Luyện tập · {topicName}</p>
        <h1 className="mt-1 text-xl font-bold">
          Bạn trả lời đúng {correct}/{count} câu
        </h1>
        <p className="mt-2 text-slate-700">
          {correct === count
            ? "Tuyệt vời! Bạn đã trả lời đúng tất cả."
            : "Đọc lại giải thích bên dưới để nhớ lâu hơn. Luyện tập không tính điểm."}
        </p>
        {firstUnanswered && (
          <p className="mt-2 font-medium text-amber-900">
            Bạn còn {count - answered} câu chưa trả lời.{" "}
            <Link to={`/luyen-tap/${token}/${firstUnanswered.slot}`} className="underline">
              Trả lời tiếp
            </Link>
          </p>
        )}
        <div className="mt-4 space-y-3">
          <Form method="post" action="/luyen-tap?index">
            <input type="hidden" name="topic" value={topicId} />
            <button type="submit" className="btn-primary w-full" disabled={submitting}>
              Luyện tập lại chủ đề này
            </button>
          </Form>
          <Link to="/luyen-tap" className="btn-secondary w-full">
            Chọn chủ đề khác
          </Link>
        </div>
      </section>

      <section aria-labelledby="review-heading">
        <h2 id="review-heading" className="text-xl font-bold">
          Các câu hỏi
        </h2>
        <ol className="mt-3 space-y-4">
          {rows.map((row) => (
            <li key={row.slot} className="card">
              <p
                className={`font-semibold ${
                  !row.answered ? "text-slate-700" : row.correct ? "text-green-800" : "text-red-800"
                }`}
              >
                Câu {row.slot}: {!row.answered ? "Chưa trả lời" : row.correct ? "✓ Đúng" : "✗ Chưa đúng"}
              </p>
              <p className="mt-1 font-medium">{row.text}</p>
              {row.explanation !== null ? (
                <p className="mt-2">
                  <strong>Giải thích:</strong> {row.explanation}
                </p>
              ) : (
                <Link
                  to={`/luyen-tap/${token}/${row.slot}`}
                  className="mt-2 inline-flex min-h-12 items-center font-semibold text-brand-700 underline"
                >
                  Trả lời câu này
                </Link>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
