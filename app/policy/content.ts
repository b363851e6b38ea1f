/**
 * Posts and threads: may this viewer see one, quote it, report it or react to it?
 *
 * The one rule (used by every loader and action that takes a post or thread id from the URL or a
 * form): a post is there for a viewer when it is published, not hidden, not held for approval and
 * not deleted, in a thread that is the same, in a group the viewer may read — or the viewer
 * moderates that group. Its author also sees their own held or hidden post (they wrote it), but
 * nobody else learns it exists: everything else answers 404.
 */
import type { PostStatus } from "../../db/schema";
import type { GroupAccess, GroupHead, Viewer } from "./groups";

/** A post's moderation state together with its thread's, as the checks below need it. */
export interface PostState {
  author_id: string | null;
  status: PostStatus;
  hidden_at: string | null;
  deleted_at: string | null;
  thread_status: PostStatus;
  thread_hidden_at: string | null;
  thread_deleted_at: string | null;
}

export interface ThreadState {
  author_id: string | null;
  status: PostStatus;
  hidden_at: string | null;
  deleted_at: string | null;
}

type Access = Pick<GroupAccess<GroupHead>, "canRead" | "canPost" | "isModerator"> | null | undefined;

export function threadIsPublic(thread: ThreadState): boolean {
  return thread.status === "published" && !thread.hidden_at && !thread.deleted_at;
}

/** Published, not hidden, not held, not deleted — and so is its thread. */
export function postIsPublic(post: PostState): boolean {
  return post.status === "published" && !post.hidden_at && !post.deleted_at && threadIsPublic(threadOf(post));
}

function threadOf(post: PostState): ThreadState {
  return { author_id: null, status: post.thread_status, hidden_at: post.thread_hidden_at, deleted_at: post.thread_deleted_at };
}

const isAuthor = (viewer: Viewer, authorId: string | null) => viewer !== null && authorId !== null && authorId === viewer.id;

/** May the viewer see this thread at all (its page, its title)? */
export function maySeeThread(viewer: Viewer, access: Access, thread: ThreadState): boolean {
  if (!access?.canRead || thread.deleted_at) return false;
  if (access.isModerator || threadIsPublic(thread)) return true;
  // A held thread exists for its author to read; a hidden one only for moderators.
  return thread.status === "pending" && !thread.hidden_at && isAuthor(viewer, thread.author_id);
}

/** May the viewer see this post's content (its page, its history, its edit form if theirs)? */
export function maySeePost(viewer: Viewer, access: Access, post: PostState): boolean {
  if (!access?.canRead || post.deleted_at || post.thread_deleted_at) return false;
  if (access.isModerator || postIsPublic(post)) return true;
  return isAuthor(viewer, post.author_id) && !post.thread_hidden_at;
}

/**
 * May the viewer pass the post's content on: quote it in a reply, or report it? Only what everyone
 * in the group can see (the author's own held or hidden post included: quoting it would publish
 * what a moderator held back), or anything not deleted for its moderators.
 */
export function mayQuotePost(viewer: Viewer, access: Access, post: PostState): boolean {
  if (!access?.canRead) return false;
  if (access.isModerator) return !post.deleted_at && !post.thread_deleted_at;
  return postIsPublic(post);
}

export const mayReportPost = mayQuotePost;

/** Reporting a thread: the same, for its title and opening post. */
export function mayReportThread(viewer: Viewer, access: Access, thread: ThreadState): boolean {
  if (!access?.canRead) return false;
  if (access.isModerator) return !thread.deleted_at;
  return threadIsPublic(thread);
}

/** Reactions that read as cheering, out of place under a post from someone who may be struggling. */
export const CRISIS_WITHHELD_REACTIONS: readonly string[] = ["proud", "me_too"];

/**
 * Is this a post Harbor flagged for crisis language, seen by someone other than its author? Others
 * then see a calm cue instead of "Proud of you" / "Me too", and the server refuses those two.
 */
export function isCrisisPostForViewer(post: { crisis_at: string | null; author_id: string | null }, viewerId: string | null): boolean {
  return post.crisis_at !== null && (viewerId === null || post.author_id !== viewerId);
}

/** May the viewer give this kind of reaction to this post (taking one back is always allowed)? */
export function mayGiveReaction(post: { crisis_at: string | null; author_id: string | null }, viewerId: string, kind: string): boolean {
  return !(isCrisisPostForViewer(post, viewerId) && CRISIS_WITHHELD_REACTIONS.includes(kind));
}

/** Reactions (and the notification they send) only on what everyone in the group can see. */
export function mayReactToPost(access: Access, post: PostState): boolean {
  return !!access?.canPost && postIsPublic(post);
}
