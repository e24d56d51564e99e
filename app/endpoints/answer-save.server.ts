// The background answer save (POST /bai-thi/:id/luu), the busiest request of a contest, served before Remix:
// the profile showed Remix's request pipeline (a fetch Request per request, route matching, single fetch)
// costing several times the save itself. It runs behind the same guards (Origin, body type and size), uses
// the same session check, form schema and model function (which also counts the rate limit) as any Remix action, and answers in
// the JSON the question page's script reads. The no-JavaScript form still posts to the question page's action.
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { saveAnswer } from "#app/models/attempts.server.ts";
import { readAnswerForm } from "#app/utils/attempt-forms.server.ts";
import { cookiesAreSecure, sessionFromCookies } from "#app/utils/auth.server.ts";
import { ANSWER_SAVE_PATH } from "#app/utils/http-guards.server.ts";
import { UserError } from "#app/utils/errors.ts";

/** An answer form is a slot and at most six choices: a few dozen bytes. */
const ANSWER_BODY_LIMIT = 4096;

export { ANSWER_SAVE_PATH };

function reply(res: ExpressResponse, status: number, body: object) {
  res.status(status).set("Cache-Control", "no-store").json(body);
}

/** The body as text, or null when it grows past the limit (a chunked body declares no length). */
function readSmallBody(req: ExpressRequest): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > ANSWER_BODY_LIMIT) {
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The script sends URL-encoded forms; a page loaded before it did so may still send multipart. */
async function parseForm(req: ExpressRequest, body: Buffer): Promise<Pick<FormData, "get" | "getAll">> {
  if (req.is("application/x-www-form-urlencoded")) return new URLSearchParams(body.toString("utf8"));
  try {
    return await new Response(new Uint8Array(body), {
      headers: { "Content-Type": req.get("Content-Type") ?? "" },
    }).formData();
  } catch {
    return new URLSearchParams();
  }
}

export async function answerSaveEndpoint(req: ExpressRequest, res: ExpressResponse): Promise<void> {
  const attemptId = Number(ANSWER_SAVE_PATH.exec(req.path)?.[1]);
  const session = await sessionFromCookies(
    req.get("Cookie") ?? null,
    cookiesAreSecure({ url: `${req.protocol}://${req.hostname || "localhost"}/` }),
  );
  if (!session) return reply(res, 401, { error: "Phiên đăng nhập đã hết. Hãy đăng nhập lại." });
  if (session.setCookie) res.append("Set-Cookie", session.setCookie);
  const body = await readSmallBody(req);
  if (body === null) {
    res.set("Connection", "close");
    return reply(res, 413, { error: "Dữ liệu gửi lên quá lớn." });
  }
  const parsed = readAnswerForm(await parseForm(req, body));
  if (!parsed.success || !Number.isSafeInteger(attemptId))
    return reply(res, 400, { error: "Câu trả lời không hợp lệ." });
  try {
    await saveAnswer(attemptId, session.user.id, parsed.data.slot, parsed.data.choice);
    reply(res, 200, { saved: true });
  } catch (error) {
    if (error instanceof UserError) return reply(res, error.status, { error: error.message });
    throw error;
  }
}
