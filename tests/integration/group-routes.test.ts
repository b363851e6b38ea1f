/**
 * The group management pages, walked as every kind of viewer: starting a group, its settings and
 * moderators, join requests, invite links (made and followed), and the member list.
 */
import { describe, expect, it } from "vitest";
import * as newGroupRoute from "../../app/routes/groups.new/route";
import * as settingsRoute from "../../app/routes/groups.$slug.settings/route";
import * as requestsRoute from "../../app/routes/groups.$slug.requests/route";
import * as invitesRoute from "../../app/routes/groups.$slug.invites/route";
import * as inviteRoute from "../../app/routes/invites.$token/route";
import * as membersRoute from "../../app/routes/groups.$slug.members/route";
import { addMember, getGroupAccess } from "../../app/models/groups.server";
import { createInvite, requestToJoin } from "../../app/models/group-joining.server";
import type { GroupVisibility } from "../../db/schema";
import { makeGroup, makeSignedInUser, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { BASE, call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };
type Saved = { ok: true; message: string };

const VISIBILITIES: GroupVisibility[] = ["public", "private", "hidden"];
const WHO = ["anonymous", "outsider", "member", "moderator", "admin"] as const;
type Who = (typeof WHO)[number];

const signedIn = (role: "member" | "admin" = "member", options: Parameters<typeof makeUser>[1] = {}) => makeSignedInUser(t.db, { role, ...options });

/** A group and one of each kind of viewer: nobody, a signed-in stranger, a member, its moderator, a site admin. */
async function cast(visibility: GroupVisibility) {
  const group = await makeGroup(t.db, { visibility });
  const outsider = await signedIn();
  const member = await signedIn();
  const moderator = await signedIn();
  const admin = await signedIn("admin");
  await addMember(t.db, group.id, member.user.id);
  await addMember(t.db, group.id, moderator.user.id, "moderator");
  const cookies: Record<Who, string | undefined> = {
    anonymous: undefined,
    outsider: outsider.cookie,
    member: member.cookie,
    moderator: moderator.cookie,
    admin: admin.cookie,
  };
  return { group, outsider, member, moderator, admin, cookies };
}

async function groupRow(id: number) {
  return t.db.selectFrom("groups").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function roleIn(groupId: number, userId: string) {
  const row = await t.db.selectFrom("group_members").select("role").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst();
  return row?.role ?? null;
}

/** The token at the end of an invite link. */
function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}

const EMAIL = /@harbor\.test|"email"|password|argon2/i;

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

describe("starting a group (/groups/new)", () => {
  const good = { name: "Morning Light", slug: "", kind: "twelve_step", visibility: "private", description: "We meet at **dawn**. <script>alert(1)</script>", guidelines: "" };

  async function countGroups() {
    return (await t.db.selectFrom("groups").select("id").execute()).length;
  }

  it("creates the group with a web address made from its name, and goes there", async () => {
    const admin = await signedIn("admin");
    const res = await call(newGroupRoute.action, post("/groups/new", { ...good, name: "Café & Friends — Tuesday" }, admin.cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/groups/cafe-and-friends-tuesday");
    const row = await t.db.selectFrom("groups").selectAll().where("slug", "=", "cafe-and-friends-tuesday").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Café & Friends — Tuesday", kind: "twelve_step", visibility: "private", created_by: admin.user.id, guidelines_source: "" });
    expect(row.description_html).toContain("<strong>dawn</strong>");
    expect(row.description_html).not.toContain("<script");
  });

  it("uses the web address the admin typed (lower-cased)", async () => {
    const admin = await signedIn("admin");
    const res = await call(newGroupRoute.action, post("/groups/new", { ...good, slug: "  Dawn-Crew-2 ", guidelines: "Be kind." }, admin.cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/groups/dawn-crew-2");
    expect((await t.db.selectFrom("groups").select("guidelines_html").where("slug", "=", "dawn-crew-2").executeTakeFirstOrThrow()).guidelines_html).toContain("Be kind.");
  });

  it("answers bad input with 400 and a message at each field, storing nothing", async () => {
    const admin = await signedIn("admin");
    const before = await countGroups();
    const res = await call<Failure>(
      newGroupRoute.action,
      post("/groups/new", { name: "ab", slug: "", kind: "topic", visibility: "public", description: "   ", guidelines: "g".repeat(5_001) }, admin.cookie),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.name).toMatch(/at least 3/);
    expect(res.body.errors.description).toBe("Please write the description.");
    expect(res.body.errors.guidelines).toMatch(/5,?000/);
    expect(res.body.values.name).toBe("ab");
    const long = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, name: "n".repeat(81), description: "d".repeat(2_001) }, admin.cookie));
    expect(long.status).toBe(400);
    expect(long.body.errors.name).toMatch(/at most 80/);
    expect(long.body.errors.description).toMatch(/2,?000/);
    const tampered = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, kind: "cult", visibility: "secret" }, admin.cookie));
    expect(tampered.status).toBe(400);
    expect(tampered.body.errors.kind).toMatch(/kind of group/);
    expect(tampered.body.errors.visibility).toMatch(/who can see/);
    for (const slug of ["Has Spaces", "trailing-", "double--hyphen", "x", "ünïcode", "a".repeat(61)]) {
      const bad = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, slug }, admin.cookie));
      expect(bad.status, slug).toBe(400);
      expect(bad.body.errors.slug, slug).toBeTruthy();
    }
    const unnameable = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, name: "🌅🌅🌅" }, admin.cookie));
    expect(unnameable.status).toBe(400);
    expect(unnameable.body.errors.slug).toMatch(/type one/);
    expect(await countGroups()).toBe(before);
  });

  it("refuses reserved web addresses, typed or made from the name", async () => {
    const admin = await signedIn("admin");
    const before = await countGroups();
    for (const slug of ["new", "invites", "admin", "mine", "search"]) {
      const res = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, slug }, admin.cookie));
      expect(res.status, slug).toBe(400);
      expect(res.body.errors.slug, slug).toMatch(/already a Harbor page/);
    }
    const fromName = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, name: "New" }, admin.cookie));
    expect(fromName.status).toBe(400);
    expect(fromName.body.errors.slug).toMatch(/already a Harbor page/);
    expect(await countGroups()).toBe(before);
  });

  it("refuses a web address another group already uses", async () => {
    const admin = await signedIn("admin");
    await makeGroup(t.db, { slug: "evening-tide" });
    const before = await countGroups();
    const typed = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, slug: "evening-tide" }, admin.cookie));
    expect(typed.status).toBe(400);
    expect(typed.body.errors.slug).toBe("Another group already uses that web address.");
    expect(typed.body.values.name).toBe("Morning Light");
    const derived = await call<Failure>(newGroupRoute.action, post("/groups/new", { ...good, name: "Evening Tide" }, admin.cookie));
    expect(derived.status).toBe(400);
    expect(derived.body.errors.slug).toBe("Another group already uses that web address.");
    expect(derived.body.values.slug).toBe("evening-tide");
    expect(await countGroups()).toBe(before);
  });
});

describe("group settings", () => {
  it("show the stored settings; moderators see that only admins change visibility and moderators", async () => {
    const c = await cast("private");
    type Page = { group: { name: string; visibility: string; description: string }; moderators: { id: string; displayName: string }[]; isSiteAdmin: boolean };
    const asModerator = await call<Page>(settingsRoute.loader, get(`/groups/${c.group.slug}/settings`, c.moderator.cookie), { slug: c.group.slug });
    expect(asModerator.body.isSiteAdmin).toBe(false);
    expect(asModerator.body.group).toMatchObject({ name: c.group.name, visibility: "private", description: "A place to talk." });
    expect(asModerator.body.moderators).toEqual([{ id: c.moderator.user.id, displayName: c.moderator.user.display_name }]);
    const asAdmin = await call<Page>(settingsRoute.loader, get(`/groups/${c.group.slug}/settings`, c.admin.cookie), { slug: c.group.slug });
    expect(asAdmin.body.isSiteAdmin).toBe(true);
  });

  it("let a moderator change the name, kind, description and guidelines", async () => {
    const c = await cast("public");
    const res = await call<Saved>(
      settingsRoute.action,
      post(
        `/groups/${c.group.slug}/settings`,
        {
          intent: "save",
          name: "Renamed Harbor",
          kind: "family",
          description: "Now for *families*.",
          guidelines: "Listen first.",
        },
        c.moderator.cookie,
      ),
      { slug: c.group.slug },
    );
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(/saved/);
    const row = await groupRow(c.group.id);
    expect(row).toMatchObject({
      name: "Renamed Harbor",
      kind: "family",
      visibility: "public",
      slug: c.group.slug,
      description_source: "Now for *families*.",
      guidelines_source: "Listen first.",
    });
    expect(row.description_html).toContain("<em>families</em>");
  });

  it("keep the stored settings when the form is wrong", async () => {
    const c = await cast("public");
    const res = await call<Failure>(
      settingsRoute.action,
      post(`/groups/${c.group.slug}/settings`, { intent: "save", name: "x", kind: "topic", description: "" }, c.moderator.cookie),
      { slug: c.group.slug },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.name).toBeTruthy();
    expect(res.body.errors.description).toBeTruthy();
    const bogus = await call<Failure>(settingsRoute.action, post(`/groups/${c.group.slug}/settings`, { intent: "explode" }, c.moderator.cookie), { slug: c.group.slug });
    expect(bogus.status).toBe(400);
    expect((await groupRow(c.group.id)).name).toBe(c.group.name);
  });

  it("let only site admins change who can see the group", async () => {
    const c = await cast("public");
    const fields = { intent: "save", name: c.group.name, kind: "topic", description: "A place to talk.", guidelines: "" };
    const byModerator = await call<Failure>(settingsRoute.action, post(`/groups/${c.group.slug}/settings`, { ...fields, visibility: "hidden" }, c.moderator.cookie), {
      slug: c.group.slug,
    });
    expect(byModerator.status).toBe(403);
    expect(byModerator.body.errors.form).toMatch(/Only site admins/);
    expect((await groupRow(c.group.id)).visibility).toBe("public");
    // Sending the current visibility back is fine.
    expect(
      (await call(settingsRoute.action, post(`/groups/${c.group.slug}/settings`, { ...fields, visibility: "public" }, c.moderator.cookie), { slug: c.group.slug })).status,
    ).toBe(200);
    const byAdmin = await call<Saved>(settingsRoute.action, post(`/groups/${c.group.slug}/settings`, { ...fields, visibility: "hidden" }, c.admin.cookie), { slug: c.group.slug });
    expect(byAdmin.status).toBe(200);
    expect((await groupRow(c.group.id)).visibility).toBe("hidden");
    const bogus = await call<Failure>(settingsRoute.action, post(`/groups/${c.group.slug}/settings`, { ...fields, visibility: "secret" }, c.admin.cookie), { slug: c.group.slug });
    expect(bogus.status).toBe(400);
  });

  it("let a site admin add a moderator by e-mail address and remove one; moderators cannot", async () => {
    const c = await cast("private");
    const newcomer = await makeUser(t.db, { email: "Newcomer.Mod@Harbor.test" });
    const url = `/groups/${c.group.slug}/settings`;
    const params = { slug: c.group.slug };
    // Moderators can't choose moderators.
    expect((await call(settingsRoute.action, post(url, { intent: "add-moderator", email: newcomer.email }, c.moderator.cookie), params)).status).toBe(403);
    expect((await call(settingsRoute.action, post(url, { intent: "remove-moderator", userId: c.moderator.user.id }, c.moderator.cookie), params)).status).toBe(403);
    expect(await roleIn(c.group.id, newcomer.id)).toBeNull();
    expect(await roleIn(c.group.id, c.moderator.user.id)).toBe("moderator");
    // Admins can; the address is matched however it is typed.
    const added = await call<Saved>(settingsRoute.action, post(url, { intent: "add-moderator", email: "  NEWCOMER.mod@harbor.test " }, c.admin.cookie), params);
    expect(added.status).toBe(200);
    expect(added.body.message).toBe(`${newcomer.display_name} is now a moderator of ${c.group.name}.`);
    expect(await roleIn(c.group.id, newcomer.id)).toBe("moderator");
    expect((await groupRow(c.group.id)).member_count).toBe(3);
    const again = await call<Saved>(settingsRoute.action, post(url, { intent: "add-moderator", email: newcomer.email }, c.admin.cookie), params);
    expect(again.body.message).toMatch(/already a moderator/);
    // An existing member can be promoted too.
    await call(settingsRoute.action, post(url, { intent: "add-moderator", email: c.member.user.email }, c.admin.cookie), params);
    expect(await roleIn(c.group.id, c.member.user.id)).toBe("moderator");
    const unknown = await call<Failure>(settingsRoute.action, post(url, { intent: "add-moderator", email: "nobody@harbor.test" }, c.admin.cookie), params);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.email).toMatch(/no Harbor account/);
    const malformed = await call<Failure>(settingsRoute.action, post(url, { intent: "add-moderator", email: "not-an-address" }, c.admin.cookie), params);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.email).toBeTruthy();
    // Removing: back to member, still in the group.
    const removed = await call<Saved>(settingsRoute.action, post(url, { intent: "remove-moderator", userId: newcomer.id }, c.admin.cookie), params);
    expect(removed.status).toBe(200);
    expect(removed.body.message).toMatch(/no longer a moderator/);
    expect(await roleIn(c.group.id, newcomer.id)).toBe("member");
    expect((await call(settingsRoute.action, post(url, { intent: "remove-moderator", userId: newcomer.id }, c.admin.cookie), params)).status).toBe(404);
    expect((await call(settingsRoute.action, post(url, { intent: "remove-moderator", userId: c.outsider.user.id }, c.admin.cookie), params)).status).toBe(404);
    expect((await call(settingsRoute.action, post(url, { intent: "remove-moderator", userId: "no-such-user" }, c.admin.cookie), params)).status).toBe(404);
    type Page = { moderators: { id: string }[] };
    const page = await call<Page>(settingsRoute.loader, get(url, c.admin.cookie), params);
    expect(page.body.moderators.map((m) => m.id).sort()).toEqual([c.moderator.user.id, c.member.user.id].sort());
    expect(JSON.stringify(page.body)).not.toMatch(EMAIL);
  });

  it("removing a moderator of another group through this group's page does nothing", async () => {
    const a = await cast("public");
    const b = await cast("public");
    const res = await call(settingsRoute.action, post(`/groups/${a.group.slug}/settings`, { intent: "remove-moderator", userId: b.moderator.user.id }, a.admin.cookie), {
      slug: a.group.slug,
    });
    expect(res.status).toBe(404);
    expect(await roleIn(b.group.id, b.moderator.user.id)).toBe("moderator");
  });
});

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

  async function makeLink(c: Awaited<ReturnType<typeof cast>>, days = "7", who: "moderator" | "admin" = "moderator") {
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
