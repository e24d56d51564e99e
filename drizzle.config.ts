import { defineConfig } from "drizzle-kit";

// dialect "sqlite" (not "turso") so one migration folder serves every SQLite driver.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
