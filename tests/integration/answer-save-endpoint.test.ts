// The background answer save answered from the request event (app/endpoints/answer-save.server.ts), through a
// real HTTP server, as server.ts mounts it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { answers, attempts, sessions } from "#db/schema.ts";
import { answerSaveEndpoint } from "#app/endpoints/answer-save.server.ts";
import { startAttempt } from "#app/models/attempts.server.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR } from "./fixtures.ts";

let base: string;
let server: http.Server;
// Behind one trusted proxy, the origin the browser used comes from X-Forwarded-Proto and X-Forwarded-Host.
let proxied: string;
let behindProxy: http.Server;

async function listen(trustProxy: number) {
  const s = http.createServer((req, res) => void answerSaveEndpoint(req, res, trustProxy));
  s.listen(0, "127.0.0.1");
  await new Promise((resolve) => s.once("listening", resolve));
  return { s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  ({ s: server, url: base } = await listen(0));
  ({ s: behindProxy, url: proxied } = await listen(1));
});
afterAll(() => {
  server.close();
  behindProxy.close();
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function post(
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  server = base,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server}${path}`,
      { method: "POST", headers: { Origin: server, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function residentInOpenRound(communeIndex = 0) {
  const now = Date.now();
  const { rounds } = await createTestContest({}, [{ opensAt: now - HOUR, closesAt: now + HOUR }]);
  const { userId } = createResident(communeIndex);
  const attemptId = await startAttempt(userId, rounds[0]!.id, now - 60_000);
  const token = await createSession(userId);
  const cookie = (await commitSessionCookie(new Request("http://localhost/"), token)).split(";")[0]!;
  return { userId, attemptId, cookie, token };
}

const urlencoded = { "Content-Type": "application/x-www-form-urlencoded" };
const savedChoices = (attemptId: number, slot: number) =>
  db
    .select({ choiceIds: answers.choiceIds })
    .from(answers)
    .where(and(eq(answers.attemptId, attemptId), eq(answers.slot, slot)))
    .get()?.choiceIds;

describe("POST /bai-thi/:id/luu", () => {
  test("saves the answer, idempotently, from a URL-encoded or a multipart form", async () => {
    const { attemptId, cookie } = await residentInOpenRound();
    const { correct, wrong } = attemptKey(attemptId, 1);
    const form = new URLSearchParams({ slot: "1", choice: String(wrong[0]) }).toString();
    for (let i = 0; i < 2; i++) {
      const reply = await post(`/bai-thi/${attemptId}/luu`, { ...urlencoded, Cookie: cookie }, form);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ saved: true });
      expect(reply.headers["cache-control"]).toBe("no-store");
    }
    expect(savedChoices(attemptId, 1)).toHaveLength(1);

    // A page loaded before the script sent URL-encoded forms still sends multipart.
    const multipart = new FormData();
    multipart.set("slot", "1");
    multipart.append("choice", String(correct[0]));
    const encoded = new Response(multipart);
    const reply = await post(
      `/bai-thi/${attemptId}/luu`,
      { "Content-Type": encoded.headers.get("Content-Type")!, Cookie: cookie },
      Buffer.from(await encoded.arrayBuffer()),
    );
    expect(reply.status).toBe(200);
    expect(savedChoices(attemptId, 1)).toHaveLength(1);
  });

  test("refuses with the same Vietnamese messages as before", async () => {
    const { attemptId, cookie } = await residentInOpenRound(1);
    const other = await residentInOpenRound(2);
    const save = (id: number, form: Record<string, string>, headers: Record<string, string> = {}) =>
      post(
        `/bai-thi/${id}/luu`,
        { ...urlencoded, Cookie: cookie, ...headers },
        new URLSearchParams(form).toString(),
      );
    const error = async (reply: Promise<Reply>) => {
      const r = await reply;
      return [r.status, (JSON.parse(r.body) as { error: string }).error];
    };

    expect(await error(save(attemptId, { slot: "1", choice: "1" }, { Cookie: "cds_session=bad" }))).toEqual([
      401,
      "Phiên đăng nhập đã hết. Hãy đăng nhập lại.",
    ]);
    expect(await error(save(other.attemptId, { slot: "1", choice: "1" }))).toEqual([
      404,
      "Không tìm thấy bài thi này.",
    ]);
    expect(await error(save(attemptId, { slot: "99", choice: "1" }))).toEqual([
      404,
      "Không có câu hỏi này trong bài thi.",
    ]);
    expect(await error(save(attemptId, { slot: "1", choice: "9" }))).toEqual([
      400,
      "Lựa chọn không thuộc câu hỏi này.",
    ]);
    expect(await error(save(attemptId, { slot: "abc" }))).toEqual([400, "Câu trả lời không hợp lệ."]);
    expect(
      await error(
        post(`/bai-thi/${attemptId}/luu`, { "Content-Type": "application/json", Cookie: cookie }, "{}"),
      ),
    ).toEqual([415, "Dữ liệu gửi lên không phải một biểu mẫu."]);
    const foreign = await post(
      `/bai-thi/${attemptId}/luu`,
      { ...urlencoded, Cookie: cookie, Origin: "https://evil.example" },
      "slot=1",
    );
    expect(foreign.status).toBe(403);
    const huge = await post(
      `/bai-thi/${attemptId}/luu`,
      { ...urlencoded, Cookie: cookie, "Transfer-Encoding": "chunked" },
      `slot=1&x=${"a".repeat(10_000)}`,
    );
    expect(huge.status).toBe(413);

    db.update(attempts)
      .set({ deadlineAt: Date.now() - 10 * 60_000 })
      .where(eq(attempts.id, attemptId))
      .run();
    expect(await error(save(attemptId, { slot: "1", choice: "1" }))).toEqual([
      409,
      "Đã hết giờ làm bài. Câu trả lời này không được ghi nhận.",
    ]);
    // The late answer settled the attempt: the next refusal says it was submitted.
    expect(await error(save(attemptId, { slot: "1", choice: "1" }))).toEqual([
      409,
      "Bài thi đã được nộp, không thể sửa câu trả lời.",
    ]);
  });

  test("the guards of every form post: security headers, declared size, origin as the browser sees it", async () => {
    const { attemptId, cookie } = await residentInOpenRound(5);
    const path = `/bai-thi/${attemptId}/luu`;
    const saved = await post(path, { ...urlencoded, Cookie: cookie }, "slot=1&choice=1");
    expect(saved.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "same-origin",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
    expect(saved.headers["strict-transport-security"]).toBeUndefined();

    // A declared body over 4 KB is refused before it is read, and the connection closed.
    const declared = await post(
      path,
      { ...urlencoded, Cookie: cookie, "Content-Length": "5000" },
      `slot=1&x=${"a".repeat(4990)}`,
    );
    expect([declared.status, declared.headers.connection]).toEqual([413, "close"]);

    // Without Origin, the browser's Sec-Fetch-Site must vouch for the request.
    const noOrigin = { ...urlencoded, Cookie: cookie, Origin: "" };
    expect((await post(path, noOrigin, "slot=1&choice=1")).status).toBe(403);
    expect(
      (await post(path, { ...noOrigin, "Sec-Fetch-Site": "same-origin" }, "slot=1&choice=1")).status,
    ).toBe(200);

    // Behind a trusted proxy the browser's origin is the forwarded one, over https (so HSTS is sent); the
    // same headers from anyone else do not count.
    const forwarded = {
      ...urlencoded,
      Cookie: cookie,
      Origin: "https://thi.example.vn",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "thi.example.vn",
    };
    const viaProxy = await post(path, forwarded, "slot=1&choice=1", proxied);
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.headers["strict-transport-security"]).toMatch(/max-age=/);
    expect((await post(path, forwarded, "slot=1&choice=1")).status).toBe(403);
  });

  test("a session with less than half its life left is extended, and the cookie renewed", async () => {
    const { attemptId, cookie, token } = await residentInOpenRound(3);
    db.update(sessions)
      .set({ expiresAt: Date.now() + 24 * HOUR })
      .where(eq(sessions.id, token.split(".")[0]!))
      .run();
    const reply = await post(
      `/bai-thi/${attemptId}/luu`,
      { ...urlencoded, Cookie: cookie },
      "slot=1&choice=1",
    );
    expect(reply.status).toBe(200);
    expect(String(reply.headers["set-cookie"])).toMatch(/^cds_session=/);
  });

  test("a resident's saves are limited per minute; a refusal says to wait (429)", async () => {
    const { attemptId, cookie } = await residentInOpenRound(4);
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      statuses.push(
        (await post(`/bai-thi/${attemptId}/luu`, { ...urlencoded, Cookie: cookie }, "slot=1&choice=1"))
          .status,
      );
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    const refused = await post(
      `/bai-thi/${attemptId}/luu`,
      { ...urlencoded, Cookie: cookie },
      "slot=1&choice=1",
    );
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({
      error: "Bạn gửi câu trả lời quá nhanh. Hãy đợi một lát rồi thử lại.",
    });
  });

  test("refused saves count too: a script probing other attempts or missing slots is limited (429)", async () => {
    const { attemptId, cookie } = await residentInOpenRound(5);
    const other = await residentInOpenRound(6);
    const save = (id: number, form: string) =>
      post(`/bai-thi/${id}/luu`, { ...urlencoded, Cookie: cookie }, form).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await save(other.attemptId, "slot=1&choice=1"));
    for (let i = 0; i < 60; i++) statuses.push(await save(attemptId, "slot=99&choice=1"));
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(60).every((s) => s === 404)).toBe(true);
    expect(await save(attemptId, "slot=1&choice=1")).toBe(429);
    expect(await save(other.attemptId, "slot=1&choice=1")).toBe(429);
  });
});
