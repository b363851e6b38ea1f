// Tracker names are private text (issue 24): "Alcohol", "Xanax" reveal what a member is recovering
// from. They move to recovery_trackers.name_enc, sealed with the data key like journal text
// (AES-256-GCM, the owner's id bound in). Migrations never hold the data key, so this one only
// adds the column; the app seals every remaining plain name right after migrating — at server
// start, `npm run db:migrate` and `npm run db:rotate-key` (sealTrackerNames in
// app/models/recovery-keys.server.ts) — and blanks the plain column. Until then pages read the
// plain name. Frozen once landed.
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("recovery_trackers").addColumn("name_enc", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("recovery_trackers").dropColumn("name_enc").execute();
}
