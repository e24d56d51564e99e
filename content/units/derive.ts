// Derives a province's units from the reference dataset (shared/data/vn-admin-units, MIT, see LICENSE)
// into a reviewed file here. Run by hand when the reference data changes:
//   npx tsx content/units/derive.ts ../shared/data/vn-admin-units/three-tier-2025-03.json 02 ha-giang-2025-03.json
import fs from "node:fs";
import path from "node:path";
import type { UnitFile, UnitNode } from "./format.ts";

type RawUnit = { Code: string; Name: string; FullName: string; District?: RawUnit[]; Ward?: RawUnit[]; Wards?: RawUnit[] };

function kindOf(unit: RawUnit): string {
  return unit.FullName.endsWith(unit.Name) ? unit.FullName.slice(0, -unit.Name.length).trim() : unit.FullName;
}

function toNode(unit: RawUnit): UnitNode {
  const children = unit.District ?? unit.Ward ?? unit.Wards;
  return {
    code: unit.Code,
    name: unit.Name,
    kind: kindOf(unit),
    ...(children ? { children: children.map(toNode) } : {}),
  };
}

const [source, provinceCode, outName] = process.argv.slice(2);
if (!source || !provinceCode || !outName) {
  console.error("usage: tsx content/units/derive.ts <reference.json> <province code> <output file name>");
  process.exit(2);
}
const provinces = JSON.parse(fs.readFileSync(source, "utf8")) as RawUnit[];
const province = provinces.find((p) => p.Code === provinceCode);
if (!province) throw new Error(`No province with code ${provinceCode} in ${source}`);
const file: UnitFile = {
  source: `${path.basename(source)} from the dataset "vietnamese-provinces-database" by Thang Le Quoc (MIT, see LICENSE)`,
  structure: province.District ? "three-tier" : "two-tier",
  units: [toNode(province)],
};
fs.writeFileSync(path.join(import.meta.dirname, outName), JSON.stringify(file, null, 1) + "\n");
