// The resource library (issue 26): guides written by admins and editors, in collections, with
// every saved version kept (the history and its diffs), drafts and publishing, public or
// members-only; a member's saved guides ("My guides", private); and full-text search over guides:
// an FTS5 table `guide_search` on SQLite (rowid = guides.id), a `search_vector` column with a GIN
// index on PostgreSQL. The editor role needs no change: users.role is text. Frozen once landed.
import { sql, type Kysely } from "kysely";
import { isPostgres, withIdColumn } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable("guide_collections"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable("guides"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("collection_id", "integer", (c) => c.references("guide_collections.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    // "public" (everyone, visitors too) or "members" (signed-in members).
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("public"))
    // "draft" (editors and admins only) or "published".
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    // Guides of Harbor's starter library carry their key (installed once; see app/models/guides/starter.server.ts).
    .addColumn("starter_key", "text", (c) => c.unique())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewed_at", "text")
    .addColumn("reviewed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("guides_collection_idx").on("guides").columns(["collection_id", "position"]).execute();

  await withIdColumn(db, db.schema.createTable("guide_revisions"))
    .addColumn("guide_id", "integer", (c) => c.notNull().references("guides.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("body_source", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("edited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("guide_revisions_number_key").on("guide_revisions").columns(["guide_id", "number"]).unique().execute();

  await db.schema
    .createTable("saved_guides")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("guide_id", "integer", (c) => c.notNull().references("guides.id").onDelete("cascade"))
    .addColumn("saved_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("saved_guides_pkey", ["user_id", "guide_id"])
    .execute();
  await db.schema.createIndex("saved_guides_guide_idx").on("saved_guides").column("guide_id").execute();

  if (isPostgres(db)) {
    await sql`ALTER TABLE guides ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX guides_search_idx ON guides USING GIN (search_vector)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE guide_search USING fts5(title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE guide_search`.execute(db);
  await db.schema.dropTable("saved_guides").execute();
  await db.schema.dropTable("guide_revisions").execute();
  await db.schema.dropTable("guides").execute();
  await db.schema.dropTable("guide_collections").execute();
}
