import { useCallback, useEffect, useState } from "react";

export type SaveStatus = "idle" | "saving" | "saved" | "offline" | "busy" | "refused";

// Pending answers are places in the attempt's choice order (what the form sends). The key changed when forms
// stopped sending choice ids, so an id left by an older page is never sent as a place.
const storageKey = (attemptId: number) => `cds-pending-places-${attemptId}`;

function readPending(attemptId: number): Record<string, number[]> {
  try {
    return JSON.parse(localStorage.getItem(storageKey(attemptId)) ?? "{}") as Record<string, number[]>;
  } catch {
    return {};
  }
}

function writePending(attemptId: number, pending: Record<string, number[]>) {
  if (Object.keys(pending).length) localStorage.setItem(storageKey(attemptId), JSON.stringify(pending));
  else localStorage.removeItem(storageKey(attemptId));
}

/** "offline" and "busy" (429, too many saves) keep the answer pending to send again later. */
async function send(
  attemptId: number,
  slot: number,
  places: number[],
): Promise<"saved" | "offline" | "busy" | { refused: string }> {
  // URL-encoded: a few dozen bytes, where multipart would send a few hundred.
  const body = new URLSearchParams({ slot: String(slot) });
  for (const place of places) body.append("choice", String(place));
  try {
    const response = await fetch(`/bai-thi/${attemptId}/luu`, { method: "POST", body });
    if (response.ok) return "saved";
    if (response.status === 429) return "busy";
    if (response.status >= 500) return "offline";
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    return { refused: payload.error ?? "Không lưu được câu trả lời." };
  } catch {
    return "offline";
  }
}

/**
 * Saves each answer in the background as soon as it is chosen. An answer that cannot reach the server (or
 * that the server asks to send later) waits in localStorage and is sent again when the network returns, every
 * 15 seconds, or when the page is opened again.
 */
export function useAnswerAutosave(attemptId: number, slot: number, alreadySaved: boolean) {
  const [status, setStatus] = useState<SaveStatus>(alreadySaved ? "saved" : "idle");
  const [refusal, setRefusal] = useState<string | null>(null);

  const flush = useCallback(async () => {
    const pending = readPending(attemptId);
    for (const [pendingSlot, places] of Object.entries(pending)) {
      const result = await send(attemptId, Number(pendingSlot), places);
      if (result === "offline" || result === "busy") return false;
      delete pending[pendingSlot];
      writePending(attemptId, pending);
    }
    return true;
  }, [attemptId]);

  useEffect(() => {
    const retry = () =>
      void flush().then((ok) => ok && setStatus((s) => (s === "offline" || s === "busy" ? "saved" : s)));
    retry();
    window.addEventListener("online", retry);
    const timer = setInterval(retry, 15_000);
    return () => {
      window.removeEventListener("online", retry);
      clearInterval(timer);
    };
  }, [flush]);

  const save = useCallback(
    async (places: number[]) => {
      setStatus("saving");
      const pending = readPending(attemptId);
      pending[slot] = places;
      writePending(attemptId, pending);
      const result = await send(attemptId, slot, places);
      if (result === "offline" || result === "busy") return setStatus(result);
      const latest = readPending(attemptId);
      delete latest[slot];
      writePending(attemptId, latest);
      if (result === "saved") return setStatus("saved");
      setRefusal(result.refused);
      setStatus("refused");
    },
    [attemptId, slot],
  );

  return { status, refusal, save };
}
