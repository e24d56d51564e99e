// The route manifest a rendered page carries. Remix v2 gives the document render the manifest of every route:
// `RemixServer` builds React routes from all of them (looking up each route's children among all the others) and,
// for the manifest it writes into the page, matches every parent path of the URL against all of them again.
// With a hundred routes that was a quarter of a question page's CPU (decision 017). The page needs only its
// own routes and those of its parent paths (what Remix would write into it); the browser discovers the others
// when a link to them appears (lazy route discovery), so the render gets just those.
import type { EntryContext } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type Manifest = EntryContext["manifest"];
type ManifestRoutes = Manifest["routes"];

type RouteObject = Parameters<typeof matchRoutes>[0][number];
type Lookup = { tree: RouteObject[]; nearbyByLeaf: Map<string, string[]> };
const lookups = new WeakMap<ManifestRoutes, Lookup>();

/** The manifest's routes as a tree React Router can match (ids, paths, index flags only). */
function routeTree(routes: ManifestRoutes): RouteObject[] {
  const childrenOf = (parentId: string | undefined): RouteObject[] =>
    Object.values(routes)
      .filter((route) => route !== undefined && route.parentId === parentId)
      .map((route) =>
        route!.index
          ? { id: route!.id, path: route!.path, index: true, caseSensitive: route!.caseSensitive }
          : {
              id: route!.id,
              path: route!.path,
              caseSensitive: route!.caseSensitive,
              children: childrenOf(route!.id),
            },
      );
  return childrenOf(undefined);
}

/**
 * Route ids matched by the parent paths of `pathname` (`/a/b/c` → `/`, `/a`, `/a/b`), as Remix's
 * `getPartialManifest` finds them.
 */
function parentPathRoutes(tree: RouteObject[], pathname: string): string[] {
  const segments = pathname.split("/").filter(Boolean);
  segments.pop();
  const paths = segments.map((_, i) => `/${segments.slice(0, i + 1).join("/")}`);
  return ["/", ...paths].flatMap((path) => matchRoutes(tree, path)?.map((m) => m.route.id!) ?? []);
}

/**
 * The manifest for rendering one page: the routes it matched plus those of its parent paths. The latter are
 * remembered per matched route (the first URL decides): a parent path differs between two URLs of one route
 * only in a parameter's value, and a route missing from the page's manifest is only discovered later.
 */
export function pageManifest(manifest: Manifest, matchedIds: string[], pathname: string): Manifest {
  let lookup = lookups.get(manifest.routes);
  if (!lookup) {
    lookup = { tree: routeTree(manifest.routes), nearbyByLeaf: new Map() };
    lookups.set(manifest.routes, lookup);
  }
  const leaf = matchedIds.at(-1) ?? "root";
  let nearby = lookup.nearbyByLeaf.get(leaf);
  if (!nearby) {
    nearby = parentPathRoutes(lookup.tree, pathname);
    lookup.nearbyByLeaf.set(leaf, nearby);
  }
  const routes: ManifestRoutes = {};
  for (const id of [...matchedIds, ...nearby]) routes[id] = manifest.routes[id]!;
  return { ...manifest, routes };
}
