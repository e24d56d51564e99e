import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { AttemptHeader } from "#app/components/attempt-header.tsx";
import { AnswerRefusedError, getAttemptHeader, savePrediction } from "#app/models/attempts.server.ts";
import { predictionFormSchema } from "#app/utils/attempt-forms.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, idParam, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Câu hỏi dự đoán — Công dân số" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attempt = await orUserErrorResponse(getAttemptHeader(idParam(params.attemptId), user.id));
  if (attempt.status === "submitted") throw redirect(`/bai-thi/${attempt.id}/ket-qua`);
  return { attempt, remainingMs: attempt.deadlineAt - Date.now() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const formData = await readForm(request);
  const parsed = predictionFormSchema.safeParse({
    prediction: formData.get("prediction"),
    go: formData.get("go") ?? undefined,
  });
  if (!parsed.success) {
    return data(
      {
        error: parsed.error.issues[0]?.message ?? "Hãy nhập một số.",
        value: String(formData.get("prediction") ?? ""),
      },
      { status: 400 },
    );
  }
  try {
    await savePrediction(attemptId, user.id, parsed.data.prediction);
  } catch (error) {
    if (error instanceof AnswerRefusedError)
      return redirect(`/bai-thi/${attemptId}/ket-qua?khong-luu=${error.code}`);
    if (error instanceof UserError)
      return data({ error: error.message, value: String(parsed.data.prediction) }, { status: error.status });
    throw error;
  }
  return redirect(
    parsed.data.go === "quay-lai" ? `/bai-thi/${attemptId}/cau/1` : `/bai-thi/${attemptId}/nop-bai`,
  );
}

export default function PredictionPage() {
  const { attempt, remainingMs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div>
      <AttemptHeader attempt={attempt} remainingMs={remainingMs} graceMs={attempt.graceMs} />
      <Form method="post" className="space-y-4">
        <p className="font-semibold text-brand-700">Câu hỏi dự đoán</p>
        <label htmlFor="prediction" className="block text-[19px] font-semibold leading-relaxed">
          {attempt.predictionQuestion}
        </label>
        <p className="text-[15px] text-slate-600">
          Câu này không tính điểm. Khi nhiều người bằng điểm, ai dự đoán gần đúng nhất sẽ xếp trên.
        </p>
        <input
          id="prediction"
          name="prediction"
          type="number"
          inputMode="numeric"
          min={0}
          max={attempt.predictionMax}
          required
          defaultValue={actionData?.value ?? attempt.prediction ?? ""}
          aria-invalid={actionData?.error ? true : undefined}
          aria-describedby={actionData?.error ? "prediction-error" : undefined}
          className="field-input text-xl"
        />
        {actionData?.error && (
          <p id="prediction-error" role="alert" className="field-error">
            {actionData.error}
          </p>
        )}
        <div className="flex gap-3">
          <button type="submit" name="go" value="quay-lai" className="btn-secondary flex-1" formNoValidate>
            Xem lại câu hỏi
          </button>
          <button type="submit" name="go" value="nop-bai" className="btn-primary flex-[2]">
            Lưu và nộp bài
          </button>
        </div>
      </Form>
    </div>
  );
}
