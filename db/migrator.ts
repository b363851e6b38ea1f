import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResult } from "kysely";
import type { Database } from "./schema";

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * `schema` (PostgreSQL only) keeps Kysely's own migration tables in that schema. Without it Kysely
 * looks for them in any schema, so parallel test schemas on one server see each other's.
 */
export function createMigrator(db: Kysely<Database>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER }),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Brings the database to the newest migration; throws (with the failing migration named) if one fails. */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationResult[]> {
  const { error, results } = await createMigrator(db, schema).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : "";
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}
