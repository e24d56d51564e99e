import type { ActionFunctionArgs } from "@remix-run/node";
import { saveAnswer } from "#app/models/attempts.server.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { allowAnswerSave, readAnswerForm, TOO_MANY_SAVES } from "#app/utils/attempt-forms.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { idParam, readForm } from "#app/utils/http.server.ts";

/** Background save of one answer, sent by the question page's script as soon as a choice is tapped. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ error: "Phiên đăng nhập đã hết. Hãy đăng nhập lại." }, { status: 401 });
  if (!allowAnswerSave(user.id)) return Response.json({ error: TOO_MANY_SAVES }, { status: 429 });
  const parsed = readAnswerForm(await readForm(request));
  if (!parsed.success) return Response.json({ error: "Câu trả lời không hợp lệ." }, { status: 400 });
  try {
    await saveAnswer(idParam(params.attemptId), user.id, parsed.data.slot, parsed.data.choice);
    return Response.json({ saved: true });
  } catch (error) {
    if (error instanceof UserError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
