// The load generator's client for the phases that send as fast as the server answers (answer saves back to
// back, views of the cached pages): each connection writes a prebuilt HTTP/1.1 request whole and reads the reply
// with a parser that knows only what those replies hold (a status line, Content-Length or chunks, gzip). Node's
// http client spent about 0.13 ms of CPU per request here, as much as the bare server's whole save: on a 2-core
// machine the load generator took a core from the server it measured, and a thousand connections queued in its
// own event loop. This client spends about 0.035 ms, for the app and the bare baseline alike.
import net from "node:net";
import { gunzipSync } from "node:zlib";

/** What a phase checks of a reply (node:http's replies in load.ts have the same two fields and more). */
export type WireReply = { readonly status: number; readonly body: string };

/** A reply whose body is unzipped and decoded only when read. */
class LazyReply implements WireReply {
  constructor(
    readonly status: number,
    private readonly raw: Buffer,
    private readonly gzipped: boolean,
  ) {}
  get body(): string {
    return (this.gzipped ? gunzipSync(this.raw) : this.raw).toString("utf8");
  }
}

type Waiting = { resolve: (reply: WireReply) => void; reject: (error: Error) => void };

const HEADER_END = Buffer.from("\r\n\r\n");

/** Where a reply's body ends in `buffer` (its headers end at `bodyStart`), or -1 while it is incomplete. */
function chunkedEnd(buffer: Buffer, bodyStart: number, chunks: Buffer[]): number {
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error("malformed chunk size");
    const dataEnd = lineEnd + 2 + size;
    if (buffer.length < dataEnd + 2) return -1;
    if (size === 0) {
      // No trailers are sent to these requests: the last chunk ends with one empty line.
      return dataEnd + 2;
    }
    chunks.push(buffer.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}

/** One kept-alive connection sending one request at a time; reopened when the server closed it. */
export class WireConnection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: Waiting | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  async open(): Promise<void> {
    if (this.socket) return;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error("timeout")));
    socket.on("data", (data: Buffer) => this.receive(data));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => {
      if (this.socket === socket) this.socket = null;
      this.fail(Object.assign(new Error("connection closed"), { code: "ECONNRESET" }));
    });
    this.buffer = Buffer.alloc(0);
    this.socket = socket;
  }

  /** Sends `request` (a whole HTTP/1.1 request) and resolves with the reply; retried once on a connection the
   * server had closed just before, as browsers do (an answer save is idempotent anyway). */
  async send(request: Buffer, retried = false): Promise<WireReply> {
    await this.open();
    try {
      return await new Promise<WireReply>((resolve, reject) => {
        this.waiting = { resolve, reject };
        this.socket!.write(request);
      });
    } catch (error) {
      if (!retried && (error as { code?: string }).code === "ECONNRESET") return this.send(request, true);
      throw error;
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private fail(error: Error) {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  private receive(data: Buffer) {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    const headerEnd = this.buffer.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.buffer.toString("latin1", 0, headerEnd).toLowerCase();
    const bodyStart = headerEnd + 4;
    let end: number;
    let body: Buffer;
    try {
      const length = /\r\ncontent-length: *(\d+)/.exec(head);
      if (length) {
        end = bodyStart + Number(length[1]);
        if (this.buffer.length < end) return;
        body = this.buffer.subarray(bodyStart, end);
      } else if (/\r\ntransfer-encoding: *chunked/.test(head)) {
        const chunks: Buffer[] = [];
        end = chunkedEnd(this.buffer, bodyStart, chunks);
        if (end < 0) return;
        body = Buffer.concat(chunks);
      } else {
        throw new Error("a reply without Content-Length or chunks");
      }
    } catch (error) {
      this.socket?.destroy();
      return this.fail(error instanceof Error ? error : new Error(String(error)));
    }
    // Copied: `body` may be a view into the receive buffer, which the next reply's bytes would follow.
    const reply = new LazyReply(
      Number(head.slice(9, 12)),
      Buffer.from(body),
      /\r\ncontent-encoding: *gzip/.test(head),
    );
    this.buffer = this.buffer.subarray(end);
    if (/\r\nconnection: *close/.test(head)) {
      // The next request goes on a new connection.
      const socket = this.socket;
      this.socket = null;
      socket?.removeAllListeners("close");
      socket?.destroy();
    }
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(reply);
  }
}

/** A request written out whole once and sent as is: a GET, or a POST of an urlencoded form. */
export function wireRequest(
  origin: string,
  path: string,
  options: { cookie?: string; form?: URLSearchParams } = {},
): Buffer {
  const { host } = new URL(origin);
  const cookie = options.cookie ? `Cookie: ${options.cookie}\r\n` : "";
  const head = `${path} HTTP/1.1\r\nHost: ${host}\r\n${cookie}Accept-Encoding: gzip\r\n`;
  if (!options.form) return Buffer.from(`GET ${head}\r\n`);
  const body = options.form.toString();
  // As a browser does: the server refuses a form without this site's Origin.
  return Buffer.from(
    `POST ${head}Origin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
