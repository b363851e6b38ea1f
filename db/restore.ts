// npm run db:restore -- <backup file>
// Stop Harbor first. Checks the backup, keeps the current database aside as
// <db>.before-restore-<time>, then puts the backup in its place.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { isPostgresUrl, sqlitePathFromUrl } from "./client";
import { isMainModule } from "./main-module";

export function restoreSqlite(backup: string, target: string, now = new Date()): { keptAside: string | null } {
  if (!fs.existsSync(backup)) throw new Error(`No backup at ${backup}.`);
  const check = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`${backup} failed its integrity check (${String(result)}); nothing was changed.`);
  } finally {
    check.close();
  }
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    // Fold any write-ahead log into the current file so the copy kept aside is complete.
    const current = new SQLite(target);
    try {
      current.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      current.close();
    }
    keptAside = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(target, keptAside);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  fs.copyFileSync(backup, target);
  return { keptAside };
}

const isMain = isMainModule(import.meta.url);
if (isMain) {
  const url = process.env.DATABASE_URL;
  if (isPostgresUrl(url)) {
    console.error("DATABASE_URL points at PostgreSQL: restore it with pg_restore/psql (see docs/backup-and-restore.md).");
    process.exit(2);
  }
  const backup = process.argv[2];
  if (!backup) {
    console.error("Usage: npm run db:restore -- <backup file>   (stop Harbor first)");
    process.exit(2);
  }
  try {
    const target = sqlitePathFromUrl(url);
    const { keptAside } = restoreSqlite(backup, target);
    console.log(`Restored ${backup} to ${target}.${keptAside ? ` The previous database is kept at ${keptAside}.` : ""}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
