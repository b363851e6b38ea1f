// Posts waiting for approval: the index on (status, group_id, created_at) led SQLite's planner to
// scan every published post for "this member's published posts" (status = 'published' looked
// selective). Held posts are found through the review queue, so a partial index over only the
// held ones (few) replaces it. Frozen once landed: change the schema with a new dated migration.
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("posts_pending_idx").execute();
  await db.schema.createIndex("posts_held_idx").on("posts").columns(["group_id", "created_at"]).where(sql.ref("status"), "=", "pending").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("posts_held_idx").execute();
  await db.schema.createIndex("posts_pending_idx").on("posts").columns(["status", "group_id", "created_at"]).execute();
}
