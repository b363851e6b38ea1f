/**
 * Site search over guides (the same engines as posts, app/models/search.server.ts): SQLite's FTS5
 * table `guide_search` (rowid = the guide's id) or PostgreSQL's `guides.search_vector`. Every
 * guide is in the index, drafts too; what a viewer may read is decided in the query by the policy's
 * guideReadableSql — a visitor finds published public guides, a member published ones, and drafts
 * are never found, not even by their editors (search is for readers: editors see drafts in the
 * library's own list).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { dialectOf } from "../../../db/client";
import { guideReadableSql, type Viewer } from "../../policy";
import { highlight, makeSnippet, plainText, searchTerms } from "../search.server";

/** Puts a guide into the index, or refreshes it after an edit (call inside the saving transaction). */
export async function indexGuide(db: Kysely<Database>, guideId: number): Promise<void> {
  const guide = await db.selectFrom("guides").select(["title", "summary", "body_html"]).where("id", "=", guideId).executeTakeFirst();
  if (!guide) return;
  const body = plainText(guide.body_html);
  if (dialectOf(db) === "postgres") {
    await sql`UPDATE guides SET search_vector = setweight(to_tsvector('english', ${guide.title}), 'A') || setweight(to_tsvector('english', ${guide.summary}), 'B')
              || setweight(to_tsvector('english', ${body}), 'C') WHERE id = ${guideId}`.execute(db);
  } else {
    await sql`DELETE FROM guide_search WHERE rowid = ${guideId}`.execute(db);
    await sql`INSERT INTO guide_search (rowid, title, summary, body) VALUES (${guideId}, ${guide.title}, ${guide.summary}, ${body})`.execute(db);
  }
}

export interface GuideHit {
  slug: string;
  title: string;
  summary: string;
  visibility: string;
  snippetHtml: string;
}

/** The best-matching guides the viewer may read (a library is small: one short list, no pages). */
export async function searchGuides(db: Kysely<Database>, viewer: Viewer, query: string, limit = 5): Promise<GuideHit[]> {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  // Drafts are never found, even by editors: the same rule as a member's, plus "published".
  const readable = guideReadableSql(viewer, { status: "g.status", visibility: "g.visibility" });
  const shown = sql`g.status = 'published' AND ${readable}`;
  type Row = { slug: string; title: string; summary: string; visibility: string; body_html: string };
  const rows =
    dialectOf(db) === "postgres"
      ? await sql<Row>`SELECT g.slug, g.title, g.summary, g.visibility, g.body_html FROM guides g
          WHERE g.search_vector @@ to_tsquery('english', ${terms.join(" & ")}) AND ${shown}
          ORDER BY ts_rank(g.search_vector, to_tsquery('english', ${terms.join(" & ")})) DESC, g.id LIMIT ${limit}`.execute(db)
      : await sql<Row>`SELECT g.slug, g.title, g.summary, g.visibility, g.body_html FROM guide_search s JOIN guides g ON g.id = s.rowid
          WHERE guide_search MATCH ${terms.map((t) => `"${t}"`).join(" ")} AND ${shown}
          ORDER BY bm25(guide_search, 5.0, 2.0, 1.0), g.id LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    visibility: r.visibility,
    snippetHtml: highlight(makeSnippet(plainText(r.body_html), terms)),
  }));
}
