// npm run restore [-- <file>] — replaces the database with a backup (the newest in BACKUP_DIR by default)
// once the server is stopped; the current database is kept first as BACKUP_DIR/before-restore-<time>.db.
import { restoreDatabase } from "#app/models/backup.server.ts";

try {
  const { restored, safetyCopy, database } = await restoreDatabase({ file: process.argv[2] });
  console.log(`Restored ${restored} into ${database}; the previous database is kept as ${safetyCopy}.`);
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
