/**
 * Crisis resources by region: each person sees their own region's lines first (a member's choice,
 * else their time zone's; a visitor's browser zone), the others one tap away; admins keep the list.
 */
import { describe, expect, it } from "vitest";
import * as helpRoute from "../../app/routes/help/route";
import * as adminCrisis from "../../app/routes/admin.crisis/route";
import * as profileRoute from "../../app/routes/settings.profile/route";
import { countryOfTimeZone, crisisResourcesFor, getCrisisDirectory } from "../../app/models/crisis-directory.server";
import { makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { BASE, call, get, post } from "../helpers/requests";

const t = useTestDatabase();

type Help = { code: string; region: string; resources: { name: string; contact: string; href: string }[]; source: string; others: { code: string; region: string }[] };
type Failure = { ok: false; errors: Record<string, string> };

const help = async (path = "/help", cookie?: string) => (await call<Help>(helpRoute.loader, get(path, cookie))).body;
const visitor = (zoneCookie: string) => new Request(`${BASE}/help`, { headers: { Cookie: `harbor_tz=${encodeURIComponent(zoneCookie)}` } });
const profileForm = (user: { display_name: string; time_zone: string }, crisisRegion: string) => ({
  displayName: user.display_name,
  timeZone: user.time_zone,
  bio: "",
  crisisRegion,
});

describe("the crisis page by region", () => {
  it("shows a London member the UK's numbers first, with the other regions one tap away", async () => {
    const { cookie } = await makeSignedInUser(t.db, { timeZone: "Europe/London" });
    const page = await help("/help", cookie);
    expect(page.region).toBe("United Kingdom");
    expect(page.source).toBe("time-zone");
    expect(page.resources.map((r) => r.contact)).toContain("Call 116 123");
    expect(page.resources.map((r) => r.href)).not.toContain("tel:988");
    expect(page.others.map((o) => o.code)).toEqual(expect.arrayContaining(["us", "ca", "au"]));
    // One tap away: another region on request.
    const canada = await help("/help?region=ca", cookie);
    expect(canada.region).toBe("Canada");
    expect(canada.resources.map((r) => r.href)).toContain("tel:988");
  });

  it("follows a member's chosen region over their time zone, and refuses a region not in the list", async () => {
    const { user, cookie } = await makeSignedInUser(t.db, { timeZone: "America/New_York" });
    expect((await help("/help", cookie)).region).toBe("United States");
    const saved = await call(profileRoute.action, post("/settings/profile", profileForm(user, "au"), cookie));
    expect(saved.status).toBe(200);
    const page = await help("/help", cookie);
    expect(page.region).toBe("Australia");
    expect(page.source).toBe("profile");
    expect(page.resources.map((r) => r.contact)).toContain("Call 13 11 14");

    const bad = await call<Failure>(profileRoute.action, post("/settings/profile", { ...profileForm(user, "atlantis"), bio: "changed" }, cookie));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.crisisRegion).toMatch(/from the list/);
    const row = await t.db.selectFrom("users").select(["crisis_region", "bio"]).where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ crisis_region: "au", bio: "" });

    await call(profileRoute.action, post("/settings/profile", profileForm(user, ""), cookie));
    expect((await help("/help", cookie)).source).toBe("time-zone");
  });

  it("gives visitors their browser zone's region, else the site's default", async () => {
    expect((await call<Help>(helpRoute.loader, visitor("b:Europe/London"))).body.region).toBe("United Kingdom");
    expect((await call<Help>(helpRoute.loader, visitor("c:Australia/Sydney"))).body.region).toBe("Australia");
    const none = await help();
    expect(none.region).toBe("United States");
    expect(none.source).toBe("site");
    expect((await call<Help>(helpRoute.loader, visitor("b:UTC"))).body.source).toBe("site");
    expect((await help("/help?region=nowhere")).region).toBe("United States");
  });

  it("finds a member's region from their zone, for the lines shown after posting or reporting", async () => {
    const { user } = await makeSignedInUser(t.db, { timeZone: "Australia/Perth" });
    expect((await crisisResourcesFor(t.db, user.id)).region).toBe("Australia");
    expect(countryOfTimeZone("Europe/Belfast")).toBe("gb");
    expect(countryOfTimeZone("Europe/Isle_of_Man")).toBe("gb");
    expect(countryOfTimeZone("America/Toronto")).toBe("ca");
    expect(countryOfTimeZone("UTC")).toBeNull();
  });
});

describe("admins keep several regions", () => {
  it("adds a country, edits its lines, makes it the default, and keeps the default from being removed", async () => {
    const { cookie } = await makeSignedInUser(t.db, { role: "admin" });
    const added = await call(adminCrisis.action, post("/admin/crisis", { intent: "add", country: "nz" }, cookie));
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe("/admin/crisis?region=nz");
    const again = await call<Failure>(adminCrisis.action, post("/admin/crisis", { intent: "add", country: "nz" }, cookie));
    expect(again.status).toBe(409);
    const bogus = await call<Failure>(adminCrisis.action, post("/admin/crisis", { intent: "add", country: "zz" }, cookie));
    expect(bogus.status).toBe(400);
    expect(bogus.body.errors.country).toMatch(/Choose a country/);

    const lines = { intent: "save", code: "nz", region: "New Zealand", r0_name: "Need to talk?", r0_contact: "Call or text 1737", r0_href: "tel:1737" };
    expect((await call(adminCrisis.action, post("/admin/crisis?region=nz", lines, cookie))).status).toBe(200);
    const auckland = await makeSignedInUser(t.db, { timeZone: "Pacific/Auckland" });
    expect((await help("/help", auckland.cookie)).resources.map((r) => r.contact)).toEqual(["Call or text 1737"]);

    await call(adminCrisis.action, post("/admin/crisis", { intent: "default", code: "nz" }, cookie));
    expect((await getCrisisDirectory(t.db)).defaultCode).toBe("nz");
    expect((await help()).region).toBe("New Zealand");
    const refused = await call<Failure>(adminCrisis.action, post("/admin/crisis", { intent: "remove", code: "nz" }, cookie));
    expect(refused.status).toBe(409);
    expect(refused.body.errors.code).toMatch(/default/);

    // Removing a member's chosen region falls back to their time zone's.
    const member = await makeSignedInUser(t.db, { timeZone: "Europe/London" });
    await call(profileRoute.action, post("/settings/profile", profileForm(member.user, "au"), member.cookie));
    expect((await call(adminCrisis.action, post("/admin/crisis", { intent: "remove", code: "au" }, cookie))).status).toBe(302);
    expect((await help("/help", member.cookie)).region).toBe("United Kingdom");
    const gone = await call<Failure>(adminCrisis.action, post("/admin/crisis", { ...lines, code: "au" }, cookie));
    expect(gone.status).toBe(404);
  });

  it("reads a site's older single list as its default region", async () => {
    const now = new Date().toISOString();
    const old = { region: "Ireland", resources: [{ name: "Pieta", contact: "Call 1800 247 247", href: "tel:1800247247", description: "" }] };
    await t.db
      .insertInto("site_settings")
      .values({ key: "crisis_resources", value: JSON.stringify(old), updated_at: now, updated_by: null })
      .execute();
    const directory = await getCrisisDirectory(t.db);
    expect(directory.defaultCode).toBe("ie");
    expect(directory.regions.find((r) => r.code === "ie")?.resources.map((r) => r.name)).toEqual(["Pieta"]);
    expect(directory.regions.map((r) => r.code)).toContain("gb");

    await t.db
      .updateTable("site_settings")
      .set({ value: JSON.stringify({ ...old, region: "Testland" }) })
      .where("key", "=", "crisis_resources")
      .execute();
    const custom = await getCrisisDirectory(t.db);
    expect(custom.defaultCode).toBe("site");
    expect((await help()).region).toBe("Testland");
  });
});
