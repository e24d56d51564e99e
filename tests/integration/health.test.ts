import { expect, test } from "vitest";
import { db, isDatabaseReachable } from "#app/utils/db.server.ts";
import { loader } from "#app/routes/healthz.ts";

test("healthz answers 200 with the database reachable and 503 without it", async () => {
  expect(isDatabaseReachable()).toBe(true);
  expect((await loader()).status).toBe(200);
  db.$client.close();
  const response = await loader();
  expect(response.status).toBe(503);
  expect(await response.text()).toBe("database unreachable");
});
