import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData, useNavigation } from "@remix-run/react";
import { AttemptHeader } from "#app/components/attempt-header.tsx";
import { getAttemptHeader, submitAttempt } from "#app/models/attempts.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Nộp bài — Công dân số" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attempt = await orUserErrorResponse(getAttemptHeader(idParam(params.attemptId), user.id));
  if (attempt.status === "submitted") throw redirect(`/bai-thi/${attempt.id}/ket-qua`);
  const answered = new Set(attempt.answeredSlots);
  const unanswered = Array.from({ length: attempt.questionCount }, (_, i) => i + 1).filter(
    (slot) => !answered.has(slot),
  );
  return { attempt, unanswered, remainingMs: attempt.deadlineAt - Date.now() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  await orUserErrorResponse(submitAttempt(attemptId, user.id));
  return redirect(`/bai-thi/${attemptId}/ket-qua`);
}

export default function SubmitPage() {
  const { attempt, unanswered, remainingMs } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div>
      <AttemptHeader attempt={attempt} remainingMs={remainingMs} graceMs={attempt.graceMs} />
      <div className="card space-y-4">
        <h1 className="text-xl font-bold">Bạn chắc chắn muốn nộp bài?</h1>
        {unanswered.length > 0 ? (
          <p className="font-medium text-amber-900">
            Bạn còn {unanswered.length} câu chưa trả lời:{" "}
            {unanswered.map((slot, i) => (
              <span key={slot}>
                {i > 0 && ", "}
                <Link to={`/bai-thi/${attempt.id}/cau/${slot}`} className="underline">
                  câu {slot}
                </Link>
              </span>
            ))}
            .
          </p>
        ) : (
          <p>Bạn đã trả lời tất cả {attempt.questionCount} câu.</p>
        )}
        {attempt.prediction === null && attempt.contestKind === "contest" && (
          <p className="font-medium text-amber-900">
            Bạn chưa trả lời{" "}
            <Link to={`/bai-thi/${attempt.id}/du-doan`} className="underline">
              câu hỏi dự đoán
            </Link>
            .
          </p>
        )}
        <p>Sau khi nộp, bạn không sửa được câu trả lời.</p>
        <Form method="post" className="flex gap-3">
          <Link to={`/bai-thi/${attempt.id}`} className="btn-secondary flex-1">
            Làm tiếp
          </Link>
          <button
            type="submit"
            name="confirm"
            value="nop"
            className="btn-primary flex-[2]"
            disabled={navigation.state !== "idle"}
          >
            Nộp bài
          </button>
        </Form>
      </div>
    </div>
  );
}
