import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, units } from "#db/schema.ts";
import { listAudit, recordAudit } from "#app/models/audit.server.ts";
import { assertCanManageUnit, canManageUnit, inScope, scopePath } from "#app/models/scope.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { T0 } from "./fixtures.ts";

const unit = (code: string) => db.select().from(units).where(eq(units.code, code)).get()!;

test("a scope holds its own unit and those below, not a unit whose id merely starts the same", () => {
  expect(inScope(null, "/1/7/")).toBe(true);
  expect(inScope("/1/7/", "/1/7/")).toBe(true);
  expect(inScope("/1/7/", "/1/7/12/")).toBe(true);
  expect(inScope("/1/7/", "/1/70/")).toBe(false);
  expect(inScope("/1/7/", "/1/")).toBe(false);
});

describe("console scope", () => {
  const province = unit("02");
  const district = db.select().from(units).where(eq(units.parentId, province.id)).get()!;
  const commune = db.select().from(units).where(eq(units.parentId, district.id)).get()!;
  const otherDistrict = db
    .select()
    .from(units)
    .where(eq(units.parentId, province.id))
    .all()
    .find((u) => u.id !== district.id)!;
  const organiser = (scopeUnitId: number | null) => ({ id: 1, role: "organiser" as const, scopeUnitId });

  test("an organiser manages their unit and everything under it, nothing beside or above it", async () => {
    const of = organiser(district.id);
    expect(await canManageUnit(of, district.id)).toBe(true);
    expect(await canManageUnit(of, commune.id)).toBe(true);
    expect(await canManageUnit(of, otherDistrict.id)).toBe(false);
    expect(await canManageUnit(of, province.id)).toBe(false);
    expect(await canManageUnit(of, null)).toBe(false);
    await expect(assertCanManageUnit(of, otherDistrict.id)).rejects.toMatchObject({ status: 403 });
    expect(await scopePath(of)).toBe(district.path);
  });

  test("an admin manages everything; residents and organisers without a unit nothing", async () => {
    const admin = { id: 1, role: "admin" as const, scopeUnitId: null };
    expect(await canManageUnit(admin, null)).toBe(true);
    expect(await canManageUnit(admin, commune.id)).toBe(true);
    expect(await scopePath(admin)).toBeNull();
    expect(await canManageUnit({ id: 2, role: "resident", scopeUnitId: null }, commune.id)).toBe(false);
    expect(await canManageUnit(organiser(null), commune.id)).toBe(false);
  });
});

describe("audit log", () => {
  test("keeps who did what, before and after, and filters newest first", async () => {
    transaction((tx) => {
      recordAudit(tx, {
        actorId: null,
        action: "contest.publish",
        entity: "contest",
        entityId: 7,
        before: { status: "draft" },
        after: { status: "published" },
        at: T0,
      });
      recordAudit(tx, {
        actorId: null,
        action: "attempt.disqualify",
        entity: "attempt",
        entityId: 9,
        reason: "Thi hộ",
        at: T0 + 1000,
      });
    });
    const all = await listAudit({}, 10);
    expect(all.map((r) => r.action)).toEqual(["attempt.disqualify", "contest.publish"]);
    expect(all[1]).toMatchObject({
      entityId: "7",
      before: { status: "draft" },
      after: { status: "published" },
    });
    expect((await listAudit({ entity: "attempt" }, 10)).map((r) => r.reason)).toEqual(["Thi hộ"]);
    expect(await listAudit({ from: T0 + 1, to: T0 + 2000 }, 10)).toHaveLength(1);
    expect(db.select().from(auditLog).all()).toHaveLength(2);
  });
});
