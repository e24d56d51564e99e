import { describe, expect, test } from "vitest";
import {
  detectFlags,
  fastAnswerFlags,
  maskPhone,
  minimumAnswerMs,
  severalPhonesFlags,
  sharedSourceFlags,
  twinAnswerFlags,
  type AccountFact,
  type AttemptFact,
} from "./fair-play.ts";

const T = Date.UTC(2026, 5, 18, 1);
const MIN = 60_000;

function attempt(id: number, userId: number, gaps: number[], extra: Partial<AttemptFact> = {}): AttemptFact {
  let at = extra.startedAt ?? T;
  return {
    attemptId: id,
    userId,
    startedAt: at,
    startAddress: null,
    answers: gaps.map((gap, i) => ({
      slot: i + 1,
      revisionId: 100 + i,
      choiceIds: [1000 + i * 10],
      answeredAt: (at += gap),
      textLength: 50,
    })),
    ...extra,
  };
}

function account(userId: number, extra: Partial<AccountFact> = {}): AccountFact {
  return {
    userId,
    name: `Người ${userId}`,
    birthYear: 1990 + userId,
    unitId: userId,
    phone: `09120000${String(userId).padStart(2, "0")}`,
    createdAt: T - 24 * 60 * MIN,
    registeredAddress: null,
    devices: [],
    ...extra,
  };
}

describe("fast answers", () => {
  test("the minimum grows with the question's length but never falls under 1.5 s", () => {
    expect(minimumAnswerMs(10)).toBe(1500);
    expect(minimumAnswerMs(200)).toBe(4000);
  });

  test("three answers quicker than reading flag the attempt, with each gap as evidence", () => {
    const [flag, ...rest] = fastAnswerFlags([attempt(1, 1, [800, 900, 10_000, 700, 20_000])]);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ attemptId: 1, kind: "fast_answers" });
    expect(flag!.evidence).toEqual({
      answered: 5,
      fast: [
        { slot: 1, gapMs: 800, minimumMs: 1500, textLength: 50 },
        { slot: 2, gapMs: 900, minimumMs: 1500, textLength: 50 },
        { slot: 4, gapMs: 700, minimumMs: 1500, textLength: 50 },
      ],
    });
  });

  test("two quick answers, or a long question read in a normal time, are not flagged", () => {
    expect(fastAnswerFlags([attempt(1, 1, [800, 900, 10_000, 20_000])])).toEqual([]);
    const long = attempt(2, 2, [3000, 3000, 3000]);
    long.answers.forEach((a) => (a.textLength = 100)); // 2 s needed, 3 s taken
    expect(fastAnswerFlags([long])).toEqual([]);
  });
});

describe("many accounts from one source", () => {
  test("five accounts starting from one address within an hour are all flagged", () => {
    const attempts = [1, 2, 3, 4, 5].map((n) =>
      attempt(n, n, [5000], { startedAt: T + n * 10 * MIN, startAddress: "203.0.113.7" }),
    );
    const flags = sharedSourceFlags(
      attempts,
      [1, 2, 3, 4, 5].map((n) => account(n)),
    );
    expect(flags.map((f) => f.attemptId)).toEqual([1, 2, 3, 4, 5]);
    const group = (flags[0]!.evidence as { groups: { source: string; accounts: unknown[] }[] }).groups[0]!;
    expect(group.source).toBe("203.0.113.7");
    expect(group.accounts).toHaveLength(5);
  });

  test("the same five spread over five hours, or four in an hour, are not", () => {
    const spread = [1, 2, 3, 4, 5].map((n) =>
      attempt(n, n, [5000], { startedAt: T + n * 70 * MIN, startAddress: "203.0.113.7" }),
    );
    expect(sharedSourceFlags(spread, [])).toEqual([]);
    expect(
      sharedSourceFlags(
        spread.slice(0, 4).map((a) => ({ ...a, startedAt: T })),
        [],
      ),
    ).toEqual([]);
  });

  test("registrations from one address and logins on one device count too", () => {
    const attempts = [1, 2, 3, 4, 5].map((n) => attempt(n, n, [5000]));
    const byRegistration = [1, 2, 3, 4, 5].map((n) =>
      account(n, { registeredAddress: "198.51.100.4", createdAt: T - n * MIN }),
    );
    expect(sharedSourceFlags(attempts, byRegistration)).toHaveLength(5);
    const byDevice = [1, 2, 3, 4, 5].map((n) =>
      account(n, { devices: [{ hash: "ab".repeat(32), at: T - n * MIN }] }),
    );
    const flags = sharedSourceFlags(attempts, byDevice);
    expect(flags).toHaveLength(5);
    expect(JSON.stringify(flags[0]!.evidence)).toContain("thiết bị abababab");
  });
});

describe("near-identical attempts", () => {
  test("the same choices at the same moments flag both attempts", () => {
    const a = attempt(1, 1, [20_000, 20_000, 20_000, 20_000, 20_000]);
    const b = attempt(2, 2, [22_000, 20_000, 19_000, 20_000, 21_000]);
    const flags = twinAnswerFlags([a, b, attempt(3, 3, [1, 1, 1, 1, 1], { startedAt: T + 60 * MIN })], []);
    expect(flags.map((f) => [f.attemptId, f.kind])).toEqual([
      [1, "twin_answers"],
      [2, "twin_answers"],
    ]);
    expect(flags[0]!.evidence).toMatchObject({
      matches: [{ attemptId: 2, shared: 5, sameChoices: 5, closeInTime: 5 }],
    });
  });

  test("the same choices at different times, or different choices, are not flagged", () => {
    const a = attempt(1, 1, [20_000, 20_000, 20_000, 20_000, 20_000]);
    const later = attempt(2, 2, [80_000, 20_000, 20_000, 20_000, 20_000], { startedAt: T + 2 * MIN });
    expect(twinAnswerFlags([a, later], [])).toEqual([]);
    const other = attempt(3, 3, [20_000, 20_000, 20_000, 20_000, 20_000]);
    other.answers.forEach((x) => (x.choiceIds = [x.choiceIds[0]! + 1]));
    expect(twinAnswerFlags([a, other], [])).toEqual([]);
  });
});

describe("one person, several phones", () => {
  test("same folded name, birth year and commune flag every account's attempt, phones masked", () => {
    const accounts = [
      account(1, { name: "Nguyễn Văn An", birthYear: 1980, unitId: 9, phone: "0912345678" }),
      account(2, { name: "nguyen van an", birthYear: 1980, unitId: 9, phone: "0987654321" }),
      account(3, { name: "Nguyễn Văn An", birthYear: 1981, unitId: 9 }),
    ];
    const flags = severalPhonesFlags(
      [attempt(1, 1, [5000]), attempt(2, 2, [5000]), attempt(3, 3, [5000])],
      accounts,
    );
    expect(flags.map((f) => f.attemptId)).toEqual([1, 2]);
    expect(flags[0]!.evidence).toEqual({
      birthYear: 1980,
      accounts: [
        { userId: 1, name: "Nguyễn Văn An", phone: "•••••••678" },
        { userId: 2, name: "nguyen van an", phone: "•••••••321" },
      ],
    });
  });

  test("masking keeps only the last three digits", () => {
    expect(maskPhone("0912000001")).toBe("•••••••001");
    expect(maskPhone(null)).toBe("—");
  });
});

test("an ordinary round raises nothing", () => {
  const attempts = [1, 2, 3].map((n) =>
    attempt(n, n, [9000 + n * 700, 12_000, 8000], { startAddress: `203.0.113.${n}` }),
  );
  attempts[1]!.answers.forEach((x) => (x.choiceIds = [7]));
  expect(
    detectFlags(
      attempts,
      [1, 2, 3].map((n) => account(n)),
    ),
  ).toEqual([]);
});
