import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";

// The env is read once per process, so each setting is checked in a process of its own on this test's database.
function synchronousIn(value: string | undefined) {
  const script = `const { db } = await import("#app/utils/db.server.ts");
console.log("synchronous=" + db.$client.pragma("synchronous", { simple: true }));`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (value === undefined) delete env.SQLITE_SYNCHRONOUS;
  else env.SQLITE_SYNCHRONOUS = value;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: child.status, output: child.stdout + child.stderr };
}

test("SQLITE_SYNCHRONOUS sets the connection's synchronous mode: FULL by default, NORMAL on request", () => {
  expect(synchronousIn(undefined).output).toContain("synchronous=2");
  expect(synchronousIn("normal").output).toContain("synchronous=1");
}, 60_000);

test("an unknown SQLITE_SYNCHRONOUS stops the process with a message naming the variable", () => {
  const { status, output } = synchronousIn("off");
  expect(status).not.toBe(0);
  expect(output).toContain("SQLITE_SYNCHRONOUS");
}, 30_000);
