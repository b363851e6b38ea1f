/**
 * The process-wide database handle. It lives on globalThis so that the server entry (which runs
 * migrations) and the compiled Remix build share one connection, and tests can install their own.
 */
import { createDb, type DbHandle } from "../../db/client";
import { noteQuery, queryCountEnabled } from "./request-context.server";
import { harborEnv } from "./env.server";

const KEY = Symbol.for("harbor.db");
type Holder = { [KEY]?: DbHandle };

export function getDbHandle(): DbHandle {
  const holder = globalThis as Holder;
  // HARBOR_SQLITE_READER=off keeps every query on the main connection (see db/reader.ts).
  holder[KEY] ??= createDb(harborEnv().DATABASE_URL, { reader: harborEnv().HARBOR_SQLITE_READER, ...(queryCountEnabled() ? { onQuery: noteQuery } : {}) });
  return holder[KEY];
}

export function getDb() {
  return getDbHandle().db;
}

/** Tests install a database of their own; pass undefined to forget it. */
export function setDbHandle(handle: DbHandle | undefined): void {
  (globalThis as Holder)[KEY] = handle;
}
