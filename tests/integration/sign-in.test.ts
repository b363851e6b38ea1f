import { describe, expect, it } from "vitest";
import { signIn, WRONG_CREDENTIALS } from "../../app/models/sign-in.server";
import { ACCOUNT_POLICY, IP_POLICY, delayAfter } from "../../app/models/throttle.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const start = new Date("2026-11-02T09:00:00.000Z");
const at = (ms: number) => new Date(start.getTime() + ms);

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

  it("slows an account down after 5 failures, says when to come back, and lets it in after the wait", async () => {
    const user = await makeUser(t.db);
    const ip = (n: number) => `198.51.100.${100 + n}`; // different addresses: only the account counter matters here
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures - 1; i++) {
      const r = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip: ip(i) }, at(i * 1000));
      expect(r.ok === false && r.status).toBe(400);
    }
    const fifth = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip: ip(5) }, at(5000));
    expect(fifth.ok === false && fifth.status).toBe(429);
    expect(fifth.ok === false && fifth.message).toMatch(/wait 30 seconds/);

    // Even the right password is refused while blocked: the wait is real.
    const blocked = await signIn(t.db, { email: user.email, password: user.password, ip: ip(6) }, at(10_000));
    expect(blocked.ok === false && blocked.status).toBe(429);
    expect(blocked.ok === false && blocked.message).toMatch(/Too many sign-in attempts.*wait 25 seconds/);

    const after = await signIn(t.db, { email: user.email, password: user.password, ip: ip(7) }, at(5000 + 30_000 + 1));
    expect(after.ok).toBe(true);

    // Success cleared the account's counter: one new failure is an ordinary failure again.
    const again = await signIn(t.db, { email: user.email, password: "wrong-password-x", ip: ip(8) }, at(60_000));
    expect(again.ok === false && again.status).toBe(400);
  });

  it("throttles an unknown e-mail exactly like a known one", async () => {
    let last;
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) {
      last = await signIn(t.db, { email: "ghost@harbor.test", password: "whatever-it-is", ip: `203.0.113.${i + 1}` }, at(i));
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
