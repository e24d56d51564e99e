// Sessions the Lucia way (lucia-auth.com's current guide): the cookie holds "<id>.<secret>", the database
// keeps the id and the SHA-256 of the secret, compared in constant time; sliding expiry.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, sql } from "drizzle-orm";
import { knownDevices, sessions, users } from "#db/schema.ts";
import { db } from "./db.server.ts";
import { env } from "./env.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION_LIFETIME_MS = 30 * DAY_MS;

export type Role = "resident" | "student" | "teacher" | "organiser" | "admin";
export type SessionUser = {
  id: number;
  name: string;
  role: Role;
  unitId: number | null;
  scopeUnitId: number | null;
};

const sessionCookie = createCookie("cds_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_LIFETIME_MS / 1000,
});

// The device a user logged in from, so that failures caused elsewhere never lock its owner out.
const DEVICE_LIFETIME_MS = 365 * DAY_MS;
const deviceCookie = createCookie("cds_device", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: DEVICE_LIFETIME_MS / 1000,
});

/**
 * Whether cookies get the Secure flag: over https always; in production too (a proxy that forgot
 * X-Forwarded-Proto must not make the session readable over http), unless COOKIE_SECURE=false, for a demo
 * served over plain http on a LAN, where a browser would drop a Secure cookie.
 */
export function cookiesAreSecure(
  request: Pick<Request, "url">,
  settings: { NODE_ENV: string; COOKIE_SECURE: "auto" | "true" | "false" } = env,
): boolean {
  if (new URL(request.url).protocol === "https:" || settings.COOKIE_SECURE === "true") return true;
  return settings.COOKIE_SECURE === "auto" && settings.NODE_ENV === "production";
}

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

// Every signed-in request reads its session: the query is built once.
const sessionById = db
  .select({
    secretHash: sessions.secretHash,
    expiresAt: sessions.expiresAt,
    disabledAt: users.disabledAt,
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
  .where(eq(sessions.id, sql.placeholder("id")))
  .prepare();

/** Returns the session's user, extending the session when less than half its lifetime is left. */
export async function validateSessionToken(
  token: string,
  now = Date.now(),
): Promise<{ user: SessionUser; renewed: boolean } | null> {
  const [id, secret] = token.split(".");
  if (!id || !secret) return null;
  const row = sessionById.get({ id });
  if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  // Disabling deletes the sessions too; this keeps one that raced the disabling from outliving it.
  if (now >= row.expiresAt || row.disabledAt !== null) {
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

async function readToken(cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(cookieHeader);
  return typeof value === "string" ? value : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

/** The session's user, and the Set-Cookie header to send when the session was just extended. */
type SessionCheck = Promise<{ user: SessionUser; setCookie: string | null } | null>;
// The root's loader and the page's loader both ask for the session of the same GET: one check serves both.
// (Not for POST, whose action may change the session before the loaders run.)
const checkedSessions = new WeakMap<Request, SessionCheck>();

export function getSession(request: Request): SessionCheck {
  if (request.method !== "GET" && request.method !== "HEAD")
    return sessionFromCookies(request.headers.get("Cookie"), cookiesAreSecure(request));
  let check = checkedSessions.get(request);
  if (!check) {
    check = sessionFromCookies(request.headers.get("Cookie"), cookiesAreSecure(request));
    checkedSessions.set(request, check);
  }
  return check;
}

/**
 * The same check from a raw Cookie header, for the endpoints served before Remix (the answer save): `secure`
 * says whether a renewed cookie gets the Secure flag.
 */
export async function sessionFromCookies(
  cookieHeader: string | null,
  secure: boolean,
): Promise<{ user: SessionUser; setCookie: string | null } | null> {
  const token = await readToken(cookieHeader);
  const session = token ? await validateSessionToken(token) : null;
  if (!token || !session) return null;
  return {
    user: session.user,
    setCookie: session.renewed ? await sessionCookie.serialize(token, { secure }) : null,
  };
}

export async function commitSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie.serialize(token, { secure: cookiesAreSecure(request) });
}

export async function logout(request: Request): Promise<Response> {
  const token = await readToken(request.headers.get("Cookie"));
  if (token) await invalidateSession(token);
  return redirect("/", {
    headers: {
      "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0, secure: cookiesAreSecure(request) }),
    },
  });
}

const OWN_ORIGIN = "http://cong-dan-so.invalid";

/**
 * A path on this site to come back to after login; anything else falls back. The path is resolved the way a
 * browser would (which drops tabs and newlines, so "/\t/evil.example" means "//evil.example") and must keep our
 * origin; control characters and backslashes are refused outright. The result is plain ASCII, safe in a header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\p{Cc}\\]/u.test(to)) return fallback;
  try {
    const url = new URL(to, OWN_ORIGIN);
    return url.origin === OWN_ORIGIN ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}

/** The device token in the request's cookie, if any. */
async function readDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 && value.length < 100 ? value : null;
}

/**
 * The hex digest of the request's device token when that device has logged in as the user with `phone`
 * (null otherwise): a login from it is slowed only by its own failures.
 */
export async function knownDeviceFor(request: Request, phone: string): Promise<string | null> {
  const token = await readDeviceToken(request);
  if (!token) return null;
  const tokenHash = Buffer.from(hashSecret(token));
  const row = db
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .innerJoin(users, eq(users.id, knownDevices.userId))
    .where(and(eq(knownDevices.tokenHash, tokenHash), eq(users.phone, phone)))
    .get();
  return row ? tokenHash.toString("hex") : null;
}

/** Records that `userId` logged in from this device (a new token when it has none); returns the Set-Cookie. */
export async function rememberDevice(request: Request, userId: number, now = Date.now()): Promise<string> {
  const token = (await readDeviceToken(request)) ?? randomToken(20);
  db.insert(knownDevices)
    .values({ tokenHash: Buffer.from(hashSecret(token)), userId, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({
      target: [knownDevices.tokenHash, knownDevices.userId],
      set: { lastUsedAt: now },
    })
    .run();
  return deviceCookie.serialize(token, { secure: cookiesAreSecure(request) });
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
