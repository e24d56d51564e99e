// The background answer save (POST /bai-thi/:id/luu), the busiest request of a contest, answered from the HTTP
// server's request event (server.ts): the profile showed Remix's request pipeline (a fetch Request per request,
// route matching, single fetch), then Express's middleware chain, costing several times the save itself. It
// applies the same guards (`mutationRefusal`: Origin, body type and declared size; the same security headers),
// the same session check, form schema and model function (which also counts the rate limit) as any Remix
// action, and answers in the JSON the question page's script reads. The no-JavaScript form still posts to the
// question page's action.
import type { IncomingMessage, ServerResponse } from "node:http";
import { saveAnswer } from "#app/models/attempts.server.ts";
import { readAnswerForm } from "#app/utils/attempt-forms.server.ts";
import { cookiesAreSecure, sessionFromCookies } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import {
  fixedSecurityHeaders,
  formMediaType,
  mutationRefusal,
  originFrom,
  STRICT_TRANSPORT_SECURITY,
  type BodyLimit,
} from "#app/utils/http-guards.server.ts";

/** An answer form is a slot and at most six choices: a few dozen bytes. */
const answerBodyLimit: BodyLimit = { bytes: 4096, message: "Dữ liệu gửi lên quá lớn." };

/** Where the question page's script saves an answer in the background (use-answer-autosave.ts). */
export const ANSWER_SAVE_PATH = /^\/bai-thi\/(\d{1,15})\/luu$/;

/** The path of a request target (`/bai-thi/7/luu?x` → `/bai-thi/7/luu`). */
export function targetPath(url: string | undefined): string {
  const end = url?.indexOf("?") ?? -1;
  return end === -1 ? (url ?? "") : url!.slice(0, end);
}

/** Answers in JSON; `secure`: the browser reached us over https (HSTS). */
export function reply(res: ServerResponse, secure: boolean, status: number, body: object, close = false) {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  // A JSON answer is never a document: it may load nothing and be framed by nobody.
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  for (const [name, value] of Object.entries(fixedSecurityHeaders)) res.setHeader(name, value);
  if (secure) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  // A body still on its way is not read: closing stops a client sending megabytes.
  if (close) res.setHeader("Connection", "close");
  res.end(JSON.stringify(body));
}

/** The body, or null when it grows past the limit (a chunked body declares no length). */
function readSmallBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > answerBodyLimit.bytes) {
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The script sends URL-encoded forms; a page loaded before it did so may still send multipart. */
async function parseForm(contentType: string, body: Buffer): Promise<Pick<FormData, "get" | "getAll">> {
  if (formMediaType(contentType) === "application/x-www-form-urlencoded")
    return new URLSearchParams(body.toString("utf8"));
  try {
    return await new Response(new Uint8Array(body), { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return new URLSearchParams();
  }
}

/** Serves POST /bai-thi/:id/luu; `trustProxy` is the number of proxy hops in front (TRUST_PROXY). */
export async function answerSaveEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: number,
): Promise<void> {
  const encrypted = "encrypted" in req.socket;
  const origin = originFrom(req.headers, encrypted, trustProxy > 0);
  const secure = origin.startsWith("https:");
  const refusal = mutationRefusal(req.headers, origin, answerBodyLimit);
  if (refusal) return reply(res, secure, refusal.status, { error: refusal.message }, !req.complete);

  const session = await sessionFromCookies(
    req.headers.cookie ?? null,
    cookiesAreSecure({ url: `${origin}/` }),
  );
  if (!session) return reply(res, secure, 401, { error: "Phiên đăng nhập đã hết. Hãy đăng nhập lại." });
  if (session.setCookie) res.setHeader("Set-Cookie", session.setCookie);
  const body = await readSmallBody(req);
  if (body === null) return reply(res, secure, 413, { error: answerBodyLimit.message }, true);
  const attemptId = Number(ANSWER_SAVE_PATH.exec(targetPath(req.url))?.[1]);
  const parsed = readAnswerForm(await parseForm(req.headers["content-type"] ?? "", body));
  if (!parsed.success || !Number.isSafeInteger(attemptId))
    return reply(res, secure, 400, { error: "Câu trả lời không hợp lệ." });
  try {
    await saveAnswer(attemptId, session.user.id, parsed.data.slot, parsed.data.choice);
    reply(res, secure, 200, { saved: true });
  } catch (error) {
    if (error instanceof UserError) return reply(res, secure, error.status, { error: error.message });
    console.error(error);
    reply(res, secure, 500, { error: "Máy chủ đang gặp sự cố. Hãy thử lại sau ít phút." });
  }
}
