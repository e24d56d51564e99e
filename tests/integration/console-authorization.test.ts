// Walks every console route module as five people and checks who is let in: a new console route must be added
// to `expectations` below, so nobody ships a page without deciding who may see it.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { communityHelpers, units, users } from "#db/schema.ts";
import { createContest } from "#app/models/contests.server.ts";
import { commitSessionCookie, createSession, type Role } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { T0, testRules } from "./fixtures.ts";

/**
 * - console: any organiser or admin (the question bank, limits, lists filtered to the user's own scope);
 * - contest: only organisers whose unit holds the contest's scope (or the helper's commune), and admins;
 * - admin: admins only (accounts, audit log);
 * - redirect: hands everyone on to another console page, which guards itself; no data of its own.
 */
type Kind = "console" | "contest" | "admin" | "redirect";
type Fixture = { contestId: number; organiserId: number; helperId: number };
type Expectation = { kind: Kind; params?: (f: Fixture) => Record<string, string> };

const contestParams = (f: Fixture) => ({ contestId: String(f.contestId) });
const roundParams = (f: Fixture) => ({ contestId: String(f.contestId), number: "1" });

const expectations: Record<string, Expectation> = {
  "quan-tri.tsx": { kind: "console" },
  "quan-tri._index.tsx": { kind: "redirect" },
  "quan-tri.cau-hoi._index.tsx": { kind: "console" },
  "quan-tri.cau-hoi.$questionId.tsx": { kind: "console", params: () => ({ questionId: "lua-dao-001" }) },
  "quan-tri.cau-hoi.moi.tsx": { kind: "console" },
  "quan-tri.cau-hoi.nhap.tsx": { kind: "console" },
  "quan-tri.cau-hoi.mau[.]csv.ts": { kind: "console" },
  "quan-tri.cau-hoi.mau[.]xlsx.ts": { kind: "console" },
  "quan-tri.cau-hoi.xuat[.]xlsx.ts": { kind: "console" },
  "quan-tri.gioi-han.tsx": { kind: "console" },
  "quan-tri.giao-vien.tsx": { kind: "console" },
  "quan-tri.don-vi.dan-so.tsx": { kind: "console" },
  "quan-tri.don-vi.dan-so[.]csv.ts": { kind: "console" },
  "quan-tri.don-vi.dan-so[.]xlsx.ts": { kind: "console" },
  "quan-tri.cuoc-thi._index.tsx": { kind: "console" },
  "quan-tri.cuoc-thi.moi.tsx": { kind: "console" },
  "quan-tri.cuoc-thi.$contestId._index.tsx": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.theo-doi.tsx": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.ap-phich.ts": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.gian-lan.tsx": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.xem-truoc._index.tsx": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.xem-truoc.bai-mau.tsx": { kind: "contest", params: contestParams },
  "quan-tri.cuoc-thi.$contestId.gian-lan.xuat.$file.ts": {
    kind: "contest",
    params: (f) => ({ ...contestParams(f), file: "gian-lan.csv" }),
  },
  "quan-tri.cuoc-thi.$contestId.vong.$number.tsx": { kind: "contest", params: roundParams },
  "quan-tri.cuoc-thi.$contestId.vong.$number.xuat.$file.ts": {
    kind: "contest",
    params: (f) => ({ ...roundParams(f), file: "xep-hang.csv" }),
  },
  "quan-tri.tai-khoan._index.tsx": { kind: "admin" },
  "quan-tri.tai-khoan.$userId.tsx": { kind: "admin", params: (f) => ({ userId: String(f.organiserId) }) },
  "quan-tri.nhat-ky.tsx": { kind: "admin" },
  "quan-tri.to-cong-nghe._index.tsx": { kind: "console" },
  "quan-tri.to-cong-nghe.$userId.tsx": { kind: "contest", params: (f) => ({ userId: String(f.helperId) }) },
};

const routesFolder = path.resolve("app/routes");
const consoleRoutes = fs
  .readdirSync(routesFolder)
  .filter((file) => /^quan-tri(\..*)?\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
  .sort();

type Persona = "anonymous" | "resident" | "otherOrganiser" | "unitOrganiser" | "admin";
const personas: Persona[] = ["anonymous", "resident", "otherOrganiser", "unitOrganiser", "admin"];

function allowed(kind: Kind, persona: Persona): boolean {
  if (persona === "anonymous" || persona === "resident") return false;
  if (kind === "admin") return persona === "admin";
  if (kind === "contest") return persona !== "otherOrganiser";
  return true;
}

const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const [district, otherDistrict] = db.select().from(units).where(eq(units.parentId, province.id)).all();
const commune = db.select().from(units).where(eq(units.parentId, district!.id)).get()!;

function addUser(name: string, role: Role, unitId: number, scopeUnitId: number | null): number {
  return db
    .insert(users)
    .values({ name, role, unitId, scopeUnitId, createdAt: T0 })
    .returning({ id: users.id })
    .get().id;
}

const ids = {
  resident: addUser("Người dân", "resident", commune.id, null),
  otherOrganiser: addUser("Ban tổ chức huyện khác", "organiser", otherDistrict!.id, otherDistrict!.id),
  unitOrganiser: addUser("Ban tổ chức huyện", "organiser", district!.id, district!.id),
  admin: addUser("Quản trị", "admin", province.id, province.id),
};

const { id: contestId } = await createContest({
  slug: "thi-cua-huyen",
  title: "Cuộc thi của huyện",
  summary: "Chỉ người dân trong huyện",
  rules: testRules,
  scopeUnitId: district!.id,
  published: false,
  rounds: [{ opensAt: T0, closesAt: T0 + 7 * 24 * 3600_000 }],
  now: T0,
});
// A community helper of a commune in the district.
const helperId = addUser("Người hỗ trợ", "resident", commune.id, null);
db.insert(communityHelpers)
  .values({ userId: helperId, unitId: commune.id, namedBy: ids.unitOrganiser, namedAt: T0 })
  .run();
const fixture: Fixture = { contestId, organiserId: ids.unitOrganiser, helperId };

const cookies = new Map<Persona, string>();
for (const persona of personas) {
  if (persona === "anonymous") continue;
  const token = await createSession(ids[persona]);
  const header = await commitSessionCookie(new Request("http://localhost/"), token);
  cookies.set(persona, header.split(";")[0]!);
}

type Outcome = { status: number; location: string | null; error?: string };

/** What Remix would answer: a returned or thrown Response, data() with its status, or a 500 for anything else. */
function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) return { status: value.status, location: value.headers.get("Location") };
  if (value && typeof value === "object" && "type" in value && value.type === "DataWithResponseInit") {
    const init = (value as { init?: ResponseInit | null }).init;
    return { status: init?.status ?? 200, location: null };
  }
  return { status: 200, location: null };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => unknown;

async function call(handler: Handler, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    return outcomeOf(await handler({ request, params, context: { clientIp: "203.0.113.9", cspNonce: "" } }));
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && "type" in thrown))
      return outcomeOf(thrown);
    return { status: 500, location: null, error: String(thrown) };
  }
}

function requestFor(file: string, params: Record<string, string>, persona: Persona, method: "GET" | "POST") {
  // Remix's flat routes: "." separates segments, "[.]" is a literal dot, "$name" a parameter.
  const pathname = file
    .replace(/\.tsx?$/, "")
    .split(/(?<!\[)\.(?!\])/)
    .filter((segment) => segment !== "_index")
    .map((segment) => (segment.startsWith("$") ? (params[segment.slice(1)] ?? segment) : segment))
    .join("/")
    .replaceAll("[.]", ".");
  const headers = new Headers();
  const cookie = cookies.get(persona);
  if (cookie) headers.set("Cookie", cookie);
  if (method === "POST") headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost/${pathname}`, {
    method,
    headers,
    body: method === "POST" ? "" : undefined,
  });
}

describe("console authorisation", () => {
  test("every console route has an expectation (add new routes to `expectations` in this file)", () => {
    const missing = consoleRoutes.filter((file) => !(file in expectations));
    expect(
      missing,
      `Console routes without an authorisation expectation: ${missing.join(", ")}. Add each to \`expectations\` in tests/integration/console-authorization.test.ts with who may use it.`,
    ).toEqual([]);
    const stale = Object.keys(expectations).filter((file) => !consoleRoutes.includes(file));
    expect(stale, "Expectations for route files that no longer exist").toEqual([]);
  });

  test.each(consoleRoutes.filter((file) => file in expectations))("%s", async (file) => {
    const expectation = expectations[file]!;
    const params = expectation.params?.(fixture) ?? {};
    const mod = (await import(path.join(routesFolder, file))) as { loader?: Handler; action?: Handler };
    const handlers = [
      ["loader", mod.loader, "GET"],
      ["action", mod.action, "POST"],
    ] as const;
    const failures: string[] = [];
    for (const [name, handler, method] of handlers) {
      if (!handler) continue;
      for (const persona of personas) {
        const outcome = await call(handler, requestFor(file, params, persona, method), params);
        const toLogin = outcome.status === 302 && !!outcome.location?.startsWith("/dang-nhap");
        const label = `${name} as ${persona}: ${outcome.status}${outcome.location ? ` → ${outcome.location}` : ""}${outcome.error ? ` (${outcome.error})` : ""}`;
        if (outcome.status >= 500) failures.push(`${label}, never a 500`);
        else if (expectation.kind === "redirect") {
          if (outcome.status !== 302 || toLogin) failures.push(`${label}, expected a redirect`);
        } else if (persona === "anonymous") {
          if (!toLogin) failures.push(`${label}, expected a redirect to the login page`);
        } else if (!allowed(expectation.kind, persona)) {
          if (outcome.status !== 403) failures.push(`${label}, expected 403`);
        } else if (outcome.status === 403 || toLogin || (name === "loader" && outcome.status >= 400)) {
          failures.push(`${label}, expected to be let in`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
