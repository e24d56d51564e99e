// What stands between the network and Remix: proxy trust, security headers with a per-request CSP nonce, the
// same-origin rule for mutations, request body limits (declared and streamed) and the Remix handler that
// enforces them. Kept out of server.ts so integration tests can mount it on a bare Express app.
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { IncomingHttpHeaders } from "node:http";
import type {
  ErrorRequestHandler,
  Express,
  NextFunction,
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from "express";
import { MAX_SHEET_BYTES } from "./question-sheet.server.ts";

/** Ordinary forms (login, answers, registration…) are a few hundred bytes; 64 KB leaves ample room. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** One 5 MB file (a spreadsheet or a question picture: both limits are 5 MB) plus a form's worth of fields. */
export const UPLOAD_BODY_LIMIT = MAX_SHEET_BYTES + FORM_BODY_LIMIT;

export type BodyLimit = { bytes: number; message: string };
const formLimit: BodyLimit = { bytes: FORM_BODY_LIMIT, message: "Dữ liệu gửi lên quá lớn: tối đa 64 KB." };
const uploadLimit: BodyLimit = { bytes: UPLOAD_BODY_LIMIT, message: "Tệp gửi lên quá lớn: tối đa 5 MB." };

/** The route path a request is for: single-fetch requests add `.data` (`/_root.data` for the home page). */
function routePath(req: ExpressRequest): string {
  const path = req.path.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/**
 * The question import (`/quan-tri/cau-hoi/nhap`), the question editor (`moi`, `:id`, and a teacher's own at
 * `/giao-vien/cau-hoi`), the population import (`/quan-tri/don-vi/dan-so`) and a contest's banner
 * (`/quan-tri/cuoc-thi/:id`) take a file upload.
 */
export function bodyLimitFor(req: ExpressRequest): BodyLimit {
  const path = routePath(req);
  return /^\/quan-tri\/cau-hoi\/[^/]+$/.test(path) ||
    path === "/giao-vien/cau-hoi" ||
    // The contest builder: a banner upload on the edit page, up to 20,000 characters of rules text on both.
    /^\/quan-tri\/cuoc-thi\/(\d+|moi)$/.test(path) ||
    path === "/quan-tri/don-vi/dan-so"
    ? uploadLimit
    : formLimit;
}

const readOnlyMethods = new Set(["GET", "HEAD"]);
const remixMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

function escapeHtml(text: string) {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const refusalTitles: Record<number, string> = {
  400: "Yêu cầu không hợp lệ",
  403: "Yêu cầu bị từ chối",
  405: "Thao tác không được hỗ trợ",
  413: "Dữ liệu quá lớn",
  500: "Đã có lỗi xảy ra",
};

function messageFor(status: number) {
  if (status === 405 || status === 400) return "Trang này không nhận thao tác này.";
  if (status === 404) return "Không tìm thấy trang.";
  return "Máy chủ đang gặp sự cố. Hãy thử lại sau ít phút.";
}

/** A script's request (it asks for JSON) reads `{ error }`; pages get HTML. */
function wantsJson(req: ExpressRequest) {
  return req.accepts(["html", "json"]) === "json";
}

/**
 * Answers with a small Vietnamese page (or JSON) without involving Remix. A body still on its way is not
 * read: the connection closes after the answer, so a client sending megabytes stops at once.
 */
export function refuse(req: ExpressRequest, res: ExpressResponse, status: number, message: string) {
  if (res.headersSent) return;
  if (!readOnlyMethods.has(req.method) && !req.complete) res.set("Connection", "close");
  res.status(status);
  if (wantsJson(req)) {
    res.json({ error: message });
    return;
  }
  const title = refusalTitles[status] ?? "Yêu cầu không hợp lệ";
  res
    .type("html")
    .send(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – Công dân số</title>` +
        `<style>body{font:17px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}</style>` +
        `</head><body><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Về trang chủ</a></p></body></html>`,
    );
}

/**
 * This site's origin as the browser sees it: scheme and host from `X-Forwarded-Proto` and `X-Forwarded-Host` only
 * when the peer is a trusted proxy. Shared by Express (below) and the answer save served from the request event.
 */
export function originFrom(
  headers: IncomingHttpHeaders,
  encrypted: boolean,
  fromTrustedProxy: boolean,
): string {
  const first = (value: string | string[] | undefined) =>
    String(value ?? "")
      .split(",")[0]!
      .trim();
  const protocol =
    (fromTrustedProxy && first(headers["x-forwarded-proto"])) || (encrypted ? "https" : "http");
  const host = (fromTrustedProxy && first(headers["x-forwarded-host"])) || headers.host || "";
  return `${protocol}://${host}`;
}

/** This site's origin for an Express request (the `trust proxy` hop count says whether the peer is a proxy). */
export function siteOrigin(req: ExpressRequest): string {
  const trust = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  return originFrom(req.headers, "encrypted" in req.socket, trust(req.socket.remoteAddress, 0));
}

export const contentSecurityPolicy = (nonce: string, development: boolean) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // React renders progress bars with style attributes.
    "style-src 'self' 'unsafe-inline'",
    // The question editor previews a chosen picture from a blob: URL.
    "img-src 'self' data: blob:",
    // Vite's hot reload talks over its own WebSocket port in development.
    development ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

/** The headers every response carries besides its Content-Security-Policy. */
export const fixedSecurityHeaders = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
} as const;
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

function securityHeaders(development: boolean): RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, development));
    for (const [name, value] of Object.entries(fixedSecurityHeaders)) res.setHeader(name, value);
    if (req.secure) res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    next();
  };
}

/** Express and Remix know only these methods; anything else (TRACE, PROPFIND…) would otherwise be a 500. */
const refuseUnknownMethods: RequestHandler = (req, res, next) => {
  if (remixMethods.has(req.method)) return next();
  res.set("Allow", "GET, HEAD, POST");
  refuse(req, res, 405, messageFor(405));
};

/** The form body types the actions read, from a Content-Type header (null: none, or another type). */
export function formMediaType(contentType: string | undefined): string | null {
  const type = contentType?.split(";")[0]!.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data" ? type : null;
}

type Refusal = { status: 403 | 413 | 415; message: string };

/**
 * Why a mutation is refused before a byte of its body is read, or null. It must come from this site
 * (SameSite=Lax cookies plus this check instead of CSRF tokens): a present Origin must be this site's; a missing
 * or `null` Origin passes only when the browser vouches with `Sec-Fetch-Site: same-origin`. Every action reads a
 * form: any other body (JSON, text, none) would make `request.formData()` throw, a 500. A declared body over the
 * route's limit is refused at once.
 */
export function mutationRefusal(
  headers: IncomingHttpHeaders,
  origin: string,
  limit: BodyLimit,
): Refusal | null {
  const claimed = headers.origin;
  const sameOrigin =
    claimed && claimed !== "null" ? claimed === origin : headers["sec-fetch-site"] === "same-origin";
  if (!sameOrigin)
    return {
      status: 403,
      message: "Yêu cầu không được gửi từ trang Công dân số. Hãy mở lại trang rồi thử lại.",
    };
  if (!formMediaType(headers["content-type"]))
    return { status: 415, message: "Dữ liệu gửi lên không phải một biểu mẫu." };
  if (Number(headers["content-length"] ?? 0) > limit.bytes) return { status: 413, message: limit.message };
  return null;
}

const refuseUnfitMutations: RequestHandler = (req, res, next) => {
  if (readOnlyMethods.has(req.method)) return next();
  const refusal = mutationRefusal(req.headers, siteOrigin(req), bodyLimitFor(req));
  if (refusal) return refuse(req, res, refusal.status, refusal.message);
  next();
};

/** Installs every guard; mount before static files and Remix. `trustProxy` is the number of proxy hops. */
export function installHttpGuards(app: Express, options: { trustProxy: number; development: boolean }) {
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(securityHeaders(options.development));
  app.use(refuseUnknownMethods);
  app.use(refuseUnfitMutations);
}

class BodyTooLargeError extends Error {}

/**
 * The request body as Remix reads it, counted as it streams: past the limit (a chunked body declares no
 * length) the client gets a 413 and the action's read fails, with the request marked aborted so Remix
 * does not log it as a server error.
 */
function limitedBody(
  req: ExpressRequest,
  res: ExpressResponse,
  limit: BodyLimit,
  abort: AbortController,
): ReadableStream<Uint8Array> {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received <= limit.bytes) return done(null, chunk);
      // Stop reading (destroying `req` would drop the socket before the 413 is written).
      req.unpipe(counter);
      req.pause();
      refuse(req, res, 413, limit.message);
      abort.abort();
      done(new BodyTooLargeError());
    },
  });
  req.on("error", (error) => counter.destroy(error));
  req.pipe(counter);
  return createReadableStreamFromReadable(counter);
}

/** The fetch Request for Remix, with the host and origin already vetted by the guards. */
function toRemixRequest(req: ExpressRequest, res: ExpressResponse, abort: AbortController): Request | null {
  let url: URL;
  try {
    url = new URL(`${siteOrigin(req)}${req.originalUrl}`);
  } catch {
    return null;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value ? [value] : []) headers.append(name, one);
  }
  // Remix's own CSRF check would read X-Forwarded-Host whoever sent it, and throws on `Origin: null`.
  headers.delete("X-Forwarded-Host");
  headers.set("Host", url.host);
  if (headers.get("Origin") === "null") headers.delete("Origin");
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: abort.signal };
  if (!readOnlyMethods.has(req.method)) {
    init.body = limitedBody(req, res, bodyLimitFor(req), abort);
    init.duplex = "half";
  }
  return new Request(url, init);
}

/** Whether the client takes gzip ("gzip" listed without q=0): for the pages gzipped here and in the page cache. */
export const takesGzip = (acceptEncoding: string | undefined) =>
  !!acceptEncoding && /(^|,)\s*gzip\s*(,|;(?!\s*q=0(\.0*)?\s*(,|$))|$)/.test(acceptEncoding);

/** What `compression` would leave alone: smaller bodies gain less than the gzip header costs. */
const COMPRESS_MIN_BYTES = 1024;
/** A 40 KB result page: 9,331 bytes in 0.29 ms at level 4, 9,010 bytes in 0.42 ms at zlib's default 6. */
const PAGE_GZIP_LEVEL = 4;

/**
 * A page (`text/html`) or its data (`text/x-script`, single fetch) comes whole from Remix: nothing on these
 * routes is deferred. One gzip call on the whole body costs half the CPU of `compression`'s zlib stream, which
 * also hops to the thread pool and back; `compression` then sees the Content-Encoding and passes the body on.
 */
async function sendWhole(res: ExpressResponse, response: Response) {
  const body = Buffer.from(await response.arrayBuffer());
  const gzipped =
    body.length >= COMPRESS_MIN_BYTES &&
    !res.getHeader("Content-Encoding") &&
    !/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader("Cache-Control") ?? "")) &&
    takesGzip(res.req.get("Accept-Encoding"));
  const sent = gzipped ? gzipSync(body, { level: PAGE_GZIP_LEVEL }) : body;
  res.vary("Accept-Encoding");
  if (gzipped) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", sent.length);
  res.end(sent);
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body && /^text\/(html|x-script)\b/i.test(response.headers.get("Content-Type") ?? "")) {
    await sendWhole(res, response);
  } else if (response.body && response.headers.get("Content-Type")?.match(/text\/event-stream/i)) {
    res.flushHeaders();
    // Piped with backpressure: what a slow client cannot take waits in the stream's own queue, which
    // eventStreamResponse caps, not in the socket's buffer, which nothing would. It ends when the client leaves
    // or falls too far behind (the browser reconnects): neither is a server error.
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res).catch(() => {});
  } else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Remix's Express adapter (as in `@remix-run/express`, whose request reads the body unbounded and trusts
 * X-Forwarded-Host from anyone), with body limits and the load context (client address, CSP nonce).
 */
export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
}): RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const abort = new AbortController();
    res.on("close", () => res.writableFinished || abort.abort());
    try {
      const request = toRemixRequest(req, res, abort);
      if (!request) return refuse(req, res, 400, "Địa chỉ trang không hợp lệ.");
      const context: AppLoadContext = {
        clientIp: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
      };
      const response = await handle(request, context);
      // A body over its limit has been answered with 413 already.
      if (res.headersSent) return;
      // Remix answers a resource route's missing loader or action, or its crash, with English JSON.
      if (response.headers.get("X-Remix-Error"))
        return refuse(req, res, response.status, messageFor(response.status));
      await sendResponse(res, response);
    } catch (error) {
      // A client that left mid-response is no server error.
      if (!abort.signal.aborted) next(error);
    }
  };
}

/** Last resort: a Vietnamese page, the client's own errors (a malformed URL…) keep their 4xx status. */
export const finalErrorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (res.headersSent) {
    console.error(error);
    res.destroy();
    return;
  }
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500)
    return refuse(req, res, status, "Yêu cầu không hợp lệ.");
  console.error(error);
  refuse(req, res, 500, messageFor(500));
};
