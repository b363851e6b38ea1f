/**
 * The group pages, walked as every kind of viewer: who may open which page of a public, private or
 * hidden group, and the member list. Starting a group and its settings:
 * group-settings-routes.test.ts; join requests and invite links: group-joining-routes.test.ts.
 */
import { describe, expect, it } from "vitest";
import * as newGroupRoute from "../../app/routes/groups.new/route";
import * as settingsRoute from "../../app/routes/groups.$slug.settings/route";
import * as requestsRoute from "../../app/routes/groups.$slug.requests/route";
import * as invitesRoute from "../../app/routes/groups.$slug.invites/route";
import * as inviteRoute from "../../app/routes/invites.$token/route";
import * as membersRoute from "../../app/routes/groups.$slug.members/route";
import { addMember } from "../../app/models/groups.server";
import { createInvite } from "../../app/models/group-joining.server";
import type { GroupVisibility } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { EMAIL, groupCast, WHO, type Who } from "../helpers/group-cast";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
const { signedIn, cast, groupRow, roleIn } = groupCast(t);

const VISIBILITIES: GroupVisibility[] = ["public", "private", "hidden"];

// Moderator pages: group moderators and site admins.
const MODERATE: Record<GroupVisibility, Record<Who, number>> = {
  public: { anonymous: 302, outsider: 403, member: 403, moderator: 200, admin: 200 },
  private: { anonymous: 302, outsider: 404, member: 403, moderator: 200, admin: 200 },
  hidden: { anonymous: 404, outsider: 404, member: 403, moderator: 200, admin: 200 },
};

// The member list: members and site admins, whatever the group's visibility.
const MEMBERS_ONLY: Record<GroupVisibility, Record<Who, number>> = {
  public: { anonymous: 302, outsider: 403, member: 200, moderator: 200, admin: 200 },
  private: { anonymous: 302, outsider: 404, member: 200, moderator: 200, admin: 200 },
  hidden: { anonymous: 404, outsider: 404, member: 200, moderator: 200, admin: 200 },
};

describe("who may open each group page", () => {
  for (const visibility of VISIBILITIES) {
    it(`${visibility} group: the moderator pages open for its moderators and site admins only`, async () => {
      const c = await cast(visibility);
      const slug = c.group.slug;
      for (const [name, loader, path] of [
        ["settings", settingsRoute.loader, `/groups/${slug}/settings`],
        ["requests", requestsRoute.loader, `/groups/${slug}/requests`],
        ["invites", invitesRoute.loader, `/groups/${slug}/invites`],
      ] as const) {
        for (const who of WHO) {
          const res = await call(loader, get(path, c.cookies[who]), { slug });
          expect(res.status, `${name} as ${who}`).toBe(MODERATE[visibility][who]);
          if (res.status === 302) expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
          if (res.status === 200) expect(JSON.stringify(res.body), `${name} as ${who}`).not.toMatch(EMAIL);
        }
      }
    });

    it(`${visibility} group: the moderator forms refuse everyone else, and change nothing`, async () => {
      const c = await cast(visibility);
      const slug = c.group.slug;
      const asker = await makeUser(t.db);
      const [pending] = await t.db
        .insertInto("group_join_requests")
        .values({ group_id: c.group.id, user_id: asker.id, message: "Hello", created_at: new Date().toISOString() })
        .returning("id")
        .execute();
      for (const who of ["anonymous", "outsider", "member"] as const) {
        const expected = MODERATE[visibility][who];
        const save = await call(
          settingsRoute.action,
          post(`/groups/${slug}/settings`, { intent: "save", name: "Taken over", kind: "topic", description: "Mine now." }, c.cookies[who]),
          { slug },
        );
        expect(save.status, `settings as ${who}`).toBe(expected);
        if (expected === 302) expect(save.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/groups/${slug}/settings`)}`);
        const decide = await call(requestsRoute.action, post(`/groups/${slug}/requests`, { requestId: String(pending!.id), decision: "approve", message: "" }, c.cookies[who]), {
          slug,
        });
        expect(decide.status, `requests as ${who}`).toBe(expected);
        const invite = await call(invitesRoute.action, post(`/groups/${slug}/invites`, { intent: "create", days: "7" }, c.cookies[who]), { slug });
        expect(invite.status, `invites as ${who}`).toBe(expected);
        expect(JSON.stringify(invite.body)).not.toMatch(/\/invites\//);
      }
      expect((await groupRow(c.group.id)).name).toBe(c.group.name);
      expect((await t.db.selectFrom("group_join_requests").select("status").where("id", "=", pending!.id).executeTakeFirstOrThrow()).status).toBe("pending");
      expect(await roleIn(c.group.id, asker.id)).toBeNull();
      expect(await t.db.selectFrom("group_invites").select("id").where("group_id", "=", c.group.id).execute()).toHaveLength(0);
    });

    it(`${visibility} group: the member list is for members and site admins, with names and never e-mail addresses`, async () => {
      const c = await cast(visibility);
      const slug = c.group.slug;
      const path = `/groups/${slug}/members`;
      type Page = { members: { id: string; displayName: string; isModerator: boolean }[] };
      for (const who of WHO) {
        const res = await call<Page | string>(membersRoute.loader, get(path, c.cookies[who]), { slug });
        expect(res.status, who).toBe(MEMBERS_ONLY[visibility][who]);
        if (res.status === 302) expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
        if (res.status === 403) expect(res.body).toBe("Only members can see who's in this group.");
        if (res.status === 200) {
          const page = res.body as Page;
          expect(page.members.map((m) => m.displayName).sort()).toEqual([c.member.user.display_name, c.moderator.user.display_name].sort());
          expect(page.members.find((m) => m.id === c.moderator.user.id)?.isModerator).toBe(true);
          expect(page.members.find((m) => m.id === c.member.user.id)?.isModerator).toBe(false);
          const text = JSON.stringify(res.body);
          expect(text).not.toMatch(EMAIL);
          for (const person of [c.member, c.moderator, c.outsider, c.admin]) expect(text).not.toContain(person.user.email);
        }
      }
    });

    it(`${visibility} group: an invite link asks visitors to sign in and shows each member what it should`, async () => {
      const c = await cast(visibility);
      const { token } = await createInvite(t.db, c.group.id, c.moderator.user.id, 7);
      const path = `/invites/${token}`;
      const anon = await call(inviteRoute.loader, get(path), { token });
      expect(anon.status).toBe(302);
      expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
      const anonAccept = await call(inviteRoute.action, post(path, {}), { token });
      expect(anonAccept.status).toBe(302);
      expect(anonAccept.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      type Page = { state: string; group?: { name: string; slug?: string; descriptionHtml?: string } };
      for (const who of ["outsider", "admin"] as const) {
        const res = await call<Page>(inviteRoute.loader, get(path, c.cookies[who]), { token });
        expect(res.status, who).toBe(200);
        expect(res.body.state, who).toBe("open");
        expect(res.body.group?.name).toBe(c.group.name);
        expect(res.body.group?.descriptionHtml).toContain("A place to talk.");
        expect(JSON.stringify(res.body)).not.toMatch(EMAIL);
      }
      for (const who of ["member", "moderator"] as const) {
        const res = await call<Page>(inviteRoute.loader, get(path, c.cookies[who]), { token });
        expect(res.status, who).toBe(200);
        expect(res.body).toEqual({ state: "member", group: { slug: c.group.slug, name: c.group.name } });
      }
    });
  }

  it("/groups/new is for site admins only", async () => {
    const member = await signedIn();
    const admin = await signedIn("admin");
    const moderator = await signedIn();
    const group = await makeGroup(t.db);
    await addMember(t.db, group.id, moderator.user.id, "moderator");
    const anon = await call(newGroupRoute.loader, get("/groups/new"));
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/groups/new")}`);
    expect((await call(newGroupRoute.loader, get("/groups/new", member.cookie))).status).toBe(403);
    expect((await call(newGroupRoute.loader, get("/groups/new", moderator.cookie))).status).toBe(403);
    expect((await call(newGroupRoute.loader, get("/groups/new", admin.cookie))).status).toBe(200);
    const before = await t.db.selectFrom("groups").select("id").execute();
    const fields = { name: "Sneaky group", slug: "sneaky", kind: "topic", visibility: "public", description: "Hi." };
    expect((await call(newGroupRoute.action, post("/groups/new", fields))).status).toBe(302);
    expect((await call(newGroupRoute.action, post("/groups/new", fields, member.cookie))).status).toBe(403);
    expect((await call(newGroupRoute.action, post("/groups/new", fields, moderator.cookie))).status).toBe(403);
    expect(await t.db.selectFrom("groups").select("id").execute()).toHaveLength(before.length);
  });

  it("a group that doesn't exist is a 404 on every page, even for a site admin", async () => {
    const admin = await signedIn("admin");
    for (const [loader, path] of [
      [settingsRoute.loader, "/groups/nope/settings"],
      [requestsRoute.loader, "/groups/nope/requests"],
      [invitesRoute.loader, "/groups/nope/invites"],
      [membersRoute.loader, "/groups/nope/members"],
    ] as const) {
      expect((await call(loader, get(path, admin.cookie), { slug: "nope" })).status, path).toBe(404);
    }
  });
});

describe("the member list", () => {
  type Page = { members: { id: string; displayName: string; isModerator: boolean }[]; next: string | null; isFirstPage: boolean };

  it("comes in pages of 50 following the joined-at cursor, without repeats or e-mail addresses", async () => {
    const c = await cast("public");
    const start = Date.now();
    for (let i = 0; i < 53; i++) {
      const u = await makeUser(t.db);
      // Some share a joining instant, so the cursor's tie-break on the member id matters.
      await addMember(t.db, c.group.id, u.id, "member", new Date(start + Math.floor(i / 3) * 1000));
    }
    const url = `/groups/${c.group.slug}/members`;
    const first = await call<Page>(membersRoute.loader, get(url, c.member.cookie), { slug: c.group.slug });
    expect(first.body.members).toHaveLength(50);
    expect(first.body.next).toMatch(/^\d{4}-\d\d-\d\dT.*~.+$/);
    expect(first.body.isFirstPage).toBe(true);
    const seen = new Set(first.body.members.map((m) => m.id));
    const second = await call<Page>(membersRoute.loader, get(`${url}?after=${encodeURIComponent(first.body.next!)}`, c.member.cookie), { slug: c.group.slug });
    expect(second.body.isFirstPage).toBe(false);
    expect(second.body.next).toBeNull();
    for (const m of second.body.members) {
      expect(seen.has(m.id)).toBe(false);
      seen.add(m.id);
    }
    expect(seen.size).toBe(55);
    expect(JSON.stringify([first.body, second.body])).not.toMatch(EMAIL);
    for (const bad of ["garbage", "not-a-date~abc", "2026-01-01T00:00:00.000Z~a~b"]) {
      const res = await call<Page>(membersRoute.loader, get(`${url}?after=${encodeURIComponent(bad)}`, c.member.cookie), { slug: c.group.slug });
      expect(res.body.members, bad).toHaveLength(50);
      expect(res.body.isFirstPage, bad).toBe(true);
    }
  });
});
