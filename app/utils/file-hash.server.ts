import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * One hash of every file under the given files and folders (names and contents, in a fixed order), so a
 * start can tell whether anything changed since the last build or content sync. Missing paths are skipped.
 */
export function hashFiles(roots: readonly string[], skip: (file: string) => boolean = () => false): string {
  const hash = crypto.createHash("sha256");
  const visit = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || skip(file)) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
    } else {
      hash.update(`${file}\0${stat.size}\0`).update(fs.readFileSync(file));
    }
  };
  for (const root of roots) visit(root);
  return hash.digest("hex");
}
