/**
 * Blocking a member (issue 26): the block list, the thread page as the blocker, the blocked member
 * and a moderator see it (collapsed, left out, everything), notifications that stop, and the page's
 * query count (a member in no block pays nothing; one in a block pays one query, not one per post).
 */
import { describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import * as threadRoute from "../../app/routes/groups.$slug.threads.$threadId/route";
import * as blockedRoute from "../../app/routes/settings.blocked/route";
import * as profileRoute from "../../app/routes/members.$userId/route";
import { addMember } from "../../app/models/groups.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { blockMember, listBlocked, unblockMember, BlockError, exportBlocks } from "../../app/models/blocks.server";
import { notifyWithOutcome } from "../../app/models/notify.server";
import { unreadCount } from "../../app/models/notifications.server";
import { exportMemberData } from "../../app/models/member-data.server";
import { blockRelations, isBlockedBetween, blockedBetweenSql } from "../../app/policy";
import { setDbHandle } from "../../app/utils/db.server";
import { configureSqlite, sqliteHandle } from "../../db/client";
import { makeGroup, makeSignedInUser } from "../factories";
import { sqliteTemplate, useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();

type ThreadPage = Awaited<ReturnType<typeof threadRoute.loader>>;

async function world(db = t.db) {
  const riley = await makeSignedInUser(db, { displayName: `Riley ${Math.random().toString(36).slice(2, 7)}` });
  const morgan = await makeSignedInUser(db, { displayName: `Morgan ${Math.random().toString(36).slice(2, 7)}` });
  const mod = await makeSignedInUser(db);
  const bystander = await makeSignedInUser(db);
  const group = await makeGroup(db, { visibility: "public" });
  for (const m of [riley, morgan, bystander]) await addMember(db, group.id, m.user.id);
  await addMember(db, group.id, mod.user.id, "moderator");
  const { threadId } = await createThread(db, group.id, riley.user.id, { title: "Sleep in week three", body: "Riley's opening words", clientToken: null });
  await replyToThread(db, threadId, morgan.user.id, { body: "Morgan's reply words", clientToken: null });
  await replyToThread(db, threadId, bystander.user.id, { body: "A bystander's words", clientToken: null });
  const page = (who: { cookie: string }) =>
    call<ThreadPage>(threadRoute.loader, get(`/groups/${group.slug}/threads/${threadId}`, who.cookie), { slug: group.slug, threadId: String(threadId) });
  return { riley, morgan, mod, bystander, group, threadId, page };
}

describe("the block list", () => {
  it("blocks and unblocks, lists only whom the member blocked, and refuses blocking oneself", async () => {
    const { riley, morgan } = await world();
    const blocked = await call<{ ok: true; message: string }>(blockedRoute.action, post("/settings/blocked", { intent: "block", memberId: morgan.user.id }, riley.cookie));
    expect(blocked.status).toBe(200);
    expect(blocked.body.message).toContain("They are not told");
    expect(await isBlockedBetween(t.db, riley.user.id, morgan.user.id)).toBe(true);
    expect(await isBlockedBetween(t.db, morgan.user.id, riley.user.id)).toBe(true);
    // Blocking twice stores one block.
    await blockMember(t.db, riley.user.id, morgan.user.id);
    expect((await listBlocked(t.db, riley.user.id)).map((b) => b.id)).toEqual([morgan.user.id]);
    // Morgan's own list does not show who blocked her.
    expect(await listBlocked(t.db, morgan.user.id)).toEqual([]);
    const page = await call<Awaited<ReturnType<typeof blockedRoute.loader>>>(blockedRoute.loader, get("/settings/blocked", riley.cookie));
    expect(page.body.blocked.map((b) => b.name)).toEqual([morgan.user.display_name]);

    const self = await call<{ errors: Record<string, string> }>(blockedRoute.action, post("/settings/blocked", { intent: "block", memberId: riley.user.id }, riley.cookie));
    expect(self.status).toBe(400);
    expect(self.body.errors.form).toBe("You can't block yourself.");
    const nobody = await call<{ errors: Record<string, string> }>(blockedRoute.action, post("/settings/blocked", { intent: "block", memberId: "no-such-member" }, riley.cookie));
    expect(nobody.status).toBe(404);
    await expect(blockMember(t.db, riley.user.id, riley.user.id)).rejects.toBeInstanceOf(BlockError);

    const back = await call(
      blockedRoute.action,
      post("/settings/blocked", { intent: "unblock", memberId: morgan.user.id, redirectTo: `/members/${morgan.user.id}` }, riley.cookie),
    );
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe(`/members/${morgan.user.id}`);
    expect(await isBlockedBetween(t.db, riley.user.id, morgan.user.id)).toBe(false);
    expect(await unblockMember(t.db, riley.user.id, morgan.user.id)).toBe(false);
  });

  it("needs a signed-in member", async () => {
    const anonymous = await call(blockedRoute.action, post("/settings/blocked", { intent: "block", memberId: "x" }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("the profile offers Block, then says the member is blocked", async () => {
    const { riley, morgan } = await world();
    const before = await call<Awaited<ReturnType<typeof profileRoute.loader>>>(profileRoute.loader, get(`/members/${morgan.user.id}`, riley.cookie), { userId: morgan.user.id });
    expect(before.body.blocked).toBe(false);
    await blockMember(t.db, riley.user.id, morgan.user.id);
    const after = await call<Awaited<ReturnType<typeof profileRoute.loader>>>(profileRoute.loader, get(`/members/${morgan.user.id}`, riley.cookie), { userId: morgan.user.id });
    expect(after.body.blocked).toBe(true);
    // Morgan sees nothing of it on Riley's profile.
    const hers = await call<Awaited<ReturnType<typeof profileRoute.loader>>>(profileRoute.loader, get(`/members/${riley.user.id}`, morgan.cookie), { userId: riley.user.id });
    expect(hers.body.blocked).toBe(false);
  });

  it("is in the member's data download", async () => {
    const { riley, morgan } = await world();
    await blockMember(t.db, riley.user.id, morgan.user.id);
    expect(await exportBlocks(t.db, riley.user.id)).toEqual([{ member: morgan.user.display_name, blockedAt: expect.any(String) }]);
    const data = await exportMemberData(t.db, riley.user.id);
    expect(data.blockedMembers).toHaveLength(1);
    expect((await exportMemberData(t.db, morgan.user.id)).blockedMembers).toEqual([]);
  });
});

describe("the thread page", () => {
  it("collapses the blocked member's posts for the blocker, leaves the blocker's out for the blocked member, and shows moderators everything", async () => {
    const { riley, morgan, mod, bystander, page } = await world();
    await blockMember(t.db, riley.user.id, morgan.user.id);

    const asRiley = await page(riley);
    const morgansPost = asRiley.body.posts.find((p) => p.authorId === morgan.user.id)!;
    expect(morgansPost.blockedAuthor).toBe(true);
    expect(asRiley.body.posts.filter((p) => p.blockedAuthor)).toHaveLength(1);

    const asMorgan = await page(morgan);
    expect(asMorgan.body.posts.map((p) => p.authorId)).toEqual([morgan.user.id, bystander.user.id]);
    expect(JSON.stringify(asMorgan.body)).not.toContain("Riley's opening words");
    expect(asMorgan.body.posts.some((p) => p.blockedAuthor)).toBe(false);

    for (const viewer of [mod, bystander]) {
      const seen = await page(viewer);
      expect(seen.body.posts.map((p) => p.authorId)).toEqual([riley.user.id, morgan.user.id, bystander.user.id]);
      expect(seen.body.posts.some((p) => p.blockedAuthor)).toBe(false);
    }
  });

  // Counted on a SQLite file of its own in both passes (query counts are the SQLite server's figure).
  it("costs a member in no block no query, and one in a block one query, whatever the number of posts", async () => {
    let queries = 0;
    const counted = sqliteHandle(configureSqlite(new SQLite(sqliteTemplate())), "counted", { onQuery: () => queries++ });
    setDbHandle(counted);
    try {
      const { riley, morgan, bystander, group, threadId } = await world(counted.db);
      for (let i = 0; i < 8; i++) await replyToThread(counted.db, threadId, i % 2 ? morgan.user.id : bystander.user.id, { body: `More words ${i}`, clientToken: null });
      const load = async (who: { cookie: string }) => {
        await call(threadRoute.loader, get(`/groups/${group.slug}/threads/${threadId}`, who.cookie), { slug: group.slug, threadId: String(threadId) });
        queries = 0;
        await call(threadRoute.loader, get(`/groups/${group.slug}/threads/${threadId}`, who.cookie), { slug: group.slug, threadId: String(threadId) });
        return queries;
      };
      const plain = await load(bystander);
      expect(plain).toBeLessThanOrEqual(6);
      await blockMember(counted.db, riley.user.id, morgan.user.id);
      const blocker = await load(riley);
      expect(blocker).toBe(plain + 1);
      expect(await load(bystander)).toBe(plain);
    } finally {
      setDbHandle(t.handle);
      await counted.db.destroy();
    }
  });
});

describe("notifications", () => {
  it("from a blocked member (either way) are not stored, and earlier ones leave the list and the count", async () => {
    const { riley, morgan, group, threadId } = await world();
    const earlier = await notifyWithOutcome(t.db, { userId: riley.user.id, type: "mention", actorId: morgan.user.id, groupId: group.id, threadId });
    expect(earlier).toBe("created");
    expect(await unreadCount(t.db, riley.user.id)).toBeGreaterThan(0);
    const before = await unreadCount(t.db, riley.user.id);
    await blockMember(t.db, riley.user.id, morgan.user.id);
    expect(await unreadCount(t.db, riley.user.id)).toBe(before - 1);
    for (const type of ["mention", "reaction", "quote"] as const) {
      expect(await notifyWithOutcome(t.db, { userId: riley.user.id, type, actorId: morgan.user.id, groupId: group.id, threadId })).toBe("skipped");
      // And the other way: Morgan no longer hears of Riley.
      expect(await notifyWithOutcome(t.db, { userId: morgan.user.id, type, actorId: riley.user.id, groupId: group.id, threadId })).toBe("skipped");
    }
  });

  it("blockedBetweenSql and blockRelations agree with isBlockedBetween", async () => {
    const { riley, morgan, bystander } = await world();
    await blockMember(t.db, morgan.user.id, riley.user.id);
    const rows = await t.db
      .selectFrom("users")
      .select("users.id")
      .where(() => blockedBetweenSql(riley.user.id, "users.id"))
      .execute();
    expect(rows.map((r) => r.id)).toEqual([morgan.user.id]);
    const relations = await blockRelations(t.db, riley.user.id);
    expect([...relations.blockedBy]).toEqual([morgan.user.id]);
    expect([...relations.blocked]).toEqual([]);
    expect(await isBlockedBetween(t.db, riley.user.id, bystander.user.id)).toBe(false);
  });
});
