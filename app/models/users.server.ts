import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import { users } from "#db/schema.ts";
import type { Role } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";

// OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

async function hashPassword(password: string): Promise<string> {
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
      passwordHash: await hashPassword(input.password),
      consentedAt: now,
      createdAt: now,
    })
    .returning({ id: users.id })
    .get();
}

/** The user id when phone and password match, otherwise null (same answer for unknown phone and bad password). */
export async function verifyLogin(phone: string, password: string): Promise<number | null> {
  const row = db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.phone, phone))
    .get();
  if (!row?.passwordHash) return null;
  return (await verify(row.passwordHash, password)) ? row.id : null;
}
