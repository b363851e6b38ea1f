// npm run db:migrate — bring the database named by DATABASE_URL (default data/harbor.db) up to date.
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { sealTrackerNames } from "../app/models/recovery-keys.server";

const handle = createDb();
try {
  const results = await migrateToLatest(handle.db);
  for (const r of results) console.log(`migration ${r.migrationName}: ${r.status}`);
  // Private text the migrations cannot seal (they never hold the data key): tracker names kept in plain text before.
  const sealed = await sealTrackerNames(handle.db);
  if (sealed) console.log(`Sealed ${sealed} tracker name${sealed === 1 ? "" : "s"} with the data key.`);
  console.log(results.length ? `Migrated ${handle.description}.` : `${handle.description} is up to date.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.db.destroy();
}
