/**
 * Invitations into a support circle, and what goes wrong kindly: inviting oneself, a second
 * invitation to the same person, someone in no shared group, "care team" for someone without the
 * role, a withdrawn, expired or used link. Each refusal is a clear message, a 4xx, and nothing saved.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as inviteRoute from "../../app/routes/circle.invite/route";
import * as joinRoute from "../../app/routes/circle.join.$token/route";
import * as circleRoute from "../../app/routes/circle._index/route";
import * as adminUsers from "../../app/routes/admin.users/route";
import { setClock } from "../../app/utils/clock.server";
import { blockMember } from "../../app/models/blocks.server";
import { makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";
import { circleWorld } from "../helpers/circle";

const t = useTestDatabase();
type Failure = { ok: boolean; errors: Record<string, string> };
type Sent = { message: string; link: { url: string } | null };

let world: Awaited<ReturnType<typeof circleWorld>>;
beforeEach(async () => {
  setClock("2026-11-30T15:00:00Z");
  world = await circleWorld(t.db);
});

const invite = (fields: Record<string, string>, who = world.member) => call<Failure & Sent>(inviteRoute.action, post("/circle/invite", fields, who.cookie));
const counts = async () => ({
  invites: (await t.db.selectFrom("circle_invites").select("id").execute()).length,
  members: (await t.db.selectFrom("circle_members").select("id").execute()).length,
});

describe("inviting by name", () => {
  it("refuses oneself, strangers, a second invitation, and care team for non-staff; nothing is saved", async () => {
    const friend = await world.person();
    const stranger = await world.person({ inGroup: false });
    const self = await invite({ intent: "name", name: world.member.user.display_name, role: "partner" });
    expect([self.status, self.body.errors.name]).toEqual([400, expect.stringMatching(/can't invite yourself/)]);
    const unknown = await invite({ intent: "name", name: stranger.user.display_name, role: "partner" });
    expect(unknown.body.errors.name).toMatch(/couldn't find a member/);
    const care = await invite({ intent: "name", name: friend.user.display_name, role: "care_team" });
    expect(care.body.errors.role).toMatch(/Only members of the care team/);
    expect(await counts()).toEqual({ invites: 0, members: 0 });
    const ok = await invite({ intent: "name", name: friend.user.display_name.toUpperCase(), role: "partner", checkins: "on" });
    expect(ok.body.ok).toBe(true);
    const twice = await invite({ intent: "name", name: friend.user.display_name, role: "sponsor" });
    expect([twice.status, twice.body.errors.name]).toEqual([409, expect.stringMatching(/already invited/)]);
    expect(await counts()).toEqual({ invites: 1, members: 0 });
    // The invitee accepts from their circle page; then a new invitation says they're in already.
    const waiting = await call<Awaited<ReturnType<typeof circleRoute.loader>>>(circleRoute.loader, get("/circle", friend.cookie));
    expect(waiting.body.invitations).toHaveLength(1);
    const accepted = await call(circleRoute.action, post("/circle", { intent: "accept", inviteId: String(waiting.body.invitations[0]!.id) }, friend.cookie));
    expect(accepted.headers.get("Location")).toBe(`/circle/members/${world.member.user.id}`);
    const again = await invite({ intent: "name", name: friend.user.display_name, role: "partner" });
    expect([again.status, again.body.errors.name]).toEqual([409, expect.stringMatching(/already in your support circle/)]);
    // Someone else can't accept or decline an invitation addressed to another.
    const other = await world.person();
    const stolen = await call(circleRoute.action, post("/circle", { intent: "accept", inviteId: String(waiting.body.invitations[0]!.id) }, other.cookie));
    expect(stolen.status).toBe(404);
  });

  it("finds care-team staff outside shared groups, once an admin grants the role (audited)", async () => {
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    const staff = await world.person({ inGroup: false });
    const granted = await call<{ ok: boolean }>(adminUsers.action, post("/admin/users", { intent: "care-team", userId: staff.user.id, grant: "1" }, admin.cookie));
    expect(granted.body.ok).toBe(true);
    const audit = await t.db.selectFrom("audit_log").select("action").where("subject_user_id", "=", staff.user.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["user.staff_role"]);
    const notAdmin = await call(adminUsers.action, post("/admin/users", { intent: "care-team", userId: staff.user.id, grant: "1" }, world.member.cookie));
    expect(notAdmin.status).toBe(403);
    const ok = await invite({ intent: "name", name: staff.user.display_name, role: "care_team", plan: "on" });
    expect(ok.body.ok).toBe(true);
  });
});

describe("invite links", () => {
  it("work once, for their person only after sign-in; withdrawn and expired links say so (410)", async () => {
    const made = await invite({ intent: "link", role: "sponsor", tracker: String(world.trackerId) });
    const token = made.body.link!.url.split("/").pop()!;
    const stored = await t.db.selectFrom("circle_invites").select("token_hash").executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const anonymous = await call(joinRoute.loader, get(`/circle/join/${token}`), { token });
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const own = await call<{ state: string }>(joinRoute.loader, get(`/circle/join/${token}`, world.member.cookie), { token });
    expect(own.body.state).toBe("own");
    const ownAccept = await call<Failure>(joinRoute.action, post(`/circle/join/${token}`, {}, world.member.cookie), { token });
    expect(ownAccept.status).toBe(409);
    const newcomer = await makeSignedInUser(t.db);
    const open = await call<{ state: string; items: string[] }>(joinRoute.loader, get(`/circle/join/${token}`, newcomer.cookie), { token });
    expect(open.body).toMatchObject({ state: "open", items: ["days on one tracker and its milestones"] });
    const joined = await call(joinRoute.action, post(`/circle/join/${token}`, {}, newcomer.cookie), { token });
    expect(joined.headers.get("Location")).toBe(`/circle/members/${world.member.user.id}`);
    const second = await makeSignedInUser(t.db);
    const used = await call(joinRoute.action, post(`/circle/join/${token}`, {}, second.cookie), { token });
    expect(used.status).toBe(410);
    expect(await counts()).toEqual({ invites: 1, members: 1 });
    const unknown = await call(joinRoute.loader, get("/circle/join/nothing-here-at-all", second.cookie), { token: "nothing-here-at-all" });
    expect(unknown.status).toBe(404);
  });

  it("a withdrawn link and an expired one stop working", async () => {
    const a = await invite({ intent: "link", role: "friend_family" });
    const tokenA = a.body.link!.url.split("/").pop()!;
    const hub = await call<Awaited<ReturnType<typeof circleRoute.loader>>>(circleRoute.loader, get("/circle", world.member.cookie));
    const withdraw = await call<{ ok: boolean }>(circleRoute.action, post("/circle", { intent: "withdraw", inviteId: String(hub.body.openInvites[0]!.id) }, world.member.cookie));
    expect(withdraw.body.ok).toBe(true);
    const someone = await makeSignedInUser(t.db);
    expect((await call(joinRoute.loader, get(`/circle/join/${tokenA}`, someone.cookie), { token: tokenA })).status).toBe(410);
    const b = await invite({ intent: "link", role: "friend_family" });
    const tokenB = b.body.link!.url.split("/").pop()!;
    // Seven days later (sessions would have ended too: the link's end is moved instead).
    await t.db.updateTable("circle_invites").set({ expires_at: "2026-11-30T14:59:00.000Z" }).where("revoked_at", "is", null).execute();
    expect((await call(joinRoute.action, post(`/circle/join/${tokenB}`, {}, someone.cookie), { token: tokenB })).status).toBe(410);
    expect(await t.db.selectFrom("circle_members").select("id").execute()).toHaveLength(0);
  });

  it("refuses a blocked pair either way, without saying who blocked whom", async () => {
    const friend = await world.person();
    await blockMember(t.db, friend.user.id, world.member.user.id);
    const byName = await invite({ intent: "name", name: friend.user.display_name, role: "partner" });
    expect([byName.status, byName.body.errors.name]).toEqual([400, "This invitation can't be sent. You can invite someone else, or send an invite link."]);
    const made = await invite({ intent: "link", role: "partner" });
    const token = made.body.link!.url.split("/").pop()!;
    const refused = await call<Failure>(joinRoute.action, post(`/circle/join/${token}`, {}, friend.cookie), { token });
    expect([refused.status, refused.body.errors.form]).toEqual([409, "This invitation can't be accepted."]);
    expect(await t.db.selectFrom("circle_members").select("id").execute()).toHaveLength(0);
  });

  it("refuses a link whose role is care team to someone without the role", async () => {
    const made = await invite({ intent: "link", role: "care_team" });
    const token = made.body.link!.url.split("/").pop()!;
    const someone = await makeSignedInUser(t.db);
    const refused = await call<Failure>(joinRoute.action, post(`/circle/join/${token}`, {}, someone.cookie), { token });
    expect([refused.status, refused.body.errors.form]).toEqual([409, expect.stringMatching(/care team/)]);
  });
});
