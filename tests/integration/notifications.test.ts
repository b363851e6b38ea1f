/**
 * In-app notifications: what notify() stores (or refuses to), collapsing, preferences, who sees what
 * (never content of a group one has left), the paged list, reading, and the pages.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as listPage from "../../app/routes/notifications/route";
import * as openPage from "../../app/routes/notifications.$id/route";
import { addMember, leaveGroup } from "../../app/models/groups.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { notifyWithOutcome } from "../../app/models/notify.server";
import { listNotifications, markAllRead, NOTIFICATIONS_PER_PAGE, unreadCount } from "../../app/models/notifications.server";
import { getPreferences, savePreferences, PreferenceError } from "../../app/models/notification-settings.server";
import { headerCounts } from "../../app/models/nav/header.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();

async function member() {
  const { user, cookie } = await makeSignedInUser(t.db);
  return { user, cookie, viewer: { id: user.id, timeZone: "UTC" } };
}

describe("notify()", () => {
  it("stores a notification for the recipient, never for the one who caused it", async () => {
    const alice = await member();
    const bob = await member();
    expect(await notifyWithOutcome(t.db, { userId: alice.user.id, type: "milestone", data: { label: "30 days" } })).toBe("created");
    expect(await notifyWithOutcome(t.db, { userId: bob.user.id, type: "reply", actorId: bob.user.id })).toBe("skipped");
    expect(await unreadCount(t.db, alice.user.id)).toBe(1);
    expect(await unreadCount(t.db, bob.user.id)).toBe(0);
    const { items } = await listNotifications(t.db, alice.viewer);
    expect(items[0]!.text).toContain("30 days");
  });

  it("collapses several reactions on one post into one notification, until it is read", async () => {
    const author = await member();
    const group = await makeGroup(t.db, { visibility: "public" });
    await addMember(t.db, group.id, author.user.id);
    const { threadId } = await createThread(t.db, group.id, author.user.id, { title: "Day one", body: "Hello", clientToken: null });
    const post = await t.db.selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
    const reactors = [await member(), await member(), await member()];
    const outcomes = [];
    for (const r of reactors) {
      await addMember(t.db, group.id, r.user.id);
      await t.db.insertInto("post_reactions").values({ post_id: post.id, user_id: r.user.id, kind: "support", created_at: new Date().toISOString() }).execute();
      outcomes.push(await notifyWithOutcome(t.db, { userId: author.user.id, type: "reaction", actorId: r.user.id, groupId: group.id, threadId, postId: post.id }));
    }
    expect(outcomes).toEqual(["created", "collapsed", "collapsed"]);
    let { items } = await listNotifications(t.db, author.viewer);
    expect(items).toHaveLength(1);
    expect(items[0]!.text).toBe(`${reactors[2]!.user.display_name} and 2 others reacted to your post in “Day one”`);
    await markAllRead(t.db, author.user.id);
    expect(await notifyWithOutcome(t.db, { userId: author.user.id, type: "reaction", actorId: reactors[0]!.user.id, groupId: group.id, threadId, postId: post.id })).toBe(
      "created",
    );
    ({ items } = await listNotifications(t.db, author.viewer));
    expect(items.map((i) => i.unread)).toEqual([true, false]);
  });

  it("respects the member's preference, and never lets safety notices be turned off", async () => {
    const m = await member();
    await savePreferences(t.db, m.user.id, { reaction: "off", milestone: "in_app" });
    expect(await notifyWithOutcome(t.db, { userId: m.user.id, type: "reaction", actorId: (await member()).user.id })).toBe("skipped");
    await expect(savePreferences(t.db, m.user.id, { sanction: "off" })).rejects.toBeInstanceOf(PreferenceError);
    await expect(savePreferences(t.db, m.user.id, { nonsense: "email" })).rejects.toBeInstanceOf(PreferenceError);
    await expect(savePreferences(t.db, m.user.id, { reply: "loudly" })).rejects.toBeInstanceOf(PreferenceError);
    const prefs = await getPreferences(t.db, m.user.id);
    expect(prefs.reaction).toBe("off");
    expect(prefs.reply).toBe("email");
    expect(await notifyWithOutcome(t.db, { userId: m.user.id, type: "sanction", data: { kind: "mute" } })).toBe("created");
  });

  it("queues an e-mail with a private envelope when the member wants e-mail", async () => {
    const m = await member();
    const group = await makeGroup(t.db, { visibility: "private", name: "Benzo Taper Support Circle" });
    await addMember(t.db, group.id, m.user.id);
    const { threadId } = await createThread(t.db, group.id, m.user.id, { title: "Withdrawal week three", body: "Hard days", clientToken: null });
    await notifyWithOutcome(t.db, { userId: m.user.id, type: "reply", actorId: (await member()).user.id, groupId: group.id, threadId });
    const mail = await t.db.selectFrom("mail_outbox").selectAll().where("user_id", "=", m.user.id).executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(m.user.email);
    expect(mail.subject).toBe("You have a new reply on Harbor");
    expect(mail.text_body).not.toContain("Benzo");
    expect(mail.text_body).not.toContain("Withdrawal");
    expect(mail.html_body).not.toContain("Withdrawal");
    const headers = JSON.parse(mail.headers) as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:\d+\/unsubscribe\?u=.+&t=reply&s=.+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });
});

describe("access", () => {
  let world: { reader: Awaited<ReturnType<typeof member>>; groupId: number; threadId: number; outsider: Awaited<ReturnType<typeof member>> };
  beforeEach(async () => {
    const reader = await member();
    const outsider = await member();
    const poster = await member();
    const group = await makeGroup(t.db, { visibility: "private" });
    await addMember(t.db, group.id, reader.user.id);
    await addMember(t.db, group.id, poster.user.id);
    const { threadId } = await createThread(t.db, group.id, reader.user.id, { title: "Private thoughts", body: "Just us", clientToken: null });
    await replyToThread(t.db, threadId, poster.user.id, { body: "Hi @someone", clientToken: null });
    world = { reader, outsider, groupId: group.id, threadId };
  });

  it("sends nothing about a private group to someone who cannot read it", async () => {
    const outcome = await notifyWithOutcome(t.db, { userId: world.outsider.user.id, type: "mention", groupId: world.groupId, threadId: world.threadId });
    expect(outcome).toBe("skipped");
    expect(await unreadCount(t.db, world.outsider.user.id)).toBe(0);
  });

  it("hides notifications about a group from the list and the count once the member has left it", async () => {
    await notifyWithOutcome(t.db, { userId: world.reader.user.id, type: "quote", groupId: world.groupId, threadId: world.threadId });
    const before = await unreadCount(t.db, world.reader.user.id);
    expect(before).toBeGreaterThanOrEqual(1);
    const { items } = await listNotifications(t.db, world.reader.viewer);
    expect(items.some((i) => i.text.includes("Private thoughts"))).toBe(true);
    await leaveGroup(t.db, world.groupId, world.reader.user.id);
    expect(await unreadCount(t.db, world.reader.user.id)).toBe(0);
    const after = await listNotifications(t.db, world.reader.viewer);
    expect(after.items.some((i) => i.text.includes("Private thoughts"))).toBe(false);
    // …and opening it by its address finds nothing.
    const id = (await t.db.selectFrom("notifications").select("id").where("user_id", "=", world.reader.user.id).where("type", "=", "quote").executeTakeFirstOrThrow()).id;
    const opened = await call(openPage.loader, get(`/notifications/${id}`, world.reader.cookie), { id: String(id) });
    expect(opened.status).toBe(404);
  });
});

describe("the list and the pages", () => {
  it("pages newest first without repeats, and counts at most 100 unread for the header", async () => {
    const m = await member();
    const total = NOTIFICATIONS_PER_PAGE + 5;
    for (let i = 0; i < total; i++) {
      await t.db
        .insertInto("notifications")
        .values({
          user_id: m.user.id,
          type: "milestone",
          actor_id: null,
          group_id: null,
          thread_id: null,
          post_id: null,
          meeting_id: null,
          data: JSON.stringify({ label: `Day ${i}` }),
          collapse_key: null,
          created_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          updated_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          read_at: null,
          email_state: null,
        })
        .execute();
    }
    const first = await listNotifications(t.db, m.viewer);
    expect(first.items).toHaveLength(NOTIFICATIONS_PER_PAGE);
    expect(first.items[0]!.text).toContain(`Day ${total - 1}`);
    const second = await listNotifications(t.db, m.viewer, first.next!);
    expect(second.items).toHaveLength(5);
    expect(second.next).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(total);
    expect((await headerCounts(m.user.id, false)).unreadNotifications).toBe(total);
  });

  it("the page lists, marks one read, marks all read; anonymous visitors are sent to sign in", async () => {
    const m = await member();
    const stranger = await member();
    await notifyWithOutcome(t.db, { userId: m.user.id, type: "milestone", data: { label: "One week" } });
    await notifyWithOutcome(t.db, { userId: m.user.id, type: "report_outcome", data: { outcome: "The post was removed." } });
    const page = await call<{ items: { id: number; text: string; unread: boolean }[] }>(listPage.loader, get("/notifications", m.cookie));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    const [latest] = page.body.items;
    expect((await call(listPage.loader, get("/notifications"))).status).toBe(302);
    // Someone else's notification cannot be touched.
    expect((await call(listPage.action, post("/notifications", { intent: "read", id: String(latest!.id) }, stranger.cookie))).status).toBe(404);
    expect((await call(listPage.action, post("/notifications", { intent: "read", id: "abc" }, m.cookie))).status).toBe(400);
    expect((await call(listPage.action, post("/notifications", { intent: "explode" }, m.cookie))).status).toBe(400);
    expect((await call(listPage.action, post("/notifications", { intent: "read", id: "99999999999" }, m.cookie))).status).toBe(400);
    expect((await call(openPage.loader, get("/notifications/99999999999", m.cookie), { id: "99999999999" })).status).toBe(404);
    const { encodeCursor } = await import("../../app/utils/cursor");
    expect((await call(listPage.loader, get(`/notifications?after=${encodeCursor({ updatedAt: "2026-01-01T00:00:00.000Z", id: 99999999999 })}`, m.cookie))).status).toBe(200);
    expect((await call(listPage.action, post("/notifications", { intent: "read", id: String(latest!.id) }, m.cookie))).status).toBe(200);
    expect(await unreadCount(t.db, m.user.id)).toBe(1);
    expect((await call(listPage.action, post("/notifications", { intent: "read-all" }, m.cookie))).status).toBe(200);
    expect(await unreadCount(t.db, m.user.id)).toBe(0);
  });

  it("is part of the member's data download", async () => {
    const { exportMemberData } = await import("../../app/models/member-data.server");
    const m = await member();
    await notifyWithOutcome(t.db, { userId: m.user.id, type: "milestone", data: { label: "1 year" } });
    await savePreferences(t.db, m.user.id, { reply: "digest" });
    const data = (await exportMemberData(t.db, m.user.id)) as { notifications: { preferences: Record<string, string>; notifications: { text: string; read: boolean }[] } };
    expect(data.notifications.preferences.reply).toBe("digest");
    expect(data.notifications.notifications).toEqual([expect.objectContaining({ read: false, text: expect.stringContaining("1 year") })]);
  });

  it("opening a notification marks it read and leads to what it is about", async () => {
    const m = await member();
    await notifyWithOutcome(t.db, { userId: m.user.id, type: "milestone", data: { label: "90 days" } });
    const { items } = await listNotifications(t.db, m.viewer);
    const opened = await call(openPage.loader, get(`/notifications/${items[0]!.id}`, m.cookie), { id: String(items[0]!.id) });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe("/recovery");
    expect(await unreadCount(t.db, m.user.id)).toBe(0);
  });
});

describe("the preferences page", () => {
  it("shows sensible defaults, saves choices, and refuses malformed ones with 400 and nothing saved", async () => {
    const settingsPage = await import("../../app/routes/settings.notifications/route");
    const m = await member();
    const shown = await call<{ preferences: Record<string, string>; reminders: number[] }>(settingsPage.loader, get("/settings/notifications", m.cookie));
    expect(shown.body.preferences.reply).toBe("email");
    expect(shown.body.preferences.reaction).toBe("in_app");
    expect(shown.body.reminders).toEqual([60]);
    const saved = await call(settingsPage.action, post("/settings/notifications", { reply: "digest", reaction: "off", "remind-1440": "on" }, m.cookie));
    expect(saved.status).toBe(200);
    expect((await getPreferences(t.db, m.user.id)).reply).toBe("digest");
    const again = await call<{ reminders: number[] }>(settingsPage.loader, get("/settings/notifications", m.cookie));
    expect(again.body.reminders).toEqual([1440]);
    const bad = await call<{ errors: Record<string, string> }>(settingsPage.action, post("/settings/notifications", { reply: "email", mention: "sometimes" }, m.cookie));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.mention).toMatch(/Choose one of the options/);
    expect((await getPreferences(t.db, m.user.id)).reply).toBe("digest");
    expect((await call(settingsPage.action, post("/settings/notifications", { sanction: "off" }, m.cookie))).status).toBe(400);
    const unknown = await call<{ errors: Record<string, string>; values: Record<string, string> }>(
      settingsPage.action,
      post("/settings/notifications", { reply: "off", is_admin: "1" }, m.cookie),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.form).toMatch(/setting Harbor doesn't know/);
    expect(unknown.body.values.reply).toBe("off");
    expect((await getPreferences(t.db, m.user.id)).reply).toBe("digest");
    expect((await call(settingsPage.loader, get("/settings/notifications"))).status).toBe(302);
  });
});
