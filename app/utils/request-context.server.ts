/**
 * Per-request context, kept in AsyncLocalStorage for the life of one HTTP request:
 * - a count of the SQL queries it runs, for the benchmark (HARBOR_QUERY_COUNT=1 adds an
 *   `X-Harbor-Queries` header to every page and data response);
 * - a memo, so work every loader of a page needs (checking the session) is done once per request
 *   even though Remix hands each loader its own Request object.
 * The storage lives on globalThis so the server entry and the compiled Remix build share it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface RequestContext {
  queries: number;
  memo: Map<string, unknown>;
}

const KEY = Symbol.for("harbor.requestContext");
type Holder = { [KEY]?: AsyncLocalStorage<RequestContext> };

function storage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new AsyncLocalStorage<RequestContext>();
  return holder[KEY];
}

export const queryCountEnabled = () => process.env.HARBOR_QUERY_COUNT === "1";

/** Runs one request's work in a fresh context. */
export function withRequestContext<T>(fn: () => T): T {
  return storage().run({ queries: 0, memo: new Map() }, fn);
}

/** The value for `key` computed once per request (outside a request, every call computes). */
export function memoForRequest<T>(key: string, compute: () => T): T {
  const store = storage().getStore();
  if (!store) return compute();
  if (!store.memo.has(key)) store.memo.set(key, compute());
  return store.memo.get(key) as T;
}

/** Called by the database layer for every query. */
export function noteQuery(): void {
  const store = storage().getStore();
  if (store) store.queries += 1;
}

export function currentQueryCount(): number | null {
  return storage().getStore()?.queries ?? null;
}

/** Adds the header when counting is on. */
export function addQueryCountHeader(headers: Headers): void {
  if (!queryCountEnabled()) return;
  const count = currentQueryCount();
  if (count !== null) headers.set("X-Harbor-Queries", String(count));
}
