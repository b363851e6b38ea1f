/**
 * Sign-up by e-mailed link (issue 20): the form answers the same whether or not the address has an
 * account; the owner of a taken address is told by e-mail and nothing is made; a new sign-up waits
 * (hashes only) until its link is opened with the password chosen; bad links get clear answers.
 */
import { describe, expect, it } from "vitest";
import * as joinRoute from "../../app/routes/join.$token/route";
import { isEmailVerified, mayPostUnverified } from "../../app/models/account-tokens.server";
import { saveMailSettings } from "../../app/models/mail/compose.server";
import { signIn } from "../../app/models/sign-in.server";
import { purgeOldSignups, SIGNUP_KEEP_MS, SIGNUP_TTL_MS } from "../../app/models/signup.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get } from "../helpers/requests";
import { finishJoining, freshIp, signupLinkFor, submitSignup } from "../helpers/signup";
import { LIMITS } from "../../app/utils/rate-limit.server";

const t = useTestDatabase();

const fresh = (label = "joiner") => {
  const id = Math.random().toString(36).slice(2, 9);
  return { displayName: `Robin ${id}`, email: `${label}-${id}@harbor.test`, password: "slow tide over the harbour wall" };
};

async function mailsTo(address: string) {
  return t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
}

async function pendingFor(email: string) {
  return t.db.selectFrom("pending_signups").selectAll().where("email", "=", email).execute();
}

async function userFor(email: string) {
  return t.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

describe("sign-up with an address that has an account", () => {
  it("answers exactly as for a new address, e-mails the owner instead, and makes or changes nothing", async () => {
    const owner = await makeUser(t.db);
    const ownerBefore = await userFor(owner.email);
    const usersBefore = await t.db.selectFrom("users").select("id").execute();
    const newcomer = fresh();
    const asNew = await submitSignup(newcomer);
    const asTaken = await submitSignup({ ...fresh(), email: owner.email.toUpperCase() });
    expect(asTaken.status).toBe(asNew.status);
    expect(asTaken.body).toEqual(asNew.body);
    expect([...asTaken.headers.entries()]).toEqual([...asNew.headers.entries()]);
    expect(asNew.headers.get("Location")).toBe("/join/check-email");

    const [notice, ...more] = await mailsTo(owner.email);
    expect(more).toEqual([]);
    expect(notice!.subject).toBe("Someone tried to join Harbor with your e-mail address");
    expect(notice!.text_body).toContain(`Hello ${owner.display_name},`);
    expect(notice!.text_body).toContain("/login");
    expect(notice!.text_body).toContain("/forgot-password");
    expect(notice!.text_body).not.toContain("/join/");
    expect(await pendingFor(owner.email)).toEqual([]);
    expect(await userFor(owner.email)).toEqual(ownerBefore);
    // The only account made is none at all: the newcomer's waits for its link.
    expect((await t.db.selectFrom("users").select("id").execute()).length).toBe(usersBefore.length);
    expect((await mailsTo(newcomer.email)).map((m) => m.subject)).toEqual(["Finish joining Harbor"]);
  });

  it("a sign-in with the password a stranger chose fails the same way for both addresses", async () => {
    const owner = await makeUser(t.db);
    const newcomer = fresh();
    await submitSignup({ ...fresh(), email: owner.email, password: newcomer.password });
    await submitSignup(newcomer);
    const onTaken = await signIn(t.db, { email: owner.email, password: newcomer.password });
    const onNew = await signIn(t.db, { email: newcomer.email, password: newcomer.password });
    expect(onNew).toEqual(onTaken);
    expect(onNew.ok).toBe(false);
  });
});

describe("a new sign-up", () => {
  it("keeps only hashes until the link is opened; the link asks for the password chosen, then makes a confirmed account", async () => {
    const input = fresh();
    await submitSignup({ ...input, timeZone: "America/Chicago" });
    const [pending] = await pendingFor(input.email);
    const token = (await signupLinkFor(t.db, input.email))!;
    expect(pending!.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(pending)).not.toContain(token);
    expect(JSON.stringify(pending)).not.toContain(input.password);
    expect(Date.parse(pending!.expires_at) - Date.parse(pending!.created_at)).toBe(SIGNUP_TTL_MS);
    expect(await userFor(input.email)).toBeUndefined();

    const page = await call<{ problem: null; displayName: string }>(joinRoute.loader, get(`/join/${token}`), { token });
    expect(page.body).toEqual({ problem: null, displayName: input.displayName });
    // Opening the page makes nothing (mail scanners open links).
    expect(await userFor(input.email)).toBeUndefined();

    const wrong = await finishJoining(token, { password: "not the one chosen at all" });
    expect(wrong.status).toBe(400);
    expect((wrong.body as { errors: Record<string, string> }).errors.password).toMatch(/isn't the password/);
    expect(await userFor(input.email)).toBeUndefined();

    await saveMailSettings(t.db, { publicGroupDetail: false, requireVerifiedToPost: true }, (await makeUser(t.db, { role: "admin" })).id, new Date().toISOString());
    const joined = await finishJoining(token, { password: input.password });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("Location")).toBe("/?welcome=1");
    const user = (await userFor(input.email))!;
    expect(user.time_zone).toBe("America/Chicago");
    expect(await isEmailVerified(t.db, user.id)).toBe(true);
    expect(await mayPostUnverified(t.db, user.id)).toBe(true);
    expect((await signIn(t.db, { email: input.email, password: input.password })).ok).toBe(true);
    const [used] = await pendingFor(input.email);
    expect(used!.used_at).not.toBeNull();
    expect(used!.password_hash).toBe("");
    await saveMailSettings(t.db, { publicGroupDetail: false, requireVerifiedToPost: false }, user.id, new Date().toISOString());
  });

  it("a used, an expired and a made-up link each get a clear answer and make nothing", async () => {
    const used = fresh();
    await submitSignup(used);
    const usedToken = (await signupLinkFor(t.db, used.email))!;
    expect((await finishJoining(usedToken, { password: used.password })).status).toBe(302);
    const again = await call<{ problem: string }>(joinRoute.loader, get(`/join/${usedToken}`), { token: usedToken });
    expect(again.status).toBe(410);
    expect(again.body.problem).toMatch(/already been used/);
    expect((await finishJoining(usedToken, { password: used.password })).status).toBe(410);

    const late = fresh();
    await submitSignup(late);
    const lateToken = (await signupLinkFor(t.db, late.email))!;
    try {
      setClock(new Date(Date.now() + SIGNUP_TTL_MS + 60_000));
      const expired = await call<{ problem: string }>(joinRoute.loader, get(`/join/${lateToken}`), { token: lateToken });
      expect(expired.status).toBe(410);
      expect(expired.body.problem).toMatch(/expired/);
      expect((await finishJoining(lateToken, { password: late.password })).status).toBe(410);
    } finally {
      resetClock();
    }
    expect(await userFor(late.email)).toBeUndefined();

    const madeUp = "abcdefghijklmnopqrstuvwxyz234567";
    expect((await call(joinRoute.loader, get(`/join/${madeUp}`), { token: madeUp })).status).toBe(400);
    expect((await call(joinRoute.loader, get("/join/<script>"), { token: "<script>" })).status).toBe(400);
  });

  it("if the address got an account meanwhile, says so kindly; if the name did, asks for another and keeps the link", async () => {
    const input = fresh();
    await submitSignup(input);
    const first = (await signupLinkFor(t.db, input.email))!;
    await submitSignup({ ...input, displayName: `${input.displayName} B` });
    const second = (await signupLinkFor(t.db, input.email))!;
    expect(second).not.toBe(first);
    expect((await finishJoining(second, { password: input.password })).status).toBe(302);
    const taken = await finishJoining(first, { password: input.password });
    expect(taken.status).toBe(409);
    expect((taken.body as { errors: Record<string, string> }).errors.form).toMatch(/already an account/);
    expect((await t.db.selectFrom("users").select("id").where("email", "=", input.email).execute()).length).toBe(1);

    const named = fresh();
    await submitSignup(named);
    const token = (await signupLinkFor(t.db, named.email))!;
    await makeUser(t.db, { displayName: named.displayName });
    const clash = await finishJoining(token, { password: named.password });
    expect(clash.status).toBe(400);
    expect((clash.body as { errors: Record<string, string> }).errors.displayName).toMatch(/already uses/);
    expect(await userFor(named.email)).toBeUndefined();
    const renamed = await finishJoining(token, { password: named.password, displayName: `${named.displayName} R.` });
    expect(renamed.status).toBe(302);
    expect((await userFor(named.email))!.display_name).toBe(`${named.displayName} R.`);
  });
});

describe("sign-up e-mails", () => {
  it("to one address are limited (either kind); the answer stays the same", async () => {
    const owner = await makeUser(t.db);
    const newcomer = fresh();
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await submitSignup({ ...fresh(), email: owner.email }));
      answers.push(await submitSignup({ ...newcomer, displayName: `${newcomer.displayName} ${i}` }));
    }
    expect(new Set(answers.map((a) => `${a.status} ${a.headers.get("Location")}`))).toEqual(new Set(["302 /join/check-email"]));
    expect((await mailsTo(owner.email)).length).toBe(3);
    expect((await mailsTo(newcomer.email)).length).toBe(3);
    expect((await pendingFor(newcomer.email)).length).toBe(3);
  });

  it("sign-ups past their link drop the password hash, and go a week later", async () => {
    const input = fresh();
    await submitSignup(input);
    const expiry = Date.parse((await pendingFor(input.email))[0]!.expires_at);
    await purgeOldSignups(t.db, new Date(expiry + 1000));
    const [expired] = await pendingFor(input.email);
    expect(expired!.password_hash).toBe("");
    await purgeOldSignups(t.db, new Date(expiry + SIGNUP_KEEP_MS + 1000));
    expect(await pendingFor(input.email)).toEqual([]);
  });
});

describe("sign-up rate limits", () => {
  it("an address gets 5 sign-ups an hour, the same for new and existing e-mail addresses; then a kind 429 and nothing stored", async () => {
    const existing = await makeUser(t.db);
    const ip = freshIp();
    const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const fields = (email: string) => ({ displayName: `Limit ${unique()}`, email, password: "calm tide rising slowly" });
    for (let i = 0; i < LIMITS.signupPerAddress.points; i++) {
      const answer = await submitSignup(fields(i === 0 ? existing.email : `limit-${unique()}@example.org`), { ip });
      expect(answer.status).toBe(302);
    }
    const email = `over-${unique()}@example.org`;
    const refused = await submitSignup(fields(email), { ip });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toMatch(/sign-ups are paused for a little while/);
    const stored = await t.db.selectFrom("pending_signups").select("id").where("email", "=", email).execute();
    expect(stored).toEqual([]);
    // Another address is not affected.
    expect((await submitSignup(fields(`other-${unique()}@example.org`), { ip: freshIp() })).status).toBe(302);
  });
});
