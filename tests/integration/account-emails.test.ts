/**
 * Password reset and e-mail verification by e-mailed links, and notices of account changes: the
 * same answer for unknown addresses, throttling, single-use expiring tokens stored as hashes, all
 * sessions ended by a reset, clear pages for bad links.
 */
import { describe, expect, it } from "vitest";
import * as forgotPage from "../../app/routes/forgot-password/route";
import * as resetPage from "../../app/routes/reset-password.$token/route";
import * as verifyPage from "../../app/routes/verify-email.$token/route";
import * as emailPage from "../../app/routes/settings.email/route";
import { isEmailVerified, sendVerification } from "../../app/models/account-tokens.server";
import { createSession } from "../../app/models/sessions.server";
import { changePassword } from "../../app/models/users.server";
import { signIn } from "../../app/models/sign-in.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import { forgetEnv } from "../../app/utils/env.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, context, get, post } from "../helpers/requests";

const t = useTestDatabase();

async function mailsTo(address: string) {
  return t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
}

function linkIn(text: string, path: string): string {
  const match = new RegExp(`${path}/([a-z2-7]+)`).exec(text);
  if (!match) throw new Error(`No ${path} link in: ${text}`);
  return match[1]!;
}

describe("password reset", () => {
  it("answers the same for known and unknown addresses, and e-mails only real accounts", async () => {
    const user = await makeUser(t.db);
    const known = await call<{ message: string }>(forgotPage.action, post("/forgot-password", { email: user.email.toUpperCase() }), {}, context("198.51.100.1"));
    const unknown = await call<{ message: string }>(forgotPage.action, post("/forgot-password", { email: "nobody-here@harbor.test" }), {}, context("198.51.100.1"));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body).toEqual(unknown.body);
    expect(await mailsTo("nobody-here@harbor.test")).toHaveLength(0);
    const [mail] = await mailsTo(user.email);
    expect(mail!.subject).toBe("Reset your Harbor password");
    const token = linkIn(mail!.text_body, "/reset-password");
    // Only a hash of the token is stored.
    const stored = await t.db.selectFrom("account_tokens").select("token_hash").where("user_id", "=", user.id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await call(forgotPage.action, post("/forgot-password", { email: "not-an-address" }))).status).toBe(400);
  });

  it("the link sets a new password once, ends every session, and sends a notice", async () => {
    const user = await makeUser(t.db);
    const { token: sessionToken } = await createSession(t.db, user.id);
    await call(forgotPage.action, post("/forgot-password", { email: user.email }), {}, context("198.51.100.2"));
    const token = linkIn((await mailsTo(user.email))[0]!.text_body, "/reset-password");
    expect((await call(resetPage.loader, get(`/reset-password/${token}`), { token })).status).toBe(200);
    const weak = await call<{ errors: Record<string, string> }>(resetPage.action, post(`/reset-password/${token}`, { newPassword: "short" }), { token });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.newPassword).toBeTruthy();
    const done = await call(resetPage.action, post(`/reset-password/${token}`, { newPassword: "a brand new tide rolls in" }), { token });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?reset=1");
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(0);
    expect(sessionToken).toBeTruthy();
    expect((await signIn(t.db, { email: user.email, password: "a brand new tide rolls in" })).ok).toBe(true);
    expect((await signIn(t.db, { email: user.email, password: TEST_PASSWORD })).ok).toBe(false);
    // Used once: the second time, a clear page and nothing changes.
    const again = await call<{ problem: string }>(resetPage.loader, get(`/reset-password/${token}`), { token });
    expect(again.status).toBe(410);
    expect(again.body.problem).toMatch(/already been used/);
    expect((await call(resetPage.action, post(`/reset-password/${token}`, { newPassword: "yet another calm harbor" }), { token })).status).toBe(410);
    const subjects = (await mailsTo(user.email)).map((m) => m.subject);
    expect(subjects).toContain("Your Harbor password was changed");
    // A reset proves the address.
    expect(await isEmailVerified(t.db, user.id)).toBe(true);
  });

  it("links expire after 30 minutes; tampered links get a clear 400", async () => {
    const user = await makeUser(t.db);
    await call(forgotPage.action, post("/forgot-password", { email: user.email }), {}, context("198.51.100.3"));
    const token = linkIn((await mailsTo(user.email))[0]!.text_body, "/reset-password");
    setClock(new Date(Date.now() + 31 * 60_000));
    try {
      const expired = await call<{ problem: string }>(resetPage.loader, get(`/reset-password/${token}`), { token });
      expect(expired.status).toBe(410);
      expect(expired.body.problem).toMatch(/expired/);
    } finally {
      resetClock();
    }
    const tampered = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    expect((await call(resetPage.loader, get(`/reset-password/${tampered}`), { token: tampered })).status).toBe(400);
    expect((await call(resetPage.loader, get("/reset-password/<script>"), { token: "<script>" })).status).toBe(400);
  });

  it("is throttled: after a few requests, more send nothing (and still answer the same)", async () => {
    const user = await makeUser(t.db);
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push((await call<{ message: string }>(forgotPage.action, post("/forgot-password", { email: user.email }), {}, context(`198.51.100.${10 + i}`))).body);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect((await mailsTo(user.email)).length).toBe(3);
  });
});

describe("e-mail verification", () => {
  it("a link confirms an unconfirmed address once; a changed address needs confirming again, and the old one is told", async () => {
    // An account from before sign-up confirmed addresses (or made by an admin): not yet confirmed.
    const made = await makeUser(t.db, { password: "gentle morning light 77" });
    const email = made.email;
    const user = { id: made.id };
    expect(await isEmailVerified(t.db, user.id)).toBe(false);
    expect(await sendVerification(t.db, user.id)).toBe(true);
    const [mail] = await mailsTo(email);
    expect(mail!.subject).toBe("Confirm your e-mail address for Harbor");
    const token = linkIn(mail!.text_body, "/verify-email");
    const verified = await call<{ ok: boolean }>(verifyPage.loader, get(`/verify-email/${token}`), { token });
    expect(verified.body.ok).toBe(true);
    expect(await isEmailVerified(t.db, user.id)).toBe(true);
    // Opened again (a mail scanner went first): still a kind answer.
    expect((await call<{ ok: boolean }>(verifyPage.loader, get(`/verify-email/${token}`), { token })).body.ok).toBe(true);
    expect((await call(verifyPage.loader, get("/verify-email/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), { token: "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" })).status).toBe(400);

    const { token: session } = await createSession(t.db, user.id);
    const cookie = `harbor_session=${session}`;
    const moved = await call(emailPage.action, post("/settings/email", { email: `moved-${email}`, password: "gentle morning light 77" }, cookie));
    expect(moved.status).toBe(200);
    expect(await isEmailVerified(t.db, user.id)).toBe(false);
    expect((await mailsTo(email)).map((m) => m.subject)).toContain("Your Harbor e-mail address was changed");
    expect((await mailsTo(email)).some((m) => m.text_body.includes("moved-"))).toBe(false);
    expect((await mailsTo(`moved-${email}`)).map((m) => m.subject)).toEqual(["Confirm your e-mail address for Harbor"]);
    const page = await call<{ verified: boolean }>(emailPage.loader, get("/settings/email", cookie));
    expect(page.body.verified).toBe(false);
    // Three links so far (the first, the change, this one); then resending is held back with a 429.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emailPage.action, post("/settings/email", { intent: "resend" }, cookie))).status);
    expect(statuses).toEqual([200, 429, 429, 429]);
  });

  it("changing the password from settings queues a notice", async () => {
    const user = await makeUser(t.db);
    await changePassword(t.db, user.id, "quiet river stones 12", "no-session");
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual(["Your Harbor password was changed"]);
  });
});

describe("site e-mail settings", () => {
  it("admins can require a confirmed address to post (reading stays open) and allow fuller public-group e-mails", async () => {
    const adminPage = await import("../../app/routes/admin.email/route");
    const newThread = await import("../../app/routes/groups.$slug.new/route");
    const board = await import("../../app/routes/groups.$slug._index/route");
    const { addMember } = await import("../../app/models/groups.server");
    const { createThread, replyToThread } = await import("../../app/models/threads.server");
    const { makeGroup } = await import("../factories");
    const admin = await makeUser(t.db, { role: "admin" });
    const member = await makeUser(t.db);
    const adminCookie = `harbor_session=${(await createSession(t.db, admin.id)).token}`;
    const memberCookie = `harbor_session=${(await createSession(t.db, member.id)).token}`;
    expect((await call(adminPage.loader, get("/admin/email", memberCookie))).status).toBe(403);
    expect((await call(adminPage.action, post("/admin/email", { requireVerifiedToPost: "on" }, memberCookie))).status).toBe(403);
    expect((await call(adminPage.action, post("/admin/email", { requireVerifiedToPost: "on", sneaky: "1" }, adminCookie))).status).toBe(400);
    expect((await call(adminPage.action, post("/admin/email", { requireVerifiedToPost: "on", publicGroupDetail: "on" }, adminCookie))).status).toBe(200);

    const group = await makeGroup(t.db, { visibility: "public", name: "Open Circle" });
    await addMember(t.db, group.id, member.id);
    const refused = await call<string>(newThread.loader, get(`/groups/${group.slug}/new`, memberCookie), { slug: group.slug });
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toMatch(/confirm your e-mail address/);
    expect((await call(board.loader, get(`/groups/${group.slug}`, memberCookie), { slug: group.slug })).status).toBe(200);
    await t.db.insertInto("email_verifications").values({ user_id: member.id, email: member.email, verified_at: new Date().toISOString() }).execute();
    expect((await call(newThread.loader, get(`/groups/${group.slug}/new`, memberCookie), { slug: group.slug })).status).toBe(200);

    // Fuller e-mails name a public group's thread; a private group's stay generic.
    const { threadId } = await createThread(t.db, group.id, member.id, { title: "Morning walks", body: "Anyone?", clientToken: null });
    await addMember(t.db, group.id, admin.id);
    await replyToThread(t.db, threadId, admin.id, { body: "Me!", clientToken: null });
    const privateGroup = await makeGroup(t.db, { visibility: "private", name: "Quiet Room" });
    for (const u of [member, admin]) await addMember(t.db, privateGroup.id, u.id);
    const hidden = await createThread(t.db, privateGroup.id, member.id, { title: "Hard night", body: "…", clientToken: null });
    await replyToThread(t.db, hidden.threadId, admin.id, { body: "Here.", clientToken: null });
    const subjects = (await mailsTo(member.email)).map((m) => m.subject);
    expect(subjects).toContain(`${admin.display_name} replied to “Morning walks” in Open Circle · Harbor`);
    expect(subjects).toContain("You have a new reply on Harbor");
    expect(subjects.join(" ")).not.toMatch(/Quiet Room|Hard night/);
  });
});

describe("the site's own name", () => {
  it("is what e-mails call the site, once an admin has named it", async () => {
    const { saveSiteConfig, forgetSiteConfig, defaultSiteConfig } = await import("../../app/models/site-config.server");
    const { addMember } = await import("../../app/models/groups.server");
    const { createThread, replyToThread } = await import("../../app/models/threads.server");
    const { makeGroup } = await import("../factories");
    const admin = await makeUser(t.db, { role: "admin" });
    const member = await makeUser(t.db);
    await saveSiteConfig(t.db, { ...defaultSiteConfig(), siteName: "Riverside Alumni" }, admin.id);
    try {
      await call(forgotPage.action, post("/forgot-password", { email: member.email }), {}, context("198.51.100.9"));
      // A private group's reply: the generic subject, whatever the site's e-mail settings.
      const group = await makeGroup(t.db, { visibility: "private" });
      for (const u of [member, admin]) await addMember(t.db, group.id, u.id);
      const { threadId } = await createThread(t.db, group.id, member.id, { title: "Evenings", body: "How do you spend them?", clientToken: null });
      await replyToThread(t.db, threadId, admin.id, { body: "Walking.", clientToken: null });
      const mails = await mailsTo(member.email);
      expect(mails.map((m) => m.subject)).toEqual(["Reset your Riverside Alumni password", "You have a new reply on Riverside Alumni"]);
      for (const mail of mails) {
        expect(mail.text_body).toContain("Riverside Alumni is a peer community, not a crisis service.");
        expect(mail.html_body).toContain(">Riverside Alumni</p>");
        expect(`${mail.subject} ${mail.text_body} ${mail.html_body}`).not.toContain("Harbor");
      }
    } finally {
      await t.db.deleteFrom("site_settings").where("key", "=", "site").execute();
      forgetSiteConfig();
    }
  });
});

describe("the admin's e-mail page", () => {
  it("shows the SMTP settings in use without the password, and sends a test e-mail to the admin through the outbox", async () => {
    const adminPage = await import("../../app/routes/admin.email/route");
    const admin = await makeUser(t.db, { role: "admin" });
    const member = await makeUser(t.db);
    const adminCookie = `harbor_session=${(await createSession(t.db, admin.id)).token}`;
    const memberCookie = `harbor_session=${(await createSession(t.db, member.id)).token}`;
    const env = {
      SMTP_HOST: "smtp.riverside.example",
      SMTP_PORT: "587",
      SMTP_USER: "harbor-mailer",
      SMTP_PASSWORD: "s3cret-smtp-pass",
      MAIL_FROM: "Riverside <no-reply@riverside.example>",
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      // The server reads its environment once: forgetting it makes the next request read these settings.
      forgetEnv();
      const page = await call<{ transport: [string, string][] }>(adminPage.loader, get("/admin/email", adminCookie));
      const shown = JSON.stringify(page.body);
      expect(shown).toContain("smtp.riverside.example, port 587");
      expect(shown).toContain("harbor-mailer (password set: yes)");
      expect(shown).toContain("Riverside <no-reply@riverside.example>");
      expect(shown).not.toContain("s3cret-smtp-pass");
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      forgetEnv();
    }

    expect((await call(adminPage.action, post("/admin/email?test=1", {}, memberCookie))).status).toBe(403);
    expect(await mailsTo(member.email)).toEqual([]);
    const sent = await call<{ message: string }>(adminPage.action, post("/admin/email?test=1", {}, adminCookie));
    expect(sent.status).toBe(200);
    expect(sent.body.message).toContain(admin.email);
    expect((await mailsTo(admin.email)).map((m) => m.subject)).toEqual(["A test e-mail from Harbor"]);
  });
});
