import { useEffect, useRef, useState } from "react";
import { formatClock } from "#app/utils/format.ts";

/**
 * Time left, from the server's clock: `remainingMs` was computed on the server when the page was made, and
 * the browser only measures how long it has been shown (its own wall clock may be wrong).
 */
export function Countdown({ remainingMs, onExpire }: { remainingMs: number; onExpire?: () => void }) {
  const [left, setLeft] = useState(remainingMs);
  const expired = useRef(false);
  useEffect(() => {
    const shownAt = performance.now();
    expired.current = false;
    const tick = () => {
      const value = remainingMs - (performance.now() - shownAt);
      setLeft(value);
      if (value <= 0 && !expired.current) {
        expired.current = true;
        onExpire?.();
      }
    };
    tick();
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [remainingMs, onExpire]);
  const lastMinute = left < 60_000;
  return (
    <span
      role="timer"
      aria-label={`Thời gian còn lại ${formatClock(left)}`}
      className={`shrink-0 whitespace-nowrap rounded-lg px-3 py-1 text-lg font-bold tabular-nums ${lastMinute ? "bg-amber-200 text-amber-950" : "bg-white/15 text-white"}`}
    >
      <span className="text-[13px] font-normal">Còn </span>
      {formatClock(left)}
    </span>
  );
}
