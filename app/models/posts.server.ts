/**
 * A post once written: the context the access checks need, the author's edits (history kept) and
 * removal (soft), and reactions.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { renderMarkdown } from "../utils/markdown.server";
import { now as clockNow } from "../utils/clock.server";
import type { ReactionKind } from "../utils/reactions";
import { indexPost, unindexPost } from "./search.server";
import { notifyReaction } from "./board-notifications.server";
import { PostRuleError } from "./threads.server";
import { mayGiveReaction } from "../policy";

/** A post with the thread and group it belongs to, for access checks. */
export async function getPostContext(db: Kysely<Database>, postId: number) {
  if (!Number.isSafeInteger(postId) || postId <= 0) return undefined;
  return db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .leftJoin("users", "users.id", "posts.author_id")
    .select([
      "posts.id",
      "posts.thread_id",
      "posts.group_id",
      "posts.author_id",
      "posts.position",
      "posts.body_source",
      "posts.deleted_at",
      "posts.status",
      "posts.hidden_at",
      "posts.edited_at",
      "posts.crisis_at",
      "threads.is_locked",
      "threads.deleted_at as thread_deleted_at",
      "threads.status as thread_status",
      "threads.hidden_at as thread_hidden_at",
      "threads.title",
      "users.display_name as author_name",
    ])
    .where("posts.id", "=", postId)
    .executeTakeFirst();
}

export type PostContext = NonNullable<Awaited<ReturnType<typeof getPostContext>>>;

/** The author edits their post; the version it replaces goes into the history. */
export async function editPost(db: Kysely<Database>, postId: number, editorId: string, body: string, now = clockNow()): Promise<void> {
  const html = renderMarkdown(body);
  await inTransaction(db, async (tx) => {
    const post = await tx
      .selectFrom("posts")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .select(["posts.id", "posts.author_id", "posts.body_source", "posts.body_html", "posts.deleted_at", "posts.position", "threads.title"])
      .where("posts.id", "=", postId)
      .executeTakeFirst();
    if (!post || post.deleted_at) throw new PostRuleError("That post is no longer here.", 404);
    if (post.author_id !== editorId) throw new PostRuleError("You can only edit your own posts.", 403);
    if (post.body_source === body) return;
    await tx.insertInto("post_revisions").values({ post_id: postId, body_source: post.body_source, body_html: post.body_html, replaced_at: now.toISOString() }).execute();
    await tx.updateTable("posts").set({ body_source: body, body_html: html, edited_at: now.toISOString() }).where("id", "=", postId).execute();
    await indexPost(tx, postId, post.position === 0 ? post.title : "", html);
  });
}

/**
 * The author removes their post. The thread keeps its shape ("post removed by its author"); the
 * words and their earlier versions are gone.
 */
export async function deleteOwnPost(db: Kysely<Database>, postId: number, userId: string, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const post = await tx.selectFrom("posts").select(["id", "author_id", "deleted_at"]).where("id", "=", postId).executeTakeFirst();
    if (!post || post.deleted_at) throw new PostRuleError("That post is no longer here.", 404);
    if (post.author_id !== userId) throw new PostRuleError("You can only delete your own posts.", 403);
    await tx.updateTable("posts").set({ deleted_at: now.toISOString(), deleted_by: "author", body_source: "", body_html: "" }).where("id", "=", postId).execute();
    await tx.deleteFrom("post_revisions").where("post_id", "=", postId).execute();
    await tx.deleteFrom("post_reactions").where("post_id", "=", postId).execute();
    await unindexPost(tx, postId);
  });
}

export async function listRevisions(db: Kysely<Database>, postId: number) {
  return db.selectFrom("post_revisions").select(["id", "body_html", "replaced_at"]).where("post_id", "=", postId).orderBy("id", "desc").limit(100).execute();
}

/** Adds the reaction, or takes it back if the member had already given it. Returns whether it is now on. */
export async function toggleReaction(db: Kysely<Database>, postId: number, userId: string, kind: ReactionKind, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    // Only a post everyone in its group can see takes reactions (app/policy/content.ts, mayReactToPost).
    const live = await tx
      .selectFrom("posts")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .select(["posts.id", "posts.crisis_at", "posts.author_id"])
      .where("posts.id", "=", postId)
      .where("posts.status", "=", "published")
      .where("posts.hidden_at", "is", null)
      .where("posts.deleted_at", "is", null)
      .where("threads.status", "=", "published")
      .where("threads.hidden_at", "is", null)
      .where("threads.deleted_at", "is", null)
      .executeTakeFirst();
    if (!live) throw new PostRuleError("That post is no longer here.", 404);
    const removed = await tx.deleteFrom("post_reactions").where("post_id", "=", postId).where("user_id", "=", userId).where("kind", "=", kind).executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) return false;
    if (!mayGiveReaction(live, userId, kind))
      throw new PostRuleError("This member may be struggling, so this post doesn't take that reaction. A kind reply helps; if you're worried, report it to a moderator.", 409);
    await tx
      .insertInto("post_reactions")
      .values({ post_id: postId, user_id: userId, kind, created_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await notifyReaction(tx, postId, userId);
    return true;
  });
}
