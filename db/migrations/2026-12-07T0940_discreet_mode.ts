// Discreet mode (issue 24): a member who opens Harbor on a bus or at work can have the home page
// hide what they count (tracker names name the substance) and their day counts until they tap.
// 0/1 like every boolean here. Frozen once landed.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("discreet_mode", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("discreet_mode").execute();
}
