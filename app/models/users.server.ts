import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { users } from "#db/schema.ts";
import type { Role } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";

// OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function isPhoneRegistered(phone: string): Promise<boolean> {
  return db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).get() !== undefined;
}

export async function createUser(input: {
  name: string;
  phone: string;
  birthYear: number;
  unitId: number;
  password: string;
  role?: Role;
  scopeUnitId?: number | null;
  // The network address a resident registered from, kept for fair-play review.
  registeredAddress?: string | null;
  now?: number;
}): Promise<{ id: number }> {
  const now = input.now ?? Date.now();
  return db
    .insert(users)
    .values({
      name: input.name,
      phone: input.phone,
      birthYear: input.birthYear,
      unitId: input.unitId,
      role: input.role ?? "resident",
      scopeUnitId: input.scopeUnitId ?? null,
      registeredAddress: input.registeredAddress ?? null,
      passwordHash: await hashPassword(input.password),
      consentedAt: now,
      createdAt: now,
    })
    .returning({ id: users.id })
    .get();
}

/**
 * The user when phone and password match, otherwise null (same answer for unknown phone and bad password);
 * `disabled` (and `pending`, a teacher not yet approved) only once the password is right, so it tells a
 * stranger nothing.
 */
export async function verifyLogin(
  phone: string,
  password: string,
): Promise<{ id: number; disabled: boolean; pending: boolean } | null> {
  const row = db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      pendingSince: users.pendingSince,
    })
    .from(users)
    .where(eq(users.phone, phone))
    .get();
  if (!row?.passwordHash) return null;
  return (await verify(row.passwordHash, password))
    ? { id: row.id, disabled: row.disabledAt !== null, pending: row.pendingSince !== null }
    : null;
}
