// Full-text search over posts. The one place where the two databases differ in schema:
// - SQLite: an FTS5 table `post_search` (rowid = posts.id) holding the thread title (opening
//   posts only) and the post's plain text;
// - PostgreSQL: a `search_vector` tsvector column on posts with a GIN index.
// app/models/search.server.ts keeps both up to date and queries them.
import { sql, type Kysely } from "kysely";
import { isPostgres } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`ALTER TABLE posts ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX posts_search_idx ON posts USING GIN (search_vector)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE post_search USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP INDEX posts_search_idx`.execute(db);
    await sql`ALTER TABLE posts DROP COLUMN search_vector`.execute(db);
  } else {
    await sql`DROP TABLE post_search`.execute(db);
  }
}
