import { useEffect, useState } from "react";
import { formatClock } from "#app/utils/format.ts";

/** Answer buttons 1–4: a shape as well as a colour, so colour-blind players can tell them apart (white text ≥ 4.5:1). */
export const ANSWER_STYLES = [
  { shape: "▲", name: "Tam giác", className: "bg-red-700" },
  { shape: "◆", name: "Thoi", className: "bg-blue-700" },
  { shape: "●", name: "Tròn", className: "bg-amber-800" },
  { shape: "■", name: "Vuông", className: "bg-green-800" },
] as const;

export const answerStyle = (place: number) => ANSWER_STYLES[(place - 1) % ANSWER_STYLES.length]!;

/**
 * The latest frame of a game's event stream, starting from the page's own snapshot. The browser reconnects by
 * itself (sending Last-Event-ID) and every frame is the whole view, so nothing is missed after a lost network.
 */
export function useLiveStream<T>(url: string, initial: T, onTally?: (data: unknown) => void) {
  const [state, setState] = useState<{ value: T; receivedAt: number }>({ value: initial, receivedAt: 0 });
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    const source = new EventSource(url);
    source.addEventListener("state", (event) => {
      setState({
        value: JSON.parse((event as MessageEvent<string>).data) as T,
        receivedAt: performance.now(),
      });
      setConnected(true);
    });
    if (onTally)
      source.addEventListener("tally", (event) => onTally(JSON.parse((event as MessageEvent<string>).data)));
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    source.onopen = () => setConnected(true);
    return () => source.close();
  }, [url, onTally]);
  return { ...state, connected };
}

/** Seconds left on the open question, from the server's figure when the frame arrived (not the phone's clock). */
export function LiveTimer({
  remainingMs,
  receivedAt,
  paused,
  className = "",
}: {
  remainingMs: number;
  receivedAt: number;
  paused: boolean;
  className?: string;
}) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, [paused]);
  const elapsed = paused || receivedAt === 0 ? 0 : Math.max(now - receivedAt, 0);
  const left = Math.max(remainingMs - elapsed, 0);
  return (
    <span
      role="timer"
      aria-label={`Thời gian còn lại ${formatClock(left)}`}
      className={`tabular-nums ${className}`}
    >
      {paused ? "Tạm dừng" : formatClock(left)}
    </span>
  );
}
