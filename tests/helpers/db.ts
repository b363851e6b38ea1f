/**
 * Test databases, on whichever database this run targets (HARBOR_TEST_DB=sqlite, the default, or
 * HARBOR_TEST_DB=postgres with HARBOR_TEST_PG_URL).
 *
 * `useTestDatabase()` gives EVERY TEST a database of its own, migrated and empty, installed as the
 * app's database so route loaders and actions use it:
 * - SQLite: the migrated template that tests/helpers/global-setup.ts serialised once for the run,
 *   opened as a new in-memory database per test (a copy of a few hundred kilobytes: well under a
 *   millisecond);
 * - PostgreSQL: one schema per Vitest worker process, migrated once (the files a worker runs share
 *   it: vitest.config.ts turns per-file isolation off), emptied before each test (every table's
 *   rows deleted and its sequences restarted, in one round trip), and a new Kysely instance per
 *   test (so nothing remembered per instance carries over). Workers run side by side, each in its
 *   own schema; the global setup drops this run's schemas at the end.
 *
 * `createTestDatabase()` makes a separate freshly migrated database (migration tests, a second
 * database within one test).
 *
 * Caches the app keeps per database (site settings, whether the site has been set up, the push
 * keys) are forgotten around every test, as a new database is a new site.
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
import { forgetSetupState } from "../../app/models/first-run.server";
import { forgetVapidKeys } from "../../app/models/push/keys.server";
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

/** A new schema's name: this run's prefix (the global setup drops what is left under it at the end). */
function schemaName(): string {
  return `${inject("harborPgSchemaPrefix")}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
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

// ---- PostgreSQL: one migrated schema per worker process, emptied per test ----

interface WorkerSchema {
  schema: string;
  /** One round trip that empties every table and restarts every sequence. */
  reset: string;
}
// Kept across the files this worker runs (module state outlives a file without isolation): the
// migrations, a few seconds on PostgreSQL, run once per worker instead of once per file.
let workerSchema: Promise<WorkerSchema> | undefined;
// The connections of the file under way: opened by its first test, closed after the file.
let filePool: pg.Pool | undefined;

async function prepareWorkerSchema(): Promise<WorkerSchema> {
  const schema = schemaName();
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const handle = createDb(TEST_PG_URL, { pgSchema: schema, pgPoolSize: 1 });
  try {
    await migrateToLatest(handle.db, schema);
  } finally {
    await handle.db.destroy();
  }
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    const tables = await admin.query<{ name: string }>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_migration%' ORDER BY table_name`,
      [schema],
    );
    const sequences = await admin.query<{ name: string }>(`SELECT quote_ident(sequence_name) AS name FROM information_schema.sequences WHERE sequence_schema = $1`, [schema]);
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
    return { schema, reset };
  } finally {
    await admin.end();
  }
}

async function postgresPerTest(): Promise<DbHandle> {
  workerSchema ??= prepareWorkerSchema();
  const prepared = workerSchema;
  const { reset, schema } = await prepared.catch((error: unknown) => {
    if (workerSchema === prepared) workerSchema = undefined; // the next test tries again
    throw error;
  });
  if (!filePool) {
    filePool = new pg.Pool({ connectionString: TEST_PG_URL, max: 4, options: `-c search_path=${schema}` });
    filePool.on("error", (error) => console.error("PostgreSQL pool error:", error.message));
  }
  const pool = filePool;
  await pool.query(reset);
  // Closing this Kysely would end the shared pool: the pool is closed after the file instead.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: () => pool.connect(), end: async () => undefined } }) });
  return { db, dialect: "postgres", description: `schema ${schema}`, pgPool: pool };
}

/** What the app remembers about the database it last used: a new test's database is a new site. */
function forgetPerDatabaseState(): void {
  forgetSiteConfig();
  forgetSetupState();
  forgetVapidKeys();
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
    forgetPerDatabaseState();
  });
  afterEach(async () => {
    setDbHandle(undefined);
    forgetPerDatabaseState();
    resetClock();
    const done = current;
    current = undefined;
    // On PostgreSQL this test's Kysely only borrows the file's pool (closed after the file), so there
    // is nothing to release; destroying it would make a query still settling after the test's last
    // assertion (a session's last-used time, say) fail as an unhandled "driver destroyed".
    if (TEST_DIALECT !== "postgres") await done?.db.destroy();
  });
  afterAll(async () => {
    const pool = filePool;
    filePool = undefined;
    await pool?.end();
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
