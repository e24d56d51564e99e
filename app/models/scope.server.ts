// Who may manage what in the console: an admin everything, an organiser their unit and every unit under it.
import { eq, like, type SQL } from "drizzle-orm";
import { units } from "#db/schema.ts";
import type { SessionUser } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";

export type ConsoleUser = Pick<SessionUser, "id" | "role" | "scopeUnitId">;

function pathOf(unitId: number): string | undefined {
  return db.select({ path: units.path }).from(units).where(eq(units.id, unitId)).get()?.path;
}

/** The one rule of a scope: a unit is in it when its path starts with the scope's (null: everything). */
export function inScope(scope: string | null, unitPath: string): boolean {
  return scope === null || unitPath.startsWith(scope);
}

/** The same rule in SQL, for a list limited to a scope (undefined: no condition). */
export function unitsInScope(scope: string | null): SQL | undefined {
  return scope === null ? undefined : like(units.path, `${scope}%`);
}

/** Whether `user` may manage what is scoped to `unitId`; a null unit (everyone, the whole platform) is admins' only. */
export async function canManageUnit(user: ConsoleUser, unitId: number | null): Promise<boolean> {
  if (user.role === "admin") return true;
  if (user.role !== "organiser" || user.scopeUnitId === null || unitId === null) return false;
  const scope = pathOf(user.scopeUnitId);
  const target = pathOf(unitId);
  return !!scope && !!target && inScope(scope, target);
}

/** Throws a Vietnamese 403 when `user` may not manage what is scoped to `unitId`. */
export async function assertCanManageUnit(user: ConsoleUser, unitId: number | null): Promise<void> {
  if (!(await canManageUnit(user, unitId)))
    throw new UserError(403, "Bạn không có quyền với nội dung của đơn vị này.");
}

/** The subtree path an organiser's lists are limited to ("/1/7/"), or null for an admin (everything). */
export async function scopePath(user: ConsoleUser): Promise<string | null> {
  if (user.role === "admin") return null;
  const scope = user.scopeUnitId === null ? undefined : pathOf(user.scopeUnitId);
  // An organiser without a unit sees nothing: a path no unit has.
  return scope ?? "/none/";
}
