import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the program Node was started with:
 * `tsx db/admin.ts`, `node build/cli/admin.js` (compiled by `npm run build`) or either through
 * `db/run.mjs`, which puts the tool's path in `process.argv[1]`. Tests import these modules for
 * their functions, and then nothing runs.
 */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    // Node's loader resolves symbolic links of the entry, so import.meta.url is the real path.
    return fs.realpathSync(path.resolve(entry)) === fs.realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
