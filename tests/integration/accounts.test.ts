/**
 * Accounts through their routes, as a browser would drive them: sign-up, sign-in, the guards,
 * and every way bad input must be answered (4xx, a message at the field, nothing half-written).
 */
import { describe, expect, it } from "vitest";
import * as signupRoute from "../../app/routes/signup/route";
import * as loginRoute from "../../app/routes/login/route";
import * as logoutRoute from "../../app/routes/logout";
import * as profileRoute from "../../app/routes/settings.profile/route";
import { getAuth } from "../../app/utils/auth.server";
import { createSession } from "../../app/models/sessions.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { finishJoining, signUpByLink, signupLinkFor, submitSignup } from "../helpers/signup";
import { isEmailVerified } from "../../app/models/account-tokens.server";
import { call, cookieFrom, get, post } from "../helpers/requests";

const t = useTestDatabase();

type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };

async function countPending() {
  const row = await t.db
    .selectFrom("pending_signups")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countUsers() {
  const row = await t.db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

let n = 0;
function fresh() {
  n += 1;
  return { displayName: `Quinn ${n}${Date.now() % 1000}`, email: `quinn-${n}-${Date.now()}@harbor.test`, password: "lanterns-on-the-pier" };
}

describe("sign-up", () => {
  it("makes the account when the e-mailed link is opened, signs the member in with a safe cookie and welcomes them", async () => {
    const input = fresh();
    const sent = await submitSignup({ ...input, timeZone: "Europe/Dublin" });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe("/join/check-email");
    expect(sent.headers.get("Set-Cookie")).toBeNull();
    expect(await t.db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst()).toBeUndefined();
    const token = (await signupLinkFor(t.db, input.email))!;
    const res = await finishJoining(token, { password: input.password });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/?welcome=1");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^harbor_session=[a-z2-7]+\.[a-z2-7]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure"); // plain http (localhost)
    const user = await t.db.selectFrom("users").selectAll().where("email", "=", input.email).executeTakeFirstOrThrow();
    expect(user.display_name).toBe(input.displayName);
    expect(user.time_zone).toBe("Europe/Dublin");
    expect(user.role).toBe("member");
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await isEmailVerified(t.db, user.id)).toBe(true);
    const auth = await getAuth(get("/", cookieFrom(cookie)));
    expect(auth?.user.id).toBe(user.id);
  });

  it("uses the __Host- prefixed, Secure cookie over HTTPS", async () => {
    const res = await signUpByLink(t.db, fresh(), { base: "https://harbor.example.org" });
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Host-harbor_session=/);
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("answers missing fields with a message at each field and status 400, storing nothing", async () => {
    const before = await countUsers();
    const pendingBefore = await countPending();
    const res = await call<Failure>(signupRoute.action, post("/signup", {}));
    expect(res.status).toBe(400);
    expect(res.body.errors.displayName).toMatch(/display name/i);
    expect(res.body.errors.email).toMatch(/e-mail/i);
    expect(res.body.errors.password).toMatch(/password/i);
    expect(await countUsers()).toBe(before);
    expect(await countPending()).toBe(pendingBefore);
  });

  it("keeps what was typed (but never the password) when the password is too weak", async () => {
    const input = { ...fresh(), password: "password123" };
    const res = await call<Failure>(signupRoute.action, post("/signup", input));
    expect(res.status).toBe(400);
    expect(res.body.errors.password).toMatch(/most common/);
    expect(res.body.values).toEqual({ displayName: input.displayName, email: input.email });
    expect(JSON.stringify(res.body)).not.toContain("password123");
    expect(await t.db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst()).toBeUndefined();
  });

  it("refuses a display name that differs from a member's only in case or punctuation, at the field", async () => {
    const member = await makeUser(t.db);
    const pendingBefore = await countPending();
    const res = await submitSignup({ ...fresh(), displayName: ` ${member.display_name.toUpperCase()}. ` });
    expect(res.status).toBe(400);
    expect((res.body as Failure).errors.displayName).toMatch(/already uses/);
    expect(await countPending()).toBe(pendingBefore);
  });

  it("answers over-long and malformed input with field messages, never a 500", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...fresh(), displayName: "x".repeat(41) }, "displayName"],
      [{ ...fresh(), email: `${"a".repeat(250)}@harbor.test` }, "email"],
      [{ ...fresh(), email: "not-an-address" }, "email"],
      [{ ...fresh(), password: "p".repeat(2000) }, "password"],
      [{ ...fresh(), displayName: "\u200B\u200B\u202E" }, "displayName"],
      [{ ...fresh(), displayName: "Sam\uFFFD" }, "displayName"],
    ];
    for (const [input, field] of cases) {
      const res = await call<Failure>(signupRoute.action, post("/signup", input));
      expect(res.status, field).toBe(400);
      expect(res.body.errors[field], JSON.stringify(input).slice(0, 80)).toBeTruthy();
    }
  });

  it("cleans invisible characters out of names and falls back to the site zone for a bogus one", async () => {
    const input = { ...fresh(), timeZone: "Mars/Olympus_Mons" };
    const res = await signUpByLink(t.db, { ...input, displayName: `\u200B${input.displayName}\u202E` });
    expect(res.status).toBe(302);
    const user = await t.db.selectFrom("users").selectAll().where("email", "=", input.email).executeTakeFirstOrThrow();
    expect(user.display_name).toBe(input.displayName);
    expect(user.time_zone).toBe("UTC");
  });

  it("answers a body that is not a form with 400", async () => {
    const request = new Request("http://localhost:3000/signup", { method: "POST", body: "{", headers: { "Content-Type": "application/json" } });
    const res = await call<Failure>(signupRoute.action, request);
    expect(res.status).toBe(400);
    expect(res.body.errors.form).toMatch(/couldn't read/);
  });
});

describe("sign-in and sign-out", () => {
  it("signs in and goes back where the member was headed, but never off-site", async () => {
    const user = await makeUser(t.db);
    const res = await call(loginRoute.action, post("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "/settings/sessions" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/settings/sessions");
    const offsite = await call(loginRoute.action, post("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/x" }));
    expect(offsite.headers.get("Location")).toBe("/");
  });

  it("records the device and address of a new session", async () => {
    const user = await makeUser(t.db);
    const request = post("/login", { email: user.email, password: TEST_PASSWORD });
    request.headers.set("User-Agent", "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0");
    await call(loginRoute.action, request, {}, { clientIp: "198.51.100.77", cspNonce: "n" });
    const session = await t.db.selectFrom("sessions").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(session.ip).toBe("198.51.100.77");
    expect(session.user_agent).toContain("Firefox");
  });

  it("answers a wrong password with a form message and 400, keeping the e-mail", async () => {
    const user = await makeUser(t.db);
    const res = await call<Failure>(loginRoute.action, post("/login", { email: user.email, password: "wrong-wrong-wrong" }));
    expect(res.status).toBe(400);
    expect(res.body.errors.form).toMatch(/don't match/);
    expect(res.body.values.email).toBe(user.email);
  });

  it("signs out: the session row is gone and the cookie cleared", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id);
    const cookie = `harbor_session=${token}`;
    const res = await call(logoutRoute.action, post("/logout", {}, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/harbor_session=;.*Max-Age=0/);
    expect(await getAuth(get("/", cookie))).toBeNull();
  });
});

describe("checking the session", () => {
  it("is done once for all of a page's loaders (they share the request's load context), and again for the next request", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id);
    const cookie = `harbor_session=${token}`;
    // Remix gives each loader its own Request, and all of them the same context.
    const page = { clientIp: "127.0.0.1", cspNonce: "n", sessions: new Map() };
    const first = getAuth(get("/", cookie), page);
    expect(getAuth(get("/groups", cookie), page)).toBe(first);
    expect((await first)?.user.id).toBe(user.id);
    expect(page.sessions.size).toBe(1);
    // The next request has a context of its own: signed out since, it is signed out.
    await call(logoutRoute.action, post("/logout", {}, cookie));
    expect(await getAuth(get("/", cookie), { clientIp: "127.0.0.1", cspNonce: "n", sessions: new Map() })).toBeNull();
    // Without a context (as here in tests), once per Request.
    const request = get("/", cookie);
    expect(getAuth(request)).toBe(getAuth(request));
  });
});

describe("guards", () => {
  it("send a signed-out visitor to sign in, and back afterwards", async () => {
    const res = await call(profileRoute.loader, get("/settings/profile"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fsettings%2Fprofile");
  });

  it("treat a tampered or garbage cookie as signed out, not as an error", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id);
    for (const cookie of [
      `harbor_session=${token}x`,
      `harbor_session=${token.replace(/\.(.)/, (_, c: string) => (c === "a" ? ".b" : ".a"))}`,
      "harbor_session=%00%ff",
      "harbor_session=" + "a".repeat(5000),
    ]) {
      const res = await call(profileRoute.loader, get("/settings/profile", cookie));
      expect(res.status, cookie.slice(0, 40)).toBe(302);
    }
  });

  it("treat an expired session as signed out", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id, {}, new Date(Date.now() - 8 * 24 * 60 * 60 * 1000));
    const res = await call(profileRoute.loader, get("/settings/profile", `harbor_session=${token}`));
    expect(res.status).toBe(302);
  });
});
