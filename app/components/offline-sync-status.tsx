import { useEffect, useState } from "react";
import { queuedCount, syncQueue, type SyncOutcome } from "#app/utils/offline-practice.ts";
import { formatNumber } from "#app/utils/format.ts";

const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

/**
 * The answers given offline that wait to be counted: sent when the page opens, when the network comes back and
 * whenever `changed` moves (a new answer), and again after a failure, with what happened said in a polite live
 * region.
 */
export function OfflineSyncStatus({ changed = 0 }: { changed?: number }) {
  const [outcome, setOutcome] = useState<SyncOutcome | null>(null);
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    let live = true;
    let retries = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const sync = () =>
      void syncQueue().then((result) => {
        if (!live) return;
        setOutcome(result);
        setWaiting(queuedCount());
        // The first request after the network returns often fails (the phone's connection is not up yet), and
        // a busy server may refuse one: try again a little later, then less often.
        clearTimeout(retry);
        if ((result.kind === "offline" || result.kind === "failed") && queuedCount() > 0)
          retry = setTimeout(sync, RETRY_DELAYS_MS[Math.min(retries++, RETRY_DELAYS_MS.length - 1)]);
        else retries = 0;
      });
    const backOnline = () => {
      retries = 0;
      sync();
    };
    sync();
    window.addEventListener("online", backOnline);
    return () => {
      live = false;
      clearTimeout(retry);
      window.removeEventListener("online", backOnline);
    };
  }, [changed]);
  const message = describe(outcome, waiting);
  return (
    <p role="status" className={message ? "rounded-lg bg-brand-50 p-3 text-[15px]" : "sr-only"}>
      {message}
    </p>
  );
}

function describe(outcome: SyncOutcome | null, waiting: number): string {
  const pending = `${formatNumber(waiting)} câu trả lời ngoại tuyến đang chờ gửi để tính điểm kinh nghiệm.`;
  switch (outcome?.kind) {
    case "sent":
      return outcome.xp > 0
        ? `Đã gửi các câu trả lời ngoại tuyến: bạn được cộng ${formatNumber(outcome.xp)} điểm kinh nghiệm.`
        : "Đã gửi các câu trả lời ngoại tuyến. Điểm kinh nghiệm chỉ tính cho lần đầu trả lời đúng mỗi câu.";
    case "signed-out":
      return `${pending} Hãy đăng nhập trên máy này để được tính điểm.`;
    case "failed":
      return `${outcome.message} ${waiting ? pending : ""}`.trim();
    case "offline":
      return waiting ? `${pending} Sẽ gửi khi máy có mạng.` : "";
    default:
      return "";
  }
}
