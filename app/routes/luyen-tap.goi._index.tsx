import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { OfflineSyncStatus } from "#app/components/offline-sync-status.tsx";
import { PACK_SIZE } from "#app/domain/practice-pack.ts";
import { countPracticeByTopic, listTopics } from "#app/models/questions.server.ts";
import { formatNumber } from "#app/utils/format.ts";
import { downloadPack, offlineSupported, storedPacks } from "#app/utils/offline-practice.ts";

export const meta: MetaFunction = () => [
  { title: "Gói luyện tập ngoại tuyến — Công dân số" },
  {
    name: "description",
    content: "Tải câu hỏi luyện tập về điện thoại khi có mạng, rồi luyện tập cả khi mất sóng.",
  },
];

export async function loader() {
  const [topics, counts] = await Promise.all([listTopics(), countPracticeByTopic(Date.now())]);
  return {
    topics: topics
      .map((t) => ({ id: t.id, name: t.name, count: Math.min(PACK_SIZE, counts.get(t.id)?.practice ?? 0) }))
      .filter((t) => t.count > 0),
  };
}

type TopicState = { busy: boolean; message: string | null; error: boolean };

export default function PracticePacks() {
  const { topics } = useLoaderData<typeof loader>();
  // Null until the page script runs: without it (or without a service worker) nothing can be kept offline.
  const [supported, setSupported] = useState<boolean | null>(null);
  const [stored, setStored] = useState<Map<string, number>>(new Map());
  const [states, setStates] = useState<Record<string, TopicState>>({});

  useEffect(() => {
    setSupported(offlineSupported());
    void storedPacks().then((packs) => setStored(new Map(packs.map((p) => [p.topicId, p.questions.length]))));
  }, []);

  async function download(topicId: string) {
    setStates((s) => ({ ...s, [topicId]: { busy: true, message: "Đang tải…", error: false } }));
    try {
      const pack = await downloadPack(topicId);
      setStored((s) => new Map(s).set(topicId, pack.questions.length));
      setStates((s) => ({
        ...s,
        [topicId]: {
          busy: false,
          message: `Đã tải ${formatNumber(pack.questions.length)} câu về máy. Bạn có thể luyện cả khi mất mạng.`,
          error: false,
        },
      }));
    } catch (error) {
      const message = error instanceof Error && navigator.onLine ? error.message : "Máy đang mất mạng.";
      setStates((s) => ({ ...s, [topicId]: { busy: false, message, error: true } }));
    }
  }

  return (
    <div className="space-y-5">
      <section>
        <h1 className="text-2xl font-bold leading-tight">Gói luyện tập ngoại tuyến</h1>
        <p className="mt-1 text-slate-700">
          Khi có mạng, tải một chủ đề về máy (tối đa {PACK_SIZE} câu, kèm đáp án và giải thích). Sau đó bạn
          luyện tập được cả khi mất sóng. Luyện tập ngoại tuyến không tính vào cuộc thi; câu trả lời đúng được
          cộng điểm kinh nghiệm khi máy có mạng trở lại và bạn đã đăng nhập.
        </p>
        {/* A full page load, so the service worker can answer it when the phone is offline. */}
        <Link to="/luyen-tap/ngoai-tuyen" reloadDocument className="btn-secondary mt-3 w-full">
          Mở trang luyện tập ngoại tuyến
        </Link>
      </section>
      {supported === false && (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 font-medium text-amber-900">
          Trình duyệt này không lưu được câu hỏi để dùng khi mất mạng. Bạn vẫn có thể{" "}
          <Link to="/luyen-tap" className="underline">
            luyện tập khi có mạng
          </Link>
          .
        </p>
      )}
      <noscript>
        <p className="rounded-lg bg-amber-50 p-3 font-medium text-amber-900">
          Cần bật JavaScript để tải gói luyện tập về máy. Bạn vẫn có thể{" "}
          <a href="/luyen-tap" className="underline">
            luyện tập khi có mạng
          </a>
          .
        </p>
      </noscript>
      <OfflineSyncStatus />
      <ul className="space-y-4">
        {topics.map((topic) => {
          const state = states[topic.id];
          const kept = stored.get(topic.id);
          return (
            <li key={topic.id} className="card">
              <h2 id={`goi-${topic.id}`} className="text-lg font-bold leading-snug">
                {topic.name}
              </h2>
              <p className="mt-1 text-[15px] text-slate-600">
                {kept
                  ? `Đã có trên máy: ${formatNumber(kept)} câu. Tải lại để có câu khác.`
                  : `Gói ${formatNumber(topic.count)} câu`}
              </p>
              <button
                type="button"
                className="btn-primary mt-3 w-full"
                aria-describedby={`goi-${topic.id}`}
                disabled={!supported || state?.busy}
                onClick={() => void download(topic.id)}
              >
                {state?.busy ? "Đang tải…" : "Tải về để luyện ngoại tuyến"}
              </button>
              <p
                role="status"
                className={
                  state?.message
                    ? `mt-2 rounded-lg p-3 text-[15px] font-medium ${state.error ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`
                    : "sr-only"
                }
              >
                {state?.busy ? "" : state?.message}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
