// The page cache in front of the leaderboard and results (app/utils/page-cache.server.ts), on a real HTTP server
// with a stand-in renderer that counts its renders.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import type { AppLoadContext } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { publicPageCache } from "#app/utils/page-cache.server.ts";

const FRESH_MS = 300;
const STALE_MS = 400;
let renders: { url: string; cookie: string | null; context: AppLoadContext }[] = [];
let status = 200;
let base: string;
let server: http.Server;

beforeAll(async () => {
  const app = express();
  const cache = publicPageCache({
    queryOf: (path) => (path.startsWith("/cong-khai") ? ["vong", "xem"] : null),
    render: async (request, context) => {
      renders.push({ url: request.url, cookie: request.headers.get("Cookie"), context });
      const page = `<!doctype html><script nonce="${context.cspNonce}"></script><p>lần ${renders.length}</p>`;
      return new Response(page, { status, headers: { "Content-Type": "text/html" } });
    },
    contentSecurityPolicy: (nonce) => `script-src 'nonce-${nonce}'`,
    origin: (req) => `http://${req.get("Host")}`,
    freshMs: FRESH_MS,
    staleMs: STALE_MS,
  });
  app.use(cache.middleware);
  // What Remix would answer for anything the cache passes on.
  app.use((req, res) => res.status(404).send(`remix ${req.path}`));
  // As server.ts: a fresh page straight from the request event, anything else through Express.
  server = http.createServer((req, res) => cache.serveFresh(req, res, false) || app(req, res));
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
beforeEach(() => {
  renders = [];
  status = 200;
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .request(`${base}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode!, headers: res.headers, body: body.toString() });
        });
      })
      .on("error", reject)
      .end();
  });
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("public page cache", () => {
  test("renders once for everyone, anonymously, and serves the same page to the next visitors", async () => {
    const first = await get("/cong-khai/bang?vong=1&xem=xa", { Cookie: "cds_session=abc.def" });
    const [second, third] = await Promise.all([
      get("/cong-khai/bang?xem=xa&vong=1", { "Accept-Encoding": "gzip" }),
      get("/cong-khai/bang?vong=1&xem=xa", { Cookie: "cds_session=other" }),
    ]);
    expect(renders).toHaveLength(1);
    // No cookie reaches the render, and the render knows it is shared.
    expect(renders[0]!.cookie).toBeNull();
    expect(renders[0]!.context.sharedPage).toBe(true);
    for (const reply of [first, second, third]) {
      expect(reply.status).toBe(200);
      expect(reply.body).toContain("lần 1");
      expect(reply.headers["set-cookie"]).toBeUndefined();
      expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      expect(reply.headers["x-frame-options"]).toBe("DENY");
      expect(reply.headers["cache-control"]).toBe("public, max-age=1, stale-while-revalidate=0");
      // The inline script keeps working: the CSP carries the nonce the page was rendered with.
      const nonce = /nonce="([^"]+)"/.exec(reply.body)![1]!;
      expect(reply.headers["content-security-policy"]).toBe(`script-src 'nonce-${nonce}'`);
    }
    expect(second.headers["content-encoding"]).toBe("gzip");
    expect(first.headers["content-encoding"]).toBeUndefined();
    expect((await get("/cong-khai/bang?vong=1&xem=xa", {}, "HEAD")).body).toBe("");
    expect(renders).toHaveLength(1);
    // Parameters the page does not read (or left empty) cannot force a render of their own.
    for (const junk of ["&_=1", "&_=2", "&trang=", "&xem=xa&x=%3Cscript%3E"])
      expect((await get(`/cong-khai/bang?vong=1&xem=xa${junk}`)).body).toContain("lần 1");
    expect(renders).toHaveLength(1);
    expect(renders[0]!.url).toMatch(/\/cong-khai\/bang\?vong=1&xem=xa$/);
  });

  test("a stale page is served once while it is rendered again; an expired one waits for the render", async () => {
    await get("/cong-khai/tuoi");
    await sleep(FRESH_MS + 50);
    expect((await get("/cong-khai/tuoi")).body).toContain("lần 1");
    await sleep(50);
    expect(renders).toHaveLength(2);
    expect((await get("/cong-khai/tuoi")).body).toContain("lần 2");
    await sleep(FRESH_MS + STALE_MS + 50);
    expect((await get("/cong-khai/tuoi")).body).toContain("lần 3");
  });

  test("only 200 pages are kept; other paths and methods go straight on", async () => {
    status = 400;
    expect(await get("/cong-khai/sai?vong=abc")).toMatchObject({ status: 404, body: "remix /cong-khai/sai" });
    expect(renders).toHaveLength(1);
    status = 200;
    expect((await get("/rieng")).body).toBe("remix /rieng");
    expect(renders).toHaveLength(1);
  });
});
