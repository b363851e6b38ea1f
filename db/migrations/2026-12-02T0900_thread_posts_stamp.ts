// threads.posts_stamp: a value that changes whenever anything a page of the thread's posts shows
// changes — a post written, edited, removed, hidden or approved, a reaction given or taken back,
// an author's display name changed or their account deleted. Triggers set it, so no code path
// can forget to; each server keeps pages of posts it has read under the stamp it read them at
// (models/threads.server.ts, getThreadPage) and reads them again when the stamp differs.
//
// The stamp is random, not a counter: a thread id used again (a restored backup, a test's reset
// database) starts from a stamp no server has seen. 2^31 values; a repeat is one in two billion.
import { sql, type Kysely } from "kysely";
import { isPostgres } from "../migration-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("threads")
    .addColumn("posts_stamp", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION new_posts_stamp() RETURNS integer LANGUAGE sql VOLATILE AS $$ SELECT floor(random() * 2147483647)::integer $$`.execute(db);
    await sql`CREATE FUNCTION posts_restamp_thread() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN UPDATE threads SET posts_stamp = new_posts_stamp() WHERE id = OLD.thread_id; END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.thread_id <> OLD.thread_id) THEN
          UPDATE threads SET posts_stamp = new_posts_stamp() WHERE id = NEW.thread_id;
        END IF;
        RETURN NULL;
      END; $$`.execute(db);
    await sql`CREATE TRIGGER posts_restamp_thread AFTER INSERT OR UPDATE OR DELETE ON posts FOR EACH ROW EXECUTE FUNCTION posts_restamp_thread()`.execute(db);
    await sql`CREATE FUNCTION post_reactions_restamp_thread() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN UPDATE threads SET posts_stamp = new_posts_stamp() WHERE id = (SELECT thread_id FROM posts WHERE id = OLD.post_id); END IF;
        IF TG_OP <> 'DELETE' THEN UPDATE threads SET posts_stamp = new_posts_stamp() WHERE id = (SELECT thread_id FROM posts WHERE id = NEW.post_id); END IF;
        RETURN NULL;
      END; $$`.execute(db);
    await sql`CREATE TRIGGER post_reactions_restamp_thread AFTER INSERT OR UPDATE OR DELETE ON post_reactions FOR EACH ROW EXECUTE FUNCTION post_reactions_restamp_thread()`.execute(
      db,
    );
    await sql`CREATE FUNCTION users_restamp_threads() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE threads SET posts_stamp = new_posts_stamp() WHERE id IN (SELECT thread_id FROM posts WHERE author_id = OLD.id);
        RETURN NULL;
      END; $$`.execute(db);
    await sql`CREATE TRIGGER users_restamp_threads AFTER UPDATE OF display_name ON users FOR EACH ROW
              WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name) EXECUTE FUNCTION users_restamp_threads()`.execute(db);
  } else {
    const stamp = sql.raw("abs(random() % 2147483647)");
    await sql`CREATE TRIGGER posts_restamp_thread_insert AFTER INSERT ON posts BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id = NEW.thread_id; END`.execute(db);
    await sql`CREATE TRIGGER posts_restamp_thread_update AFTER UPDATE ON posts BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id IN (OLD.thread_id, NEW.thread_id); END`.execute(db);
    await sql`CREATE TRIGGER posts_restamp_thread_delete AFTER DELETE ON posts BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id = OLD.thread_id; END`.execute(db);
    await sql`CREATE TRIGGER post_reactions_restamp_thread_insert AFTER INSERT ON post_reactions BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id = (SELECT thread_id FROM posts WHERE id = NEW.post_id); END`.execute(db);
    await sql`CREATE TRIGGER post_reactions_restamp_thread_update AFTER UPDATE ON post_reactions BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id IN (SELECT thread_id FROM posts WHERE id IN (OLD.post_id, NEW.post_id)); END`.execute(db);
    await sql`CREATE TRIGGER post_reactions_restamp_thread_delete AFTER DELETE ON post_reactions BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id = (SELECT thread_id FROM posts WHERE id = OLD.post_id); END`.execute(db);
    await sql`CREATE TRIGGER users_restamp_threads AFTER UPDATE OF display_name ON users WHEN OLD.display_name IS NOT NEW.display_name BEGIN
              UPDATE threads SET posts_stamp = ${stamp} WHERE id IN (SELECT thread_id FROM posts WHERE author_id = OLD.id); END`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER users_restamp_threads ON users`.execute(db);
    await sql`DROP TRIGGER post_reactions_restamp_thread ON post_reactions`.execute(db);
    await sql`DROP TRIGGER posts_restamp_thread ON posts`.execute(db);
    await sql`DROP FUNCTION users_restamp_threads()`.execute(db);
    await sql`DROP FUNCTION post_reactions_restamp_thread()`.execute(db);
    await sql`DROP FUNCTION posts_restamp_thread()`.execute(db);
    await sql`DROP FUNCTION new_posts_stamp()`.execute(db);
  } else {
    for (const name of [
      "users_restamp_threads",
      "post_reactions_restamp_thread_delete",
      "post_reactions_restamp_thread_update",
      "post_reactions_restamp_thread_insert",
      "posts_restamp_thread_delete",
      "posts_restamp_thread_update",
      "posts_restamp_thread_insert",
    ]) {
      await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
    }
  }
  await db.schema.alterTable("threads").dropColumn("posts_stamp").execute();
}
