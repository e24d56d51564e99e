// The population template: the units an organiser may set, with their current population, as .xlsx or .csv.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { populationColumns, type PopulationUnit } from "#app/domain/population-sheet.ts";

type TemplateRow = { code: string; name: string; population: number | null; parent: string };
// Shown to tell same-named communes apart; the import reads only code, name and population.
const parentColumn = { key: "parent", header: "Thuộc" } as const;

function templateRows(units: PopulationUnit[]): TemplateRow[] {
  return units
    .filter((u) => u.inScope)
    .map((u) => ({
      code: u.code,
      name: `${u.kind} ${u.name}`,
      population: u.population,
      parent: u.parentName ?? "",
    }));
}

export async function writePopulationXlsx(units: PopulationUnit[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Dân số", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [...populationColumns, parentColumn].map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === "name" || c.key === "parent" ? 32 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  // Codes such as "00688" keep their leading zeros only as text.
  sheet.getColumn("code").numFmt = "@";
  for (const row of templateRows(units)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** UTF-8 with BOM, so Excel shows the diacritics. */
export function writePopulationCsv(units: PopulationUnit[]): string {
  const rows = templateRows(units).map((r) => [
    r.code,
    r.name,
    r.population === null ? "" : String(r.population),
    r.parent,
  ]);
  return "\uFEFF" + Papa.unparse([[...populationColumns, parentColumn].map((c) => c.header), ...rows]);
}
