// A player's answer sent by the plain form (JavaScript off), answered with a redirect back to the player page,
// which shows the answer recorded, if any. The page's script posts the same form asking for JSON; server.ts
// hands those to app/endpoints/live-answer.server.ts before Remix, so they never reach this route.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { gameForPlayer, playerFromToken, submitAnswer } from "#app/models/live-games.server.ts";
import { readForm } from "#app/utils/http.server.ts";
import { liveAnswerSchema, readPlayerToken } from "#app/utils/live-events.server.ts";

export async function action({ request, params }: ActionFunctionArgs) {
  // The time it arrived decides whether it was before the deadline, not when it is written.
  const receivedAt = Date.now();
  const pin = params.pin ?? "";
  const back = redirect(`/choi/${encodeURIComponent(pin)}`);
  const player = playerFromToken(await readPlayerToken(request));
  if (!player || !gameForPlayer(player, pin)) return back;
  const parsed = liveAnswerSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (parsed.success)
    await submitAnswer({
      playerId: player.id,
      questionIndex: parsed.data.question,
      place: parsed.data.place,
      receivedAt,
    });
  return back;
}
