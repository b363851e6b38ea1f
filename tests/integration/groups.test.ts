import { describe, expect, it } from "vitest";
import {
  addMember,
  getGroupAccess,
  getMembership,
  leaveGroup,
  listGroups,
  listMembers,
  listModerators,
  listMyGroups,
  setMemberRole,
  slugify,
} from "../../app/models/groups.server";
import {
  acceptInvite,
  createInvite,
  decideRequest,
  joinPublicGroup,
  listPendingRequests,
  requestToJoin,
  revokeInvite,
  withdrawRequest,
} from "../../app/models/group-joining.server";
import { createThread, replyToThread, markRead } from "../../app/models/threads.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const viewer = (u: { id: string; role: string }) => ({ id: u.id, role: u.role });

describe("who can see a group", () => {
  it("public: anyone reads, only members post", async () => {
    const group = await makeGroup(t.db, { visibility: "public" });
    const outsider = await makeUser(t.db);
    const anon = await getGroupAccess(t.db, group.slug, null);
    expect(anon).toMatchObject({ canSee: true, canRead: true, canPost: false });
    const stranger = await getGroupAccess(t.db, group.slug, viewer(outsider));
    expect(stranger).toMatchObject({ canRead: true, canPost: false, isMember: false });
    await joinPublicGroup(t.db, stranger!, outsider.id);
    expect(await getGroupAccess(t.db, group.slug, viewer(outsider))).toMatchObject({ canPost: true, isMember: true, isModerator: false });
  });

  it("private: listed, but only members read", async () => {
    const group = await makeGroup(t.db, { visibility: "private" });
    const outsider = await makeUser(t.db);
    expect(await getGroupAccess(t.db, group.slug, null)).toMatchObject({ canSee: true, canRead: false, canPost: false });
    expect(await getGroupAccess(t.db, group.slug, viewer(outsider))).toMatchObject({ canSee: true, canRead: false });
    const access = await getGroupAccess(t.db, group.slug, viewer(outsider));
    await expect(joinPublicGroup(t.db, access!, outsider.id)).rejects.toThrow(/request or invitation/);
  });

  it("hidden: does not exist for outsiders, exists for members and admins", async () => {
    const group = await makeGroup(t.db, { visibility: "hidden" });
    const outsider = await makeUser(t.db);
    const member = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: "admin" });
    await addMember(t.db, group.id, member.id);
    expect(await getGroupAccess(t.db, group.slug, null)).toBeNull();
    expect(await getGroupAccess(t.db, group.slug, viewer(outsider))).toBeNull();
    expect(await getGroupAccess(t.db, group.slug, viewer(member))).toMatchObject({ canRead: true, canPost: true });
    expect(await getGroupAccess(t.db, group.slug, viewer(admin))).toMatchObject({ canRead: true, isModerator: true, canPost: false });
  });

  it("the directory lists public and private groups, and hidden ones only to their members", async () => {
    const pub = await makeGroup(t.db, { visibility: "public", name: "AAA public" });
    const priv = await makeGroup(t.db, { visibility: "private", name: "AAA private" });
    const hidden = await makeGroup(t.db, { visibility: "hidden", name: "AAA hidden" });
    const outsider = await makeUser(t.db);
    const member = await makeUser(t.db);
    await addMember(t.db, hidden.id, member.id);
    const slugs = async (v: Parameters<typeof listGroups>[1]) => {
      const all: string[] = [];
      let after: Parameters<typeof listGroups>[2];
      do {
        const page = await listGroups(t.db, v, after);
        all.push(...page.groups.map((g) => g.slug));
        after = page.next ?? undefined;
      } while (after);
      return all;
    };
    for (const v of [null, viewer(outsider)]) {
      const seen = await slugs(v);
      expect(seen).toContain(pub.slug);
      expect(seen).toContain(priv.slug);
      expect(seen).not.toContain(hidden.slug);
    }
    expect(await slugs(viewer(member))).toContain(hidden.slug);
  });
});

describe("joining", () => {
  it("a private group by request: one open request, approved by a moderator with a message", async () => {
    const group = await makeGroup(t.db, { visibility: "private" });
    const moderator = await makeUser(t.db);
    await addMember(t.db, group.id, moderator.id, "moderator");
    const asker = await makeUser(t.db);
    const access = (await getGroupAccess(t.db, group.slug, viewer(asker)))!;
    await requestToJoin(t.db, access, asker.id, "I finished the spring programme.");
    await expect(requestToJoin(t.db, access, asker.id, "again")).rejects.toThrow(/already asked/);
    const { requests } = await listPendingRequests(t.db, group.id);
    expect(requests.map((r) => [r.display_name, r.message])).toEqual([[asker.display_name, "I finished the spring programme."]]);
    await decideRequest(t.db, group.id, requests[0]!.id, moderator.id, { approve: true, message: "Welcome!" });
    expect(await getGroupAccess(t.db, group.slug, viewer(asker))).toMatchObject({ isMember: true, canRead: true });
    await expect(decideRequest(t.db, group.id, requests[0]!.id, moderator.id, { approve: false, message: "" })).rejects.toThrow(/already been answered/);
    const row = await t.db.selectFrom("groups").select("member_count").where("id", "=", group.id).executeTakeFirstOrThrow();
    expect(row.member_count).toBe(2);
  });

  it("a declined request leaves the asker outside; they may ask again later; a request of another group can't be decided here", async () => {
    const group = await makeGroup(t.db, { visibility: "private" });
    const other = await makeGroup(t.db, { visibility: "private" });
    const moderator = await makeUser(t.db);
    const asker = await makeUser(t.db);
    const access = (await getGroupAccess(t.db, group.slug, viewer(asker)))!;
    await requestToJoin(t.db, access, asker.id, "");
    const { requests } = await listPendingRequests(t.db, group.id);
    await expect(decideRequest(t.db, other.id, requests[0]!.id, moderator.id, { approve: true, message: "" })).rejects.toThrow(/doesn't exist/);
    await decideRequest(t.db, group.id, requests[0]!.id, moderator.id, { approve: false, message: "This group is for the 2025 cohort." });
    expect(await getGroupAccess(t.db, group.slug, viewer(asker))).toMatchObject({ isMember: false, canRead: false });
    await requestToJoin(t.db, access, asker.id, "Trying again");
    expect(await withdrawRequest(t.db, group.id, asker.id)).toBe(true);
    expect((await listPendingRequests(t.db, group.id)).requests).toHaveLength(0);
  });

  it("a hidden group by invite link: links expire and can be revoked", async () => {
    const group = await makeGroup(t.db, { visibility: "hidden" });
    const moderator = await makeUser(t.db);
    const guest = await makeUser(t.db);
    const late = await makeUser(t.db);
    const { token } = await createInvite(t.db, group.id, moderator.id, 14);
    const row = await t.db.selectFrom("group_invites").select(["token_hash", "id"]).where("group_id", "=", group.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect((await acceptInvite(t.db, token, guest.id)).slug).toBe(group.slug);
    expect(await getGroupAccess(t.db, group.slug, viewer(guest))).toMatchObject({ isMember: true });

    const expired = await createInvite(t.db, group.id, moderator.id, 1, new Date(Date.now() - 2 * 24 * 3600_000));
    await expect(acceptInvite(t.db, expired.token, late.id)).rejects.toThrow(/expired or was withdrawn/);
    expect(await revokeInvite(t.db, group.id, row.id)).toBe(true);
    await expect(acceptInvite(t.db, token, late.id)).rejects.toThrow(/expired or was withdrawn/);
    await expect(acceptInvite(t.db, "notarealtokenatall", late.id)).rejects.toThrow(/doesn't work/);
    expect(await getGroupAccess(t.db, group.slug, viewer(late))).toBeNull();
  });

  it("an invite never demotes a moderator; roles change only on purpose", async () => {
    const group = await makeGroup(t.db, { visibility: "hidden" });
    const moderator = await makeUser(t.db);
    await addMember(t.db, group.id, moderator.id, "moderator");
    const { token } = await createInvite(t.db, group.id, moderator.id);
    await acceptInvite(t.db, token, moderator.id);
    expect(await getMembership(t.db, group.id, moderator.id)).toBe("moderator");
    expect(await addMember(t.db, group.id, moderator.id, "member")).toBe(false);
    expect(await getMembership(t.db, group.id, moderator.id)).toBe("moderator");
    expect(await setMemberRole(t.db, group.id, moderator.id, "member")).toBe(true);
    expect(await listModerators(t.db, group.id)).toEqual([]);
    const newcomer = await makeUser(t.db);
    expect(await setMemberRole(t.db, group.id, newcomer.id, "moderator")).toBe(true);
    expect((await listModerators(t.db, group.id)).map((m) => m.id)).toEqual([newcomer.id]);
    const row = await t.db.selectFrom("groups").select("member_count").where("id", "=", group.id).executeTakeFirstOrThrow();
    expect(row.member_count).toBe(2);
  });

  it("leaving takes the member out and keeps the count right", async () => {
    const group = await makeGroup(t.db);
    const member = await makeUser(t.db);
    await addMember(t.db, group.id, member.id);
    expect(await leaveGroup(t.db, group.id, member.id)).toBe(true);
    expect(await leaveGroup(t.db, group.id, member.id)).toBe(false);
    const row = await t.db.selectFrom("groups").select("member_count").where("id", "=", group.id).executeTakeFirstOrThrow();
    expect(row.member_count).toBe(0);
  });
});

describe("member lists and My groups", () => {
  it("the member list carries display names and roles only, in pages", async () => {
    const group = await makeGroup(t.db);
    const people = [];
    for (let i = 0; i < 55; i++) {
      const u = await makeUser(t.db);
      people.push(u);
      await addMember(t.db, group.id, u.id, i === 0 ? "moderator" : "member", new Date(Date.UTC(2026, 0, 1, 0, i)));
    }
    const first = await listMembers(t.db, group.id);
    expect(first.members).toHaveLength(50);
    expect(Object.keys(first.members[0]!).sort()).toEqual(["display_name", "id", "joined_at", "role"]);
    expect(first.members[0]!.role).toBe("moderator");
    const second = await listMembers(t.db, group.id, first.next!);
    expect(second.members).toHaveLength(5);
    expect(second.next).toBeNull();
  });

  it("My groups counts threads with news since the member last read them", async () => {
    const group = await makeGroup(t.db);
    const quiet = await makeGroup(t.db);
    const me = await makeUser(t.db);
    const other = await makeUser(t.db);
    await addMember(t.db, group.id, me.id, "member", new Date(Date.now() - 60_000));
    await addMember(t.db, quiet.id, me.id, "member", new Date(Date.now() - 60_000));
    await addMember(t.db, group.id, other.id);
    const a = await createThread(t.db, group.id, other.id, { title: "Week one", body: "Hi all", clientToken: null });
    const b = await createThread(t.db, group.id, other.id, { title: "Week two", body: "Hello", clientToken: null });
    let mine = await listMyGroups(t.db, me.id);
    expect(mine.find((g) => g.id === group.id)?.unread).toBe(2);
    expect(mine.find((g) => g.id === quiet.id)?.unread).toBe(0);
    await markRead(t.db, me.id, a.threadId, 1);
    mine = await listMyGroups(t.db, me.id);
    expect(mine.find((g) => g.id === group.id)?.unread).toBe(1);
    await markRead(t.db, me.id, b.threadId, 1);
    await replyToThread(t.db, a.threadId, other.id, { body: "A reply", clientToken: null });
    mine = await listMyGroups(t.db, me.id);
    expect(mine.find((g) => g.id === group.id)?.unread).toBe(1);
  });
});

describe("slugs", () => {
  it("make a readable web address from a name", () => {
    expect(slugify("Benzo Recovery — Tuesday Night!")).toBe("benzo-recovery-tuesday-night");
    expect(slugify("Família & Amigos")).toBe("familia-and-amigos");
  });
});
