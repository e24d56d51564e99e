import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import {
  attempts,
  choices,
  offlinePracticeAnswers,
  practiceSessions,
  progressEvents,
  questionRevisions,
  questions,
} from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { vietnamDay } from "#app/domain/timing.ts";
import {
  getAttemptResult,
  saveAnswer,
  settleOverdueAttempts,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { closeRound } from "#app/models/contests.server.ts";
import { answerPractice, startPractice } from "#app/models/practice.server.ts";
import {
  getAttemptProgress,
  getProfile,
  getProgressTotals,
  recordPracticeAnswers,
} from "#app/models/progress.server.ts";
import { setAttemptDisqualified } from "#app/models/results.server.ts";
import { action as profileAction } from "#app/routes/ho-so.tsx";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR, practiceKey, T0 } from "./fixtures.ts";

const DAY = 24 * HOUR;

function events(userId: number, kind: "xp" | "day" | "badge") {
  return db
    .select()
    .from(progressEvents)
    .where(and(eq(progressEvents.userId, userId), eq(progressEvents.kind, kind)))
    .all();
}
const activeBadges = (userId: number) =>
  events(userId, "badge")
    .filter((b) => b.revokedAt === null)
    .map((b) => b.source)
    .sort();

/** Takes an attempt answering the first `right` slots right and the others wrong; returns its id. */
async function takeAttempt(userId: number, roundId: number, right: number, now = T0 + HOUR) {
  const attemptId = await startAttempt(userId, roundId, now, seededRng(userId));
  for (let slot = 1; slot <= 5; slot++) {
    const key = attemptKey(attemptId, slot);
    await saveAnswer(attemptId, userId, slot, slot <= right ? key.correct : [key.wrong[0]!], now + slot);
  }
  return attemptId;
}

/** Questions of a topic with their current published revision, for practice facts. */
function topicQuestions(topicId: string, count: number) {
  return db
    .select({ id: questions.id })
    .from(questions)
    .where(and(eq(questions.topicId, topicId), eq(questions.status, "published")))
    .limit(count)
    .all()
    .map((q) => q.id);
}

/** An answer given offline and synced (the offline pack's table), at the question's published revision. */
function syncedOffline(userId: number, questionId: string, correct: boolean, answeredAt: number) {
  const revisionId = db
    .select({ id: questions.publishedRevisionId })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()!.id!;
  db.insert(offlinePracticeAnswers)
    .values({ userId, questionId, revisionId, choiceIds: [], correct, answeredAt, syncedAt: answeredAt })
    .run();
}

describe("contest XP", () => {
  test("is awarded once per attempt, whichever path settles it, with the first-contest badge", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident(0);
    const attemptId = await takeAttempt(userId, rounds[0]!.id, 2);
    await submitAttempt(attemptId, userId, T0 + HOUR + 60_000);
    await submitAttempt(attemptId, userId, T0 + HOUR + 61_000);
    await getAttemptResult(attemptId, userId, T0 + 2 * HOUR);

    const xp = events(userId, "xp");
    expect(xp).toHaveLength(2);
    expect(xp.every((e) => e.attemptId === attemptId && e.amount === 10)).toBe(true);
    expect(activeBadges(userId)).toEqual(["badge:early-round", "badge:first-contest"]);
    const progress = await getAttemptProgress(userId, attemptId);
    expect(progress).toMatchObject({ xpEarned: 20, level: { xp: 20, name: "Người mới" } });
    expect(progress.badges.map((b) => b.name)).toEqual(["Lần đầu dự thi", "Không đợi phút chót"]);
    expect(progress.goal).toBe("Còn 30 điểm kinh nghiệm nữa để lên cấp “Công dân số tập sự”.");

    // A second attempt earns its own XP but no badge twice.
    const second = await takeAttempt(userId, rounds[0]!.id, 5, T0 + 3 * HOUR);
    await submitAttempt(second, userId, T0 + 3 * HOUR + 60_000);
    expect((await getAttemptProgress(userId, second)).xpEarned).toBe(50);
    expect(activeBadges(userId)).toEqual(["badge:early-round", "badge:first-contest", "badge:perfect-score"]);
  });

  test("an attempt settled by the background job earns its XP too", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident(1);
    await takeAttempt(userId, rounds[0]!.id, 3);
    await settleOverdueAttempts(T0 + 3 * HOUR);
    expect((await getProgressTotals(userId, T0 + 3 * HOUR)).xp).toBe(30);
  });

  test("a round submitted on its last day is not early", async () => {
    const { rounds } = await createTestContest({}, [{ opensAt: T0, closesAt: T0 + 10 * HOUR }]);
    const { userId } = createResident(2);
    const attemptId = await takeAttempt(userId, rounds[0]!.id, 1);
    await submitAttempt(attemptId, userId, T0 + HOUR + 60_000);
    expect(activeBadges(userId)).toEqual(["badge:first-contest"]);
  });

  test("a disqualified attempt's XP is withdrawn, and given back when reinstated", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident(3);
    const attemptId = await takeAttempt(userId, rounds[0]!.id, 4);
    await submitAttempt(attemptId, userId, T0 + HOUR + 60_000);
    const input = { reason: "Trả lời nhanh bất thường", actorId: userId, now: T0 + 2 * HOUR };
    await setAttemptDisqualified(attemptId, { ...input, disqualified: true });
    expect((await getProgressTotals(userId, T0 + 2 * HOUR)).xp).toBe(0);
    await setAttemptDisqualified(attemptId, { ...input, disqualified: false });
    expect((await getProgressTotals(userId, T0 + 2 * HOUR)).xp).toBe(40);
  });
});

describe("practice XP", () => {
  test("only for a signed-in resident's run, and only the first time a question is right", async () => {
    const { userId } = createResident(4);
    const token = await startPractice("lua-dao", T0, seededRng(11), userId);
    await answerPractice(token, 1, practiceKey(token, 1).correct, T0);
    await answerPractice(token, 1, practiceKey(token, 1).correct, T0 + 1);
    await answerPractice(token, 2, [practiceKey(token, 2).wrong[0]!], T0 + 2);
    expect(events(userId, "xp").map((e) => e.amount)).toEqual([5]);

    // The same question again in a new run: no XP.
    const [first] = db
      .select({ items: practiceSessions.items })
      .from(practiceSessions)
      .where(eq(practiceSessions.id, token))
      .get()!.items;
    const again = await startPractice("lua-dao", T0 + DAY, seededRng(12), userId);
    db.update(practiceSessions)
      .set({ items: [first!] })
      .where(eq(practiceSessions.id, again))
      .run();
    await answerPractice(again, 1, practiceKey(again, 1).correct, T0 + DAY);
    expect(events(userId, "xp")).toHaveLength(1);

    // Nor through a newer revision of the same question.
    const revision = db
      .select()
      .from(questionRevisions)
      .where(eq(questionRevisions.id, first!.revisionId))
      .get()!;
    const newer = db
      .insert(questionRevisions)
      .values({ ...revision, id: undefined, number: revision.number + 100, createdAt: T0 + DAY })
      .returning({ id: questionRevisions.id })
      .get();
    const copied = db
      .select()
      .from(choices)
      .where(eq(choices.revisionId, revision.id))
      .all()
      .map((c) =>
        db
          .insert(choices)
          .values({ ...c, id: undefined, revisionId: newer.id })
          .returning()
          .get(),
      );
    const third = await startPractice("lua-dao", T0 + DAY, seededRng(13), userId);
    db.update(practiceSessions)
      .set({ items: [{ revisionId: newer.id, choiceOrder: copied.map((c) => c.id) }] })
      .where(eq(practiceSessions.id, third))
      .run();
    await answerPractice(third, 1, practiceKey(third, 1).correct, T0 + DAY);
    expect(events(userId, "xp")).toHaveLength(1);

    // An anonymous run earns nothing and records nothing.
    const before = db
      .select({ n: sql<number>`count(*)` })
      .from(progressEvents)
      .get()!.n;
    const anonymous = await startPractice("lua-dao", T0, seededRng(11));
    await answerPractice(anonymous, 1, practiceKey(anonymous, 1).correct, T0);
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(progressEvents)
        .get()!.n,
    ).toBe(before);
  });

  test("a signed-in resident's runs are kept past the anonymous runs' week", async () => {
    const { userId } = createResident(5);
    const mine = await startPractice("mang-xa-hoi", T0, seededRng(1), userId);
    const anonymous = await startPractice("mang-xa-hoi", T0, seededRng(2));
    await startPractice("mang-xa-hoi", T0 + 8 * DAY);
    const left = db
      .select({ id: practiceSessions.id })
      .from(practiceSessions)
      .where(inArray(practiceSessions.id, [mine, anonymous]))
      .all();
    expect(left.map((r) => r.id)).toEqual([mine]);
  });

  test("offline answers sent again award nothing twice, and 20 scam questions right earn the badge", async () => {
    const { userId } = createResident(6);
    const facts = topicQuestions("lua-dao", 20).map((questionId, i) => ({
      questionId,
      topicId: "lua-dao",
      correct: true,
      answeredAt: T0 + i * 60_000,
    }));
    const first = await recordPracticeAnswers(userId, facts.slice(0, 19), T0 + HOUR);
    expect(first).toEqual({ xp: 95, badges: [] });
    expect(await recordPracticeAnswers(userId, facts.slice(0, 19), T0 + HOUR)).toEqual({ xp: 0, badges: [] });
    const last = await recordPracticeAnswers(userId, facts, T0 + HOUR);
    expect(last).toEqual({ xp: 5, badges: [{ id: "scam-20", name: "Khắc tinh lừa đảo" }] });
    expect(events(userId, "xp")).toHaveLength(20);
  });

  test("answers dated in the future or long ago are dated within the last week", async () => {
    const { userId } = createResident(7);
    const [a, b] = topicQuestions("dich-vu-cong", 2);
    await recordPracticeAnswers(
      userId,
      [
        { questionId: a!, topicId: "dich-vu-cong", correct: true, answeredAt: T0 + 30 * DAY },
        { questionId: b!, topicId: "dich-vu-cong", correct: false, answeredAt: T0 - 30 * DAY },
      ],
      T0,
    );
    expect(
      events(userId, "day")
        .map((d) => d.at)
        .sort((a, b) => a - b),
    ).toEqual([T0 - 7 * DAY, T0]);
  });
});

describe("streaks", () => {
  test("follow the Vietnam calendar day across midnight, and a week earns the badge", async () => {
    const { userId } = createResident(8);
    const ids = topicQuestions("ky-nang-so", 8);
    // 16:50 UTC is 23:50 in Vietnam; 17:10 UTC is 00:10 the next day there (the same UTC date).
    const lateEvening = Date.UTC(2026, 5, 18, 16, 50);
    const fact = (i: number, at: number) => ({
      questionId: ids[i]!,
      topicId: "ky-nang-so",
      correct: false,
      answeredAt: at,
    });
    await recordPracticeAnswers(userId, [fact(0, lateEvening)], lateEvening);
    const afterMidnight = lateEvening + 20 * 60_000;
    await recordPracticeAnswers(userId, [fact(1, afterMidnight)], afterMidnight);
    expect(vietnamDay(afterMidnight)).toBe(vietnamDay(lateEvening) + 1);
    expect(await getProgressTotals(userId, afterMidnight)).toMatchObject({ streak: 2, activeToday: true });
    // The next morning, before any activity, the streak still stands; a day missed breaks it.
    expect((await getProgressTotals(userId, afterMidnight + 30 * HOUR)).streak).toBe(2);
    expect((await getProgressTotals(userId, afterMidnight + 2 * DAY)).streak).toBe(0);

    for (let day = 1; day <= 5; day++) {
      const at = afterMidnight + day * DAY;
      const award = await recordPracticeAnswers(userId, [fact(1 + day, at)], at);
      expect(award.badges.map((b) => b.id)).toEqual(day === 5 ? ["streak-7"] : []);
    }
    expect((await getProgressTotals(userId, afterMidnight + 5 * DAY)).bestStreak).toBe(7);
  });
});

describe("the prize badge", () => {
  test("follows the winners when a round is closed again and after a disqualification", async () => {
    const contest = await createTestContest({
      prizeTiers: [{ label: "Giải Nhất", count: 1, unitPoints: 10 }],
    });
    const round = contest.rounds[0]!;
    const top = createResident(9, "Người thi giỏi");
    const next = createResident(10, "Người thi khá");
    const topAttempt = await takeAttempt(top.userId, round.id, 5);
    await submitAttempt(topAttempt, top.userId, T0 + HOUR + 60_000);
    const nextAttempt = await takeAttempt(next.userId, round.id, 4);
    await submitAttempt(nextAttempt, next.userId, T0 + HOUR + 60_000);

    await closeRound(round.id, round.closesAt);
    await closeRound(round.id, round.closesAt + HOUR, null);
    expect(activeBadges(top.userId)).toContain("badge:prize");
    expect(activeBadges(next.userId)).not.toContain("badge:prize");
    expect(events(top.userId, "badge").filter((b) => b.source === "badge:prize")).toHaveLength(1);

    const input = { reason: "Một người hai tài khoản", actorId: next.userId, now: round.closesAt + 2 * HOUR };
    await setAttemptDisqualified(topAttempt, { ...input, disqualified: true });
    expect(activeBadges(top.userId)).not.toContain("badge:prize");
    expect(events(top.userId, "badge").find((b) => b.source === "badge:prize")?.revokedAt).toBe(input.now);
    expect(activeBadges(next.userId)).toContain("badge:prize");

    await setAttemptDisqualified(topAttempt, { ...input, disqualified: false });
    expect(activeBadges(top.userId)).toContain("badge:prize");
    expect(activeBadges(next.userId)).not.toContain("badge:prize");
  });
});

describe("events", () => {
  test("recompute to the same totals as the attempts and practice runs they came from", async () => {
    const { rounds } = await createTestContest();
    const { userId } = createResident(11);
    for (const [i, right] of [3, 1, 5].entries()) {
      const attemptId = await takeAttempt(userId, rounds[0]!.id, right, T0 + (i + 1) * HOUR);
      await submitAttempt(attemptId, userId, T0 + (i + 1) * HOUR + 60_000);
    }
    for (const seed of [21, 22, 23]) {
      const token = await startPractice("lua-dao", T0 + seed * HOUR, seededRng(seed), userId);
      for (let slot = 1; slot <= 10; slot++) {
        const key = practiceKey(token, slot);
        await answerPractice(token, slot, slot % 3 ? key.correct : [key.wrong[0]!], T0 + seed * HOUR);
      }
    }

    const contestXp = db
      .select({ xp: sql<number>`sum(${attempts.score}) * 10` })
      .from(attempts)
      .where(and(eq(attempts.userId, userId), isNull(attempts.disqualifiedAt)))
      .get()!.xp;
    const profile = await getProfile(userId, T0 + 30 * HOUR);
    const rightQuestions = new Set<string>();
    for (const run of db.select().from(practiceSessions).where(eq(practiceSessions.userId, userId)).all())
      run.items.forEach((item, index) => {
        const chosen = run.answers[String(index + 1)];
        const correct = db
          .select({ id: choices.id })
          .from(choices)
          .where(and(eq(choices.revisionId, item.revisionId), eq(choices.isCorrect, true)))
          .all()
          .map((c) => c.id);
        const revision = db
          .select({ questionId: questionRevisions.questionId })
          .from(questionRevisions)
          .where(eq(questionRevisions.id, item.revisionId))
          .get()!;
        if (chosen && chosen.length === correct.length && chosen.every((id) => correct.includes(id)))
          rightQuestions.add(revision.questionId);
      });
    expect(profile.xp).toBe(contestXp + rightQuestions.size * 5);
    expect(profile.level.xp).toBe(profile.xp);
    expect(profile.attempts.map((a) => a.score)).toEqual([5, 1, 3]);
    expect(profile.practice).toHaveLength(3);
    expect(profile.practice.every((p) => p.answered === 10 && p.correct === 7)).toBe(true);
    const scams = profile.topics.find((t) => t.topicId === "lua-dao")!.mastery!;
    expect(scams.answered).toBe(20);
    expect(profile.weakest).not.toBeNull();
    expect(profile.badges.find((b) => b.id === "first-contest")?.earnedAt).not.toBeNull();
  });
});

describe("the profile", () => {
  test("counts answers synced from an offline pack in mastery", async () => {
    const { userId } = createResident(12);
    const ids = topicQuestions("du-lieu-ca-nhan", 4);
    for (const [i, questionId] of ids.entries()) syncedOffline(userId, questionId, i === 0, T0 + i);
    const profile = await getProfile(userId, T0 + HOUR);
    expect(profile.topics.find((t) => t.topicId === "du-lieu-ca-nhan")?.mastery).toMatchObject({
      answered: 4,
      correct: 1,
    });
    expect(profile.weakest?.topicId).toBe("du-lieu-ca-nhan");
  });

  test("“Luyện chủ đề yếu nhất” starts the weakest topic, and says so in Vietnamese when there is none yet", async () => {
    const { userId } = createResident(13);
    const cookie = (
      await commitSessionCookie(new Request("http://localhost/"), await createSession(userId))
    ).split(";")[0]!;
    const post = () =>
      profileAction({
        request: new Request("http://localhost/ho-so", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: "",
        }),
        params: {},
        context: { clientIp: "203.0.113.13", cspNonce: "" },
      });
    expect(await post()).toMatchObject({
      init: { status: 409 },
      data: { error: expect.stringMatching(/^Bạn chưa/) },
    });

    const ids = topicQuestions("mang-xa-hoi", 3);
    for (const [i, questionId] of ids.entries()) syncedOffline(userId, questionId, false, T0 + i);
    const response = (await post()) as Response;
    expect(response.status).toBe(302);
    const token = /^\/luyen-tap\/([a-z2-7]{32})\/1$/.exec(response.headers.get("Location") ?? "")?.[1];
    const run = db.select().from(practiceSessions).where(eq(practiceSessions.id, token!)).get();
    expect(run).toMatchObject({ topicId: "mang-xa-hoi", userId });
  });
});
