// npm run db:copy -- --to postgres://… [--from data/harbor.db]
// Moves a SQLite site to an EMPTY PostgreSQL database: migrates the target, copies every table in
// one transaction (members' encrypted text as it is: it stays sealed with the same data key),
// rebuilds PostgreSQL's search vectors from SQLite's search index, moves the id sequences past the
// copied rows, and checks that every table has as many rows as the source. A target that already
// holds data is refused. The source defaults to DATABASE_URL's SQLite file; stop Harbor first (or
// copy a fresh `npm run db:backup`) so nothing changes meanwhile.
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { createDb, isPostgresUrl, sqlitePathFromUrl } from "./client";
import { migrateToLatest } from "./migrator";
import type { Database } from "./schema";
import { isMainModule } from "./main-module";

export class CopyRefused extends Error {}

export interface CopyReport {
  tables: { name: string; rows: number }[];
  searchEntries: number;
}

const MIGRATION_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);
/** SQLite's full-text indexes (FTS5 tables and their shadow tables): PostgreSQL keeps posts.search_vector and guides.search_vector instead. */
const SQLITE_ONLY = /^(post|guide)_search(_\w+)?$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the copy walks every table by name, read from the database itself: no typed schema describes that
type AnyDb = Kysely<any>;

async function targetTables(db: AnyDb): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(
    db,
  );
  return rows.rows.map((r) => r.name).filter((name) => !MIGRATION_TABLES.has(name));
}

async function rowCount(db: AnyDb, table: string): Promise<number> {
  const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** Parents before children, by the target's foreign keys. */
async function copyOrder(db: AnyDb, tables: string[]): Promise<string[]> {
  const edges = await sql<{ child: string; parent: string }>`
    SELECT tc.relname AS child, tp.relname AS parent FROM pg_constraint c
      JOIN pg_class tc ON tc.oid = c.conrelid JOIN pg_class tp ON tp.oid = c.confrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`.execute(db);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges.rows) if (child !== parent) parents.get(child)?.add(parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error(`The target's foreign keys go round in a circle among: ${tables.filter((t) => !placed.has(t)).join(", ")}`);
    for (const t of ready.sort()) {
      order.push(t);
      placed.add(t);
    }
  }
  return order;
}

function sqliteColumns(source: SQLite.Database, table: string): Set<string> {
  return new Set((source.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
}

async function copyTable(source: SQLite.Database, tx: AnyDb, table: string): Promise<number> {
  const targetColumns = await sql<{
    name: string;
  }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(tx);
  const inSource = sqliteColumns(source, table);
  // Columns only PostgreSQL has (posts.search_vector) are filled afterwards.
  const columns = targetColumns.rows.map((c) => c.name).filter((c) => inSource.has(c));
  const missing = [...inSource].filter((c) => !columns.includes(c));
  if (missing.length) throw new CopyRefused(`${table}: the PostgreSQL table has no column ${missing.join(", ")}. Are both databases on the same Harbor version?`);
  const batch = Math.max(1, Math.floor(20_000 / columns.length));
  const select = source.prepare(`SELECT rowid AS "__rowid", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`);
  let after = Number.MIN_SAFE_INTEGER;
  let copied = 0;
  for (;;) {
    const rows = select.all(after, batch) as Record<string, unknown>[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.__rowid as number;
    const values = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
    await tx.insertInto(table).values(values).execute();
    copied += rows.length;
  }
  return copied;
}

/** PostgreSQL's search reads posts.search_vector: built from what SQLite's index holds (the same posts, title and text). */
async function copySearchIndex(source: SQLite.Database, tx: AnyDb): Promise<number> {
  const hasIndex = source.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'post_search'`).get();
  if (!hasIndex) return 0;
  const select = source.prepare(`SELECT -rowid AS id, title, body FROM post_search WHERE rowid < ? ORDER BY rowid DESC LIMIT 500`);
  let before = 1;
  let done = 0;
  for (;;) {
    const rows = select.all(before) as { id: number; title: string; body: string }[];
    if (rows.length === 0) break;
    before = -rows[rows.length - 1]!.id;
    await sql`UPDATE posts SET search_vector = setweight(to_tsvector('english', s.title), 'A') || setweight(to_tsvector('english', s.body), 'B')
                FROM unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => r.title ?? "")}::text[], ${rows.map((r) => r.body ?? "")}::text[]) AS s(id, title, body)
               WHERE posts.id = s.id`.execute(tx);
    done += rows.length;
  }
  return done;
}

/** The guides' search_vector, from what SQLite's guide index holds (a library is a few dozen guides: one statement). */
async function copyGuideSearchIndex(source: SQLite.Database, tx: AnyDb): Promise<number> {
  if (!source.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'guide_search'`).get()) return 0;
  const rows = source.prepare(`SELECT rowid AS id, title, summary, body FROM guide_search`).all() as { id: number; title: string; summary: string; body: string }[];
  if (rows.length === 0) return 0;
  await sql`UPDATE guides SET search_vector = setweight(to_tsvector('english', s.title), 'A') || setweight(to_tsvector('english', s.summary), 'B') || setweight(to_tsvector('english', s.body), 'C')
              FROM unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => r.title ?? "")}::text[], ${rows.map((r) => r.summary ?? "")}::text[], ${rows.map((r) => r.body ?? "")}::text[]) AS s(id, title, summary, body)
             WHERE guides.id = s.id`.execute(tx);
  return rows.length;
}

/** Every serial column's sequence continues after the highest copied id. */
async function resetSequences(tx: AnyDb): Promise<void> {
  const serials = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`.execute(tx);
  for (const { table_name: table, column_name: column } of serials.rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${`"${table}"`}, ${column}), COALESCE((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(tx);
  }
}

function migrationNames(source: SQLite.Database): string[] {
  const exists = source.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'kysely_migration'`).get();
  return exists ? (source.prepare(`SELECT name FROM kysely_migration ORDER BY name`).all() as { name: string }[]).map((r) => r.name) : [];
}

/**
 * Copies the SQLite database `source` into the PostgreSQL database `target` (its current schema,
 * which must hold no data). Throws CopyRefused with a sentence for the operator.
 */
export async function copySqliteToPostgres(source: SQLite.Database, target: Kysely<Database>, schema?: string): Promise<CopyReport> {
  const db = target as AnyDb;
  for (const table of await targetTables(db)) {
    const rows = await rowCount(db, table);
    if (rows > 0) throw new CopyRefused(`The PostgreSQL database is not empty (${table} has ${rows} row${rows === 1 ? "" : "s"}). Copy into a new, empty database.`);
  }
  await migrateToLatest(target, schema);
  const targetMigrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
  const sourceMigrations = migrationNames(source);
  if (sourceMigrations.join("\n") !== targetMigrations.join("\n")) {
    throw new CopyRefused(
      `The SQLite database is not at this Harbor version's schema (${sourceMigrations.length} of ${targetMigrations.length} migrations). Run "npm run db:migrate" with DATABASE_URL pointing at it (or start this Harbor on it once), then copy again.`,
    );
  }
  const tables = await targetTables(db);
  const sourceTables = (source.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  const unknown = sourceTables.filter((t) => !tables.includes(t) && !MIGRATION_TABLES.has(t) && !SQLITE_ONLY.test(t));
  if (unknown.length) throw new CopyRefused(`The SQLite database has tables this Harbor doesn't know: ${unknown.join(", ")}.`);
  const order = await copyOrder(
    db,
    tables.filter((t) => sourceTables.includes(t)),
  );
  const report: CopyReport = { tables: [], searchEntries: 0 };
  await db.transaction().execute(async (tx) => {
    for (const table of order) report.tables.push({ name: table, rows: await copyTable(source, tx, table) });
    report.searchEntries = (await copySearchIndex(source, tx)) + (await copyGuideSearchIndex(source, tx));
    await resetSequences(tx);
  });
  // Verify: every table has as many rows as the source.
  const wrong: string[] = [];
  for (const table of order) {
    const expected = (source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const actual = await rowCount(db, table);
    if (expected !== actual) wrong.push(`${table}: ${expected} in SQLite, ${actual} in PostgreSQL`);
  }
  if (wrong.length) throw new Error(`The copy's row counts differ:\n${wrong.join("\n")}`);
  return report;
}

const isMain = isMainModule(import.meta.url);
if (isMain) {
  const usage = "Usage: npm run db:copy -- --to postgres://user@host/database [--from data/harbor.db]\nCopies a SQLite Harbor into an empty PostgreSQL database.";
  let exitCode = 0;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { to: { type: "string" }, from: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      console.log(usage);
    } else if (!values.to || !isPostgresUrl(values.to)) {
      console.error(`${values.to ? `"--to" must be a postgres:// address.` : "Say where to copy to with --to."}\n\n${usage}`);
      exitCode = 2;
    } else {
      const fromUrl = values.from ?? process.env.DATABASE_URL;
      if (isPostgresUrl(fromUrl)) throw new CopyRefused("The source must be a SQLite database: pass --from data/harbor.db (DATABASE_URL points at PostgreSQL).");
      const file = sqlitePathFromUrl(fromUrl);
      let source: SQLite.Database;
      try {
        source = new SQLite(file, { readonly: true, fileMustExist: true });
      } catch {
        throw new CopyRefused(`No SQLite database at ${path.resolve(file)}.`);
      }
      const target = createDb(values.to, { pgPoolSize: 2 });
      try {
        console.log(`Copying ${path.resolve(file)} to ${target.description}…`);
        const report = await copySqliteToPostgres(source, target.db);
        for (const t of report.tables) if (t.rows > 0) console.log(`  ${t.name}: ${t.rows}`);
        const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
        console.log(`Copied ${total} rows in ${report.tables.length} tables; row counts checked. Search entries: ${report.searchEntries}.`);
        console.log(
          `Next: give every server DATABASE_URL=${target.description} and HARBOR_DATA_KEYS set to the line in this site's key file (${process.env.HARBOR_DATA_KEY_FILE || "data/data-key"}) — members' private text is still sealed with it. See docs/operations.md.`,
        );
      } finally {
        source.close();
        await target.db.destroy();
      }
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    exitCode = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
  }
  process.exitCode = exitCode;
}
