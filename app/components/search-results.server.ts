/**
 * A page of search results as HTML, written on the server and sent once, like a thread's posts
 * (see post-list.server.ts). Snippets are already safe HTML: escaped, with <mark> added
 * (app/models/search.server.ts, highlight).
 */
import type { SearchHit } from "../models/search.server";
import { postHref } from "../models/threads.server";
import { html, trustedHtml } from "../utils/html.server";
import { formatDateTime } from "../utils/time";

export function searchResultsHtml(hits: readonly SearchHit[], zone: string): string {
  return hits
    .map(
      (h) =>
        html`<li><span class="thread-list__title"><a href="${postHref(h.groupSlug, h.threadId, h.position)}" data-nav="">${h.position > 0 ? `Reply in “${h.threadTitle}”` : h.threadTitle}</a></span><span class="meta">${h.groupName} · ${
          h.authorName ?? "A former member"
        } · ${formatDateTime(h.createdAt, zone)}</span><p class="search-snippet">${trustedHtml(h.snippetHtml)}</p></li>`.value,
    )
    .join("");
}
