// A second server process following a live game, for live-games.test.ts: prints every frame it is sent as one
// JSON line ({ event, id, data }), as a player's (or the host's) connection would receive it.
import { followGame } from "#app/models/live-games.server.ts";

const [gameId, role, playerId] = process.argv.slice(2).map(Number);
const decoder = new TextDecoder();
followGame(gameId!, {
  ...(role === 0 ? { role: "host" as const } : { role: "player" as const, playerId: playerId! }),
  send(frame) {
    const text = decoder.decode(frame);
    const event = /^event: (.*)$/m.exec(text)?.[1];
    const id = /^id: (.*)$/m.exec(text)?.[1];
    const data = /^data: (.*)$/m.exec(text)?.[1];
    process.stdout.write(
      `${JSON.stringify({ event, id: id ? Number(id) : null, data: JSON.parse(data!) })}\n`,
    );
  },
});
