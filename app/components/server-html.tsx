/**
 * Sanitized HTML that the document carries once. A page's loader data is sent twice on a document
 * request: rendered into the page and again as hydration data. For long HTML that only needs to be
 * shown (the lists written on the server: components/*-list.server.ts, search-results.server.ts),
 * the loader keeps it on the server with `htmlForPage` (app/utils/server-html.server.ts)
 * and sends null; the server render reads it from here, and the browser keeps what the server
 * rendered (React leaves the inner HTML it hydrates alone). Data requests (client navigation,
 * revalidation after a form) carry the HTML as usual.
 */
import { createContext, useContext } from "react";

export const ServerHtmlContext = createContext<ReadonlyMap<string, string> | null>(null);

/** The HTML to render for `key`: the string given, or on the server the one the loader kept. */
export function useServerHtml(key: string | undefined, html: string | null): string {
  const kept = useContext(ServerHtmlContext);
  if (html !== null || !key) return html ?? "";
  return kept?.get(key) ?? "";
}
