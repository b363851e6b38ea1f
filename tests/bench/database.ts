/**
 * A migrated database of its own for a data-layer benchmark: a fresh schema on the PostgreSQL
 * server DATABASE_URL names, or a temporary SQLite file when it names none. `cleanup` removes it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, isPostgresUrl, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";

export async function openBenchDatabase(url = process.env.DATABASE_URL): Promise<{ handle: DbHandle; cleanup: () => Promise<void> }> {
  if (isPostgresUrl(url)) {
    const schema = `harbor_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const handle = createDb(url, { pgSchema: schema });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      cleanup: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-bench-"));
  const handle = createDb(`file:${path.join(dir, "bench.db")}`);
  await migrateToLatest(handle.db);
  return { handle, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}
