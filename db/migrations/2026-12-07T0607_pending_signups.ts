// Sign-up by e-mailed link (issue 20): a sign-up is kept here, not in `users`, until its link is
// opened; only then is the account made. The link's secret is stored as its SHA-256 only; the
// password as its argon2id hash. Rows past their expiry are deleted by scheduled upkeep.
// Frozen once landed.
import type { Kysely } from "kysely";
import { withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("pending_signups"))
    .addColumn("token_hash", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("redirect_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("pending_signups_hash_key").on("pending_signups").column("token_hash").unique().execute();
  await db.schema.createIndex("pending_signups_expires_idx").on("pending_signups").column("expires_at").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_signups").execute();
}
