/**
 * Installs Harbor's starter library (./starter/): its collections and guides, published and
 * public, written by "Harbor" (no author) and not yet reviewed on this site. Idempotent and safe
 * to run from several processes at once: a collection is added when its slug is missing, a guide
 * when no guide carries its starter key (a unique column: a second process's insert does nothing).
 * So a guide the admin edited or unpublished stays as they left it, and a guide added to the
 * starter library by a later Harbor version arrives on upgrade.
 *
 * Run at every server start (after the migrations, app/server.ts and app/start.server.ts) — so a
 * fresh install has the library before its first page — and by the demo seed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { renderMarkdown } from "../../utils/markdown.server";
import { indexGuide } from "./search.server";
import { STARTER_COLLECTIONS, STARTER_GUIDES } from "./starter/index";

/** Returns how many guides were added (0 once installed). */
export async function installStarterLibrary(db: Kysely<Database>, now = clockNow()): Promise<number> {
  const at = now.toISOString();
  const present = new Set((await db.selectFrom("guides").select("starter_key").where("starter_key", "is not", null).execute()).map((r) => r.starter_key));
  const missingCollections = await db.selectFrom("guide_collections").select("slug").execute();
  const haveCollections = new Set(missingCollections.map((c) => c.slug));
  if (STARTER_GUIDES.every((g) => present.has(g.key)) && STARTER_COLLECTIONS.every((c) => haveCollections.has(c.slug))) return 0;
  return inTransaction(db, async (tx) => {
    for (const [i, c] of STARTER_COLLECTIONS.entries()) {
      await tx
        .insertInto("guide_collections")
        .values({ slug: c.slug, name: c.name, description: c.description, position: i + 1, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const collections = new Map((await tx.selectFrom("guide_collections").select(["id", "slug"]).execute()).map((c) => [c.slug, c.id]));
    let added = 0;
    for (const [i, guide] of STARTER_GUIDES.entries()) {
      if (present.has(guide.key)) continue;
      // A guide of the site's own may already use the address: the starter one takes another.
      const taken = await tx.selectFrom("guides").select("id").where("slug", "=", guide.slug).executeTakeFirst();
      const row = await tx
        .insertInto("guides")
        .values({
          slug: taken ? `${guide.slug}-harbor` : guide.slug,
          collection_id: collections.get(guide.collection) ?? null,
          title: guide.title,
          summary: guide.summary,
          body_source: guide.body,
          body_html: renderMarkdown(guide.body),
          visibility: "public",
          status: "published",
          position: i + 1,
          starter_key: guide.key,
          created_by: null,
          updated_by: null,
          reviewed_at: null,
          reviewed_by: null,
          published_at: at,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) continue;
      await tx
        .insertInto("guide_revisions")
        .values({
          guide_id: row.id,
          number: 1,
          title: guide.title,
          summary: guide.summary,
          body_source: guide.body,
          visibility: "public",
          status: "published",
          note: "Harbor's starter library",
          edited_by: null,
          created_at: at,
        })
        .execute();
      await indexGuide(tx, row.id);
      added++;
    }
    return added;
  });
}
