// Meetings as the Meeting Guide spec sees them (issue 21):
// - feed_slug: the meeting's id in the feed it came from (or its own slug), unique PER GROUP, so
//   two intergroups' feeds may both use "6". Import matches on (group_id, feed_slug). The public
//   slug (meetings.slug, the /meetings/<slug> address) stays unique per site and never changes on
//   a re-import, so public URLs are stable.
// - area: an approximate place ("Chicago, IL, USA"): where an online meeting is based. Never a
//   place to go; `address` holds only a specific place (street level or with coordinates).
// - region: the feed's region (the most specific of `regions`).
// - archived_at: set when an import's missing meeting is archived: out of the directory and the
//   feeds; members' attendance history keeps pointing at it.
// - sequence: iCalendar SEQUENCE, raised when the meeting or one of its dates changes.
// - the spec's group and contact fields: meeting_group (`group`), group_notes, contacts (JSON list
//   of up to three {name, email, phone}, names without last names), website, feedback_url, venmo,
//   paypal, square.
// - groups.area_served: where a group's meetings are, for meetings with no place of their own.
// Frozen once landed.
import { sql, type Kysely } from "kysely";

const TEXT_COLUMNS = ["feed_slug", "area", "region", "meeting_group", "group_notes", "contacts", "website", "feedback_url", "venmo", "paypal", "square"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of TEXT_COLUMNS) {
    await db.schema
      .alterTable("meetings")
      .addColumn(column, "text", (c) => c.notNull().defaultTo(""))
      .execute();
  }
  await db.schema.alterTable("meetings").addColumn("archived_at", "text").execute();
  await db.schema
    .alterTable("meetings")
    .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE meetings SET feed_slug = slug`.execute(db);
  await db.schema.createIndex("meetings_group_feed_slug_key").on("meetings").columns(["group_id", "feed_slug"]).unique().execute();
  await db.schema
    .alterTable("groups")
    .addColumn("area_served", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("groups").dropColumn("area_served").execute();
  await db.schema.dropIndex("meetings_group_feed_slug_key").execute();
  for (const column of [...TEXT_COLUMNS, "archived_at", "sequence"].reverse()) {
    await db.schema.alterTable("meetings").dropColumn(column).execute();
  }
}
