// A live game's answer from the player page's script (POST /choi/:pin/tra-loi asking for JSON), answered from the
// HTTP server's request event like the answer save: when a question opens, a whole game answers within seconds
// (5,000 players in the bench), and Remix's request pipeline cost more than the answer. Same guards, the same
// player cookie, form schema and model function as the route `choi.$pin.tra-loi.ts`, which still serves the
// plain form.
import type { IncomingMessage, ServerResponse } from "node:http";
import { gameForPlayer, playerFromToken, submitAnswer } from "#app/models/live-games.server.ts";
import { liveAnswerSchema, playerTokenFromCookies } from "#app/utils/live-events.server.ts";
import { acceptFormPost, reply, targetPath } from "./http.server.ts";

/** A game's answer address; only a script's request (Accept: application/json) is served here. */
export const LIVE_ANSWER_PATH = /^\/choi\/([^/]{1,20})\/tra-loi$/;

const answerBodyLimit = { bytes: 1024, message: "Dữ liệu gửi lên quá lớn." };

export function isLiveAnswerRequest(req: IncomingMessage): boolean {
  return (
    req.method === "POST" &&
    LIVE_ANSWER_PATH.test(targetPath(req.url)) &&
    String(req.headers.accept ?? "").includes("application/json")
  );
}

export async function liveAnswerEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: number,
): Promise<void> {
  // The time it arrived decides whether it was before the deadline, not when it is written.
  const receivedAt = Date.now();
  const post = acceptFormPost(req, res, trustProxy, answerBodyLimit);
  if (!post) return;
  const { secure } = post;
  const pin = LIVE_ANSWER_PATH.exec(targetPath(req.url))?.[1] ?? "";
  const player = playerFromToken(await playerTokenFromCookies(req.headers.cookie ?? null));
  if (!player || !gameForPlayer(player, pin))
    return reply(res, secure, 403, { error: "Bạn chưa vào trò chơi này." });
  const form = await post.readForm();
  if (!form) return;
  const parsed = liveAnswerSchema.safeParse({ question: form.get("question"), place: form.get("place") });
  if (!parsed.success) return reply(res, secure, 400, { error: "Câu trả lời không hợp lệ." });
  const outcome = await submitAnswer({
    playerId: player.id,
    questionIndex: parsed.data.question,
    place: parsed.data.place,
    receivedAt,
  });
  if (outcome.ok) reply(res, secure, 200, { error: null, answerId: outcome.answerId });
  else reply(res, secure, outcome.status, { error: outcome.message });
}
