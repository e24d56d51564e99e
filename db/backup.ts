// npm run backup — a consistent copy of the database while it serves, in BACKUP_DIR (default backups/),
// keeping the newest BACKUP_KEEP (default 14). Run it from cron, e.g. every hour.
import { backupDatabase } from "#app/models/backup.server.ts";

try {
  const { file, bytes, ms, pruned } = await backupDatabase();
  const removed = pruned.length ? `; removed ${pruned.length} older: ${pruned.join(", ")}` : "";
  console.log(`Backup ${file} (${(bytes / 1e6).toFixed(1)} MB) in ${ms} ms, integrity ok${removed}`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
