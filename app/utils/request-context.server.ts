/**
 * Counting each request's SQL queries, for the benchmark: with HARBOR_QUERY_COUNT=1 the server
 * runs every request in its own AsyncLocalStorage context and adds an `X-Harbor-Queries` header to
 * every page and data response. Without it (production) no request runs in a context: Node 20's
 * AsyncLocalStorage hooks every promise, which cost pages about a tenth of their CPU time. Work
 * that every loader of a page needs once (checking the session) is kept in the load context instead
 * (app/load-context.ts).
 * The storage lives on globalThis so the server entry and the compiled Remix build share it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { harborEnv } from "./env.server";

interface RequestContext {
  queries: number;
}

const KEY = Symbol.for("harbor.requestContext");
type Holder = { [KEY]?: AsyncLocalStorage<RequestContext> };

function storage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new AsyncLocalStorage<RequestContext>();
  return holder[KEY];
}

export const queryCountEnabled = () => harborEnv().HARBOR_QUERY_COUNT;

/** Runs one request's work in a fresh context that counts its queries. */
export function withRequestContext<T>(fn: () => T): T {
  return storage().run({ queries: 0 }, fn);
}

/** Called by the database layer for every query (only when counting is on). */
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
