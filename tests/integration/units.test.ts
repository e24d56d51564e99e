import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { units } from "#db/schema.ts";
import {
  buildUnitLevels,
  getUnitByCode,
  importUnits,
  readUnitFile,
  unitsFolder,
} from "#app/models/units.server.ts";
import { db } from "#app/utils/db.server.ts";

describe("units", () => {
  test("the demo's three-tier Hà Giang: 11 district-level units and 193 communes", () => {
    const province = db.select({ id: units.id }).from(units).where(eq(units.code, "02")).get()!;
    const districts = db.select({ id: units.id }).from(units).where(eq(units.parentId, province.id)).all();
    const communes = db.select({ id: units.id }).from(units).where(eq(units.depth, 2)).all();
    expect(districts).toHaveLength(11);
    expect(communes).toHaveLength(193);
  });

  test("the picker goes province → district → commune, skipping a single root", async () => {
    const first = await buildUnitLevels([]);
    expect(first.levels).toHaveLength(1);
    expect(first.levels[0]!.label).toBe("Huyện/Thị xã/Thành phố");
    expect(first.levels[0]!.options).toHaveLength(11);
    const meoVac = first.levels[0]!.options.find((o) => o.name === "Mèo Vạc")!;
    const second = await buildUnitLevels([meoVac.id]);
    expect(second.levels[1]!.label).toBe("Xã/Phường/Thị trấn");
    expect(second.levels[1]!.options).toHaveLength(18);
    const commune = second.levels[1]!.options[0]!;
    expect((await buildUnitLevels([meoVac.id, commune.id])).leafId).toBe(commune.id);
    // A commune that does not belong to the chosen district is dropped.
    const other = first.levels[0]!.options.find((o) => o.id !== meoVac.id)!;
    expect((await buildUnitLevels([other.id, commune.id])).leafId).toBeNull();
  });

  test("with two provinces, two-tier communes sit directly under their province", async () => {
    expect(importUnits(readUnitFile(path.join(unitsFolder, "tuyen-quang-2026-07.json")))).toBe(125);
    const first = await buildUnitLevels([]);
    expect(first.levels[0]!.label).toBe("Tỉnh/Thành phố");
    const tuyenQuang = first.levels[0]!.options.find((o) => o.name === "Tuyên Quang")!;
    const second = await buildUnitLevels([tuyenQuang.id]);
    expect(second.levels[1]!.label).toBe("Xã/Phường/Thị trấn");
    expect(second.levels[1]!.options).toHaveLength(124);
  });

  test("importing again changes nothing", async () => {
    const before = db.select().from(units).all();
    importUnits(readUnitFile(path.join(unitsFolder, "ha-giang-2025-03.json")));
    importUnits(readUnitFile(path.join(unitsFolder, "tuyen-quang-2026-07.json")));
    expect(db.select().from(units).all()).toEqual(before);
    const tuyenQuang = (await getUnitByCode("08"))!;
    const ward = db
      .select()
      .from(units)
      .where(eq(units.depth, 1))
      .all()
      .find((u) => u.path.startsWith(`/${tuyenQuang.id}/`));
    expect(ward?.isLeaf).toBe(true);
  });
});
