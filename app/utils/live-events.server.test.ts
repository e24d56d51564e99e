import { expect, test, vi } from "vitest";
import { createTicker, eventStreamResponse, HEARTBEAT_MS, sseFrame } from "./live-events.server.ts";

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
