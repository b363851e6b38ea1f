/**
 * Once per Vitest run: on SQLite, migrate an in-memory database and keep its serialised bytes in
 * a temporary file; tests/helpers/db.ts opens a copy of it for every test. On PostgreSQL, name the
 * run's schemas (a prefix of their own) and drop whatever is left under that prefix at the end.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";

declare module "vitest" {
  export interface ProvidedContext {
    harborSqliteTemplate: string;
    harborPgSchemaPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-test-template-"));
  const file = path.join(dir, "migrated.sqlite");
  const handle = createDb(":memory:");
  try {
    await migrateToLatest(handle.db);
    fs.writeFileSync(file, handle.sqlite!.serialize());
  } finally {
    await handle.db.destroy();
  }
  project.provide("harborSqliteTemplate", file);
  const prefix = `harbor_test_${crypto.randomBytes(4).toString("hex")}_`;
  project.provide("harborPgSchemaPrefix", prefix);
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.HARBOR_TEST_DB === "postgres") await dropSchemas(prefix);
  };
}

/** Drops this run's PostgreSQL schemas: each worker's, and any a failed test left behind. */
async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test" });
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>("SELECT quote_ident(nspname) AS name FROM pg_namespace WHERE starts_with(nspname, $1)", [prefix]);
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  } catch (error) {
    console.error(`Could not drop this run's PostgreSQL schemas (${prefix}*):`, error instanceof Error ? error.message : error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
