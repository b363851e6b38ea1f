// Web Push (issue 24): a member's devices that asked for notifications, and the push outbox that
// delivers to them once, with retries, like mail_outbox. A subscription belongs to the session that
// made it: signing out on that device (or the session ending) removes it. Frozen once landed.
import type { Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("push_subscriptions"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("session_id", "text", (c) => c.notNull().references("sessions.id").onDelete("cascade"))
    .addColumn("endpoint", "text", (c) => c.notNull())
    .addColumn("p256dh", "text", (c) => c.notNull())
    .addColumn("auth", "text", (c) => c.notNull())
    .addColumn("user_agent", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_sent_at", "text")
    .execute();
  await db.schema.createIndex("push_subscriptions_endpoint_key").on("push_subscriptions").column("endpoint").unique().execute();
  await db.schema.createIndex("push_subscriptions_user_idx").on("push_subscriptions").column("user_id").execute();
  await db.schema.createIndex("push_subscriptions_session_idx").on("push_subscriptions").column("session_id").execute();

  await withIdColumn(db, db.schema.createTable("push_outbox"))
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("subscription_id", "integer", (c) => c.notNull().references("push_subscriptions.id").onDelete("cascade"))
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("topic", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("push_outbox_key").on("push_outbox").column("idempotency_key").unique().execute();
  await db.schema.createIndex("push_outbox_due_idx").on("push_outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("push_outbox_subscription_idx").on("push_outbox").column("subscription_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("push_outbox").execute();
  await db.schema.dropTable("push_subscriptions").execute();
}
