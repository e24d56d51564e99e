import { useCallback, useEffect, useState } from "react";

export type SaveStatus = "idle" | "saving" | "saved" | "offline" | "refused";

const storageKey = (attemptId: number) => `cds-pending-answers-${attemptId}`;

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

async function send(
  attemptId: number,
  slot: number,
  choiceIds: number[],
): Promise<"saved" | "offline" | { refused: string }> {
  const body = new FormData();
  body.set("slot", String(slot));
  for (const id of choiceIds) body.append("choice", String(id));
  try {
    const response = await fetch(`/bai-thi/${attemptId}/luu`, { method: "POST", body });
    if (response.ok) return "saved";
    if (response.status >= 500) return "offline";
    const payload = (await response.json().catch(() => ({}))) as { error?: string };
    return { refused: payload.error ?? "Không lưu được câu trả lời." };
  } catch {
    return "offline";
  }
}

/**
 * Saves each answer in the background as soon as it is chosen. An answer that cannot reach the server
 * waits in localStorage and is sent again when the network returns or the page is opened again.
 */
export function useAnswerAutosave(attemptId: number, slot: number, alreadySaved: boolean) {
  const [status, setStatus] = useState<SaveStatus>(alreadySaved ? "saved" : "idle");
  const [refusal, setRefusal] = useState<string | null>(null);

  const flush = useCallback(async () => {
    const pending = readPending(attemptId);
    for (const [pendingSlot, choiceIds] of Object.entries(pending)) {
      const result = await send(attemptId, Number(pendingSlot), choiceIds);
      if (result === "offline") return false;
      delete pending[pendingSlot];
      writePending(attemptId, pending);
    }
    return true;
  }, [attemptId]);

  useEffect(() => {
    const retry = () => void flush().then((ok) => ok && setStatus((s) => (s === "offline" ? "saved" : s)));
    retry();
    window.addEventListener("online", retry);
    const timer = setInterval(retry, 15_000);
    return () => {
      window.removeEventListener("online", retry);
      clearInterval(timer);
    };
  }, [flush]);

  const save = useCallback(
    async (choiceIds: number[]) => {
      setStatus("saving");
      const pending = readPending(attemptId);
      pending[slot] = choiceIds;
      writePending(attemptId, pending);
      const result = await send(attemptId, slot, choiceIds);
      if (result === "offline") return setStatus("offline");
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
