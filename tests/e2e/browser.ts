// npm run test:e2e [-- <playwright args>]: finds a Chromium for the browser tests, then runs Playwright with
// it (PLAYWRIGHT_CHROMIUM_PATH). In order: that variable, the system's Chromium, Playwright's own download
// (where the network allows), Debian's package when running as root with apt-get; otherwise one clear line
// and exit 1 before any test runs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

// Looked up in PATH, in this order (Debian, Ubuntu, Google's packages).
export const SYSTEM_CHROMIUMS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
export const MISSING =
  "Browser tests need Chromium: apt-get install chromium, or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium or Chrome executable.";

export type BrowserSources = {
  envPath: string | undefined;
  isExecutable: (file: string) => boolean;
  /** The first of SYSTEM_CHROMIUMS found in PATH. */
  systemChromium: () => string | undefined;
  playwrightPath: () => string;
  /** Downloads Playwright's Chromium; false when it fails or times out. */
  installPlaywright: () => boolean;
  /** Root with apt-get: installs Debian's chromium; false when it cannot. */
  installApt: (() => boolean) | null;
};

/** The Chromium to test with, trying the cheap sources first; installs only when nothing is there. */
export function findChromium(s: BrowserSources): { path: string } | { error: string } {
  if (s.envPath) {
    return s.isExecutable(s.envPath)
      ? { path: s.envPath }
      : { error: `PLAYWRIGHT_CHROMIUM_PATH=${s.envPath} is not an executable file. ${MISSING}` };
  }
  const found = s.systemChromium();
  if (found) return { path: found };
  const own = s.playwrightPath();
  if (s.isExecutable(own) || (s.installPlaywright() && s.isExecutable(own))) return { path: own };
  const installed = s.installApt?.() && s.systemChromium();
  return installed ? { path: installed } : { error: MISSING };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function inPath(name: string): string | undefined {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((folder) => path.join(folder, name))
    .find(isExecutable);
}

function run(command: string, args: string[], timeoutMs: number): boolean {
  console.log(`$ ${command} ${args.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  return spawnSync(command, args, { stdio: "inherit", timeout: timeoutMs, env }).status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = findChromium({
    envPath: process.env.PLAYWRIGHT_CHROMIUM_PATH || undefined,
    isExecutable,
    systemChromium: () => SYSTEM_CHROMIUMS.map(inPath).find(Boolean),
    playwrightPath: () => chromium.executablePath(),
    // Without network the download fails in about 15 s; the timeout bounds a stalled one.
    installPlaywright: () => run("node_modules/.bin/playwright", ["install", "chromium"], 180_000),
    installApt:
      process.getuid?.() === 0 && isExecutable("/usr/bin/apt-get")
        ? () =>
            run("apt-get", ["update", "-qq"], 300_000) &&
            run("apt-get", ["install", "-y", "-qq", "chromium"], 600_000)
        : null,
  });
  if ("error" in result) {
    console.error(result.error);
    process.exit(1);
  }
  const playwright = spawnSync("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_CHROMIUM_PATH: result.path },
  });
  process.exit(playwright.status ?? 1);
}
