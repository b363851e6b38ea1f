// Notifications and e-mail: in-app notifications, per-type preferences, the durable mail outbox,
// account tokens (password reset, e-mail verification) and sent meeting reminders.
// Frozen once landed: change the schema with a new dated migration.
import { sql, type Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("notifications"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("group_id", "integer", (c) => c.references("groups.id").onDelete("cascade"))
    .addColumn("thread_id", "integer", (c) => c.references("threads.id").onDelete("cascade"))
    .addColumn("post_id", "integer", (c) => c.references("posts.id").onDelete("cascade"))
    // No foreign key: meetings live in another area's tables.
    .addColumn("meeting_id", "integer")
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("collapse_key", "text")
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addColumn("email_state", "text")
    .execute();
  // The list, newest first (keyset on updated_at, id).
  await db.schema.createIndex("notifications_list_idx").on("notifications").columns(["user_id", "updated_at", "id"]).execute();
  // The header's unread count.
  await db.schema.createIndex("notifications_unread_idx").on("notifications").columns(["user_id", "updated_at"]).where(sql.ref("read_at"), "is", null).execute();
  // One unread notification per collapse key.
  await db.schema
    .createIndex("notifications_collapse_key")
    .on("notifications")
    .columns(["user_id", "collapse_key"])
    .unique()
    .where(sql<boolean>`read_at IS NULL AND collapse_key IS NOT NULL`)
    .execute();
  // The daily digest's queue.
  await db.schema.createIndex("notifications_digest_idx").on("notifications").columns(["user_id", "created_at"]).where(sql.ref("email_state"), "=", "digest").execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "type"])
    .execute();

  await db.schema
    .createTable("notification_user_settings")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("reminder_minutes", "text", (c) => c.notNull().defaultTo("60"))
    .addColumn("last_digest_day", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable("mail_outbox"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("headers", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("mail_outbox_key").on("mail_outbox").column("idempotency_key").unique().execute();
  await db.schema.createIndex("mail_outbox_due_idx").on("mail_outbox").columns(["status", "next_attempt_at"]).execute();

  await withIdColumn(db, db.schema.createTable("account_tokens"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("account_tokens_hash_key").on("account_tokens").column("token_hash").unique().execute();
  await db.schema.createIndex("account_tokens_user_idx").on("account_tokens").columns(["user_id", "purpose", "created_at"]).execute();

  await db.schema
    .createTable("email_verifications")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("verified_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("meeting_reminders_sent")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("meeting_id", "integer", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("minutes_before", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("meeting_reminders_sent_pk", ["user_id", "meeting_id", "starts_at", "minutes_before"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "meeting_reminders_sent",
    "email_verifications",
    "account_tokens",
    "mail_outbox",
    "notification_user_settings",
    "notification_preferences",
    "notifications",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
