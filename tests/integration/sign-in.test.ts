import { describe, expect, it } from "vitest";
import { signIn, signInGate, WRONG_CREDENTIALS } from "../../app/models/sign-in.server";
import { deviceCookieAfterSignIn } from "../../app/models/device-cookie.server";
import { ACCOUNT_POLICY, ACCOUNT_WIDE_POLICY, IP_POLICY, delayAfter } from "../../app/models/throttle.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const start = new Date("2026-11-02T09:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);
/** "name=value" out of a Set-Cookie header, as the browser sends it back. */
const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

describe("sign-in", () => {
  it("succeeds with the right password, whatever the e-mail's case", async () => {
    const user = await makeUser(t.db, { email: "Casey.Rowe@Harbor.test" });
    const result = await signIn(t.db, { email: "  casey.rowe@HARBOR.test ", password: user.password, ip: "198.51.100.20" }, start);
    expect(result.ok).toBe(true);
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    const user = await makeUser(t.db);
    const wrong = await signIn(t.db, { email: user.email, password: "not-the-password", ip: "198.51.100.21" }, start);
    const unknown = await signIn(t.db, { email: "nobody-here@harbor.test", password: "not-the-password", ip: "198.51.100.22" }, start);
    expect(wrong).toEqual({ ok: false, status: 400, message: WRONG_CREDENTIALS });
    expect(unknown).toEqual(wrong);
  });

  it("slows an account down after 5 failures from one address, says when to come back, and lets it in after the wait", async () => {
    const user = await makeUser(t.db);
    const ip = "198.51.100.100";
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures - 1; i++) {
      const r = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip }, at(i * 1000));
      expect(r.ok === false && r.status).toBe(400);
    }
    const fifth = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip }, at(5000));
    expect(fifth.ok === false && fifth.status).toBe(429);
    expect(fifth.ok === false && fifth.message).toMatch(/wait 30 seconds/);

    // From that address even the right password is refused while blocked: the wait is real.
    const blocked = await signIn(t.db, { email: user.email, password: user.password, ip }, at(10_000));
    expect(blocked.ok === false && blocked.status).toBe(429);
    expect(blocked.ok === false && blocked.message).toMatch(/Too many sign-in attempts.*wait 25 seconds/);

    const after = await signIn(t.db, { email: user.email, password: user.password, ip }, at(5000 + 30_000 + 1));
    expect(after.ok).toBe(true);

    // Success cleared that address's counter: one new failure is an ordinary failure again.
    const again = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip }, at(60_000));
    expect(again.ok === false && again.status).toBe(400);
  });

  it("a stranger hammering an account from elsewhere does not lock its owner out", async () => {
    const user = await makeUser(t.db);
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures + 3; i++) await signIn(t.db, { email: user.email, password: "guess-guess-guess", ip: "192.0.2.66" }, at(i));
    const owner = await signIn(t.db, { email: user.email, password: user.password, ip: "198.51.100.9" }, at(100));
    expect(owner.ok).toBe(true);
  });

  it("many addresses together block the account for new browsers, but not for the owner's own browser (device cookie)", async () => {
    const user = await makeUser(t.db);
    const ip = (n: number) => `203.0.113.${n % 250}`;
    // The owner signed in from their browser once: it now carries a device cookie.
    const first = await signIn(t.db, { email: user.email, password: user.password, ip: "198.51.100.30" }, at(0));
    expect(first.ok).toBe(true);
    const deviceCookie = cookiePair(await deviceCookieAfterSignIn(t.db, null, user.id, false));

    for (let i = 0; i < ACCOUNT_WIDE_POLICY.freeFailures + 2; i++) await signIn(t.db, { email: user.email, password: `guess-${i}-x`, ip: ip(i) }, at(1000 + i));
    const newBrowser = await signIn(t.db, { email: user.email, password: user.password, ip: "198.51.100.31" }, at(2000));
    expect(newBrowser.ok === false && newBrowser.status).toBe(429);
    const ownBrowser = await signIn(t.db, { email: user.email, password: user.password, ip: "198.51.100.31", cookie: deviceCookie }, at(2000));
    expect(ownBrowser.ok).toBe(true);

    // The device cookie names one account: it does not help with another, and a forged one is ignored.
    const other = await makeUser(t.db);
    const gate = await signInGate(t.db, { email: other.email, ip: "198.51.100.31", cookie: deviceCookie });
    expect(gate.device).toBeNull();
    const forged = deviceCookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await signInGate(t.db, { email: user.email, ip: "198.51.100.31", cookie: forged })).device).toBeNull();
  });

  it("a browser with a device cookie is still throttled on its own failures", async () => {
    const user = await makeUser(t.db);
    const cookie = cookiePair(await deviceCookieAfterSignIn(t.db, null, user.id, false));
    let last;
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) last = await signIn(t.db, { email: user.email, password: "not-it-at-all", ip: "198.51.100.40", cookie }, at(i));
    expect(last?.ok === false && last.status).toBe(429);
    const blocked = await signIn(t.db, { email: user.email, password: user.password, ip: "198.51.100.40", cookie }, at(10));
    expect(blocked.ok === false && blocked.status).toBe(429);
  });

  it("the device cookie keeps up to five accounts, this one first", async () => {
    let header: string | null = null;
    const users: { id: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await makeUser(t.db);
      users.push(user);
      header = cookiePair(await deviceCookieAfterSignIn(t.db, header, user.id, true));
    }
    const tokens = header!.slice("harbor_device=".length).split("~");
    expect(tokens).toHaveLength(5);
    expect(tokens[0]!.startsWith(`${users[5]!.id}.`)).toBe(true);
    expect(tokens.some((token) => token.startsWith(`${users[0]!.id}.`))).toBe(false);
    expect(await deviceCookieAfterSignIn(t.db, header, users[5]!.id, true)).toMatch(/; Secure$/);
  });

  it("throttles an unknown e-mail exactly like a known one", async () => {
    let last;
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) {
      last = await signIn(t.db, { email: "ghost@harbor.test", password: "whatever-it-is", ip: "203.0.113.1" }, at(i));
    }
    expect(last?.ok === false && last.status).toBe(429);
  });

  it("slows down one address trying many accounts", async () => {
    const ip = "192.0.2.50";
    let last;
    for (let i = 0; i < IP_POLICY.freeFailures; i++) {
      last = await signIn(t.db, { email: `spray-${i}@harbor.test`, password: "guessing-1234", ip }, at(i));
    }
    expect(last?.ok === false && last.status).toBe(429);
    const user = await makeUser(t.db);
    const blocked = await signIn(t.db, { email: user.email, password: user.password, ip }, at(IP_POLICY.freeFailures + 10));
    expect(blocked.ok).toBe(false);
    // The same member from another address is not punished for it.
    const elsewhere = await signIn(t.db, { email: user.email, password: user.password, ip: "192.0.2.51" }, at(IP_POLICY.freeFailures + 10));
    expect(elsewhere.ok).toBe(true);
  });

  it("doubles the wait with every further failure, up to an hour", () => {
    expect(delayAfter(4, ACCOUNT_POLICY)).toBe(0);
    expect(delayAfter(5, ACCOUNT_POLICY)).toBe(30_000);
    expect(delayAfter(6, ACCOUNT_POLICY)).toBe(60_000);
    expect(delayAfter(8, ACCOUNT_POLICY)).toBe(240_000);
    expect(delayAfter(50, ACCOUNT_POLICY)).toBe(60 * 60_000);
  });
});
