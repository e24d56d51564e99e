import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useCallback, useState } from "react";
import { z } from "zod";
import { answerStyle, LiveTimer, useLiveStream } from "#app/components/live-game.tsx";
import {
  getHostView,
  HOST_ROLES,
  hostAction,
  removePlayer,
  type HostView,
} from "#app/models/live-games.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatNumber } from "#app/utils/format.ts";
import { data, idParam, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view.title ?? "Trò chơi"} — Trò chơi trực tiếp` },
];
export const handle = { wide: true };

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["start", "next", "skip", "pause", "resume", "end"]) }),
  z.object({ intent: z.literal("remove"), playerId: z.coerce.number().int().positive() }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const view = await orUserErrorResponse(getHostView(idParam(params.gameId), user, Date.now()));
  const joinUrl = `${new URL(request.url).origin}/choi?pin=${view.pin}`;
  const qr = await QRCode.toString(joinUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { view, joinUrl, qr };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const gameId = idParam(params.gameId);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "Thao tác không hợp lệ." }, { status: 400 });
  try {
    if (parsed.data.intent === "remove") await removePlayer(gameId, user, parsed.data.playerId, Date.now());
    else await hostAction(gameId, user, parsed.data.intent, Date.now());
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  // With JavaScript the page stays (the stream brings the change); without it, it reloads.
  return request.headers.get("Accept")?.includes("application/json")
    ? data({ error: null })
    : redirect(`/tro-choi/${gameId}`);
}

function Control({ intent, label, primary = false }: { intent: string; label: string; primary?: boolean }) {
  return (
    <Form method="post" replace>
      <button name="intent" value={intent} className={primary ? "btn-primary text-xl" : "btn-secondary"}>
        {label}
      </button>
    </Form>
  );
}

function PlayerList({ players }: { players: { id: number; name: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Người chơi">
      {players.map((p) => (
        <li key={p.id} className="flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1">
          {p.name}
          <Form method="post" replace>
            <input type="hidden" name="playerId" value={p.id} />
            <button
              name="intent"
              value="remove"
              className="min-h-10 px-2 text-base underline"
              aria-label={`Mời ${p.name} ra khỏi trò chơi`}
            >
              ✕
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

export default function HostScreen() {
  const { view: initial, joinUrl, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [tally, setTally] = useState<{ answered: number; questionIndex: number } | null>(null);
  const stream = useLiveStream<HostView>(
    `/tro-choi/${initial.id}/su-kien`,
    initial,
    useCallback((data: unknown) => setTally(data as { answered: number; questionIndex: number }), []),
  );
  const view = stream.value;
  // The tally comes between full frames; one left from the previous question is ignored.
  const answered =
    tally?.questionIndex === view.questionIndex ? Math.max(tally.answered, view.answered) : view.answered;
  return (
    <div className="space-y-6 text-[22px]" data-status={view.status}>
      <header className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-bold">{view.title}</h1>
        {!stream.connected && (
          <p role="status" className="rounded-lg bg-amber-100 px-3 py-1 text-amber-950">
            Mất kết nối — đang kết nối lại…
          </p>
        )}
      </header>
      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}

      {view.status === "lobby" && (
        <section className="grid items-center gap-6 md:grid-cols-[1fr_auto]">
          <div>
            <p>
              Vào <strong>{joinUrl.replace(/\?.*$/, "")}</strong> và nhập mã PIN:
            </p>
            <p
              className="font-mono text-[96px] font-bold leading-none tracking-widest"
              aria-label={`Mã PIN ${view.pin.split("").join(" ")}`}
            >
              {view.pin}
            </p>
            <p className="mt-4" aria-live="polite">
              {formatNumber(view.playerCount)} người chơi đã vào
            </p>
          </div>
          <div
            className="h-72 w-72 bg-white"
            role="img"
            aria-label={`Mã QR để vào trò chơi: ${joinUrl}`}
            // The SVG is drawn on the server by the qrcode package from our own address.
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <div className="md:col-span-2">
            <PlayerList players={view.players} />
          </div>
        </section>
      )}

      {view.question && view.status !== "leaderboard" && (
        <section className="space-y-4">
          <div className="flex items-center justify-between gap-4">
            <p>
              Câu {view.question.index}/{view.question.count} · PIN <strong>{view.pin}</strong>
            </p>
            {view.status === "question" && view.remainingMs !== null && (
              <LiveTimer
                remainingMs={view.remainingMs}
                receivedAt={stream.receivedAt}
                paused={view.paused}
                className="rounded-lg bg-brand-700 px-4 py-2 text-4xl font-bold text-white"
              />
            )}
          </div>
          <h2 className="text-[40px] font-bold leading-tight">{view.question.text}</h2>
          <ul className="grid gap-4 md:grid-cols-2">
            {view.question.choices.map((choice) => {
              const style = answerStyle(choice.place);
              const count = view.distribution?.find((d) => d.place === choice.place)?.count;
              const right = view.correctPlaces?.includes(choice.place);
              return (
                <li
                  key={choice.place}
                  className={`flex min-h-24 items-center gap-4 rounded-xl p-4 text-[28px] font-semibold text-white ${style.className} ${view.correctPlaces && !right ? "opacity-50" : ""}`}
                >
                  <span aria-label={style.name}>{style.shape}</span>
                  <span className="flex-1">{choice.text}</span>
                  {right && <span>✓ Đúng</span>}
                  {count !== undefined && <span className="tabular-nums">{formatNumber(count)}</span>}
                </li>
              );
            })}
          </ul>
          {view.status === "question" && (
            <p aria-live="polite" data-testid="tally">
              Đã trả lời: {formatNumber(answered)}/{formatNumber(view.playerCount)}
            </p>
          )}
        </section>
      )}

      {(view.status === "leaderboard" || view.status === "finished") && (
        <section>
          <h2 className="text-4xl font-bold">
            {view.status === "finished" ? "Bục vinh quang" : "Năm người dẫn đầu"}
          </h2>
          <ol className="mt-4 space-y-2">
            {view.top.map((p, index) => (
              <li
                key={`${p.rank}-${p.name}-${index}`}
                className={`flex justify-between rounded-xl bg-white p-4 shadow ${view.status === "finished" && p.rank <= 3 ? "text-4xl font-bold" : "text-3xl"}`}
              >
                <span>
                  {view.status === "finished" && p.rank <= 3 ? ["🥇", "🥈", "🥉"][p.rank - 1] : `${p.rank}.`}{" "}
                  {p.name}
                </span>
                <span className="tabular-nums">{formatNumber(p.score)}</span>
              </li>
            ))}
          </ol>
          {view.status === "finished" && (
            <p className="mt-4">
              <a href={`/tro-choi/${view.id}/ket-qua.xlsx`} className="btn-secondary">
                Xuất Excel kết quả
              </a>
            </p>
          )}
        </section>
      )}

      {view.status !== "lobby" && view.status !== "finished" && (
        <details className="text-lg">
          <summary className="min-h-12 cursor-pointer">Người chơi ({formatNumber(view.playerCount)})</summary>
          <PlayerList players={view.players} />
        </details>
      )}

      {view.status !== "finished" && (
        <nav aria-label="Điều khiển trò chơi" className="flex flex-wrap gap-3">
          {view.status === "lobby" && <Control intent="start" label="Bắt đầu" primary />}
          {view.status === "question" &&
            (view.paused ? (
              <Control intent="resume" label="Tiếp tục" primary />
            ) : (
              <Control intent="pause" label="Tạm dừng" />
            ))}
          {view.status === "question" && <Control intent="skip" label="Bỏ qua (đóng câu hỏi)" />}
          {view.status === "closed" && <Control intent="next" label="Xem bảng xếp hạng" primary />}
          {view.status === "leaderboard" && (
            <Control
              intent="next"
              label={view.questionIndex < view.questionCount ? "Câu tiếp theo" : "Xem bục vinh quang"}
              primary
            />
          )}
          <Control intent="end" label="Kết thúc trò chơi" />
        </nav>
      )}
    </div>
  );
}
