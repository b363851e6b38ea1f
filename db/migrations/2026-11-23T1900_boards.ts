// Peer group boards: groups, membership (with join requests and invite links), threads, posts
// with their edit history, reactions, and what each member has read.
// Frozen once landed: change the schema with a new dated migration.
import { sql, type Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("groups"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("description_source", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("guidelines_source", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("guidelines_html", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("member_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("thread_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_activity_at", "text")
    .execute();
  await db.schema.createIndex("groups_slug_key").on("groups").column("slug").unique().execute();
  await db.schema.createIndex("groups_listing_idx").on("groups").columns(["visibility", "name"]).execute();

  await db.schema
    .createTable("group_members")
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member"))
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("group_members_pk", ["group_id", "user_id"])
    .execute();
  await db.schema.createIndex("group_members_user_idx").on("group_members").columns(["user_id", "group_id"]).execute();
  await db.schema.createIndex("group_members_list_idx").on("group_members").columns(["group_id", "joined_at"]).execute();

  await withIdColumn(db, db.schema.createTable("group_join_requests"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decision_message", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  // One open request per member per group.
  await db.schema
    .createIndex("group_join_requests_pending_key")
    .on("group_join_requests")
    .columns(["group_id", "user_id"])
    .unique()
    .where(sql.ref("status"), "=", "pending")
    .execute();
  await db.schema.createIndex("group_join_requests_queue_idx").on("group_join_requests").columns(["group_id", "status", "created_at"]).execute();

  await withIdColumn(db, db.schema.createTable("group_invites"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("use_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("group_invites_token_key").on("group_invites").column("token_hash").unique().execute();
  await db.schema.createIndex("group_invites_group_idx").on("group_invites").columns(["group_id", "created_at"]).execute();

  await withIdColumn(db, db.schema.createTable("threads"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_post_at", "text", (c) => c.notNull())
    /** Published posts, the opening post included: positions run 0 … post_count - 1. */
    .addColumn("post_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_pinned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_locked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deleted_at", "text")
    .execute();
  // The board: pinned first, then most recent activity; keyset pagination on (last_post_at, id).
  await db.schema.createIndex("threads_board_idx").on("threads").columns(["group_id", "is_pinned", "last_post_at", "id"]).execute();

  await withIdColumn(db, db.schema.createTable("posts"))
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    /** Place in the thread (0 = opening post), given when the post is published; null while it waits for approval. */
    .addColumn("position", "integer")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("published"))
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("quote_post_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("deleted_at", "text")
    .addColumn("deleted_by", "text")
    /** The form's one-time token: a double-click posts once. */
    .addColumn("client_token", "text")
    .execute();
  await db.schema.createIndex("posts_position_key").on("posts").columns(["thread_id", "position"]).unique().execute();
  await db.schema.createIndex("posts_author_idx").on("posts").columns(["author_id", "created_at"]).execute();
  await db.schema.createIndex("posts_client_token_key").on("posts").columns(["author_id", "client_token"]).unique().execute();

  await withIdColumn(db, db.schema.createTable("post_revisions"))
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("replaced_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_revisions_post_idx").on("post_revisions").columns(["post_id", "id"]).execute();

  await db.schema
    .createTable("post_reactions")
    .addColumn("post_id", "integer", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_reactions_pk", ["post_id", "user_id", "kind"])
    .execute();

  await db.schema
    .createTable("thread_reads")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("thread_id", "integer", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    /** Posts seen: positions below this were read. */
    .addColumn("read_count", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("thread_reads_pk", ["user_id", "thread_id"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["thread_reads", "post_reactions", "post_revisions", "posts", "threads", "group_invites", "group_join_requests", "group_members", "groups"]) {
    await db.schema.dropTable(table).execute();
  }
}
