// npm run db:backup [-- <destination file>]
// Takes a consistent online copy of the SQLite database while Harbor keeps running (SQLite's
// backup API through better-sqlite3), then checks the copy's integrity.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { isPostgresUrl, sqlitePathFromUrl } from "./client";
import { isMainModule } from "./main-module";

export async function backupSqlite(source: string, destination: string): Promise<{ pages: number }> {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}.`);
  if (fs.existsSync(destination)) throw new Error(`${destination} already exists; choose another name.`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const { totalPages } = await db.backup(destination);
    const copy = new SQLite(destination, { readonly: true });
    try {
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`The backup failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { pages: totalPages };
  } finally {
    db.close();
  }
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
}

const isMain = isMainModule(import.meta.url);
if (isMain) {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    console.error("DATABASE_URL points at PostgreSQL: back it up with pg_dump (see docs/backup-and-restore.md).");
    process.exit(2);
  }
  const source = sqlitePathFromUrl(url);
  const destination = process.argv[2] ?? path.join(path.dirname(source), "backups", `harbor-${timestamp()}.db`);
  backupSqlite(source, destination)
    .then(({ pages }) => console.log(`Backed up ${source} to ${destination} (${pages} pages, integrity ok).`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
