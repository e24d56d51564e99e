import { expect, test } from "vitest";
import { describeWait, failureDelayMs, remainingWaitMs } from "./throttle.ts";

const S = 1000;
const M = 60 * S;

test("free failures cost nothing, then the delay doubles from 30 s up to 15 min", () => {
  expect([1, 2].map((n) => failureDelayMs(n, 3))).toEqual([0, 0]);
  expect([3, 4, 5, 6, 7, 8, 9].map((n) => failureDelayMs(n, 3))).toEqual([
    30 * S,
    M,
    2 * M,
    4 * M,
    8 * M,
    15 * M,
    15 * M,
  ]);
  expect(failureDelayMs(10_000, 3)).toBe(15 * M);
});

test("the wait runs from the last failure", () => {
  expect(remainingWaitMs(3, 1_000_000, 3, 1_000_000)).toBe(30 * S);
  expect(remainingWaitMs(3, 1_000_000, 3, 1_000_000 + 29 * S)).toBe(S);
  expect(remainingWaitMs(3, 1_000_000, 3, 1_000_000 + 30 * S)).toBe(0);
  expect(remainingWaitMs(2, 1_000_000, 3, 1_000_000)).toBe(0);
});

test("waits are said in Vietnamese, rounded up", () => {
  expect(describeWait(1)).toBe("1 giây");
  expect(describeWait(29_001)).toBe("30 giây");
  expect(describeWait(58 * S)).toBe("1 phút");
  expect(describeWait(60 * S)).toBe("1 phút");
  expect(describeWait(61 * S)).toBe("2 phút");
  expect(describeWait(15 * M)).toBe("15 phút");
  expect(describeWait(90 * M)).toBe("2 giờ");
});
