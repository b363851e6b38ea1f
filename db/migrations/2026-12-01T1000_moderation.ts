// Moderation: reports and review items, sanctions (mutes, group bans, suspensions), watched words,
// per-group moderation settings, the thread and post states moderators set (hidden, slow mode,
// waiting for approval), and the audit log of every moderator and admin action.
// The audit log is append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).
// Frozen once landed: change the schema with a new dated migration.
import { sql, type Kysely } from "kysely";
import { isPostgres, withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What moderators set on threads and posts.
  await db.schema
    .alterTable("threads")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("published"))
    .execute();
  await db.schema.alterTable("threads").addColumn("hidden_at", "text").execute();
  await db.schema.alterTable("threads").addColumn("hidden_reason", "text").execute();
  await db.schema
    .alterTable("threads")
    .addColumn("slow_mode_minutes", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("posts").addColumn("hidden_at", "text").execute();
  await db.schema.alterTable("posts").addColumn("hidden_reason", "text").execute();
  // Posts waiting for approval, per group, oldest first.
  await db.schema.createIndex("posts_pending_idx").on("posts").columns(["status", "group_id", "created_at"]).execute();
  // Slow mode and trust limits: a member's latest posts in a thread.
  await db.schema.createIndex("posts_thread_author_idx").on("posts").columns(["thread_id", "author_id", "created_at"]).execute();
  await db.schema.createIndex("threads_author_idx").on("threads").columns(["author_id", "created_at"]).execute();

  await db.schema
    .createTable("group_moderation_settings")
    .addColumn("group_id", "integer", (c) => c.primaryKey().references("groups.id").onDelete("cascade"))
    /** New members' first N posts wait for approval (0: none). */
    .addColumn("approve_first_posts", "integer", (c) => c.notNull().defaultTo(0))
    /** Every post waits for approval. */
    .addColumn("approve_all", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // One review item per reported (or flagged) thing while it is open; its reports are resolved together.
  await withIdColumn(db, db.schema.createTable("review_items"))
    .addColumn("group_id", "integer", (c) => c.references("groups.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    /** `post:<id>`, `thread:<id>` or `member:<id>`: one open item per target. */
    .addColumn("target_key", "text", (c) => c.notNull())
    .addColumn("post_id", "integer", (c) => c.references("posts.id").onDelete("cascade"))
    .addColumn("thread_id", "integer", (c) => c.references("threads.id").onDelete("cascade"))
    .addColumn("subject_user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    /** 1 when a report or the post itself suggests someone may be in danger: first in the queue. */
    .addColumn("is_crisis", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("report_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("first_action_at", "text")
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolution", "text")
    .execute();
  await db.schema.createIndex("review_items_open_key").on("review_items").column("target_key").unique().where(sql.ref("status"), "=", "open").execute();
  // The queue: open items of a group (or all), crisis first, most reported, oldest.
  await db.schema.createIndex("review_items_queue_idx").on("review_items").columns(["status", "group_id", "is_crisis", "report_count", "opened_at"]).execute();
  await db.schema.createIndex("review_items_subject_idx").on("review_items").columns(["subject_user_id", "opened_at"]).execute();

  await withIdColumn(db, db.schema.createTable("reports"))
    .addColumn("item_id", "integer", (c) => c.notNull().references("review_items.id").onDelete("cascade"))
    /** Null for Harbor's own flags (crisis language, watched words). */
    .addColumn("reporter_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One report per member per open item.
  await db.schema.createIndex("reports_reporter_key").on("reports").columns(["item_id", "reporter_id"]).unique().execute();
  await db.schema.createIndex("reports_reporter_idx").on("reports").columns(["reporter_id", "created_at"]).execute();

  await withIdColumn(db, db.schema.createTable("sanctions"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    /** Null for a site-wide suspension. */
    .addColumn("group_id", "integer", (c) => c.references("groups.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    /** Null: until lifted. */
    .addColumn("ends_at", "text")
    .addColumn("lifted_at", "text")
    .addColumn("lifted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("sanctions_user_idx").on("sanctions").columns(["user_id", "kind", "group_id"]).execute();

  await withIdColumn(db, db.schema.createTable("watched_words"))
    /** Null: site-wide. */
    .addColumn("group_id", "integer", (c) => c.references("groups.id").onDelete("cascade"))
    .addColumn("phrase", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("watched_words_group_idx").on("watched_words").columns(["group_id", "phrase"]).execute();

  // The audit log. No foreign keys: a cascade would have to change its rows, and it outlives the
  // members, posts and groups it names.
  await withIdColumn(db, db.schema.createTable("audit_log"))
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("group_id", "integer")
    .addColumn("subject_user_id", "text")
    .addColumn("post_id", "integer")
    .addColumn("thread_id", "integer")
    .addColumn("item_id", "integer")
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    /** JSON text: the state before and after the action. */
    .addColumn("before_state", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("after_state", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_created_idx").on("audit_log").columns(["created_at", "id"]).execute();
  await db.schema.createIndex("audit_log_group_idx").on("audit_log").columns(["group_id", "created_at", "id"]).execute();
  await db.schema.createIndex("audit_log_subject_idx").on("audit_log").columns(["subject_user_id", "created_at"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor_id", "created_at"]).execute();

  if (isPostgres(db)) {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
  for (const table of ["watched_words", "sanctions", "reports", "review_items", "group_moderation_settings"]) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex("threads_author_idx").execute();
  await db.schema.dropIndex("posts_thread_author_idx").execute();
  await db.schema.dropIndex("posts_pending_idx").execute();
  for (const column of ["hidden_reason", "hidden_at"]) await db.schema.alterTable("posts").dropColumn(column).execute();
  for (const column of ["slow_mode_minutes", "hidden_reason", "hidden_at", "status"]) await db.schema.alterTable("threads").dropColumn(column).execute();
}
