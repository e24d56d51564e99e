import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, useLoaderData } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { answerStyle, LiveTimer, useLiveStream } from "#app/components/live-game.tsx";
import {
  gameForPlayer,
  getPlayerView,
  playerFromToken,
  type GameView,
  type PlayerStanding,
} from "#app/models/live-games.server.ts";
import { formatNumber } from "#app/utils/format.ts";
import { readPlayerToken } from "#app/utils/live-events.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.frame.view.title ?? "Trò chơi"} — Công dân số` },
];

type Frame = { view: GameView; me: PlayerStanding | null };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const pin = params.pin ?? "";
  const player = playerFromToken(await readPlayerToken(request));
  // No player of this game on this device yet: join first (the PIN filled in).
  if (!player || !gameForPlayer(player, pin))
    throw redirect(`/choi?pin=${encodeURIComponent(pin.slice(0, 6))}`);
  const { view, me } = await getPlayerView(player, Date.now());
  return { pin, name: player.name, frame: { view, me } satisfies Frame };
}

function Result({ me }: { me: PlayerStanding }) {
  if (me.answeredPlace === null) return <p className="text-xl">Bạn chưa trả lời câu này.</p>;
  return me.correct ? (
    <p className="rounded-xl bg-green-100 p-4 text-2xl font-bold text-green-900">
      ✓ Đúng! +{formatNumber(me.gained ?? 0)} điểm
      {me.streak > 1 && (
        <span className="block text-lg font-normal">Chuỗi {me.streak} câu đúng liên tiếp</span>
      )}
    </p>
  ) : (
    <p className="rounded-xl bg-red-100 p-4 text-2xl font-bold text-red-900">✗ Chưa đúng</p>
  );
}

export default function PlayerScreen() {
  const { pin, name, frame: initial } = useLoaderData<typeof loader>();
  const stream = useLiveStream<Frame>(`/choi/${pin}/su-kien`, initial);
  const { view, me } = stream.value;
  const [sent, setSent] = useState<{ question: number; place: number } | null>(null);
  const [message, setMessage] = useState<{ question: number; text: string } | null>(null);
  const answeredPlace = me?.answeredPlace ?? (sent?.question === view.questionIndex ? sent.place : null);

  async function answer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!submitter) return;
    const place = Number(submitter.value);
    const question = view.questionIndex;
    setSent({ question, place });
    setMessage({ question, text: "Đang gửi…" });
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const response = await fetch(`/choi/${pin}/tra-loi`, {
          method: "POST",
          headers: { Accept: "application/json" },
          body: new URLSearchParams({ question: String(question), place: String(place) }),
        });
        const result = (await response.json()) as { error?: string };
        if (!response.ok) setSent(null);
        setMessage({ question, text: result.error ?? "Đã gửi câu trả lời. Chờ hết giờ nhé!" });
        return;
      } catch {
        setMessage({ question, text: "Mất kết nối — câu trả lời sẽ được gửi lại khi có mạng." });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    setSent(null);
  }

  const shownMessage = message?.question === view.questionIndex ? message.text : null;
  return (
    <div className="space-y-4" data-status={view.status}>
      <header className="flex items-baseline justify-between gap-2">
        <p className="font-semibold">{name}</p>
        {me && (
          <p className="text-right" data-testid="my-score">
            <strong className="tabular-nums">{formatNumber(me.score)}</strong> điểm · hạng {me.rank}
          </p>
        )}
      </header>
      {!stream.connected && (
        <p role="status" className="rounded-lg bg-amber-100 p-2 text-amber-950">
          Mất kết nối — đang kết nối lại…
        </p>
      )}
      {!me ? (
        <p role="alert" className="card text-xl">
          Bạn không còn trong trò chơi này. Hãy hỏi giáo viên nếu có nhầm lẫn.
        </p>
      ) : view.status === "lobby" ? (
        <p className="card text-xl">Bạn đã vào “{view.title}”. Chờ giáo viên bắt đầu nhé!</p>
      ) : view.status === "question" && view.question ? (
        <section className="space-y-3">
          <div className="flex items-center justify-between">
            <p>
              Câu {view.question.index}/{view.question.count}
            </p>
            {view.remainingMs !== null && (
              <LiveTimer
                remainingMs={view.remainingMs}
                receivedAt={stream.receivedAt}
                paused={view.paused}
                className="rounded-lg bg-brand-700 px-3 py-1 text-xl font-bold text-white"
              />
            )}
          </div>
          <h1 className="text-xl font-bold leading-snug">{view.question.text}</h1>
          {answeredPlace !== null ? (
            <p className="card text-xl" role="status">
              Bạn đã chọn {answerStyle(answeredPlace).shape}. {shownMessage ?? "Chờ hết giờ nhé!"}
            </p>
          ) : (
            <form method="post" action={`/choi/${pin}/tra-loi`} onSubmit={answer} className="grid gap-3">
              <input type="hidden" name="question" value={view.question.index} />
              {view.question.choices.map((choice) => {
                const style = answerStyle(choice.place);
                return (
                  <button
                    key={choice.place}
                    name="place"
                    value={choice.place}
                    disabled={view.paused}
                    className={`flex min-h-20 items-center gap-3 rounded-xl p-4 text-left text-xl font-semibold text-white ${style.className}`}
                  >
                    <span aria-hidden="true" className="text-3xl">
                      {style.shape}
                    </span>
                    <span>{choice.text}</span>
                  </button>
                );
              })}
            </form>
          )}
          {answeredPlace === null && shownMessage && (
            <p role="alert" className="rounded-lg bg-amber-100 p-3 text-amber-950">
              {shownMessage}
            </p>
          )}
        </section>
      ) : view.status === "closed" ? (
        <section className="space-y-3">
          <Result me={me} />
          <p className="text-xl">Bạn đang xếp hạng {me.rank}.</p>
        </section>
      ) : view.status === "leaderboard" ? (
        <p className="card text-xl">
          Bạn đang xếp hạng <strong>{me.rank}</strong> với {formatNumber(me.score)} điểm. Chờ câu tiếp theo
          nhé!
        </p>
      ) : (
        <section className="card space-y-2 text-xl">
          <h1 className="text-2xl font-bold">Trò chơi kết thúc!</h1>
          <p>
            Bạn xếp hạng <strong>{me.rank}</strong> với {formatNumber(me.score)} điểm.
          </p>
        </section>
      )}
    </div>
  );
}
