/**
 * Joining a group through its pages: join requests (asked, listed, approved or declined) and invite
 * links (made, shown once, followed, revoked, expired), each refused across groups.
 */
import { describe, expect, it } from "vitest";
import * as requestsRoute from "../../app/routes/groups.$slug.requests/route";
import * as invitesRoute from "../../app/routes/groups.$slug.invites/route";
import * as inviteRoute from "../../app/routes/invites.$token/route";
import * as membersRoute from "../../app/routes/groups.$slug.members/route";
import { getGroupAccess } from "../../app/models/groups.server";
import { createInvite, requestToJoin } from "../../app/models/group-joining.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { EMAIL, groupCast, type Cast, type Failure, type Saved } from "../helpers/group-cast";
import { BASE, call, get, post } from "../helpers/requests";

const t = useTestDatabase();
const { cast, roleIn } = groupCast(t);

/** The token at the end of an invite link. */
function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}

describe("join requests", () => {
  type Page = { requests: { id: number; userId: string; displayName: string; message: string; asked: string }[]; next: number | null; isFirstPage: boolean };

  async function asks(groupSlug: string, message = "I finished treatment in May.") {
    const user = await makeUser(t.db);
    const access = await getGroupAccess(t.db, groupSlug, { id: user.id, role: user.role });
    await requestToJoin(t.db, access!, user.id, message);
    return user;
  }

  it("lists waiting requests with names and messages, never e-mail addresses", async () => {
    const c = await cast("private");
    const asker = await asks(c.group.slug);
    const res = await call<Page>(requestsRoute.loader, get(`/groups/${c.group.slug}/requests`, c.moderator.cookie), { slug: c.group.slug });
    expect(res.status).toBe(200);
    expect(res.body.requests).toHaveLength(1);
    expect(res.body.requests[0]).toMatchObject({ userId: asker.id, displayName: asker.display_name, message: "I finished treatment in May." });
    expect(res.body.requests[0]!.asked).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain(asker.email);
    expect(JSON.stringify(res.body)).not.toMatch(EMAIL);
  });

  it("are approved by a moderator: the asker becomes a member", async () => {
    const c = await cast("private");
    const asker = await asks(c.group.slug);
    const [request] = (await call<Page>(requestsRoute.loader, get(`/groups/${c.group.slug}/requests`, c.moderator.cookie), { slug: c.group.slug })).body.requests;
    const res = await call<Saved>(
      requestsRoute.action,
      post(`/groups/${c.group.slug}/requests`, { requestId: String(request!.id), decision: "approve", message: "Welcome aboard." }, c.moderator.cookie),
      { slug: c.group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.body.message).toBe(`${asker.display_name} is now a member of ${c.group.name}.`);
    expect(await roleIn(c.group.id, asker.id)).toBe("member");
    const row = await t.db.selectFrom("group_join_requests").selectAll().where("id", "=", request!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "approved", decided_by: c.moderator.user.id, decision_message: "Welcome aboard." });
    expect((await call<Page>(requestsRoute.loader, get(`/groups/${c.group.slug}/requests`, c.moderator.cookie), { slug: c.group.slug })).body.requests).toHaveLength(0);
    // Answering again: a clear message, 409.
    const again = await call<Failure>(
      requestsRoute.action,
      post(`/groups/${c.group.slug}/requests`, { requestId: String(request!.id), decision: "decline", message: "" }, c.moderator.cookie),
      { slug: c.group.slug },
    );
    expect(again.status).toBe(409);
    expect(again.body.errors.form).toBe("That request has already been answered.");
    expect(await roleIn(c.group.id, asker.id)).toBe("member");
  });

  it("are declined by a site admin, with a note, and the asker stays out", async () => {
    const c = await cast("private");
    const asker = await asks(c.group.slug);
    const pending = await t.db.selectFrom("group_join_requests").select("id").where("user_id", "=", asker.id).executeTakeFirstOrThrow();
    const res = await call<Saved>(
      requestsRoute.action,
      post(`/groups/${c.group.slug}/requests`, { requestId: String(pending.id), decision: "decline", message: "This group is for alumni of the spring cohort." }, c.admin.cookie),
      { slug: c.group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.body.message).toBe(`You declined ${asker.display_name}'s request to join ${c.group.name}.`);
    expect(await roleIn(c.group.id, asker.id)).toBeNull();
    const row = await t.db.selectFrom("group_join_requests").selectAll().where("id", "=", pending.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "declined", decided_by: c.admin.user.id, decision_message: "This group is for alumni of the spring cohort." });
    const again = await call(requestsRoute.action, post(`/groups/${c.group.slug}/requests`, { requestId: String(pending.id), decision: "approve", message: "" }, c.admin.cookie), {
      slug: c.group.slug,
    });
    expect(again.status).toBe(409);
    expect(await roleIn(c.group.id, asker.id)).toBeNull();
  });

  it("refuse bad answers: too long a note, no decision, no such request", async () => {
    const c = await cast("private");
    const asker = await asks(c.group.slug);
    const pending = await t.db.selectFrom("group_join_requests").select("id").where("user_id", "=", asker.id).executeTakeFirstOrThrow();
    const url = `/groups/${c.group.slug}/requests`;
    const long = await call<Failure>(requestsRoute.action, post(url, { requestId: String(pending.id), decision: "approve", message: "m".repeat(501) }, c.moderator.cookie), {
      slug: c.group.slug,
    });
    expect(long.status).toBe(400);
    expect(long.body.errors.message).toMatch(/at most 500/);
    const undecided = await call<Failure>(requestsRoute.action, post(url, { requestId: String(pending.id), decision: "maybe", message: "" }, c.moderator.cookie), {
      slug: c.group.slug,
    });
    expect(undecided.status).toBe(400);
    expect((await call(requestsRoute.action, post(url, { requestId: "abc", decision: "approve", message: "" }, c.moderator.cookie), { slug: c.group.slug })).status).toBe(400);
    expect((await call(requestsRoute.action, post(url, { requestId: "999999", decision: "approve", message: "" }, c.moderator.cookie), { slug: c.group.slug })).status).toBe(404);
    expect(await roleIn(c.group.id, asker.id)).toBeNull();
  });

  it("of another group cannot be answered here (404), and that group's moderators-only pages stay closed", async () => {
    const a = await cast("private");
    const b = await cast("private");
    const asker = await asks(b.group.slug);
    const theirs = await t.db.selectFrom("group_join_requests").select("id").where("user_id", "=", asker.id).executeTakeFirstOrThrow();
    const viaA = await call<Failure>(
      requestsRoute.action,
      post(`/groups/${a.group.slug}/requests`, { requestId: String(theirs.id), decision: "approve", message: "" }, a.moderator.cookie),
      { slug: a.group.slug },
    );
    expect(viaA.status).toBe(404);
    expect(viaA.body.errors.form).toBe("That request doesn't exist.");
    // A's moderator is a stranger to private group B: it doesn't exist for them.
    const direct = await call(
      requestsRoute.action,
      post(`/groups/${b.group.slug}/requests`, { requestId: String(theirs.id), decision: "approve", message: "" }, a.moderator.cookie),
      { slug: b.group.slug },
    );
    expect(direct.status).toBe(404);
    expect((await call(requestsRoute.loader, get(`/groups/${b.group.slug}/requests`, a.moderator.cookie), { slug: b.group.slug })).status).toBe(404);
    // …and a public group B answers 403: it can be read, but not moderated by them.
    const pub = await cast("public");
    expect((await call(requestsRoute.loader, get(`/groups/${pub.group.slug}/requests`, a.moderator.cookie), { slug: pub.group.slug })).status).toBe(403);
    expect(await roleIn(b.group.id, asker.id)).toBeNull();
    expect((await t.db.selectFrom("group_join_requests").select("status").where("id", "=", theirs.id).executeTakeFirstOrThrow()).status).toBe("pending");
  });

  it("come in pages, oldest first, following the model's cursor", async () => {
    const c = await cast("private");
    const askers = [];
    for (let i = 0; i < 27; i++) askers.push(await asks(c.group.slug, `Request ${i}`));
    const url = `/groups/${c.group.slug}/requests`;
    const first = await call<Page>(requestsRoute.loader, get(url, c.moderator.cookie), { slug: c.group.slug });
    expect(first.body.requests).toHaveLength(25);
    expect(first.body.requests[0]!.message).toBe("Request 0");
    expect(first.body.isFirstPage).toBe(true);
    expect(first.body.next).toBe(first.body.requests[24]!.id);
    const second = await call<Page>(requestsRoute.loader, get(`${url}?after=${first.body.next}`, c.moderator.cookie), { slug: c.group.slug });
    expect(second.body.requests.map((r) => r.message)).toEqual(["Request 25", "Request 26"]);
    expect(second.body.next).toBeNull();
    expect(second.body.isFirstPage).toBe(false);
    // A tampered cursor starts at the top.
    expect((await call<Page>(requestsRoute.loader, get(`${url}?after=garbage`, c.moderator.cookie), { slug: c.group.slug })).body.requests).toHaveLength(25);
  });
});

describe("invite links", () => {
  type Created = { ok: true; message: string; link: string; expires: string };
  type List = { invites: { id: number; uses: number; status: string; created: string; expires: string }[] };

  async function makeLink(c: Cast, days = "7", who: "moderator" | "admin" = "moderator") {
    const res = await call<Created>(invitesRoute.action, post(`/groups/${c.group.slug}/invites`, { intent: "create", days }, c[who].cookie), { slug: c.group.slug });
    expect(res.status).toBe(200);
    return res.body;
  }

  it("are made by a moderator and shown once, in full", async () => {
    const c = await cast("hidden");
    const before = Date.now();
    const created = await makeLink(c, "14");
    expect(created.link).toMatch(new RegExp(`^${BASE}/invites/[a-z2-7]{16,64}$`));
    expect(created.message).toMatch(/14 days/);
    const row = await t.db.selectFrom("group_invites").selectAll().where("group_id", "=", c.group.id).executeTakeFirstOrThrow();
    const days = (Date.parse(row.expires_at) - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
    expect(row.token_hash).not.toBe(tokenOf(created.link));
    // The list never shows the link (or its fingerprint) again.
    const list = await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug });
    expect(list.body.invites).toEqual([expect.objectContaining({ id: row.id, uses: 0, status: "active" })]);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(tokenOf(created.link));
    expect(text).not.toContain(row.token_hash);
    expect(text).not.toMatch(EMAIL);
    // Only 1, 7 or 14 days.
    for (const days of ["30", "0", ""]) {
      const bad = await call<Failure>(invitesRoute.action, post(`/groups/${c.group.slug}/invites`, { intent: "create", days }, c.moderator.cookie), { slug: c.group.slug });
      expect(bad.status, days).toBe(400);
      expect(bad.body.errors.days).toMatch(/1, 7 or 14/);
    }
    expect(await t.db.selectFrom("group_invites").select("id").where("group_id", "=", c.group.id).execute()).toHaveLength(1);
  });

  it("let someone join a hidden group; following it again just leads to the group", async () => {
    const c = await cast("hidden");
    const created = await makeLink(c, "1", "admin");
    const token = tokenOf(created.link);
    const res = await call(inviteRoute.action, post(`/invites/${token}`, {}, c.outsider.cookie), { token });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/groups/${c.group.slug}`);
    expect(await roleIn(c.group.id, c.outsider.user.id)).toBe("member");
    const list = await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug });
    expect(list.body.invites[0]!.uses).toBe(1);
    // Now a member: the invite page says so, and the member list includes them.
    const page = await call<{ state: string }>(inviteRoute.loader, get(`/invites/${token}`, c.outsider.cookie), { token });
    expect(page.body.state).toBe("member");
    const again = await call(inviteRoute.action, post(`/invites/${token}`, {}, c.outsider.cookie), { token });
    expect(again.status).toBe(302);
    expect((await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug })).body.invites[0]!.uses).toBe(1);
    const members = await call<{ members: { id: string }[] }>(membersRoute.loader, get(`/groups/${c.group.slug}/members`, c.outsider.cookie), { slug: c.group.slug });
    expect(members.body.members.map((m) => m.id)).toContain(c.outsider.user.id);
  });

  it("never demote a moderator who follows one", async () => {
    const c = await cast("private");
    const token = tokenOf((await makeLink(c)).link);
    const res = await call(inviteRoute.action, post(`/invites/${token}`, {}, c.moderator.cookie), { token });
    expect(res.status).toBe(302);
    expect(await roleIn(c.group.id, c.moderator.user.id)).toBe("moderator");
  });

  it("stop working when revoked: 410 without naming the group, and nobody joins", async () => {
    const c = await cast("hidden");
    const token = tokenOf((await makeLink(c)).link);
    const [invite] = (await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug })).body.invites;
    const revoked = await call<Saved>(invitesRoute.action, post(`/groups/${c.group.slug}/invites`, { intent: "revoke", inviteId: String(invite!.id) }, c.moderator.cookie), {
      slug: c.group.slug,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.message).toMatch(/no longer works/);
    const twice = await call<Failure>(invitesRoute.action, post(`/groups/${c.group.slug}/invites`, { intent: "revoke", inviteId: String(invite!.id) }, c.moderator.cookie), {
      slug: c.group.slug,
    });
    expect(twice.status).toBe(409);
    expect((await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug })).body.invites[0]!.status).toBe("revoked");
    const page = await call(inviteRoute.loader, get(`/invites/${token}`, c.outsider.cookie), { token });
    expect(page.status).toBe(410);
    expect(page.body).toEqual({ state: "unusable" });
    expect(JSON.stringify(page.body)).not.toContain(c.group.name);
    const accept = await call<Failure>(inviteRoute.action, post(`/invites/${token}`, {}, c.outsider.cookie), { token });
    expect(accept.status).toBe(410);
    expect(accept.body.errors.form).toMatch(/expired or was withdrawn/);
    expect(JSON.stringify(accept.body)).not.toContain(c.group.name);
    expect(await roleIn(c.group.id, c.outsider.user.id)).toBeNull();
  });

  it("stop working when expired, and an unknown link is a 404", async () => {
    const c = await cast("private");
    const { token } = await createInvite(t.db, c.group.id, c.moderator.user.id, 1, new Date(Date.now() - 2 * 86_400_000));
    const page = await call(inviteRoute.loader, get(`/invites/${token}`, c.outsider.cookie), { token });
    expect(page.status).toBe(410);
    expect((await call(inviteRoute.action, post(`/invites/${token}`, {}, c.outsider.cookie), { token })).status).toBe(410);
    expect(await roleIn(c.group.id, c.outsider.user.id)).toBeNull();
    const list = await call<List>(invitesRoute.loader, get(`/groups/${c.group.slug}/invites`, c.moderator.cookie), { slug: c.group.slug });
    expect(list.body.invites[0]!.status).toBe("expired");
    for (const bogus of ["abcdefghijklmnopqrstuvwxyz234567", "short", "NOT-A-TOKEN!!"]) {
      expect((await call(inviteRoute.loader, get(`/invites/${bogus}`, c.outsider.cookie), { token: bogus })).status, bogus).toBe(404);
      expect((await call(inviteRoute.action, post(`/invites/${bogus}`, {}, c.outsider.cookie), { token: bogus })).status, bogus).toBe(404);
    }
  });

  it("of another group cannot be made or revoked by this group's moderator", async () => {
    const a = await cast("public");
    const b = await cast("hidden");
    const bLink = await makeLink(b);
    const bInvite = await t.db.selectFrom("group_invites").select(["id", "revoked_at"]).where("group_id", "=", b.group.id).executeTakeFirstOrThrow();
    // Revoking B's invite through A's page: not found, and B's link still works.
    const viaA = await call(invitesRoute.action, post(`/groups/${a.group.slug}/invites`, { intent: "revoke", inviteId: String(bInvite.id) }, a.moderator.cookie), {
      slug: a.group.slug,
    });
    expect(viaA.status).toBe(404);
    // B's own pages don't exist for A's moderator (hidden group).
    expect((await call(invitesRoute.loader, get(`/groups/${b.group.slug}/invites`, a.moderator.cookie), { slug: b.group.slug })).status).toBe(404);
    const direct = await call(invitesRoute.action, post(`/groups/${b.group.slug}/invites`, { intent: "revoke", inviteId: String(bInvite.id) }, a.moderator.cookie), {
      slug: b.group.slug,
    });
    expect(direct.status).toBe(404);
    expect((await call(invitesRoute.action, post(`/groups/${b.group.slug}/invites`, { intent: "create", days: "7" }, a.moderator.cookie), { slug: b.group.slug })).status).toBe(
      404,
    );
    // B's moderator on public group A: readable, but 403.
    expect((await call(invitesRoute.action, post(`/groups/${a.group.slug}/invites`, { intent: "create", days: "7" }, b.moderator.cookie), { slug: a.group.slug })).status).toBe(
      403,
    );
    expect((await t.db.selectFrom("group_invites").select("revoked_at").where("id", "=", bInvite.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect(await t.db.selectFrom("group_invites").select("id").where("group_id", "=", a.group.id).execute()).toHaveLength(0);
    expect(await t.db.selectFrom("group_invites").select("id").where("group_id", "=", b.group.id).execute()).toHaveLength(1);
    const token = tokenOf(bLink.link);
    expect((await call(inviteRoute.action, post(`/invites/${token}`, {}, a.moderator.cookie), { token })).status).toBe(302);
    expect(await roleIn(b.group.id, a.moderator.user.id)).toBe("member");
  });
});
