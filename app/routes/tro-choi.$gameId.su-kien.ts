// The host screen's event stream: a snapshot now, then the game's changes and the answer tally.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { followGame, getHostedGame, HOST_ROLES } from "#app/models/live-games.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";
import { eventStreamResponse } from "#app/utils/live-events.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const game = await orUserErrorResponse(getHostedGame(idParam(params.gameId), user));
  return eventStreamResponse(request.signal, (send) => followGame(game.id, { role: "host", send }));
}
