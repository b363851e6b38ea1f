/**
 * A reader thread for the embedded SQLite database.
 *
 * better-sqlite3 runs every query on the thread that calls it, so on SQLite a long read — a
 * search ranking every post that holds a word — holds up every other request that Node is serving
 * meanwhile. The app's connection (`createDb(url, { reader: true })`, a SQLite file) therefore
 * gets a second, read-only connection in a worker thread, and `readOnly(db, query)` runs a query
 * there: the event loop goes on serving pages while the second core does the reading (a search's
 * two statements took 0.6–1.2 ms of the main thread in a request; see docs/decisions/0010-sqlite-reader-thread.md).
 *
 * What it sees: SQLite in WAL mode gives each statement the database as last committed, so a
 * query on the reader sees everything committed before it was sent (a member finds the post they
 * just wrote). It does not see a transaction still open on the main connection: `readOnly` called
 * with a transaction runs the query in that transaction instead. PostgreSQL, `:memory:` databases
 * and connections opened without `reader` run every query where they are.
 *
 * If the thread cannot start or dies, the query runs on the main connection (said once in the log)
 * and the reader is tried again for later queries, up to three failures. SQL errors are thrown as
 * they would be in-process (an Error with SQLite's message and code). Blob columns come back as
 * Uint8Array (not Buffer): the rows are copied between threads.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { CompiledQuery, Kysely } from "kysely";
import type { Database } from "./schema";

const UNKNOWN_STATEMENT = "HARBOR_UNKNOWN_STATEMENT";

// The worker: a read-only connection and its prepared statements, one message at a time. A
// statement's SQL is sent once, with a number the later messages use instead of the text. A
// message holds one statement, or three: a test, then the second if the test's first value is
// true and the third if not (readEither: one round trip where the answer decides the query).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const statements = new Map();
const asParameter = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
// A statement that fails to prepare is not kept: the error names its number (with the code
// UNKNOWN_STATEMENT when the number came without its SQL), and the main thread sends the SQL again.
const prepare = (step) => {
  let statement = statements.get(step.key);
  if (statement) return statement;
  try {
    if (step.sql === undefined) throw Object.assign(new Error("Unknown statement " + step.key), { code: "${UNKNOWN_STATEMENT}" });
    statement = db.prepare(step.sql);
  } catch (error) {
    throw Object.assign(error, { key: step.key });
  }
  statements.set(step.key, statement);
  return statement;
};
const run = (step) => prepare(step).all(step.parameters.map(asParameter));
parentPort.on("message", (message) => {
  if (message.forget) return statements.clear();
  const { id, steps } = message;
  try {
    // All of a message's statements are prepared, in order (a statement's SQL comes with its first
    // use), so a branch not taken can later be sent by number alone.
    for (const step of steps) prepare(step);
    let rows;
    if (steps.length === 1) rows = run(steps[0]);
    else {
      const first = run(steps[0])[0];
      rows = run(first && Object.values(first)[0] ? steps[1] : steps[2]);
    }
    parentPort.postMessage({ id, rows });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code, key: error && error.key } });
  }
});
`;

/** The reader thread could not answer (it failed to start, or died): run the query elsewhere. */
export class ReaderUnavailable extends Error {
  override name = "ReaderUnavailable";
}

const MAX_FAILURES = 3;
/** Statements the thread keeps prepared; past this many it forgets them all and starts again. */
const MAX_STATEMENTS = 200;

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
  /** The message's statements and the numbers they were sent by. */
  queries: CompiledQuery<unknown>[];
  keys: number[];
  /** Sent again once, with its SQL, after the thread did not know a statement's number. */
  resent: boolean;
}

/** `key`: the statement the thread has not prepared (its SQL failed to prepare, or never came). */
type Reply = { id: number; rows?: unknown[]; error?: { message: string; code?: string; key?: number } };

export class Reader {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** The number each statement's SQL goes by on the running thread. */
  readonly #keys = new Map<string, number>();
  #nextKey = 1;
  #failures = 0;
  #closed = false;

  constructor(
    readonly file: string,
    /** Called for each query the thread answers, as Kysely's log does for the main connection's. */
    readonly onQuery?: () => void,
  ) {}

  /** False once closed, or after the thread failed too often. */
  get available(): boolean {
    return !this.#closed && this.#failures < MAX_FAILURES;
  }

  /** Messages the thread has answered: one per query, one per readEither (tests). */
  answered = 0;

  /** Whether the thread is running now (tests). */
  get running(): boolean {
    return this.#worker !== null;
  }

  all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return this.#send<R>([query]);
  }

  /**
   * Runs `test`, then `ifTrue` if the first value of its first row is true (SQLite: not 0), or
   * `ifFalse` if not (or if it has no rows), in one message: the rows of the one that ran.
   */
  either<R>(test: CompiledQuery<unknown>, ifTrue: CompiledQuery<R>, ifFalse: CompiledQuery<R>): Promise<R[]> {
    return this.#send<R>([test, ifTrue, ifFalse]);
  }

  #send<R>(queries: CompiledQuery<unknown>[]): Promise<R[]> {
    if (!this.available) return Promise.reject(new ReaderUnavailable("The reader thread is closed."));
    const worker = (this.#worker ??= this.#start());
    const id = this.#nextId++;
    return new Promise<R[]>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref(); // a query in flight keeps the process alive
      const pending: Pending = { resolve: resolve as (rows: unknown[]) => void, reject, queries, keys: [], resent: false };
      this.#pending.set(id, pending);
      this.#post(worker, id, pending);
    });
  }

  #post(worker: Worker, id: number, pending: Pending) {
    const { queries } = pending;
    // Forgotten before numbering, so that no statement of this message refers to a forgotten number.
    if (queries.some((q) => !this.#keys.has(q.sql)) && this.#keys.size + queries.length > MAX_STATEMENTS) {
      this.#keys.clear();
      worker.postMessage({ forget: true });
    }
    const steps = queries.map((query) => {
      const key = this.#keys.get(query.sql);
      if (key !== undefined) return { key, parameters: query.parameters };
      const newKey = this.#nextKey++;
      this.#keys.set(query.sql, newKey);
      return { key: newKey, sql: query.sql, parameters: query.parameters };
    });
    pending.keys = steps.map((step) => step.key);
    worker.postMessage({ id, steps });
  }

  #answer(worker: Worker, reply: Reply) {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    const error = reply.error;
    if (error?.key !== undefined) {
      // A statement the thread has not prepared is sent with its SQL next time (its table may
      // exist by then). A number the thread did not know (the SQL went in a message whose
      // statement failed to prepare, answered after this one was sent): this message is sent
      // again, once, with the SQL.
      const sql = pending.queries[pending.keys.indexOf(error.key)]?.sql;
      if (sql !== undefined && this.#keys.get(sql) === error.key) this.#keys.delete(sql);
      if (error.code === UNKNOWN_STATEMENT && !pending.resent) {
        pending.resent = true;
        this.#post(worker, reply.id, pending);
        return;
      }
    }
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) worker.unref();
    this.answered++;
    if (error) pending.reject(Object.assign(new Error(error.message), { name: "SqliteError", code: error.code }));
    else pending.resolve(reply.rows ?? []);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#rejectAll(new ReaderUnavailable("The reader thread was closed."));
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    this.#keys.clear(); // a new thread has prepared nothing yet
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver } });
    worker.unref();
    worker.on("message", (reply: Reply) => this.#answer(worker, reply));
    const failed = (why: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#failures++;
      if (!this.#closed)
        console.error(`The SQLite reader thread stopped (${why}); its queries run on the main connection${this.available ? " until it restarts" : " from now on"}.`);
      this.#rejectAll(new ReaderUnavailable(`The reader thread stopped: ${why}`));
    };
    worker.on("error", (error) => failed(error.message));
    worker.on("exit", (code) => failed(`exit code ${code}`));
    return worker;
  }

  #rejectAll(error: Error) {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

// One registry per process: the server entry and the compiled Remix build each have their own copy
// of this module, and the connection is made by the first (see app/utils/db.server.ts).
const REGISTRY = Symbol.for("harbor.readers");
const readers: WeakMap<Kysely<Database>, Reader> = ((globalThis as { [REGISTRY]?: WeakMap<Kysely<Database>, Reader> })[REGISTRY] ??= new WeakMap());

/** Gives `db` (the connection itself, never a transaction) its reader thread. */
export function attachReader(db: Kysely<Database>, reader: Reader): void {
  readers.set(db, reader);
}

/** The reader thread of `db`, if it has one (a transaction never has). */
export function readerOf(db: Kysely<Database>): Reader | undefined {
  return readers.get(db);
}

/** A query that can be compiled for a connection (a `sql` template, a query builder). */
interface ReadQuery<R> {
  compile(db: Kysely<Database>): CompiledQuery<R>;
}

/**
 * The rows of a read-only query: on `db`'s reader thread when it has one, otherwise on `db`
 * (a transaction, PostgreSQL, a database without a reader). Only for queries that change
 * nothing: the reader's connection is read-only and refuses anything else.
 */
export function readOnly<R>(db: Kysely<Database>, query: ReadQuery<R>): Promise<R[]> {
  return readCompiled(db, query.compile(db));
}

/** readOnly for a query already compiled (db/prepared.ts). */
export function readCompiled<R>(db: Kysely<Database>, compiled: CompiledQuery<R>): Promise<R[]> {
  return onReaderOr(
    db,
    1,
    (reader) => reader.all(compiled),
    async () => (await db.executeQuery(compiled)).rows,
  );
}

/**
 * Two read-only queries where the first one's answer picks the second: runs `test`, then `ifTrue`
 * if the first value of its first row is true (not 0, not null) or `ifFalse` if not, and returns
 * that one's rows. On the reader thread it is one round trip, not two (a search: does the word
 * have many matches, then the page); elsewhere, the same two queries on `db`.
 */
export function readEither<R>(db: Kysely<Database>, test: ReadQuery<unknown>, ifTrue: ReadQuery<R>, ifFalse: ReadQuery<R>): Promise<R[]> {
  const [compiledTest, compiledTrue, compiledFalse] = [test.compile(db), ifTrue.compile(db), ifFalse.compile(db)];
  return onReaderOr(
    db,
    2,
    (reader) => reader.either(compiledTest, compiledTrue, compiledFalse),
    async () => {
      const first = (await db.executeQuery(compiledTest)).rows[0] as Record<string, unknown> | undefined;
      const yes = first !== undefined && Boolean(Object.values(first)[0]);
      return (await db.executeQuery(yes ? compiledTrue : compiledFalse)).rows;
    },
  );
}

/**
 * `ask` on db's reader thread when it has one that is up, else (or if the thread cannot answer)
 * `fallback` on db itself. The reader's `statements` are counted here, back in the request's own
 * context, and only when answered (as Kysely counts the main connection's): a query that falls
 * back is counted once, by Kysely.
 */
async function onReaderOr<R>(db: Kysely<Database>, statements: number, ask: (reader: Reader) => Promise<R[]>, fallback: () => Promise<R[]>): Promise<R[]> {
  const reader = readers.get(db);
  if (reader?.available) {
    try {
      const rows = await ask(reader);
      for (let i = 0; i < statements; i++) reader.onQuery?.();
      return rows;
    } catch (error) {
      if ((error as Error | null)?.name !== "ReaderUnavailable") throw error;
    }
  }
  return fallback();
}
