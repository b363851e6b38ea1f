/** Admin → Site settings: the site's name, open or invite-only registration, the default time zone. */
import { beforeEach, describe, expect, it } from "vitest";
import * as adminSite from "../../app/routes/admin.site/route";
import * as signup from "../../app/routes/signup/route";
import * as root from "../../app/root";
import * as home from "../../app/routes/_index/route";
import * as thread from "../../app/routes/groups.$slug.threads.$threadId/route";
import { createInvite } from "../../app/models/group-joining.server";
import { createSession } from "../../app/models/sessions.server";
import { forgetSiteConfig, getSiteConfig } from "../../app/models/site-config.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { finishJoining, signUpByLink, signupLinkFor, submitSignup } from "../helpers/signup";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
let admin: { id: string; cookie: string };
let member: { cookie: string };

beforeEach(async () => {
  forgetSiteConfig();
  const a = await makeUser(t.db, { role: "admin" });
  admin = { id: a.id, cookie: `harbor_session=${(await createSession(t.db, a.id)).token}` };
  const m = await makeUser(t.db);
  member = { cookie: `harbor_session=${(await createSession(t.db, m.id)).token}` };
});

const account = (label: string) => ({
  displayName: `New ${label} ${Math.random().toString(36).slice(2, 7)}`,
  email: `${label}-${Math.random().toString(36).slice(2, 7)}@example.org`,
  password: "calm harbour tide water",
});

describe("site settings", () => {
  it("are for admins only and check their input", async () => {
    expect((await call(adminSite.loader, get("/admin/site", member.cookie))).status).toBe(403);
    expect((await call(adminSite.action, post("/admin/site", { siteName: "X", registration: "open", defaultTimeZone: "UTC" }, member.cookie))).status).toBe(403);
    const bad = await call<{ errors: Record<string, string> }>(
      adminSite.action,
      post("/admin/site", { siteName: "", registration: "maybe", defaultTimeZone: "Mars/Olympus" }, admin.cookie),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["defaultTimeZone", "registration", "siteName"]);
  });

  it("name the site in the header and give new accounts the default time zone", async () => {
    await call(adminSite.action, post("/admin/site", { siteName: "Riverside Alumni", registration: "open", defaultTimeZone: "Europe/Dublin" }, admin.cookie));
    const page = await call<{ siteName: string }>(root.loader, get("/"));
    expect(page.body.siteName).toBe("Riverside Alumni");
    // …and in every page's title (browser tabs, bookmarks, screen readers' first words).
    const matches = [{ id: "root", data: page.body }];
    const titleOf = (meta: (args: never) => unknown, data?: unknown) => (meta({ matches, data } as never) as { title?: string }[])[0]!.title;
    expect(titleOf(root.meta as never, page.body)).toBe("Riverside Alumni");
    expect(titleOf(home.meta as never)).toBe("Riverside Alumni — peer support after treatment");
    expect(titleOf(signup.meta as never)).toBe("Join Riverside Alumni");
    expect(titleOf(thread.meta as never)).toBe("Thread · Riverside Alumni");
    expect(titleOf(thread.meta as never, { thread: { title: "Evenings" }, group: { name: "Circle" } })).toBe("Evenings · Circle · Riverside Alumni");
    expect(titleOf(adminSite.meta as never)).toMatch(/ · Riverside Alumni$/);
    const details = account("zone");
    const made = await signUpByLink(t.db, details);
    expect(made.status).toBe(302);
    const stored = await t.db.selectFrom("users").select("time_zone").where("email", "=", details.email).executeTakeFirstOrThrow();
    expect(stored.time_zone).toBe("Europe/Dublin");
    const audit = await t.db.selectFrom("audit_log").select("actor_id").where("action", "=", "settings.site").execute();
    expect(audit.map((a) => a.actor_id)).toContain(admin.id);
  });

  it("invite-only: no account without a usable invite link; with one, the newcomer goes on to the invitation", async () => {
    await call(adminSite.action, post("/admin/site", { siteName: "Riverside Alumni", registration: "invite_only", defaultTimeZone: "UTC" }, admin.cookie));
    expect((await getSiteConfig(t.db)).registration).toBe("invite_only");
    const closed = await call<{ closed: boolean }>(signup.loader, get("/signup"));
    expect(closed.body.closed).toBe(true);
    const refused = account("refused");
    const attempt = await call(signup.action, post("/signup", refused));
    expect(attempt.status).toBe(403);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", refused.email).executeTakeFirst()).toBeUndefined();
    const forged = await call<{ closed: boolean }>(signup.loader, get("/signup?redirectTo=%2Finvites%2Fnotarealtokenatall"));
    expect(forged.body.closed).toBe(true);

    const group = await makeGroup(t.db, { visibility: "hidden" });
    const { token } = await createInvite(t.db, group.id, admin.id);
    const path = `/signup?redirectTo=${encodeURIComponent(`/invites/${token}`)}`;
    expect((await call<{ closed: boolean }>(signup.loader, get(path))).body.closed).toBe(false);
    const invited = account("invited");
    const made = await signUpByLink(t.db, invited, { path });
    expect(made.status).toBe(302);
    expect(made.headers.get("Location")).toBe(`/invites/${token}`);
    // A sign-up made with an invite that has ended meanwhile cannot finish on an invite-only site.
    const { token: shortLived } = await createInvite(t.db, group.id, admin.id);
    const late = account("late");
    expect((await submitSignup(late, { path: `/signup?redirectTo=${encodeURIComponent(`/invites/${shortLived}`)}` })).status).toBe(302);
    const link = (await signupLinkFor(t.db, late.email))!;
    await t.db.updateTable("group_invites").set({ revoked_at: new Date().toISOString() }).where("group_id", "=", group.id).execute();
    const ended = await finishJoining(link, { password: late.password });
    expect(ended.status).toBe(403);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", late.email).executeTakeFirst()).toBeUndefined();
    await call(adminSite.action, post("/admin/site", { siteName: "Harbor", registration: "open", defaultTimeZone: "UTC" }, admin.cookie));
  });
});

describe("several app servers", () => {
  it("see a change another server saved within the cache time, without a restart", async () => {
    const { CACHE_MS } = await import("../../app/models/site-config.server");
    const { vi } = await import("vitest");
    forgetSiteConfig();
    const before = await getSiteConfig(t.db);
    // Another app server saves a new name straight into the shared database.
    const other = { ...before, siteName: "Harbor on another server" };
    await t.db
      .updateTable("site_settings")
      .set({ value: JSON.stringify(other) })
      .where("key", "=", "site")
      .execute();
    const insert = await t.db.selectFrom("site_settings").select("key").where("key", "=", "site").executeTakeFirst();
    if (!insert)
      await t.db
        .insertInto("site_settings")
        .values({ key: "site", value: JSON.stringify(other), updated_at: new Date().toISOString(), updated_by: null })
        .execute();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 1000);
      expect((await getSiteConfig(t.db)).siteName).toBe(before.siteName);
      vi.setSystemTime(Date.now() + CACHE_MS);
      expect((await getSiteConfig(t.db)).siteName).toBe("Harbor on another server");
    } finally {
      vi.useRealTimers();
      forgetSiteConfig();
    }
  });
});
