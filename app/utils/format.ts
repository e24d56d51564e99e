// Vietnamese formats, always in Vietnam's time zone: 1.234 · 18/06/2024 · 20:30 · 04:05.
const timeZone = "Asia/Ho_Chi_Minh";
const numberFormat = new Intl.NumberFormat("vi-VN");
const dateFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export const formatNumber = (n: number) => numberFormat.format(n);
export const formatDate = (t: number) => dateFormat.format(t);
export const formatTime = (t: number) => timeFormat.format(t);
export const formatDateTime = (t: number) => `${formatTime(t)} ngày ${formatDate(t)}`;
export const formatPercent = (ratio: number) =>
  `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(ratio * 100)}%`;

/** mm:ss, or h:mm:ss past an hour. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** "3 phút 25 giây" for results. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m ? `${m} phút ${s} giây` : `${s} giây`;
}
