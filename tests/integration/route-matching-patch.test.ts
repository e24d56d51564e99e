// patches/@remix-run+router changes how the server matches a request to its routes (cached branches, compiled
// patterns, a whole-path test that skips most branches). Every app route, and paths near them, must match as the
// router without the skip matches them: same routes, same params.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import type { AgnosticRouteObject, AgnosticRouteMatch } from "@remix-run/router";
import { describe, expect, test } from "vitest";

const require = createRequire(import.meta.url);
type Router = {
  matchRoutes: (routes: AgnosticRouteObject[], pathname: string) => AgnosticRouteMatch[] | null;
};
const routerFile = require.resolve("@remix-run/router");
const patched = require(routerFile) as Router;

const source = fs.readFileSync(routerFile, "utf8");
const withoutSkip = source.replace(/^.*couldMatchBranch\(branches\[i\], decoded\)\) continue;$/m, "");
const reference = { exports: {} as Router };
new Function("exports", "module", "require", withoutSkip)(reference.exports, reference, require);

/** The app's routes as Remix nests them (app/routes.ts is flatRoutes over app/routes/). */
function appRoutes(): AgnosticRouteObject[] {
  const manifest = flatRoutes(path.resolve("app"), [], "routes");
  const childrenOf = (parentId: string): AgnosticRouteObject[] =>
    Object.values(manifest)
      .filter((route) => (route.parentId ?? "root") === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, path: route.path, index: true }
          : {
              id: route.id,
              path: route.path,
              caseSensitive: route.caseSensitive,
              children: childrenOf(route.id),
            },
      );
  return [{ id: "root", path: "", children: childrenOf("root") }];
}

/** Each route's path with sample params, and variants around it that should or should not match. */
function pathsToTry(routes: AgnosticRouteObject[]): string[] {
  const patterns = new Set<string>();
  const walk = (list: AgnosticRouteObject[], parent: string) => {
    for (const route of list) {
      const full = [parent, route.path ?? ""].filter(Boolean).join("/");
      patterns.add(full);
      if (route.children) walk(route.children, full);
    }
  };
  walk(routes, "");
  const paths = new Set(["/", "//", "/khong-co", "/a/b/c/d/e", "/%E1%BA%A1", "/bai-thi/%2F/cau/1"]);
  for (const pattern of patterns) {
    for (const value of ["12", "abc", "x.y", "%C4%91"]) {
      const concrete =
        "/" +
        pattern
          .replace(/:[\w-]+\?/g, "")
          .replace(/:[\w-]+/g, value)
          .replace(/\*$/, "mot/hai")
          .replace(/\/+/g, "/")
          .replace(/^\//, "");
      paths.add(concrete);
      paths.add(`${concrete}/`);
      paths.add(concrete.toUpperCase());
      paths.add(`${concrete}/them`);
      paths.add(concrete.replace(/\/[^/]*$/, ""));
    }
  }
  return [...paths];
}

describe("the patched route matching", () => {
  const routes = appRoutes();
  const paths = pathsToTry(routes);

  test("is tested against the router without the whole-path skip, on every app route", () => {
    expect(withoutSkip).not.toBe(source);
    expect(paths.length).toBeGreaterThan(500);
  });

  test("matches every path to the same routes with the same params", () => {
    const describeMatch = (matches: AgnosticRouteMatch[] | null) =>
      matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname })) ?? null;
    let matched = 0;
    for (const pathname of paths) {
      const expected = describeMatch(reference.exports.matchRoutes(routes, pathname));
      expect(describeMatch(patched.matchRoutes(routes, pathname)), pathname).toEqual(expected);
      if (expected) matched++;
    }
    // Most paths reach a route (a splat catches the rest or they 404): both kinds are compared.
    expect(matched).toBeGreaterThan(paths.length / 4);
    expect(matched).toBeLessThan(paths.length);
  });
});
