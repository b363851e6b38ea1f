/**
 * SQLite's planner statistics, kept without value samples.
 *
 * better-sqlite3 builds SQLite with SQLITE_ENABLE_STAT4, so an ANALYZE (an operator's, or the
 * benchmark's) writes, besides each index's row counts (sqlite_stat1), samples of its values
 * (sqlite_stat4). With samples present, SQLite recompiles a prepared statement every time a
 * parameter that is compared with an indexed column is bound again, in case the new value calls
 * for another plan. Harbor's hot queries are prepared once and bound anew on every request, so
 * each request compiled them again: on the benchmark's database the thread page's one statement
 * took 128 µs a request with samples and 38 µs without, and the page served half as many
 * requests again without them. Harbor's queries are written for their indexes and gain nothing
 * from samples; the row counts stay.
 *
 * Run at start-up (after the migrations, before anything else has read the schema), so it needs no
 * other connection to notice. An ANALYZE while Harbor runs changes the schema's version, so every
 * open connection reloads the statistics, samples included, until the next start. PostgreSQL keeps
 * its own statistics; nothing to do there.
 */
import { sql, type Kysely } from "kysely";
import { dialectOf } from "./client";
import type { Database } from "./schema";

/** Deletes SQLite's value samples if there are any; true when it did. */
export async function dropPlannerValueSamples(db: Kysely<Database>): Promise<boolean> {
  if (dialectOf(db) !== "sqlite") return false;
  const table = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'`.execute(db);
  if (!table.rows[0]?.n) return false;
  const samples = await sql<{ n: number }>`SELECT EXISTS (SELECT 1 FROM sqlite_stat4) AS n`.execute(db);
  if (!samples.rows[0]?.n) return false;
  await db.transaction().execute(async (tx) => {
    await sql`DELETE FROM sqlite_stat4`.execute(tx);
    await sql`ANALYZE sqlite_master`.execute(tx); // this connection reads the statistics again
  });
  return true;
}
