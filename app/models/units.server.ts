import fs from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { unitFileSchema, type UnitFile, type UnitNode } from "#content/units/format.ts";
import { units } from "#db/schema.ts";
import { db, transaction } from "#app/utils/db.server.ts";

export type Unit = { id: number; code: string; name: string; kind: string; depth: number; isLeaf: boolean };
const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  kind: units.kind,
  depth: units.depth,
  isLeaf: units.isLeaf,
};

export function readUnitFile(file: string): UnitFile {
  return unitFileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
}

export const unitsFolder = path.resolve("content/units");

/** Inserts or updates a unit tree by code; safe to run again after the file changes. */
export function importUnits(file: UnitFile): number {
  let count = 0;
  transaction((tx) => {
    const visit = (node: UnitNode, parent: { id: number; path: string; depth: number } | null) => {
      const values = {
        code: node.code,
        name: node.name,
        kind: node.kind,
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        isLeaf: !node.children?.length,
        population: node.population ?? null,
      };
      const row = tx
        .insert(units)
        .values({ ...values, path: "" })
        .onConflictDoUpdate({ target: units.code, set: values })
        .returning({ id: units.id })
        .get();
      const unitPath = `${parent?.path ?? "/"}${row.id}/`;
      tx.update(units).set({ path: unitPath }).where(eq(units.id, row.id)).run();
      count++;
      for (const child of node.children ?? [])
        visit(child, { id: row.id, path: unitPath, depth: values.depth });
    };
    for (const root of file.units) visit(root, null);
  });
  return count;
}

export async function getUnit(
  id: number,
): Promise<(Unit & { path: string; parentId: number | null }) | undefined> {
  return db
    .select({ ...unitColumns, path: units.path, parentId: units.parentId })
    .from(units)
    .where(eq(units.id, id))
    .get();
}

export async function getUnitByCode(code: string): Promise<Unit | undefined> {
  return db.select(unitColumns).from(units).where(eq(units.code, code)).get();
}

/** Children of a unit, or the roots when parentId is null, by name. */
export async function listChildren(parentId: number | null): Promise<Unit[]> {
  return db
    .select(unitColumns)
    .from(units)
    .where(parentId === null ? eq(units.depth, 0) : eq(units.parentId, parentId))
    .orderBy(asc(units.name))
    .all();
}

/** The ids of a unit and all its ancestors, root first. */
export function ancestorIds(unitPath: string): number[] {
  return unitPath.split("/").filter(Boolean).map(Number);
}

export async function isLeafUnit(id: number): Promise<boolean> {
  const row = await db
    .select({ isLeaf: units.isLeaf })
    .from(units)
    .where(and(eq(units.id, id), eq(units.isLeaf, true)))
    .get();
  return row !== undefined;
}

export type UnitLevel = {
  label: string;
  options: { id: number; name: string; kind: string; isLeaf: boolean }[];
  selected: number | null;
};

function levelLabel(depth: number, options: Unit[]): string {
  if (options.every((o) => o.isLeaf)) return "Xã/Phường/Thị trấn";
  return depth === 0 ? "Tỉnh/Thành phố" : "Huyện/Thị xã/Thành phố";
}

/**
 * The cascade of selects for picking a unit down to a leaf (a commune), whatever the tree's depth. A single
 * root (the demo's one province) is chosen implicitly. Invalid or stale selections are dropped.
 */
export async function buildUnitLevels(
  selectedIds: number[],
): Promise<{ levels: UnitLevel[]; leafId: number | null }> {
  const levels: UnitLevel[] = [];
  let options = await listChildren(null);
  let leafId: number | null = null;
  while (options.length === 1 && !options[0]!.isLeaf && levels.length === 0)
    options = await listChildren(options[0]!.id);
  for (let i = 0; options.length > 0; i++) {
    const chosen = options.find((o) => o.id === selectedIds[i]) ?? null;
    levels.push({
      label: levelLabel(options[0]!.depth, options),
      options: options.map((o) => ({ id: o.id, name: o.name, kind: o.kind, isLeaf: o.isLeaf })),
      selected: chosen?.id ?? null,
    });
    if (!chosen) break;
    if (chosen.isLeaf) {
      leafId = chosen.id;
      break;
    }
    options = await listChildren(chosen.id);
  }
  return { levels, leafId };
}
