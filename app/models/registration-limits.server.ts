// How many accounts may be created from one address and into one commune, the higher limits organisers
// grant to addresses (a commune hall, a school network), and the count of registrations refused.
import { BlockList, isIP } from "node:net";
import { and, count, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { registrationAllowances, registrationRefusals, units, users } from "#db/schema.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { scopePath, unitsInScope, type ConsoleUser } from "#app/models/scope.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const REFUSALS_KEPT_MS = 7 * DAY;

export type RegistrationLimits = { perAddress: number; perUnit: number };
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** "::ffff:203.0.113.7" (an IPv4 client on a dual-stack socket) is "203.0.113.7". */
export function normalizeAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
}

/**
 * An address or network as typed by an organiser ("203.0.113.7", "203.0.113.0/24", "2001:db8::/48"), in
 * canonical form, or a Vietnamese reason it is not one. Networks wider than /16 (IPv4) or /32 (IPv6) are
 * refused: a grant is for one hall or one school, not a whole provider.
 */
export function parseAddressPattern(input: string): { pattern: string } | { error: string } {
  const [rawAddress = "", prefix, ...rest] = input.trim().split("/");
  const address = normalizeAddress(rawAddress);
  const family = isIP(address);
  if (!family || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)))
    return { error: "Địa chỉ IP không hợp lệ. Ví dụ: 203.0.113.7 hoặc 203.0.113.0/24." };
  if (prefix === undefined) return { pattern: address };
  const bits = Number(prefix);
  const [min, max] = family === 4 ? [16, 32] : [32, 128];
  if (bits < min || bits > max)
    return { error: `Dải mạng quá rộng hoặc sai: với IPv${family} hãy dùng /${min} đến /${max}.` };
  return { pattern: `${address}/${bits}` };
}

function matches(pattern: string, address: string): boolean {
  const family = isIP(address);
  if (!family) return false;
  const [network = "", prefix] = pattern.split("/");
  const type = isIP(network) === 6 ? "ipv6" : "ipv4";
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(network, type);
  else list.addSubnet(network, Number(prefix), type);
  return list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The highest allowance in force for an address, when it raises the ordinary per-address limit at all. */
function bestAllowance(address: string, now: number, ordinaryPerHour: number) {
  return activeAllowances(now)
    .filter((a) => matches(a.address, address) && a.perHour > ordinaryPerHour)
    .sort((a, b) => b.perHour - a.perHour)[0];
}

/**
 * Counts one registration from `address` into commune `unitId` and says whether it may go ahead. An address
 * under an allowance has the allowance's hourly limit (shared by the whole network) instead of both the
 * address and the commune limit: a commune hall registers its residents all at once. A refusal is recorded.
 */
export async function admitRegistration(input: {
  address: string;
  unitId: number;
  now?: number;
  limits?: RegistrationLimits;
}): Promise<Admission> {
  const now = input.now ?? Date.now();
  const limits = input.limits ?? {
    perAddress: env.REGISTER_LIMIT_PER_ADDRESS,
    perUnit: env.REGISTER_LIMIT_PER_UNIT,
  };
  const address = normalizeAddress(input.address);
  const allowance = bestAllowance(address, now, limits.perAddress);
  const checks: { limit: "allowance" | "address" | "unit"; key: string; perHour: number }[] = allowance
    ? [{ limit: "allowance", key: `register:allowance:${allowance.id}`, perHour: allowance.perHour }]
    : [
        { limit: "address", key: `register:address:${address}`, perHour: limits.perAddress },
        { limit: "unit", key: `register:unit:${input.unitId}`, perHour: limits.perUnit },
      ];
  // In order, and stopping at the first refusal: a flood from one address does not use up its commune's quota.
  for (const check of checks) {
    const { allowed, retryAfterMs } = hitWindow(check.key, check.perHour, HOUR, now);
    if (!allowed) {
      recordRefusal(address, input.unitId, check.limit, now);
      return { ok: false, retryAfterMs };
    }
  }
  return { ok: true };
}

/**
 * Counts one attempt start from `address` and says whether it may go ahead: `perAddress` an hour, or an
 * allowance's hourly limit when higher (a commune hall where a whole class takes the contest together).
 */
export function admitAttemptStart(
  address: string,
  now: number,
  perAddress: number = env.ATTEMPT_LIMIT_PER_ADDRESS,
): Admission {
  const normalized = normalizeAddress(address);
  const allowance = bestAllowance(normalized, now, perAddress);
  const { allowed, retryAfterMs } = allowance
    ? hitWindow(`attempt:allowance:${allowance.id}`, allowance.perHour, HOUR, now)
    : hitWindow(`attempt:address:${normalized}`, perAddress, HOUR, now);
  return allowed ? { ok: true } : { ok: false, retryAfterMs };
}

// Read by every attempt start and registration: built once, as drizzle would build its SQL again on each call.
const allowancesActiveAt = db
  .select({
    id: registrationAllowances.id,
    address: registrationAllowances.address,
    perHour: registrationAllowances.perHour,
  })
  .from(registrationAllowances)
  .where(
    and(
      isNull(registrationAllowances.revokedAt),
      gt(registrationAllowances.expiresAt, sql.placeholder("now")),
    ),
  )
  .prepare();

function activeAllowances(now: number) {
  return allowancesActiveAt.all({ now });
}

let prunedAt = 0;
function recordRefusal(
  address: string,
  unitId: number,
  limit: "allowance" | "address" | "unit",
  now: number,
) {
  db.insert(registrationRefusals).values({ address, unitId, limit, at: now }).run();
  if (now - prunedAt > HOUR) {
    prunedAt = now;
    db.delete(registrationRefusals)
      .where(lte(registrationRefusals.at, now - REFUSALS_KEPT_MS))
      .run();
  }
}

export async function grantAllowance(input: {
  address: string;
  perHour: number;
  reason: string;
  days: number;
  grantedBy: number;
  now?: number;
}): Promise<{ id: number }> {
  const now = input.now ?? Date.now();
  const parsed = parseAddressPattern(input.address);
  if ("error" in parsed) throw new UserError(400, parsed.error);
  const values = {
    address: parsed.pattern,
    perHour: input.perHour,
    reason: input.reason,
    expiresAt: now + input.days * DAY,
  };
  return transaction((tx) => {
    // The grant belongs to its organiser's unit as it is now; an admin's to no unit (admins only).
    const granter = tx
      .select({ role: users.role, scopeUnitId: users.scopeUnitId })
      .from(users)
      .where(eq(users.id, input.grantedBy))
      .get();
    const unitId = granter?.role === "organiser" ? granter.scopeUnitId : null;
    const { id } = tx
      .insert(registrationAllowances)
      .values({ ...values, unitId, grantedBy: input.grantedBy, grantedAt: now })
      .returning({ id: registrationAllowances.id })
      .get();
    recordAudit(tx, {
      actorId: input.grantedBy,
      action: "allowance.grant",
      entity: "allowance",
      entityId: id,
      unitId,
      after: values,
      at: now,
    });
    return { id };
  });
}

/** The allowances of units in `user`'s scope (undefined for an admin: every one, an admin's own included). */
async function allowancesInScope(user: ConsoleUser) {
  const scope = await scopePath(user);
  return scope === null
    ? undefined
    : inArray(
        registrationAllowances.unitId,
        db.select({ id: units.id }).from(units).where(unitsInScope(scope)),
      );
}

/** Ends an allowance early: an admin any, an organiser one granted in their unit or below. */
export async function revokeAllowance(id: number, actor: ConsoleUser, now = Date.now()): Promise<void> {
  const inScope = await allowancesInScope(actor);
  transaction((tx) => {
    const revoked = tx
      .update(registrationAllowances)
      .set({ revokedAt: now, revokedBy: actor.id })
      .where(and(eq(registrationAllowances.id, id), isNull(registrationAllowances.revokedAt), inScope))
      .returning({
        address: registrationAllowances.address,
        perHour: registrationAllowances.perHour,
        unitId: registrationAllowances.unitId,
      })
      .get();
    if (!revoked)
      throw new UserError(404, "Không tìm thấy quyền này: có thể nó đã bị thu hồi, hoặc do đơn vị khác cấp.");
    const { unitId, ...grant } = revoked;
    recordAudit(tx, {
      actorId: actor.id,
      action: "allowance.revoke",
      entity: "allowance",
      entityId: id,
      unitId,
      before: { ...grant, revoked: false },
      after: { ...grant, revoked: true },
      at: now,
    });
  });
}

const granter = alias(users, "granter");
const revoker = alias(users, "revoker");

/** Allowances of `user`'s scope still in force, then those that ended in the last 30 days, newest first. */
export async function listAllowances(user: ConsoleUser, now = Date.now()) {
  const inScope = await allowancesInScope(user);
  return db
    .select({
      id: registrationAllowances.id,
      address: registrationAllowances.address,
      perHour: registrationAllowances.perHour,
      reason: registrationAllowances.reason,
      expiresAt: registrationAllowances.expiresAt,
      grantedAt: registrationAllowances.grantedAt,
      grantedBy: granter.name,
      revokedAt: registrationAllowances.revokedAt,
      revokedBy: revoker.name,
      unitName: units.name,
    })
    .from(registrationAllowances)
    .innerJoin(granter, eq(granter.id, registrationAllowances.grantedBy))
    .leftJoin(revoker, eq(revoker.id, registrationAllowances.revokedBy))
    .leftJoin(units, eq(units.id, registrationAllowances.unitId))
    .where(
      and(
        inScope,
        or(
          gt(registrationAllowances.expiresAt, now - 30 * DAY),
          gt(registrationAllowances.revokedAt, now - 30 * DAY),
        ),
      ),
    )
    .orderBy(
      desc(sql`${registrationAllowances.revokedAt} IS NULL AND ${registrationAllowances.expiresAt} > ${now}`),
      desc(registrationAllowances.grantedAt),
    )
    .all()
    .map((a) => ({ ...a, active: a.revokedAt === null && a.expiresAt > now }));
}

/** Registrations refused in the last 24 hours into communes of `user`'s scope, by address and by commune. */
export async function refusalCounts(user: ConsoleUser, now = Date.now()) {
  const since = and(gt(registrationRefusals.at, now - DAY), unitsInScope(await scopePath(user)));
  const byAddress = db
    .select({ address: registrationRefusals.address, refused: count() })
    .from(registrationRefusals)
    .leftJoin(units, eq(units.id, registrationRefusals.unitId))
    .where(since)
    .groupBy(registrationRefusals.address)
    .orderBy(desc(count()))
    .limit(50)
    .all();
  const byUnit = db
    .select({ unitId: units.id, unit: units.name, refused: count() })
    .from(registrationRefusals)
    .innerJoin(units, eq(units.id, registrationRefusals.unitId))
    .where(since)
    .groupBy(units.id)
    .orderBy(desc(count()))
    .limit(50)
    .all();
  const total = byAddress.reduce((sum, row) => sum + row.refused, 0);
  return { byAddress, byUnit, total };
}
