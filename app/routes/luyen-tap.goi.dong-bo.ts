import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { SYNC_MAX_ANSWERS } from "#app/domain/practice-pack.ts";
import { recordOfflineAnswers } from "#app/models/practice-packs.server.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

// The answers given offline, sent by the page script (app/utils/offline-practice.ts) once the phone is back
// online: a form with one field, `cau-tra-loi`, holding the queue as JSON. Answers with JSON.

// Syncs per resident and minute: a page sends its queue on load and when the network returns.
const SYNCS_PER_MINUTE = 20;

const answerSchema = z
  .object({
    questionId: z.string().min(1).max(100),
    revisionId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    choiceIds: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(10),
    answeredAt: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
const queueSchema = z.array(answerSchema).min(1).max(SYNC_MAX_ANSWERS);

const reply = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

function parseQueue(raw: FormDataEntryValue | null) {
  if (typeof raw !== "string") return null;
  try {
    const parsed = queueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  // The phone keeps its queue until someone signs in (decision 025).
  if (!user)
    return reply(401, { error: "Hãy đăng nhập để các câu đã làm ngoại tuyến được tính điểm kinh nghiệm." });
  const answers = parseQueue((await readForm(request)).get("cau-tra-loi"));
  if (!answers)
    return reply(400, {
      error: `Danh sách câu trả lời không hợp lệ: cần từ 1 đến ${SYNC_MAX_ANSWERS} câu, mỗi câu có mã câu hỏi, đáp án đã chọn và thời điểm trả lời.`,
    });
  if (!hitWindow(`practice-sync:user:${user.id}`, SYNCS_PER_MINUTE, 60_000).allowed)
    return reply(429, { error: "Bạn đã gửi quá nhiều lần trong một phút. Hãy đợi một phút rồi thử lại." });
  try {
    return reply(200, await recordOfflineAnswers(user.id, answers, Date.now()));
  } catch (error) {
    if (error instanceof UserError) return reply(error.status, { error: error.message });
    throw error;
  }
}
