// Public pages that are the same for every visitor (the leaderboard and the results) are rendered once every
// few seconds and served from memory to everyone, compressed once; at a round's deadline thousands of residents
// open the leaderboard at once and each view would otherwise cost a full render and its gzip. A page is rendered
// as for an anonymous visitor (no cookie reaches it, none leaves it); the signed-in resident's own place is a
// separate request (cuoc-thi.$slug.bang-xep-hang_.cua-toi.tsx). Each process keeps its own copy: the copies
// expire by age, so processes never disagree for longer than the lifetime. `Cache-Control` lets a CDN in
// front do the same.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { AppLoadContext } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler } from "express";
import { fixedSecurityHeaders, STRICT_TRANSPORT_SECURITY, takesGzip } from "./http-guards.server.ts";

const gzipAsync = promisify(gzip);

type CachedPage = {
  status: number;
  contentType: string;
  body: Buffer;
  gzipped: Buffer;
  nonce: string;
  contentSecurityPolicy: string;
  renderedAt: number;
};

export type PageCacheOptions = {
  /**
   * The query parameters a public page reads (its loader's schema), or null for a path that is not a public page.
   * Only these make the key and reach the render: `?x=<random>` cannot force a render per request.
   */
  queryOf: (path: string) => readonly string[] | null;
  /** Renders a page for an anonymous visitor. */
  render: (request: Request, context: AppLoadContext) => Promise<Response>;
  /** The CSP header for a nonce: the cached page's inline scripts carry the nonce it was rendered with. */
  contentSecurityPolicy: (nonce: string) => string;
  /** This site's origin for a request (scheme and host as the browser sees them). */
  origin: (req: ExpressRequest) => string;
  freshMs: number;
  /** How long past fresh a page is still served while one refresh renders it again. */
  staleMs: number;
  maxEntries?: number;
};

/**
 * The key, also the URL rendered: the path and the page's own non-empty parameters, once each, sorted, so
 * "?a=1&b=2", "?b=2&a=1", "?a=1&b=2&c=" and "?a=0&a=1&b=2" share a page.
 */
function pageKey(path: string, query: string, known: readonly string[]): string {
  // The last value of a repeated parameter, as the loaders read it (Object.fromEntries).
  const params = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(query))
    if (value !== "" && known.includes(name)) params.set(name, value);
  params.sort();
  return `${path}?${params}`;
}

/**
 * The cache: `serveFresh` answers a fresh page straight from the HTTP server's request event, before Express
 * (a cached view costs little more than writing the buffer); `middleware` (mounted before Remix) renders missing
 * pages and serves stale ones while rendering them again.
 */
export function publicPageCache(options: PageCacheOptions): {
  serveFresh: (req: IncomingMessage, res: ServerResponse, secure: boolean) => boolean;
  middleware: RequestHandler;
} {
  const pages = new Map<string, CachedPage>();
  const rendering = new Map<string, Promise<CachedPage | null>>();
  const maxEntries = options.maxEntries ?? 2000;
  const maxAgeSeconds = Math.max(1, Math.round(options.freshMs / 1000));
  const staleSeconds = Math.round(options.staleMs / 1000);

  /** Renders the page once however many visitors ask at the same moment; null when it is not a 200 page. */
  function renderOnce(key: string, req: ExpressRequest): Promise<CachedPage | null> {
    let pending = rendering.get(key);
    if (pending) return pending;
    pending = (async () => {
      const nonce = randomBytes(16).toString("base64");
      const request = new Request(`${options.origin(req)}${key}`, {
        headers: { Accept: "text/html", "Accept-Language": "vi" },
      });
      const response = await options.render(request, {
        clientIp: "cache",
        cspNonce: nonce,
        sharedPage: true,
      });
      const contentType = response.headers.get("Content-Type") ?? "";
      if (
        response.status !== 200 ||
        !contentType.startsWith("text/html") ||
        response.headers.has("Set-Cookie")
      ) {
        await response.body?.cancel();
        return null;
      }
      const body = Buffer.from(await response.arrayBuffer());
      const page: CachedPage = {
        status: 200,
        contentType,
        body,
        gzipped: await gzipAsync(body),
        nonce,
        contentSecurityPolicy: options.contentSecurityPolicy(nonce),
        renderedAt: Date.now(),
      };
      // Oldest first: a Map iterates in insertion order.
      if (pages.size >= maxEntries) pages.delete(pages.keys().next().value!);
      pages.delete(key);
      pages.set(key, page);
      return page;
    })().finally(() => rendering.delete(key));
    rendering.set(key, pending);
    return pending;
  }

  function headersFor(page: CachedPage, gzipped: boolean, secure: boolean) {
    return {
      "Content-Type": page.contentType,
      "Content-Security-Policy": page.contentSecurityPolicy,
      ...fixedSecurityHeaders,
      ...(secure ? { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY } : {}),
      "Cache-Control": `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${staleSeconds}`,
      Vary: "Accept-Encoding",
      Age: String(Math.max(0, Math.floor((Date.now() - page.renderedAt) / 1000))),
      ...(gzipped ? { "Content-Encoding": "gzip" } : {}),
      "Content-Length": String(gzipped ? page.gzipped.length : page.body.length),
    };
  }

  function send(res: ServerResponse, page: CachedPage, method: string, gzipped: boolean, secure: boolean) {
    res.writeHead(page.status, headersFor(page, gzipped, secure));
    res.end(method === "HEAD" ? undefined : gzipped ? page.gzipped : page.body);
  }

  return {
    serveFresh(req, res, secure) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const url = req.url ?? "";
      const mark = url.indexOf("?");
      const path = mark < 0 ? url : url.slice(0, mark);
      const known = options.queryOf(path);
      if (!known) return false;
      const page = pages.get(pageKey(path, mark < 0 ? "" : url.slice(mark + 1), known));
      if (!page || Date.now() - page.renderedAt > options.freshMs) return false;
      send(res, page, req.method, takesGzip(req.headers["accept-encoding"]), secure);
      return true;
    },
    middleware(req, res, next) {
      const known = req.method === "GET" || req.method === "HEAD" ? options.queryOf(req.path) : null;
      if (!known) return next();
      const mark = req.originalUrl.indexOf("?");
      const key = pageKey(req.path, mark < 0 ? "" : req.originalUrl.slice(mark + 1), known);
      const cached = pages.get(key);
      const age = cached ? Date.now() - cached.renderedAt : Infinity;
      if (cached && age > options.freshMs && age <= options.freshMs + options.staleMs)
        renderOnce(key, req).catch((error: unknown) => console.error(error));
      const ready =
        cached && age <= options.freshMs + options.staleMs ? Promise.resolve(cached) : renderOnce(key, req);
      ready
        .then((page) => {
          if (!page) return next();
          send(res, page, req.method, takesGzip(req.get("Accept-Encoding")), req.secure);
        })
        .catch(next);
    },
  };
}
