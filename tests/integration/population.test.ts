import ExcelJS from "exceljs";
import { eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, units, users } from "#db/schema.ts";
import { parsePopulationRows } from "#app/domain/population-sheet.ts";
import { applyPopulation, listPopulationUnits } from "#app/models/population.server.ts";
import { db } from "#app/utils/db.server.ts";
import { readSheetTable } from "#app/utils/question-sheet.server.ts";
import { T0 } from "./fixtures.ts";

const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const [district, otherDistrict] = db.select().from(units).where(eq(units.parentId, province.id)).all();
const [commune, secondCommune] = db.select().from(units).where(eq(units.parentId, district!.id)).all();
const outside = db.select().from(units).where(eq(units.parentId, otherDistrict!.id)).get()!;
const actor = db.insert(users).values({ name: "Ban tổ chức", createdAt: T0 }).returning().get();
const organiser = { id: actor.id, role: "organiser" as const, scopeUnitId: district!.id };
const admin = { id: actor.id, role: "admin" as const, scopeUnitId: null };

// A name two communes share, to show the ambiguity rule on real data.
const shared = db
  .select({ name: units.name })
  .from(units)
  .where(eq(units.isLeaf, true))
  .all()
  .map((u) => u.name)
  .find((name, i, all) => all.indexOf(name) !== i)!;

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join("\n")}`, "utf8");

async function importFile(user: typeof organiser | typeof admin, name: string, bytes: Buffer) {
  const { changes, errors } = parsePopulationRows(
    await readSheetTable(name, bytes),
    await listPopulationUnits(user),
  );
  if (errors.length === 0) await applyPopulation(user, changes, T0);
  return { changes, errors };
}

const populations = () =>
  db
    .select({ id: units.id, population: units.population })
    .from(units)
    .where(isNotNull(units.population))
    .all();

describe("population import", () => {
  test("every bad row is reported, and nothing is written", async () => {
    const { errors, changes } = await importFile(
      organiser,
      "dan-so.csv",
      csv([
        "Mã đơn vị,Tên đơn vị,Dân số",
        `${commune!.code},,1200`,
        ",Xã Không Có Thật,500",
        `,${shared},300`,
        `${secondCommune!.code},,-5`,
        `${secondCommune!.code},,nhiều`,
        `${outside.code},,700`,
        `${commune!.code},,1300`,
        "99999,,10",
        `${commune!.code},Xã Không Có Thật,10`,
      ]),
    );
    expect(changes).toEqual([]);
    expect(errors).toEqual([
      "Dòng 3: không tìm thấy đơn vị “Xã Không Có Thật”.",
      expect.stringMatching(new RegExp(`^Dòng 4: có \\d+ đơn vị tên “${shared}” .*Hãy ghi mã đơn vị\\.$`)),
      expect.stringMatching(/^Dòng 5: dân số “-5” của .* không hợp lệ/),
      expect.stringMatching(/^Dòng 6: dân số “nhiều” của .* không hợp lệ/),
      `Dòng 7: ${outside.kind} ${outside.name} nằm ngoài phạm vi bạn quản lý.`,
      `Dòng 8: ${commune!.kind} ${commune!.name} đã có ở dòng 2.`,
      "Dòng 9: không tìm thấy đơn vị có mã “99999”.",
      expect.stringMatching(/^Dòng 10: mã .* không phải “Xã Không Có Thật”/),
    ]);
    expect(populations()).toEqual([]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "unit.population.import")).all()).toEqual([]);
  });

  test("a clean .xlsx is written at once, by code or by name with its kind, audited once", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Dân số");
    sheet.addRow(["Mã đơn vị", "Tên đơn vị", "Dân số"]);
    sheet.addRow([commune!.code, "", "12.345"]);
    sheet.addRow(["", `${secondCommune!.kind} ${secondCommune!.name}`, 800]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const { errors, changes } = await importFile(organiser, "dan-so.xlsx", bytes);
    expect(errors).toEqual([]);
    expect(changes.map((c) => [c.unitId, c.before, c.after])).toEqual([
      [commune!.id, null, 12345],
      [secondCommune!.id, null, 800],
    ]);
    expect(populations()).toEqual(
      expect.arrayContaining([
        { id: commune!.id, population: 12345 },
        { id: secondCommune!.id, population: 800 },
      ]),
    );
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "unit.population.import")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: actor.id,
      unitId: district!.id,
      before: { [commune!.code]: null, [secondCommune!.code]: null },
      after: { [commune!.code]: 12345, [secondCommune!.code]: 800 },
    });
    // Importing the same figures again changes nothing and writes no audit entry.
    expect((await importFile(organiser, "dan-so.xlsx", bytes)).changes).toEqual([]);
    expect(
      db.select().from(auditLog).where(eq(auditLog.action, "unit.population.import")).all(),
    ).toHaveLength(1);
  });

  test("an admin may set any unit; a file without the needed columns is refused", async () => {
    expect(
      (await importFile(admin, "a.csv", csv(["Mã đơn vị,Dân số", `${outside.code},700`]))).errors,
    ).toEqual([]);
    expect(db.select().from(units).where(eq(units.id, outside.id)).get()!.population).toBe(700);
    expect((await importFile(admin, "a.csv", csv(["Tên,Số người", "A,1"]))).errors[0]).toMatch(
      /^Dòng 1: cần cột/,
    );
    await expect(importFile(admin, "a.txt", csv(["x"]))).rejects.toMatchObject({ status: 400 });
  });
});

test("the write itself refuses a unit outside the organiser's scope, and writes nothing", async () => {
  const changes = [
    { unitId: commune!.id, code: commune!.code, name: commune!.name, before: null, after: 1000 },
    { unitId: outside.id, code: outside.code, name: outside.name, before: null, after: 2000 },
  ];
  const before = populations();
  await expect(applyPopulation(organiser, changes, T0)).rejects.toMatchObject({ status: 403 });
  expect(populations()).toEqual(before);
});
