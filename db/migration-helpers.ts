// Small helpers for portable migrations (imported by files in db/migrations; never app code).
import { PostgresAdapter, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was then, not db/schema.ts (Kysely's migration guide types them Kysely<any>)
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-numbered integer primary key: SQLite's rowid alias, PostgreSQL's serial. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was then, not db/schema.ts (Kysely's migration guide types them Kysely<any>)
export function withIdColumn<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, "id"> {
  return isPostgres(db)
    ? table.addColumn("id", "serial", (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn("id", "integer", (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}
