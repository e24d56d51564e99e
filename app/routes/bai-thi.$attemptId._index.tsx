import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getAttemptHeader } from "#app/models/attempts.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

/** Resuming an attempt (after a reload, a closed tab or a restart): go to the first unanswered question. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const attempt = await orUserErrorResponse(getAttemptHeader(attemptId, user.id));
  if (attempt.status === "submitted") return redirect(`/bai-thi/${attemptId}/ket-qua`);
  const answered = new Set(attempt.answeredSlots);
  for (let slot = 1; slot <= attempt.questionCount; slot++)
    if (!answered.has(slot)) return redirect(`/bai-thi/${attemptId}/cau/${slot}`);
  // Homework has no prediction question: back to its last question.
  return redirect(
    attempt.contestKind === "homework"
      ? `/bai-thi/${attemptId}/cau/${attempt.questionCount}`
      : `/bai-thi/${attemptId}/du-doan`,
  );
}
