/**
 * Reading a group's board and a thread: the thread page's first statement (group, membership,
 * thread and read state), the board's pages of threads, and a thread's pages of posts (kept in
 * memory under the thread's posts_stamp). Posts have a dense position in their thread, so any page
 * of a thread — the 500th as the 1st — is one index range.
 */
import { sql, type Kysely } from "kysely";
import type { Database, Thread } from "../../db/schema";
import { dialectOf } from "../../db/client";
import { prepared } from "../../db/prepared";
import { accessIfVisible, type GroupHead, type Viewer } from "./groups.server";
import { inAnyBlockSql } from "../policy/blocks";
import { POSTS_PER_PAGE, THREADS_PER_PAGE } from "./threads.server";

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
          .select(["group_members.role as membership", "thread_reads.read_count"])
          // Whether the viewer blocked anyone or was blocked (most members: neither): only then does the page load their blocks.
          .select(sql<number>`case when ${inAnyBlockSql(p.viewerId)} then 1 else 0 end`.as("in_blocks")),
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
  /** The viewer blocked someone or was blocked: their block list is needed to show the posts. */
  in_blocks: boolean;
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
          in_blocks: Number(row.in_blocks ?? 0) === 1,
        };
  const group: GroupHead = { id: row.id, slug: row.slug, name: row.name, visibility: row.visibility };
  return { access: accessIfVisible(group, viewer, row.membership ?? null), thread };
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
          "threads.author_id",
          "last.author_id as last_author_id",
        ])
        // As on the thread page: whether the viewer is in any block (one uncorrelated look, not per row); only then are their blocks loaded.
        .select(sql<number>`case when ${inAnyBlockSql(p.viewerId)} then 1 else 0 end`.as("in_blocks"))
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
      author_id: t.author_id,
      last_author_id: t.last_author_id,
      unread: viewerId ? Math.max(0, t.post_count - (t.read_count ?? 0)) : 0,
      neverRead: viewerId ? t.read_count === null : false,
    })),
    next: rows.length > THREADS_PER_PAGE && last ? { pinned: last.is_pinned, lastPostAt: last.last_post_at, id: last.id } : null,
    /** The viewer blocked someone or was blocked: their block list is needed to show the threads. */
    inBlocks: rows.length > 0 && Number(rows[0]!.in_blocks) === 1,
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
