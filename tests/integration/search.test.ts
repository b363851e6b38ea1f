import { beforeEach, describe, expect, it } from "vitest";
import { addMember } from "../../app/models/groups.server";
import { highlight, searchPosts, searchTerms, tidySearchIndex } from "../../app/models/search.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { deleteOwnPost, editPost } from "../../app/models/posts.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import * as searchRoute from "../../app/routes/search/route";
import { createSession } from "../../app/models/sessions.server";
import { call, get } from "../helpers/requests";
import { createTestDatabase, TEST_DIALECT, useTestDatabase } from "../helpers/db";
import { createMigrator } from "../../db/migrator";
import { sql } from "kysely";

const t = useTestDatabase();
let groups: Record<"public" | "private" | "hidden", Group>;
let member: { id: string; role: string };
let outsider: { id: string; role: string };
let admin: { id: string; role: string };

beforeEach(async () => {
  groups = {
    public: await makeGroup(t.db, { visibility: "public" }),
    private: await makeGroup(t.db, { visibility: "private" }),
    hidden: await makeGroup(t.db, { visibility: "hidden" }),
  };
  const m = await makeUser(t.db);
  member = { id: m.id, role: "member" };
  const o = await makeUser(t.db);
  outsider = { id: o.id, role: "member" };
  const a = await makeUser(t.db, { role: "admin" });
  admin = { id: a.id, role: "admin" };
  for (const kind of ["public", "private", "hidden"] as const) {
    await addMember(t.db, groups[kind].id, m.id);
    await createThread(t.db, groups[kind].id, m.id, { title: `Lighthouse ${kind}`, body: `The lighthouse keeps shining in the ${kind} harbour.`, clientToken: null });
  }
});

const slugsOf = (hits: { groupSlug: string }[]) => [...new Set(hits.map((h) => h.groupSlug))].sort();

describe("search", () => {
  it("finds posts in public groups for everyone, and in their own groups for members", async () => {
    expect(slugsOf((await searchPosts(t.db, null, "lighthouse")).hits)).toEqual([groups.public.slug]);
    expect(slugsOf((await searchPosts(t.db, outsider, "lighthouse")).hits)).toEqual([groups.public.slug]);
    expect(slugsOf((await searchPosts(t.db, member, "lighthouse")).hits)).toEqual(
      Object.values(groups)
        .map((g) => g.slug)
        .sort(),
    );
    expect(slugsOf((await searchPosts(t.db, admin, "lighthouse")).hits)).toEqual(
      Object.values(groups)
        .map((g) => g.slug)
        .sort(),
    );
  });

  it("never returns a private or hidden group's posts to outsiders, even asked by group", async () => {
    for (const kind of ["private", "hidden"] as const) {
      expect((await searchPosts(t.db, outsider, "shining", { groupId: groups[kind].id })).hits).toEqual([]);
      expect((await searchPosts(t.db, null, kind)).hits).toEqual([]);
    }
  });

  it("ranks and highlights, with the snippet escaped", async () => {
    const g = await makeGroup(t.db);
    const author = await makeUser(t.db);
    await createThread(t.db, g.id, author.id, { title: "Evening walks", body: "Walking <script>alert(1)</script> helps with evening cravings.", clientToken: null });
    const { hits } = await searchPosts(t.db, null, "cravings", { groupId: g.id });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippetHtml).toContain("<mark>cravings</mark>");
    expect(hits[0]!.snippetHtml).not.toContain("<script");
    expect(hits[0]!.threadTitle).toBe("Evening walks");
  });

  it("matches whole words by their stem on both databases: 'walk' finds 'walking', the beginning 'mov' doesn't find 'Moving'", async () => {
    const g = await makeGroup(t.db);
    const author = await makeUser(t.db);
    await createThread(t.db, g.id, author.id, { title: "Moving", body: "Walking every morning", clientToken: null });
    expect((await searchPosts(t.db, null, "walk", { groupId: g.id })).hits).toHaveLength(1);
    expect((await searchPosts(t.db, null, "walks", { groupId: g.id })).hits).toHaveLength(1);
    expect((await searchPosts(t.db, null, "mov", { groupId: g.id })).hits).toEqual([]);
  });

  it("searches a group among that group's own matches, however many newer ones other groups hold", async () => {
    const [mine, busy] = [await makeGroup(t.db), await makeGroup(t.db)];
    const author = await makeUser(t.db);
    const { threadId } = await createThread(t.db, mine.id, author.id, { title: "Evening", body: "The harbourlight was on", clientToken: null });
    for (let i = 0; i < 4; i++) await createThread(t.db, busy.id, author.id, { title: `Busy ${i}`, body: `Another harbourlight story ${i}`, clientToken: null });
    // Ranking only the newest two matches site-wide, the older post in `mine` is not among them…
    const siteWide = await searchPosts(t.db, null, "harbourlight", { candidates: 2 });
    expect(slugsOf(siteWide.hits)).toEqual([busy.slug]);
    // …but a search of `mine` looks among its own matches.
    const inMine = await searchPosts(t.db, null, "harbourlight", { groupId: mine.id, candidates: 2 });
    expect(inMine.hits.map((h) => h.threadId)).toEqual([threadId]);
    expect((await searchPosts(t.db, null, "harbourlight", { groupId: busy.id, candidates: 2 })).hits).toHaveLength(2);
  });

  it("follows edits, and forgets deleted posts and deleted threads", async () => {
    const g = await makeGroup(t.db);
    const author = await makeUser(t.db);
    const { threadId } = await createThread(t.db, g.id, author.id, { title: "Garden", body: "Tomatoes grow slowly", clientToken: null });
    const reply = await replyToThread(t.db, threadId, author.id, { body: "Cucumbers are faster", clientToken: null });
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("position", "=", 0).executeTakeFirstOrThrow();
    await editPost(t.db, opening.id, author.id, "Peppers grow slowly");
    expect((await searchPosts(t.db, null, "tomatoes", { groupId: g.id })).hits).toEqual([]);
    expect((await searchPosts(t.db, null, "peppers", { groupId: g.id })).hits).toHaveLength(1);
    await deleteOwnPost(t.db, reply.postId, author.id);
    expect((await searchPosts(t.db, null, "cucumbers", { groupId: g.id })).hits).toEqual([]);
    await t.db.updateTable("threads").set({ deleted_at: new Date().toISOString() }).where("id", "=", threadId).execute();
    expect((await searchPosts(t.db, null, "peppers", { groupId: g.id })).hits).toEqual([]);
  });

  it("leaves out English stop words on both databases: 'the lighthouse' finds what 'lighthouse' finds, 'the' alone nothing", async () => {
    expect((await searchPosts(t.db, null, "the lighthouse")).hits.map((h) => h.postId)).toEqual((await searchPosts(t.db, null, "lighthouse")).hits.map((h) => h.postId));
    expect((await searchPosts(t.db, null, "lighthouse")).hits.length).toBeGreaterThan(0);
    expect((await searchPosts(t.db, null, "the")).hits).toEqual([]);
  });

  it("takes any text as a query without failing", async () => {
    for (const q of ['"', "NEAR(a b)", "a OR", "*", "-", "'; DROP TABLE posts; --", "ünïcödé", "x".repeat(500), ""]) {
      expect((await searchPosts(t.db, member, q)).hits, q).toEqual([]);
    }
    expect(searchTerms("  Sleep & anxiety!! ")).toEqual(["sleep", "anxiety"]);
    expect(searchTerms("The sleep I had was not good")).toEqual(["sleep", "good"]);
  });

  it("turns sentinel marks into <mark> only after escaping", () => {
    expect(highlight("a <b> \u0001word\u0002")).toBe("a &lt;b&gt; <mark>word</mark>");
  });
});

describe("the search page", () => {
  it("answers 404 when asked to search a group the viewer cannot read, and shows only readable hits", async () => {
    const { token } = await createSession(t.db, outsider.id);
    const cookie = `harbor_session=${token}`;
    for (const kind of ["private", "hidden"] as const) {
      const res = await call(searchRoute.loader, get(`/search?q=lighthouse&group=${groups[kind].slug}`, cookie));
      expect(res.status).toBe(404);
    }
    const res = await call<{ hits: { href: string; snippetHtml: string }[] }>(searchRoute.loader, get("/search?q=lighthouse", cookie));
    const hrefs = res.body.hits.map((hit) => hit.href);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((href) => href.startsWith(`/groups/${groups.public.slug}/`))).toBe(true);
    expect(res.body.hits[0]!.snippetHtml).toContain("<mark>lighthouse</mark>");
    expect(JSON.stringify(res.body)).not.toMatch(/private harbour|hidden harbour/);
  });

  it("ranks by relevance; a word in more posts than are ranked: still by ts_rank on PostgreSQL, newest first on SQLite", async () => {
    const g = await makeGroup(t.db);
    const author = await makeUser(t.db);
    const thread = async (title: string, body: string) => (await createThread(t.db, g.id, author.id, { title, body, clientToken: null })).threadId;
    const old = await thread("Evenings", "A dozy afternoon");
    const dense = await thread("Mornings", "Dozy, dozy, dozy.");
    const titled = await thread("Dozy days", "Some days are like that, long ones, and I take each of them slowly");
    const plain = await thread("Weekend", "I was dozy after a long walk by the sea with my sister and her dog");
    const order = async (candidates: number) => (await searchPosts(t.db, null, "dozy", { groupId: g.id, candidates })).hits.map((h) => h.threadId);
    // All four ranked: the word in the title, or as most of a short post, comes first.
    const ranked = await order(10);
    expect(new Set(ranked.slice(0, 2))).toEqual(new Set([titled, dense]));
    expect(ranked).toHaveLength(4);
    // Only the newest three of four considered. PostgreSQL's ts_rank still ranks them; SQLite's bm25
    // would first count the word in every post, so they come newest first.
    const newest = await order(3);
    expect(newest).not.toContain(old);
    expect(newest).toEqual(TEST_DIALECT === "sqlite" ? [plain, titled, dense] : [titled, dense, plain]);
  });

  it("upkeep merges SQLite's index into one segment and loses no post; PostgreSQL has nothing to do", async () => {
    const g = await makeGroup(t.db);
    const author = await makeUser(t.db);
    // Each post is written as its own small segment; FTS5 merges them only four at a time.
    for (let i = 0; i < 14; i++) await createThread(t.db, g.id, author.id, { title: `Night ${i}`, body: `The lanternfish glowed ${i}`, clientToken: null });
    if (TEST_DIALECT === "postgres") {
      expect(await tidySearchIndex(t.db)).toBe(0);
    } else {
      const segments = async () => (await sql<{ n: number }>`SELECT count(DISTINCT segid) AS n FROM post_search_idx`.execute(t.db)).rows[0]!.n;
      expect(await segments()).toBeGreaterThan(1);
      expect(await tidySearchIndex(t.db, { pagesPerStep: 1 })).toBeGreaterThan(1);
      expect(await segments()).toBe(1);
      expect(await tidySearchIndex(t.db)).toBe(1); // one look, nothing left to merge
    }
    expect((await searchPosts(t.db, null, "lanternfish", { groupId: g.id })).hits).toHaveLength(14);
    await createThread(t.db, g.id, author.id, { title: "Morning", body: "One more lanternfish", clientToken: null });
    expect((await searchPosts(t.db, null, "lanternfish", { groupId: g.id })).hits).toHaveLength(15);
  });

  it("pages through a word in more posts than are ranked: the newest ones the viewer may read, each once", async () => {
    const open = await makeGroup(t.db, { visibility: "public" });
    const closed = await makeGroup(t.db, { visibility: "private" });
    const author = await makeUser(t.db);
    const readable: number[] = [];
    for (let i = 0; i < 28; i++) {
      // Every seventh is in a private group the visitor may not read.
      const inClosed = i % 7 === 3;
      const { threadId } = await createThread(t.db, (inClosed ? closed : open).id, author.id, {
        title: `Pebbles ${i}`,
        body: `A pebble on the beach, number ${i}`,
        clientToken: null,
      });
      if (!inClosed) readable.push(threadId);
    }
    // 28 matches, 24 ranked: the newest 24, less the three private ones among them.
    const newest = readable.slice(-21).reverse();
    const first = await searchPosts(t.db, null, "pebble", { candidates: 24 });
    expect(first.hits).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    const second = await searchPosts(t.db, null, "pebble", { candidates: 24, page: 2 });
    expect(second.hasMore).toBe(false);
    const ids = [...first.hits, ...second.hits].map((h) => h.threadId);
    expect(new Set(ids)).toEqual(new Set(newest));
    expect(ids).toHaveLength(newest.length);
    // SQLite shows them newest first (bm25 is not asked); PostgreSQL ranks them by ts_rank.
    if (TEST_DIALECT === "sqlite") expect(ids).toEqual(newest);
  });

  it("says so when a query holds only words too common to search", async () => {
    const res = await call<{ searchable: boolean; hits: unknown[] }>(searchRoute.loader, get("/search?q=the+not"));
    expect(res.body).toMatchObject({ searchable: false, hits: [] });
    expect((await call<{ searchable: boolean }>(searchRoute.loader, get("/search?q=the+lighthouse"))).body.searchable).toBe(true);
  });
});

describe("the search index across the 2026-12-01 migration (SQLite keys it by -id, with each post's group)", () => {
  it("keeps every indexed post when migrated down and up again, and finds it in its group", async () => {
    const test = await createTestDatabase();
    try {
      const g = await makeGroup(test.db);
      const author = await makeUser(test.db);
      const { threadId } = await createThread(test.db, g.id, author.id, { title: "Tides", body: "The seawall held all night", clientToken: null });
      const migrator = createMigrator(test.db, test.schema);
      expect((await migrator.migrateTo("2026-12-01T1420_moderation_pending_index")).error).toBeUndefined();
      if (TEST_DIALECT === "sqlite") {
        const rows = await sql<{ rowid: number }>`SELECT rowid FROM post_search`.execute(test.db);
        expect(rows.rows.map((r) => r.rowid)).toEqual([threadId]); // the earlier layout: rowid = posts.id
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await searchPosts(test.db, null, "seawall", { groupId: g.id })).hits.map((h) => h.threadId)).toEqual([threadId]);
      expect((await searchPosts(test.db, null, "seawall")).hits).toHaveLength(1);
    } finally {
      await test.cleanup();
    }
  });
});
