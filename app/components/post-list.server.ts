/**
 * A thread page's posts as HTML, written on the server.
 *
 * This list is Harbor's busiest markup (20 posts a page). Rendered by React it cost a quarter of
 * the page's time, and its data went to the browser a second time for hydration. Written here
 * with escaping templates (app/utils/html.server.ts), it is sent once: in the document (the
 * browser keeps it, see components/server-html.tsx) or in the data of a client navigation.
 * The browser needs no component for it: its links are `<a data-nav>` and its forms
 * `<form data-nav>`, both routed by the layout without a reload (components/client-nav.tsx);
 * without JavaScript they are ordinary links and forms.
 */
import type { getThreadPage } from "../models/threads.server";
import { html, trustedHtml, type SafeHtml } from "../utils/html.server";
import { myReactions, REACTION_KINDS, reactionCounts, REACTIONS, type ReactionKind } from "../utils/reactions";
import { formatDateTime } from "../utils/time";

export interface ListedPost {
  id: number;
  position: number;
  author: string | null;
  authorId: string | null;
  createdAt: string;
  edited: boolean;
  removed: boolean;
  removedBy: string | null;
  /** The moderator's reason, when hidden. */
  hidden: string | null;
  /** Sanitized when saved; "" when the viewer may not see the words. */
  bodyHtml: string;
  reactions: Partial<Record<ReactionKind, number>>;
  mine: ReactionKind[];
}

export interface PostListViewer {
  viewerId: string | null;
  signedIn: boolean;
  canPost: boolean;
  isModerator: boolean;
  /** Posts from this position on are new to the viewer (null: a visitor). */
  readBefore: number | null;
  /** Where the post forms post (the page itself). */
  action: string;
  /** "…?page=N&quote=" when the viewer can reply: + post id quotes it. */
  quoteBase: string | null;
}

export function postListHtml(posts: readonly ListedPost[], viewer: PostListViewer): string {
  return posts.map((p) => postHtml(p, viewer).value).join("");
}

/** A page of getThreadPage's rows as the viewer may see them, in their time zone. */
export function threadPostsHtml(rows: Awaited<ReturnType<typeof getThreadPage>>, viewer: PostListViewer & { zone: string }): string {
  const { viewerId, isModerator, zone } = viewer;
  return postListHtml(
    rows.map((p) => ({
      id: p.id,
      position: p.position ?? 0,
      author: p.author_name,
      authorId: p.author_id,
      createdAt: formatDateTime(p.created_at, zone),
      edited: p.edited_at !== null,
      removed: p.deleted_at !== null,
      removedBy: p.deleted_by,
      // A hidden post shows the moderator's reason in its place; its words only to moderators and its author.
      hidden: p.hidden_at ? p.hidden_reason || "Hidden by a moderator." : null,
      bodyHtml: p.deleted_at === null && (!p.hidden_at || isModerator || (viewerId !== null && p.author_id === viewerId)) ? p.body_html : "",
      reactions: reactionCounts(p.reactions),
      mine: myReactions(p.reactions),
    })),
    viewer,
  );
}

function postHtml(p: ListedPost, v: PostListViewer): SafeHtml {
  const author = p.author ?? "A former member";
  const authorId = `post-${p.position}-author`;
  const isOwn = v.viewerId !== null && p.authorId === v.viewerId;
  const unread = v.readBefore !== null && v.readBefore > 0 && p.position >= v.readBefore;
  const classes = `card post${p.position === 0 ? " post--first" : ""}${unread ? " post--unread" : ""}`;
  const body = html`<div class="prose">${trustedHtml(p.bodyHtml)}</div>`;
  return html`<li id="post-${p.position}" class="${classes}"><article aria-labelledby="${authorId}"><header class="post__head">${
    p.authorId
      ? html`<a href="/members/${p.authorId}" data-nav="" class="post__author" id="${authorId}">${author}</a>`
      : html`<span class="post__author" id="${authorId}">${author}</span>`
  }<span class="meta">${p.createdAt}${p.edited && !p.removed ? " · edited" : ""}${unread ? html` · <span class="badge badge--unread">New</span>` : ""}</span></header>${
    p.removed
      ? html`<p class="post__removed">${p.removedBy === "moderator" ? "Post removed by a moderator." : "Post removed by its author."}</p>`
      : p.hidden !== null
        ? html`<p class="post__hidden">Hidden by a moderator: ${p.hidden}</p>${
            p.bodyHtml !== ""
              ? html`<details class="post__hidden-body"><summary>${isOwn ? "Your post (only you and the moderators see it)" : "Show the hidden post (moderators)"}</summary>${body}</details>`
              : ""
          }`
        : body
  }${actionsHtml(p, v, author, isOwn)}</article></li>`;
}

function actionsHtml(p: ListedPost, v: PostListViewer, author: string, isOwn: boolean): SafeHtml | "" {
  if (p.removed || p.hidden !== null) return v.isModerator ? html`<div class="post__actions">${modLinks(p, v, isOwn)}</div>` : "";
  const anyReaction = p.mine.length > 0 || Object.keys(p.reactions).length > 0;
  if (!(v.canPost || anyReaction || v.signedIn)) return "";
  if (v.canPost) {
    // One form holds all of a post's buttons: a reaction button sends `kind`, Delete sends `intent`.
    return html`<form method="post" action="${v.action}" id="post-${p.id}-actions" class="post__actions" data-nav="" data-keep-scroll=""><input type="hidden" name="postId" value="${p.id}">${REACTION_KINDS.map(
      (kind) =>
        html`<button type="submit" name="kind" value="${kind}" class="reaction" aria-pressed="${p.mine.includes(kind) ? "true" : "false"}">${REACTIONS[kind]}${
          p.reactions[kind] ? html`<span class="reaction__count"> · ${p.reactions[kind]}</span>` : ""
        }</button>`,
    )}${postLinks(p, isOwn, v.quoteBase, author)}${modLinks(p, v, isOwn)}</form>`;
  }
  return html`<div class="post__actions">${REACTION_KINDS.map((kind) =>
    p.reactions[kind] ? html`<span class="reaction">${REACTIONS[kind]} <span class="reaction__count"> · ${p.reactions[kind]}</span></span>` : "",
  )}${postLinks(p, false, null, author)}${modLinks(p, v, isOwn)}</div>`;
}

function postLinks(p: ListedPost, isOwn: boolean, quoteBase: string | null, author: string): SafeHtml {
  return html`${quoteBase ? html`<a href="${quoteBase}${p.id}#reply" data-nav="" class="small-link">Quote<span class="visually-hidden"> ${author}</span></a>` : ""}${
    isOwn
      ? html`<a href="/posts/${p.id}/edit" data-nav="" class="small-link">Edit<span class="visually-hidden"> your post</span></a><button type="submit" name="intent" value="delete" class="link-button link-button--small">Delete<span class="visually-hidden"> your post</span></button>`
      : ""
  }${p.edited ? html`<a href="/posts/${p.id}/history" data-nav="" class="small-link">History</a>` : ""}`;
}

/** Report (members, not on their own posts) and Moderate (the group's moderators). */
function modLinks(p: ListedPost, v: PostListViewer, isOwn: boolean): SafeHtml | "" {
  if (v.isModerator) return html`<a href="/moderation/review/post/${p.id}" data-nav="" class="small-link">Moderate<span class="visually-hidden"> post ${p.position + 1}</span></a>`;
  if (v.signedIn && !isOwn && !p.removed) return html`<a href="/report?post=${p.id}" data-nav="" class="small-link">Report<span class="visually-hidden"> post ${p.position + 1}</span></a>`;
  return "";
}
