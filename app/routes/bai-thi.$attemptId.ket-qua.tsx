import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, redirect, useLoaderData } from "@remix-run/react";
import { QuestionImage } from "#app/components/question-image.tsx";
import { ResultSharing } from "#app/components/result-sharing.tsx";
import { AttemptProgressCard } from "#app/components/attempt-progress.tsx";
import { answerRefusal, getAttemptResult } from "#app/models/attempts.server.ts";
import { resultSharing } from "#app/models/certificates.server.ts";
import { getAttemptProgress } from "#app/models/progress.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { formatDateTime, formatDuration, formatNumber } from "#app/utils/format.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Kết quả bài thi — Công dân số" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const result = await orUserErrorResponse(getAttemptResult(attemptId, user.id));
  // Still open (time left): the result comes after submitting.
  if (!result) throw redirect(`/bai-thi/${attemptId}/nop-bai`);
  // Why the last answer was not saved, when the question page sent the resident here: a code for one of our
  // fixed messages, so no text from the address ever reaches the page.
  const code = new URL(request.url).searchParams.get("khong-luu") ?? "";
  // XP belongs to the resident: a helper who took the attempt with them does not see their own here.
  const progress =
    result.disqualification || result.assisted?.viewer === "helper"
      ? null
      : await getAttemptProgress(user.id, attemptId);
  return {
    ...result,
    progress,
    // Certificates and the share link are the resident's own: not offered to a helper, nor for a disqualified
    // attempt (the model offers no certificate then either).
    sharing:
      result.disqualification || result.assisted?.viewer === "helper"
        ? null
        : await resultSharing(attemptId, user.id),
    notice: Object.hasOwn(answerRefusal, code) ? answerRefusal[code as keyof typeof answerRefusal] : null,
  };
}

export default function ResultPage() {
  const { attempt, rank, counts, review, notice, disqualification, assisted, progress, sharing } =
    useLoaderData<typeof loader>();
  const board = `/cuoc-thi/${attempt.contestSlug}/bang-xep-hang?vong=${attempt.roundNumber}`;
  return (
    <div className="space-y-5">
      {notice && (
        <p role="alert" className="rounded-lg bg-amber-100 p-3 font-medium text-amber-950">
          {notice}
        </p>
      )}
      {disqualification && (
        <section role="alert" className="rounded-lg bg-red-50 p-3 text-red-900 ring-1 ring-red-200">
          <h2 className="font-bold">Lượt thi này bị loại</h2>
          <p>
            Ban tổ chức đã loại lượt thi này lúc {formatDateTime(disqualification.at)}, nên nó không được tính
            điểm và không được xét giải.
          </p>
          <p className="mt-1">Lý do: {disqualification.reason}</p>
        </section>
      )}
      {assisted && (
        <p className="rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="assisted-note">
          <strong>Có hỗ trợ: </strong>
          {assisted.viewer === "helper" ? (
            <>
              bạn đã thi cùng {assisted.residentName}; kết quả được tính cho {assisted.residentName}.{" "}
              <Link to="/ho-tro" className="font-semibold text-brand-700 underline">
                Về trang hỗ trợ
              </Link>
            </>
          ) : (
            `bài này bạn làm cùng ${assisted.helperName} (tổ công nghệ số cộng đồng).`
          )}
        </p>
      )}
      <section className="card text-center">
        <h1 className="text-xl font-bold">Bạn đã nộp bài</h1>
        <p className="mt-2 text-4xl font-bold text-brand-700">
          {attempt.score}/{attempt.questionCount}
        </p>
        <p className="text-slate-700">câu trả lời đúng</p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-left">
          <div className="rounded-lg bg-slate-100 p-3">
            <dt className="text-[15px] text-slate-600">Thời gian làm bài</dt>
            <dd className="font-semibold">{formatDuration(attempt.durationMs)}</dd>
          </div>
          {/* Homework has neither a board nor a prediction question. */}
          {attempt.contestKind === "contest" && (
            <>
              <div className="rounded-lg bg-slate-100 p-3">
                <dt className="text-[15px] text-slate-600">Xếp hạng tạm thời</dt>
                <dd className="font-semibold">
                  {rank ? `${formatNumber(rank.rank)}/${formatNumber(rank.of)}` : "—"}
                </dd>
              </div>
              <div className="col-span-2 rounded-lg bg-slate-100 p-3">
                <dt className="text-[15px] text-slate-600">Dự đoán của bạn</dt>
                <dd className="font-semibold">
                  {attempt.prediction === null ? "Chưa trả lời" : formatNumber(attempt.prediction)}
                </dd>
              </div>
            </>
          )}
        </dl>
        <p className="mt-3 text-[15px] text-slate-600">
          Nộp lúc {formatDateTime(attempt.submittedAt)}.{" "}
          {disqualification
            ? "Lượt này không được tính."
            : counts
              ? "Đây là lượt được tính của bạn trong tuần này."
              : "Bạn đã có lượt khác tốt hơn trong tuần này; lượt đó được tính."}
        </p>
        <div className="mt-4 flex flex-wrap justify-center gap-3">
          {attempt.contestKind === "homework" ? (
            <Link to="/lop" className="btn-primary">
              Về lớp học
            </Link>
          ) : (
            <>
              <Link to={board} reloadDocument className="btn-primary">
                Bảng xếp hạng
              </Link>
              <Link to={`/cuoc-thi/${attempt.contestSlug}`} className="btn-secondary">
                Về cuộc thi
              </Link>
            </>
          )}
        </div>
      </section>

      {progress && <AttemptProgressCard {...progress} />}

      {sharing?.offered && (
        <ResultSharing
          attemptId={attempt.id}
          certificates={sharing.certificates}
          shareCode={sharing.shareCode}
          shareText={`Tôi trả lời đúng ${attempt.score}/${attempt.questionCount} câu cuộc thi “${attempt.contestTitle}”.`}
        />
      )}

      {review ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading" className="text-xl font-bold">
            Xem lại đáp án
          </h2>
          <ol className="mt-3 space-y-4">
            {review.map((item) => (
              <li key={item.slot} className="card">
                <p className={`font-semibold ${item.correct ? "text-green-800" : "text-red-800"}`}>
                  Câu {item.slot}: {item.correct ? "✓ Đúng" : "✗ Chưa đúng"}
                </p>
                <p className="mt-1 font-medium">{item.text}</p>
                {item.image && <QuestionImage id={item.image} alt={item.imageAlt} lazy />}
                <ul className="mt-2 space-y-1">
                  {item.choices.map((c, index) => (
                    <li
                      key={index}
                      className={`rounded-lg px-3 py-2 ${c.isCorrect ? "bg-green-50 ring-1 ring-green-700" : c.chosen ? "bg-red-50 ring-1 ring-red-700" : ""}`}
                    >
                      {c.isCorrect ? "✓ " : c.chosen ? "✗ " : ""}
                      {c.text}
                      {c.chosen && <span className="ml-1 text-[15px] text-slate-700">(bạn chọn)</span>}
                      {c.isCorrect && <span className="ml-1 text-[15px] text-green-800">(đáp án đúng)</span>}
                    </li>
                  ))}
                </ul>
                <p className="mt-3">
                  <strong>Giải thích:</strong> {item.explanation}
                </p>
                <p className="mt-1 text-[15px] text-slate-600">Nguồn: {item.source}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <p className="card">Đáp án sẽ được công bố sau khi tuần thi kết thúc.</p>
      )}
    </div>
  );
}
