import { describe, expect, test } from "vitest";
import {
  commitSessionCookie,
  cookiesAreSecure,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  knownDeviceFor,
  rememberDevice,
  safeRedirect,
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
    expect(await verifyLogin("0912345678", "mat-khau-dai")).toEqual({ id, disabled: false, pending: false });
    expect(await verifyLogin("0912345678", "sai-mat-khau")).toBeNull();
    expect(await verifyLogin("0999999999", "mat-khau-dai")).toBeNull();
  });
});

describe("where to go after login", () => {
  test("paths on this site are kept, resolved", () => {
    expect(safeRedirect("/cuoc-thi/xay-dung-cong-dan-so")).toBe("/cuoc-thi/xay-dung-cong-dan-so");
    expect(safeRedirect("/bai-thi/3/cau/2?x=1#cau")).toBe("/bai-thi/3/cau/2?x=1#cau");
    expect(safeRedirect("/a/../quan-tri")).toBe("/quan-tri");
    expect(safeRedirect("/cuộc thi")).toBe("/cu%E1%BB%99c%20thi");
  });

  test("the probe's payloads and other ways off the site fall back", () => {
    for (const payload of [
      "/\t/evil.example",
      decodeURIComponent("/%09/evil.example"),
      "/\n/evil.example",
      "/ok\r\nSet-Cookie: x=1",
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
    ])
      expect(safeRedirect(payload), JSON.stringify(payload)).toBe("/");
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect("//evil.example", "")).toBe("");
    // Still encoded, "%09" is a harmless path segment on this site.
    expect(safeRedirect("/%09/evil.example")).toBe("/%09/evil.example");
  });
});

describe("cookies", () => {
  const http = new Request("http://192.168.1.10:3000/dang-nhap");
  const https = new Request("https://congdanso.example/dang-nhap");

  test("Secure over https, in production unless COOKIE_SECURE=false, and always with COOKIE_SECURE=true", () => {
    const settings = (NODE_ENV: string, COOKIE_SECURE: "auto" | "true" | "false") => ({
      NODE_ENV,
      COOKIE_SECURE,
    });
    expect(cookiesAreSecure(https, settings("development", "auto"))).toBe(true);
    expect(cookiesAreSecure(https, settings("production", "false"))).toBe(true);
    expect(cookiesAreSecure(http, settings("production", "auto"))).toBe(true);
    expect(cookiesAreSecure(http, settings("production", "false"))).toBe(false);
    expect(cookiesAreSecure(http, settings("development", "auto"))).toBe(false);
    expect(cookiesAreSecure(http, settings("development", "true"))).toBe(true);
  });

  test("the session and device cookies carry the flag", async () => {
    const { userId } = createResident();
    expect(await commitSessionCookie(https, "a.b")).toMatch(/; Secure/);
    expect(await commitSessionCookie(http, "a.b")).not.toMatch(/Secure/);
    const device = await rememberDevice(https, userId);
    expect(device).toMatch(/^cds_device=.*HttpOnly.*; Secure/);
  });
});

describe("known devices", () => {
  test("a device is known for the phones that logged in on it, and keeps its token", async () => {
    const { unitId } = createResident();
    const lan = await createUser({
      name: "Nông Thị Lan",
      phone: "0987000001",
      birthYear: 1990,
      unitId,
      password: "x".repeat(8),
    });
    const tung = await createUser({
      name: "Triệu Văn Tùng",
      phone: "0987000002",
      birthYear: 1985,
      unitId,
      password: "x".repeat(8),
    });
    const anonymous = new Request("http://localhost/dang-nhap");
    expect(await knownDeviceFor(anonymous, "0987000001")).toBeNull();
    const setCookie = await rememberDevice(anonymous, lan.id);
    const cookie = setCookie.split(";")[0]!;
    const fromDevice = new Request("http://localhost/dang-nhap", { headers: { Cookie: cookie } });
    expect(await knownDeviceFor(fromDevice, "0987000001")).toMatch(/^[0-9a-f]{64}$/);
    expect(await knownDeviceFor(fromDevice, "0987000002")).toBeNull();
    // A family phone: the second resident is remembered on the same token.
    expect((await rememberDevice(fromDevice, tung.id)).split(";")[0]).toBe(cookie);
    expect(await knownDeviceFor(fromDevice, "0987000002")).not.toBeNull();
    const forged = new Request("http://localhost/dang-nhap", { headers: { Cookie: "cds_device=forged" } });
    expect(await knownDeviceFor(forged, "0987000001")).toBeNull();
  });
});
