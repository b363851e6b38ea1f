/**
 * Threads and their posts: starting, replying, quoting, editing (history kept), deleting (soft),
 * reactions, and what each member has read. Posts have a dense position in their thread
 * (0 = the opening post), so any page of a thread — the 500th as the 1st — is one index range.
 */
import { sql, type Kysely } from "kysely";
import type { Database, Thread } from "../../db/schema";
import { dialectOf, isUniqueViolation, inTransaction } from "../../db/client";
import { prepared } from "../../db/prepared";
import { renderMarkdown } from "../utils/markdown.server";
import { accessIfVisible, type GroupHead, type Viewer } from "./groups.server";
import { indexPost, unindexPost } from "./search.server";
import { notifyNewPost, notifyReaction } from "./board-notifications.server";
import { mayGiveReaction } from "../policy";

export const POSTS_PER_PAGE = 20;
export const THREADS_PER_PAGE = 25;
export const TITLE_MAX = 150;
export const BODY_MAX = 20_000;

export { REACTIONS, isReactionKind, type ReactionKind } from "../utils/reactions";
import type { ReactionKind } from "../utils/reactions";
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

// The thread page's first statement: the group at the slug, the viewer's membership, and the
// thread (if it is this group's and not deleted) with how far the viewer has read it. Prepared
// (db/prepared.ts) in two shapes: a visitor's leaves out the membership and the read state, two
// index lookups that could find nothing. Only the columns the thread page uses: every column read
// is a value made for JavaScript, and this statement runs on every thread page (32 columns → 14:
// 48–74 → 30–39 µs in a loop). The thread's columns are renamed so they don't meet the group's.
function groupAndThreadOf(withViewer: boolean) {
  return prepared((db, p: { slug: string; threadId: number; viewerId: string }) =>
    db
      .selectFrom("groups")
      .leftJoin("threads", (join) => join.onRef("threads.group_id", "=", "groups.id").on("threads.id", "=", p.threadId).on("threads.deleted_at", "is", null))
      .select(["groups.id", "groups.slug", "groups.name", "groups.visibility"])
      .select([
        "threads.id as t_id",
        "threads.author_id as t_author_id",
        "threads.title as t_title",
        "threads.post_count as t_post_count",
        "threads.is_pinned as t_is_pinned",
        "threads.is_locked as t_is_locked",
        "threads.status as t_status",
        "threads.hidden_at as t_hidden_at",
        "threads.slow_mode_minutes as t_slow_mode_minutes",
        "threads.posts_stamp as t_posts_stamp",
      ])
      .$if(withViewer, (qb) =>
        qb
          .leftJoin("group_members", (join) => join.onRef("group_members.group_id", "=", "groups.id").on("group_members.user_id", "=", p.viewerId))
          .leftJoin("thread_reads", (join) => join.onRef("thread_reads.thread_id", "=", "threads.id").on("thread_reads.user_id", "=", p.viewerId))
          .select(["group_members.role as membership", "thread_reads.read_count"]),
      )
      .where("groups.slug", "=", p.slug),
  );
}
const groupAndThreadForMember = groupAndThreadOf(true);
const groupAndThreadForVisitor = groupAndThreadOf(false);

/** What the thread page needs of its thread, and how far the viewer has read it. */
export type ThreadForViewer = Pick<
  Thread,
  "id" | "author_id" | "title" | "post_count" | "is_pinned" | "is_locked" | "status" | "hidden_at" | "slow_mode_minutes" | "posts_stamp"
> & {
  read_count: number | null;
};

/**
 * The group at this slug as this viewer may know it (as getGroupAccess, with the group's head
 * only), and a live thread of it with how far the viewer has read it (read_count null: never
 * opened, or no viewer) — in one statement. `access` is null when the group does not exist for the
 * viewer; `thread` is undefined when the group has no such live thread. Whether the viewer may
 * read it is for the caller (utils/groups.server.ts, requireGroupThread).
 */
export async function getGroupAndThread(db: Kysely<Database>, slug: string, threadId: number, viewer: Viewer) {
  const valid = Number.isSafeInteger(threadId) && threadId > 0;
  const params = { slug, threadId: valid ? threadId : 0, viewerId: viewer?.id ?? "" };
  const [row] = viewer ? await groupAndThreadForMember(db, params) : await groupAndThreadForVisitor(db, params);
  if (!row) return { access: null, thread: undefined };
  // Field by field (no `...rest`, which copies slowly): the types check that none is missed.
  const thread: ThreadForViewer | undefined =
    row.t_id === null
      ? undefined
      : {
          id: row.t_id,
          author_id: row.t_author_id,
          title: row.t_title!,
          post_count: row.t_post_count!,
          is_pinned: row.t_is_pinned!,
          is_locked: row.t_is_locked!,
          status: row.t_status!,
          hidden_at: row.t_hidden_at,
          slow_mode_minutes: row.t_slow_mode_minutes!,
          posts_stamp: row.t_posts_stamp!,
          read_count: row.read_count ?? null,
        };
  const group: GroupHead = { id: row.id, slug: row.slug, name: row.name, visibility: row.visibility };
  return { access: accessIfVisible(group, viewer, row.membership ?? null), thread };
}

export async function markRead(db: Kysely<Database>, userId: string, threadId: number, readCount: number, now = clockNow()): Promise<void> {
  await markReadTx(db, userId, threadId, readCount, now);
}

export async function readCountOf(db: Kysely<Database>, userId: string, threadId: number): Promise<number> {
  const row = await db.selectFrom("thread_reads").select("read_count").where("user_id", "=", userId).where("thread_id", "=", threadId).executeTakeFirst();
  return row?.read_count ?? 0;
}

// The board's page query, prepared (db/prepared.ts) in its four shapes: with or without hidden
// threads (moderators see them), first page or after a cursor. On SQLite it runs on the reader
// thread (db/reader.ts).
function boardQuery(includeHidden: boolean, withCursor: boolean) {
  return prepared(
    (db, p: { groupId: number; viewerId: string; pinned: number; lastPostAt: string; id: number }) => {
      let query = db
        .selectFrom("threads")
        .leftJoin("users as author", "author.id", "threads.author_id")
        .leftJoin("posts as last", (join) => join.onRef("last.thread_id", "=", "threads.id").on((eb) => eb("last.position", "=", eb("threads.post_count", "-", 1))))
        .leftJoin("users as last_author", "last_author.id", "last.author_id")
        .leftJoin("thread_reads", (join) => join.onRef("thread_reads.thread_id", "=", "threads.id").on("thread_reads.user_id", "=", p.viewerId))
        .select([
          "threads.id",
          "threads.title",
          "threads.created_at",
          "threads.last_post_at",
          "threads.post_count",
          "threads.is_pinned",
          "threads.is_locked",
          "author.display_name as author_name",
          "last_author.display_name as last_author_name",
          "thread_reads.read_count",
          "threads.hidden_at",
        ])
        .where("threads.group_id", "=", p.groupId)
        .where("threads.deleted_at", "is", null)
        // Threads waiting for approval are not on the board; hidden ones only for moderators.
        .where("threads.status", "=", "published")
        .orderBy("threads.is_pinned", "desc")
        .orderBy("threads.last_post_at", "desc")
        .orderBy("threads.id", "desc")
        .limit(THREADS_PER_PAGE + 1);
      if (!includeHidden) query = query.where("threads.hidden_at", "is", null);
      if (withCursor) query = query.where((eb) => eb(eb.refTuple("threads.is_pinned", "threads.last_post_at", "threads.id"), "<", eb.tuple(p.pinned, p.lastPostAt, p.id)));
      return query;
    },
    { reader: true },
  );
}
const boardQueries = [boardQuery(false, false), boardQuery(false, true), boardQuery(true, false), boardQuery(true, true)];

/**
 * One page of a group's board: pinned threads first, then by latest activity, keyset on
 * (is_pinned, last_post_at, id) — one index range whatever the page. With the viewer's read state
 * and the last poster's name, in one query.
 */
export async function listThreads(
  db: Kysely<Database>,
  groupId: number,
  viewerId: string | null,
  after?: { pinned: number; lastPostAt: string; id: number },
  includeHidden = false,
) {
  const query = boardQueries[(includeHidden ? 2 : 0) + (after ? 1 : 0)]!;
  const rows = await query(db, { groupId, viewerId: viewerId ?? "", pinned: after?.pinned ?? 0, lastPostAt: after?.lastPostAt ?? "", id: after?.id ?? 0 });
  const page = rows.slice(0, THREADS_PER_PAGE);
  const last = page[page.length - 1];
  return {
    threads: page.map((t) => ({
      id: t.id,
      title: t.title,
      created_at: t.created_at,
      last_post_at: t.last_post_at,
      post_count: t.post_count,
      is_pinned: t.is_pinned,
      is_locked: t.is_locked,
      author_name: t.author_name,
      last_author_name: t.last_author_name,
      read_count: t.read_count,
      hidden_at: t.hidden_at,
      unread: viewerId ? Math.max(0, t.post_count - (t.read_count ?? 0)) : 0,
      neverRead: viewerId ? t.read_count === null : false,
    })),
    next: rows.length > THREADS_PER_PAGE && last ? { pinned: last.is_pinned, lastPostAt: last.last_post_at, id: last.id } : null,
  };
}

// One statement: each post's reactions come along as a list of kinds (one entry per member), and
// the viewer's own as a second list. This page is Harbor's busiest; a second query cost more.
// Prepared (db/prepared.ts) in two shapes: for a member, and for a visitor (no reactions of their own).
function postsOfPage(withViewer: boolean) {
  return prepared((db, p: { threadId: number; first: number; end: number; viewerId: string }) => {
    const kinds = sql.raw(dialectOf(db) === "postgres" ? "string_agg(r.kind, ',')" : "group_concat(r.kind, ',')");
    return db
      .selectFrom("posts")
      .leftJoin("users", "users.id", "posts.author_id")
      .select([
        "posts.id",
        "posts.position",
        "posts.author_id",
        "posts.body_html",
        "posts.created_at",
        "posts.edited_at",
        "posts.deleted_at",
        "posts.deleted_by",
        "posts.quote_post_id",
        "users.display_name as author_name",
        "posts.hidden_at",
        "posts.hidden_reason",
        "posts.crisis_at",
        sql<string | null>`(SELECT ${kinds} FROM post_reactions r WHERE r.post_id = posts.id)`.as("reaction_kinds"),
        withViewer
          ? sql<string | null>`(SELECT ${kinds} FROM post_reactions r WHERE r.post_id = posts.id AND r.user_id = ${p.viewerId})`.as("my_kinds")
          : sql<string | null>`NULL`.as("my_kinds"),
      ])
      .where("posts.thread_id", "=", p.threadId)
      .where("posts.position", ">=", p.first)
      .where("posts.position", "<", p.end)
      .orderBy("posts.position", "asc");
  });
}
const postsForMember = postsOfPage(true);
const postsForVisitor = postsOfPage(false);

// A member's own reactions on a page of posts, when the page itself comes from memory.
const myReactionsOnPage = prepared((db, p: { threadId: number; first: number; end: number; viewerId: string }) =>
  db
    .selectFrom("posts")
    .innerJoin("post_reactions as r", (join) => join.onRef("r.post_id", "=", "posts.id").on("r.user_id", "=", p.viewerId))
    .select(["r.post_id", "r.kind"])
    .where("posts.thread_id", "=", p.threadId)
    .where("posts.position", ">=", p.first)
    .where("posts.position", "<", p.end),
);

type PageRow = Omit<Awaited<ReturnType<typeof postsForVisitor>>[number], "my_kinds">;

/**
 * Pages of posts this server has read, per database, each under the thread's posts_stamp when it
 * was read. Triggers give the thread a new stamp whenever anything such a page shows changes (see
 * db/migrations/2026-12-02T0900_thread_posts_stamp.ts), and the stamp comes with the thread in the
 * page's first statement, so a page is used only while it is exactly what the database holds —
 * on every server of a site, each with its own memory. What differs by viewer (their own
 * reactions, which words they may see) is applied afterwards, never kept here.
 * Bounded by the text it holds: the page used least recently goes first.
 */
const PAGES_KEPT_CHARS = 8_000_000;
interface KeptPage {
  stamp: number;
  rows: readonly PageRow[];
  chars: number;
}
const pagesKept = new WeakMap<Kysely<Database>, { pages: Map<string, KeptPage>; chars: number }>();

function keptPagesOf(db: Kysely<Database>) {
  let kept = pagesKept.get(db);
  if (!kept) pagesKept.set(db, (kept = { pages: new Map(), chars: 0 }));
  return kept;
}

function keepPage(db: Kysely<Database>, key: string, stamp: number, rows: readonly PageRow[]): void {
  const kept = keptPagesOf(db);
  const old = kept.pages.get(key);
  if (old) {
    kept.pages.delete(key);
    kept.chars -= old.chars;
  }
  const chars = rows.reduce((sum, row) => sum + row.body_html.length + 200, 0);
  if (chars > PAGES_KEPT_CHARS / 10) return;
  for (const [oldestKey, oldest] of kept.pages) {
    if (kept.chars + chars <= PAGES_KEPT_CHARS) break;
    kept.pages.delete(oldestKey);
    kept.chars -= oldest.chars;
  }
  kept.pages.set(key, { stamp, rows, chars });
  kept.chars += chars;
}

/** Where a thread's page of posts is kept. */
const pageKey = (threadId: number, page: number) => `${threadId}:${(page - 1) * POSTS_PER_PAGE}`;

/** The page of posts kept for this key and stamp, marked as just used; undefined if none. */
function keptAt(db: Kysely<Database>, key: string, stamp: number): KeptPage | undefined {
  const kept = pagesKept.get(db);
  const page = kept?.pages.get(key);
  if (!kept || !page || page.stamp !== stamp) return undefined;
  kept.pages.delete(key);
  kept.pages.set(key, page);
  return page;
}

/**
 * One page of a thread's posts, with reaction counts and the viewer's own reactions. One query,
 * or none when this server already holds the page at the thread's current stamp (then, for a
 * member and only if the page has reactions, one small query for their own).
 */
export async function getThreadPage(db: Kysely<Database>, thread: Pick<Thread, "id" | "posts_stamp">, page: number, viewerId: string | null) {
  const first = (page - 1) * POSTS_PER_PAGE;
  const params = { threadId: thread.id, first, end: first + POSTS_PER_PAGE, viewerId: viewerId ?? "" };
  const key = pageKey(thread.id, page);
  let rows = keptAt(db, key, thread.posts_stamp)?.rows;
  const mine = new Map<number, string>();
  if (rows) {
    if (viewerId && rows.some((row) => row.reaction_kinds !== null)) {
      for (const r of await myReactionsOnPage(db, params)) mine.set(r.post_id, mine.has(r.post_id) ? `${mine.get(r.post_id)},${r.kind}` : r.kind);
    }
  } else {
    const read = viewerId ? await postsForMember(db, params) : await postsForVisitor(db, params);
    const kept: PageRow[] = [];
    for (const p of read) {
      if (p.my_kinds) mine.set(p.id, p.my_kinds);
      kept.push({
        id: p.id,
        position: p.position,
        author_id: p.author_id,
        body_html: p.body_html,
        created_at: p.created_at,
        edited_at: p.edited_at,
        deleted_at: p.deleted_at,
        deleted_by: p.deleted_by,
        quote_post_id: p.quote_post_id,
        author_name: p.author_name,
        hidden_at: p.hidden_at,
        hidden_reason: p.hidden_reason,
        crisis_at: p.crisis_at,
        reaction_kinds: p.reaction_kinds,
      });
    }
    keepPage(db, key, thread.posts_stamp, kept);
    rows = kept;
  }
  // Named fields, not `...rest`: copying rows by spread was a visible share of this page's time.
  return rows.map((p) => {
    const reactions: Record<string, { count: number; mine: boolean }> = {};
    if (p.reaction_kinds) for (const kind of p.reaction_kinds.split(",")) (reactions[kind] ??= { count: 0, mine: false }).count++;
    const myKinds = mine.get(p.id);
    if (myKinds) for (const kind of myKinds.split(",")) if (reactions[kind]) reactions[kind].mine = true;
    return {
      id: p.id,
      position: p.position,
      author_id: p.author_id,
      body_html: p.body_html,
      created_at: p.created_at,
      edited_at: p.edited_at,
      deleted_at: p.deleted_at,
      deleted_by: p.deleted_by,
      quote_post_id: p.quote_post_id,
      author_name: p.author_name,
      hidden_at: p.hidden_at,
      hidden_reason: p.hidden_reason,
      crisis_at: p.crisis_at,
      reactions,
    };
  });
}
