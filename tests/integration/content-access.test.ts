/**
 * The access walk: every entry point that takes a post, thread or member id from the URL or a form,
 * with a hidden, a held and a deleted post, as a member of the group, a moderator of another group
 * and a moderator of the group: quote, report, react, edit, history, notifications, move, search. What a viewer may not see does not exist for them (404), and
 * nothing is stored on their behalf. The rule itself is app/policy/content.ts.
 */
import { describe, expect, it } from "vitest";
import * as threadPage from "../../app/routes/groups.$slug.threads.$threadId/route";
import * as editPage from "../../app/routes/posts.$postId.edit/route";
import * as historyPage from "../../app/routes/posts.$postId.history/route";
import * as reportPage from "../../app/routes/report/route";
import * as review from "../../app/routes/moderation.review.$kind.$id/route";
import * as notificationsPage from "../../app/routes/notifications/route";
import * as openNotification from "../../app/routes/notifications.$id/route";
import { addMember } from "../../app/models/groups.server";
import { DEFAULT_MODERATION_SETTINGS, moderate, saveModerationSettings } from "../../app/models/moderation.server";
import { searchPosts } from "../../app/models/search.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { deleteOwnPost } from "../../app/models/posts.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();

type PostKind = "hidden" | "held" | "deleted";
type ViewerKind = "member" | "otherModerator" | "groupModerator";

/** A public group with a thread and three replies by its author: one hidden, one held, one deleted. */
async function world() {
  await saveModerationSettings(t.db, { ...DEFAULT_MODERATION_SETTINGS, trust: { ...DEFAULT_MODERATION_SETTINGS.trust, newAccountHours: 0, establishedAfterPosts: 0 } }, null);
  const group = await makeGroup(t.db, { visibility: "public" });
  const other = await makeGroup(t.db, { visibility: "public" });
  const author = await makeSignedInUser(t.db);
  const viewers = { member: await makeSignedInUser(t.db), otherModerator: await makeSignedInUser(t.db), groupModerator: await makeSignedInUser(t.db) };
  await addMember(t.db, group.id, author.user.id);
  await addMember(t.db, group.id, viewers.member.user.id);
  await addMember(t.db, group.id, viewers.groupModerator.user.id, "moderator");
  await addMember(t.db, other.id, viewers.otherModerator.user.id, "moderator");
  const { threadId } = await createThread(t.db, group.id, author.user.id, { title: "An open thread", body: "Opening words everyone may read", clientToken: null });
  // Each reply mentions the viewers (those in the group are notified while it is published).
  const mentions = Object.values(viewers)
    .map((v) => `@${v.user.display_name}`)
    .join(" ");
  const hidden = await replyToThread(t.db, threadId, author.user.id, { body: `zebrahidden words a moderator hid ${mentions}`, clientToken: null });
  await moderate(t.db, viewers.groupModerator.user, { kind: "post", id: String(hidden.postId) }, { action: "hide", reason: "Not kind" });
  await replyToThread(t.db, threadId, author.user.id, { body: `zebraheld words waiting for approval ${mentions}`, clientToken: null, pending: true });
  const held = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("status", "=", "pending").executeTakeFirstOrThrow();
  const deleted = await replyToThread(t.db, threadId, author.user.id, { body: `zebradeleted words the author took back ${mentions}`, clientToken: null });
  await deleteOwnPost(t.db, deleted.postId, author.user.id);
  const posts: Record<PostKind, number> = { hidden: hidden.postId, held: held.id, deleted: deleted.postId };
  return { group, other, author, viewers, threadId, posts };
}

const threadUrl = (slug: string, threadId: number, query = "") => `/groups/${slug}/threads/${threadId}${query}`;
const KINDS: PostKind[] = ["hidden", "held", "deleted"];
const VIEWERS: ViewerKind[] = ["member", "otherModerator", "groupModerator"];

/** Whether the viewer may see the post at all: only the group's moderator, and never a deleted post. */
const sees = (viewer: ViewerKind, kind: PostKind) => viewer === "groupModerator" && kind !== "deleted";

describe("a hidden, held or deleted post through every entry point", () => {
  for (const kind of KINDS) {
    for (const viewer of VIEWERS) {
      it(`${kind} post, ${viewer}: quote, report, react, edit, history, notifications and move`, async () => {
        const w = await world();
        const cookie = w.viewers[viewer].cookie;
        const id = w.posts[kind];
        const params = { slug: w.group.slug, threadId: String(w.threadId) };

        // Quote: the reply box is filled only with what the viewer may pass on.
        const page = await call<{ quote: { text: string } | null }>(threadPage.loader, get(threadUrl(w.group.slug, w.threadId, `?quote=${id}`), cookie), params);
        expect(page.status).toBe(200);
        if (viewer === "member" || viewer === "otherModerator") expect(page.body.quote).toBeNull();
        if (viewer === "groupModerator") expect(page.body.quote !== null).toBe(sees(viewer, kind));
        if (!sees(viewer, kind)) expect(JSON.stringify(page.body)).not.toContain(`zebra${kind}`);

        // Report: the page names what is reported, so it answers only for what the viewer can see.
        const report = await call<{ summary: string }>(reportPage.loader, get(`/report?post=${id}`, cookie));
        expect(report.status).toBe(sees(viewer, kind) ? 200 : 404);
        if (!sees(viewer, kind)) expect(JSON.stringify(report.body)).not.toContain(`zebra${kind}`);
        const filed = await call(reportPage.action, post(`/report?post=${id}`, { reason: "spam", note: "" }, cookie));
        expect(filed.status).toBe(sees(viewer, kind) ? 200 : 404);

        // React: nobody reacts to held, hidden or deleted posts, and the author hears nothing.
        const reacted = await call(threadPage.action, post(threadUrl(w.group.slug, w.threadId), { kind: "support", postId: String(id) }, cookie), params);
        expect(reacted.status).toBeGreaterThanOrEqual(400);
        expect(reacted.status).toBeLessThan(500);
        const reactions = await t.db.selectFrom("post_reactions").select("post_id").where("post_id", "=", id).execute();
        expect(reactions).toEqual([]);
        const told = await t.db.selectFrom("notifications").select("id").where("user_id", "=", w.author.user.id).where("type", "=", "reaction").execute();
        expect(told).toEqual([]);

        // Edit: only the author edits; for anyone else a post they may not see is not there.
        const edit = await call(editPage.loader, get(`/posts/${id}/edit`, cookie), { postId: String(id) });
        expect(edit.status).toBe(sees(viewer, kind) ? 403 : 404);
        const edited = await call(editPage.action, post(`/posts/${id}/edit`, { intent: "save", body: "changed by someone else" }, cookie), { postId: String(id) });
        expect(edited.status).toBe(sees(viewer, kind) ? 403 : 404);

        // History: the author and the group's moderators.
        const history = await call(historyPage.loader, get(`/posts/${id}/history`, cookie), { postId: String(id) });
        expect(history.status).toBe(sees(viewer, kind) ? 200 : 404);

        // Notifications: the post mentioned the viewer; the mention goes with it, from the list, the count and its link.
        const made = await t.db.selectFrom("notifications").select("id").where("user_id", "=", w.viewers[viewer].user.id).where("post_id", "=", id).execute();
        expect(made.length).toBe(viewer !== "otherModerator" && kind !== "held" ? 1 : 0); // a held post tells nobody; mentions are of members
        const list = await call<{ items: unknown[] }>(notificationsPage.loader, get("/notifications", cookie));
        expect(list.body.items).toEqual([]);
        for (const { id: notificationId } of made) {
          const opened = await call(openNotification.loader, get(`/notifications/${notificationId}`, cookie), { id: String(notificationId) });
          expect(opened.status).toBe(404);
        }

        // Move: only a moderator of the thread's group, and only into a group they moderate too.
        const moved = await call(
          review.action,
          post(`/moderation/review/thread/${w.threadId}`, { intent: "tool", tool: "move", reason: "", toGroupId: String(w.other.id) }, cookie),
          { kind: "thread", id: String(w.threadId) },
        );
        expect(moved.status).toBe(viewer === "groupModerator" ? 403 : 404);
        const where = await t.db.selectFrom("posts").select("group_id").where("id", "=", id).executeTakeFirstOrThrow();
        expect(where.group_id).toBe(w.group.id);
      });
    }
  }

  it("the author still sees and edits their own held and hidden posts, but cannot quote them into the thread", async () => {
    const w = await world();
    const params = { slug: w.group.slug, threadId: String(w.threadId) };
    for (const kind of ["hidden", "held"] as const) {
      const id = w.posts[kind];
      const history = await call(historyPage.loader, get(`/posts/${id}/history`, w.author.cookie), { postId: String(id) });
      expect(history.status).toBe(200);
      const page = await call<{ quote: unknown }>(threadPage.loader, get(threadUrl(w.group.slug, w.threadId, `?quote=${id}`), w.author.cookie), params);
      expect(page.body.quote).toBeNull();
    }
    const deleted = await call(historyPage.loader, get(`/posts/${w.posts.deleted}/history`, w.author.cookie), { postId: String(w.posts.deleted) });
    expect(deleted.status).toBe(404);
  });

  it("a published post is quoted, reported and reacted to as before", async () => {
    const w = await world();
    const visible = await replyToThread(t.db, w.threadId, w.author.user.id, { body: "Words anyone here can read", clientToken: null });
    const params = { slug: w.group.slug, threadId: String(w.threadId) };
    const page = await call<{ quote: { text: string } | null }>(
      threadPage.loader,
      get(threadUrl(w.group.slug, w.threadId, `?quote=${visible.postId}`), w.viewers.member.cookie),
      params,
    );
    expect(page.body.quote?.text).toContain("Words anyone here can read");
    const report = await call(reportPage.loader, get(`/report?post=${visible.postId}`, w.viewers.member.cookie));
    expect(report.status).toBe(200);
    const reacted = await call(threadPage.action, post(threadUrl(w.group.slug, w.threadId), { kind: "support", postId: String(visible.postId) }, w.viewers.member.cookie), params);
    expect(reacted.status).toBe(302);
    const stored = await t.db.selectFrom("post_reactions").select(["user_id", "kind"]).where("post_id", "=", visible.postId).execute();
    expect(stored).toEqual([{ user_id: w.viewers.member.user.id, kind: "support" }]);
  });

  it("search finds none of them, for anyone but nobody's moderator view", async () => {
    const w = await world();
    for (const viewer of VIEWERS) {
      for (const kind of KINDS) {
        const found = await searchPosts(t.db, w.viewers[viewer].user, `zebra${kind}`);
        expect(found.hits).toEqual([]);
      }
    }
  });
});

describe("moving a thread with a hidden, a held and a deleted post", () => {
  it("they stay hidden, held and deleted in the new group: its moderator sees them, its members and the old group's moderator do not", async () => {
    const w = await world();
    const both = await makeSignedInUser(t.db);
    await addMember(t.db, w.group.id, both.user.id, "moderator");
    await addMember(t.db, w.other.id, both.user.id, "moderator");
    const reader = await makeSignedInUser(t.db);
    await addMember(t.db, w.other.id, reader.user.id);
    const moved = await call(
      review.action,
      post(`/moderation/review/thread/${w.threadId}`, { intent: "tool", tool: "move", reason: "Fits better there", toGroupId: String(w.other.id) }, both.cookie),
      { kind: "thread", id: String(w.threadId) },
    );
    expect(moved.status).toBe(200);

    const params = { slug: w.other.slug, threadId: String(w.threadId) };
    const page = await call(threadPage.loader, get(threadUrl(w.other.slug, w.threadId), reader.cookie), params);
    expect(page.status).toBe(200);
    for (const kind of KINDS) {
      expect(JSON.stringify(page.body)).not.toContain(`zebra${kind}`);
      expect((await searchPosts(t.db, reader.user, `zebra${kind}`)).hits).toEqual([]);
      const id = w.posts[kind];
      for (const [who, cookie, expected] of [
        ["the new group's moderator", w.viewers.otherModerator.cookie, kind === "deleted" ? 404 : 200],
        ["the old group's moderator", w.viewers.groupModerator.cookie, 404],
        ["a member of the new group", reader.cookie, 404],
      ] as const) {
        const history = await call(historyPage.loader, get(`/posts/${id}/history`, cookie), { postId: String(id) });
        expect(history.status, `${kind} post's history, ${who}`).toBe(expected);
        const report = await call(reportPage.loader, get(`/report?post=${id}`, cookie));
        expect(report.status, `${kind} post's report page, ${who}`).toBe(expected);
      }
    }
  });
});

describe("a reply notification about a reply that was hidden", () => {
  it("goes with it while it is the only reply it tells of; with more replies it stays", async () => {
    const w = await world();
    const { threadId } = await createThread(t.db, w.group.id, w.viewers.member.user.id, { title: "The member's thread", body: "Hello all", clientToken: null });
    const first = await replyToThread(t.db, threadId, w.author.user.id, { body: "zebrareply that a moderator hides", clientToken: null });
    const list = () => call<{ items: { text: string }[] }>(notificationsPage.loader, get("/notifications", w.viewers.member.cookie));
    expect((await list()).body.items.map((i) => i.text)).toEqual([expect.stringContaining("replied to “The member's thread”")]);
    await moderate(t.db, w.viewers.groupModerator.user, { kind: "post", id: String(first.postId) }, { action: "hide", reason: "Not kind" });
    expect((await list()).body.items).toEqual([]);
    await replyToThread(t.db, threadId, w.viewers.groupModerator.user.id, { body: "A kind reply", clientToken: null });
    expect((await list()).body.items.map((i) => i.text)).toEqual([expect.stringContaining("2 new replies")]);
  });
});

describe("a hidden or held thread", () => {
  it("its title is not shown on the report page to those who may not see it", async () => {
    const w = await world();
    const { threadId } = await createThread(t.db, w.group.id, w.author.user.id, { title: "Zebra held thread title", body: "Held opening words", clientToken: null, pending: true });
    for (const viewer of ["member", "otherModerator"] as const) {
      const report = await call(reportPage.loader, get(`/report?thread=${threadId}`, w.viewers[viewer].cookie));
      expect(report.status).toBe(404);
      expect(JSON.stringify(report.body)).not.toContain("Zebra held thread");
    }
    const { threadId: hiddenId } = await createThread(t.db, w.group.id, w.author.user.id, { title: "Zebra hidden thread title", body: "Opening words", clientToken: null });
    await moderate(t.db, w.viewers.groupModerator.user, { kind: "thread", id: String(hiddenId) }, { action: "hide", reason: "Off topic" });
    const hidden = await call(reportPage.loader, get(`/report?thread=${hiddenId}`, w.viewers.member.cookie));
    expect(hidden.status).toBe(404);
    const asModerator = await call(reportPage.loader, get(`/report?thread=${hiddenId}`, w.viewers.groupModerator.cookie));
    expect(asModerator.status).toBe(200);
  });
});

describe("member records in a group's context", () => {
  it("a group's moderator reaches members of their group, not members outside it", async () => {
    const w = await world();
    const outsider = await makeSignedInUser(t.db);
    await addMember(t.db, w.other.id, outsider.user.id);
    const path = (userId: string) => `/moderation/review/member/${userId}?group=${w.group.id}`;
    const params = (userId: string) => ({ kind: "member", id: userId });

    const outside = await call(review.loader, get(path(outsider.user.id), w.viewers.groupModerator.cookie), params(outsider.user.id));
    expect(outside.status).toBe(404);
    const warned = await call(
      review.action,
      post(path(outsider.user.id), { intent: "act", action: "warn", reason: "Be kind" }, w.viewers.groupModerator.cookie),
      params(outsider.user.id),
    );
    expect(warned.status).toBe(404);
    const muted = await call(
      review.action,
      post(path(outsider.user.id), { intent: "act", action: "mute", reason: "Be kind", hours: "24" }, w.viewers.groupModerator.cookie),
      params(outsider.user.id),
    );
    expect(muted.status).toBe(404);
    const sanctions = await t.db.selectFrom("sanctions").select("id").where("user_id", "=", outsider.user.id).execute();
    expect(sanctions).toEqual([]);
    const notes = await t.db.selectFrom("notifications").select("id").where("user_id", "=", outsider.user.id).execute();
    expect(notes).toEqual([]);

    // A moderator of the other group cannot reach the author through this group either.
    const other = await call(review.loader, get(path(w.author.user.id), w.viewers.otherModerator.cookie), params(w.author.user.id));
    expect(other.status).toBe(404);

    // Inside the group it works, and a member reporting an outsider "in this group" gets a 404 too.
    const inside = await call(
      review.action,
      post(path(w.author.user.id), { intent: "act", action: "warn", reason: "Please be kind" }, w.viewers.groupModerator.cookie),
      params(w.author.user.id),
    );
    expect(inside.status).toBe(200);
    const reported = await call(reportPage.loader, get(`/report?member=${outsider.user.id}&group=${w.group.id}`, w.viewers.member.cookie));
    expect(reported.status).toBe(404);
  });

  it("a group's moderator sees that a member is suspended site-wide, not the reason", async () => {
    const w = await world();
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    await moderate(t.db, admin.user, { kind: "member", id: w.author.user.id }, { action: "suspend", reason: "Zebra private reason", hours: 24 });
    const path = `/moderation/review/member/${w.author.user.id}?group=${w.group.id}`;
    const params = { kind: "member", id: w.author.user.id };
    const asModerator = await call<unknown>(review.loader, get(path, w.viewers.groupModerator.cookie), params);
    expect(asModerator.status).toBe(200);
    expect(JSON.stringify(asModerator.body)).toContain("Suspended");
    expect(JSON.stringify(asModerator.body)).not.toContain("Zebra private reason");
    const asAdmin = await call<unknown>(review.loader, get(path, admin.cookie), params);
    expect(JSON.stringify(asAdmin.body)).toContain("Zebra private reason");
  });
});
