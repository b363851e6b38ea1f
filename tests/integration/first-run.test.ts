/**
 * First run: a site without an admin leads every visitor to /setup, which takes the one-time code
 * from the server's log and makes the admin and the site's settings — once.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as root from "../../app/root";
import * as setup from "../../app/routes/setup/route";
import * as adminHome from "../../app/routes/admin._index/route";
import { announceSetupCode, forgetSetupState, WRONG_CODE } from "../../app/models/first-run.server";
import { forgetSiteConfig, getSiteConfig } from "../../app/models/site-config.server";
import { getSiteCrisisSettings } from "../../app/models/crisis-directory.server";
import { signIn } from "../../app/models/sign-in.server";
import { setDbHandle } from "../../app/utils/db.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { call, cookieFrom, get, post } from "../helpers/requests";
import { makeUser } from "../factories";

let site: TestDatabase | undefined;

/** A database of the test's own, with no admin, installed as the app's. */
async function freshSite(): Promise<TestDatabase> {
  site = await createTestDatabase();
  setDbHandle(site.handle);
  forgetSetupState();
  forgetSiteConfig();
  return site;
}

afterEach(async () => {
  setDbHandle(undefined);
  forgetSetupState();
  forgetSiteConfig();
  await site?.cleanup();
  site = undefined;
});

async function startServer(db: TestDatabase["db"]): Promise<{ code: string; log: string }> {
  const lines: string[] = [];
  const code = await announceSetupCode(db, (line) => lines.push(line));
  return { code: code!, log: lines.join("\n") };
}

const form = (code: string, overrides: Record<string, string> = {}) => ({
  code,
  displayName: "Jordan (admin)",
  email: "Jordan@Riverside.example",
  password: "steady lantern harbour",
  siteName: "Riverside Alumni",
  registration: "invite_only",
  defaultTimeZone: "Europe/Dublin",
  crisisRegion: "ie",
  ...overrides,
});

describe("a fresh site", () => {
  it("prints a set-up code at start, stores only its hash, and makes a new one at each start", async () => {
    const { db } = await freshSite();
    const first = await startServer(db);
    expect(first.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    expect(first.log).toContain(first.code);
    expect(first.log).toContain("/setup");
    const stored = await db.selectFrom("site_settings").select("value").where("key", "=", "setup_code").executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(first.code.replaceAll("-", ""));
    expect(stored.value).not.toContain(first.code);

    const second = await startServer(db);
    expect(second.code).not.toBe(first.code);
    const stale = await call<{ errors: Record<string, string> }>(setup.action, post("/setup", form(first.code)));
    expect(stale.status).toBe(400);
    expect(stale.body.errors.code).toBe(WRONG_CODE);
    expect(await db.selectFrom("users").select("id").execute()).toHaveLength(0);
  });

  it("leads every page to /setup, except the set-up and crisis pages", async () => {
    const { db } = await freshSite();
    await startServer(db);
    for (const path of ["/", "/groups", "/login", "/signup", "/meetings", "/admin", "/login.data"]) {
      const page = await call(root.loader, get(path));
      expect(page.status, path).toBe(302);
      expect(page.headers.get("Location"), path).toBe("/setup");
    }
    expect((await call(root.loader, get("/help"))).status).toBe(200);
    expect((await call(root.loader, get("/setup"))).status).toBe(200);
    expect((await call(setup.loader, get("/setup"))).status).toBe(200);
  });

  it("a wrong code or a weak password changes nothing, says why at the field, and keeps what was typed", async () => {
    const { db } = await freshSite();
    const { code } = await startServer(db);
    const wrong = await call<{ errors: Record<string, string>; values: Record<string, string> }>(setup.action, post("/setup", form("AAAA-BBBB-CCCC-DDDD-EEEE")));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.code).toBe(WRONG_CODE);
    expect(wrong.body.values.siteName).toBe("Riverside Alumni");
    expect(wrong.body.values).not.toHaveProperty("password");
    expect(wrong.body.values).not.toHaveProperty("code");

    const weak = await call<{ errors: Record<string, string> }>(setup.action, post("/setup", form(code, { password: "password123" })));
    expect(weak.status).toBe(400);
    expect(weak.body.errors.password).toMatch(/common/);

    const bad = await call<{ errors: Record<string, string> }>(
      setup.action,
      post("/setup", form(code, { email: "nope", defaultTimeZone: "Mars/Olympus", crisisRegion: "atlantis", registration: "maybe" })),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["crisisRegion", "defaultTimeZone", "email", "registration"]);

    expect(await db.selectFrom("users").select("id").execute()).toHaveLength(0);
    expect(await db.selectFrom("site_settings").select("key").where("key", "in", ["site", "crisis_regions"]).execute()).toHaveLength(0);
    // The code still works after those attempts.
    expect((await call(setup.action, post("/setup", form(code)))).status).toBe(302);
  });

  it("makes the admin and the site's settings, signs the admin in, and then the page is gone for good", async () => {
    const { db } = await freshSite();
    const { code } = await startServer(db);
    const done = await call(setup.action, post("/setup", form(code.toLowerCase().replaceAll("-", " "))));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/admin?setup=done");

    const admin = await db.selectFrom("users").select(["id", "email", "role", "time_zone", "display_name"]).executeTakeFirstOrThrow();
    expect(admin).toMatchObject({ email: "jordan@riverside.example", role: "admin", time_zone: "Europe/Dublin", display_name: "Jordan (admin)" });
    forgetSiteConfig();
    expect(await getSiteConfig(db)).toEqual({ siteName: "Riverside Alumni", registration: "invite_only", defaultTimeZone: "Europe/Dublin" });
    const crisis = await getSiteCrisisSettings(db);
    expect(crisis.region).toBe("Ireland");
    expect(crisis.resources.map((r) => r.contact)).toContain("Call 116 123");
    expect(await db.selectFrom("site_settings").select("key").where("key", "=", "setup_code").execute()).toHaveLength(0);

    const cookie = cookieFrom(done.headers.get("Set-Cookie"));
    const overview = await call<{ justSetUp: boolean }>(adminHome.loader, get("/admin?setup=done", cookie));
    expect(overview.body.justSetUp).toBe(true);
    expect((await signIn(db, { email: "jordan@riverside.example", password: "steady lantern harbour" })).ok).toBe(true);

    expect((await call(setup.loader, get("/setup"))).status).toBe(404);
    expect((await call(setup.action, post("/setup", form(code, { email: "second@riverside.example", displayName: "Second" })))).status).toBe(404);
    expect((await call(root.loader, get("/groups"))).status).toBe(200);
    // A restart prints no code any more, and a server that never saw the site unset agrees.
    forgetSetupState();
    expect(await announceSetupCode(db, () => undefined)).toBeNull();
    expect((await call(setup.loader, get("/setup"))).status).toBe(404);
    expect(await db.selectFrom("users").select("id").where("role", "=", "admin").execute()).toHaveLength(1);
  });

  it("lets only one of two people racing with the code become admin", async () => {
    const { db } = await freshSite();
    const { code } = await startServer(db);
    const [a, b] = await Promise.all([
      call(setup.action, post("/setup", form(code, { email: "a@riverside.example", displayName: "Admin A" }))),
      call(setup.action, post("/setup", form(code, { email: "b@riverside.example", displayName: "Admin B" }))),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 404]); // the page is gone for whoever comes second
    expect(await db.selectFrom("users").select("id").where("role", "=", "admin").execute()).toHaveLength(1);
  });

  it("on a site whose members signed up before it had an admin, the admin's address must be new", async () => {
    const { db } = await freshSite();
    await makeUser(db, { email: "early@riverside.example" });
    const { code } = await startServer(db);
    const taken = await call<{ errors: Record<string, string> }>(setup.action, post("/setup", form(code, { email: "early@riverside.example" })));
    expect(taken.status).toBe(400);
    expect(taken.body.errors.email).toMatch(/already uses this e-mail/);
    expect((await call(setup.action, post("/setup", form(code)))).status).toBe(302);
  });
});
