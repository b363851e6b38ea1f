/**
 * Prepared queries: built and compiled once per database, run many times with new values.
 *
 * Kysely builds an operation tree and compiles it to SQL on every call. For most queries that is
 * nothing, but on Harbor's busiest pages (a thread, a board) building and compiling the few
 * queries cost about as much as running them. A prepared query is written like any other, with
 * stand-ins for its values:
 *
 *   const postsOfThread = prepared((db, p: { threadId: number }) =>
 *     db.selectFrom("posts").select("id").where("thread_id", "=", p.threadId));
 *   const rows = await postsOfThread(db, { threadId: 7 });
 *
 * The first call on a database compiles it (SQLite and PostgreSQL write different SQL, so each
 * database instance keeps its own); each call then runs that SQL with the values in the stand-ins'
 * places. So each stand-in must reach the query as a bound value — a `where`/`on` value or a
 * `${}` in a sql template — and the query's shape must not depend on the values (no arithmetic,
 * no `in` lists, no branching on them inside `build`): pass every value it needs as a parameter,
 * and write one prepared query per shape. A stand-in that does not end up bound is refused when
 * the query is compiled. (Called inside a transaction, it is compiled for that transaction: right,
 * but no saving; the hot paths it is for run outside one.)
 */
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import { readCompiled } from "./reader";
import type { Database } from "./schema";

/** Where a parameter's value goes. */
class Slot {
  constructor(readonly name: string) {}
}

export type PreparedQuery<P, R> = (db: Kysely<Database>, params: P) => Promise<R[]>;

export interface PreparedOptions {
  /** A read that may run on the SQLite reader thread (see db/reader.ts): outside a transaction, it does. */
  reader?: boolean;
}

export function prepared<P extends Record<string, unknown>, R>(build: (db: Kysely<Database>, params: P) => Compilable<R>, options: PreparedOptions = {}): PreparedQuery<P, R> {
  const compiledFor = new WeakMap<Kysely<Database>, CompiledQuery<R>>();

  function compile(db: Kysely<Database>): CompiledQuery<R> {
    const used = new Set<string>();
    const slots = new Proxy({} as P, {
      get(_target, name) {
        if (typeof name !== "string") return undefined;
        used.add(name);
        return new Slot(name);
      },
    });
    const compiled = build(db, slots).compile();
    const bound = new Set(compiled.parameters.flatMap((value) => (value instanceof Slot ? [value.name] : [])));
    for (const name of used) {
      if (!bound.has(name)) throw new Error(`Prepared query: the parameter "${name}" must be a bound value (see db/prepared.ts).`);
    }
    return compiled;
  }

  return async (db, params) => {
    let compiled = compiledFor.get(db);
    if (!compiled) {
      compiled = compile(db);
      compiledFor.set(db, compiled);
    }
    const parameters = compiled.parameters.map((value) => (value instanceof Slot ? params[value.name] : value));
    if (options.reader) return readCompiled(db, { ...compiled, parameters });
    const result = await db.executeQuery<R>({ ...compiled, parameters });
    return result.rows;
  };
}
