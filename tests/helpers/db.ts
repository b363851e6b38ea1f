/**
 * A fresh, migrated database for one test file, on whichever database this run targets:
 * - HARBOR_TEST_DB=sqlite (default): an in-memory SQLite database;
 * - HARBOR_TEST_DB=postgres: a schema of its own in HARBOR_TEST_PG_URL, dropped afterwards,
 *   so test files can run in parallel against one server.
 * It is also installed as the app's database, so route loaders and actions use it.
 */
import { afterAll, beforeAll } from "vitest";
import type { Kysely } from "kysely";
import pg from "pg";
import { createDb, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import type { Database } from "../../db/schema";
import { setDbHandle } from "../../app/utils/db.server";

export const TEST_DIALECT = process.env.HARBOR_TEST_DB === "postgres" ? "postgres" : "sqlite";
export const TEST_PG_URL = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  handle: DbHandle;
  db: Kysely<Database>;
  /** PostgreSQL: the test's own schema (pass it to createMigrator). */
  schema?: string;
  cleanup: () => Promise<void>;
}

/** A migrated database of the requested kind, independent of any other. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === "postgres") {
    const schema = `harbor_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const handle = createDb(TEST_PG_URL, { pgSchema: schema, pgPoolSize: 4 });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      db: handle.db,
      schema,
      cleanup: async () => {
        await handle.db.destroy();
        const dropper = new pg.Client({ connectionString: TEST_PG_URL });
        await dropper.connect();
        await dropper.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await dropper.end();
      },
    };
  }
  const handle = createDb(":memory:");
  await migrateToLatest(handle.db);
  return { handle, db: handle.db, cleanup: () => handle.db.destroy() };
}

/**
 * For a test file: a fresh database before its tests, installed as the app's database, and
 * removed afterwards. Read `.db` inside tests (it is set in beforeAll).
 */
export function useTestDatabase(): { readonly db: Kysely<Database>; readonly handle: DbHandle } {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
    setDbHandle(current.handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await current?.cleanup();
  });
  return {
    get db() {
      if (!current) throw new Error("The test database is ready only inside tests (after beforeAll).");
      return current.db;
    },
    get handle() {
      if (!current) throw new Error("The test database is ready only inside tests (after beforeAll).");
      return current.handle;
    },
  };
}
