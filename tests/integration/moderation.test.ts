/**
 * The moderation data layer: the append-only audit log, reports and the review queue, actions and
 * their scope, sanctions, post approval and thread tools.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { addMember } from "../../app/models/groups.server";
import {
  activeSuspension,
  fileReport,
  listAudit,
  listQueue,
  liftSanction,
  moderate,
  moderationNavFor,
  moderatorScope,
  postingSanction,
  threadTool,
  AUTO_HIDE_REASON,
  ModerationError,
} from "../../app/models/moderation.server";
import { createSession } from "../../app/models/sessions.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { indexPost, searchPosts } from "../../app/models/search.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { storedNotifications } from "../helpers/notifications";
import { headerCounts } from "../../app/models/nav/header.server";

const t = useTestDatabase();

let group: Group;
let other: Group;
let author: { id: string; role: string };
let reporters: { id: string; role: string }[];
let moderator: { id: string; role: string };
let otherModerator: { id: string; role: string };
let admin: { id: string; role: string };

async function newPost(body = "Some words from my own experience.") {
  const { threadId } = await createThread(t.db, group.id, author.id, { title: "A thread", body: "Opening post", clientToken: null });
  const reply = await replyToThread(t.db, threadId, author.id, { body, clientToken: null });
  return { threadId, postId: reply.postId };
}

beforeEach(async () => {
  group = await makeGroup(t.db);
  other = await makeGroup(t.db);
  author = await makeUser(t.db);
  reporters = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
  moderator = await makeUser(t.db);
  otherModerator = await makeUser(t.db);
  admin = await makeUser(t.db, { role: "admin" });
  for (const u of [author, ...reporters]) await addMember(t.db, group.id, u.id);
  await addMember(t.db, group.id, moderator.id, "moderator");
  await addMember(t.db, other.id, otherModerator.id, "moderator");
});

describe("the audit log", () => {
  it("is append-only: the database refuses updates and deletes", async () => {
    const { postId } = await newPost();
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "hide", reason: "Off topic" });
    const row = await t.db
      .selectFrom("audit_log")
      .select(["id", "action", "actor_id", "reason", "before_state", "after_state"])
      .where("post_id", "=", postId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: "post.hide", actor_id: moderator.id, reason: "Off topic" });
    expect(JSON.parse(row.before_state)).toMatchObject({ hidden: false });
    expect(JSON.parse(row.after_state)).toMatchObject({ hidden: true, reason: "Off topic" });
    await expect(sql`UPDATE audit_log SET reason = 'changed' WHERE id = ${row.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${row.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    const still = await t.db.selectFrom("audit_log").select("reason").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(still.reason).toBe("Off topic");
  });

  it("shows admins everything and moderators only their groups' entries", async () => {
    const { postId } = await newPost();
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "hide", reason: "Off topic" });
    const all = await listAudit(t.db, await moderatorScope(t.db, admin), {});
    const mine = await listAudit(t.db, await moderatorScope(t.db, moderator), {});
    const theirs = await listAudit(t.db, await moderatorScope(t.db, otherModerator), {});
    expect(all.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.group_id === group.id)).toBe(true);
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(theirs.entries).toHaveLength(0);
    const filtered = await listAudit(t.db, await moderatorScope(t.db, admin), { action: "post.hide", actorId: moderator.id });
    expect(filtered.entries.every((e) => e.action === "post.hide" && e.actor_id === moderator.id)).toBe(true);
  });
});

describe("reports and the queue", () => {
  it("takes one open report per member per item and resolves several reports together", async () => {
    const { postId } = await newPost();
    const first = await fileReport(t.db, reporters[0]!.id, { kind: "post", id: postId }, { reason: "sourcing", note: "" });
    const second = await fileReport(t.db, reporters[1]!.id, { kind: "post", id: postId }, { reason: "spam", note: "" });
    expect(second.itemId).toBe(first.itemId);
    await expect(fileReport(t.db, reporters[0]!.id, { kind: "post", id: postId }, { reason: "spam", note: "" })).rejects.toThrow(/already reported/);
    await expect(fileReport(t.db, author.id, { kind: "post", id: postId }, { reason: "spam", note: "" })).rejects.toThrow(/your own/);

    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "Fine as it is" });
    const item = await t.db.selectFrom("review_items").selectAll().where("id", "=", first.itemId).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ status: "resolved", resolution: "dismiss", resolved_by: moderator.id, report_count: 2 });
    expect(item.first_action_at).not.toBeNull();
    // Both reporters learn the outcome, in general terms.
    const outcomes = await storedNotifications(t.db, "report_outcome");
    expect(outcomes.map((n) => n.userId).sort()).toEqual([reporters[0]!.id, reporters[1]!.id].sort());
    expect(outcomes.map((n) => n.data)).toEqual([{ outcome: "no_action" }, { outcome: "no_action" }]);
    // Acting again on the resolved reports answers clearly.
    await expect(moderate(t.db, moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "again" })).rejects.toThrow(/no open reports/);
    // A new report afterwards opens a new item.
    const again = await fileReport(t.db, reporters[0]!.id, { kind: "post", id: postId }, { reason: "spam", note: "" });
    expect(again.itemId).not.toBe(first.itemId);
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "still fine" });
  });

  it("orders crisis reports first, then by how many members reported, then by age", async () => {
    const older = await newPost("older, one report");
    const busy = await newPost("two reports");
    const crisis = await newPost("a hard night");
    await fileReport(t.db, reporters[0]!.id, { kind: "post", id: older.postId }, { reason: "spam", note: "" });
    await fileReport(t.db, reporters[0]!.id, { kind: "post", id: busy.postId }, { reason: "harassment", note: "" });
    await fileReport(t.db, reporters[1]!.id, { kind: "post", id: busy.postId }, { reason: "harassment", note: "" });
    await fileReport(t.db, reporters[2]!.id, { kind: "post", id: crisis.postId }, { reason: "crisis", note: "They sound in danger" });
    const queue = await listQueue(t.db, await moderatorScope(t.db, moderator));
    expect(queue.items.slice(0, 3).map((i) => i.post_id)).toEqual([crisis.postId, busy.postId, older.postId]);
    expect(queue.items[0]!.reasons).toEqual(["crisis"]);
    const elsewhere = await listQueue(t.db, await moderatorScope(t.db, otherModerator));
    expect(elsewhere.items).toHaveLength(0);
    expect(await moderationNavFor(t.db, moderator.id, false)).toEqual({ showModeration: true, openReports: 3 });
    expect(await moderationNavFor(t.db, otherModerator.id, false)).toEqual({ showModeration: true, openReports: 0 });
    expect((await moderationNavFor(t.db, reporters[0]!.id, false)).showModeration).toBe(false);
    // The header asks for the same figures (and the bell's) in one query.
    expect(await headerCounts(moderator.id, false)).toMatchObject({ showModeration: true, openReports: 3 });
    expect(await headerCounts(reporters[0]!.id, false)).toMatchObject({ showModeration: false, openReports: 0 });
    for (const p of [older, busy, crisis]) await moderate(t.db, moderator, { kind: "post", id: p.postId }, { action: "dismiss", reason: "ok" });
  });

  it("hides a post pending review once enough members report it, and dismissing restores it", async () => {
    const { postId } = await newPost();
    for (const r of reporters.slice(0, 3)) await fileReport(t.db, r.id, { kind: "post", id: postId }, { reason: "guidelines", note: "" });
    const hidden = await t.db.selectFrom("posts").select(["hidden_at", "hidden_reason"]).where("id", "=", postId).executeTakeFirstOrThrow();
    expect(hidden.hidden_reason).toBe(AUTO_HIDE_REASON);
    const audit = await t.db.selectFrom("audit_log").select(["action", "actor_id"]).where("post_id", "=", postId).execute();
    expect(audit).toContainEqual({ action: "post.auto_hide", actor_id: null });
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "dismiss", reason: "Reports were mistaken" });
    const restored = await t.db.selectFrom("posts").select("hidden_at").where("id", "=", postId).executeTakeFirstOrThrow();
    expect(restored.hidden_at).toBeNull();
  });
});

describe("actions and their scope", () => {
  it("lets a moderator act only in their groups; suspension is for admins", async () => {
    const { postId } = await newPost();
    await expect(moderate(t.db, otherModerator, { kind: "post", id: postId }, { action: "hide", reason: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(moderate(t.db, reporters[0]!, { kind: "post", id: postId }, { action: "hide", reason: "x" })).rejects.toMatchObject({ status: 404 });
    await expect(moderate(t.db, moderator, { kind: "post", id: postId }, { action: "suspend", reason: "x", hours: 24 })).rejects.toMatchObject({ status: 403 });
  });

  it("mutes a member in the group for a period: they cannot post there until it ends or is lifted", async () => {
    const { postId } = await newPost();
    await fileReport(t.db, reporters[0]!.id, { kind: "post", id: postId }, { reason: "sourcing", note: "" });
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "hide", reason: "Sourcing is not allowed here" });
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "mute", reason: "Sourcing is not allowed here", hours: 24 });
    const mute = await postingSanction(t.db, author.id, group.id);
    expect(mute).toMatchObject({ kind: "mute", reason: "Sourcing is not allowed here" });
    expect(Date.parse(mute!.ends_at!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await postingSanction(t.db, author.id, other.id)).toBeNull();
    expect(await postingSanction(t.db, author.id, group.id, new Date(Date.now() + 25 * 3600_000))).toBeNull();
    expect((await storedNotifications(t.db)).map((n) => [n.type, n.userId])).toEqual([
      ["post_hidden", author.id],
      ["report_outcome", reporters[0]!.id],
      ["sanction", author.id],
    ]);
    await expect(liftSanction(t.db, otherModerator, mute!.id, "early")).rejects.toMatchObject({ status: 404 });
    await liftSanction(t.db, moderator, mute!.id, "Talked it through");
    expect(await postingSanction(t.db, author.id, group.id)).toBeNull();
    const actions = await t.db.selectFrom("audit_log").select("action").where("subject_user_id", "=", author.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["post.hide", "member.mute", "sanction.lift"]));
  });

  it("suspends an account: its sessions end and the suspension is active", async () => {
    const member = await makeUser(t.db);
    await addMember(t.db, group.id, member.id);
    await createSession(t.db, member.id);
    await moderate(t.db, admin, { kind: "member", id: member.id }, { action: "suspend", reason: "Repeated selling", hours: null });
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", member.id).execute()).toHaveLength(0);
    expect(await activeSuspension(t.db, member.id)).toMatchObject({ kind: "suspend", ends_at: null });
    expect(await postingSanction(t.db, member.id, group.id)).toMatchObject({ kind: "suspend" });
  });

  it("deletes a post, keeping its words only in the audit log", async () => {
    const { postId } = await newPost("words to be removed");
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "delete", reason: "Dangerous taper advice" });
    const post = await t.db.selectFrom("posts").select(["deleted_by", "body_source"]).where("id", "=", postId).executeTakeFirstOrThrow();
    expect(post).toEqual({ deleted_by: "moderator", body_source: "" });
    const entry = await t.db.selectFrom("audit_log").select("before_state").where("post_id", "=", postId).where("action", "=", "post.delete").executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before_state).body).toBe("words to be removed");
    await expect(moderate(t.db, moderator, { kind: "post", id: postId }, { action: "hide", reason: "x" })).rejects.toBeInstanceOf(ModerationError);
  });

  it("thread tools: pin, lock, slow mode and move (only into groups the moderator moderates)", async () => {
    const { threadId, postId } = await newPost("a reply about driftwoodish");
    await threadTool(t.db, moderator, threadId, { tool: "pin", reason: "" });
    await threadTool(t.db, moderator, threadId, { tool: "lock", reason: "Cooling down" });
    await threadTool(t.db, moderator, threadId, { tool: "slow_mode", reason: "", slowModeMinutes: 10 });
    const thread = await t.db.selectFrom("threads").select(["is_pinned", "is_locked", "slow_mode_minutes"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(thread).toEqual({ is_pinned: 1, is_locked: 1, slow_mode_minutes: 10 });
    await expect(threadTool(t.db, moderator, threadId, { tool: "move", reason: "", toGroupId: other.id })).rejects.toMatchObject({ status: 403 });
    await expect(threadTool(t.db, otherModerator, threadId, { tool: "lock", reason: "" })).rejects.toMatchObject({ status: 404 });
    await threadTool(t.db, admin, threadId, { tool: "move", reason: "Better fit", toGroupId: other.id });
    const moved = await t.db.selectFrom("posts").select("group_id").where("thread_id", "=", threadId).execute();
    expect(moved.every((p) => p.group_id === other.id)).toBe(true);
    // Its posts are searched with their new group, no longer with the old one.
    expect((await searchPosts(t.db, admin, "driftwoodish", { groupId: other.id })).hits.map((h) => h.postId)).toEqual([postId]);
    expect((await searchPosts(t.db, admin, "driftwoodish", { groupId: group.id })).hits).toEqual([]);
  });

  it("hidden posts and hidden threads leave search; unhiding brings them back", async () => {
    const { threadId, postId } = await newPost("a word like marigoldish appears here");
    const opening = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).where("position", "=", 0).executeTakeFirstOrThrow();
    await t.db.updateTable("posts").set({ body_source: "opening marigoldish", body_html: "<p>opening marigoldish</p>" }).where("id", "=", opening.id).execute();
    await indexPost(t.db, opening.id, "A thread", "<p>opening marigoldish</p>");
    const found = async () => (await searchPosts(t.db, admin, "marigoldish")).hits.map((h) => h.postId).sort();
    expect(await found()).toEqual([opening.id, postId].sort());
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "hide", reason: "x" });
    expect(await found()).toEqual([opening.id]);
    await moderate(t.db, moderator, { kind: "thread", id: threadId }, { action: "hide", reason: "Off topic" });
    expect(await found()).toEqual([]);
    await moderate(t.db, moderator, { kind: "thread", id: threadId }, { action: "unhide", reason: "" });
    await moderate(t.db, moderator, { kind: "post", id: postId }, { action: "unhide", reason: "" });
    expect(await found()).toEqual([opening.id, postId].sort());
  });
});
