/**
 * The rows of Harbor's long lists (a thread's posts, a board's threads, search results) as a
 * viewer may see them, in their time zone: the plain data the list components render
 * (app/components/post-list.tsx, thread-list.tsx, search-results.tsx).
 */
import type { ListedPost } from "../components/post-list";
import type { SearchResult } from "../components/search-results";
import type { BoardRow } from "../components/thread-list";
import type { SearchHit } from "./search.server";
import type { BlocksAcrossGroups } from "./blocks.server";
import { postHref } from "./threads.server";
import type { getThreadPage, listThreads } from "./thread-pages.server";
import { myReactions, reactionCounts } from "../utils/reactions";
import { formatDateTime } from "../utils/time";
import { isCrisisPostForViewer, NO_BLOCKS, postVisibilityForBlocks, type BlockRelations } from "../policy";

type PageRow = Awaited<ReturnType<typeof getThreadPage>>[number];
type ThreadRow = Awaited<ReturnType<typeof listThreads>>["threads"][number];

/**
 * A page of getThreadPage's rows. A hidden post's words go only to moderators and its author. Posts
 * of a member the viewer blocked come collapsed; posts of a member who blocked the viewer are left
 * out (the viewer's block list is loaded once per page: app/policy/blocks.ts).
 */
export function listedPosts(rows: readonly PageRow[], viewer: { viewerId: string | null; isModerator: boolean; zone: string; blocks?: BlockRelations }): ListedPost[] {
  const { viewerId, isModerator, zone } = viewer;
  const blocks = viewer.blocks ?? NO_BLOCKS;
  const shown = blocks === NO_BLOCKS ? rows : rows.filter((p) => postVisibilityForBlocks(blocks, p.author_id, isModerator) !== "left_out");
  return shown.map((p) => ({
    id: p.id,
    position: p.position ?? 0,
    author: p.author_name,
    authorId: p.author_id,
    createdAt: formatDateTime(p.created_at, zone),
    edited: p.edited_at !== null,
    removed: p.deleted_at !== null,
    removedBy: p.deleted_by,
    hidden: p.hidden_at ? p.hidden_reason || "Hidden by a moderator." : null,
    bodyHtml: p.deleted_at === null && (!p.hidden_at || isModerator || (viewerId !== null && p.author_id === viewerId)) ? p.body_html : "",
    reactions: reactionCounts(p.reactions),
    mine: myReactions(p.reactions),
    crisis: p.deleted_at === null && !p.hidden_at && isCrisisPostForViewer(p, viewerId),
    blockedAuthor: blocks !== NO_BLOCKS && postVisibilityForBlocks(blocks, p.author_id, isModerator) === "collapsed",
  }));
}

/**
 * A board's threads. A member's link goes to the first reply they haven't read. As on the thread
 * page, a thread started by a member the viewer blocked is one collapsed line, and one started by a
 * member who blocked the viewer is left out; the last reply's author is not named either way
 * (`blocks`: NO_BLOCKS for moderators and for members in no block).
 */
export function boardRows(rows: readonly ThreadRow[], viewer: { groupSlug: string; signedIn: boolean; zone: string; blocks?: BlockRelations }): BoardRow[] {
  const blocks = viewer.blocks ?? NO_BLOCKS;
  const shown = blocks === NO_BLOCKS ? rows : rows.filter((t) => postVisibilityForBlocks(blocks, t.author_id, false) !== "left_out");
  return shown.map((t) => {
    const unread = viewer.signedIn ? t.unread : 0;
    const last = blocks === NO_BLOCKS ? "shown" : postVisibilityForBlocks(blocks, t.last_author_id, false);
    return {
      id: t.id,
      href: postHref(viewer.groupSlug, t.id, t.read_count !== null && t.read_count < t.post_count ? t.read_count : null),
      title: t.title,
      pinned: t.is_pinned === 1,
      locked: t.is_locked === 1,
      hidden: t.hidden_at !== null,
      unread: unread > 0 ? (t.neverRead ? "New" : `${unread} new`) : null,
      author: t.author_name,
      replies: t.post_count - 1,
      lastAuthor: last === "shown" ? t.last_author_name : null,
      lastAuthorUnnamed: last !== "shown",
      lastPostAt: formatDateTime(t.last_post_at, viewer.zone),
      blockedAuthor: blocks !== NO_BLOCKS && postVisibilityForBlocks(blocks, t.author_id, false) === "collapsed",
    };
  });
}

/**
 * A page of search hits. As on the thread page: a post by a member the viewer blocked is one
 * collapsed line, a post by a member who blocked the viewer is left out, except in groups the viewer
 * moderates (`blocks`: undefined for members in no block).
 */
export function searchResults(hits: readonly SearchHit[], zone: string, blocks?: BlocksAcrossGroups): SearchResult[] {
  const seen = (h: SearchHit) => (blocks ? postVisibilityForBlocks(blocks.relations, h.authorId, blocks.moderates.has(h.groupId)) : "shown");
  const shown = blocks ? hits.filter((h) => seen(h) !== "left_out") : hits;
  return shown.map((h) => ({
    postId: h.postId,
    href: postHref(h.groupSlug, h.threadId, h.position),
    title: h.position > 0 ? `Reply in “${h.threadTitle}”` : h.threadTitle,
    groupName: h.groupName,
    author: h.authorName,
    createdAt: formatDateTime(h.createdAt, zone),
    snippetHtml: h.snippetHtml,
    blockedAuthor: seen(h) === "collapsed",
  }));
}
