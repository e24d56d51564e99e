import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
// One database per port, so two runs on different ports never share data.
export const e2eDatabase = `tests/.tmp/e2e-${port}.db`;

export default defineConfig({
  testDir: "tests/e2e",
  // *.test.ts beside the specs are vitest unit tests (browser.test.ts).
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [["list"]],
  use: {
    ...devices["Pixel 7"],
    // The phones our residents use: 360 px wide.
    viewport: { width: 360, height: 740 },
    baseURL: `http://localhost:${port}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Debian's Chromium as root, on a machine without outside network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `rm -f ${e2eDatabase} ${e2eDatabase}-wal ${e2eDatabase}-shm && npm run build && tsx db/seed.ts && tsx server.ts`,
    url: `http://localhost:${port}/healthz`,
    // Build, seed and start take about a minute on a quiet 2-core machine; a busy one needs several.
    timeout: 600_000,
    reuseExistingServer: false,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_PATH: e2eDatabase,
      SEED_DEMO: "true",
      // Every test registers and starts from 127.0.0.1: the per-address limits are tested in tests/integration.
      REGISTER_LIMIT_PER_ADDRESS: "1000",
      REGISTER_LIMIT_PER_UNIT: "1000",
      REGISTER_POSTS_PER_MINUTE: "1000",
      ATTEMPT_LIMIT_PER_ADDRESS: "1000",
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
