// The support circle (issue 25): the people a member lets in (sponsor, accountability partner,
// friend or family, care team), what each may see, invitations (by name, or a single-use link of
// which only a hash is stored), encouragement, reach-outs, "check on me" rules and signals, the
// member's own history of every change, and the care-team staff role. Free text (encouragements,
// reach-out lines) is sealed by the app like the journal. Frozen once landed.
import type { Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Site staff roles besides users.role (a member can be an admin and on the care team).
  await db.schema
    .createTable("user_staff_roles")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("granted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("granted_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_staff_roles_pk", ["user_id", "role"])
    .execute();
  await db.schema.createIndex("user_staff_roles_role_idx").on("user_staff_roles").column("role").execute();

  // A person in a member's circle (user_id: the member; person_id: who they let in).
  await withIdColumn(db, db.schema.createTable("circle_members"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("share_tracker_id", "integer", (c) => c.references("recovery_trackers.id").onDelete("set null"))
    .addColumn("share_checkins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("share_meetings", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("share_plan", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("check_on_me", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("muted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circle_members_pair_key").on("circle_members").columns(["user_id", "person_id"]).unique().execute();
  await db.schema.createIndex("circle_members_person_idx").on("circle_members").column("person_id").execute();

  // An invitation: to a member by name (invitee_id), or a link (token_hash); one use.
  await withIdColumn(db, db.schema.createTable("circle_invites"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("invitee_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("share_tracker_id", "integer", (c) => c.references("recovery_trackers.id").onDelete("set null"))
    .addColumn("share_checkins", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("share_meetings", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("share_plan", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("circle_invites_token_key").on("circle_invites").column("token_hash").unique().execute();
  await db.schema.createIndex("circle_invites_user_idx").on("circle_invites").column("user_id").execute();
  await db.schema.createIndex("circle_invites_invitee_idx").on("circle_invites").column("invitee_id").execute();

  // The member's "check on me" rules (null: that rule is off).
  await db.schema
    .createTable("circle_settings")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("silence_days", "integer")
    .addColumn("cravings_at", "integer")
    .addColumn("mood_at", "integer")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // A rule that fired: one per member, kind and day of the member's.
  await withIdColumn(db, db.schema.createTable("circle_signals"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circle_signals_key").on("circle_signals").columns(["user_id", "kind", "day"]).unique().execute();

  // Everything shared and every change, for the member's own history (person_name kept as it was).
  await withIdColumn(db, db.schema.createTable("circle_events"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("person_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circle_events_user_idx").on("circle_events").columns(["user_id", "id"]).execute();

  // Encouragement for the member (user_id), sealed for them.
  await withIdColumn(db, db.schema.createTable("circle_encouragements"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("sender_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("card", "text")
    .addColumn("message_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circle_encouragements_user_idx").on("circle_encouragements").columns(["user_id", "id"]).execute();

  // A reach-out by the member (user_id), its optional line sealed for them, and who was told.
  await withIdColumn(db, db.schema.createTable("circle_reach_outs"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("line_enc", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("circle_reach_outs_user_idx").on("circle_reach_outs").columns(["user_id", "id"]).execute();
  await db.schema
    .createTable("circle_reach_out_recipients")
    .addColumn("reach_out_id", "integer", (c) => c.notNull().references("circle_reach_outs.id").onDelete("cascade"))
    .addColumn("person_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("opened_at", "text")
    .addPrimaryKeyConstraint("circle_reach_out_recipients_pk", ["reach_out_id", "person_id"])
    .execute();
  await db.schema.createIndex("circle_reach_out_recipients_person_idx").on("circle_reach_out_recipients").column("person_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "circle_reach_out_recipients",
    "circle_reach_outs",
    "circle_encouragements",
    "circle_events",
    "circle_signals",
    "circle_settings",
    "circle_invites",
    "circle_members",
    "user_staff_roles",
  ])
    await db.schema.dropTable(table).execute();
}
