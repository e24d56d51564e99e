import type { AddressInfo } from "node:net";
import net from "node:net";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { expect, test, vi } from "vitest";
import { finalErrorHandler, installHttpGuards, remixHandler } from "./http-guards.server.ts";
import {
  createTicker,
  eventStreamResponse,
  HEARTBEAT_MS,
  sseFrame,
  STREAM_QUEUE_LIMIT_BYTES,
} from "./live-events.server.ts";

test("an event stream is never cached or transformed, beats every 15 s and lets go when the client leaves", async () => {
  vi.useFakeTimers();
  try {
    const abort = new AbortController();
    const left = vi.fn();
    const response = eventStreamResponse(abort.signal, (send) => {
      send(sseFrame("state", { status: "lobby" }, 7));
      return left;
    });
    expect(response.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-cache, no-transform");
    expect(response.headers.get("X-Accel-Buffering")).toBe("no");
    const reader = response.body!.getReader();
    const text = async () => new TextDecoder().decode((await reader.read()).value);
    expect(await text()).toBe('id: 7\nevent: state\ndata: {"status":"lobby"}\n\n');
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(await text()).toBe(":\n\n");
    abort.abort();
    expect(left).toHaveBeenCalledOnce();
    expect((await reader.read()).done).toBe(true);
  } finally {
    vi.useRealTimers();
  }
});

test("one tick per key for all its subscribers; the timer stops with the last one", () => {
  vi.useFakeTimers();
  try {
    const ticks: [number, number][] = [];
    const ticker = createTicker<string>(100, (key, subscribers) => ticks.push([key, subscribers.size]));
    const offA = ticker.subscribe(1, "a");
    const offB = ticker.subscribe(1, "b");
    const offC = ticker.subscribe(2, "c");
    vi.advanceTimersByTime(100);
    expect(ticks).toEqual([
      [1, 2],
      [2, 1],
    ]);
    offA();
    offB();
    offC();
    expect(ticker.size(1)).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(ticks).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

test("a client that stops reading is cut off once 256 KiB wait for it, logged once", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const left = vi.fn();
    let send: (frame: Uint8Array) => void = () => {};
    const response = eventStreamResponse(new AbortController().signal, (s) => {
      send = s;
      return left;
    });
    const frame = new Uint8Array(10 * 1024);
    // Nobody reads: 25 frames (250 KiB) still fit under the limit.
    for (let i = 0; i < 25; i++) send(frame);
    expect(left).not.toHaveBeenCalled();
    // The 26th would pass it: the stream is dropped, its subscription ended; later frames are ignored.
    for (let i = 0; i < 10; i++) send(frame);
    expect(left).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatch(/Event stream cut off: its client left 250 KiB unread/);
    await expect(response.body!.getReader().read()).rejects.toThrow(/too slow/);
  } finally {
    warn.mockRestore();
  }
});

// Far more than both ends of a loopback connection can buffer (up to 64 MiB together here, seen filled under load).
const LOADER_FRAMES_BYTES = 256 * 1024 * 1024;

test("over a real socket, a client that stops reading fills the stream's queue, not the server's memory", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  let sent = 0;
  let cutOff = false;
  // A loader that writes a 32 KiB frame whenever the event loop is free, as a busy game would, up to 64 MiB.
  const loader = ({ request }: { request: Request }) =>
    eventStreamResponse(request.signal, (send) => {
      const frame = new Uint8Array(32 * 1024).fill(58);
      let timer = setImmediate(function more() {
        send(frame);
        sent += frame.byteLength;
        if (sent < LOADER_FRAMES_BYTES) timer = setImmediate(more);
      });
      return () => {
        cutOff = true;
        clearImmediate(timer);
      };
    });
  const build = {
    mode: "production",
    entry: { module: { default: () => new Response("page") } },
    routes: {
      root: { id: "root", path: "", module: {} },
      events: { id: "events", path: "su-kien", parentId: "root", module: { loader } },
    },
    assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" },
    publicPath: "/",
    assetsBuildDirectory: "",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
  const app = express();
  installHttpGuards(app, { trustProxy: 0, development: false });
  app.all("*", remixHandler({ build, mode: "production" }));
  app.use(finalErrorHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  const socket = net.connect(port, "127.0.0.1");
  try {
    socket.write(`GET /su-kien HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    // The headers arrive, then the client reads nothing more.
    await new Promise((resolve) => socket.once("data", resolve));
    socket.pause();
    for (const started = Date.now(); !cutOff && Date.now() - started < 20_000;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cutOff).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    // Cut off once the sockets' buffers on both ends and then the queue's limit filled, before the loader ran
    // out of frames. (Loopback buffers autotune up to tcp_rmem's and tcp_wmem's maxima, 32 MiB each on some machines, so how much
    // the kernel took first is not a number to test.) Without backpressure the queue never fills and nothing
    // is cut off.
    expect(sent).toBeLessThan(LOADER_FRAMES_BYTES);
    expect(sent).toBeGreaterThan(STREAM_QUEUE_LIMIT_BYTES);
  } finally {
    warn.mockRestore();
    socket.destroy();
    server.closeAllConnections();
    server.close();
  }
});
