// The HTTP guards on a bare Express app with a small Remix build, over real HTTP on 127.0.0.1.
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { gunzipSync } from "node:zlib";
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { handleError } from "#app/entry.server.tsx";
import {
  bodyLimitFor,
  FORM_BODY_LIMIT,
  finalErrorHandler,
  installHttpGuards,
  remixHandler,
  UPLOAD_BODY_LIMIT,
} from "#app/utils/http-guards.server.ts";
import { MAX_UPLOAD_BYTES } from "#app/models/images.server.ts";
import { MAX_SHEET_BYTES } from "#app/utils/question-sheet.server.ts";

const actionRuns: { path: string; bytes?: number; error?: string }[] = [];

/** Reads the whole body and reports what the action saw, as the app's actions do with formData(). */
async function echo({ request, context }: ActionFunctionArgs | LoaderFunctionArgs) {
  const path = new URL(request.url).pathname;
  try {
    const bytes = request.method === "GET" ? 0 : (await request.arrayBuffer()).byteLength;
    actionRuns.push({ path, bytes });
    return Response.json({ bytes, url: request.url, ...context });
  } catch (error) {
    actionRuns.push({ path, error: String(error) });
    throw error;
  }
}

/** A page of `?bytes=` bytes, as Remix's document and data responses come: one whole body. */
const PAGE_UNIT = "<p>Câu 1: Mật khẩu mạnh gồm những gì?</p>";
function page({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const bytes = Number(url.searchParams.get("bytes"));
  const html = PAGE_UNIT.repeat(Math.ceil(bytes / Buffer.byteLength(PAGE_UNIT)));
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  if (url.searchParams.has("no-transform")) headers.set("Cache-Control", "private, no-transform");
  return new Response(html, { headers });
}

const route = (id: string, path: string, module: object) => ({ id, path, parentId: "root", module });
const build = {
  mode: "production",
  entry: {
    module: { default: (_: Request, status: number) => new Response("page", { status }), handleError },
  },
  routes: {
    root: { id: "root", path: "", module: {} },
    echo: route("echo", "echo", { loader: echo, action: echo }),
    save: route("save", "bai-thi/:attemptId/luu", { action: echo }),
    upload: route("upload", "quan-tri/cau-hoi/:questionId", { action: echo }),
    population: route("population", "quan-tri/don-vi/dan-so", { action: echo }),
    teacherQuestion: route("teacherQuestion", "giao-vien/cau-hoi", { action: echo }),
    readOnly: route("readOnly", "chi-doc", { loader: echo }),
    page: route("page", "trang", { loader: page }),
  },
  assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
  publicPath: "/",
  assetsBuildDirectory: "",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

const servers: http.Server[] = [];

/** The guarded app on a random port; `trustProxy` as TRUST_PROXY would set it. With `compression` in front, as
 * server.ts mounts it. */
async function startApp(trustProxy = 0) {
  const app = express();
  app.use(compression());
  installHttpGuards(app, { trustProxy, development: false });
  app.all("*", remixHandler({ build, mode: "production" }));
  app.use(finalErrorHandler);
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

let base: string;
let origin: string;
const form = { "Content-Type": "application/x-www-form-urlencoded" };
// What a page's script asks for (the background answer save itself is answered before Express).
const json = { Accept: "application/json" };
const errors = vi.spyOn(console, "error");

beforeAll(async () => {
  base = await startApp();
  origin = base;
});
afterEach(() => {
  errors.mockClear();
  actionRuns.length = 0;
});
afterAll(() => servers.forEach((s) => s.close()));

describe("body limits", () => {
  test("a form within its limit reaches the action, with or without Content-Length", async () => {
    const body = "slot=1&choice=2&x=" + "a".repeat(FORM_BODY_LIMIT - 100);
    const declared = await send(`${base}/echo`, {
      method: "POST",
      headers: { ...form, Origin: origin },
      body,
    });
    expect(declared.status).toBe(200);
    expect(JSON.parse(declared.body).bytes).toBe(body.length);
    const chunked = await send(`${base}/echo`, {
      method: "POST",
      headers: { ...form, Origin: origin, "Transfer-Encoding": "chunked" },
      body,
    });
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body).bytes).toBe(body.length);
  });

  test("a Content-Length over the limit is refused with 413 before the body is sent", async () => {
    // Headers only: if the server waited for the 20 MB it would never answer.
    const socket = net.connect(Number(new URL(base).port), "127.0.0.1");
    socket.write(
      `POST /echo HTTP/1.1\r\nHost: ${new URL(base).host}\r\nOrigin: ${origin}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\nslot=1`,
    );
    const head = await new Promise<string>((resolve) =>
      socket.once("data", (c: Buffer) => resolve(c.toString())),
    );
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(head).toMatch(/Connection: close/i);
    expect(head).toContain("Dữ liệu gửi lên quá lớn: tối đa 64 KB.");
    expect(actionRuns).toEqual([]);
  });

  test("uploads get the documented 5 MB plus room for the form around the file", async () => {
    expect(MAX_UPLOAD_BYTES).toBeLessThanOrEqual(MAX_SHEET_BYTES);
    const headers = { "Content-Type": "multipart/form-data; boundary=x", Origin: origin };
    const fits = await send(`${base}/quan-tri/cau-hoi/nhap`, {
      method: "POST",
      headers,
      body: Buffer.alloc(MAX_SHEET_BYTES + 1000),
    });
    expect(fits.status).toBe(200);
    const population = await send(`${base}/quan-tri/don-vi/dan-so`, {
      method: "POST",
      headers,
      body: Buffer.alloc(MAX_SHEET_BYTES + 1000),
    });
    expect(population.status).toBe(200);
    const teacherQuestion = await send(`${base}/giao-vien/cau-hoi`, {
      method: "POST",
      headers,
      body: Buffer.alloc(MAX_SHEET_BYTES + 1000),
    });
    expect(teacherQuestion.status).toBe(200);
    const tooBig = await send(`${base}/quan-tri/cau-hoi/moi.data`, {
      method: "POST",
      headers: { ...headers, "Content-Length": String(UPLOAD_BODY_LIMIT + 1) },
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toContain("Tệp gửi lên quá lớn: tối đa 5 MB.");
    // Every other route keeps the form limit.
    const elsewhere = await send(`${base}/echo`, {
      method: "POST",
      headers,
      body: Buffer.alloc(FORM_BODY_LIMIT + 1),
    });
    expect(elsewhere.status).toBe(413);
  });

  test("a body that is not a form (JSON, text, none) is a 415, where formData() would have thrown a 500", async () => {
    for (const headers of <Record<string, string>[]>[
      { "Content-Type": "application/json" },
      { "Content-Type": "text/plain" },
      {},
    ]) {
      const reply = await send(`${base}/echo`, {
        method: "POST",
        headers: { ...headers, Origin: origin },
        body: headers["Content-Type"] ? '{"slot":1}' : undefined,
      });
      expect(reply.status, JSON.stringify(headers)).toBe(415);
      expect(reply.body).toContain("Dữ liệu gửi lên không phải một biểu mẫu.");
    }
    expect(actionRuns).toEqual([]);
  });

  test("a chunked body is cut off at the limit while it streams, and nothing is logged", async () => {
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(`${base}/echo`, {
        method: "POST",
        headers: { ...form, Origin: origin, "Transfer-Encoding": "chunked" },
      });
      req.on("response", (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode!, sent });
        req.destroy();
      });
      req.on("error", (error) => !answered && reject(error));
      const chunk = Buffer.alloc(16 * 1024, "a");
      // Keeps sending up to 50 MB unless the server answers first.
      const pump = () => {
        while (!answered && sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(5 * 1024 * 1024);
    await vi.waitFor(() => expect(actionRuns).toHaveLength(1));
    expect(actionRuns[0]!.error).toBeDefined();
    expect(errors).not.toHaveBeenCalled();
  });

  test("a script asking for JSON gets its refusal as JSON", async () => {
    const reply = await send(`${base}/bai-thi/12/luu`, {
      method: "POST",
      headers: { ...form, ...json, Origin: origin, "Content-Length": String(FORM_BODY_LIMIT + 1) },
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({ error: "Dữ liệu gửi lên quá lớn: tối đa 64 KB." });
  });
});

describe("same-origin rule", () => {
  const post = (path: string, headers: Record<string, string>) =>
    send(`${base}${path}`, { method: "POST", headers: { ...form, ...headers }, body: "slot=1" });

  test("refuses a null, missing, foreign or wrong-scheme Origin with 403, a page or JSON", async () => {
    for (const headers of <Record<string, string>[]>[
      { Origin: "null" },
      {},
      { Origin: "https://lua-dao.example" },
      { Origin: origin.replace("http:", "https:") },
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
    ]) {
      const page = await post("/echo", headers);
      expect(page.status, JSON.stringify(headers)).toBe(403);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.body).toContain("Yêu cầu không được gửi từ trang Công dân số");
      const save = await post("/bai-thi/3/luu", { ...headers, ...json });
      expect(save.status).toBe(403);
      expect(JSON.parse(save.body).error).toMatch(/Công dân số/);
    }
    expect(actionRuns).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  test("accepts this site's Origin, and a null or missing one the browser vouches for as same-origin", async () => {
    expect((await post("/echo", { Origin: origin })).status).toBe(200);
    // Remix's own check would answer `Origin: null` with a 500.
    expect((await post("/echo", { Origin: "null", "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
    expect((await post("/bai-thi/3/luu", { "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
    expect((await send(`${base}/echo`)).status).toBe(200);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("proxies (TRUST_PROXY hops)", () => {
  const proxied = {
    Origin: "https://congdanso.example.vn",
    "X-Forwarded-Host": "congdanso.example.vn",
    "X-Forwarded-Proto": "https",
  };

  test("without a trusted proxy, forwarded headers are ignored: no spoofed address, host or scheme", async () => {
    const spoofed = await send(`${base}/echo`, { headers: { "X-Forwarded-For": "203.0.113.7", ...proxied } });
    const seen = JSON.parse(spoofed.body);
    expect(seen.clientIp).toBe("127.0.0.1");
    expect(seen.url).toBe(`${base}/echo`);
    expect(spoofed.headers["strict-transport-security"]).toBeUndefined();
    const post = await send(`${base}/echo`, {
      method: "POST",
      headers: { ...form, ...proxied },
      body: "a=1",
    });
    expect(post.status).toBe(403);
  });

  test("behind one proxy, the client's address, host and scheme come from it; HSTS over https", async () => {
    const behindProxy = await startApp(1);
    const headers = { ...form, ...proxied, "X-Forwarded-For": "198.51.100.1, 203.0.113.7" };
    const reply = await send(`${behindProxy}/echo`, { method: "POST", headers, body: "a=1" });
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body);
    // The proxy appends the address it saw; what the client wrote before it is not trusted.
    expect(seen.clientIp).toBe("203.0.113.7");
    expect(seen.url).toBe("https://congdanso.example.vn/echo");
    expect(reply.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  test("behind two proxies, the address is read two hops back", async () => {
    const behindTwo = await startApp(2);
    const reply = await send(`${behindTwo}/echo`, {
      headers: { "X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.2" },
    });
    expect(JSON.parse(reply.body).clientIp).toBe("203.0.113.7");
  });
});

describe("headers and methods", () => {
  test("every response carries a CSP whose fresh nonce reaches the load context", async () => {
    const first = await send(`${base}/echo`);
    const second = await send(`${base}/echo`);
    const csp = String(first.headers["content-security-policy"]);
    const nonce = JSON.parse(first.body).cspNonce as string;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(JSON.parse(second.body).cspNonce).not.toBe(nonce);
    expect(first.headers["x-frame-options"]).toBe("DENY");
  });

  test("a POST where no action exists, an unknown method or a malformed path is a 4xx, never logged", async () => {
    const noAction = await send(`${base}/chi-doc`, {
      method: "POST",
      headers: { ...form, Origin: origin },
      body: "a=1",
    });
    expect(noAction.status).toBe(405);
    expect(noAction.body).toContain("Trang này không nhận thao tác này.");
    expect(noAction.body).not.toContain("Unexpected Server Error");
    for (const method of ["TRACE", "PROPFIND", "OPTIONS"]) {
      const reply = await send(`${base}/echo`, { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe("GET, HEAD, POST");
    }
    expect((await send(`${base}/echo`, { method: "HEAD" })).status).toBe(200);
    // A GET where there is only an action: Remix's English JSON becomes ours.
    const getSave = await send(`${base}/bai-thi/3/luu`, { headers: json });
    expect(getSave.status).toBe(400);
    expect(JSON.parse(getSave.body)).toEqual({ error: "Trang này không nhận thao tác này." });
    const notFound = await send(`${base}/khong-co`);
    expect(notFound.status).toBe(404);
    const badPath = await send(`${base}/%E0%A4%A`);
    expect(badPath.status).toBeLessThan(500);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("compression of whole pages", () => {
  const raw = (reply: { body: Buffer }) => reply.body;
  function fetchPage(query: string, headers: Record<string, string>, method = "GET") {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request(`${base}/trang?${query}`, { method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on("error", reject);
        req.end();
      },
    );
  }

  test("a page is gzipped once, whole, with its length, and gunzips to the page", async () => {
    const plain = await fetchPage("bytes=40000", {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(raw(plain).length);
    expect(raw(plain).length).toBeGreaterThanOrEqual(40_000);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);

    const gzipped = await fetchPage("bytes=40000", { "Accept-Encoding": "gzip, deflate, br" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(gzipped.headers["content-length"])).toBe(raw(gzipped).length);
    expect(raw(gzipped).length).toBeLessThan(raw(plain).length / 10);
    expect(gunzipSync(raw(gzipped)).equals(raw(plain))).toBe(true);
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);

    // Remix answers HEAD without a body; nothing is compressed for it.
    const head = await fetchPage("bytes=40000", { "Accept-Encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(raw(head).length).toBe(0);
  });

  test("is left out for a client that refuses gzip, a small page and a no-transform page", async () => {
    const refused = await fetchPage("bytes=40000", { "Accept-Encoding": "gzip;q=0, identity" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(raw(refused).toString()).toContain(PAGE_UNIT);
    const small = await fetchPage("bytes=500", { "Accept-Encoding": "gzip" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(raw(small).toString()).toContain(PAGE_UNIT);
    const noTransform = await fetchPage("bytes=40000&no-transform", { "Accept-Encoding": "gzip" });
    expect(noTransform.headers["content-encoding"]).toBeUndefined();
    expect(Number(noTransform.headers["content-length"])).toBe(raw(noTransform).length);
  });
});

// Dense Vietnamese percent-encodes to 3.5 bytes a character: 20,000 of them pass the 64 KB of ordinary forms.
test("the contest builder's form fits the longest rules text it accepts, in Vietnamese", () => {
  const rulesText = "Ừ, ở đâu? Ở Đồng Văn. ".repeat(1000).slice(0, 20_000);
  const body = new URLSearchParams({ title: "Cuộc thi", rulesText }).toString();
  for (const path of ["/quan-tri/cuoc-thi/moi", "/quan-tri/cuoc-thi/12"])
    expect(bodyLimitFor({ path } as Parameters<typeof bodyLimitFor>[0]).bytes).toBeGreaterThan(body.length);
});
