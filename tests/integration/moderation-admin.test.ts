/**
 * The admin console's moderation parts and a group's moderation settings, as admin, moderator and member.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as adminModeration from "../../app/routes/admin.moderation/route";
import * as adminWords from "../../app/routes/admin.watched-words/route";
import * as adminUsers from "../../app/routes/admin.users/route";
import * as groupModeration from "../../app/routes/moderation.groups.$slug/route";
import * as reviewPage from "../../app/routes/moderation.review.$kind.$id/route";
import { addMember } from "../../app/models/groups.server";
import { fileReport, getGroupModerationSettings, getModerationSettings, moderate, setModerator } from "../../app/models/moderation.server";
import { listWatchedWords } from "../../app/models/posting-rules.server";
import { createSession } from "../../app/models/sessions.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
let group: Group;
let other: Group;
const c = {} as Record<"admin" | "moderator" | "member", { id: string; role: string; cookie: string; email: string; display_name: string }>;

beforeEach(async () => {
  group = await makeGroup(t.db);
  other = await makeGroup(t.db);
  for (const role of ["admin", "moderator", "member"] as const) {
    const user = await makeUser(t.db, { role: role === "admin" ? "admin" : "member", displayName: `Zed ${role} ${Math.random().toString(36).slice(2, 6)}` });
    c[role] = { ...user, cookie: `harbor_session=${(await createSession(t.db, user.id)).token}` };
  }
  await addMember(t.db, group.id, c.moderator.id, "moderator");
  await addMember(t.db, group.id, c.member.id);
  const { threadId } = await createThread(t.db, group.id, c.member.id, { title: "Hello", body: "First post", clientToken: null });
  const reply = await replyToThread(t.db, threadId, c.member.id, { body: "second", clientToken: null });
  await fileReport(t.db, c.admin.id, { kind: "post", id: reply.postId }, { reason: "crisis", note: "" });
  await fileReport(t.db, c.moderator.id, { kind: "post", id: reply.postId }, { reason: "spam", note: "" });
  const first = await t.db.selectFrom("posts").select("id").where("position", "=", 0).where("thread_id", "=", threadId).executeTakeFirstOrThrow();
  await fileReport(t.db, c.moderator.id, { kind: "post", id: first.id }, { reason: "spam", note: "" });
  await moderate(t.db, c.moderator, { kind: "post", id: first.id }, { action: "dismiss", reason: "" });
});

describe("admin moderation dashboard and settings", () => {
  it("is for admins only", async () => {
    expect((await call(adminModeration.loader, get("/admin/moderation", c.moderator.cookie))).status).toBe(403);
    expect((await call(adminModeration.action, post("/admin/moderation", { autoHideReports: "1" }, c.member.cookie))).status).toBe(403);
    expect((await call(adminWords.loader, get("/admin/watched-words", c.moderator.cookie))).status).toBe(403);
  });

  it("shows activity, open reports by reason and the median time to a first action", async () => {
    const page = await call<{ dashboard: { active30: number; openByReason: { reason: string; count: number }[]; median: string | null; postsPerDay: { count: number }[] } }>(
      adminModeration.loader,
      get("/admin/moderation", c.admin.cookie),
    );
    expect(page.status).toBe(200);
    expect(page.body.dashboard.active30).toBeGreaterThanOrEqual(3);
    expect(page.body.dashboard.openByReason).toEqual(
      expect.arrayContaining([
        { reason: "crisis", count: 1, label: expect.any(String) },
        { reason: "spam", count: 1, label: expect.any(String) },
      ]),
    );
    expect(page.body.dashboard.median).not.toBeNull();
    expect(page.body.dashboard.postsPerDay.at(-1)!.count).toBe(2);
  });

  it("is a volunteer's daily view: the open queue oldest first, the median's weekly trend, readable charts, clear actions", async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    // An older open item (a thread report from three days ago) must come first, before the newer crisis post.
    const { threadId } = await createThread(t.db, group.id, c.member.id, { title: "Older", body: "An older post", clientToken: null });
    await fileReport(t.db, c.moderator.id, { kind: "thread", id: threadId }, { reason: "spam", note: "" });
    await t.db
      .updateTable("review_items")
      .set({ opened_at: hoursAgo(70) })
      .where("thread_id", "=", threadId)
      .where("status", "=", "open")
      .execute();
    // Answered items: 5 hours to a first action the week before last, 2 hours last week.
    const answered = (key: string, openedHoursAgo: number, waitHours: number) => ({
      group_id: group.id,
      kind: "member" as const,
      target_key: key,
      subject_user_id: c.member.id,
      status: "resolved" as const,
      opened_at: hoursAgo(openedHoursAgo),
      first_action_at: hoursAgo(openedHoursAgo - waitHours),
      resolved_at: hoursAgo(openedHoursAgo - waitHours),
    });
    await t.db
      .insertInto("review_items")
      .values([answered("t:a", 24 * 10, 5), answered("t:b", 24 * 11, 5), answered("t:c", 24 * 2, 2), answered("t:d", 24 * 3, 2)])
      .execute();

    type View = import("../../app/components/moderation-dashboard").DashboardView;
    const page = await call<{ dashboard: View }>(adminModeration.loader, get("/admin/moderation", c.admin.cookie));
    const d = page.body.dashboard;
    expect(d.openCount).toBe(2);
    expect(d.oldestOpen.map((i) => i.href)).toEqual([`/moderation/review/thread/${threadId}`, expect.stringMatching(/^\/moderation\/review\/post\/\d+$/)]);
    expect(d.oldestOpen[0]).toMatchObject({ waited: "3 days", crisis: false, group: group.name });
    expect(d.oldestOpen[1]!.crisis).toBe(true);
    expect(d.weeks).toHaveLength(4);
    expect(d.weeks.at(-2)!.hours).toBe(5);
    expect(d.weeks.at(-1)!.hours).toBe(2);
    expect(d.trend).toBe("Faster than the week before (2 hours, was 5 hours)");
    expect(d.postsPerDay).toHaveLength(14);
    expect(d.postsPerDay.at(-1)!.short).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
    // Nothing private on this page: no post text, no e-mail address.
    expect(JSON.stringify(d)).not.toMatch(/An older post|@harbor\.test/);
  });

  it("saves trust limits and answers bad numbers at the field", async () => {
    const fields = {
      autoHideReports: "4",
      newAccountHours: "48",
      establishedAfterPosts: "5",
      newPostsPerHour: "6",
      newMaxLinks: "1",
      newThreadsPerDay: "2",
      establishedPostsPerHour: "30",
      establishedThreadsPerDay: "10",
    };
    const bad = await call<{ errors: Record<string, string> }>(adminModeration.action, post("/admin/moderation", { ...fields, newMaxLinks: "-1" }, c.admin.cookie));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.newMaxLinks).toMatch(/0 or more/);
    const ok = await call(adminModeration.action, post("/admin/moderation", fields, c.admin.cookie));
    expect(ok.status).toBe(200);
    const saved = await getModerationSettings(t.db);
    expect(saved).toEqual({
      autoHideReports: 4,
      trust: { newAccountHours: 48, establishedAfterPosts: 5, newPostsPerHour: 6, newMaxLinks: 1, newThreadsPerDay: 2, establishedPostsPerHour: 30, establishedThreadsPerDay: 10 },
    });
    const audit = await t.db.selectFrom("audit_log").select("actor_id").where("action", "=", "settings.moderation").execute();
    expect(audit.map((a) => a.actor_id)).toContain(c.admin.id);
  });
});

describe("watched words", () => {
  it("start with the defaults; an admin edits the site-wide list, a moderator their group's", async () => {
    const before = await listWatchedWords(t.db, null);
    expect(before.map((w) => w.phrase)).toContain("selling xanax");
    const added = await call(
      adminWords.action,
      post("/admin/watched-words", { intent: "add", phrase: "Kratom", action: "flag", note: "Often sold as a taper aid" }, c.admin.cookie),
    );
    expect(added.status).toBe(200);
    const plug = (await listWatchedWords(t.db, null)).find((w) => w.phrase === "my plug")!;
    expect(plug.id).toBeGreaterThan(0); // the defaults became ordinary rows
    await call(adminWords.action, post("/admin/watched-words", { intent: "remove", id: String(plug.id) }, c.admin.cookie));
    const after = (await listWatchedWords(t.db, null)).map((w) => w.phrase);
    expect(after).toContain("kratom");
    expect(after).not.toContain("my plug");
    const empty = await call<{ errors: Record<string, string> }>(
      adminWords.action,
      post("/admin/watched-words", { intent: "add", phrase: "", action: "flag", note: "" }, c.admin.cookie),
    );
    expect(empty.status).toBe(400);
    expect(empty.body.errors.phrase).toBeTruthy();

    const path = `/moderation/groups/${group.slug}`;
    expect((await call(groupModeration.loader, get(path, c.member.cookie), { slug: group.slug })).status).toBe(404);
    expect((await call(groupModeration.loader, get(`/moderation/groups/${other.slug}`, c.moderator.cookie), { slug: other.slug })).status).toBe(404);
    expect(
      (
        await call(groupModeration.action, post(`/moderation/groups/${other.slug}`, { intent: "add", phrase: "x", action: "block", note: "" }, c.moderator.cookie), {
          slug: other.slug,
        })
      ).status,
    ).toBe(404);
    await call(groupModeration.action, post(path, { intent: "add", phrase: "gabapentin swap", action: "approve", note: "" }, c.moderator.cookie), { slug: group.slug });
    const groupWords = await listWatchedWords(t.db, group.id);
    expect(groupWords.find((w) => w.phrase === "gabapentin swap")?.groupId).toBe(group.id);
    expect((await listWatchedWords(t.db, other.id)).map((w) => w.phrase)).not.toContain("gabapentin swap");
    // A moderator cannot remove a site-wide word from their group page.
    const siteWord = groupWords.find((w) => w.groupId === null)!;
    const refused = await call(groupModeration.action, post(path, { intent: "remove", id: String(siteWord.id) }, c.moderator.cookie), { slug: group.slug });
    expect(refused.status).toBe(404);
  });

  it("a moderator sets post approval for their group", async () => {
    const path = `/moderation/groups/${group.slug}`;
    const bad = await call<{ errors: Record<string, string> }>(groupModeration.action, post(path, { intent: "approval", approveFirstPosts: "many" }, c.moderator.cookie), {
      slug: group.slug,
    });
    expect(bad.status).toBe(400);
    await call(groupModeration.action, post(path, { intent: "approval", approveFirstPosts: "2", approveAll: "on" }, c.moderator.cookie), { slug: group.slug });
    expect(await getGroupModerationSettings(t.db, group.id)).toEqual({ approveFirstPosts: 2, approveAll: true });
  });
});

describe("finding members", () => {
  it("by display name or exact e-mail, for admins, without showing addresses", async () => {
    const byName = await call<{ users: { id: string }[] }>(adminUsers.loader, get(`/admin/users?q=${encodeURIComponent("zed mem")}`, c.admin.cookie));
    expect(byName.body.users.map((u) => u.id)).toEqual([c.member.id]);
    const byEmail = await call<{ users: { id: string }[] }>(adminUsers.loader, get(`/admin/users?q=${encodeURIComponent(c.member.email.toUpperCase())}`, c.admin.cookie));
    expect(byEmail.body.users.map((u) => u.id)).toEqual([c.member.id]);
    expect(JSON.stringify(byEmail.body)).not.toContain(c.member.email);
  });
});

describe("accounts and moderators", () => {
  it("an admin deletes a member's account from their moderation page; the audit log keeps the name", async () => {
    const doomed = await makeUser(t.db, { displayName: `Spammer ${Date.now()}` });
    const path = `/moderation/review/member/${doomed.id}`;
    const params = { kind: "member", id: doomed.id };
    const byModerator = await call(reviewPage.action, post(`${path}?group=${group.id}`, { intent: "act", action: "delete_account", reason: "Spam" }, c.moderator.cookie), params);
    expect(byModerator.status).toBe(403);
    const noReason = await call<{ errors: Record<string, string> }>(reviewPage.action, post(path, { intent: "act", action: "delete_account", reason: "" }, c.admin.cookie), params);
    expect(noReason.status).toBe(400);
    const done = await call(reviewPage.action, post(path, { intent: "act", action: "delete_account", reason: "Spam account" }, c.admin.cookie), params);
    expect(done.status).toBe(302);
    expect(await t.db.selectFrom("users").select("id").where("id", "=", doomed.id).executeTakeFirst()).toBeUndefined();
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["before_state", "actor_id"])
      .where("action", "=", "member.delete")
      .where("subject_user_id", "=", doomed.id)
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(c.admin.id);
    expect(JSON.parse(entry.before_state).displayName).toBe(doomed.display_name);
  });

  it("appointing and removing a moderator is audited", async () => {
    const someone = await makeUser(t.db);
    expect(await setModerator(t.db, c.admin.id, other.id, someone.id, true)).toBe(true);
    expect(await setModerator(t.db, c.admin.id, other.id, someone.id, false)).toBe(true);
    const actions = await t.db.selectFrom("audit_log").select("action").where("subject_user_id", "=", someone.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["moderator.appoint", "moderator.remove"]);
  });
});
