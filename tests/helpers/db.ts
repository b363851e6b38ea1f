/**
 * Test databases, on whichever database this run targets (HARBOR_TEST_DB=sqlite, the default, or
 * HARBOR_TEST_DB=postgres with HARBOR_TEST_PG_URL).
 *
 * `useTestDatabase()` gives EVERY TEST a database of its own, migrated and empty, installed as the
 * app's database so route loaders and actions use it:
 * - SQLite: the migrated template that tests/helpers/global-setup.ts serialised once for the run,
 *   opened as a new in-memory database per test (a copy of a few hundred kilobytes: well under a
 *   millisecond);
 * - PostgreSQL: one schema per test file, migrated once, emptied before each test (every table's
 *   rows deleted and its sequences restarted, in one round trip), and a new Kysely instance per
 *   test (so nothing remembered per instance carries over). Files run in parallel, each in its own
 *   schema.
 *
 * `createTestDatabase()` makes a separate freshly migrated database (migration tests, a second
 * database within one test).
 */
import fs from "node:fs";
import { afterAll, afterEach, beforeEach, inject } from "vitest";
import { Kysely, PostgresDialect } from "kysely";
import SQLite from "better-sqlite3";
import pg from "pg";
import { configureSqlite, createDb, sqliteHandle, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import type { Database } from "../../db/schema";
import { setDbHandle } from "../../app/utils/db.server";
import { forgetSiteConfig } from "../../app/models/site-config.server";
import { resetClock } from "../../app/utils/clock.server";

export const TEST_DIALECT = process.env.HARBOR_TEST_DB === "postgres" ? "postgres" : "sqlite";
export const TEST_PG_URL = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  handle: DbHandle;
  db: Kysely<Database>;
  /** PostgreSQL: the test's own schema (pass it to createMigrator). */
  schema?: string;
  cleanup: () => Promise<void>;
}

function schemaName(): string {
  return `harbor_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A freshly migrated database of the requested kind, independent of any other. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === "postgres") {
    const schema = schemaName();
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const handle = createDb(TEST_PG_URL, { pgSchema: schema, pgPoolSize: 4 });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      db: handle.db,
      schema,
      cleanup: async () => {
        await handle.db.destroy();
        await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
  }
  const handle = createDb(":memory:");
  await migrateToLatest(handle.db);
  return { handle, db: handle.db, cleanup: () => handle.db.destroy() };
}

// ---- SQLite: copies of the run's migrated template ----

let template: Buffer | undefined;

/** The bytes of a migrated, empty SQLite database (write them to a file to get a migrated file). */
export function sqliteTemplate(): Buffer {
  template ??= fs.readFileSync(inject("harborSqliteTemplate"));
  return template;
}

function sqliteFromTemplate(): DbHandle {
  return sqliteHandle(configureSqlite(new SQLite(sqliteTemplate())), ":memory: (a copy of the migrated template)");
}

// ---- PostgreSQL: one migrated schema per file, emptied per test ----

interface FileSchema {
  schema: string;
  pool: pg.Pool;
  /** One round trip that empties every table and restarts every sequence. */
  reset: string;
}
let fileSchema: Promise<FileSchema> | undefined;

async function prepareFileSchema(): Promise<FileSchema> {
  const schema = schemaName();
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const handle = createDb(TEST_PG_URL, { pgSchema: schema, pgPoolSize: 1 });
  try {
    await migrateToLatest(handle.db, schema);
  } finally {
    await handle.db.destroy();
  }
  const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 4, options: `-c search_path=${schema}` });
  pool.on("error", (error) => console.error("PostgreSQL pool error:", error.message));
  const tables = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_migration%' ORDER BY table_name`,
    [schema],
  );
  const sequences = await pool.query<{ name: string }>(`SELECT quote_ident(sequence_name) AS name FROM information_schema.sequences WHERE sequence_schema = $1`, [schema]);
  // DELETE, not TRUNCATE: TRUNCATE gives every table and index a new file and syncs each to disk
  // (about a second per test on a busy machine); deleting a few rows from small tables takes
  // milliseconds. Triggers are off for the reset only (session_replication_role; needs a superuser,
  // as the test server's postgres role is): the append-only audit log refuses DELETE, and the
  // order of the foreign keys does not matter then.
  const reset = [
    "BEGIN",
    "SET LOCAL session_replication_role = replica",
    "SET LOCAL synchronous_commit = off",
    ...tables.rows.map((t) => `DELETE FROM ${t.name}`),
    ...sequences.rows.map((q) => `ALTER SEQUENCE ${q.name} RESTART`),
    "COMMIT",
  ].join("; ");
  return { schema, pool, reset };
}

async function postgresPerTest(): Promise<DbHandle> {
  fileSchema ??= prepareFileSchema();
  const { pool, reset, schema } = await fileSchema;
  await pool.query(reset);
  // Closing this Kysely would end the shared pool: the pool is closed after the file instead.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => undefined } }) });
  return { db, dialect: "postgres", description: `schema ${schema}`, pgPool: pool };
}

/**
 * For a test file: before each test, a database of its own (migrated, empty), installed as the
 * app's database; after it, the site settings cache is forgotten and the clock reset (a test that
 * moves the clock moves it for itself only). Read `.db` inside tests.
 */
export function useTestDatabase(): { readonly db: Kysely<Database>; readonly handle: DbHandle } {
  let current: DbHandle | undefined;
  beforeEach(async () => {
    current = TEST_DIALECT === "postgres" ? await postgresPerTest() : sqliteFromTemplate();
    setDbHandle(current);
    forgetSiteConfig();
  });
  afterEach(async () => {
    setDbHandle(undefined);
    forgetSiteConfig();
    resetClock();
    const done = current;
    current = undefined;
    // On PostgreSQL this test's Kysely only borrows the file's pool (closed after the file), so there
    // is nothing to release; destroying it would make a query still settling after the test's last
    // assertion (a session's last-used time, say) fail as an unhandled "driver destroyed".
    if (TEST_DIALECT !== "postgres") await done?.db.destroy();
  });
  afterAll(async () => {
    if (!fileSchema) return;
    const { pool, schema } = await fileSchema;
    fileSchema = undefined;
    await pool.end();
    await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  const ready = () => {
    if (!current) throw new Error("The test database exists only inside a test (each test gets its own).");
    return current;
  };
  return {
    get db() {
      return ready().db;
    },
    get handle() {
      return ready();
    },
  };
}
