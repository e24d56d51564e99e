import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { AttemptHeader } from "#app/components/attempt-header.tsx";
import { QuestionFieldset } from "#app/components/question-fieldset.tsx";
import { SlotNavigator } from "#app/components/slot-navigator.tsx";
import { useAnswerAutosave } from "#app/components/use-answer-autosave.ts";
import { AnswerRefusedError, getQuestionForResident, saveAnswer } from "#app/models/attempts.server.ts";
import { readAnswerForm } from "#app/utils/attempt-forms.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, idParam, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Câu ${data.question.slot}/${data.attempt.questionCount} — ${data.attempt.contestTitle}`
      : "Bài thi",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const { attempt, question } = await orUserErrorResponse(
    getQuestionForResident(attemptId, user.id, idParam(params.slot)),
  );
  if (attempt.status === "submitted") throw redirect(`/bai-thi/${attemptId}/ket-qua`);
  // Set by the action after a plain form post, so a resident without JavaScript also sees the answer is safe.
  const savedSlot = Number(new URL(request.url).searchParams.get("da-luu"));
  return {
    attempt,
    question,
    remainingMs: attempt.deadlineAt - Date.now(),
    savedSlot:
      Number.isInteger(savedSlot) && savedSlot >= 1 && savedSlot <= attempt.questionCount ? savedSlot : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const slot = idParam(params.slot);
  const parsed = readAnswerForm(await readForm(request), slot);
  if (!parsed.success) return data({ error: "Câu trả lời không hợp lệ. Hãy chọn lại." }, { status: 400 });
  try {
    await saveAnswer(attemptId, user.id, slot, parsed.data.choice);
  } catch (error) {
    // Too late or already submitted: the attempt is over, so show its result with the reason, as a code.
    if (error instanceof AnswerRefusedError)
      return redirect(`/bai-thi/${attemptId}/ket-qua?khong-luu=${error.code}`);
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  const go = parsed.data.go;
  const saved = parsed.data.choice.length ? `?da-luu=${slot}` : "";
  if (go === "luu") return redirect(`/bai-thi/${attemptId}/cau/${slot}${saved}`);
  return redirect(
    typeof go === "number" ? `/bai-thi/${attemptId}/cau/${go}${saved}` : `/bai-thi/${attemptId}/${go}`,
  );
}

export default function QuestionPage() {
  const data = useLoaderData<typeof loader>();
  // A fresh screen per question, so the save status of one question never shows on the next.
  return <QuestionScreen key={data.question.slot} {...data} />;
}

function QuestionScreen({
  attempt,
  question,
  remainingMs,
  savedSlot,
}: ReturnType<typeof useLoaderData<typeof loader>>) {
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const formRef = useRef<HTMLFormElement>(null);
  const { status, refusal, save } = useAnswerAutosave(attempt.id, question.slot, question.chosen.length > 0);
  const isLast = question.slot === attempt.questionCount;
  // Homework has no prediction question: its last question leads to submitting.
  const after = attempt.contestKind === "homework" ? "nop-bai" : "du-doan";
  const error = actionData?.error ?? refusal;

  function onChoiceChange() {
    const form = formRef.current;
    if (!form) return;
    void save(new FormData(form).getAll("choice").map(Number));
  }

  return (
    <div>
      <AttemptHeader attempt={attempt} remainingMs={remainingMs} graceMs={attempt.graceMs} />
      <Form method="post" ref={formRef} key={question.slot} replace>
        <input type="hidden" name="slot" value={question.slot} />
        <p className="font-semibold text-brand-700">
          Câu {question.slot}/{attempt.questionCount}
        </p>
        <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden>
          <div
            className="h-full bg-brand-600"
            style={{ width: `${(question.slot / attempt.questionCount) * 100}%` }}
          />
        </div>
        <QuestionFieldset question={question} chosen={question.chosen} onChoiceChange={onChoiceChange} />
        <p className="mt-3 min-h-6 text-[15px]" role="status" aria-live="polite">
          {status === "idle" && savedSlot && savedSlot !== question.slot && (
            <span className="text-green-800">✓ Đã lưu câu {savedSlot}</span>
          )}
          {status === "saving" && "Đang lưu…"}
          {status === "saved" && <span className="text-green-800">✓ Đã lưu</span>}
          {status === "offline" && (
            <span className="font-medium text-amber-800">
              Mất kết nối — câu trả lời sẽ được gửi lại khi có mạng.
            </span>
          )}
          {status === "busy" && (
            <span className="font-medium text-amber-800">
              Chưa lưu được — câu trả lời sẽ được gửi lại sau ít giây.
            </span>
          )}
        </p>
        {error && (
          <div role="alert" className="mt-2 rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {error}{" "}
            <Link to={`/bai-thi/${attempt.id}/ket-qua`} className="underline">
              Xem kết quả
            </Link>
          </div>
        )}
        <div className="mt-4 flex gap-3">
          {question.slot > 1 && (
            <button type="submit" name="go" value={question.slot - 1} className="btn-secondary flex-1">
              Câu trước
            </button>
          )}
          <button
            type="submit"
            name="go"
            value={isLast ? after : question.slot + 1}
            className="btn-primary flex-[2]"
            disabled={submitting}
          >
            {isLast ? (after === "nop-bai" ? "Nộp bài" : "Câu dự đoán") : "Câu tiếp theo"}
          </button>
        </div>
        <SlotNavigator
          count={attempt.questionCount}
          current={question.slot}
          answered={attempt.answeredSlots}
        />
        <button type="submit" name="go" value="nop-bai" className="btn-secondary mt-6 w-full">
          Nộp bài
        </button>
      </Form>
    </div>
  );
}
