// Item statistics on a seeded set of attempts whose answers are known, so every figure is checked exactly.
import { eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import { answers, attemptItems, attempts, choices, questions, units, users } from "#db/schema.ts";
import { closeRound } from "#app/models/contests.server.ts";
import { getItemStats, itemStatsRefreshedAt, refreshItemStats } from "#app/models/item-stats.server.ts";
import { listQuestions, saveQuestion, type RevisionContent } from "#app/models/questions.server.ts";
import { action as bankAction } from "#app/routes/quan-tri.cau-hoi._index.tsx";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, createTestContest, HOUR, T0 } from "./fixtures.ts";

const SECOND = 1000;
const author = createResident(0, "Người soạn").userId;

const base = {
  difficulty: 1 as const,
  explanation: "Giải thích đủ dài cho câu hỏi thử nghiệm thống kê.",
  source: "Quyết định 757/QĐ-BKHCN",
  checked: "2026-06-01",
  skill: "nhan-dien-lua-dao",
};

/** A console question; returns its revision and its choice ids by text. */
async function question(content: Omit<RevisionContent, keyof typeof base> & Partial<typeof base>) {
  const { id } = await saveQuestion({ topicId: "lua-dao", content: { ...base, ...content } }, author, T0);
  const revisionId = db
    .select({ r: questions.currentRevisionId })
    .from(questions)
    .where(eq(questions.id, id))
    .get()!.r!;
  const ids = new Map(
    db
      .select({ id: choices.id, text: choices.text })
      .from(choices)
      .where(eq(choices.revisionId, revisionId))
      .all()
      .map((c) => [c.text, c.id]),
  );
  return { id, revisionId, choice: (text: string) => ids.get(text)! };
}

const contest = await createTestContest();
const roundId = contest.rounds[0]!.id;

type Seeded = {
  score: number;
  startedAt: number;
  status?: "open" | "submitted";
  disqualified?: boolean;
  /** Slot → revision, chosen choice ids and seconds after the start the answer was saved. */
  answers: { revisionId: number; chosen: number[]; at: number }[];
};

function seedAttempt(a: Seeded): number {
  const { id } = db
    .insert(attempts)
    .values({
      userId: createResident(1).userId,
      roundId,
      startedAt: a.startedAt,
      deadlineAt: a.startedAt + HOUR,
      submittedAt: a.status === "open" ? null : a.startedAt + 10 * 60 * SECOND,
      status: a.status ?? "submitted",
      questionCount: 10,
      score: a.status === "open" ? null : a.score,
      disqualifiedAt: a.disqualified ? a.startedAt + HOUR : null,
    })
    .returning({ id: attempts.id })
    .get();
  a.answers.forEach((answer, index) => {
    const slot = index + 1;
    db.insert(attemptItems)
      .values({ attemptId: id, slot, revisionId: answer.revisionId, choiceOrder: [] })
      .run();
    db.insert(answers)
      .values({ attemptId: id, slot, choiceIds: answer.chosen, answeredAt: a.startedAt + answer.at * SECOND })
      .run();
  });
  return id;
}

describe("item statistics", () => {
  test("every figure of two questions, from ten counted attempts and two that are not", async () => {
    const single = await question({
      type: "single",
      text: "Câu hỏi một đáp án để thử thống kê?",
      choices: [
        { text: "Đúng A", correct: true },
        { text: "Sai B", correct: false },
        { text: "Sai C", correct: false },
      ],
    });
    const multiple = await question({
      type: "multiple",
      text: "Câu hỏi nhiều đáp án để thử thống kê?",
      choices: [
        { text: "Đúng X", correct: true },
        { text: "Đúng Y", correct: true },
        { text: "Sai Z", correct: false },
      ],
    });
    const unseen = await question({
      type: "single",
      text: "Câu hỏi chưa ai gặp trong bài thi?",
      choices: [
        { text: "Có", correct: true },
        { text: "Không", correct: false },
      ],
    });
    const [A, B, C] = [single.choice("Đúng A"), single.choice("Sai B"), single.choice("Sai C")];
    const [X, Y, Z] = [multiple.choice("Đúng X"), multiple.choice("Đúng Y"), multiple.choice("Sai Z")];
    // Attempt i (1..10) scores i/10: the lower 27 % (2 attempts) are i = 1, 2 and the upper ones i = 9, 10.
    const singleChosen = [B, B, A, A, C, A, B, A, A, A];
    // The multiple-choice question was answered in attempts 1..6 only: [X] is incomplete (wrong, but no wrong
    // choice), Z is the wrong choice ticked three times.
    const multipleChosen = [[X], [X, Z], [X, Y], [Z], [Y, X], [X, Y, Z]];
    for (let i = 1; i <= 10; i++) {
      const t1 = 10 * i; // seconds on the single question: 10, 20 … 100
      const t2 = 10 * i - 5; // then on the multiple one: 5, 15 … 55
      const saves = [{ revisionId: single.revisionId, chosen: [singleChosen[i - 1]!], at: t1 }];
      if (i <= 6)
        saves.push({ revisionId: multiple.revisionId, chosen: multipleChosen[i - 1]!, at: t1 + t2 });
      // Attempt 6 answers the second slot first: time counts from the previous save, not the slot order.
      if (i === 6) saves.splice(0, 2, { ...saves[1]!, at: t2 }, { ...saves[0]!, at: t2 + t1 });
      seedAttempt({ score: i, startedAt: T0 + i * HOUR, answers: saves });
    }
    // Not counted: a disqualified attempt and one never submitted, both answering wrongly.
    seedAttempt({
      score: 10,
      startedAt: T0,
      disqualified: true,
      answers: [{ revisionId: single.revisionId, chosen: [C], at: 1 }],
    });
    seedAttempt({
      score: 0,
      startedAt: T0,
      status: "open",
      answers: [{ revisionId: single.revisionId, chosen: [C], at: 1 }],
    });

    await refreshItemStats(T0 + 20 * HOUR);
    expect(await itemStatsRefreshedAt()).toBe(T0 + 20 * HOUR);

    expect(await getItemStats(single.id)).toEqual({
      answered: 10,
      correct: 6,
      topWrongText: "Sai B",
      topWrongCount: 3,
      medianMs: 55_000, // (50 + 60) / 2 seconds
      discrimination: 1, // upper: 2 of 2 right; lower: 0 of 2
      upperCount: 2,
      lowerCount: 2,
      refreshedAt: T0 + 20 * HOUR,
    });
    expect(await getItemStats(multiple.id)).toEqual({
      answered: 6,
      correct: 2,
      topWrongText: "Sai Z",
      topWrongCount: 3,
      medianMs: 30_000, // (25 + 35) / 2 seconds
      discrimination: null, // the upper group never met it
      upperCount: 0,
      lowerCount: 2,
      refreshedAt: T0 + 20 * HOUR,
    });
    expect(await getItemStats(unseen.id)).toBeNull();

    // The list shows the same figures; below 30 answers nothing is labelled, so no filter picks them.
    const listed = await listQuestions({ search: "de thu thong ke" }, { limit: 5000, offset: 0 });
    expect(listed.rows.find((r) => r.id === single.id)?.stats).toMatchObject({ answered: 10, correct: 6 });
    for (const flag of ["easy", "hard", "misleading"] as const)
      expect((await listQuestions({ flag }, { limit: 5000, offset: 0 })).rows.map((r) => r.id)).toEqual([]);
  });

  test("the filters: too easy, too hard, misleading from 30 answers; source checked over 12 months ago", async () => {
    const make = (text: string, checked = "2026-06-01") =>
      question({
        type: "single",
        text,
        checked,
        choices: [
          { text: "Phải", correct: true },
          { text: "Trái", correct: false },
          { text: "Giữa", correct: false },
        ],
      });
    const easy = await make("Câu dễ: 27 trong 30 lượt đúng?");
    const hard = await make("Câu khó: 6 trong 30 lượt đúng?");
    const misleading = await make("Câu gây nhầm: 12 đúng, 13 chọn Trái?");
    const almost = await make("Câu 29 lượt, đúng cả 29?");
    const old = await make("Câu có nguồn kiểm tra đã lâu?", "2025-06-17");
    const pick = (q: Awaited<ReturnType<typeof make>>, right: number, left: number, middle: number) => [
      ...Array<number>(right).fill(q.choice("Phải")),
      ...Array<number>(left).fill(q.choice("Trái")),
      ...Array<number>(middle).fill(q.choice("Giữa")),
    ];
    const plan = [
      [easy, pick(easy, 27, 3, 0)],
      [hard, pick(hard, 6, 20, 4)],
      [misleading, pick(misleading, 12, 13, 5)],
      [almost, pick(almost, 29, 0, 0)],
    ] as const;
    for (let i = 0; i < 30; i++) {
      const saves = plan.flatMap(([q, chosen], slot) =>
        chosen[i] === undefined
          ? []
          : [{ revisionId: q.revisionId, chosen: [chosen[i]!], at: 10 * (slot + 1) }],
      );
      seedAttempt({ score: 5, startedAt: T0 + 30 * HOUR + i * HOUR, answers: saves });
    }
    await refreshItemStats(T0 + 80 * HOUR);
    const ids = async (flag: "easy" | "hard" | "misleading" | "stale_source", now = T0) =>
      (await listQuestions({ flag, now }, { limit: 5000, offset: 0 })).rows
        .map((r) => r.id)
        .filter((id) => [easy, hard, misleading, almost, old].some((q) => q.id === id))
        .sort();
    expect(await ids("easy")).toEqual([easy.id]);
    expect(await ids("hard")).toEqual([hard.id]);
    // Below 20 % right, the wrong answers outnumber the right one: a hard question is misleading too.
    expect(await ids("misleading")).toEqual([hard.id, misleading.id].sort());
    // 18/06/2026 in Vietnam: checked on 17/06/2025 is more than 12 months ago, 01/06/2026 is not.
    expect(await ids("stale_source")).toEqual([old.id]);
    expect(await getItemStats(misleading.id)).toMatchObject({
      answered: 30,
      correct: 12,
      topWrongText: "Trái",
      topWrongCount: 13,
    });
  });

  test("closing a round refreshes them", async () => {
    const before = await itemStatsRefreshedAt();
    await closeRound(roundId, T0 + 8 * 24 * HOUR);
    expect(await itemStatsRefreshedAt()).toBe(T0 + 8 * 24 * HOUR);
    expect(before).not.toBe(T0 + 8 * 24 * HOUR);
  });
});

describe("the console's “Cập nhật thống kê”", () => {
  test("recomputes at most once a minute, whoever presses it", async () => {
    const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
    const organiser = db
      .insert(users)
      .values({ name: "Người bấm cập nhật", role: "organiser", scopeUnitId: province.id, createdAt: T0 })
      .returning({ id: users.id })
      .get();
    const cookie = (
      await commitSessionCookie(new Request("http://localhost/"), await createSession(organiser.id))
    ).split(";")[0]!;
    const press = () =>
      bankAction({
        request: new Request("http://localhost/quan-tri/cau-hoi", {
          method: "POST",
          headers: { Cookie: cookie },
        }),
        params: {},
        context: { clientIp: "127.0.0.1", cspNonce: "" },
      });
    const start = Date.now() + 10 * HOUR;
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(start);
      await press();
      expect(await itemStatsRefreshedAt()).toBe(start);
      // A second press (a script, or an impatient organiser) within the minute reads nothing again.
      vi.setSystemTime(start + 30_000);
      await press();
      expect(await itemStatsRefreshedAt()).toBe(start);
      vi.setSystemTime(start + 61_000);
      await press();
      expect(await itemStatsRefreshedAt()).toBe(start + 61_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
