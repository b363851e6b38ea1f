// Private recovery tracking: sobriety trackers and their slips, daily check-ins, the journal, the
// taper log, the relapse-prevention plan, and the milestones a member chose to share.
// Every row belongs to one member (user_id, deleted with the account). Free-text private fields
// (*_enc) hold AES-256-GCM ciphertext (app/utils/private-text.server.ts); dates stay in clear.
// Frozen once landed: change the schema with a new dated migration.
import type { Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("recovery_trackers"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    /** The first streak's start, a calendar date in the member's zone (YYYY-MM-DD). */
    .addColumn("start_date", "text", (c) => c.notNull())
    /** Optional wall-clock time of the start (HH:MM): the day count turns over at that time. */
    .addColumn("start_time", "text")
    /** The longest milestone (in days) already announced for the current streak. */
    .addColumn("announced_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_trackers_user_idx").on("recovery_trackers").columns(["user_id", "id"]).execute();

  // A slip closes a streak on its date and starts the next one the same day.
  await withIdColumn(db, db.schema.createTable("recovery_slips"))
    .addColumn("tracker_id", "integer", (c) => c.notNull().references("recovery_trackers.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("slip_date", "text", (c) => c.notNull())
    .addColumn("note_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_slips_tracker_key").on("recovery_slips").columns(["tracker_id", "slip_date"]).unique().execute();
  await db.schema.createIndex("recovery_slips_user_idx").on("recovery_slips").columns(["user_id", "slip_date"]).execute();

  await withIdColumn(db, db.schema.createTable("recovery_checkins"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** The member's own calendar day. */
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("mood", "integer", (c) => c.notNull())
    .addColumn("cravings", "integer", (c) => c.notNull())
    /** Hours slept in tenths (7.5 h = 75), or null when not given. */
    .addColumn("sleep_tenths", "integer")
    .addColumn("went_to_meeting", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("note_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_checkins_day_key").on("recovery_checkins").columns(["user_id", "day"]).unique().execute();

  await withIdColumn(db, db.schema.createTable("recovery_journal_entries"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("entry_date", "text", (c) => c.notNull())
    /** Encrypted JSON { source, html } (the HTML rendered and sanitized when saved). */
    .addColumn("body_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_journal_user_idx").on("recovery_journal_entries").columns(["user_id", "entry_date", "id"]).execute();

  await withIdColumn(db, db.schema.createTable("recovery_taper_steps"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("medication_enc", "text", (c) => c.notNull())
    /** Milligrams in thousandths (0.25 mg = 250): exact on both databases. */
    .addColumn("dose_micrograms", "integer", (c) => c.notNull())
    .addColumn("from_date", "text", (c) => c.notNull())
    .addColumn("note_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_taper_user_idx").on("recovery_taper_steps").columns(["user_id", "from_date", "id"]).execute();

  await db.schema
    .createTable("recovery_plans")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    /** Encrypted JSON of the plan's sections. */
    .addColumn("plan_enc", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable("recovery_milestone_shares"))
    .addColumn("tracker_id", "integer", (c) => c.notNull().references("recovery_trackers.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** Which streak (its start date) and which milestone (its length in days in that streak). */
    .addColumn("streak_start", "text", (c) => c.notNull())
    .addColumn("milestone_days", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("group_id", "integer", (c) => c.references("groups.id").onDelete("set null"))
    .addColumn("thread_id", "integer", (c) => c.references("threads.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("recovery_shares_key").on("recovery_milestone_shares").columns(["tracker_id", "streak_start", "milestone_days"]).unique().execute();
  await db.schema.createIndex("recovery_shares_user_idx").on("recovery_milestone_shares").columns(["user_id", "created_at"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "recovery_milestone_shares",
    "recovery_plans",
    "recovery_taper_steps",
    "recovery_journal_entries",
    "recovery_checkins",
    "recovery_slips",
    "recovery_trackers",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
