// Crisis posts seen by others (issue 24): when Harbor flags a post for crisis language, the post
// remembers it (posts.crisis_at), so other members see a calm cue in its place's corner and no
// "Proud of you" / "Me too" buttons. Posts flagged before this migration are marked from their
// crisis_language flags. Setting the column is an UPDATE of posts, so the thread's posts_stamp
// triggers see it. Frozen once landed.
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("posts").addColumn("crisis_at", "text").execute();
  await sql`UPDATE posts SET crisis_at = (
      SELECT min(r.created_at) FROM reports r JOIN review_items ri ON ri.id = r.item_id
      WHERE ri.post_id = posts.id AND r.reason = 'crisis_language' AND r.reporter_id IS NULL)
    WHERE EXISTS (
      SELECT 1 FROM reports r JOIN review_items ri ON ri.id = r.item_id
      WHERE ri.post_id = posts.id AND r.reason = 'crisis_language' AND r.reporter_id IS NULL)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("posts").dropColumn("crisis_at").execute();
}
