import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { assistedRegistrations, attempts, auditLog, units, users } from "#db/schema.ts";
import { ASSISTED_CONSENT } from "#app/domain/community-help.ts";
import { seededRng } from "#app/domain/draw.ts";
import {
  getAttemptHeader,
  getAttemptResult,
  saveAnswer,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import {
  endHelper,
  findResident,
  getHelperForConsole,
  issueSetupCode,
  listHelpers,
  nameHelper,
  registerResident,
  requireHelperUnits,
  setPasswordWithCode,
  startAssistedAttempt,
} from "#app/models/community-helpers.server.ts";
import { getDashboardFigures } from "#app/models/dashboard.server.ts";
import { roundBoard } from "#app/models/leaderboards.server.ts";
import { listRoundAttempts } from "#app/models/results.server.ts";
import { verifyLogin } from "#app/models/users.server.ts";
import type { Role } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createTestContest, HOUR, rejection, T0 } from "./fixtures.ts";

const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const [district, otherDistrict] = db.select().from(units).where(eq(units.parentId, province.id)).all();
const [commune, secondCommune] = db.select().from(units).where(eq(units.parentId, district!.id)).all();
const otherCommune = db.select().from(units).where(eq(units.parentId, otherDistrict!.id)).get()!;

let phoneCounter = 0;
function addUser(name: string, role: Role, unitId: number, scopeUnitId: number | null = null) {
  const phone = `09${String(40_000_000 + ++phoneCounter).padStart(8, "0")}`;
  const id = db
    .insert(users)
    .values({ name, phone, role, unitId, scopeUnitId, createdAt: T0 })
    .returning({ id: users.id })
    .get().id;
  return { id, phone, role, scopeUnitId };
}

const organiser = addUser("Ban tổ chức huyện", "organiser", district!.id, district!.id);
const otherOrganiser = addUser("Ban tổ chức huyện khác", "organiser", otherDistrict!.id, otherDistrict!.id);
const now = T0 + HOUR;

describe("naming helpers", () => {
  test("an organiser names a resident of any commune in their district, audited; not outside it", async () => {
    const helper = addUser("Lò Văn Hỗ", "resident", commune!.id);
    await nameHelper({ organiser, phone: helper.phone, unitId: commune!.id, now });
    expect((await requireHelperUnits(helper.id)).map((u) => u.unitId)).toEqual([commune!.id]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "helper.name")).all();
    expect(audit.at(-1)).toMatchObject({ actorId: organiser.id, unitId: commune!.id });

    expect(
      (await rejection(nameHelper({ organiser, phone: helper.phone, unitId: otherCommune.id, now }))).status,
    ).toBe(403);
    expect(
      (
        await rejection(
          nameHelper({ organiser: otherOrganiser, phone: helper.phone, unitId: commune!.id, now }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await rejection(nameHelper({ organiser, phone: helper.phone, unitId: district!.id, now }))).status,
    ).toBe(400);
    expect(
      (await rejection(nameHelper({ organiser, phone: "0999999999", unitId: commune!.id, now }))).status,
    ).toBe(404);
    expect(
      (await rejection(nameHelper({ organiser, phone: helper.phone, unitId: commune!.id, now }))).status,
    ).toBe(409);
    expect(
      (await rejection(nameHelper({ organiser, phone: otherOrganiser.phone, unitId: commune!.id, now })))
        .status,
    ).toBe(400);

    // Lists and the helper's page follow the scope too.
    expect((await listHelpers(organiser)).map((h) => h.userId)).toContain(helper.id);
    expect((await listHelpers(otherOrganiser)).map((h) => h.userId)).not.toContain(helper.id);
    expect((await rejection(getHelperForConsole(otherOrganiser, helper.id))).status).toBe(403);

    // Ended: no longer a helper, and the end is audited.
    const [membership] = await listHelpers(organiser);
    await endHelper({ organiser, membershipId: membership!.id, now });
    expect((await rejection(requireHelperUnits(helper.id))).status).toBe(403);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "helper.end")).all()).toHaveLength(1);
  });
});

describe("a helper registers a resident and takes attempts with them", async () => {
  const contest = await createTestContest();
  const round = contest.rounds[0]!;
  const helper = addUser("Vàng Thị Giúp", "resident", commune!.id);
  await nameHelper({ organiser, phone: helper.phone, unitId: commune!.id, now });
  const registered = await registerResident({
    helperId: helper.id,
    name: "Giàng Thị Mai",
    phone: "0912888001",
    birthYear: 1958,
    unitId: commune!.id,
    address: "203.0.113.50",
    now,
  });
  const residentId = registered.userId;

  test("the consent is recorded with its time, the helper and the text's version; no password yet", async () => {
    const row = db
      .select()
      .from(assistedRegistrations)
      .where(eq(assistedRegistrations.userId, residentId))
      .get()!;
    expect(row).toMatchObject({
      helperId: helper.id,
      consentVersion: ASSISTED_CONSENT.version,
      consentedAt: now,
    });
    const user = db.select().from(users).where(eq(users.id, residentId)).get()!;
    expect(user).toMatchObject({
      unitId: commune!.id,
      passwordHash: null,
      consentedAt: now,
      role: "resident",
    });
    expect(await findResident(helper.id, "0912888001")).toBe(residentId);
    // Only residents of the helper's own commune.
    const elsewhere = registerResident({
      helperId: helper.id,
      name: "Người Xã Khác",
      phone: "0912888002",
      birthYear: 1970,
      unitId: secondCommune!.id,
      address: null,
      now,
    });
    expect((await rejection(elsewhere)).status).toBe(400);
  });

  test("the attempt is the resident's, marked with the helper; only the two of them may open it", async () => {
    const attemptId = await startAssistedAttempt({
      helperId: helper.id,
      residentId,
      slug: contest.slug,
      now,
      address: "203.0.113.50",
    });
    expect(db.select().from(attempts).where(eq(attempts.id, attemptId)).get()).toMatchObject({
      userId: residentId,
      assistedBy: helper.id,
    });
    // The helper answers on their phone; the resident can open it too.
    for (let slot = 1; slot <= 5; slot++)
      await saveAnswer(attemptId, helper.id, slot, attemptKey(attemptId, slot).correct, now + slot * 1000);
    expect((await getAttemptHeader(attemptId, residentId, now + 10_000)).answeredSlots).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const stranger = addUser("Người Lạ", "resident", commune!.id);
    expect((await rejection(getAttemptHeader(attemptId, stranger.id, now))).status).toBe(404);
    expect((await rejection(saveAnswer(attemptId, stranger.id, 1, [1], now))).status).toBe(404);
    // Another helper of the same commune is a stranger to this attempt.
    const otherHelper = addUser("Helper Khác", "resident", commune!.id);
    await nameHelper({ organiser, phone: otherHelper.phone, unitId: commune!.id, now });
    expect((await rejection(getAttemptHeader(attemptId, otherHelper.id, now))).status).toBe(404);

    await submitAttempt(attemptId, helper.id, now + 60_000);
    // Submitted: no more answers, whoever sends them; both read the result, ranked as the resident's.
    expect((await rejection(saveAnswer(attemptId, helper.id, 1, [1], now + 61_000))).status).toBe(409);
    const forHelper = (await getAttemptResult(attemptId, helper.id, now + 70_000))!;
    const forResident = (await getAttemptResult(attemptId, residentId, now + 70_000))!;
    expect(forHelper.attempt.score).toBe(5);
    expect(forHelper.counts).toBe(true);
    expect(forHelper.rank).toEqual(forResident.rank);
    expect(forHelper.rank).not.toBeNull();
    expect(forHelper.assisted).toEqual({
      residentName: "Giàng Thị Mai",
      helperName: "Vàng Thị Giúp",
      viewer: "helper",
    });
    expect(forResident.assisted?.viewer).toBe("resident");

    // Marked on the dashboard (counted apart), in the attempts export and on the organiser's list.
    const figures = await getDashboardFigures(roundBoard(round.id), [round.id]);
    expect(figures).toMatchObject({ started: 1, submitted: 1, assistedStarted: 1, assistedSubmitted: 1 });
    const exported = await listRoundAttempts(round.id);
    expect(exported.find((r) => r.attemptId === attemptId)?.helperName).toBe("Vàng Thị Giúp");
    const console = await getHelperForConsole(organiser, helper.id);
    expect(console.assisted.map((a) => a.attemptId)).toEqual([attemptId]);
    expect((await listHelpers(organiser)).find((h) => h.userId === helper.id)?.assistedAttempts).toBe(1);
  });

  test("an attempt the resident started alone is theirs to finish: the helper is refused", async () => {
    const alone = addUser("Tự Thi", "resident", commune!.id);
    await startAttempt(alone.id, round.id, now, seededRng(4));
    const refused = startAssistedAttempt({
      helperId: helper.id,
      residentId: alone.id,
      slug: contest.slug,
      now,
      address: null,
    });
    expect((await rejection(refused)).status).toBe(409);
  });

  test("a helper starts at most the hourly limit of new assisted attempts (429 past it)", async () => {
    const limited = addUser("Người Giới Hạn", "resident", commune!.id);
    const residents = [0, 1, 2].map((i) => addUser(`Người Thứ ${i}`, "resident", commune!.id));
    const assist = { helperId: limited.id, perHour: 2 };
    await startAttempt(residents[0]!.id, round.id, now, seededRng(1), null, assist);
    await startAttempt(residents[1]!.id, round.id, now, seededRng(2), null, assist);
    const third = await rejection(startAttempt(residents[2]!.id, round.id, now, seededRng(3), null, assist));
    expect(third.status).toBe(429);
    expect(third.message).toContain("có hỗ trợ");
    // Resuming an open one is not a new attempt; a new hour starts over.
    await startAttempt(residents[0]!.id, round.id, now + 1000, seededRng(1), null, assist);
    await startAttempt(residents[2]!.id, round.id, now + HOUR + 1, seededRng(3), null, assist);
    const marked = db
      .select({ id: attempts.id })
      .from(attempts)
      .where(and(eq(attempts.assistedBy, limited.id)))
      .all();
    expect(marked).toHaveLength(3);
  });

  test("the resident sets their own password once with the one-time code, then logs in", async () => {
    const wrong = setPasswordWithCode({
      phone: "0912888001",
      code: "00000000",
      password: "MatKhau@2026",
      now,
    });
    expect((await rejection(wrong)).status).toBe(400);
    const fresh = await issueSetupCode(helper.id, residentId, now);
    // The first code stopped working when the new one was made.
    const old = setPasswordWithCode({
      phone: "0912888001",
      code: registered.code,
      password: "MatKhau@2026",
      now,
    });
    expect((await rejection(old)).status).toBe(400);
    const spaced = `${fresh.slice(0, 4)} ${fresh.slice(4)}`;
    expect(
      await setPasswordWithCode({ phone: "0912888001", code: spaced, password: "MatKhau@2026", now }),
    ).toBe(residentId);
    expect(await verifyLogin("0912888001", "MatKhau@2026")).toMatchObject({
      id: residentId,
      disabled: false,
    });
    // Used: never again, and the helper cannot make a new code for an account with a password.
    const again = setPasswordWithCode({ phone: "0912888001", code: fresh, password: "Khac@20262026", now });
    expect((await rejection(again)).status).toBe(400);
    expect((await rejection(issueSetupCode(helper.id, residentId, now))).status).toBe(409);
  });

  test("wrong codes slow the phone down", async () => {
    const other = await registerResident({
      helperId: helper.id,
      name: "Thào Văn Chậm",
      phone: "0912888003",
      birthYear: 1965,
      unitId: commune!.id,
      address: null,
      now,
    });
    for (let i = 0; i < 3; i++)
      await rejection(
        setPasswordWithCode({ phone: "0912888003", code: "11111111", password: "MatKhau@2026", now }),
      );
    const slowed = setPasswordWithCode({
      phone: "0912888003",
      code: other.code,
      password: "MatKhau@2026",
      now,
    });
    expect((await rejection(slowed)).status).toBe(429);
  });
});
