import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import {
  attempts,
  choices,
  contests,
  practiceSessions,
  questionRevisions,
  questions,
  users,
} from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import {
  getAttemptResult,
  getQuestionForResident,
  saveAnswer,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { answerPractice, getPracticeQuestion, startPractice } from "#app/models/practice.server.ts";
import {
  changeQuestionStatus,
  countPracticeByTopic,
  getQuestionDetail,
  listQuestions,
  saveQuestion,
  setQuestionReserved,
  type RevisionContent,
} from "#app/models/questions.server.ts";
import { action as questionPageAction } from "#app/routes/bai-thi.$attemptId.cau.$slot.tsx";
import { loader as resultLoader } from "#app/routes/bai-thi.$attemptId.ket-qua.tsx";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, practiceKey, rejection, T0 } from "./fixtures.ts";

const WEEK = 7 * 24 * HOUR;
// Rounds of the reserved-question tests open well after T0, so the other tests' contests (open from T0) do not
// hold anything back then.
const LATER = T0 + 8 * WEEK;

describe("the answer key cannot be read from the page", () => {
  test("stored choice ids follow neither correctness nor the author's order", () => {
    const rows = db
      .select({
        revisionId: choices.revisionId,
        id: choices.id,
        position: choices.position,
        correct: choices.isCorrect,
      })
      .from(choices)
      .innerJoin(questionRevisions, eq(questionRevisions.id, choices.revisionId))
      .where(eq(questionRevisions.type, "single"))
      .all();
    const byRevision = new Map<number, typeof rows>();
    for (const row of rows) byRevision.set(row.revisionId, [...(byRevision.get(row.revisionId) ?? []), row]);
    let lowestIsCorrect = 0;
    let idsInAuthorOrder = 0;
    for (const list of byRevision.values()) {
      const byId = [...list].sort((a, b) => a.id - b.id);
      if (byId[0]!.correct) lowestIsCorrect++;
      if (byId.every((c, i) => c.position === i)) idsInAuthorOrder++;
    }
    // About one in three by chance (three or four choices each); every one of them before the fix.
    expect(byRevision.size).toBeGreaterThan(100);
    expect(lowestIsCorrect / byRevision.size).toBeLessThan(0.5);
    expect(idsInAuthorOrder / byRevision.size).toBeLessThan(0.5);
  });

  test("choosing the smallest value on every question scores no better than chance", async () => {
    const { rounds } = await createTestContest({ attemptsPerRound: 100 });
    let score = 0;
    let asked = 0;
    for (let i = 0; i < 20; i++) {
      const { userId } = createResident(i);
      const id = await startAttempt(userId, rounds[0]!.id, T0 + HOUR, seededRng(100 + i));
      for (let slot = 1; slot <= 5; slot++) {
        const { question } = await getQuestionForResident(id, userId, slot, T0 + HOUR);
        const values = question.choices.map((c) => c.place);
        expect(values).toEqual(values.map((_, index) => index + 1));
        await saveAnswer(id, userId, slot, [Math.min(...values)], T0 + HOUR + slot);
        asked++;
      }
      await submitAttempt(id, userId, T0 + HOUR + 60_000);
      score += (await getAttemptResult(id, userId, T0 + HOUR + 60_000))!.attempt.score;
    }
    // Chance is about a third; the old forms (choice ids, key first) gave 8 in 10.
    expect(score / asked).toBeLessThan(0.55);
  });
});

const content: RevisionContent = {
  type: "single",
  difficulty: 1,
  text: "Khi có người lạ nhắn tin xin mã OTP, bạn nên làm gì?",
  choices: [
    { text: "Không đưa mã OTP cho bất kỳ ai", correct: true },
    { text: "Gửi mã OTP cho họ", correct: false },
  ],
  explanation: "Mã OTP chỉ dành cho chính bạn; ngân hàng và cơ quan nhà nước không bao giờ hỏi mã này.",
  source: "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
  checked: "2026-06-18",
  skill: "bao-ve-tai-khoan",
};

function organiser(name: string, role: "organiser" | "admin" = "organiser") {
  const { id } = db.insert(users).values({ name, role, createdAt: T0 }).returning({ id: users.id }).get();
  return { id, role };
}

describe("review needs a second person", () => {
  test("the last editor cannot review their own revision; someone else can, then anyone publishes", async () => {
    const author = organiser("Người soạn");
    const reviewer = organiser("Người duyệt");
    const { id } = await saveQuestion({ topicId: "lua-dao", content }, author.id, T0);
    const own = await rejection(changeQuestionStatus(id, "review", author, T0 + 1));
    expect(own.status).toBe(403);
    expect(own.message).toContain("không thể tự duyệt");
    expect((await getQuestionDetail(id))?.status).toBe("draft");
    // Asking for the override is for admins only.
    expect(
      (await rejection(changeQuestionStatus(id, "review", author, T0 + 1, { override: true }))).status,
    ).toBe(403);
    await changeQuestionStatus(id, "review", reviewer, T0 + 2);
    await changeQuestionStatus(id, "publish", author, T0 + 3);
    expect((await getQuestionDetail(id))?.status).toBe("published");

    // The reviewer edits it: now the first author may review, the reviewer may not.
    await saveQuestion(
      { id, topicId: "lua-dao", content: { ...content, difficulty: 2 } },
      reviewer.id,
      T0 + 4,
    );
    expect((await rejection(changeQuestionStatus(id, "review", reviewer, T0 + 5))).status).toBe(403);
    await changeQuestionStatus(id, "review", author, T0 + 6);
    const events = (await getQuestionDetail(id))!.events;
    expect(events.every((e) => !e.override)).toBe(true);
  });

  test("an admin may review their own revision, and the history records the override", async () => {
    const admin = organiser("Quản trị viên", "admin");
    const { id } = await saveQuestion(
      { topicId: "lua-dao", content: { ...content, text: `${content.text} (2)` } },
      admin.id,
      T0,
    );
    expect((await rejection(changeQuestionStatus(id, "review", admin, T0 + 1))).status).toBe(403);
    await changeQuestionStatus(id, "review", admin, T0 + 2, { override: true });
    const detail = (await getQuestionDetail(id))!;
    expect(detail.status).toBe("reviewed");
    expect(detail.events[0]).toMatchObject({ action: "reviewed", userName: "Quản trị viên", override: true });
  });
});

describe("questions reserved for contests", () => {
  const reservedIds = () =>
    db
      .select({ id: questions.id })
      .from(questions)
      .where(eq(questions.topicId, "dinh-danh-dien-tu"))
      .orderBy(questions.id)
      .limit(10)
      .all()
      .map((q) => q.id);

  async function practisedQuestionIds(topicId: string, now: number) {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const token = await startPractice(topicId, now, seededRng(seed));
      const run = db
        .select({ items: practiceSessions.items })
        .from(practiceSessions)
        .where(eq(practiceSessions.id, token))
        .get()!;
      for (const item of run.items) {
        const q = db
          .select({ id: questionRevisions.questionId })
          .from(questionRevisions)
          .where(eq(questionRevisions.id, item.revisionId))
          .get()!;
        seen.add(q.id);
      }
    }
    return seen;
  }

  test("stay out of practice while a round that may draw them is open or to come, and come back after", async () => {
    const editor = organiser("Ban tổ chức");
    const reserved = reservedIds();
    for (const id of reserved) await setQuestionReserved(id, true, editor.id, T0);
    const { rounds } = await createTestContest({}, [{ opensAt: LATER, closesAt: LATER + WEEK }]);
    const inTopic = db
      .select({ id: questions.id })
      .from(questions)
      .where(and(eq(questions.topicId, "dinh-danh-dien-tu"), isNotNull(questions.publishedRevisionId)))
      .all().length;
    const split = { practice: inTopic - reserved.length, kept: reserved.length };
    // Held before the round opens too, so the days between two rounds do not give them away.
    expect((await countPracticeByTopic(LATER - 1)).get("dinh-danh-dien-tu")).toEqual(split);
    const during = LATER + HOUR;
    expect((await countPracticeByTopic(during)).get("dinh-danh-dien-tu")).toEqual(split);
    const seen = await practisedQuestionIds("dinh-danh-dien-tu", during);
    expect(seen.size).toBeGreaterThan(10);
    for (const id of reserved) expect(seen.has(id)).toBe(false);
    // A topic the round does not draw keeps its reserved questions in practice.
    await setQuestionReserved("ky-nang-so-001", true, editor.id, during);
    expect((await countPracticeByTopic(during)).get("ky-nang-so")?.kept).toBe(0);

    // The contest still draws them.
    const { userId } = createResident();
    let drawnReserved = false;
    for (let seed = 1; seed <= 10 && !drawnReserved; seed++) {
      const attemptId = await startAttempt(userId, rounds[0]!.id, during, seededRng(seed));
      for (let slot = 1; slot <= 5; slot++) {
        const { question } = await getQuestionForResident(attemptId, userId, slot, during);
        const q = db
          .select({ id: questions.id })
          .from(questions)
          .innerJoin(questionRevisions, eq(questionRevisions.id, questions.publishedRevisionId))
          .where(eq(questionRevisions.text, question.text))
          .get();
        if (q && reserved.includes(q.id)) drawnReserved = true;
      }
      await submitAttempt(attemptId, userId, during + 1000);
    }
    expect(drawnReserved).toBe(true);

    // After the round closes they are back in practice.
    expect((await countPracticeByTopic(LATER + WEEK)).get("dinh-danh-dien-tu")).toEqual({
      practice: inTopic,
      kept: 0,
    });
  });

  test("a draft contest's round does not hold questions back", async () => {
    const editor = organiser("Ban tổ chức");
    for (const id of reservedIds()) await setQuestionReserved(id, true, editor.id, T0);
    const { id } = await createTestContest({}, [{ opensAt: 2 * LATER, closesAt: 2 * LATER + WEEK }]);
    expect((await countPracticeByTopic(2 * LATER + HOUR)).get("dinh-danh-dien-tu")?.kept).toBe(10);
    db.update(contests).set({ status: "draft" }).where(eq(contests.id, id)).run();
    expect((await countPracticeByTopic(2 * LATER + HOUR)).get("dinh-danh-dien-tu")?.kept).toBe(0);
  });

  test("reserving is recorded, listed and filtered in the console", async () => {
    const editor = organiser("Người giữ câu hỏi");
    // After the bank was synced at start-up (the real time), so these events come first in the history.
    const SOON = Date.now() + HOUR;
    await setQuestionReserved("lua-dao-003", true, editor.id, SOON + 1);
    await setQuestionReserved("lua-dao-003", true, editor.id, SOON + 2);
    const detail = (await getQuestionDetail("lua-dao-003"))!;
    expect(detail.reserved).toBe(true);
    expect(detail.events.filter((e) => e.action === "reserved")).toEqual([
      expect.objectContaining({ userName: "Người giữ câu hỏi", at: SOON + 1 }),
    ]);
    const all = { limit: 500, offset: 0 };
    expect((await listQuestions({ reserved: true, topicId: "lua-dao" }, all)).rows.map((r) => r.id)).toEqual([
      "lua-dao-003",
    ]);
    expect((await listQuestions({ reserved: false, topicId: "lua-dao" }, all)).total).toBe(
      (await listQuestions({ topicId: "lua-dao" }, all)).total - 1,
    );
    await setQuestionReserved("lua-dao-003", false, editor.id, SOON + 3);
    expect((await getQuestionDetail("lua-dao-003"))!.events[0]).toMatchObject({ action: "unreserved" });
    expect((await rejection(setQuestionReserved("khong-co", true, editor.id))).status).toBe(404);
  });
});

describe("practice forms carry places too", () => {
  test("the values are 1..n and the feedback speaks in places", async () => {
    const token = await startPractice("lua-dao", T0, seededRng(9));
    const { question } = await getPracticeQuestion(token, 1);
    expect(question.choices.map((c) => c.place)).toEqual(question.choices.map((_, i) => i + 1));
    const key = practiceKey(token, 1);
    await answerPractice(token, 1, key.correct);
    const view = await getPracticeQuestion(token, 1);
    expect(view.answered).toMatchObject({ correct: true, chosen: key.correct, correctPlaces: key.correct });
  });
});

/** A signed-in resident with an attempt started a minute ago in a round open now, and their session cookie. */
async function residentInOpenRound() {
  const now = Date.now();
  const { rounds } = await createTestContest({}, [{ opensAt: now - HOUR, closesAt: now + HOUR }]);
  const { userId } = createResident();
  const attemptId = await startAttempt(userId, rounds[0]!.id, now - 60_000);
  const token = await createSession(userId);
  const cookie = (await commitSessionCookie(new Request("http://localhost/"), token)).split(";")[0]!;
  return { userId, attemptId, cookie };
}

const context = { clientIp: "127.0.0.1", cspNonce: "" };

describe("the result page's notice", () => {
  test("the question page sends a code, and only known codes show their fixed message", async () => {
    const { attemptId, cookie } = await residentInOpenRound();
    db.update(attempts)
      .set({ deadlineAt: Date.now() - 60_000 })
      .where(eq(attempts.id, attemptId))
      .run();
    const late = await questionPageAction({
      request: new Request(`http://localhost/bai-thi/${attemptId}/cau/1`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ choice: "1", go: "2" }),
      }),
      params: { attemptId: String(attemptId), slot: "1" },
      context,
    });
    expect(late).toBeInstanceOf(Response);
    expect((late as Response).headers.get("Location")).toBe(
      `/bai-thi/${attemptId}/ket-qua?khong-luu=het-gio`,
    );

    const notice = async (query: string) => {
      const result = await resultLoader({
        request: new Request(`http://localhost/bai-thi/${attemptId}/ket-qua?${query}`, {
          headers: { Cookie: cookie },
        }),
        params: { attemptId: String(attemptId) },
        context,
      });
      return result.notice;
    };
    expect(await notice("khong-luu=het-gio")).toBe(
      "Đã hết giờ làm bài. Câu trả lời này không được ghi nhận.",
    );
    expect(await notice("khong-luu=da-nop")).toBe("Bài thi đã được nộp, không thể sửa câu trả lời.");
    for (const text of [
      "Đã hết giờ. Hãy gọi 0912 345 678 để nhận thưởng",
      "Bài thi đã được nộp",
      "toString",
      "__proto__",
      "",
    ])
      expect(await notice(new URLSearchParams({ "khong-luu": text }).toString())).toBeNull();
  });
});
