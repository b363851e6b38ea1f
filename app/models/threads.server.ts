/**
 * Writing threads: starting one, replying (quoting; held for approval when the posting rules say
 * so), and what each member has read. Posts have a dense position in their thread (0 = the
 * opening post), so any page of a thread — the 500th as the 1st — is one index range.
 * Reading the board and a thread's pages: thread-pages.server.ts; a post once written (edits,
 * removal, reactions): posts.server.ts.
 */
import type { Kysely } from "kysely";
import type { Database, Thread } from "../../db/schema";
import { isUniqueViolation, inTransaction } from "../../db/client";
import { renderMarkdown } from "../utils/markdown.server";
import { indexPost } from "./search.server";
import { notifyNewPost } from "./board-notifications.server";

export const POSTS_PER_PAGE = 20;
export const THREADS_PER_PAGE = 25;
export const TITLE_MAX = 150;
export const BODY_MAX = 20_000;

export { REACTIONS, isReactionKind, type ReactionKind } from "../utils/reactions";
import { now as clockNow } from "../utils/clock.server";

export class PostRuleError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 409,
  ) {
    super(message);
  }
}

export function pageOfPosition(position: number): number {
  return Math.floor(position / POSTS_PER_PAGE) + 1;
}

/** Where a post is: its thread's page and its anchor (the thread itself without a position). */
export function postHref(groupSlug: string, threadId: number, position: number | null): string {
  const thread = `/groups/${groupSlug}/threads/${threadId}`;
  return position === null ? thread : `${thread}?page=${pageOfPosition(position)}#post-${position}`;
}

export function pageCount(postCount: number): number {
  return Math.max(1, Math.ceil(postCount / POSTS_PER_PAGE));
}

/** A thread that is still there (not deleted), in the given group. */
export async function getThread(db: Kysely<Database>, threadId: number): Promise<Thread | undefined> {
  if (!Number.isSafeInteger(threadId) || threadId <= 0) return undefined;
  return db.selectFrom("threads").selectAll().where("id", "=", threadId).where("deleted_at", "is", null).executeTakeFirst();
}

async function postByToken(db: Kysely<Database>, authorId: string, clientToken: string | null) {
  if (!clientToken) return undefined;
  return db.selectFrom("posts").select(["id", "thread_id", "position"]).where("author_id", "=", authorId).where("client_token", "=", clientToken).executeTakeFirst();
}

async function markReadTx(db: Kysely<Database>, userId: string, threadId: number, readCount: number, now: Date) {
  await db
    .insertInto("thread_reads")
    .values({ user_id: userId, thread_id: threadId, read_count: readCount, updated_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doUpdateSet({ read_count: readCount, updated_at: now.toISOString() }).where("thread_reads.read_count", "<", readCount))
    .execute();
}

/**
 * Moderation hooks for a new post: `pending` holds it for a moderator's approval (no position, not
 * on the board, not indexed, nobody notified); `onCreated` runs in the same transaction (flags for
 * the review queue).
 */
export interface PostModeration {
  pending?: boolean;
  onCreated?: (tx: Kysely<Database>, postId: number) => Promise<void>;
}

/** Starts a thread with its opening post. A repeated submission of the same form returns the first thread. */
export async function createThread(
  db: Kysely<Database>,
  groupId: number,
  authorId: string,
  input: { title: string; body: string; clientToken: string | null } & PostModeration,
  now = clockNow(),
): Promise<{ threadId: number; created: boolean }> {
  const html = renderMarkdown(input.body);
  const iso = now.toISOString();
  const existing = await postByToken(db, authorId, input.clientToken);
  if (existing) return { threadId: existing.thread_id, created: false };
  try {
    return await inTransaction(db, async (tx) => {
      const thread = await tx
        .insertInto("threads")
        .values({
          group_id: groupId,
          author_id: authorId,
          title: input.title,
          created_at: iso,
          last_post_at: iso,
          post_count: input.pending ? 0 : 1,
          deleted_at: null,
          status: input.pending ? "pending" : "published",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const opening = await tx
        .insertInto("posts")
        .values({
          thread_id: thread.id,
          group_id: groupId,
          author_id: authorId,
          position: input.pending ? null : 0,
          status: input.pending ? "pending" : "published",
          body_source: input.body,
          body_html: html,
          quote_post_id: null,
          created_at: iso,
          edited_at: null,
          deleted_at: null,
          deleted_by: null,
          client_token: input.clientToken,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await input.onCreated?.(tx, opening.id);
      if (input.pending) return { threadId: thread.id, created: true };
      await indexPost(tx, opening.id, input.title, html);
      await tx
        .updateTable("groups")
        .set((eb) => ({ thread_count: eb("thread_count", "+", 1), last_activity_at: iso }))
        .where("id", "=", groupId)
        .execute();
      await markReadTx(tx, authorId, thread.id, 1, now);
      await notifyNewPost(tx, opening.id);
      return { threadId: thread.id, created: true };
    });
  } catch (error) {
    // Two submissions raced: the other one won; answer with its thread.
    const winner = isUniqueViolation(error) ? await postByToken(db, authorId, input.clientToken) : undefined;
    if (winner) return { threadId: winner.thread_id, created: false };
    throw error;
  }
}

/** Adds a reply at the end of the thread. Locked and deleted threads take no replies. */
export async function replyToThread(
  db: Kysely<Database>,
  threadId: number,
  authorId: string,
  input: { body: string; clientToken: string | null; quotePostId?: number | null } & PostModeration,
  now = clockNow(),
): Promise<{ postId: number; position: number; created: boolean }> {
  if (input.pending) return holdReply(db, threadId, authorId, input, now);
  const html = renderMarkdown(input.body);
  const iso = now.toISOString();
  const existing = await postByToken(db, authorId, input.clientToken);
  if (existing && existing.thread_id === threadId) return { postId: existing.id, position: existing.position ?? 0, created: false };
  try {
    return await inTransaction(db, async (tx) => {
      // Taking the next position locks the thread's row, so concurrent replies get distinct places.
      const thread = await tx
        .updateTable("threads")
        .set((eb) => ({ post_count: eb("post_count", "+", 1), last_post_at: iso }))
        .where("id", "=", threadId)
        .where("deleted_at", "is", null)
        .where("is_locked", "=", 0)
        .returning(["post_count", "group_id"])
        .executeTakeFirst();
      if (!thread) {
        const why = await tx.selectFrom("threads").select(["is_locked", "deleted_at"]).where("id", "=", threadId).executeTakeFirst();
        if (why && !why.deleted_at && why.is_locked) throw new PostRuleError("This thread is locked: it can be read, but it takes no new replies.", 409);
        throw new PostRuleError("This thread is no longer here.", 404);
      }
      let quote: number | null = null;
      if (input.quotePostId) {
        // Only a post everyone in the thread can see is linked as quoted (see app/policy/content.ts).
        const quoted = await tx
          .selectFrom("posts")
          .select("id")
          .where("id", "=", input.quotePostId)
          .where("thread_id", "=", threadId)
          .where("deleted_at", "is", null)
          .where("status", "=", "published")
          .where("hidden_at", "is", null)
          .executeTakeFirst();
        quote = quoted?.id ?? null;
      }
      const position = thread.post_count - 1;
      const post = await tx
        .insertInto("posts")
        .values({
          thread_id: threadId,
          group_id: thread.group_id,
          author_id: authorId,
          position,
          body_source: input.body,
          body_html: html,
          quote_post_id: quote,
          created_at: iso,
          edited_at: null,
          deleted_at: null,
          deleted_by: null,
          client_token: input.clientToken,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await input.onCreated?.(tx, post.id);
      await indexPost(tx, post.id, "", html);
      await tx.updateTable("groups").set({ last_activity_at: iso }).where("id", "=", thread.group_id).execute();
      await markReadTx(tx, authorId, threadId, thread.post_count, now);
      await notifyNewPost(tx, post.id);
      return { postId: post.id, position, created: true };
    });
  } catch (error) {
    const winner = isUniqueViolation(error) ? await postByToken(db, authorId, input.clientToken) : undefined;
    if (winner) return { postId: winner.id, position: winner.position ?? 0, created: false };
    throw error;
  }
}

/** A reply held for approval: stored without a place in the thread until a moderator approves it. */
async function holdReply(db: Kysely<Database>, threadId: number, authorId: string, input: { body: string; clientToken: string | null } & PostModeration, now: Date) {
  const existing = await postByToken(db, authorId, input.clientToken);
  if (existing && existing.thread_id === threadId) return { postId: existing.id, position: existing.position ?? -1, created: false };
  return inTransaction(db, async (tx) => {
    const thread = await tx.selectFrom("threads").select(["group_id", "is_locked", "deleted_at"]).where("id", "=", threadId).executeTakeFirst();
    if (!thread || thread.deleted_at) throw new PostRuleError("This thread is no longer here.", 404);
    if (thread.is_locked) throw new PostRuleError("This thread is locked: it can be read, but it takes no new replies.", 409);
    const post = await tx
      .insertInto("posts")
      .values({
        thread_id: threadId,
        group_id: thread.group_id,
        author_id: authorId,
        position: null,
        status: "pending",
        body_source: input.body,
        body_html: renderMarkdown(input.body),
        quote_post_id: null,
        created_at: now.toISOString(),
        edited_at: null,
        deleted_at: null,
        deleted_by: null,
        client_token: input.clientToken,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await input.onCreated?.(tx, post.id);
    return { postId: post.id, position: -1, created: true };
  });
}

export async function markRead(db: Kysely<Database>, userId: string, threadId: number, readCount: number, now = clockNow()): Promise<void> {
  await markReadTx(db, userId, threadId, readCount, now);
}

export async function readCountOf(db: Kysely<Database>, userId: string, threadId: number): Promise<number> {
  const row = await db.selectFrom("thread_reads").select("read_count").where("user_id", "=", userId).where("thread_id", "=", threadId).executeTakeFirst();
  return row?.read_count ?? 0;
}
