// Sessions the Lucia way (lucia-auth.com's current guide): the cookie holds "<id>.<secret>", the database
// keeps the id and the SHA-256 of the secret, compared in constant time; sliding expiry.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { createCookie, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { sessions, users } from "#db/schema.ts";
import { db } from "./db.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION_LIFETIME_MS = 30 * DAY_MS;

export type Role = "resident" | "teacher" | "organiser" | "admin";
export type SessionUser = {
  id: number;
  name: string;
  role: Role;
  unitId: number | null;
  scopeUnitId: number | null;
};

// Secure is set per request: always over https (behind a proxy too, with TRUST_PROXY), never over plain http,
// where a browser would drop the cookie (a phone trying the demo on http://192.168.x.x:3000).
const sessionCookie = createCookie("cds_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_LIFETIME_MS / 1000,
});

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

function randomToken(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export async function createSession(userId: number, now = Date.now()): Promise<string> {
  const id = randomToken(15);
  const secret = randomToken(20);
  db.insert(sessions)
    .values({
      id,
      secretHash: Buffer.from(hashSecret(secret)),
      userId,
      expiresAt: now + SESSION_LIFETIME_MS,
      createdAt: now,
    })
    .run();
  return `${id}.${secret}`;
}

/** Returns the session's user, extending the session when less than half its lifetime is left. */
export async function validateSessionToken(
  token: string,
  now = Date.now(),
): Promise<{ user: SessionUser; renewed: boolean } | null> {
  const [id, secret] = token.split(".");
  if (!id || !secret) return null;
  const row = db
    .select({
      secretHash: sessions.secretHash,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        name: users.name,
        role: users.role,
        unitId: users.unitId,
        scopeUnitId: users.scopeUnitId,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
  if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  if (now >= row.expiresAt) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  const renewed = row.expiresAt - now < SESSION_LIFETIME_MS / 2;
  if (renewed)
    db.update(sessions)
      .set({ expiresAt: now + SESSION_LIFETIME_MS })
      .where(eq(sessions.id, id))
      .run();
  return { user: row.user, renewed };
}

export async function invalidateSession(token: string): Promise<void> {
  const [id] = token.split(".");
  if (id) db.delete(sessions).where(eq(sessions.id, id)).run();
}

export async function invalidateUserSessions(userId: number): Promise<void> {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** The session's user, and the Set-Cookie header to send when the session was just extended. */
export async function getSession(
  request: Request,
): Promise<{ user: SessionUser; setCookie: string | null } | null> {
  const token = await readToken(request);
  const session = token ? await validateSessionToken(token) : null;
  if (!token || !session) return null;
  return {
    user: session.user,
    setCookie: session.renewed ? await commitSessionCookie(request, token) : null,
  };
}

export async function commitSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie.serialize(token, { secure: isHttps(request) });
}

export async function logout(request: Request): Promise<Response> {
  const token = await readToken(request);
  if (token) await invalidateSession(token);
  return redirect("/", {
    headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0, secure: isHttps(request) }) },
  });
}

/** A path on this site to come back to after login; anything else falls back to "/". */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

/** The signed-in user when they hold one of `roles`; otherwise a 403 page (or the login page). */
export async function requireRole(request: Request, roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) {
    throw new Response("Bạn không có quyền vào trang này.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return user;
}
