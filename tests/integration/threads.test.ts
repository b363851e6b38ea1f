import { describe, expect, it } from "vitest";
import type { KyselyPlugin } from "kysely";
import { addMember } from "../../app/models/groups.server";
import { deleteUser, updateProfile } from "../../app/models/users.server";
import { createThread, getThread, markRead, pageCount, pageOfPosition, POSTS_PER_PAGE, readCountOf, replyToThread, THREADS_PER_PAGE } from "../../app/models/threads.server";
import { deleteOwnPost, editPost, listRevisions, toggleReaction } from "../../app/models/posts.server";
import { getThreadPage, listThreads } from "../../app/models/thread-pages.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();

async function groupWithMembers(n = 2) {
  const group = await makeGroup(t.db);
  const users = [];
  for (let i = 0; i < n; i++) {
    const u = await makeUser(t.db);
    await addMember(t.db, group.id, u.id);
    users.push(u);
  }
  return { group, users };
}

describe("threads and replies", () => {
  it("a thread starts with its opening post, rendered safely, and counts in its group", async () => {
    const { group, users } = await groupWithMembers(1);
    const { threadId, created } = await createThread(t.db, group.id, users[0]!.id, { title: "Thirty days", body: "**30 days** <script>x</script>", clientToken: "tok-1" });
    expect(created).toBe(true);
    const thread = await getThread(t.db, threadId);
    expect(thread).toMatchObject({ title: "Thirty days", post_count: 1, is_locked: 0, is_pinned: 0 });
    const [post] = await getThreadPage(t.db, thread!, 1, users[0]!.id);
    expect(post!.position).toBe(0);
    expect(post!.body_html).toContain("<strong>30 days</strong>");
    expect(post!.body_html).not.toContain("<script");
    const g = await t.db.selectFrom("groups").select(["thread_count", "last_activity_at"]).where("id", "=", group.id).executeTakeFirstOrThrow();
    expect(g.thread_count).toBe(1);
    expect(g.last_activity_at).toBe(thread!.created_at);
    expect(await readCountOf(t.db, users[0]!.id, threadId)).toBe(1);
  });

  it("posting the same form twice (a double click) creates one thread and one reply", async () => {
    const { group, users } = await groupWithMembers(1);
    const a = await createThread(t.db, group.id, users[0]!.id, { title: "Once", body: "only once", clientToken: "same-token" });
    const b = await createThread(t.db, group.id, users[0]!.id, { title: "Once", body: "only once", clientToken: "same-token" });
    expect(b).toEqual({ threadId: a.threadId, created: false });
    const [r1, r2] = await Promise.all([
      replyToThread(t.db, a.threadId, users[0]!.id, { body: "reply", clientToken: "reply-token" }),
      replyToThread(t.db, a.threadId, users[0]!.id, { body: "reply", clientToken: "reply-token" }),
    ]);
    expect(r1.postId).toBe(r2.postId);
    const posts = await t.db.selectFrom("posts").select("id").where("thread_id", "=", a.threadId).execute();
    expect(posts).toHaveLength(2);
  });

  it("replies take the next positions, even when they arrive together", async () => {
    const { group, users } = await groupWithMembers(3);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Busy", body: "go", clientToken: null });
    await Promise.all(users.map((u, i) => replyToThread(t.db, threadId, u.id, { body: `reply ${i}`, clientToken: null })));
    const positions = (await t.db.selectFrom("posts").select("position").where("thread_id", "=", threadId).orderBy("position").execute()).map((p) => p.position);
    expect(positions).toEqual([0, 1, 2, 3]);
    expect((await getThread(t.db, threadId))!.post_count).toBe(4);
  });

  it("a locked thread can be read but takes no replies; a deleted one is gone", async () => {
    const { group, users } = await groupWithMembers(1);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Closed", body: "text", clientToken: null });
    await t.db.updateTable("threads").set({ is_locked: 1 }).where("id", "=", threadId).execute();
    await expect(replyToThread(t.db, threadId, users[0]!.id, { body: "late", clientToken: null })).rejects.toMatchObject({ status: 409 });
    expect(await getThread(t.db, threadId)).toMatchObject({ id: threadId, title: "Closed" });
    await t.db.updateTable("threads").set({ is_locked: 0, deleted_at: new Date().toISOString() }).where("id", "=", threadId).execute();
    await expect(replyToThread(t.db, threadId, users[0]!.id, { body: "late", clientToken: null })).rejects.toMatchObject({ status: 404 });
    expect(await getThread(t.db, threadId)).toBeUndefined();
    const posts = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
    expect(posts).toHaveLength(1);
  });

  it("a quote points at a post of the same thread only", async () => {
    const { group, users } = await groupWithMembers(2);
    const one = await createThread(t.db, group.id, users[0]!.id, { title: "One", body: "first", clientToken: null });
    const two = await createThread(t.db, group.id, users[0]!.id, { title: "Two", body: "elsewhere", clientToken: null });
    const firstPost = await t.db.selectFrom("posts").select("id").where("thread_id", "=", one.threadId).executeTakeFirstOrThrow();
    const otherPost = await t.db.selectFrom("posts").select("id").where("thread_id", "=", two.threadId).executeTakeFirstOrThrow();
    const good = await replyToThread(t.db, one.threadId, users[1]!.id, { body: "> first\n\nSo true", clientToken: null, quotePostId: firstPost.id });
    const bad = await replyToThread(t.db, one.threadId, users[1]!.id, { body: "hm", clientToken: null, quotePostId: otherPost.id });
    const rows = await t.db.selectFrom("posts").select(["id", "quote_post_id"]).where("id", "in", [good.postId, bad.postId]).execute();
    expect(rows.find((r) => r.id === good.postId)?.quote_post_id).toBe(firstPost.id);
    expect(rows.find((r) => r.id === bad.postId)?.quote_post_id).toBeNull();
  });
});

describe("editing and deleting", () => {
  it("an edit keeps the earlier version in the history and marks the post edited", async () => {
    const { group, users } = await groupWithMembers(2);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Edit me", body: "first words", clientToken: null });
    const post = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    await expect(editPost(t.db, post.id, users[1]!.id, "not mine")).rejects.toMatchObject({ status: 403 });
    await editPost(t.db, post.id, users[0]!.id, "better *words*");
    const [shown] = await getThreadPage(t.db, (await getThread(t.db, threadId))!, 1, null);
    expect(shown!.body_html).toContain("<em>words</em>");
    expect(shown!.edited_at).not.toBeNull();
    const history = await listRevisions(t.db, post.id);
    expect(history.map((h) => h.body_html)).toEqual(["<p>first words</p>"]);
  });

  it("deleting one's own post keeps the thread's shape and removes the words and their history", async () => {
    const { group, users } = await groupWithMembers(2);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Shape", body: "opening", clientToken: null });
    const reply = await replyToThread(t.db, threadId, users[0]!.id, { body: "regret this", clientToken: null });
    await editPost(t.db, reply.postId, users[0]!.id, "regret this more");
    await replyToThread(t.db, threadId, users[1]!.id, { body: "after", clientToken: null });
    await expect(deleteOwnPost(t.db, reply.postId, users[1]!.id)).rejects.toMatchObject({ status: 403 });
    await deleteOwnPost(t.db, reply.postId, users[0]!.id);
    const page = await getThreadPage(t.db, (await getThread(t.db, threadId))!, 1, null);
    expect(page.map((p) => p.position)).toEqual([0, 1, 2]);
    expect(page[1]).toMatchObject({ deleted_by: "author", body_html: "" });
    expect(await listRevisions(t.db, reply.postId)).toEqual([]);
    const raw = await t.db.selectFrom("posts").select("body_source").where("id", "=", reply.postId).executeTakeFirstOrThrow();
    expect(raw.body_source).toBe("");
    await expect(editPost(t.db, reply.postId, users[0]!.id, "back")).rejects.toMatchObject({ status: 404 });
  });
});

describe("reactions", () => {
  it("one of each kind per member per post, toggled, counted, with the viewer's own marked", async () => {
    const { group, users } = await groupWithMembers(3);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Chip", body: "90 days today", clientToken: null });
    const post = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    expect(await toggleReaction(t.db, post.id, users[1]!.id, "support")).toBe(true);
    expect(await toggleReaction(t.db, post.id, users[2]!.id, "support")).toBe(true);
    expect(await toggleReaction(t.db, post.id, users[2]!.id, "proud")).toBe(true);
    expect(await toggleReaction(t.db, post.id, users[2]!.id, "proud")).toBe(false);
    const [seenBy1] = await getThreadPage(t.db, (await getThread(t.db, threadId))!, 1, users[1]!.id);
    expect(seenBy1!.reactions).toEqual({ support: { count: 2, mine: true } });
    const [seenBy0] = await getThreadPage(t.db, (await getThread(t.db, threadId))!, 1, users[0]!.id);
    expect(seenBy0!.reactions).toEqual({ support: { count: 2, mine: false } });
  });
});

describe("pages and read state", () => {
  it("pages of a thread are exact, the last one as the first", async () => {
    const { group, users } = await groupWithMembers(1);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Long", body: "post 0", clientToken: null });
    for (let i = 1; i < POSTS_PER_PAGE * 2 + 5; i++) await replyToThread(t.db, threadId, users[0]!.id, { body: `post ${i}`, clientToken: null });
    const thread = (await getThread(t.db, threadId))!;
    expect(pageCount(thread.post_count)).toBe(3);
    const last = await getThreadPage(t.db, thread, 3, null);
    expect(last.map((p) => p.position)).toEqual([40, 41, 42, 43, 44]);
    const first = await getThreadPage(t.db, thread, 1, null);
    expect(first).toHaveLength(POSTS_PER_PAGE);
    expect(await getThreadPage(t.db, thread, 9, null)).toEqual([]);
    expect(pageOfPosition(0)).toBe(1);
    expect(pageOfPosition(POSTS_PER_PAGE)).toBe(2);
  });

  it("the board puts pinned threads first, then recent activity, in keyset pages, with unread counts", async () => {
    const { group, users } = await groupWithMembers(2);
    const [me, other] = users as [(typeof users)[0], (typeof users)[0]];
    const base = Date.UTC(2026, 5, 1);
    const ids: number[] = [];
    for (let i = 0; i < THREADS_PER_PAGE + 3; i++) {
      const { threadId } = await createThread(t.db, group.id, other.id, { title: `T${i}`, body: "b", clientToken: null }, new Date(base + i * 60_000));
      ids.push(threadId);
    }
    await t.db.updateTable("threads").set({ is_pinned: 1 }).where("id", "=", ids[0]!).execute();
    await replyToThread(t.db, ids[1]!, other.id, { body: "news", clientToken: null }, new Date(base + 999 * 60_000));
    await markRead(t.db, me.id, ids[1]!, 1);
    const first = await listThreads(t.db, group.id, me.id);
    expect(first.threads[0]!.title).toBe("T0");
    expect(first.threads[1]!.title).toBe("T1");
    expect(first.threads[1]).toMatchObject({ unread: 1, neverRead: false, last_author_name: other.display_name, post_count: 2 });
    expect(first.threads[2]).toMatchObject({ neverRead: true });
    expect(first.threads).toHaveLength(THREADS_PER_PAGE);
    const second = await listThreads(t.db, group.id, me.id, first.next!);
    expect(second.threads).toHaveLength(3);
    const all = [...first.threads, ...second.threads].map((th) => th.id);
    expect(new Set(all).size).toBe(ids.length);
    expect(second.next).toBeNull();
    // A hidden thread is on the moderators' board only, on whichever page it falls.
    const hiddenIds = [ids[10]!, ids[3]!]; // one on the first page, one on the second
    await t.db
      .updateTable("threads")
      .set({ hidden_at: new Date(base).toISOString() })
      .where("id", "in", hiddenIds)
      .execute();
    const board = async (moderator: boolean) => {
      const page1 = await listThreads(t.db, group.id, me.id, undefined, moderator);
      const page2 = await listThreads(t.db, group.id, me.id, page1.next!, moderator);
      return [...page1.threads, ...page2.threads].map((th) => th.id);
    };
    const seenByMember = await board(false);
    expect(seenByMember).toHaveLength(ids.length - 2);
    expect(seenByMember).not.toContain(hiddenIds[0]);
    expect(seenByMember).not.toContain(hiddenIds[1]);
    expect(await board(true)).toEqual(all);
  });

  it("read state only moves forward", async () => {
    const { group, users } = await groupWithMembers(1);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "R", body: "b", clientToken: null });
    const reader = await makeUser(t.db);
    await markRead(t.db, reader.id, threadId, 5);
    await markRead(t.db, reader.id, threadId, 2);
    expect(await readCountOf(t.db, reader.id, threadId)).toBe(5);
  });
});

describe("pages of posts kept in memory (threads.posts_stamp)", () => {
  /** The test database, counting the statements run through it. */
  function counted() {
    let statements = 0;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements++;
        return args.result;
      },
    };
    return { db: t.db.withPlugin(plugin), statements: () => statements };
  }

  it("a page read again is not read from the database, yet each member sees their own reactions", async () => {
    const { group, users } = await groupWithMembers(3);
    const { threadId } = await createThread(t.db, group.id, users[0]!.id, { title: "Kept", body: "day one", clientToken: null });
    await replyToThread(t.db, threadId, users[1]!.id, { body: "welcome", clientToken: null });
    const [opening] = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).orderBy("position").execute();
    await toggleReaction(t.db, opening!.id, users[1]!.id, "support");
    const thread = (await getThread(t.db, threadId))!;
    const c = counted();

    const first = await getThreadPage(c.db, thread, 1, null);
    expect(c.statements()).toBe(1);
    expect(await getThreadPage(c.db, thread, 1, null)).toEqual(first);
    expect(c.statements()).toBe(1);
    expect(first[0]!.reactions).toEqual({ support: { count: 1, mine: false } });

    // Members: the kept page, and one small statement for their own reactions.
    const [byReactor] = await getThreadPage(c.db, thread, 1, users[1]!.id);
    expect(byReactor!.reactions).toEqual({ support: { count: 1, mine: true } });
    const [byOther] = await getThreadPage(c.db, thread, 1, users[2]!.id);
    expect(byOther!.reactions).toEqual({ support: { count: 1, mine: false } });
    expect(c.statements()).toBe(3);
    // …and a visitor after them sees nobody's own.
    expect((await getThreadPage(c.db, thread, 1, null))[0]!.reactions).toEqual({ support: { count: 1, mine: false } });
    expect(c.statements()).toBe(3);
  });

  it("anything the page shows that changes, by any path, gives the thread a new stamp and the page is read afresh", async () => {
    const { group, users } = await groupWithMembers(3);
    const [author, other, reactor] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    const { threadId } = await createThread(t.db, group.id, author.id, { title: "Changes", body: "first words", clientToken: null });
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    const stamps = new Set<number>();
    /** The page as a visitor sees it now, having checked the stamp moved since last time. */
    async function pageNow() {
      const thread = (await getThread(t.db, threadId))!;
      expect(stamps.has(thread.posts_stamp)).toBe(false);
      stamps.add(thread.posts_stamp);
      return getThreadPage(t.db, thread, 1, null);
    }
    expect((await pageNow())[0]!.body_html).toContain("first words");

    const reply = await replyToThread(t.db, threadId, other.id, { body: "a reply", clientToken: null });
    expect((await pageNow()).map((p) => p.body_html)).toEqual(["<p>first words</p>", "<p>a reply</p>"]);

    await editPost(t.db, opening.id, author.id, "second words");
    expect((await pageNow())[0]).toMatchObject({ body_html: "<p>second words</p>", edited_at: expect.any(String) });

    await toggleReaction(t.db, opening.id, reactor.id, "support");
    expect((await pageNow())[0]!.reactions).toEqual({ support: { count: 1, mine: false } });
    await toggleReaction(t.db, opening.id, reactor.id, "support");
    expect((await pageNow())[0]!.reactions).toEqual({});

    // A moderator's hide, here written straight to the table: the triggers see every path.
    await t.db.updateTable("posts").set({ hidden_at: "2026-12-02T10:00:00.000Z", hidden_reason: "Names a member" }).where("id", "=", reply.postId).execute();
    expect((await pageNow())[1]).toMatchObject({ hidden_reason: "Names a member" });

    await updateProfile(t.db, author.id, { displayName: "Renamed Author", timeZone: "UTC", bio: "" });
    expect((await pageNow())[0]!.author_name).toBe("Renamed Author");

    await deleteOwnPost(t.db, reply.postId, other.id);
    expect((await pageNow())[1]).toMatchObject({ deleted_by: "author" });

    await toggleReaction(t.db, opening.id, reactor.id, "thanks");
    expect((await pageNow())[0]!.reactions).toEqual({ thanks: { count: 1, mine: false } });
    // A deleted account: their reactions go, their posts stay as a former member's.
    await deleteUser(t.db, reactor.id);
    expect((await pageNow())[0]!.reactions).toEqual({});
    await deleteUser(t.db, author.id);
    expect((await pageNow())[0]!.author_name).toBeNull();
  });
});
