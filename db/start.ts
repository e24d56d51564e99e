// npm start: builds only when the app's sources changed since the last build, syncs content/ only when it
// changed (db/seed.ts), seeds the demo only the first time, then serves. A restart of an unchanged app
// listens within a few seconds, and every second of a restart comes out of the open attempts' clocks. Then
// cluster.ts serves on every core (WEB_CONCURRENCY).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { hashFiles } from "#app/utils/file-hash.server.ts";

// Everything Vite bundles into the server build: the app, the schema and content's code (not its data).
const BUILD_INPUTS = [
  "app",
  "db/schema.ts",
  "content",
  "public",
  "vite.config.ts",
  "tailwind.config.ts",
  "postcss.config.js",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const STAMP = "build/.sources-hash";

const sources = hashFiles(BUILD_INPUTS, (file) => /\.test\.tsx?$|^content\/.*\.(ya?ml|json|md)$/.test(file));
const built =
  fs.existsSync("build/server/index.js") && fs.existsSync(STAMP) ? fs.readFileSync(STAMP, "utf8") : null;
if (built === sources) {
  console.log("Build is up to date.");
} else {
  console.log("Building: the sources changed since the last build.");
  try {
    execFileSync("node_modules/.bin/remix", ["vite:build"], { stdio: "inherit" });
  } catch {
    console.error("The build failed (above); not starting.");
    process.exit(1);
  }
  fs.writeFileSync(STAMP, sources);
}

const { seed } = await import("./seed.ts");
await seed();
await import("../cluster.ts");
