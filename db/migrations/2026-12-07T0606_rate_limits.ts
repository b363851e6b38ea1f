// Request-rate counters for rate-limiter-flexible (app/utils/rate-limit.server.ts), in the shared
// database so that a limit holds across several app servers. The columns are the library's own
// (RateLimiterSQLite / RateLimiterPostgres), created here so both databases get them through
// migrations. Frozen once landed: change the schema with a new dated migration.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expire", "bigint")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}
