import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { auditLog, users } from "#db/schema.ts";
import { db, type Db } from "#app/utils/db.server.ts";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | number;
  unitId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at: number;
};

/**
 * Records one console action. Call it inside the transaction that makes the change, so the log and the data
 * never disagree.
 */
export function recordAudit(tx: Db, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      unitId: entry.unitId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      reason: entry.reason ?? null,
    })
    .run();
}

export type AuditFilter = {
  actorId?: number;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: number;
  to?: number;
};

export type AuditRow = {
  id: number;
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  unitId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
};

/** The newest entries first, filtered; `limit + 1` rows tell the caller whether there is a next page. */
export async function listAudit(filter: AuditFilter, limit: number, offset = 0): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conditions.push(lt(auditLog.at, filter.to));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      unitId: auditLog.unitId,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** The actions and the people found in the log, for the viewer's filter lists. */
export async function auditFilterOptions(): Promise<{
  actions: string[];
  actors: { id: number; name: string }[];
}> {
  const actions = db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.action);
  const actors = db
    .selectDistinct({ id: users.id, name: users.name })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorId))
    .orderBy(users.name)
    .all();
  return { actions, actors };
}
