import type { EntryContext } from "@remix-run/node";
import { expect, test } from "vitest";
import { pageManifest } from "./page-manifest.server.ts";

type Manifest = EntryContext["manifest"];

const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) => ({
  id,
  parentId,
  path,
  index,
  hasAction: false,
  hasLoader: true,
  hasClientAction: false,
  hasClientLoader: false,
  hasErrorBoundary: false,
  module: `/assets/${id}.js`,
});

const manifest = {
  version: "1",
  url: "/assets/manifest.js",
  entry: { module: "/assets/entry.js", imports: [] },
  routes: Object.fromEntries(
    [
      route("root", undefined, ""),
      route("routes/_index", "root", undefined, true),
      route("routes/bai-thi.$attemptId._index", "root", "bai-thi/:attemptId", true),
      route("routes/bai-thi.$attemptId.cau.$slot", "root", "bai-thi/:attemptId/cau/:slot"),
      route("routes/quan-tri", "root", "quan-tri"),
      route("routes/quan-tri._index", "routes/quan-tri", undefined, true),
      route("routes/quan-tri.cau-hoi._index", "routes/quan-tri", "cau-hoi", true),
      route("routes/quan-tri.cau-hoi.$questionId", "routes/quan-tri", "cau-hoi/:questionId"),
    ].map((r) => [r.id, r]),
  ),
} as unknown as Manifest;

test("a page gets its own routes and those of its parent paths, as Remix would write them, and no others", () => {
  const question = pageManifest(
    manifest,
    ["root", "routes/bai-thi.$attemptId.cau.$slot"],
    "/bai-thi/12/cau/3",
  );
  expect(Object.keys(question.routes).sort()).toEqual([
    "root",
    "routes/_index",
    "routes/bai-thi.$attemptId._index",
    "routes/bai-thi.$attemptId.cau.$slot",
  ]);
  expect(question.routes["routes/bai-thi.$attemptId.cau.$slot"]).toBe(
    manifest.routes["routes/bai-thi.$attemptId.cau.$slot"],
  );
  expect(question.entry).toBe(manifest.entry);

  const editor = pageManifest(
    manifest,
    ["root", "routes/quan-tri", "routes/quan-tri.cau-hoi.$questionId"],
    "/quan-tri/cau-hoi/7",
  );
  expect(Object.keys(editor.routes).sort()).toEqual([
    "root",
    "routes/_index",
    "routes/quan-tri",
    "routes/quan-tri._index",
    "routes/quan-tri.cau-hoi.$questionId",
    "routes/quan-tri.cau-hoi._index",
  ]);
  // The whole manifest is left as it was.
  expect(Object.keys(manifest.routes)).toHaveLength(8);
});

test("another URL of the same route gets the same parent routes, and its own matches", () => {
  const first = pageManifest(manifest, ["root", "routes/bai-thi.$attemptId.cau.$slot"], "/bai-thi/1/cau/1");
  const second = pageManifest(manifest, ["root", "routes/bai-thi.$attemptId.cau.$slot"], "/bai-thi/99/cau/8");
  expect(Object.keys(second.routes)).toEqual(Object.keys(first.routes));
  const home = pageManifest(manifest, ["root", "routes/_index"], "/");
  expect(Object.keys(home.routes).sort()).toEqual(["root", "routes/_index"]);
});
