import { expect, test, vi } from "vitest";
import { appState } from "#db/schema.ts";
import { getAppState } from "#app/models/app-state.server.ts";
import { db } from "#app/utils/db.server.ts";
import { T0 } from "./fixtures.ts";

test("a start with content/ unchanged skips the sync; a changed content/ syncs again", async () => {
  process.env.SEED_DEMO = "false";
  vi.resetModules();
  const { seed } = await import("#db/seed.ts");
  const log = vi.spyOn(console, "log").mockImplementation(() => {});

  // The template database was seeded from these same files.
  await seed(T0);
  expect(log).toHaveBeenLastCalledWith("Units and questions: content/ unchanged since the last sync.");

  db.update(appState).set({ value: "hash of older files" }).run();
  await seed(T0);
  expect(log).toHaveBeenLastCalledWith(expect.stringMatching(/^Units: \d+\. Questions: 0 new, 0 revised/));
  const synced = await getAppState("content_hash");
  expect(synced).toMatch(/^[0-9a-f]{64}$/);
  await seed(T0);
  expect(log).toHaveBeenLastCalledWith("Units and questions: content/ unchanged since the last sync.");
});
