/**
 * The board pages through their loaders and actions, as each kind of viewer: anonymous, signed-in
 * non-member, member, group moderator and site admin, in public, private and hidden groups.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as directory from "../../app/routes/groups._index/route";
import * as board from "../../app/routes/groups.$slug._index/route";
import * as newThread from "../../app/routes/groups.$slug.new/route";
import * as threadPage from "../../app/routes/groups.$slug.threads.$threadId/route";
import * as editPage from "../../app/routes/posts.$postId.edit/route";
import * as historyPage from "../../app/routes/posts.$postId.history/route";
import * as myGroups from "../../app/routes/my-groups/route";
import { addMember } from "../../app/models/groups.server";
import { DEFAULT_MODERATION_SETTINGS, saveModerationSettings } from "../../app/models/moderation.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { editPost } from "../../app/models/posts.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Role = "anonymous" | "outsider" | "member" | "moderator" | "admin";
const ROLES: Role[] = ["anonymous", "outsider", "member", "moderator", "admin"];

interface World {
  groups: Record<"public" | "private" | "hidden", Group>;
  threads: Record<"public" | "private" | "hidden", number>;
  posts: Record<"public" | "private" | "hidden", number>;
  cookies: Record<Role, string | undefined>;
  users: Record<Exclude<Role, "anonymous">, { id: string; email: string }>;
}
let w: World;

const signedIn = (role: "member" | "admin" = "member") => makeSignedInUser(t.db, { role });

beforeEach(async () => {
  // These accounts are minutes old: lift the trust limits for new members (tested in posting-rules.test.ts).
  await saveModerationSettings(t.db, { ...DEFAULT_MODERATION_SETTINGS, trust: { ...DEFAULT_MODERATION_SETTINGS.trust, newAccountHours: 0, establishedAfterPosts: 0 } }, null);
  const outsider = await signedIn();
  const member = await signedIn();
  const moderator = await signedIn();
  const admin = await signedIn("admin");
  const groups = {
    public: await makeGroup(t.db, { visibility: "public" }),
    private: await makeGroup(t.db, { visibility: "private" }),
    hidden: await makeGroup(t.db, { visibility: "hidden" }),
  };
  const threads = {} as World["threads"];
  const posts = {} as World["posts"];
  for (const kind of ["public", "private", "hidden"] as const) {
    await addMember(t.db, groups[kind].id, member.user.id);
    await addMember(t.db, groups[kind].id, moderator.user.id, "moderator");
    const { threadId } = await createThread(t.db, groups[kind].id, member.user.id, { title: `A ${kind} thread`, body: `Words for ${kind} members`, clientToken: null });
    threads[kind] = threadId;
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    posts[kind] = opening.id;
    await editPost(t.db, opening.id, member.user.id, `Words for ${kind} members, edited`);
  }
  w = {
    groups,
    threads,
    posts,
    cookies: { anonymous: undefined, outsider: outsider.cookie, member: member.cookie, moderator: moderator.cookie, admin: admin.cookie },
    users: { outsider: outsider.user, member: member.user, moderator: moderator.user, admin: admin.user },
  };
});

const params = (kind: keyof World["groups"]) => ({ slug: w.groups[kind].slug, threadId: String(w.threads[kind]), postId: String(w.posts[kind]) });

describe("reading", () => {
  // What each viewer gets from the thread page: 200, a sign-in redirect, or 404 — never a hint.
  const expected: Record<"public" | "private" | "hidden", Record<Role, number>> = {
    public: { anonymous: 200, outsider: 200, member: 200, moderator: 200, admin: 200 },
    private: { anonymous: 302, outsider: 404, member: 200, moderator: 200, admin: 200 },
    hidden: { anonymous: 404, outsider: 404, member: 200, moderator: 200, admin: 200 },
  };

  for (const kind of ["public", "private", "hidden"] as const) {
    for (const role of ROLES) {
      it(`${kind} thread page as ${role}: ${expected[kind][role]}`, async () => {
        const p = params(kind);
        const res = await call<{ posts: { bodyHtml: string }[] }>(threadPage.loader, get(`/groups/${p.slug}/threads/${p.threadId}`, w.cookies[role]), p);
        expect(res.status).toBe(expected[kind][role]);
        if (res.status === 200) expect(res.body.posts[0]!.bodyHtml).toContain(`Words for ${kind} members`);
        else expect(JSON.stringify(res.body)).not.toContain(`Words for ${kind}`);
      });
    }
  }

  it("a visitor's page of posts (kept in memory for every visitor) shows a member's reaction and reply at once", async () => {
    const { threadId } = await createThread(t.db, w.groups.public.id, w.users.member.id, { title: "Seen by visitors", body: "Opening words", clientToken: null });
    const p = { ...params("public"), threadId: String(threadId) };
    const path = `/groups/${p.slug}/threads/${threadId}`;
    type Posts = { bodyHtml: string; reactions: Record<string, number>; mine: string[] }[];
    const visitorSees = async () => (await call<{ posts: Posts }>(threadPage.loader, get(path), p)).body.posts;
    const first = await visitorSees();
    expect(first[0]!.bodyHtml).toContain("Opening words");
    expect(first[0]!.reactions).toEqual({});
    expect(await visitorSees()).toEqual(first);
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    expect((await call(threadPage.action, post(path, { kind: "support", postId: String(opening.id) }, w.cookies.moderator), p)).status).toBe(302);
    expect((await visitorSees())[0]!.reactions).toEqual({ support: 1 });
    expect((await call(threadPage.action, post(path, { intent: "reply", body: "A second voice" }, w.cookies.member), p)).status).toBe(302);
    expect((await visitorSees()).map((post) => post.bodyHtml).join()).toContain("A second voice");
    // A member's page is their own (their reactions pressed), never the visitor's.
    const memberSees = (await call<{ posts: Posts }>(threadPage.loader, get(path, w.cookies.moderator), p)).body.posts;
    expect(memberSees[0]!.mine).toEqual(["support"]);
    expect((await visitorSees()).every((post) => post.mine.length === 0)).toBe(true);
  });

  it("the board shows a private group's name and description to outsiders, but not its threads", async () => {
    const p = params("private");
    const res = await call<{ threads: { title: string }[]; viewer: { canRead: boolean } }>(board.loader, get(`/groups/${p.slug}`, w.cookies.outsider), p);
    expect(res.status).toBe(200);
    expect(res.body.threads).toEqual([]);
    expect(res.body.viewer.canRead).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain("A private thread");
    const member = await call<{ threads: { title: string }[] }>(board.loader, get(`/groups/${p.slug}`, w.cookies.member), p);
    expect(member.body.threads.map((thread) => thread.title)).toEqual(["A private thread"]);
  });

  it("the hidden group's board is a 404 to outsiders and the anonymous", async () => {
    const p = params("hidden");
    for (const role of ["anonymous", "outsider"] as const) {
      expect((await call(board.loader, get(`/groups/${p.slug}`, w.cookies[role]), p)).status).toBe(404);
    }
  });

  it("the directory never lists a hidden group to those outside it", async () => {
    for (const role of ["anonymous", "outsider"] as const) {
      const res = await call<{ groups: { slug: string }[] }>(directory.loader, get("/groups", w.cookies[role]));
      const slugs = res.body.groups.map((g) => g.slug);
      expect(slugs).not.toContain(w.groups.hidden.slug);
    }
  });

  it("a thread of one group cannot be read through another group's address", async () => {
    const res = await call(threadPage.loader, get(`/groups/${w.groups.public.slug}/threads/${w.threads.hidden}`, w.cookies.outsider), {
      slug: w.groups.public.slug,
      threadId: String(w.threads.hidden),
    });
    expect(res.status).toBe(404);
  });

  it("a post's edit history is for its author and the group's moderators", async () => {
    const p = params("public");
    expect((await call(historyPage.loader, get(`/posts/${p.postId}/history`, w.cookies.member), p)).status).toBe(200);
    expect((await call(historyPage.loader, get(`/posts/${p.postId}/history`, w.cookies.moderator), p)).status).toBe(200);
    expect((await call(historyPage.loader, get(`/posts/${p.postId}/history`, w.cookies.outsider), p)).status).toBe(403);
    const hidden = params("hidden");
    expect((await call(historyPage.loader, get(`/posts/${hidden.postId}/history`, w.cookies.outsider), hidden)).status).toBe(404);
  });

  it("My groups lists only the member's own groups, hidden ones included", async () => {
    const res = await call<{ groups: { slug: string }[] }>(myGroups.loader, get("/my-groups", w.cookies.member));
    expect(res.body.groups.map((g) => g.slug).sort()).toEqual(
      Object.values(w.groups)
        .map((g) => g.slug)
        .sort(),
    );
    const outsider = await call<{ groups: unknown[] }>(myGroups.loader, get("/my-groups", w.cookies.outsider));
    expect(outsider.body.groups).toEqual([]);
    expect((await call(myGroups.loader, get("/my-groups"))).status).toBe(302);
  });
});

describe("writing", () => {
  it("only members start threads: others are refused and nothing is stored", async () => {
    const p = params("public");
    const before = await t.db.selectFrom("threads").select("id").execute();
    expect((await call(newThread.action, post(`/groups/${p.slug}/new`, { title: "Hello there", body: "Hi" }), p)).status).toBe(302);
    const outsider = await call(newThread.action, post(`/groups/${p.slug}/new`, { title: "Hello there", body: "Hi" }, w.cookies.outsider), p);
    expect(outsider.status).toBe(403);
    const hidden = params("hidden");
    expect((await call(newThread.action, post(`/groups/${hidden.slug}/new`, { title: "Hello there", body: "Hi" }, w.cookies.outsider), hidden)).status).toBe(404);
    expect(await t.db.selectFrom("threads").select("id").execute()).toHaveLength(before.length);
  });

  it("a member starts a thread; the same form sent twice makes one", async () => {
    const p = params("public");
    const form = { title: "Twice clicked", body: "Once stored", clientToken: "abcdefghijklmnop" };
    const first = await call(newThread.action, post(`/groups/${p.slug}/new`, form, w.cookies.member), p);
    const second = await call(newThread.action, post(`/groups/${p.slug}/new`, form, w.cookies.member), p);
    expect(first.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const rows = await t.db.selectFrom("threads").select("id").where("title", "=", "Twice clicked").execute();
    expect(rows).toHaveLength(1);
  });

  it("answers bad threads with messages at the fields and 400", async () => {
    const p = params("public");
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ title: "", body: "text" }, "title", /Please enter title/],
      [{ title: "ok title", body: "" }, "body", /Please write your post/],
      [{ title: "x".repeat(151), body: "text" }, "title", /at most 150/],
      [{ title: "A 100 KB post", body: "a".repeat(100_000) }, "body", /at most 20,000 characters/],
      [{ title: "A bomb", body: `${">".repeat(500)} deep` }, "body", /too deeply/],
      [{ title: "Bad bytes", body: "caf\uFFFD" }, "body", /couldn't read/],
    ];
    for (const [form, field, message] of cases) {
      const res = await call<{ errors: Record<string, string> }>(newThread.action, post(`/groups/${p.slug}/new`, form, w.cookies.member), p);
      expect(res.status, field).toBe(400);
      expect(res.body.errors[field]).toMatch(message);
    }
    expect(await t.db.selectFrom("threads").select("id").where("title", "in", ["ok title", "A 100 KB post", "A bomb", "Bad bytes"]).execute()).toEqual([]);
  });

  it("a preview renders without storing anything", async () => {
    const p = params("public");
    const res = await call<{ preview: string }>(
      newThread.action,
      post(`/groups/${p.slug}/new`, { intent: "preview", title: "Preview only", body: "**bold** <script>x</script>" }, w.cookies.member),
      p,
    );
    expect(res.body.preview).toContain("<strong>bold</strong>");
    expect(res.body.preview).not.toContain("<script");
    expect(await t.db.selectFrom("threads").select("id").where("title", "=", "Preview only").execute()).toEqual([]);
  });

  it("replies: members only; a locked thread refuses with 409; a deleted one is 404", async () => {
    const p = params("public");
    const reply = { intent: "reply", body: "Sending strength" };
    expect((await call(threadPage.action, post(`/groups/${p.slug}/threads/${p.threadId}`, reply, w.cookies.outsider), p)).status).toBe(403);
    const ok = await call(threadPage.action, post(`/groups/${p.slug}/threads/${p.threadId}`, reply, w.cookies.member), p);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(/\?page=1#post-\d+$/);

    const { threadId } = await createThread(t.db, w.groups.public.id, w.users.member.id, { title: "To lock", body: "b", clientToken: null });
    await t.db.updateTable("threads").set({ is_locked: 1 }).where("id", "=", threadId).execute();
    const locked = await call<{ errors: Record<string, string> }>(threadPage.action, post(`/groups/${p.slug}/threads/${threadId}`, reply, w.cookies.member), {
      ...p,
      threadId: String(threadId),
    });
    expect(locked.status).toBe(409);
    expect(locked.body.errors.form).toMatch(/locked/);
    await t.db.updateTable("threads").set({ deleted_at: new Date().toISOString() }).where("id", "=", threadId).execute();
    const gone = await call(threadPage.action, post(`/groups/${p.slug}/threads/${threadId}`, reply, w.cookies.member), { ...p, threadId: String(threadId) });
    expect(gone.status).toBe(404);
    const stored = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
    expect(stored).toHaveLength(1);
  });

  it("a reaction to a post in a group one cannot read is a 404, and to a post of another thread too", async () => {
    const hidden = params("hidden");
    const res = await call(
      threadPage.action,
      post(`/groups/${hidden.slug}/threads/${hidden.threadId}`, { intent: "react", postId: hidden.postId, kind: "support" }, w.cookies.outsider),
      hidden,
    );
    expect(res.status).toBe(404);
    const pub = params("public");
    const cross = await call(
      threadPage.action,
      post(`/groups/${pub.slug}/threads/${pub.threadId}`, { intent: "react", postId: hidden.postId, kind: "support" }, w.cookies.member),
      pub,
    );
    expect(cross.status).toBe(404);
    const bogus = await call(threadPage.action, post(`/groups/${pub.slug}/threads/${pub.threadId}`, { intent: "react", postId: pub.postId, kind: "hate" }, w.cookies.member), pub);
    expect(bogus.status).toBe(400);
    expect(await t.db.selectFrom("post_reactions").select("post_id").where("post_id", "=", Number(hidden.postId)).execute()).toEqual([]);
  });

  it("only the author edits or deletes a post", async () => {
    const p = params("public");
    const r = await replyToThread(t.db, w.threads.public, w.users.member.id, { body: "mine", clientToken: null });
    const pp = { ...p, postId: String(r.postId) };
    expect((await call(editPage.loader, get(`/posts/${r.postId}/edit`, w.cookies.moderator), pp)).status).toBe(403);
    expect((await call(editPage.action, post(`/posts/${r.postId}/edit`, { body: "hijacked" }, w.cookies.moderator), pp)).status).toBe(403);
    const del = await call(threadPage.action, post(`/groups/${p.slug}/threads/${p.threadId}`, { intent: "delete", postId: String(r.postId) }, w.cookies.moderator), p);
    expect(del.status).toBe(403);
    const row = await t.db.selectFrom("posts").select(["body_source", "deleted_at"]).where("id", "=", r.postId).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_source: "mine", deleted_at: null });
    const edit = await call(editPage.action, post(`/posts/${r.postId}/edit`, { body: "mine, edited" }, w.cookies.member), pp);
    expect(edit.status).toBe(302);
  });

  it("joining: public joins at once; private takes a request; hidden is not there to join", async () => {
    const joiner = await signedIn();
    const pub = params("public");
    const joined = await call<{ ok: boolean }>(board.action, post(`/groups/${pub.slug}`, { intent: "join" }, joiner.cookie), pub);
    expect(joined.body.ok).toBe(true);
    const priv = params("private");
    const wrong = await call(board.action, post(`/groups/${priv.slug}`, { intent: "join" }, joiner.cookie), priv);
    expect(wrong.status).toBe(403);
    const asked = await call<{ ok: boolean }>(board.action, post(`/groups/${priv.slug}`, { intent: "request", message: "Hello" }, joiner.cookie), priv);
    expect(asked.body.ok).toBe(true);
    const again = await call(board.action, post(`/groups/${priv.slug}`, { intent: "request", message: "Hello" }, joiner.cookie), priv);
    expect(again.status).toBe(409);
    const hidden = params("hidden");
    expect((await call(board.action, post(`/groups/${hidden.slug}`, { intent: "join" }, joiner.cookie), hidden)).status).toBe(404);
  });
});
