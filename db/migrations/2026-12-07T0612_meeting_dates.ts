// The directory at scale: every meeting's dates over a rolling horizon (about two weeks),
// precomputed as UTC instants, so the directory reads one page of dates in start order from an
// index instead of computing every meeting's week on every request (app/models/meeting-dates.server.ts
// keeps it filled).
// Frozen once landed: change the schema with a new dated migration.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meeting_dates")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("occurrence_date", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("meeting_dates_pk", ["meeting_id", "occurrence_date"])
    .execute();
  // The directory walks this in start order; ends_at is in it so finished dates are skipped without a table read.
  await db.schema.createIndex("meeting_dates_start_idx").on("meeting_dates").columns(["starts_at", "meeting_id", "ends_at"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("meeting_dates").execute();
}
