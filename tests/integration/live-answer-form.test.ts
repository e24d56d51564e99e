import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { liveAnswers, users } from "#db/schema.ts";
import { createGame, hostAction, joinGame } from "#app/models/live-games.server.ts";
import { action } from "#app/routes/choi.$pin.tra-loi.ts";
import type { SessionUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { playerTokenCookie } from "#app/utils/live-events.server.ts";

// The player page's plain form (JavaScript off) goes through the Remix route; script answers are served before
// Remix (app/endpoints/live-answer.server.ts, tested in live-games.test.ts).

const teacher: SessionUser = {
  ...db
    .insert(users)
    .values({ name: "Thầy Long", role: "teacher", createdAt: Date.now() })
    .returning({ id: users.id })
    .get(),
  name: "Thầy Long",
  role: "teacher",
  unitId: null,
  scopeUnitId: null,
};

async function postAnswer(pin: string, body: string, cookie: string | null) {
  const request = new Request(`http://localhost/choi/${pin}/tra-loi`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body,
  });
  return (await action({
    request,
    params: { pin },
    context: { clientIp: "192.0.2.30", cspNonce: "" },
  })) as Response;
}

test("a plain form's answer is recorded and the player goes back to the game; nothing else is written", async () => {
  const game = await createGame(
    teacher,
    {
      title: "Ôn tập",
      topicIds: ["lua-dao"],
      questionCount: 1,
      timeLimitSeconds: 20,
      speedPoints: true,
      classId: null,
    },
    Date.now(),
  );
  const player = await joinGame({ pin: game.pin, name: "Mai", address: "192.0.2.30" }, null, Date.now());
  const cookie = (await playerTokenCookie(new Request("http://localhost/"), player.token)).split(";")[0]!;
  await hostAction(game.id, teacher, "start", Date.now());
  const answers = () =>
    db.select().from(liveAnswers).where(eq(liveAnswers.playerId, player.playerId)).all().length;

  // Not this game's player, or a form that says nothing usable: back to the game, nothing recorded.
  for (const [body, from] of [
    ["question=1&place=1", null],
    ["question=x&place=1", cookie],
  ] as const) {
    const refused = await postAnswer(game.pin, body, from);
    expect([refused.status, refused.headers.get("Location")]).toEqual([302, `/choi/${game.pin}`]);
  }
  expect(answers()).toBe(0);

  const response = await postAnswer(game.pin, "question=1&place=2", cookie);
  expect([response.status, response.headers.get("Location")]).toEqual([302, `/choi/${game.pin}`]);
  expect(answers()).toBe(1);
});
