/**
 * Starting a group (/groups/new) and its settings page: name, kind, description, guidelines,
 * visibility (site admins only) and moderators, with bad input answered at the field.
 */
import { describe, expect, it } from "vitest";
import * as newGroupRoute from "../../app/routes/groups.new/route";
import * as settingsRoute from "../../app/routes/groups.$slug.settings/route";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { EMAIL, groupCast, type Failure, type Saved } from "../helpers/group-cast";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
const { signedIn, cast, groupRow, roleIn } = groupCast(t);

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
