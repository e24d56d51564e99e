// The background answer save (POST /bai-thi/:id/luu), the busiest request of a contest, answered from the HTTP
// server's request event (server.ts): the profile showed Remix's request pipeline (a fetch Request per request,
// route matching, single fetch), then Express's middleware chain, costing several times the save itself. It
// applies the same guards (`acceptFormPost`: Origin, body type and size; the same security headers), the same
// session check, form schema and model function (which also counts the rate limit) as any Remix action, and
// answers in the JSON the question page's script reads. The no-JavaScript form still posts to the question
// page's action.
import type { IncomingMessage, ServerResponse } from "node:http";
import { saveAnswer } from "#app/models/attempts.server.ts";
import { readAnswerForm } from "#app/utils/attempt-forms.server.ts";
import { cookiesAreSecure, sessionFromCookies } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { acceptFormPost, reply, targetPath } from "./http.server.ts";

/** Where the question page's script saves an answer in the background (use-answer-autosave.ts). */
export const ANSWER_SAVE_PATH = /^\/bai-thi\/(\d{1,15})\/luu$/;

/** An answer form is a slot and at most six choices: a few dozen bytes. */
const answerBodyLimit = { bytes: 4096, message: "Dữ liệu gửi lên quá lớn." };

/** Serves POST /bai-thi/:id/luu; `trustProxy` is the number of proxy hops in front (TRUST_PROXY). */
export async function answerSaveEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: number,
): Promise<void> {
  const post = acceptFormPost(req, res, trustProxy, answerBodyLimit);
  if (!post) return;
  const { secure } = post;
  const session = await sessionFromCookies(
    req.headers.cookie ?? null,
    cookiesAreSecure({ url: `${post.origin}/` }),
  );
  if (!session) return reply(res, secure, 401, { error: "Phiên đăng nhập đã hết. Hãy đăng nhập lại." });
  if (session.setCookie) res.setHeader("Set-Cookie", session.setCookie);
  const form = await post.readForm();
  if (!form) return;
  const attemptId = Number(ANSWER_SAVE_PATH.exec(targetPath(req.url))?.[1]);
  const parsed = readAnswerForm(form);
  if (!parsed.success || !Number.isSafeInteger(attemptId))
    return reply(res, secure, 400, { error: "Câu trả lời không hợp lệ." });
  try {
    await saveAnswer(attemptId, session.user.id, parsed.data.slot, parsed.data.choice);
    reply(res, secure, 200, { saved: true });
  } catch (error) {
    if (error instanceof UserError) return reply(res, secure, error.status, { error: error.message });
    throw error;
  }
}
