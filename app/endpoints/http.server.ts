// What the endpoints answered from the HTTP server's request event (server.ts) share: the origin as the browser
// sees it, the same refusals and headers as the Express guards (app/utils/http-guards.server.ts), a small form
// body read with a limit, and JSON answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  fixedSecurityHeaders,
  formMediaType,
  mutationRefusal,
  originFrom,
  STRICT_TRANSPORT_SECURITY,
  type BodyLimit,
} from "#app/utils/http-guards.server.ts";

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
function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Scripts send URL-encoded forms; a page loaded before they did so may still send multipart. */
async function parseForm(contentType: string, body: Buffer): Promise<Pick<FormData, "get" | "getAll">> {
  if (formMediaType(contentType) === "application/x-www-form-urlencoded")
    return new URLSearchParams(body.toString("utf8"));
  try {
    return await new Response(new Uint8Array(body), { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return new URLSearchParams();
  }
}

export type FormPost = {
  /** This site's origin as the browser sees it. */
  origin: string;
  /** The browser reached us over https. */
  secure: boolean;
  /** Reads the form, or answers 413 itself and gives null. */
  readForm: () => Promise<Pick<FormData, "get" | "getAll"> | null>;
};

/**
 * Checks a form POST as the Express guards would (Origin, body type, declared size): answers the refusal itself
 * and gives null, or gives what the endpoint needs to go on. `trustProxy` is TRUST_PROXY's hop count.
 */
export function acceptFormPost(
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: number,
  limit: BodyLimit,
): FormPost | null {
  const origin = originFrom(req.headers, "encrypted" in req.socket, trustProxy > 0);
  const secure = origin.startsWith("https:");
  const refusal = mutationRefusal(req.headers, origin, limit);
  if (refusal) {
    reply(res, secure, refusal.status, { error: refusal.message }, !req.complete);
    return null;
  }
  return {
    origin,
    secure,
    readForm: async () => {
      const body = await readSmallBody(req, limit.bytes);
      if (body === null) {
        reply(res, secure, 413, { error: limit.message }, true);
        return null;
      }
      return parseForm(req.headers["content-type"] ?? "", body);
    },
  };
}

/** A JSON answer for a crash the endpoint did not expect (logged), unless it answered already. */
export function replyServerError(req: IncomingMessage, res: ServerResponse, error: unknown) {
  console.error(error);
  if (!res.headersSent)
    reply(res, false, 500, { error: "Máy chủ đang gặp sự cố. Hãy thử lại sau ít phút." }, !req.complete);
}
