// Reading a population file (code or name, population per unit): every bad row is reported with its row
// number as Excel shows it, so the organiser fixes the whole file at once. Pure: units and scope are given.
import { foldVietnamese } from "./search.ts";

export const populationColumns = [
  { key: "code", header: "Mã đơn vị" },
  { key: "name", header: "Tên đơn vị" },
  { key: "population", header: "Dân số" },
] as const;

export const MAX_POPULATION = 100_000_000;
const MAX_ROWS = 5000;

export type PopulationUnit = {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentName: string | null;
  population: number | null;
  inScope: boolean;
};
export type PopulationChange = {
  unitId: number;
  code: string;
  name: string;
  before: number | null;
  after: number;
};

/** "12.345", "12,345", "12 345" and "12345" are the same number; anything else is not a population. */
export function parsePopulation(raw: string): number | null {
  const text = raw.trim();
  if (!/^(\d{1,3}([., \u00a0]\d{3})+|\d+)$/.test(text)) return null;
  const value = Number(text.replace(/[., \u00a0]/g, ""));
  return Number.isSafeInteger(value) && value <= MAX_POPULATION ? value : null;
}

const fold = (text: string) => foldVietnamese(text.normalize("NFC"));

/** Reads the rows into changes, or every problem found. Units whose population would not change are skipped. */
export function parsePopulationRows(
  table: string[][],
  units: PopulationUnit[],
): { changes: PopulationChange[]; errors: string[] } {
  const [header, ...data] = table;
  if (!header || header.every((h) => !h.trim())) return { changes: [], errors: ["Tệp trống."] };
  const column = (key: string) =>
    header.findIndex((h) => fold(h) === fold(populationColumns.find((c) => c.key === key)!.header));
  const codeAt = column("code");
  const nameAt = column("name");
  const populationAt = column("population");
  if (populationAt < 0 || (codeAt < 0 && nameAt < 0))
    return {
      changes: [],
      errors: [
        "Dòng 1: cần cột “Dân số” và một trong hai cột “Mã đơn vị” hoặc “Tên đơn vị”. Hãy dùng tệp mẫu.",
      ],
    };
  if (data.length > MAX_ROWS)
    return { changes: [], errors: [`Tệp có quá nhiều dòng: tối đa ${MAX_ROWS} đơn vị mỗi lần nhập.`] };

  const byCode = new Map(units.map((u) => [u.code, u]));
  const byName = new Map<string, PopulationUnit[]>();
  for (const unit of units)
    for (const key of new Set([fold(unit.name), fold(`${unit.kind} ${unit.name}`)]))
      byName.set(key, [...(byName.get(key) ?? []), unit]);

  const errors: string[] = [];
  const changes: PopulationChange[] = [];
  const seenAt = new Map<number, number>();
  data.forEach((values, index) => {
    const row = index + 2;
    const code = (values[codeAt] ?? "").trim();
    const name = (values[nameAt] ?? "").trim();
    const rawPopulation = (values[populationAt] ?? "").trim();
    if (!code && !name && !rawPopulation) return;
    let unit: PopulationUnit | undefined;
    if (code) {
      unit = byCode.get(code);
      if (!unit) return errors.push(`Dòng ${row}: không tìm thấy đơn vị có mã “${code}”.`);
      if (name && !byName.get(fold(name))?.includes(unit))
        return errors.push(
          `Dòng ${row}: mã “${code}” là ${unit.kind} ${unit.name}, không phải “${name}”. Hãy sửa tên hoặc mã.`,
        );
    } else if (name) {
      const found = byName.get(fold(name)) ?? [];
      if (found.length === 0) return errors.push(`Dòng ${row}: không tìm thấy đơn vị “${name}”.`);
      if (found.length > 1)
        return errors.push(
          `Dòng ${row}: có ${found.length} đơn vị tên “${name}” (${found
            .map((u) => `${u.kind} ${u.name}${u.parentName ? ` – ${u.parentName}` : ""}, mã ${u.code}`)
            .join("; ")}). Hãy ghi mã đơn vị.`,
        );
      unit = found[0]!;
    } else return errors.push(`Dòng ${row}: thiếu mã hoặc tên đơn vị.`);
    const label = `${unit.kind} ${unit.name}`;
    if (!unit.inScope) return errors.push(`Dòng ${row}: ${label} nằm ngoài phạm vi bạn quản lý.`);
    const population = parsePopulation(rawPopulation);
    if (population === null)
      return errors.push(
        rawPopulation
          ? `Dòng ${row}: dân số “${rawPopulation}” của ${label} không hợp lệ: cần một số nguyên dương, ví dụ 12345 hoặc 12.345.`
          : `Dòng ${row}: thiếu dân số của ${label}.`,
      );
    if (population === 0) return errors.push(`Dòng ${row}: dân số của ${label} phải lớn hơn 0.`);
    const earlier = seenAt.get(unit.id);
    if (earlier) return errors.push(`Dòng ${row}: ${label} đã có ở dòng ${earlier}.`);
    seenAt.set(unit.id, row);
    if (unit.population !== population)
      changes.push({
        unitId: unit.id,
        code: unit.code,
        name: label,
        before: unit.population,
        after: population,
      });
  });
  return errors.length ? { changes: [], errors } : { changes, errors };
}
