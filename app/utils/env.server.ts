import os from "node:os";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Server processes `npm start` runs (cluster.ts), all on the same SQLite file; 1 keeps a single process.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  // SQLite's synchronous mode: "full" (the WAL synced at every commit, so an acknowledged answer survives a
  // power loss; decision 019) or "normal" (synced at checkpoints: a crash loses nothing, a power loss may).
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"]).default("full"),
  // Where `npm run backup` writes dated copies of the database, and how many of them it keeps.
  BACKUP_DIR: z.string().min(1).default("backups"),
  BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  SEED_DEMO: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  // Login posts per minute from one address.
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  // Wrong passwords for a phone before each further one waits longer (30 s, 1 min … 15 min): per device or
  // address, and per phone from everywhere (a device the phone logged in from before skips the latter).
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(3),
  LOGIN_FREE_FAILURES_PER_PHONE: z.coerce.number().int().min(1).default(10),
  // Registrations per hour from one address, and into one commune; organisers grant addresses more.
  REGISTER_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  REGISTER_LIMIT_PER_UNIT: z.coerce.number().int().min(1).default(50),
  // Registration form posts per minute from one address (each one says whether a phone is registered), so a
  // script cannot test phone numbers; far above what a person filling the form sends.
  REGISTER_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  // Attempts started per hour from one address; an address under a registration allowance gets that limit.
  ATTEMPT_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(60),
  // Attempts a community helper may start for residents in an hour (and residents they may register).
  ASSISTED_ATTEMPTS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  // Secure cookies: "auto" over https or in production; "true" always; "false" only over https (a demo
  // served over plain http on a LAN).
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  // Reverse proxies in front of the app (0: none): X-Forwarded-* and the client's address are read N hops back.
  TRUST_PROXY: z.coerce.number({ error: "the number of proxy hops (0, 1, 2…)" }).int().min(0).default(0),
  // How long the leaderboard and results pages are served from memory before a fresh render (0: never cached).
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  // Live game joins per minute from one address (a school's whole network may share one address).
  LIVE_JOINS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment variables:\n${problems}`);
  }
  return parsed.data;
}

export const env = parseEnv();
