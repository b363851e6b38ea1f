// Meeting schedules: meetings (local wall-clock time + IANA zone), per-occurrence exceptions,
// RSVPs, the private attendance log and personal calendar feed secrets.
// Frozen once landed: change the schema with a new dated migration.
import { sql, type Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("meetings"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("days", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("one_off_date", "text")
    .addColumn("start_time", "text", (c) => c.notNull())
    .addColumn("end_time", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("attendance", "text", (c) => c.notNull())
    .addColumn("location_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("address", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("location_notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("conference_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("conference_url_notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("conference_phone", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("conference_phone_notes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("types", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("meetings_slug_key").on("meetings").column("slug").unique().execute();
  await db.schema.createIndex("meetings_group_idx").on("meetings").columns(["group_id", "name"]).execute();
  // The directory reads weekly meetings whole and one-off meetings by date.
  await db.schema.createIndex("meetings_schedule_idx").on("meetings").columns(["kind", "one_off_date"]).execute();

  await db.schema
    .createTable("meeting_occurrences")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("occurrence_date", "text", (c) => c.notNull())
    .addColumn("cancelled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cancel_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addPrimaryKeyConstraint("meeting_occurrences_pk", ["meeting_id", "occurrence_date"])
    .execute();
  await db.schema.createIndex("meeting_occurrences_date_idx").on("meeting_occurrences").columns(["occurrence_date", "meeting_id"]).execute();

  await db.schema
    .createTable("meeting_rsvps")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("meetings.id").onDelete("cascade"))
    .addColumn("occurrence_date", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("meeting_rsvps_pk", ["meeting_id", "occurrence_date", "user_id"])
    .execute();
  await db.schema.createIndex("meeting_rsvps_user_idx").on("meeting_rsvps").columns(["user_id", "starts_at"]).execute();
  await db.schema.createIndex("meeting_rsvps_starts_idx").on("meeting_rsvps").columns(["starts_at"]).execute();

  await withIdColumn(db, db.schema.createTable("meeting_attendance"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("meeting_id", "integer", (c) => c.references("meetings.id").onDelete("set null"))
    .addColumn("occurrence_date", "text")
    .addColumn("meeting_name", "text", (c) => c.notNull())
    .addColumn("attended_on", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("meeting_attendance_user_idx").on("meeting_attendance").columns(["user_id", "attended_on"]).execute();
  // A Harbor meeting's occurrence is logged once per member.
  await db.schema
    .createIndex("meeting_attendance_once_key")
    .on("meeting_attendance")
    .columns(["user_id", "meeting_id", "occurrence_date"])
    .unique()
    .where(sql.ref("meeting_id"), "is not", null)
    .execute();

  await db.schema
    .createTable("calendar_tokens")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("calendar_tokens_hash_key").on("calendar_tokens").column("token_hash").unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["calendar_tokens", "meeting_attendance", "meeting_rsvps", "meeting_occurrences", "meetings"]) {
    await db.schema.dropTable(table).execute();
  }
}
