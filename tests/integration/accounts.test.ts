// Login and registration through their route actions, as the browser posts them, with a fake clock.
import type { AppLoadContext } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { units, users } from "#db/schema.ts";
import { createUser } from "#app/models/users.server.ts";
import {
  admitRegistration,
  grantAllowance,
  listAllowances,
  refusalCounts,
  revokeAllowance,
} from "#app/models/registration-limits.server.ts";
import { action as registerAction } from "#app/routes/dang-ky.tsx";
import { action as loginAction } from "#app/routes/dang-nhap.tsx";
import { db } from "#app/utils/db.server.ts";
import { HOUR, rejection, T0 } from "./fixtures.ts";

const MINUTE = 60_000;
let now = T0;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
});
afterEach(() => {
  // Every test starts a day after the previous one, so no window or run of failures carries over.
  now += 48 * HOUR;
  vi.useRealTimers();
});
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);
/** An admin, who sees every unit's refusals. */
const everything = { id: 0, role: "admin", scopeUnitId: null } as const;

type Outcome = {
  status: number;
  message?: string;
  fields?: Record<string, string[] | null>;
  location?: string | null;
  cookies: string[];
  retryAfter?: string;
};

async function outcome(result: unknown): Promise<Outcome> {
  if (result instanceof Response)
    return {
      status: result.status,
      location: result.headers.get("Location"),
      cookies: result.headers.getSetCookie(),
    };
  const { data, init } = result as {
    data: { result: { error?: Record<string, string[] | null> } };
    init: { status?: number; headers?: Record<string, string> } | null;
  };
  return {
    status: init?.status ?? 200,
    message: data.result.error?.[""]?.join(" "),
    fields: data.result.error,
    cookies: [],
    retryAfter: init?.headers?.["Retry-After"],
  };
}

const context = (clientIp: string) => ({ clientIp, cspNonce: "" }) as AppLoadContext;

async function login(
  phone: string,
  password: string,
  { ip = "203.0.113.1", device, redirectTo }: { ip?: string; device?: string; redirectTo?: string } = {},
) {
  const body = new URLSearchParams({ phone, password, redirectTo: redirectTo ?? "" });
  const request = new Request("http://localhost/dang-nhap", {
    method: "POST",
    body,
    headers: device ? { Cookie: device } : {},
  });
  return outcome(await loginAction({ request, context: context(ip), params: {} }));
}

/** The "cds_device=…" pair a response set, to send back as the resident's phone would. */
const deviceCookie = (o: Outcome) => o.cookies.find((c) => c.startsWith("cds_device="))!.split(";")[0]!;

let phoneCounter = 0;
const newPhone = () => `097${String(++phoneCounter).padStart(7, "0")}`;
const leafUnits = () =>
  db.select({ id: units.id }).from(units).where(eq(units.isLeaf, true)).orderBy(units.code).all();

async function resident(password = "mat-khau-dung") {
  const phone = newPhone();
  await createUser({ name: "Lò Văn Páo", phone, birthYear: 1980, unitId: leafUnits()[0]!.id, password });
  return phone;
}

describe("login", () => {
  test("the per-address limit is one minute, and the message says how long is left", async () => {
    for (let i = 0; i < 30; i++)
      expect((await login(newPhone(), "sai", { ip: "198.51.100.7" })).status).toBe(400);
    const refused = await login(newPhone(), "sai", { ip: "198.51.100.7" });
    expect(refused.status).toBe(429);
    expect(refused.message).toBe("Có quá nhiều lần đăng nhập từ mạng này. Vui lòng đợi 1 phút rồi thử lại.");
    expect(refused.retryAfter).toBe("60");
    advance(30_000);
    expect((await login(newPhone(), "sai", { ip: "198.51.100.7" })).message).toContain("đợi 30 giây");
    advance(30_000);
    expect((await login(newPhone(), "sai", { ip: "198.51.100.7" })).status).toBe(400);
  });

  test("wrong passwords from one place wait longer each time; the right one works once the wait is over", async () => {
    const phone = await resident();
    const plain = "Số điện thoại hoặc mật khẩu không đúng.";
    expect((await login(phone, "sai-1")).message).toBe(plain);
    expect((await login(phone, "sai-2")).message).toBe(plain);
    expect((await login(phone, "sai-3")).message).toBe(`${plain} Bạn có thể thử lại sau 30 giây.`);
    const waiting = await login(phone, "mat-khau-dung");
    expect(waiting.status).toBe(429);
    expect(waiting.message).toBe(
      "Số điện thoại này vừa bị nhập sai mật khẩu nhiều lần. Vui lòng đợi 30 giây rồi thử lại.",
    );
    advance(30_000);
    expect((await login(phone, "sai-4")).message).toContain("thử lại sau 1 phút");
    advance(59_000);
    expect((await login(phone, "mat-khau-dung")).message).toContain("đợi 1 giây");
    advance(1000);
    expect((await login(phone, "sai-5")).message).toContain("thử lại sau 2 phút");
    for (const wait of [2, 4, 8, 15, 15]) {
      advance(wait * MINUTE);
      const next = await login(phone, "sai");
      expect(next.message).toMatch(/thử lại sau \d+ phút/);
    }
    advance(15 * MINUTE);
    expect((await login(phone, "mat-khau-dung")).status).toBe(302);
    // A success forgets the failures.
    expect((await login(phone, "sai")).message).toBe(plain);
  });

  test("failures from many addresses slow the phone everywhere, except on the resident's own phone", async () => {
    const phone = await resident();
    const home = await login(phone, "mat-khau-dung", { ip: "203.0.113.50" });
    expect(home.status).toBe(302);
    const device = deviceCookie(home);
    // Someone tries the phone from ten addresses, once each: the tenth failure slows the phone down.
    for (let i = 1; i <= 10; i++) await login(phone, "doan-mo", { ip: `192.0.2.${i}` });
    const elsewhere = await login(phone, "mat-khau-dung", { ip: "192.0.2.99" });
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.message).toContain("đợi 30 giây");
    // The attacker shares the resident's address (carrier NAT) and fails there too.
    for (let i = 0; i < 3; i++) await login(phone, "doan-mo", { ip: "203.0.113.50" });
    expect((await login(phone, "mat-khau-dung", { ip: "203.0.113.50" })).status).toBe(429);
    // The resident's phone, at home or on the move, still gets in with the right password.
    expect((await login(phone, "mat-khau-dung", { ip: "203.0.113.50", device })).status).toBe(302);
    for (let i = 11; i <= 20; i++) await login(phone, "doan-mo", { ip: `192.0.2.${i}` });
    expect((await login(phone, "mat-khau-dung", { ip: "100.64.0.9", device })).status).toBe(302);
  });

  test("the resident's own typos slow only their phone, and a device known for another phone is not exempt", async () => {
    const phone = await resident();
    const other = await resident();
    const device = deviceCookie(await login(phone, "mat-khau-dung", { ip: "203.0.113.60" }));
    for (let i = 0; i < 3; i++) await login(phone, "go-nham", { ip: "203.0.113.60", device });
    expect((await login(phone, "mat-khau-dung", { ip: "203.0.113.60", device })).status).toBe(429);
    // Without the device cookie the same address is another pair, still free.
    expect((await login(phone, "mat-khau-dung", { ip: "203.0.113.60" })).status).toBe(302);

    for (let i = 1; i <= 10; i++) await login(other, "doan-mo", { ip: `192.0.2.${100 + i}` });
    expect((await login(other, "mat-khau-dung", { ip: "203.0.113.60", device })).status).toBe(429);
  });

  test("redirectTo only leads to this site, and odd characters never cause an error", async () => {
    const phone = await resident();
    for (const [redirectTo, location] of [
      ["/cuoc-thi/xay-dung-cong-dan-so", "/cuoc-thi/xay-dung-cong-dan-so"],
      ["/\t/evil.example", "/"],
      ["/\n/evil.example", "/"],
      ["//evil.example", "/"],
      ["/\\evil.example", "/"],
      ["https://evil.example", "/"],
    ]) {
      const result = await login(phone, "mat-khau-dung", { redirectTo });
      expect([result.status, result.location]).toEqual([302, location]);
    }
  });
});

async function register(fields: Record<string, string>, ip = "203.0.113.1", search = "") {
  const unitId = leafUnits()[1]!.id;
  const body = new URLSearchParams({
    name: "Nông Thị Lan",
    phone: newPhone(),
    birthYear: "1990",
    units: String(unitId),
    password: "matkhau-an-toan",
    consent: "on",
    ...fields,
  });
  const request = new Request(`http://localhost/dang-ky${search}`, { method: "POST", body });
  return outcome(await registerAction({ request, context: context(ip), params: {} }));
}

describe("registration", () => {
  test("five accounts an hour from one address; the sixth waits, is told how long, and is counted", async () => {
    for (let i = 0; i < 5; i++) expect((await register({}, "198.51.100.20")).status).toBe(302);
    advance(20 * MINUTE);
    const refused = await register({ name: "Lò Thị Mai" }, "198.51.100.20");
    expect(refused.status).toBe(429);
    expect(refused.message).toContain("Vui lòng đợi 40 phút rồi thử lại");
    expect(refused.retryAfter).toBe(String(40 * 60));
    const counts = await refusalCounts(everything);
    expect(counts.byAddress).toContainEqual({ address: "198.51.100.20", refused: 1 });
    expect(counts.byUnit.find((u) => u.unitId === leafUnits()[1]!.id)?.refused).toBe(1);
    advance(40 * MINUTE);
    expect((await register({}, "198.51.100.20")).status).toBe(302);
  });

  test("the address an account registered from is kept for fair-play review", async () => {
    const phone = newPhone();
    expect((await register({ phone }, "::ffff:198.51.100.77")).status).toBe(302);
    expect(db.select().from(users).where(eq(users.phone, phone)).get()!.registeredAddress).toBe(
      "198.51.100.77",
    );
  });

  test("a commune takes a limited number an hour from all addresses together", async () => {
    const unitId = leafUnits()[2]!.id;
    const limits = { perAddress: 5, perUnit: 3 };
    for (let i = 1; i <= 3; i++)
      expect(await admitRegistration({ address: `192.0.2.${i}`, unitId, limits })).toEqual({ ok: true });
    expect(await admitRegistration({ address: "192.0.2.4", unitId, limits })).toEqual({
      ok: false,
      retryAfterMs: HOUR,
    });
    // Another commune is not affected, and the refused address kept its own quota.
    expect((await admitRegistration({ address: "192.0.2.4", unitId: leafUnits()[3]!.id, limits })).ok).toBe(
      true,
    );
  });

  test("an allowance lifts the limit for a network, shared by its addresses, until revoked or expired", async () => {
    const admin = db
      .insert(users)
      .values({ name: "Quản trị", role: "admin", createdAt: T0 })
      .returning()
      .get();
    const unitId = leafUnits()[4]!.id;
    const limits = { perAddress: 2, perUnit: 3 };
    const { id } = await grantAllowance({
      address: "203.0.113.0/24",
      perHour: 6,
      reason: "Nhà văn hoá xã, buổi hướng dẫn",
      days: 1,
      grantedBy: admin.id,
    });
    const admitted = [];
    for (let i = 0; i < 7; i++)
      admitted.push(
        (await admitRegistration({ address: `::ffff:203.0.113.${10 + (i % 2)}`, unitId, limits })).ok,
      );
    // Six from the hall, more than the commune's three; the seventh is over the allowance.
    expect(admitted).toEqual([true, true, true, true, true, true, false]);
    expect((await refusalCounts(everything)).byAddress).toContainEqual({
      address: "203.0.113.10",
      refused: 1,
    });
    // Outside the network the usual limits apply (the hall's registrations did not use the commune's quota).
    const outside = [];
    for (let i = 0; i < 3; i++)
      outside.push((await admitRegistration({ address: "203.0.114.1", unitId, limits })).ok);
    expect(outside).toEqual([true, true, false]);

    await revokeAllowance(id, { id: admin.id, role: "admin", scopeUnitId: null });
    expect(
      (await admitRegistration({ address: "203.0.113.77", unitId: leafUnits()[5]!.id, limits })).ok,
    ).toBe(true);
    expect(
      (await admitRegistration({ address: "203.0.113.77", unitId: leafUnits()[5]!.id, limits })).ok,
    ).toBe(true);
    expect(
      (await admitRegistration({ address: "203.0.113.77", unitId: leafUnits()[5]!.id, limits })).ok,
    ).toBe(false);

    await grantAllowance({
      address: "2001:db8::/48",
      perHour: 50,
      reason: "Trường THCS",
      days: 1,
      grantedBy: admin.id,
    });
    for (let i = 0; i < 5; i++)
      expect(
        (await admitRegistration({ address: "2001:db8::1", unitId: leafUnits()[6]!.id, limits })).ok,
      ).toBe(true);
    advance(24 * HOUR);
    expect((await admitRegistration({ address: "2001:db8::1", unitId: leafUnits()[7]!.id, limits })).ok).toBe(
      true,
    );
    expect((await admitRegistration({ address: "2001:db8::1", unitId: leafUnits()[7]!.id, limits })).ok).toBe(
      true,
    );
    expect((await admitRegistration({ address: "2001:db8::1", unitId: leafUnits()[7]!.id, limits })).ok).toBe(
      false,
    );
  });

  test("organisers see and revoke the allowances and refusals of their own unit and below; admins all", async () => {
    const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
    const [districtA, districtB] = db.select().from(units).where(eq(units.parentId, province.id)).all();
    const communeOf = (districtId: number) =>
      db.select({ id: units.id }).from(units).where(eq(units.parentId, districtId)).get()!.id;
    const consoleUser = (name: string, role: "organiser" | "admin", scopeUnitId: number | null) => {
      const { id } = db
        .insert(users)
        .values({ name, role, scopeUnitId, createdAt: T0 })
        .returning({ id: users.id })
        .get();
      return { id, role, scopeUnitId };
    };
    const ofA = consoleUser("Ban tổ chức huyện A", "organiser", districtA!.id);
    const colleagueA = consoleUser("Ban tổ chức huyện A (2)", "organiser", districtA!.id);
    const ofB = consoleUser("Ban tổ chức huyện B", "organiser", districtB!.id);
    const ofProvince = consoleUser("Ban tổ chức tỉnh", "organiser", province.id);
    const admin = consoleUser("Quản trị", "admin", null);
    const grant = async (by: { id: number }, address: string) =>
      (await grantAllowance({ address, perHour: 40, reason: "Buổi hướng dẫn", days: 1, grantedBy: by.id }))
        .id;
    const inA = await grant(ofA, "198.51.100.0/24");
    const inB = await grant(ofB, "198.51.101.0/24");
    const byAdmin = await grant(admin, "198.51.102.0/24");
    const seen = async (user: typeof ofA) => (await listAllowances(user)).map((a) => a.id).sort();

    expect(await seen(ofA)).toEqual([inA]);
    expect(await seen(ofB)).toEqual([inB]);
    expect(await seen(ofProvince)).toEqual([inA, inB].sort());
    expect(await seen(admin)).toEqual(expect.arrayContaining([inA, inB, byAdmin]));
    expect((await listAllowances(ofA))[0]).toMatchObject({ unitName: districtA!.name });

    // Another district's grant, or an admin's, is not found; a colleague of the unit or the province may end it.
    for (const id of [inB, byAdmin]) expect((await rejection(revokeAllowance(id, ofA))).status).toBe(404);
    await revokeAllowance(inA, colleagueA);
    await revokeAllowance(inB, ofProvince);
    await revokeAllowance(byAdmin, admin);

    // Registrations refused in district B are not district A's business.
    const limits = { perAddress: 1, perUnit: 100 };
    for (const [address, districtId] of [
      ["192.0.2.50", districtA!.id],
      ["192.0.2.51", districtB!.id],
    ] as const)
      for (let i = 0; i < 2; i++) await admitRegistration({ address, unitId: communeOf(districtId), limits });
    const refusedA = await refusalCounts(ofA);
    expect(refusedA.byAddress.map((r) => r.address)).toEqual(["192.0.2.50"]);
    expect(refusedA.byUnit.map((r) => r.unitId)).toEqual([communeOf(districtA!.id)]);
    expect(refusedA.total).toBe(1);
    expect((await refusalCounts(admin)).byAddress.map((r) => r.address).sort()).toEqual(
      ["192.0.2.50", "192.0.2.51"].sort(),
    );
  });

  test("names are normalised, and invisible, stacked, foreign-script and official-sounding names refused", async () => {
    const nameError = async (name: string) => {
      const result = await register({ name }, "198.51.100.30");
      expect(result.status).toBe(400);
      return result.fields?.name?.join(" ");
    };
    expect(await nameError("\u3164")).toMatch(/ký tự ẩn/);
    expect(await nameError("...")).toBe("Mỗi từ trong họ tên phải có chữ cái.");
    expect(await nameError(`Lan${"\u0301".repeat(77)}`)).toBe("Họ và tên có chữ cái mang quá nhiều dấu.");
    expect(await nameError("Nguyễn Vаn Lоng")).toMatch(/bảng chữ cái La-tinh/);
    expect(await nameError("Ban tổ chức tỉnh Hà Giang")).toMatch(/không được giống tên của ban tổ chức/);
    const phone = newPhone();
    expect(
      (await register({ name: "  Nguyễn   Văn Hoà ".normalize("NFD"), phone }, "198.51.100.30")).status,
    ).toBe(302);
    const stored = db
      .select({ name: users.name })
      .from(users)
      .where(and(eq(users.phone, phone)))
      .get();
    expect(stored?.name).toBe("Nguyễn Văn Hoà".normalize("NFC"));
  });

  test("after registering, only a path on this site is followed", async () => {
    const evil = await register({}, "198.51.100.40", `?redirectTo=${encodeURIComponent("/\t/evil.example")}`);
    expect([evil.status, evil.location]).toEqual([302, "/"]);
    const fine = await register({}, "198.51.100.40", "?redirectTo=%2Fcuoc-thi%2Fxay-dung-cong-dan-so");
    expect(fine.location).toBe("/cuoc-thi/xay-dung-cong-dan-so");
    expect(fine.cookies.some((c) => c.startsWith("cds_device="))).toBe(true);
  });
});
