// Moderation dashboard: posts per day reads a range of posts by creation time.
// Frozen once landed: change the schema with a new dated migration.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("posts_created_idx").on("posts").column("created_at").execute();
  await db.schema.createIndex("sessions_last_used_idx").on("sessions").column("last_used_at").execute();
  await db.schema.createIndex("review_items_opened_idx").on("review_items").column("opened_at").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("review_items_opened_idx").execute();
  await db.schema.dropIndex("sessions_last_used_idx").execute();
  await db.schema.dropIndex("posts_created_idx").execute();
}
