import type { AppLoadContext } from "@remix-run/node";
import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { choices, offlinePracticeAnswers, progressEvents, questions, users } from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { PACK_MAX_BYTES, PACK_SIZE, SYNC_MAX_ANSWERS, type PracticePack } from "#app/domain/practice-pack.ts";
import { buildPracticePack } from "#app/models/practice-packs.server.ts";
import { setQuestionReserved } from "#app/models/questions.server.ts";
import { loader as packLoader } from "#app/routes/luyen-tap.goi.$topicId.ts";
import { action as syncAction } from "#app/routes/luyen-tap.goi.dong-bo.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, publishEdit, T0 } from "./fixtures.ts";

const WEEK = 7 * 24 * HOUR;
let ipCounter = 0;
const context = () => ({ clientIp: `198.51.100.${++ipCounter}`, cspNonce: "" }) as AppLoadContext;

async function fetchPack(topicId: string) {
  const response = await packLoader({
    request: new Request(`http://localhost/luyen-tap/goi/${topicId}`),
    params: { topicId },
    context: context(),
  });
  return { status: response.status, body: (await response.json()) as PracticePack & { error?: string } };
}

function organiser() {
  return db.insert(users).values({ name: "Ban tổ chức", role: "organiser", createdAt: T0 }).returning().get();
}

/** Every question of the topic that is reserved after this (the first `n` by id). */
async function reserveFirst(topicId: string, n: number, at: number) {
  const ids = db
    .select({ id: questions.id })
    .from(questions)
    .where(and(eq(questions.topicId, topicId), isNotNull(questions.publishedRevisionId)))
    .orderBy(questions.id)
    .limit(n)
    .all()
    .map((q) => q.id);
  const editor = organiser();
  for (const id of ids) await setQuestionReserved(id, true, editor.id, at);
  return ids;
}

describe("a practice pack", () => {
  test("holds published questions of the topic with their key, explanation and source", async () => {
    const { status, body } = await fetchPack("lua-dao");
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["createdAt", "questions", "topicId", "topicName"]);
    expect(body.topicName).toBe("Nhận diện lừa đảo trực tuyến");
    expect(body.questions).toHaveLength(PACK_SIZE);
    expect(new Set(body.questions.map((q) => q.id)).size).toBe(PACK_SIZE);
    for (const q of body.questions) {
      expect(Object.keys(q).sort()).toEqual([
        "choices",
        "explanation",
        "id",
        "image",
        "imageAlt",
        "revisionId",
        "source",
        "text",
        "type",
      ]);
      const stored = db
        .select({
          topicId: questions.topicId,
          published: questions.publishedRevisionId,
          reserved: questions.reserved,
        })
        .from(questions)
        .where(eq(questions.id, q.id))
        .get()!;
      expect(stored).toEqual({ topicId: "lua-dao", published: q.revisionId, reserved: false });
      const key = db
        .select({ id: choices.id, correct: choices.isCorrect })
        .from(choices)
        .where(eq(choices.revisionId, q.revisionId))
        .all();
      expect(q.choices.map((c) => ({ id: c.id, correct: c.correct })).sort((a, b) => a.id - b.id)).toEqual(
        key.sort((a, b) => a.id - b.id),
      );
      expect(q.explanation.length).toBeGreaterThan(10);
      expect(q.source.length).toBeGreaterThan(2);
    }
  });

  test("never holds a question reserved for contests, even when no round holds it back from practice", async () => {
    const free = await reserveFirst("dich-vu-cong", 40, T0);
    // Practice may show them now (no round draws the topic) but a pack outlives `now`.
    for (let seed = 1; seed <= 5; seed++) {
      const pack = await buildPracticePack("dich-vu-cong", T0, seededRng(seed));
      expect(pack.questions.length).toBeGreaterThan(0);
      for (const q of pack.questions) expect(free).not.toContain(q.id);
    }
    // Held back by a coming round as well, like practice.
    const held = await reserveFirst("dinh-danh-dien-tu", 10, T0);
    await createTestContest({}, [{ opensAt: T0 + 8 * WEEK, closesAt: T0 + 9 * WEEK }]);
    const pack = await buildPracticePack("dinh-danh-dien-tu", T0 + 8 * WEEK + HOUR, seededRng(1));
    for (const q of pack.questions) expect(held).not.toContain(q.id);
  });

  test("stays within its size limit, with fewer questions when they are long", async () => {
    for (const topicId of ["lua-dao", "mang-xa-hoi", "dinh-danh-dien-tu"]) {
      const { body } = await fetchPack(topicId);
      expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeLessThanOrEqual(PACK_MAX_BYTES);
    }
    const revisionIds = db
      .select({ id: questions.publishedRevisionId })
      .from(questions)
      .where(eq(questions.topicId, "ky-nang-so"))
      .all()
      .map((q) => q.id!);
    for (const revisionId of revisionIds)
      publishEdit(db.$client, revisionId, { explanation: "Giải thích rất dài. ".repeat(300) });
    const { status, body } = await fetchPack("ky-nang-so");
    expect(status).toBe(200);
    expect(body.questions.length).toBeGreaterThan(0);
    expect(body.questions.length).toBeLessThan(PACK_SIZE);
    expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeLessThanOrEqual(PACK_MAX_BYTES);
  });

  test("an unknown or malformed topic is a Vietnamese 404", async () => {
    for (const topicId of ["khong-co", "../../etc", "LUA DAO"]) {
      const { status, body } = await fetchPack(topicId);
      expect(status).toBe(404);
      expect(body.error).toBe("Không tìm thấy chủ đề này.");
    }
  });
});

describe("syncing answers given offline", () => {
  async function signedIn() {
    const { userId } = createResident(3, "Người luyện tập");
    const request = new Request("http://localhost/");
    return {
      userId,
      cookie: (await commitSessionCookie(request, await createSession(userId))).split(";")[0]!,
    };
  }

  async function sync(cookie: string | null, answers: unknown, raw?: string) {
    const request = new Request("http://localhost/luyen-tap/goi/dong-bo", {
      method: "POST",
      headers: cookie ? { Cookie: cookie } : {},
      body: new URLSearchParams({ "cau-tra-loi": raw ?? JSON.stringify(answers) }),
    });
    const response = await syncAction({ request, params: {}, context: context() });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function packAnswers() {
    const pack = await buildPracticePack("mang-xa-hoi", Date.now(), seededRng(11));
    const now = Date.now();
    const right = (i: number) => {
      const q = pack.questions[i]!;
      return {
        questionId: q.id,
        revisionId: q.revisionId,
        choiceIds: q.choices.filter((c) => c.correct).map((c) => c.id),
        answeredAt: now - 60_000 + i,
      };
    };
    const wrong = (i: number) => {
      const q = pack.questions[i]!;
      return { ...right(i), choiceIds: [q.choices.find((c) => !c.correct)!.id] };
    };
    return { pack, right, wrong };
  }

  const xpOf = (userId: number) =>
    db
      .select({ amount: progressEvents.amount })
      .from(progressEvents)
      .where(and(eq(progressEvents.userId, userId), eq(progressEvents.kind, "xp")))
      .all()
      .reduce((sum, e) => sum + e.amount, 0);

  test("counts right answers for XP once, and a resent queue records nothing twice", async () => {
    const { userId, cookie } = await signedIn();
    const { right, wrong } = await packAnswers();
    const queue = [right(0), right(1), wrong(2)];
    const first = await sync(cookie, queue);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ counted: 3, repeated: 0, skipped: 0, xp: 10 });
    expect(xpOf(userId)).toBe(10);
    const again = await sync(cookie, queue);
    expect(again.body).toMatchObject({ counted: 0, repeated: 3, skipped: 0, xp: 0 });
    expect(xpOf(userId)).toBe(10);
    expect(
      db.select().from(offlinePracticeAnswers).where(eq(offlinePracticeAnswers.userId, userId)).all(),
    ).toHaveLength(3);
    // The same question answered right again later: recorded, but practice XP is for the first right answer.
    const later = { ...right(0), answeredAt: right(0).answeredAt + 1000 };
    expect((await sync(cookie, [later])).body).toMatchObject({ counted: 1, xp: 0 });
    expect(
      db
        .select()
        .from(progressEvents)
        .where(and(eq(progressEvents.userId, userId), eq(progressEvents.kind, "day")))
        .all().length,
    ).toBeGreaterThan(0);
  });

  test("signed out, the queue is refused with 401 so the phone keeps it", async () => {
    const { right } = await packAnswers();
    const { status, body } = await sync(null, [right(0)]);
    expect(status).toBe(401);
    expect(body.error).toBe("Hãy đăng nhập để các câu đã làm ngoại tuyến được tính điểm kinh nghiệm.");
  });

  test("answers too old, or whose question changed or is now kept for contests, are skipped", async () => {
    const { userId, cookie } = await signedIn();
    const { pack, right } = await packAnswers();
    const old = { ...right(0), answeredAt: Date.now() - 8 * 24 * HOUR };
    const future = { ...right(1), answeredAt: Date.now() + 2 * HOUR };
    await setQuestionReserved(pack.questions[2]!.id, true, organiser().id, Date.now());
    db.update(questions)
      .set({ publishedRevisionId: null })
      .where(eq(questions.id, pack.questions[3]!.id))
      .run();
    const { status, body } = await sync(cookie, [old, future, right(2), right(3), right(4)]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ counted: 1, skipped: 4, xp: 5 });
    expect(xpOf(userId)).toBe(5);
  });

  test("hostile or malformed queues are a Vietnamese 400 and record nothing", async () => {
    const { userId, cookie } = await signedIn();
    const { pack, right } = await packAnswers();
    const other = await buildPracticePack("lua-dao", Date.now(), seededRng(3));
    const single = pack.questions.find((q) => q.type !== "multiple")!;
    const singleIndex = pack.questions.indexOf(single);
    const cases: [string, unknown, string?][] = [
      ["not JSON", null, "{nope"],
      ["empty", []],
      ["not a list", { questionId: "x" }],
      ["too many", Array.from({ length: SYNC_MAX_ANSWERS + 1 }, (_, i) => ({ ...right(0), answeredAt: i }))],
      ["extra field", [{ ...right(0), correct: true }]],
      ["no choice", [{ ...right(0), choiceIds: [] }]],
      ["negative id", [{ ...right(0), revisionId: -1 }]],
      ["text id", [{ ...right(0), choiceIds: ["1"] }]],
      ["unknown revision", [{ ...right(0), revisionId: 99_999_999 }]],
      [
        "choice of another question",
        [right(1), { ...right(0), choiceIds: [other.questions[0]!.choices[0]!.id] }],
      ],
      ["revision of another question", [{ ...right(0), questionId: pack.questions[1]!.id }]],
      [
        "two choices on a single-answer question",
        [{ ...right(singleIndex), choiceIds: single.choices.slice(0, 2).map((c) => c.id) }],
      ],
    ];
    for (const [name, answers, raw] of cases) {
      const { status, body } = await sync(cookie, answers, raw);
      expect(status, name).toBe(400);
      expect(body.error, name).toMatch(/^(Danh sách câu trả lời không hợp lệ|Câu trả lời không khớp)/);
    }
    expect(
      db.select().from(offlinePracticeAnswers).where(eq(offlinePracticeAnswers.userId, userId)).all(),
    ).toEqual([]);
    expect(xpOf(userId)).toBe(0);
  });
});
