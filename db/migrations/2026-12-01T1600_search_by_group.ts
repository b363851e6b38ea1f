// Search at a million posts, SQLite. The FTS5 table is rebuilt (its text copied across) with:
// - rowid = -posts.id: FTS5 reads a word's matches lazily in ascending rowid order but must load
//   them all to go backwards, so "the newest matches first" is ascending order of -id (a word in
//   600,000 posts: 0.2 ms instead of 20 ms);
// - an indexed `grp` column holding a token for the post's group (`g<id>`), so that a search
//   within one group is an intersection inside the index rather than a filter applied to the
//   newest matches site-wide.
// PostgreSQL needs nothing: its search reads posts.id and posts.group_id directly.
import { sql, type Kysely } from "kysely";
import { isPostgres } from "../migration-helpers";

const TOKENIZE = sql.raw(`tokenize = 'porter unicode61 remove_diacritics 2'`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE VIRTUAL TABLE post_search_by_group USING fts5(title, body, grp, ${TOKENIZE})`.execute(db);
  await sql`INSERT INTO post_search_by_group (rowid, title, body, grp)
            SELECT -s.rowid, s.title, s.body, 'g' || p.group_id FROM post_search s JOIN posts p ON p.id = s.rowid`.execute(db);
  await sql`DROP TABLE post_search`.execute(db);
  await sql`ALTER TABLE post_search_by_group RENAME TO post_search`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE VIRTUAL TABLE post_search_plain USING fts5(title, body, ${TOKENIZE})`.execute(db);
  await sql`INSERT INTO post_search_plain (rowid, title, body) SELECT -rowid, title, body FROM post_search`.execute(db);
  await sql`DROP TABLE post_search`.execute(db);
  await sql`ALTER TABLE post_search_plain RENAME TO post_search`.execute(db);
}
