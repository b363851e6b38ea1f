/**
 * Moderation pages and actions through their loaders and actions, as every kind of viewer:
 * anonymous, member, muted, banned, suspended, moderator of this group, moderator of another, admin.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as queuePage from "../../app/routes/moderation._index/route";
import * as layout from "../../app/routes/moderation/route";
import * as reviewPage from "../../app/routes/moderation.review.$kind.$id/route";
import * as auditPage from "../../app/routes/moderation.audit/route";
import * as reportPage from "../../app/routes/report/route";
import * as threadPage from "../../app/routes/groups.$slug.threads.$threadId/route";
import { addMember } from "../../app/models/groups.server";
import { fileReport, flagPost, moderate } from "../../app/models/moderation.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeSignedInUser, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Viewer = "anonymous" | "member" | "muted" | "banned" | "suspended" | "moderator" | "otherModerator" | "admin";
const VIEWERS: Viewer[] = ["anonymous", "member", "muted", "banned", "suspended", "moderator", "otherModerator", "admin"];

let group: Group;
let author: { id: string };
let reporter: { id: string; cookie: string; display_name: string };
const users = {} as Record<Exclude<Viewer, "anonymous">, { id: string; role: string; cookie: string; display_name: string }>;
const cookie = (v: Viewer) => (v === "anonymous" ? undefined : users[v].cookie);

async function signedIn(role: "member" | "admin" = "member") {
  const { user, cookie } = await makeSignedInUser(t.db, { role });
  return { ...user, cookie };
}

let threadId: number;
async function reportedPost() {
  const reply = await replyToThread(t.db, threadId, author.id, { body: "Anyone have extra pills? dm me", clientToken: null });
  await fileReport(t.db, reporter.id, { kind: "post", id: reply.postId }, { reason: "sourcing", note: "" });
  return reply.postId;
}

beforeEach(async () => {
  group = await makeGroup(t.db);
  const other = await makeGroup(t.db);
  author = await makeUser(t.db);
  reporter = await signedIn();
  for (const v of VIEWERS) if (v !== "anonymous") users[v] = await signedIn(v === "admin" ? "admin" : "member");
  for (const u of [author, reporter, users.member, users.muted, users.banned, users.suspended]) await addMember(t.db, group.id, u.id);
  await addMember(t.db, group.id, users.moderator.id, "moderator");
  await addMember(t.db, other.id, users.otherModerator.id, "moderator");
  threadId = (await createThread(t.db, group.id, author.id, { title: "Evening check-in", body: "How is everyone doing tonight?", clientToken: null })).threadId;
  const admin = users.admin;
  // Sanction three of the viewers (through the model, as a moderator would).
  const mutedPost = await replyToThread(t.db, threadId, users.muted.id, { body: "a post", clientToken: null });
  await moderate(t.db, admin, { kind: "post", id: mutedPost.postId }, { action: "mute", reason: "Cool off", hours: 24 });
  const bannedPost = await replyToThread(t.db, threadId, users.banned.id, { body: "a post", clientToken: null });
  await moderate(t.db, admin, { kind: "post", id: bannedPost.postId }, { action: "ban", reason: "Selling", hours: null });
  await moderate(t.db, admin, { kind: "member", id: users.suspended.id }, { action: "suspend", reason: "Repeated selling", hours: 168 });
});

describe("who may open the moderation pages", () => {
  it.each(VIEWERS)("%s", async (viewer) => {
    const outcome = await call(layout.loader, get("/moderation", cookie(viewer)));
    const queue = await call(queuePage.loader, get("/moderation", cookie(viewer)));
    const audit = await call(auditPage.loader, get("/moderation/audit", cookie(viewer)));
    if (viewer === "anonymous" || viewer === "suspended") {
      // The suspended member's sessions ended: they are signed out.
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get("Location")).toMatch(/^\/login/);
    } else if (["moderator", "otherModerator", "admin"].includes(viewer)) {
      expect([outcome.status, queue.status, audit.status]).toEqual([200, 200, 200]);
    } else {
      expect([outcome.status, queue.status, audit.status]).toEqual([404, 404, 404]);
    }
  });

  it("shows each moderator only their groups' queue", async () => {
    const postId = await reportedPost();
    const mine = await call<{ items: { href: string }[] }>(queuePage.loader, get("/moderation", users.moderator.cookie));
    const theirs = await call<{ items: unknown[] }>(queuePage.loader, get("/moderation", users.otherModerator.cookie));
    expect(mine.body.items.map((i) => i.href)).toContain(`/moderation/review/post/${postId}`);
    expect(theirs.body.items).toHaveLength(0);
    const page = await call<{ open: { reports: { reporter: string }[] } }>(reviewPage.loader, get(`/moderation/review/post/${postId}`, users.moderator.cookie), {
      kind: "post",
      id: String(postId),
    });
    expect(page.status).toBe(200);
    expect(page.body.open.reports[0]!.reporter).toBe(reporter.display_name);
    const elsewhere = await call(reviewPage.loader, get(`/moderation/review/post/${postId}`, users.otherModerator.cookie), { kind: "post", id: String(postId) });
    expect(elsewhere.status).toBe(404);
    await moderate(t.db, users.moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "" });
  });
});

describe("every moderation action, by every viewer (crafted POSTs included)", () => {
  const ACTIONS = ["dismiss", "hide", "delete", "warn", "mute", "ban", "suspend"] as const;
  for (const action of ACTIONS) {
    it.each(VIEWERS)(`${action} by %s`, async (viewer) => {
      const postId = await reportedPost();
      const outcome = await call<{ ok?: boolean; errors?: Record<string, string> }>(
        reviewPage.action,
        post(`/moderation/review/post/${postId}`, { intent: "act", action, reason: "Please keep sourcing off the boards", hours: "24" }, cookie(viewer)),
        { kind: "post", id: String(postId) },
      );
      const item = await t.db.selectFrom("review_items").select("status").where("post_id", "=", postId).executeTakeFirstOrThrow();
      if (viewer === "anonymous" || viewer === "suspended") {
        expect(outcome.status).toBe(302);
        expect(item.status).toBe("open");
      } else if (viewer === "moderator" && action === "suspend") {
        expect(outcome.status).toBe(403);
        expect(item.status).toBe("open");
      } else if (viewer === "moderator" || viewer === "admin") {
        expect(outcome.status).toBe(200);
        expect(outcome.body.ok).toBe(true);
        expect(item.status).toBe("resolved");
        const audit = await t.db
          .selectFrom("audit_log")
          .select(["action", "actor_id"])
          .where("item_id", "in", t.db.selectFrom("review_items").select("id").where("post_id", "=", postId))
          .execute();
        expect(audit.some((a) => a.actor_id === users[viewer].id)).toBe(true);
      } else {
        expect(outcome.status).toBe(404);
        expect(item.status).toBe("open");
      }
      // Leave no open item behind for the next case.
      if (item.status === "open") await moderate(t.db, users.admin, { kind: "post", id: postId }, { action: "dismiss", reason: "" });
      // Sanctions from this case must not leak into the next: lift what was applied to the author.
      const active = await t.db.selectFrom("sanctions").select("id").where("user_id", "=", author.id).where("lifted_at", "is", null).execute();
      for (const s of active) await t.db.updateTable("sanctions").set({ lifted_at: new Date().toISOString() }).where("id", "=", s.id).execute();
    });
  }

  function expectAllowed(viewer: Viewer, status: number, applied: boolean) {
    if (viewer === "anonymous" || viewer === "suspended") expect(status).toBe(302);
    else if (viewer === "moderator" || viewer === "admin") expect([status, applied]).toEqual([200, true]);
    else expect([status, applied]).toEqual([404, false]);
  }

  it.each(VIEWERS)("thread tools (lock) by %s", async (viewer) => {
    const { threadId: id } = await createThread(t.db, group.id, author.id, { title: "To lock", body: "words", clientToken: null });
    const outcome = await call(reviewPage.action, post(`/moderation/review/thread/${id}`, { intent: "tool", tool: "lock", reason: "" }, cookie(viewer)), {
      kind: "thread",
      id: String(id),
    });
    const thread = await t.db.selectFrom("threads").select("is_locked").where("id", "=", id).executeTakeFirstOrThrow();
    expectAllowed(viewer, outcome.status, thread.is_locked === 1);
  });

  it.each(VIEWERS)("approving a held post by %s", async (viewer) => {
    const held = await replyToThread(t.db, threadId, author.id, {
      body: "Held for approval",
      clientToken: null,
      pending: true,
      onCreated: (tx, postId) => flagPost(tx, postId, "held", "first post").then(() => undefined),
    });
    const outcome = await call(reviewPage.action, post(`/moderation/review/post/${held.postId}`, { intent: "act", action: "approve", reason: "" }, cookie(viewer)), {
      kind: "post",
      id: String(held.postId),
    });
    const stored = await t.db.selectFrom("posts").select("status").where("id", "=", held.postId).executeTakeFirstOrThrow();
    expectAllowed(viewer, outcome.status, stored.status === "published");
    if (stored.status === "pending") await moderate(t.db, users.admin, { kind: "post", id: held.postId }, { action: "reject", reason: "cleanup" });
  });

  it.each(VIEWERS)("lifting a mute early by %s", async (viewer) => {
    const reply = await replyToThread(t.db, threadId, author.id, { body: "a post", clientToken: null });
    await moderate(t.db, users.admin, { kind: "post", id: reply.postId }, { action: "mute", reason: "Cool off", hours: 24 });
    const sanction = await t.db.selectFrom("sanctions").select("id").where("user_id", "=", author.id).where("lifted_at", "is", null).executeTakeFirstOrThrow();
    const outcome = await call(
      reviewPage.action,
      post(`/moderation/review/post/${reply.postId}`, { intent: "lift", sanctionId: String(sanction.id), reason: "Early" }, cookie(viewer)),
      { kind: "post", id: String(reply.postId) },
    );
    const after = await t.db.selectFrom("sanctions").select("lifted_at").where("id", "=", sanction.id).executeTakeFirstOrThrow();
    expectAllowed(viewer, outcome.status, after.lifted_at !== null);
    if (!after.lifted_at) await t.db.updateTable("sanctions").set({ lifted_at: new Date().toISOString() }).where("id", "=", sanction.id).execute();
  });

  it("answers clearly when the reports were already resolved or the post deleted", async () => {
    const postId = await reportedPost();
    await moderate(t.db, users.moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "" });
    const again = await call<{ errors: Record<string, string> }>(
      reviewPage.action,
      post(`/moderation/review/post/${postId}`, { intent: "act", action: "dismiss", reason: "" }, users.moderator.cookie),
      { kind: "post", id: String(postId) },
    );
    expect(again.status).toBe(409);
    expect(again.body.errors.form).toMatch(/no open reports/);
    await moderate(t.db, users.moderator, { kind: "post", id: postId }, { action: "delete", reason: "Sourcing" });
    const gone = await call<{ errors: Record<string, string> }>(
      reviewPage.action,
      post(`/moderation/review/post/${postId}`, { intent: "act", action: "hide", reason: "x" }, users.moderator.cookie),
      { kind: "post", id: String(postId) },
    );
    expect(gone.status).toBe(404);
    expect(gone.body.errors.form).toMatch(/no longer here/);
  });

  it("asks for a reason the member will see", async () => {
    const postId = await reportedPost();
    const outcome = await call<{ errors: Record<string, string> }>(
      reviewPage.action,
      post(`/moderation/review/post/${postId}`, { intent: "act", action: "hide", reason: "  " }, users.moderator.cookie),
      { kind: "post", id: String(postId) },
    );
    expect(outcome.status).toBe(400);
    expect(outcome.body.errors.reason).toMatch(/reason/);
    await moderate(t.db, users.moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "" });
  });
});

describe("reporting", () => {
  it("lets a member report a post once, and keeps reporters' names from other members", async () => {
    const reply = await replyToThread(t.db, threadId, author.id, { body: "Selling my extra bars, message me", clientToken: null });
    const path = `/report?post=${reply.postId}`;
    expect((await call(reportPage.loader, get(path))).status).toBe(302);
    const form = await call(reportPage.loader, get(path, users.member.cookie));
    expect(form.status).toBe(200);
    const missing = await call<{ errors: Record<string, string> }>(reportPage.action, post(path, { reason: "other", note: "" }, users.member.cookie));
    expect(missing.status).toBe(400);
    expect(missing.body.errors.note).toBeTruthy();
    const ok = await call<{ ok: boolean }>(reportPage.action, post(path, { reason: "sourcing", note: "Selling" }, users.member.cookie));
    expect(ok.body.ok).toBe(true);
    const twice = await call<{ errors: Record<string, string> }>(reportPage.action, post(path, { reason: "sourcing", note: "" }, users.member.cookie));
    expect(twice.status).toBe(409);
    expect((await call(reportPage.loader, get(`/report?post=999999`, users.member.cookie))).status).toBe(404);
    // The thread page never carries reporters or reports to members.
    const page = await call(threadPage.loader, get(`/groups/${group.slug}/threads/${threadId}?page=1`, users.member.cookie), { slug: group.slug, threadId: String(threadId) });
    expect(JSON.stringify(page.body)).not.toContain(users.member.display_name);
    await moderate(t.db, users.moderator, { kind: "post", id: reply.postId }, { action: "hide", reason: "No selling here" });
    const pageNo = Math.floor(reply.position / 20) + 1;
    const after = await call<{ posts: { position: number; hidden: string | null; bodyHtml: string }[] }>(
      threadPage.loader,
      get(`/groups/${group.slug}/threads/${threadId}?page=${pageNo}`, users.member.cookie),
      { slug: group.slug, threadId: String(threadId) },
    );
    // The post keeps its place with the moderator's reason; its words are gone for members.
    expect(after.body.posts.find((p) => p.position === reply.position)).toMatchObject({ hidden: "No selling here", bodyHtml: "" });
    expect(JSON.stringify(after.body)).not.toContain("Selling my extra bars");
  });
});
