import type { AppLoadContext } from "@remix-run/node";

/**
 * For a loader: `html` on a data request; on a document request, null in the data, with the HTML
 * kept for the server render (see app/components/server-html.tsx). The key must be unique on the page.
 */
export function htmlForPage(context: AppLoadContext | undefined, key: string, html: string): string | null {
  if (!context?.serverHtml || !context.documentRequest) return html;
  context.serverHtml.set(key, html);
  return null;
}
