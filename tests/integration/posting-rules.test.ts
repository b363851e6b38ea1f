/**
 * Before publication, through the real routes: sanctions, watched words, post approval, crisis
 * language, trust-based limits and slow mode; suspended members cannot sign in.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as threadPage from "../../app/routes/groups.$slug.threads.$threadId/route";
import * as newThread from "../../app/routes/groups.$slug.new/route";
import * as editPage from "../../app/routes/posts.$postId.edit/route";
import * as board from "../../app/routes/groups.$slug._index/route";
import * as login from "../../app/routes/login/route";
import { addMember } from "../../app/models/groups.server";
import { DEFAULT_MODERATION_SETTINGS, listQueue, moderate, moderatorScope, saveGroupModerationSettings, saveModerationSettings } from "../../app/models/moderation.server";
import { addWatchedWord } from "../../app/models/posting-rules.server";
import { createSession } from "../../app/models/sessions.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeSignedInUser, makeUser, TEST_PASSWORD } from "../factories";
import { now, setClock } from "../../app/utils/clock.server";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
let group: Group;
let admin: { id: string; role: string };
let moderator: { id: string; role: string; cookie: string };
let threadId: number;
const NO_LIMITS = { ...DEFAULT_MODERATION_SETTINGS, trust: { ...DEFAULT_MODERATION_SETTINGS.trust, newPostsPerHour: 0, establishedPostsPerHour: 0, newThreadsPerDay: 50 } };

async function member(g = group) {
  const { user, cookie } = await makeSignedInUser(t.db);
  await addMember(t.db, g.id, user.id);
  return { ...user, cookie };
}
const params = () => ({ slug: group.slug, threadId: String(threadId) });
const reply = (cookie: string, body: string) =>
  call<{ errors: Record<string, string> }>(threadPage.action, post(`/groups/${group.slug}/threads/${threadId}`, { intent: "reply", body }, cookie), params());
const postCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("posts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeEach(async () => {
  group = await makeGroup(t.db);
  admin = await makeUser(t.db, { role: "admin" });
  const mod = await makeUser(t.db);
  await addMember(t.db, group.id, mod.id, "moderator");
  moderator = { ...mod, cookie: `harbor_session=${(await createSession(t.db, mod.id)).token}` };
  threadId = (await createThread(t.db, group.id, mod.id, { title: "Weekly check-in", body: "How are you doing this week?", clientToken: null })).threadId;
});

beforeEach(async () => {
  await saveModerationSettings(t.db, NO_LIMITS, admin.id);
  await saveGroupModerationSettings(t.db, admin.id, group.id, { approveFirstPosts: 0, approveAll: false });
});

describe("sanctions", () => {
  it("a muted member cannot post, edit or delete in the group, and is told why and until when", async () => {
    const m = await member();
    const first = await replyToThread(t.db, threadId, m.id, { body: "My first words", clientToken: null });
    await moderate(t.db, moderator, { kind: "post", id: first.postId }, { action: "mute", reason: "Please take a day away", hours: 24 });
    const before = await postCount();
    const tried = await reply(m.cookie, "Another reply");
    expect(tried.status).toBe(403);
    expect(tried.body.errors.form).toMatch(/You are muted in this group until .*Please take a day away/);
    expect(await postCount()).toBe(before);
    const edit = await call<{ errors: Record<string, string> }>(editPage.action, post(`/posts/${first.postId}/edit`, { body: "erased" }, m.cookie), {
      postId: String(first.postId),
    });
    expect(edit.status).toBe(403);
    const del = await call(threadPage.action, post(`/groups/${group.slug}/threads/${threadId}`, { intent: "delete", postId: String(first.postId) }, m.cookie), params());
    expect(del.status).toBe(403);
    const boardPage = await call<{ sanction: string | null }>(board.loader, get(`/groups/${group.slug}`, m.cookie), { slug: group.slug });
    expect(boardPage.body.sanction).toMatch(/You are muted in this group until .*Please take a day away/);
    const kept = await t.db.selectFrom("posts").select(["body_source", "deleted_at"]).where("id", "=", first.postId).executeTakeFirstOrThrow();
    expect(kept).toEqual({ body_source: "My first words", deleted_at: null });
    // Another group is unaffected.
    const other = await makeGroup(t.db);
    await addMember(t.db, other.id, m.id);
    const elsewhere = await call(newThread.action, post(`/groups/${other.slug}/new`, { title: "Hello there", body: "Glad to be here" }, m.cookie), { slug: other.slug });
    expect(elsewhere.status).toBe(302);
  });

  it("a suspended member cannot sign in until the suspension ends", async () => {
    const m = await member();
    await moderate(t.db, admin, { kind: "member", id: m.id }, { action: "suspend", reason: "Selling to members", hours: 72 });
    const attempt = await call<{ errors: Record<string, string> }>(login.action, post("/login", { email: m.email, password: TEST_PASSWORD }));
    expect(attempt.status).toBe(403);
    expect(attempt.body.errors.form).toMatch(/suspended until .*Selling to members/);
    expect(attempt.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("watched words", () => {
  it("block a post with a clear message naming the rule, and store nothing", async () => {
    const m = await member();
    const before = await postCount();
    const tried = await reply(m.cookie, "I'm s e l l i n g  x a n a x, message me");
    expect(tried.status).toBe(400);
    expect(tried.body.errors.body).toMatch(/“selling xanax”/);
    expect(await postCount()).toBe(before);
  });

  it("hold a post for approval or flag it for review, as configured (site-wide and per group)", async () => {
    await addWatchedWord(t.db, admin.id, { groupId: group.id, phrase: "kratom", action: "flag", note: "Often sold as a taper aid" });
    const m = await member();
    const flagged = await reply(m.cookie, "Has anyone tried kratom for withdrawal?");
    expect(flagged.status).toBe(302);
    const held = await reply(m.cookie, "Where can I buy xanax around here?");
    // Its author is told why in general terms: a word this community watches for.
    expect(held.headers.get("Location")).toMatch(/notice=held_word/);
    const queue = await listQueue(t.db, await moderatorScope(t.db, moderator));
    const reasons = queue.items.flatMap((i) => i.reasons);
    expect(reasons).toContain("watched_word");
    expect(reasons).toContain("held");
    for (const item of queue.items)
      await moderate(t.db, moderator, { kind: "post", id: item.post_id! }, { action: item.post_status === "pending" ? "reject" : "dismiss", reason: "cleanup" });
  });
});

describe("watched words and everyday speech", () => {
  it("publish everyday sentences at once, with nothing for the moderators", async () => {
    const m = await member();
    for (const body of ["I plug my phone in downstairs now, and I sleep better.", "Bought eggs from the vendor at the farmers market this morning.", "My car is for sale."]) {
      const sent = await reply(m.cookie, body);
      expect(sent.status, body).toBe(302);
      expect(sent.headers.get("Location"), body).not.toMatch(/notice=held/);
    }
    const published = await t.db.selectFrom("posts").select("status").where("author_id", "=", m.id).execute();
    expect(published.map((p) => p.status)).toEqual(["published", "published", "published"]);
    expect((await listQueue(t.db, await moderatorScope(t.db, moderator))).items).toEqual([]);
  });

  it("tell a held post's author, on the thread, that a watched word held it (and the group's rule otherwise)", async () => {
    const m = await member();
    const held = await reply(m.cookie, "Who sells percs near the station?");
    expect(held.headers.get("Location")).toMatch(/notice=held_word/);
    const page = await call<{ notice: string | null }>(threadPage.loader, get(`/groups/${group.slug}/threads/${threadId}?notice=held_word`, m.cookie), params());
    expect(page.body.notice).toBe("held_word");
    await saveGroupModerationSettings(t.db, admin.id, group.id, { approveFirstPosts: 0, approveAll: true });
    const approval = await reply(m.cookie, "Thanks all, a better day today.");
    expect(approval.headers.get("Location")).toMatch(/notice=held#/);
  });
});

describe("post approval", () => {
  it("holds a new member's first post, shows it to nobody, and publishes it with its original time when approved", async () => {
    await saveGroupModerationSettings(t.db, admin.id, group.id, { approveFirstPosts: 1, approveAll: false });
    const m = await member();
    const sent = await reply(m.cookie, "Hi all, day three here. Scared but hopeful.");
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toMatch(/notice=held/);
    const held = await t.db.selectFrom("posts").select(["id", "status", "position", "created_at"]).where("author_id", "=", m.id).executeTakeFirstOrThrow();
    expect(held).toMatchObject({ status: "pending", position: null });
    const page = await call<{ notice: string | null; posts: { id: number; position: number }[] }>(
      threadPage.loader,
      get(`/groups/${group.slug}/threads/${threadId}?notice=held`, m.cookie),
      params(),
    );
    expect(page.body.notice).toBe("held");
    expect(page.body.posts.map((p) => p.position)).toContain(0);
    expect(page.body.posts.map((p) => p.id)).not.toContain(held.id);
    expect(JSON.stringify(page.body)).not.toContain("Scared but hopeful");
    setClock(new Date(now().getTime() + 60_000)); // approved a minute later
    await moderate(t.db, moderator, { kind: "post", id: held.id }, { action: "approve", reason: "" });
    const published = await t.db.selectFrom("posts").select(["status", "position", "created_at"]).where("id", "=", held.id).executeTakeFirstOrThrow();
    expect(published.status).toBe("published");
    expect(published.position).not.toBeNull();
    expect(published.created_at).toBe(held.created_at);
    // The second post goes straight up.
    const second = await reply(m.cookie, "Thank you for the welcome.");
    expect(second.headers.get("Location")).not.toMatch(/notice=held/);
  });

  it("holds a whole new thread: off the board and 404 for others until approved", async () => {
    await saveGroupModerationSettings(t.db, admin.id, group.id, { approveFirstPosts: 0, approveAll: true });
    const m = await member();
    const other = await member();
    const sent = await call(newThread.action, post(`/groups/${group.slug}/new`, { title: "Is a 10% taper too fast?", body: "My prescriber suggested it." }, m.cookie), {
      slug: group.slug,
    });
    const location = sent.headers.get("Location")!;
    expect(location).toMatch(/notice=held/);
    const id = Number(location.match(/threads\/(\d+)/)![1]);
    const p = { slug: group.slug, threadId: String(id) };
    expect((await call(threadPage.loader, get(`/groups/${group.slug}/threads/${id}`, m.cookie), p)).status).toBe(200);
    expect((await call(threadPage.loader, get(`/groups/${group.slug}/threads/${id}`, other.cookie), p)).status).toBe(404);
    expect((await call(threadPage.loader, get(`/groups/${group.slug}/threads/${id}`, moderator.cookie), p)).status).toBe(200);
    // Nobody replies to it or reacts in it before it is approved, its author included.
    const before = await postCount();
    expect((await call(threadPage.action, post(`/groups/${group.slug}/threads/${id}`, { intent: "reply", body: "Adding more detail" }, m.cookie), p)).status).toBe(404);
    expect((await call(threadPage.action, post(`/groups/${group.slug}/threads/${id}`, { intent: "reply", body: "Me too" }, other.cookie), p)).status).toBe(404);
    expect(await postCount()).toBe(before);
    const boardBefore = await call(board.loader, get(`/groups/${group.slug}`, other.cookie), { slug: group.slug });
    expect(JSON.stringify(boardBefore.body)).not.toContain("Is a 10% taper too fast?");
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", id).executeTakeFirstOrThrow();
    await moderate(t.db, moderator, { kind: "post", id: opening.id }, { action: "approve", reason: "" });
    expect((await call(threadPage.loader, get(`/groups/${group.slug}/threads/${id}`, other.cookie), p)).status).toBe(200);
    const boardAfter = await call(board.loader, get(`/groups/${group.slug}`, other.cookie), { slug: group.slug });
    expect(JSON.stringify(boardAfter.body)).toContain("Is a 10% taper too fast?");
  });
});

describe("crisis language", () => {
  it("publishes the post, shows its author the crisis resources at once, and puts a crisis item first in the queue", async () => {
    const m = await member();
    const sent = await reply(m.cookie, "I can't do this anymore. Tonight I'm going to take all my pills.");
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toMatch(/notice=crisis/);
    const mine = await t.db.selectFrom("posts").select(["id", "status"]).where("author_id", "=", m.id).executeTakeFirstOrThrow();
    expect(mine.status).toBe("published");
    const page = await call<{ crisis: { name: string }[] | null }>(threadPage.loader, get(`/groups/${group.slug}/threads/${threadId}?notice=crisis`, m.cookie), params());
    expect(page.body.crisis?.map((r) => r.name)).toContain("988 Suicide & Crisis Lifeline");
    const queue = await listQueue(t.db, await moderatorScope(t.db, moderator));
    expect(queue.items[0]).toMatchObject({ post_id: mine.id, is_crisis: 1 });
    await moderate(t.db, moderator, { kind: "post", id: mine.id }, { action: "dismiss", reason: "Reached out privately" });
  });

  it("shows other members a calm cue and no cheering reactions on the post, and the server refuses those", async () => {
    const author = await member();
    await reply(author.cookie, "Honestly I don't want to be alive anymore.");
    const crisisPost = await t.db.selectFrom("posts").select(["id", "crisis_at"]).where("author_id", "=", author.id).executeTakeFirstOrThrow();
    expect(crisisPost.crisis_at).not.toBeNull();
    const other = await member();
    type Page = { posts: { id: number; crisis: boolean }[] };
    const seen = await call<Page>(threadPage.loader, get(`/groups/${group.slug}/threads/${threadId}`, other.cookie), params());
    expect(seen.body.posts.find((p) => p.id === crisisPost.id)?.crisis).toBe(true);
    expect(seen.body.posts.filter((p) => p.crisis)).toHaveLength(1);
    const own = await call<Page>(threadPage.loader, get(`/groups/${group.slug}/threads/${threadId}`, author.cookie), params());
    expect(own.body.posts.find((p) => p.id === crisisPost.id)?.crisis).toBe(false);

    const react = (cookie: string, kind: string) =>
      call<{ errors: Record<string, string> }>(
        threadPage.action,
        post(`/groups/${group.slug}/threads/${threadId}`, { intent: "react", postId: String(crisisPost.id), kind }, cookie),
        params(),
      );
    for (const kind of ["proud", "me_too"]) {
      const refused = await react(other.cookie, kind);
      expect(refused.status, kind).toBe(409);
      expect(refused.body.errors.form).toMatch(/may be struggling/);
    }
    expect((await react(other.cookie, "support")).status).toBe(302);
    const given = await t.db.selectFrom("post_reactions").select("kind").where("post_id", "=", crisisPost.id).execute();
    expect(given.map((r) => r.kind)).toEqual(["support"]);
  });

  it("leaves ordinary hard days alone", async () => {
    const m = await member();
    const sent = await reply(m.cookie, "This craving is killing me, but I'm still here on day 9.");
    expect(sent.headers.get("Location")).not.toMatch(/notice=crisis/);
    expect((await listQueue(t.db, await moderatorScope(t.db, moderator))).items).toHaveLength(0);
  });
});

describe("trust-based limits and slow mode", () => {
  it("make a new account post more slowly, with fewer links and threads, and say when they can post again", async () => {
    await saveModerationSettings(t.db, DEFAULT_MODERATION_SETTINGS, admin.id);
    const m = await member();
    const links = await reply(m.cookie, "See https://a.example https://b.example https://c.example");
    expect(links.status).toBe(400);
    expect(links.body.errors.body).toMatch(/at most 2 links/);
    for (let i = 0; i < 10; i++) expect((await reply(m.cookie, `Hello, new here (${i}).`)).status).toBe(302);
    const tooMany = await reply(m.cookie, "And again.");
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.errors.form).toMatch(/10 times an hour .*You can post again in 1 hour/);
    const threads = [];
    for (let i = 0; i < 4; i++)
      threads.push(
        await call<{ errors: Record<string, string> }>(newThread.action, post(`/groups/${group.slug}/new`, { title: `Thread ${i}`, body: "words" }, (await member()).cookie), {
          slug: group.slug,
        }),
      );
    expect(threads.map((r) => r.status)).toEqual([302, 302, 302, 302]);
    // Moderators are exempt.
    expect((await reply(moderator.cookie, "Welcome!")).status).toBe(302);
    expect((await reply(moderator.cookie, "And welcome again!")).status).toBe(302);
  });

  it("slow mode allows one post per member per N minutes in the thread", async () => {
    const m = await member();
    await t.db.updateTable("threads").set({ slow_mode_minutes: 10 }).where("id", "=", threadId).execute();
    expect((await reply(m.cookie, "One thought.")).status).toBe(302);
    const again = await reply(m.cookie, "Another thought.");
    expect(again.status).toBe(429);
    expect(again.body.errors.form).toMatch(/slow mode .*10 minutes/);
    await t.db.updateTable("threads").set({ slow_mode_minutes: 0 }).where("id", "=", threadId).execute();
  });
});
