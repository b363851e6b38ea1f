/**
 * A member's own settings: profile, sessions, password, e-mail, deleting the account.
 */
import { describe, expect, it } from "vitest";
import * as profileRoute from "../../app/routes/settings.profile/route";
import * as sessionsRoute from "../../app/routes/settings.sessions/route";
import * as passwordRoute from "../../app/routes/settings.password/route";
import * as emailRoute from "../../app/routes/settings.email/route";
import * as deleteRoute from "../../app/routes/settings.delete/route";
import { createSession } from "../../app/models/sessions.server";
import { signIn } from "../../app/models/sign-in.server";
import { getAuth } from "../../app/utils/auth.server";
import { makeSignedInUser, makeUser, TEST_PASSWORD } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };
type Saved = { ok: true; message: string };

const member = (options: Parameters<typeof makeUser>[1] = {}) => makeSignedInUser(t.db, options);

describe("profile", () => {
  it("shows the member's own profile, and saves a new name, zone and bio", async () => {
    const { user, cookie } = await member();
    const page = await call<{ profile: { displayName: string; timeZone: string } }>(profileRoute.loader, get("/settings/profile", cookie));
    expect(page.body.profile.displayName).toBe(user.display_name);
    const res = await call<Saved>(profileRoute.action, post("/settings/profile", { displayName: "River K.", timeZone: "Europe/London", bio: "Day by day.\nStill here." }, cookie));
    expect(res.body).toEqual({ ok: true, message: "Your profile is saved." });
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect([row.display_name, row.time_zone, row.bio]).toEqual(["River K.", "Europe/London", "Day by day.\nStill here."]);
  });

  it("keeps the stored profile untouched when any field is wrong", async () => {
    const { user, cookie } = await member({ bio: "original" });
    const res = await call<Failure>(profileRoute.action, post("/settings/profile", { displayName: "Valid Name", timeZone: "Nowhere/Land", bio: "b".repeat(501) }, cookie));
    expect(res.status).toBe(400);
    expect(res.body.errors.timeZone).toMatch(/time zone/);
    expect(res.body.errors.bio).toMatch(/at most 500/);
    expect(res.body.values.displayName).toBe("Valid Name");
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.bio).toBe("original");
    expect(row.display_name).toBe(user.display_name);
  });

  it("will not take another member's display name", async () => {
    const other = await member({ displayName: "Harper Lane" });
    const { cookie } = await member();
    const res = await call<Failure>(profileRoute.action, post("/settings/profile", { displayName: "harper lane", timeZone: "UTC", bio: "" }, cookie));
    expect(res.status).toBe(400);
    expect(res.body.errors.displayName).toMatch(/already uses/);
    expect(other.user.display_name).toBe("Harper Lane");
  });
});

describe("your sessions", () => {
  it("lists the member's sessions only, marking this device", async () => {
    const { user, cookie, session } = await member();
    await createSession(t.db, user.id, { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Safari/604.1", ip: "198.51.100.3" });
    const stranger = await member();
    const res = await call<{ sessions: { id: string; device: string; current: boolean; ip: string }[] }>(sessionsRoute.loader, get("/settings/sessions", cookie));
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.sessions.find((s) => s.current)?.id).toBe(session.id);
    expect(res.body.sessions.map((s) => s.device)).toContain("Safari on iPhone");
    expect(res.body.sessions.map((s) => s.id)).not.toContain(stranger.session.id);
  });

  it("ends another of the member's sessions, but never someone else's", async () => {
    const { user, cookie } = await member();
    const phone = await createSession(t.db, user.id);
    const stranger = await member();
    const theirs = await call<Failure>(sessionsRoute.action, post("/settings/sessions", { intent: "end", sessionId: stranger.session.id }, cookie));
    expect(theirs.status).toBe(404);
    expect(await getAuth(get("/", stranger.cookie))).not.toBeNull();
    const ok = await call<Saved>(sessionsRoute.action, post("/settings/sessions", { intent: "end", sessionId: phone.session.id }, cookie));
    expect(ok.body.ok).toBe(true);
    expect(await getAuth(get("/", `harbor_session=${phone.token}`))).toBeNull();
    expect(await getAuth(get("/", cookie))).not.toBeNull();
  });

  it("signs out of all other sessions, or everywhere", async () => {
    const { user, cookie } = await member();
    const a = await createSession(t.db, user.id);
    const b = await createSession(t.db, user.id);
    const others = await call<Saved>(sessionsRoute.action, post("/settings/sessions", { intent: "end-others" }, cookie));
    expect(others.body.message).toMatch(/2 other sessions/);
    expect(await getAuth(get("/", `harbor_session=${a.token}`))).toBeNull();
    expect(await getAuth(get("/", `harbor_session=${b.token}`))).toBeNull();
    expect(await getAuth(get("/", cookie))).not.toBeNull();
    const all = await call(sessionsRoute.action, post("/settings/sessions", { intent: "end-all" }, cookie));
    expect(all.status).toBe(302);
    expect(all.headers.get("Location")).toBe("/login");
    expect(all.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await getAuth(get("/", cookie))).toBeNull();
  });

  it("answers an unknown intent with 400", async () => {
    const { cookie } = await member();
    const res = await call<Failure>(sessionsRoute.action, post("/settings/sessions", { intent: "explode" }, cookie));
    expect(res.status).toBe(400);
  });
});

describe("changing the password", () => {
  it("asks for the current password first", async () => {
    const { user, cookie } = await member();
    const res = await call<Failure>(passwordRoute.action, post("/settings/password", { currentPassword: "not-my-password", newPassword: "brand-new-harbor-pass" }, cookie));
    expect(res.status).toBe(400);
    expect(res.body.errors.currentPassword).toMatch(/isn't your current password/);
    expect((await signIn(t.db, { email: user.email, password: TEST_PASSWORD })).ok).toBe(true);
  });

  it("refuses a weak new password", async () => {
    const { cookie } = await member();
    const res = await call<Failure>(passwordRoute.action, post("/settings/password", { currentPassword: TEST_PASSWORD, newPassword: "qwertyuiop" }, cookie));
    expect(res.status).toBe(400);
    expect(res.body.errors.newPassword).toMatch(/common/);
  });

  it("changes it and ends every other session, keeping this one", async () => {
    const { user, cookie } = await member();
    const laptop = await createSession(t.db, user.id);
    const res = await call<Saved>(passwordRoute.action, post("/settings/password", { currentPassword: TEST_PASSWORD, newPassword: "tide-comes-in-slowly" }, cookie));
    expect(res.body.message).toMatch(/1 other session was signed out/);
    expect(await getAuth(get("/", `harbor_session=${laptop.token}`))).toBeNull();
    expect(await getAuth(get("/", cookie))).not.toBeNull();
    expect((await signIn(t.db, { email: user.email, password: TEST_PASSWORD })).ok).toBe(false);
    expect((await signIn(t.db, { email: user.email, password: "tide-comes-in-slowly" })).ok).toBe(true);
  });
});

describe("changing the e-mail address", () => {
  it("needs the password, refuses an address in use, and then changes it", async () => {
    const { user, cookie } = await member();
    const other = await member();
    const noPassword = await call<Failure>(emailRoute.action, post("/settings/email", { email: "new-home@harbor.test", password: "wrong-password!" }, cookie));
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.errors.password).toBeTruthy();
    const taken = await call<Failure>(emailRoute.action, post("/settings/email", { email: other.user.email.toUpperCase(), password: TEST_PASSWORD }, cookie));
    expect(taken.status).toBe(400);
    expect(taken.body.errors.email).toMatch(/already uses/);
    const ok = await call<Saved>(emailRoute.action, post("/settings/email", { email: "New-Home@Harbor.test", password: TEST_PASSWORD }, cookie));
    expect(ok.body.ok).toBe(true);
    const row = await t.db.selectFrom("users").select("email").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.email).toBe("new-home@harbor.test");
  });
});

describe("deleting the account", () => {
  it("needs the box ticked and the password", async () => {
    const { user, cookie } = await member();
    const unticked = await call<Failure>(deleteRoute.action, post("/settings/delete", { password: TEST_PASSWORD }, cookie));
    expect(unticked.status).toBe(400);
    expect(unticked.body.errors.confirm).toMatch(/Tick this box/);
    const wrong = await call<Failure>(deleteRoute.action, post("/settings/delete", { password: "nope-nope-nope", confirm: "on" }, cookie));
    expect(wrong.status).toBe(400);
    expect(await t.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toEqual({ id: user.id });
  });

  it("deletes the account and all its sessions", async () => {
    const { user, cookie } = await member();
    await createSession(t.db, user.id);
    const res = await call(deleteRoute.action, post("/settings/delete", { password: TEST_PASSWORD, confirm: "on" }, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/?farewell=1");
    expect(await t.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(0);
  });

  it("won't leave the site without an admin", async () => {
    await t.db.updateTable("users").set({ role: "member" }).where("role", "=", "admin").execute();
    const { user, cookie } = await member({ role: "admin" });
    const res = await call<Failure>(deleteRoute.action, post("/settings/delete", { password: TEST_PASSWORD, confirm: "on" }, cookie));
    expect(res.status).toBe(409);
    expect(res.body.errors.form).toMatch(/at least one admin/);
    expect(await t.db.selectFrom("users").select("id").where("id", "=", user.id).executeTakeFirst()).toEqual({ id: user.id });
  });
});
