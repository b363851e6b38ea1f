// Member-to-member safety (issue 26): blocks between members, private conversations (up to eight
// people) with their messages sealed at rest, who may message a member, and the excerpt a report
// on a message carries to the review queue (only that message and the few before it, captured when
// it is reported). Frozen once landed.
import type { Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("member_blocks")
    .addColumn("blocker_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("blocked_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("member_blocks_pk", ["blocker_id", "blocked_id"])
    .execute();
  await db.schema.createIndex("member_blocks_blocked_idx").on("member_blocks").columns(["blocked_id", "blocker_id"]).execute();

  // Who may start a conversation with the member: anyone, members of a group they share, their support circle, nobody.
  await db.schema
    .alterTable("users")
    .addColumn("messages_from", "text", (c) => c.notNull().defaultTo("groups"))
    .execute();

  await withIdColumn(db, db.schema.createTable("conversations"))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_message_at", "text", (c) => c.notNull())
    .addColumn("message_count", "integer", (c) => c.notNull().defaultTo(0))
    // A participant has unread messages while their read_through is below this.
    .addColumn("last_message_id", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("conversations_created_by_idx").on("conversations").columns(["created_by", "created_at"]).execute();

  await db.schema
    .createTable("conversation_members")
    .addColumn("conversation_id", "integer", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("joined_at", "text", (c) => c.notNull())
    // Messages with ids up to this one have been read.
    .addColumn("read_through", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("conversation_members_pk", ["conversation_id", "user_id"])
    .execute();
  await db.schema.createIndex("conversation_members_user_idx").on("conversation_members").columns(["user_id", "conversation_id"]).execute();

  await withIdColumn(db, db.schema.createTable("messages"))
    .addColumn("conversation_id", "integer", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    // Sealed JSON { source, html }; "" once removed (its author's account deleted).
    .addColumn("body_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("removed_at", "text")
    .addColumn("crisis_at", "text")
    .addColumn("client_token", "text")
    .execute();
  await db.schema.createIndex("messages_conversation_idx").on("messages").columns(["conversation_id", "id"]).execute();
  await db.schema.createIndex("messages_author_idx").on("messages").columns(["author_id", "created_at"]).execute();

  // What a report on a message carries to the moderators: sealed JSON of the message and up to a few before it.
  await db.schema
    .createTable("report_excerpts")
    .addColumn("report_id", "integer", (c) => c.primaryKey().references("reports.id").onDelete("cascade"))
    .addColumn("excerpt_enc", "text", (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_excerpts").execute();
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("conversation_members").execute();
  await db.schema.dropTable("conversations").execute();
  await db.schema.alterTable("users").dropColumn("messages_from").execute();
  await db.schema.dropTable("member_blocks").execute();
}
