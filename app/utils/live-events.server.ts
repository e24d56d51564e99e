// Server-Sent Events for live games: the stream itself (headers, heartbeats, frames) and a per-process
// registry that runs one tick per game for all of that game's connections in this process (decision 021).

import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { cookiesAreSecure } from "./auth.server.ts";

const encoder = new TextEncoder();

/** One SSE frame; `id` sets the browser's Last-Event-ID for a reconnect. Encoded once, sent to many. */
export function sseFrame(event: string, data: unknown, id?: number): Uint8Array {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  return encoder.encode(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const HEARTBEAT = encoder.encode(":\n\n");
export const HEARTBEAT_MS = 15_000;
/**
 * What one stream may hold that its client has not read yet. A phone that stops reading (2G, app in the
 * background) is cut off past it rather than buffered without end: EventSource reconnects by itself, and every
 * connection starts with a full snapshot, so nothing is lost. A game's frames are a few KiB each.
 */
export const STREAM_QUEUE_LIMIT_BYTES = 256 * 1024;

/**
 * An event stream answer. `open` gets a `send` for frames and returns what to run when the client leaves
 * (the request's signal is aborted) or falls too far behind. Never compressed (server.ts) nor buffered by a
 * proxy (X-Accel-Buffering); what the socket cannot take waits in the stream's queue (http-guards'
 * sendResponse keeps to backpressure), which is what the limit counts.
 */
export function eventStreamResponse(
  signal: AbortSignal,
  open: (send: (frame: Uint8Array) => void) => () => void,
): Response {
  let end = (_how: "left" | "cancelled") => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let leave: (() => void) | null = null;
        const stop = (how: "left" | "cancelled" | "too slow") => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          leave?.();
          // An error drops the queue at once and ends the response; a cancelled stream is closed already.
          if (how === "too slow") controller.error(new Error("Event stream client too slow"));
          else if (how === "left") controller.close();
        };
        const send = (frame: Uint8Array) => {
          if (closed) return;
          // desiredSize: the room left under the limit, after what the client has not read.
          if (controller.desiredSize! < frame.byteLength) {
            const unread = STREAM_QUEUE_LIMIT_BYTES - controller.desiredSize!;
            console.warn(`Event stream cut off: its client left ${Math.round(unread / 1024)} KiB unread.`);
            return stop("too slow");
          }
          controller.enqueue(frame);
        };
        const heartbeat = setInterval(() => send(HEARTBEAT), HEARTBEAT_MS);
        const unsubscribe = open(send);
        if (closed) unsubscribe();
        else leave = unsubscribe;
        end = stop;
        if (signal.aborted) end("left");
        else signal.addEventListener("abort", () => end("left"), { once: true });
      },
      cancel() {
        end("cancelled");
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: STREAM_QUEUE_LIMIT_BYTES }),
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}

/**
 * Subscribers grouped by a key (a game id), with one timer for the whole process: every `intervalMs` it calls
 * `tick` once per key that has subscribers, so the work per tick grows with games, not with connections.
 */
export function createTicker<S>(intervalMs: number, tick: (key: number, subscribers: Set<S>) => void) {
  const groups = new Map<number, Set<S>>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const run = () => {
    // A slow tick (a big fan-out) is not run again on top of itself.
    if (running) return;
    running = true;
    try {
      for (const [key, subscribers] of groups) {
        try {
          tick(key, subscribers);
        } catch (error) {
          console.error(error);
        }
      }
    } finally {
      running = false;
    }
  };
  return {
    subscribe(key: number, subscriber: S): () => void {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = new Set()));
      group.add(subscriber);
      timer ??= setInterval(run, intervalMs);
      return () => {
        group.delete(subscriber);
        if (group.size === 0 && groups.get(key) === group) groups.delete(key);
        if (groups.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    /** Runs a tick now (a POST in this process changed the game: its own connections need not wait). */
    poke(key: number) {
      const group = groups.get(key);
      if (group && !running) {
        running = true;
        try {
          tick(key, group);
        } finally {
          running = false;
        }
      }
    },
    size: (key: number) => groups.get(key)?.size ?? 0,
  };
}

// A live game's player on this device: "<player id>.<secret>" (the row keeps the secret's SHA-256). Scoped to the
// player pages; a day is longer than any game.
const playerCookie = createCookie("cds_player", {
  httpOnly: true,
  sameSite: "lax",
  path: "/choi",
  maxAge: 24 * 3600,
});

/** The player token in a Cookie header, if any. */
export async function playerTokenFromCookies(cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await playerCookie.parse(cookieHeader);
  return typeof value === "string" ? value : null;
}

export function readPlayerToken(request: Request): Promise<string | null> {
  return playerTokenFromCookies(request.headers.get("Cookie"));
}

/** A player's answer form: the question's number in the game and the place of the chosen button. */
export const liveAnswerSchema = z.object({
  question: z.coerce.number().int().min(1).max(1000),
  place: z.coerce.number().int().min(1).max(10),
});

export function playerTokenCookie(request: Request, token: string): Promise<string> {
  return playerCookie.serialize(token, { secure: cookiesAreSecure(request) });
}
