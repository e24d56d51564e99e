// Population per unit, imported by organisers for participation rates: the units they may set, and a whole
// file applied at once (or not at all) with one audit entry listing every changed unit.
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { units } from "#db/schema.ts";
import type { PopulationChange, PopulationUnit } from "#app/domain/population-sheet.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { inScope, scopePath, type ConsoleUser } from "#app/models/scope.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";

const parents = alias(units, "parents");

/** Every unit, each marked whether `user` may set its population (admins: all; organisers: their subtree). */
export async function listPopulationUnits(user: ConsoleUser): Promise<PopulationUnit[]> {
  const scope = await scopePath(user);
  return db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      kind: units.kind,
      parentName: parents.name,
      population: units.population,
      path: units.path,
    })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId))
    .orderBy(asc(units.path))
    .all()
    .map(({ path, ...unit }) => ({ ...unit, inScope: inScope(scope, path) }));
}

/** Writes the changes in one transaction, audited as one entry with each unit's population before and after. */
export async function applyPopulation(
  user: ConsoleUser,
  changes: PopulationChange[],
  now = Date.now(),
): Promise<void> {
  if (changes.length === 0) return;
  const scope = await scopePath(user);
  transaction((tx) => {
    // The write checks the scope itself and audits what the rows held, not what the parser was shown.
    const before: Record<string, number | null> = {};
    for (const change of changes) {
      const unit = tx
        .select({ path: units.path, population: units.population })
        .from(units)
        .where(eq(units.id, change.unitId))
        .get();
      if (!unit || !inScope(scope, unit.path))
        throw new UserError(403, `Bạn không có quyền sửa dân số của đơn vị ${change.code}.`);
      before[change.code] = unit.population;
      tx.update(units).set({ population: change.after }).where(eq(units.id, change.unitId)).run();
    }
    recordAudit(tx, {
      actorId: user.id,
      action: "unit.population.import",
      entity: "unit",
      entityId: user.role === "admin" ? "all" : (user.scopeUnitId ?? "all"),
      unitId: user.role === "admin" ? null : user.scopeUnitId,
      before,
      after: Object.fromEntries(changes.map((c) => [c.code, c.after])),
      at: now,
    });
  });
}
