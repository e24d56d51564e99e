import { describe, expect, test } from "vitest";
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from "#app/utils/auth.server.ts";
import { createUser, verifyLogin } from "#app/models/users.server.ts";
import { createResident } from "./fixtures.ts";

const DAY = 24 * 3600_000;

describe("sessions, the Lucia way", () => {
  test("a token validates; a wrong secret, an unknown id or an expired session do not", async () => {
    const { userId } = createResident();
    const now = Date.UTC(2026, 0, 1);
    const token = await createSession(userId, now);
    const [id, secret] = token.split(".");
    expect((await validateSessionToken(token, now + 1000))?.user.id).toBe(userId);
    expect(
      await validateSessionToken(`${id}.${secret!.replace(/^./, (c) => (c === "a" ? "b" : "a"))}`, now),
    ).toBeNull();
    expect(await validateSessionToken(`nosuchid.${secret}`, now)).toBeNull();
    expect(await validateSessionToken("garbage", now)).toBeNull();
    expect(await validateSessionToken(token, now + 31 * DAY)).toBeNull();
  });

  test("sliding expiry renews past half the lifetime; logout and password change invalidate", async () => {
    const { userId } = createResident();
    const now = Date.UTC(2026, 0, 1);
    const token = await createSession(userId, now);
    expect((await validateSessionToken(token, now + 10 * DAY))?.renewed).toBe(false);
    expect((await validateSessionToken(token, now + 20 * DAY))?.renewed).toBe(true);
    // Renewed at day 20, so still valid at day 45.
    expect(await validateSessionToken(token, now + 45 * DAY)).not.toBeNull();
    await invalidateSession(token);
    expect(await validateSessionToken(token, now + 46 * DAY)).toBeNull();
    const other = await createSession(userId, now);
    await invalidateUserSessions(userId);
    expect(await validateSessionToken(other, now)).toBeNull();
  });

  test("passwords are hashed with argon2id and verified", async () => {
    const { unitId } = createResident();
    const { id } = await createUser({
      name: "Lò Văn Páo",
      phone: "0912345678",
      birthYear: 1980,
      unitId,
      password: "mat-khau-dai",
    });
    expect(await verifyLogin("0912345678", "mat-khau-dai")).toBe(id);
    expect(await verifyLogin("0912345678", "sai-mat-khau")).toBeNull();
    expect(await verifyLogin("0999999999", "mat-khau-dai")).toBeNull();
  });
});
