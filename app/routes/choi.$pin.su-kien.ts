// A player's event stream: the game as this player sees it now, then again at every change.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { followGame, gameForPlayer, playerFromToken } from "#app/models/live-games.server.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { eventStreamResponse, readPlayerToken } from "#app/utils/live-events.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const player = playerFromToken(await readPlayerToken(request));
  invariantResponse(player && gameForPlayer(player, params.pin ?? ""), "Bạn chưa vào trò chơi này.", 403);
  return eventStreamResponse(request.signal, (send) =>
    followGame(player.gameId, { role: "player", playerId: player.id, send }),
  );
}
