import { eq } from "drizzle-orm";
import { appState } from "#db/schema.ts";
import { db } from "#app/utils/db.server.ts";

export async function getAppState(key: string): Promise<string | null> {
  return (
    db.select({ value: appState.value }).from(appState).where(eq(appState.key, key)).get()?.value ?? null
  );
}

export async function setAppState(key: string, value: string): Promise<void> {
  db.insert(appState)
    .values({ key, value })
    .onConflictDoUpdate({ target: appState.key, set: { value } })
    .run();
}
