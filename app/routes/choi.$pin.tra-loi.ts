// A player's answer sent by a plain form, answered with a redirect back. The page's script posts the same form
// asking for JSON, which server.ts answers from the request event (app/endpoints/live-answer.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { gameForPlayer, playerFromToken, submitAnswer } from "#app/models/live-games.server.ts";
import { readForm } from "#app/utils/http.server.ts";
import { liveAnswerSchema, readPlayerToken } from "#app/utils/live-events.server.ts";

export async function action({ request, params }: ActionFunctionArgs) {
  // The time it arrived decides whether it was before the deadline, not when it is written.
  const receivedAt = Date.now();
  const pin = params.pin ?? "";
  const json = request.headers.get("Accept")?.includes("application/json");
  const reply = (status: number, body: { error: string | null; answerId?: number }) =>
    json ? Response.json(body, { status }) : redirect(`/choi/${encodeURIComponent(pin)}`);
  const player = playerFromToken(await readPlayerToken(request));
  if (!player || !gameForPlayer(player, pin)) return reply(403, { error: "Bạn chưa vào trò chơi này." });
  const parsed = liveAnswerSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return reply(400, { error: "Câu trả lời không hợp lệ." });
  const outcome = await submitAnswer({
    playerId: player.id,
    questionIndex: parsed.data.question,
    place: parsed.data.place,
    receivedAt,
  });
  return outcome.ok
    ? reply(200, { error: null, answerId: outcome.answerId })
    : reply(outcome.status, { error: outcome.message });
}
