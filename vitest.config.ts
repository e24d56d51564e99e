import { defineConfig } from "vitest/config";

// Separate from vite.config.ts so the Remix plugin is not loaded in unit tests.
export default defineConfig({
  test: {
    include: [
      "app/**/*.test.ts",
      "db/**/*.test.ts",
      "content/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/e2e/**/*.test.ts",
      "tests/bench/**/*.test.ts",
    ],
    globalSetup: ["tests/integration/global-setup.ts"],
    setupFiles: ["tests/integration/worker-db.ts"],
    environment: "node",
    // Some tests start a second process on the database (tsx takes seconds to load on a busy 2-core machine).
    testTimeout: 30_000,
  },
});
