/**
 * createDb(url): the one place that knows which database Harbor talks to.
 *
 * - no URL, a path, or `file:<path>`: embedded SQLite through better-sqlite3 (WAL, foreign keys,
 *   busy timeout, synchronous=NORMAL). The default is `data/harbor.db`.
 * - `postgres://…` / `postgresql://…`: PostgreSQL through `pg`.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type KyselyConfig, type LogEvent } from "kysely";
import type { Database } from "./schema";
import { attachReader, Reader } from "./reader";

export type Dialect = "sqlite" | "postgres";

export const DEFAULT_SQLITE_PATH = "data/harbor.db";

// PostgreSQL returns 64-bit integers (count(*), bigint) as strings; Harbor's numbers fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(1700, (value) => Number.parseFloat(value));

export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite file path, or the PostgreSQL URL with any password masked. */
  description: string;
  /** The raw better-sqlite3 connection (SQLite only): backups use it. */
  sqlite?: SQLite.Database;
  /** The reader thread (a SQLite file opened with `reader`; see db/reader.ts). */
  reader?: Reader;
  /** The PostgreSQL pool (PostgreSQL only): the request-rate limiter uses it. */
  pgPool?: pg.Pool;
}

export interface CreateDbOptions {
  /** Called once for every query run (the benchmark counts queries per request with it). */
  onQuery?: () => void;
  /** PostgreSQL only: a schema to put first on the search_path (tests use one schema each). */
  pgSchema?: string;
  /** PostgreSQL only: pool size (default 10). */
  pgPoolSize?: number;
  /**
   * SQLite file only: long read-only queries (a search, a board's page of threads) run on a
   * read-only connection in a worker thread, started with the first of them (see db/reader.ts).
   * The app's own connection has one.
   */
  reader?: boolean;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function sqlitePathFromUrl(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  if (url.startsWith("file:")) return url.slice("file:".length) || DEFAULT_SQLITE_PATH;
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length).replace(/^\/\//, "") || DEFAULT_SQLITE_PATH;
  return url;
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  if (file !== ":memory:") sqlite.pragma("journal_mode = WAL");
  return configureSqlite(sqlite);
}

/** The connection settings Harbor relies on, for a connection opened any way (tests open in-memory copies of a template). */
export function configureSqlite(sqlite: SQLite.Database): SQLite.Database {
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the
  // last commits, and it never corrupts the file.
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

/**
 * Kysely prepares every query anew; compiling the SQL is a measurable share of a page's time. The
 * same few hundred query shapes recur, so prepared statements are kept and reused (better-sqlite3
 * runs one statement at a time on its connection, and SQLite re-prepares one itself after a schema
 * change). The cache is bounded: it is emptied when full.
 */
const STATEMENT_CACHE_SIZE = 500;
function withStatementCache(sqlite: SQLite.Database): Pick<SQLite.Database, "close" | "prepare"> {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: ((source: string) => {
      let statement = statements.get(source);
      if (!statement) {
        statement = sqlite.prepare(source);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(source, statement);
      }
      return statement;
    }) as SQLite.Database["prepare"],
  };
}

/**
 * Kysely on SQLite: destroying it also stops the reader thread, and closes the connection even
 * when no query went through Kysely (Kysely closes only a connection it has used).
 */
class SqliteKysely extends Kysely<Database> {
  constructor(
    config: KyselyConfig,
    private readonly sqlite: SQLite.Database,
    private readonly reader: Reader | undefined,
  ) {
    super(config);
  }

  override async destroy(): Promise<void> {
    await this.reader?.close();
    await super.destroy();
    if (this.sqlite.open) this.sqlite.close();
  }
}

function logger(options: CreateDbOptions) {
  const onQuery = options.onQuery;
  return onQuery
    ? (event: LogEvent) => {
        if (event.level === "query") onQuery();
      }
    : undefined;
}

export function createDb(url: string | undefined = process.env.DATABASE_URL, options: CreateDbOptions = {}): DbHandle {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.pgPoolSize ?? 10,
      connectionTimeoutMillis: 5000,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    // An idle client that loses its connection must not crash the process.
    pool.on("error", (error) => console.error("PostgreSQL pool error:", error.message));
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: logger(options) }),
      dialect: "postgres",
      pgPool: pool,
      description: url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@"),
    };
  }
  const file = sqlitePathFromUrl(url);
  const sqlite = openSqlite(file);
  const reader = options.reader && file !== ":memory:" ? new Reader(file, options.onQuery) : undefined;
  return sqliteHandle(sqlite, file, options, reader);
}

/** Harbor's Kysely over an open SQLite connection; destroying it closes the connection. */
export function sqliteHandle(sqlite: SQLite.Database, description: string, options: CreateDbOptions = {}, reader?: Reader): DbHandle {
  const db = new SqliteKysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log: logger(options) }, sqlite, reader);
  if (reader) attachReader(db, reader);
  return { db, dialect: "sqlite", description, sqlite, reader };
}

/** Which SQL dialect a Kysely instance (or transaction) speaks. Dialect-specific SQL branches on this, in the data layer only. */
export function dialectOf(db: Kysely<Database>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Runs `fn` in a transaction: the caller's, when `db` already is one (so model functions compose
 * into one transaction), or a new one.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
