/**
 * A group board's threads as HTML, written on the server and sent once, like a thread's posts
 * (see post-list.server.ts): 25 rows that React would render and then send again as data.
 * The links are `<a data-nav>`, routed by the layout without a reload.
 */
import { postHref, type listThreads } from "../models/threads.server";
import { html } from "../utils/html.server";
import { formatDateTime } from "../utils/time";

type BoardRow = Awaited<ReturnType<typeof listThreads>>["threads"][number];

export interface BoardViewer {
  groupSlug: string;
  signedIn: boolean;
  zone: string;
}

/** A member's link goes to the first reply they haven't read (its page and its anchor). */
function threadHref(groupSlug: string, t: Pick<BoardRow, "id" | "read_count" | "post_count">): string {
  return postHref(groupSlug, t.id, t.read_count !== null && t.read_count < t.post_count ? t.read_count : null);
}

export function threadListHtml(rows: readonly BoardRow[], viewer: BoardViewer): string {
  return rows
    .map((t) => {
      const unread = viewer.signedIn ? t.unread : 0;
      const replies = t.post_count - 1;
      return html`<li${unread > 0 ? html` class="unread"` : ""}><span class="thread-list__title"><a href="${threadHref(viewer.groupSlug, t)}" data-nav="">${t.title}</a> ${
        t.is_pinned === 1 ? html`<span class="badge badge--pinned">Pinned</span>` : ""
      } ${t.is_locked === 1 ? html`<span class="badge badge--locked">Locked</span>` : ""} ${
        t.hidden_at !== null ? html`<span class="badge badge--hidden">Hidden</span>` : ""
      } ${unread > 0 ? html`<span class="badge badge--unread">${t.neverRead ? "New" : `${unread} new`}</span>` : ""}</span><span class="meta">Started by ${
        t.author_name ?? "A former member"
      } · ${replies} repl${replies === 1 ? "y" : "ies"} · last by ${t.last_author_name ?? "a former member"}, ${formatDateTime(t.last_post_at, viewer.zone)}</span></li>`.value;
    })
    .join("");
}
