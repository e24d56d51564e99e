// How long someone waits after failures (wrong passwords) and how that wait is said. Pure: time is a parameter.

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The first delay once the free failures are used up; each further failure doubles it, up to the cap. */
export const FIRST_DELAY_MS = 30 * SECOND;
export const MAX_DELAY_MS = 15 * MINUTE;

/**
 * The delay imposed after `failures` failures in a row, when the first `freeFailures - 1` cost nothing:
 * with 3 free failures, the 3rd wrong password waits 30 s, the 4th 1 min, the 5th 2 min … at most 15 min.
 */
export function failureDelayMs(failures: number, freeFailures: number): number {
  const over = failures - freeFailures;
  if (over < 0) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(over, 20));
}

/** Milliseconds still to wait after the last failure, 0 when the next try is allowed. */
export function remainingWaitMs(
  failures: number,
  lastFailureAt: number,
  freeFailures: number,
  now: number,
): number {
  return Math.max(0, lastFailureAt + failureDelayMs(failures, freeFailures) - now);
}

/** A wait in words, rounded up: "30 giây", "1 phút", "2 giờ". */
export function describeWait(ms: number): string {
  if (ms <= MINUTE) return ms <= 55 * SECOND ? `${Math.max(1, Math.ceil(ms / SECOND))} giây` : "1 phút";
  if (ms < 60 * MINUTE) return `${Math.ceil(ms / MINUTE)} phút`;
  return `${Math.ceil(ms / (60 * MINUTE))} giờ`;
}
