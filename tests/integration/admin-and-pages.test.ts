/**
 * Who can see what: the admin console, member profiles, the crisis page, and /healthz.
 */
import { describe, expect, it } from "vitest";
import * as adminLayout from "../../app/routes/admin/route";
import * as adminIndex from "../../app/routes/admin._index/route";
import * as adminUsers from "../../app/routes/admin.users/route";
import * as adminCrisis from "../../app/routes/admin.crisis/route";
import * as helpRoute from "../../app/routes/help/route";
import * as memberRoute from "../../app/routes/members.$userId/route";
import { checkHealth } from "../../app/models/health.server";
import { DEFAULT_CRISIS_SETTINGS } from "../../app/models/site-settings.server";
import { createDb } from "../../db/client";
import { getDbHandle } from "../../app/utils/db.server";
import { makeSignedInUser, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };

const signedIn = (role: "member" | "admin" = "member", options: Parameters<typeof makeUser>[1] = {}) => makeSignedInUser(t.db, { role, ...options });

describe("the admin console", () => {
  it("is closed to members (403) and to visitors (sign in first)", async () => {
    const { cookie } = await signedIn("member");
    for (const [fn, path] of [
      [adminLayout.loader, "/admin"],
      [adminIndex.loader, "/admin"],
      [adminUsers.loader, "/admin/users"],
      [adminCrisis.loader, "/admin/crisis"],
    ] as const) {
      expect((await call(fn, get(path, cookie))).status, path).toBe(403);
      expect((await call(fn, get(path))).status, path).toBe(302);
    }
    const write = await call(adminCrisis.action, post("/admin/crisis", { region: "Nowhere", r0_name: "Fake line", r0_contact: "Call 000" }, cookie));
    expect(write.status).toBe(403);
    const promote = await call(adminUsers.action, post("/admin/users", { userId: "x", role: "admin" }, cookie));
    expect(promote.status).toBe(403);
  });

  it("lists members newest first in pages, without e-mail addresses", async () => {
    const { cookie } = await signedIn("admin");
    for (let i = 0; i < 27; i++) await makeUser(t.db);
    type Page = { users: { id: string; displayName: string }[]; next: string | null };
    const first = await call<Page>(adminUsers.loader, get("/admin/users", cookie));
    expect(first.body.users).toHaveLength(25);
    expect(first.body.next).toBeTruthy();
    expect(JSON.stringify(first.body)).not.toMatch(/@harbor\.test/);
    const seen = new Set(first.body.users.map((u) => u.id));
    let next = first.body.next;
    let total = first.body.users.length;
    while (next) {
      const page = await call<Page>(adminUsers.loader, get(`/admin/users?after=${encodeURIComponent(next)}`, cookie));
      for (const u of page.body.users) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      total += page.body.users.length;
      next = page.body.next;
    }
    const all = await t.db.selectFrom("users").select("id").execute();
    expect(total).toBe(all.length);
    // A tampered cursor starts from the top instead of failing.
    expect((await call<Page>(adminUsers.loader, get("/admin/users?after=garbage", cookie))).body.users).toHaveLength(25);
  });

  it("makes a member an admin and back, but never removes the last admin", async () => {
    await t.db.updateTable("users").set({ role: "member" }).where("role", "=", "admin").execute();
    const admin = await signedIn("admin");
    const target = await makeUser(t.db);
    const up = await call<{ ok: boolean; message: string }>(adminUsers.action, post("/admin/users", { userId: target.id, role: "admin" }, admin.cookie));
    expect(up.body.message).toMatch(/now an admin/);
    const down = await call(adminUsers.action, post("/admin/users", { userId: target.id, role: "member" }, admin.cookie));
    expect(down.status).toBe(200);
    const self = await call<Failure>(adminUsers.action, post("/admin/users", { userId: admin.user.id, role: "member" }, admin.cookie));
    expect(self.status).toBe(409);
    expect((await t.db.selectFrom("users").select("role").where("id", "=", admin.user.id).executeTakeFirstOrThrow()).role).toBe("admin");
    const bogus = await call<Failure>(adminUsers.action, post("/admin/users", { userId: target.id, role: "overlord" }, admin.cookie));
    expect(bogus.status).toBe(400);
    expect(bogus.body.errors.role).toBeTruthy();
    const gone = await call<Failure>(adminUsers.action, post("/admin/users", { userId: "no-such-member", role: "admin" }, admin.cookie));
    expect(gone.status).toBe(404);
  });
});

describe("crisis resources", () => {
  it("shows the US defaults to anyone, signed in or not", async () => {
    const res = await call<typeof DEFAULT_CRISIS_SETTINGS>(helpRoute.loader, get("/help"));
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain("988");
    expect(text).toContain("1-800-662-4357");
    expect(text).toContain("911");
  });

  it("can be replaced by an admin for their country, and restored", async () => {
    const { cookie } = await signedIn("admin");
    const res = await call(
      adminCrisis.action,
      post(
        "/admin/crisis",
        {
          intent: "save",
          code: "us",
          region: "Ireland",
          r0_name: "Samaritans",
          r0_contact: "Call 116 123",
          r0_href: "tel:116123",
          r0_description: "Free, any time, day or night.",
          r1_name: "Emergency services",
          r1_contact: "Call 112 or 999",
          r1_href: "tel:112",
        },
        cookie,
      ),
    );
    expect(res.status).toBe(200);
    const shown = await call<typeof DEFAULT_CRISIS_SETTINGS>(helpRoute.loader, get("/help"));
    expect(shown.body.region).toBe("Ireland");
    expect(shown.body.resources.map((r) => r.name)).toEqual(["Samaritans", "Emergency services"]);
    await call(adminCrisis.action, post("/admin/crisis", { intent: "reset" }, cookie));
    expect((await call<typeof DEFAULT_CRISIS_SETTINGS>(helpRoute.loader, get("/help"))).body).toMatchObject(DEFAULT_CRISIS_SETTINGS);
  });

  it("refuses unsafe links, half-filled rows and an empty list, keeping what was there", async () => {
    const { cookie } = await signedIn("admin");
    const bad = await call<Failure>(
      adminCrisis.action,
      post(
        "/admin/crisis",
        {
          code: "us",
          region: "Testland",
          r0_name: "Line",
          r0_contact: "Call",
          r0_href: "javascript:alert(1)",
          r1_contact: "Call 555",
        },
        cookie,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.r0_href).toMatch(/tel:|https/);
    expect(bad.body.errors.r1_name).toMatch(/name/);
    expect(bad.body.values.r0_href).toBe("javascript:alert(1)");
    const empty = await call<Failure>(adminCrisis.action, post("/admin/crisis", { code: "us", region: "Testland" }, cookie));
    expect(empty.status).toBe(400);
    expect(empty.body.errors.r0_name).toMatch(/at least one/);
    expect((await call<typeof DEFAULT_CRISIS_SETTINGS>(helpRoute.loader, get("/help"))).body).toMatchObject(DEFAULT_CRISIS_SETTINGS);
  });
});

describe("member profiles", () => {
  it("show display name and bio to members, never the e-mail address", async () => {
    const subject = await makeUser(t.db, { bio: "Walking every morning." });
    const { cookie } = await signedIn();
    const res = await call<{ profile: { displayName: string; bio: string } }>(memberRoute.loader, get(`/members/${subject.id}`, cookie), { userId: subject.id });
    expect(res.body.profile.displayName).toBe(subject.display_name);
    expect(res.body.profile.bio).toBe("Walking every morning.");
    expect(JSON.stringify(res.body)).not.toContain(subject.email);
    expect(JSON.stringify(res.body)).not.toContain("argon2");
  });

  it("are not shown to visitors, and an unknown member is a 404", async () => {
    const subject = await makeUser(t.db);
    expect((await call(memberRoute.loader, get(`/members/${subject.id}`), { userId: subject.id })).status).toBe(302);
    const { cookie } = await signedIn();
    expect((await call(memberRoute.loader, get("/members/nobody", cookie), { userId: "nobody" })).status).toBe(404);
  });
});

describe("/healthz", () => {
  const renders = async () => null;

  it("is ok when the database answers and the app renders", async () => {
    expect(await checkHealth(getDbHandle().db, renders)).toEqual({ status: "ok", database: "reachable", app: "renders" });
  });

  it("is unavailable when the database does not answer", async () => {
    const unreachable = createDb("postgres://nobody@127.0.0.1:9/nowhere");
    try {
      expect(await checkHealth(unreachable.db, renders)).toMatchObject({ status: "unavailable", database: "unreachable", app: "renders" });
    } finally {
      await unreachable.db.destroy();
    }
  });

  it("is unavailable when the app cannot render a page, though the database answers", async () => {
    const health = await checkHealth(getDbHandle().db, async () => "the help page answered 500");
    expect(health).toEqual({ status: "unavailable", database: "reachable", app: "not rendering", problem: "the help page answered 500" });
  });
});
