// In the browser only: practice packs kept in the Cache API (read by public/sw.js too: keep PACK_CACHE in step)
// and the queue of answers given offline, kept in localStorage until the server has counted them.
import { SYNC_MAX_ANSWERS, type OfflineAnswer, type PracticePack } from "#app/domain/practice-pack.ts";

export const PACK_CACHE = "cds-goi-luyen-tap";
const QUEUE_KEY = "cds-cau-tra-loi-ngoai-tuyen";
const packUrl = (topicId: string) => `/luyen-tap/goi/${encodeURIComponent(topicId)}`;

/** Whether this browser can keep packs (Cache API, service workers, localStorage). */
export function offlineSupported(): boolean {
  return typeof window !== "undefined" && "caches" in window && "serviceWorker" in navigator;
}

/** Downloads a topic's pack and its pictures into the phone's cache; the message is for the resident. */
export async function downloadPack(topicId: string): Promise<PracticePack> {
  const response = await fetch(packUrl(topicId), { headers: { Accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as PracticePack | { error?: string } | null;
  if (!response.ok || !body || !("questions" in body))
    throw new Error((body && "error" in body && body.error) || "Không tải được gói luyện tập. Hãy thử lại.");
  const cache = await caches.open(PACK_CACHE);
  const pictures = [...new Set(body.questions.flatMap((q) => (q.image ? [`/anh/${q.image}`] : [])))];
  await Promise.all(pictures.map((url) => cache.add(url)));
  await cache.put(
    packUrl(topicId),
    new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } }),
  );
  return body;
}

/** The packs on this phone, by topic name. */
export async function storedPacks(): Promise<PracticePack[]> {
  if (!("caches" in window)) return [];
  const cache = await caches.open(PACK_CACHE);
  const packs: PracticePack[] = [];
  for (const request of await cache.keys()) {
    if (!new URL(request.url).pathname.startsWith("/luyen-tap/goi/")) continue;
    const pack = (await (await cache.match(request))?.json().catch(() => null)) as PracticePack | null;
    if (pack?.questions?.length) packs.push(pack);
  }
  return packs.sort((a, b) => a.topicName.localeCompare(b.topicName, "vi"));
}

function readQueue(): OfflineAnswer[] {
  try {
    const queue: unknown = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? "[]");
    return Array.isArray(queue) ? (queue as OfflineAnswer[]) : [];
  } catch {
    return [];
  }
}

function writeQueue(queue: OfflineAnswer[]) {
  if (queue.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  else localStorage.removeItem(QUEUE_KEY);
}

/** Queues an answer for XP; past the limit of one sync the oldest give way. */
export function queueAnswer(answer: OfflineAnswer) {
  writeQueue([...readQueue(), answer].slice(-SYNC_MAX_ANSWERS));
}

export function queuedCount(): number {
  return typeof window === "undefined" ? 0 : readQueue().length;
}

export type SyncOutcome =
  | { kind: "empty" | "offline" }
  | { kind: "sent"; xp: number; counted: number }
  /** Not signed in: the queue waits for a sign-in on this phone. */
  | { kind: "signed-out"; waiting: number }
  | { kind: "failed"; message: string; waiting: number };

/**
 * Sends the queue; it is cleared once the server has answered it (counted, a retry, or refused as not the
 * pack's, which sending again would not change), and kept when the resident is signed out or the network or
 * server fails.
 */
export async function syncQueue(): Promise<SyncOutcome> {
  const queue = readQueue();
  if (queue.length === 0) return { kind: "empty" };
  if (!navigator.onLine) return { kind: "offline" };
  let response: Response;
  try {
    response = await fetch("/luyen-tap/goi/dong-bo", {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams({ "cau-tra-loi": JSON.stringify(queue) }),
    });
  } catch {
    return { kind: "offline" };
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; xp?: number; counted?: number };
  if (response.status === 401) return { kind: "signed-out", waiting: queue.length };
  if (response.ok || response.status === 400) {
    // Answers queued while this request ran stay for the next sync.
    writeQueue(readQueue().slice(queue.length));
    if (response.ok) return { kind: "sent", xp: body.xp ?? 0, counted: body.counted ?? 0 };
  }
  return {
    kind: "failed",
    message: body.error ?? "Chưa gửi được câu trả lời. Sẽ thử lại khi có mạng.",
    waiting: readQueue().length,
  };
}
