// npm run db:migrate — bring the database named by DATABASE_URL (default data/harbor.db) up to date.
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";

const handle = createDb();
try {
  const results = await migrateToLatest(handle.db);
  for (const r of results) console.log(`migration ${r.migrationName}: ${r.status}`);
  console.log(results.length ? `Migrated ${handle.description}.` : `${handle.description} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.db.destroy();
}
