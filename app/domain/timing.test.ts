import { describe, expect, test } from "vitest";
import {
  acceptsAnswers,
  attemptDeadline,
  attemptDuration,
  attemptsLeft,
  canStartAttempt,
  isOverdue,
  OUTAGE_THRESHOLD_MS,
  outageExtension,
  outageSince,
  roundState,
  vietnamDay,
  vietnamMidnight,
  submissionTime,
} from "./timing.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (month: number, day: number, hour = 0, minute = 0) =>
  Date.UTC(2025, month - 1, day, hour, minute);

// Round open from Monday 3 March 2025 00:00 UTC to Monday 10 March 00:00 UTC.
const round = { opensAt: utc(3, 3), closesAt: utc(3, 10) };

describe("roundState", () => {
  test("upcoming before opensAt, open from opensAt inclusive, closed from closesAt", () => {
    expect(roundState(round, round.opensAt - 1)).toBe("upcoming");
    expect(roundState(round, round.opensAt)).toBe("open");
    expect(roundState(round, round.closesAt - 1)).toBe("open");
    expect(roundState(round, round.closesAt)).toBe("closed");
    expect(roundState(round, round.closesAt + DAY)).toBe("closed");
  });
});

describe("attemptDeadline", () => {
  test("is start + time limit when the round closes later", () => {
    const start = utc(3, 5, 10);
    expect(attemptDeadline(start, 900, round.closesAt)).toBe(start + 900_000);
  });

  test("is the round close when that comes first", () => {
    const start = round.closesAt - 60_000;
    expect(attemptDeadline(start, 900, round.closesAt)).toBe(round.closesAt);
  });

  test("equal candidates give that same time", () => {
    expect(attemptDeadline(round.closesAt - 900_000, 900, round.closesAt)).toBe(round.closesAt);
  });
});

describe("acceptsAnswers / isOverdue", () => {
  const deadline = utc(3, 5, 10, 15);

  test("accepts up to and including deadline + grace, refuses 1 ms after", () => {
    expect(acceptsAnswers(deadline, 10, deadline - 1)).toBe(true);
    expect(acceptsAnswers(deadline, 10, deadline)).toBe(true);
    expect(acceptsAnswers(deadline, 10, deadline + 10_000)).toBe(true);
    expect(acceptsAnswers(deadline, 10, deadline + 10_001)).toBe(false);
  });

  test("with zero grace the deadline itself is the last accepted instant", () => {
    expect(acceptsAnswers(deadline, 0, deadline)).toBe(true);
    expect(acceptsAnswers(deadline, 0, deadline + 1)).toBe(false);
  });

  test.each([-1, 0, 9_999, 10_000, 10_001, 60_000])(
    "isOverdue is the negation at deadline%+i ms",
    (offset) => {
      const now = deadline + offset;
      expect(isOverdue(deadline, 10, now)).toBe(!acceptsAnswers(deadline, 10, now));
    },
  );

  test("isOverdue turns true exactly 1 ms after deadline + grace", () => {
    expect(isOverdue(deadline, 10, deadline + 10_000)).toBe(false);
    expect(isOverdue(deadline, 10, deadline + 10_001)).toBe(true);
  });
});

describe("attemptDuration", () => {
  const start = utc(3, 5, 10);
  const deadline = start + 900_000;

  test("is the time from start to submission", () => {
    expect(attemptDuration(start, deadline, start + 123_456, 0)).toBe(123_456);
  });

  test("is capped at the deadline for late (grace period) submissions", () => {
    expect(attemptDuration(start, deadline, deadline + 8_000, 0)).toBe(900_000);
    expect(attemptDuration(start, deadline, deadline + DAY, 0)).toBe(900_000);
  });

  test("is never negative", () => {
    expect(attemptDuration(start, deadline, start - 5_000, 0)).toBe(0);
    expect(attemptDuration(start, start - 1_000, start + 5_000, 0)).toBe(0);
  });

  test("leaves out time given back for an outage, also when capped at the moved deadline", () => {
    const paused = 120_000;
    expect(attemptDuration(start, deadline + paused, start + 300_000, paused)).toBe(180_000);
    expect(attemptDuration(start, deadline + paused, deadline + paused + 8_000, paused)).toBe(900_000);
  });
});

describe("outageSince", () => {
  const now = utc(3, 5, 10);

  test("nothing on a first start or after a short restart the grace covers", () => {
    expect(outageSince(null, now)).toBeNull();
    expect(outageSince(now - OUTAGE_THRESHOLD_MS, now)).toBeNull();
  });

  test("from the last heartbeat to now once the gap is longer than the threshold", () => {
    expect(outageSince(now - OUTAGE_THRESHOLD_MS - 1, now)).toEqual({
      fromAt: now - OUTAGE_THRESHOLD_MS - 1,
      toAt: now,
    });
  });
});

describe("outageExtension", () => {
  const outage = { fromAt: utc(3, 5, 10), toAt: utc(3, 5, 10, 7) };

  test("an attempt running at the last heartbeat gets the whole outage back", () => {
    expect(outageExtension({ status: "open", deadlineAt: outage.fromAt + 1 }, outage)).toBe(7 * 60_000);
    expect(outageExtension({ status: "open", deadlineAt: outage.toAt + HOUR }, outage)).toBe(7 * 60_000);
  });

  test("nothing for attempts submitted or already out of time when the server went away", () => {
    expect(outageExtension({ status: "submitted", deadlineAt: outage.toAt }, outage)).toBe(0);
    expect(outageExtension({ status: "open", deadlineAt: outage.fromAt }, outage)).toBe(0);
  });
});

describe("vietnamDay", () => {
  test("changes at 17:00 UTC, which is midnight in Vietnam (UTC+7)", () => {
    const before = utc(3, 4, 16, 59) + 59_999; // 23:59:59.999 on 4 March in Vietnam
    const midnight = utc(3, 4, 17); // 00:00 on 5 March in Vietnam
    expect(vietnamDay(midnight)).toBe(vietnamDay(before) + 1);
    expect(vietnamDay(midnight)).toBe(utc(3, 5) / DAY);
    expect(vietnamDay(before)).toBe(utc(3, 4) / DAY);
  });

  test("one Vietnamese day spans 17:00 UTC to 16:59:59.999 UTC the next day", () => {
    const day = vietnamDay(utc(3, 4, 17));
    expect(vietnamDay(utc(3, 5, 0))).toBe(day); // 07:00 in Vietnam
    expect(vietnamDay(utc(3, 5, 17) - 1)).toBe(day);
    expect(vietnamDay(utc(3, 5, 17))).toBe(day + 1);
  });
});

describe("canStartAttempt", () => {
  const rules = { attemptsPerRound: 3, attemptsPerDay: 1 };
  const now = utc(3, 5, 3); // 10:00 on 5 March in Vietnam

  test("not_open_yet before the round opens, closed from closesAt", () => {
    expect(canStartAttempt(round, rules, [], round.opensAt - 1)).toEqual({
      ok: false,
      reason: "not_open_yet",
    });
    expect(canStartAttempt(round, rules, [], round.opensAt)).toEqual({ ok: true });
    expect(canStartAttempt(round, rules, [], round.closesAt - 1)).toEqual({ ok: true });
    expect(canStartAttempt(round, rules, [], round.closesAt)).toEqual({ ok: false, reason: "closed" });
  });

  test("closed wins over exhausted limits", () => {
    const starts = [utc(3, 3, 1), utc(3, 4, 1), utc(3, 5, 1)];
    expect(canStartAttempt(round, rules, starts, round.closesAt)).toEqual({ ok: false, reason: "closed" });
  });

  test("round_limit once attemptsPerRound starts exist, even with no daily limit", () => {
    const starts = [utc(3, 3, 1), utc(3, 4, 1)];
    expect(canStartAttempt(round, { attemptsPerRound: 3, attemptsPerDay: null }, starts, now)).toEqual({
      ok: true,
    });
    const three = [...starts, utc(3, 4, 2)];
    expect(canStartAttempt(round, { attemptsPerRound: 3, attemptsPerDay: null }, three, now)).toEqual({
      ok: false,
      reason: "round_limit",
    });
  });

  test("round_limit is reported before daily_limit", () => {
    const starts = [utc(3, 3, 1), utc(3, 4, 1), utc(3, 5, 1)]; // the last one today
    expect(canStartAttempt(round, rules, starts, now)).toEqual({ ok: false, reason: "round_limit" });
  });

  test("daily_limit counts only starts of the same Vietnamese day", () => {
    expect(canStartAttempt(round, rules, [utc(3, 5, 1)], now)).toEqual({ ok: false, reason: "daily_limit" });
    expect(canStartAttempt(round, rules, [utc(3, 4, 1)], now)).toEqual({ ok: true });
  });

  test("a start at 16:30 UTC (23:30 Vietnam) is yesterday for a start at 17:30 UTC the same UTC day", () => {
    const lateEvening = utc(3, 5, 16, 30);
    const afterMidnight = utc(3, 5, 17, 30);
    expect(canStartAttempt(round, rules, [lateEvening], afterMidnight)).toEqual({ ok: true });
  });

  test("a start at 17:30 UTC is the same Vietnamese day as 10:00 UTC the next UTC day", () => {
    const start = utc(3, 4, 17, 30); // 00:30 on 5 March in Vietnam
    expect(canStartAttempt(round, rules, [start], utc(3, 5, 10))).toEqual({
      ok: false,
      reason: "daily_limit",
    });
  });

  test("attemptsPerDay above 1 allows that many starts per day", () => {
    const two = { attemptsPerRound: 5, attemptsPerDay: 2 };
    expect(canStartAttempt(round, two, [utc(3, 5, 1)], now)).toEqual({ ok: true });
    expect(canStartAttempt(round, two, [utc(3, 5, 1), utc(3, 5, 2)], now)).toEqual({
      ok: false,
      reason: "daily_limit",
    });
  });
});

describe("attemptsLeft", () => {
  const now = utc(3, 5, 3);
  const today = (h: number) => utc(3, 5, h);
  const yesterday = (h: number) => utc(3, 4, h);

  test("is the smaller of round and daily remaining", () => {
    const rules = { attemptsPerRound: 5, attemptsPerDay: 2 };
    expect(attemptsLeft(rules, [], now)).toBe(2);
    expect(attemptsLeft(rules, [today(1)], now)).toBe(1);
    expect(attemptsLeft(rules, [yesterday(1), yesterday(2)], now)).toBe(2);
    expect(attemptsLeft(rules, [yesterday(1), yesterday(2), yesterday(3), today(1)], now)).toBe(1);
    expect(attemptsLeft({ attemptsPerRound: 3, attemptsPerDay: 2 }, [yesterday(1), yesterday(2)], now)).toBe(
      1,
    );
  });

  test("without a daily limit, is the round remaining", () => {
    const rules = { attemptsPerRound: 3, attemptsPerDay: null };
    expect(attemptsLeft(rules, [], now)).toBe(3);
    expect(attemptsLeft(rules, [today(1), today(2)], now)).toBe(1);
  });

  test("is never negative", () => {
    expect(attemptsLeft({ attemptsPerRound: 1, attemptsPerDay: null }, [today(1), today(2)], now)).toBe(0);
    expect(attemptsLeft({ attemptsPerRound: 1, attemptsPerDay: 5 }, [today(1), today(2)], now)).toBe(0);
    expect(attemptsLeft({ attemptsPerRound: 9, attemptsPerDay: 1 }, [today(1), today(2)], now)).toBe(0);
  });

  test("agrees with canStartAttempt on whether another start is possible", () => {
    const rules = { attemptsPerRound: 3, attemptsPerDay: 1 };
    for (const starts of [[], [today(1)], [yesterday(1)], [yesterday(1), utc(3, 3, 1), utc(3, 3, 2)]]) {
      expect(attemptsLeft(rules, starts, now) > 0).toBe(canStartAttempt(round, rules, starts, now).ok);
    }
  });
});

test("vietnamMidnight is the first instant of its Vietnam day", () => {
  const t = Date.UTC(2026, 5, 18, 3, 0); // 10:00 on 18/06/2026 in Vietnam
  const midnight = vietnamMidnight(vietnamDay(t));
  expect(midnight).toBe(Date.UTC(2026, 5, 17, 17, 0));
  expect(vietnamDay(midnight)).toBe(vietnamDay(t));
  expect(vietnamDay(midnight - 1)).toBe(vietnamDay(t) - 1);
});

test("a submission counts at most at the end of the grace period", () => {
  expect(submissionTime(1_000_000, 10, 1_005_000)).toBe(1_005_000);
  expect(submissionTime(1_000_000, 10, 1_999_000)).toBe(1_010_000);
});
