// Crisis resources by region (issue 24): a member may choose which region's crisis lines they see
// first; null means "from my time zone". The regions themselves live in site_settings
// (`crisis_regions`). Frozen once landed.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("crisis_region", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("crisis_region").execute();
}
