// Console accounts (organisers and admins), managed by admins; every change is audited, never the password hash.
import { and, eq, inArray, max } from "drizzle-orm";
import { auditLog, sessions, units, users } from "#db/schema.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { hashPassword } from "#app/models/users.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";

export type ConsoleRole = "organiser" | "admin";
const consoleRoles: ConsoleRole[] = ["organiser", "admin"];

export type ConsoleAccount = {
  id: number;
  name: string;
  phone: string | null;
  role: ConsoleRole;
  scopeUnitId: number | null;
  unitName: string | null;
  unitKind: string | null;
  createdAt: number;
  disabledAt: number | null;
  lastChangedAt: number | null;
};

const accountColumns = {
  id: users.id,
  name: users.name,
  phone: users.phone,
  role: users.role,
  scopeUnitId: users.scopeUnitId,
  unitName: units.name,
  unitKind: units.kind,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

function lastChanges(ids: number[]): Map<string, number> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ entityId: auditLog.entityId, at: max(auditLog.at) })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "user"), inArray(auditLog.entityId, ids.map(String))))
    .groupBy(auditLog.entityId)
    .all();
  return new Map(rows.map((r) => [r.entityId, r.at ?? 0]));
}

/** Every organiser and admin, by name, with when an admin last changed the account. */
export async function listConsoleAccounts(): Promise<ConsoleAccount[]> {
  const rows = db
    .select(accountColumns)
    .from(users)
    .leftJoin(units, eq(units.id, users.scopeUnitId))
    .where(inArray(users.role, consoleRoles))
    .orderBy(users.name)
    .all();
  const changed = lastChanges(rows.map((r) => r.id));
  return rows.map((r) => ({
    ...r,
    role: r.role as ConsoleRole,
    lastChangedAt: changed.get(String(r.id)) ?? null,
  }));
}

export async function getConsoleAccount(id: number): Promise<ConsoleAccount | undefined> {
  const row = db
    .select(accountColumns)
    .from(users)
    .leftJoin(units, eq(units.id, users.scopeUnitId))
    .where(and(eq(users.id, id), inArray(users.role, consoleRoles)))
    .get();
  if (!row) return undefined;
  return {
    ...row,
    role: row.role as ConsoleRole,
    lastChangedAt: lastChanges([id]).get(String(id)) ?? null,
  };
}

/** The fields an audit entry shows for an account: what an admin can change, never the password hash. */
function snapshot(tx: Db, id: number) {
  const row = tx
    .select({
      name: users.name,
      phone: users.phone,
      role: users.role,
      scopeUnitId: users.scopeUnitId,
      unit: units.name,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.scopeUnitId))
    .where(eq(users.id, id))
    .get();
  if (!row || !(consoleRoles as string[]).includes(row.role))
    throw new UserError(404, "Không tìm thấy tài khoản quản trị này.");
  const { disabledAt, ...rest } = row;
  return { ...rest, disabled: disabledAt !== null };
}

function assertUnitExists(tx: Db, unitId: number) {
  if (!tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get())
    throw new UserError(400, "Đơn vị phụ trách không có trong danh sách. Hãy chọn lại.");
}

function changeAccount(
  actorId: number,
  id: number,
  action: string,
  now: number,
  apply: (tx: Db) => void,
): void {
  transaction((tx) => {
    const before = snapshot(tx, id);
    apply(tx);
    const after = snapshot(tx, id);
    recordAudit(tx, {
      actorId,
      action,
      entity: "user",
      entityId: id,
      unitId: after.scopeUnitId,
      before,
      after,
      at: now,
    });
  });
}

export async function createConsoleAccount(
  input: { name: string; phone: string; password: string; role: ConsoleRole; scopeUnitId: number },
  actorId: number,
  now = Date.now(),
): Promise<{ id: number }> {
  const passwordHash = await hashPassword(input.password);
  return transaction((tx) => {
    assertUnitExists(tx, input.scopeUnitId);
    if (tx.select({ id: users.id }).from(users).where(eq(users.phone, input.phone)).get())
      throw new UserError(409, "Số điện thoại này đã có tài khoản.");
    const { id } = tx
      .insert(users)
      .values({
        name: input.name,
        phone: input.phone,
        unitId: input.scopeUnitId,
        role: input.role,
        scopeUnitId: input.scopeUnitId,
        passwordHash,
        createdAt: now,
      })
      .returning({ id: users.id })
      .get();
    recordAudit(tx, {
      actorId,
      action: "user.create",
      entity: "user",
      entityId: id,
      unitId: input.scopeUnitId,
      after: snapshot(tx, id),
      at: now,
    });
    return { id };
  });
}

/** Moves an account to another unit and/or role. An admin cannot demote themselves (nobody may be left out). */
export async function updateConsoleAccount(
  id: number,
  change: { role: ConsoleRole; scopeUnitId: number },
  actorId: number,
  now = Date.now(),
): Promise<void> {
  if (id === actorId && change.role !== "admin")
    throw new UserError(
      409,
      "Bạn không thể tự bỏ quyền quản trị của chính mình. Hãy nhờ một quản trị viên khác.",
    );
  changeAccount(actorId, id, "user.update", now, (tx) => {
    assertUnitExists(tx, change.scopeUnitId);
    tx.update(users)
      .set({ role: change.role, scopeUnitId: change.scopeUnitId, unitId: change.scopeUnitId })
      .where(eq(users.id, id))
      .run();
  });
}

/** Sets a new password and logs the account out everywhere; the audit entry says only that it happened. */
export async function resetConsolePassword(
  id: number,
  password: string,
  actorId: number,
  now = Date.now(),
): Promise<void> {
  const passwordHash = await hashPassword(password);
  transaction((tx) => {
    const account = snapshot(tx, id);
    tx.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
    tx.delete(sessions).where(eq(sessions.userId, id)).run();
    recordAudit(tx, {
      actorId,
      action: "user.reset_password",
      entity: "user",
      entityId: id,
      unitId: account.scopeUnitId,
      after: { passwordReset: true, sessionsEnded: true },
      at: now,
    });
  });
}

/** Disables (logging it out everywhere) or enables an account. An admin cannot disable themselves. */
export async function setConsoleAccountDisabled(
  id: number,
  disabled: boolean,
  actorId: number,
  now = Date.now(),
): Promise<void> {
  if (id === actorId && disabled) throw new UserError(409, "Bạn không thể tự khoá tài khoản của chính mình.");
  changeAccount(actorId, id, disabled ? "user.disable" : "user.enable", now, (tx) => {
    tx.update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, id))
      .run();
    if (disabled) tx.delete(sessions).where(eq(sessions.userId, id)).run();
  });
}

/** Every unit in tree order (province, then each district followed by its communes, by name), for choosing a scope. */
export async function listScopeUnits(): Promise<{ id: number; label: string; depth: number }[]> {
  const all = db
    .select({
      id: units.id,
      name: units.name,
      kind: units.kind,
      depth: units.depth,
      parentId: units.parentId,
    })
    .from(units)
    .all()
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const children = new Map<number | null, typeof all>();
  for (const u of all) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const out: { id: number; label: string; depth: number }[] = [];
  const walk = (parentId: number | null) => {
    for (const u of children.get(parentId) ?? []) {
      out.push({ id: u.id, label: `${u.kind} ${u.name}`, depth: u.depth });
      walk(u.id);
    }
  };
  walk(null);
  return out;
}
