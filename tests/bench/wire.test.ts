// The bench's lean client reads what node:http servers send: a wrong parse would measure nothing (a reply taken
// before its body arrived) or hang a phase, so it is checked against a real server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WireConnection, wireRequest, type WireReply } from "./wire.ts";

const big = "Câu trả lời đã được lưu. ".repeat(4000);
let server: http.Server;
let origin: string;
let port: number;
let dropped = 0;
const seen: { method: string; url: string; cookie?: string; origin?: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        body,
      });
      if (req.url === "/length") return res.writeHead(200, { "Content-Length": 14 }).end('{"saved":true}');
      if (req.url === "/chunked") {
        res.writeHead(201);
        res.write("một, ");
        setTimeout(() => res.end("hai, ba"), 5);
        return;
      }
      if (req.url === "/gzip") {
        const zipped = gzipSync(big);
        return res
          .writeHead(200, { "Content-Encoding": "gzip", "Content-Length": zipped.length })
          .end(zipped);
      }
      if (req.url === "/close") return res.writeHead(503, { Connection: "close" }).end("bận");
      // Dropped without a reply the first time, as a server closing a kept-alive connection just as the
      // request arrived; answered the second.
      if (req.url === "/drop-once") {
        dropped++;
        if (dropped === 1) return void req.socket.destroy();
        return res.writeHead(200, { "Content-Length": 2 }).end("ok");
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

const reply = async (sending: Promise<WireReply>) => {
  const { status, body } = await sending;
  return { status, body };
};

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the bench's wire client", () => {
  test("reads replies by Content-Length, by chunks and gzipped, in turn on one connection", async () => {
    const connection = new WireConnection("127.0.0.1", port, 5000);
    const form = new URLSearchParams({ slot: "3", choice: "2" });
    const post = wireRequest(origin, "/length", { cookie: "cds_session=abc", form });
    expect(await reply(connection.send(post))).toEqual({ status: 200, body: '{"saved":true}' });
    expect(seen.at(-1)).toEqual({
      method: "POST",
      url: "/length",
      cookie: "cds_session=abc",
      origin,
      body: "slot=3&choice=2",
    });
    expect(await reply(connection.send(wireRequest(origin, "/chunked")))).toEqual({
      status: 201,
      body: "một, hai, ba",
    });
    expect(seen.at(-1)).toMatchObject({ method: "GET", url: "/chunked", cookie: undefined, body: "" });
    expect(await reply(connection.send(wireRequest(origin, "/gzip")))).toEqual({ status: 200, body: big });
    connection.close();
  });

  test("goes on over a new connection after the server closed the last one", async () => {
    const connection = new WireConnection("127.0.0.1", port, 5000);
    expect(await reply(connection.send(wireRequest(origin, "/close")))).toEqual({ status: 503, body: "bận" });
    expect((await connection.send(wireRequest(origin, "/length"))).status).toBe(200);
    // An idle kept-alive connection the server dropped (its keep-alive timeout) is opened again.
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await connection.send(wireRequest(origin, "/length"))).status).toBe(200);
    connection.close();
  });

  test("sends a request again, once, when its connection closes before any reply", async () => {
    const connection = new WireConnection("127.0.0.1", port, 5000);
    expect(await reply(connection.send(wireRequest(origin, "/drop-once")))).toEqual({
      status: 200,
      body: "ok",
    });
    expect(dropped).toBe(2);
    connection.close();
  });
});
