import { describe, expect, it } from "vitest";
import {
  ACTIVITY_CHECK_INTERVAL_MS,
  createSession,
  deleteSession,
  deleteUserSession,
  deleteUserSessions,
  listUserSessions,
  validateSessionToken,
} from "../../app/models/sessions.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const lifetimes = { inactivityMs: 7 * DAY, maxAgeMs: 30 * DAY };
const start = new Date("2026-11-01T12:00:00.000Z");
const later = (ms: number) => new Date(start.getTime() + ms);

describe("sessions (Lucia's guide)", () => {
  it("issue an <id>.<secret> token and store only the SHA-256 of the secret", async () => {
    const user = await makeUser(t.db);
    const { token, session } = await createSession(t.db, user.id, { userAgent: "UA", ip: "198.51.100.1" }, start);
    const [id, secret] = token.split(".");
    expect(id).toBe(session.id);
    expect(secret).toMatch(/^[a-z2-7]{26}$/);
    const row = await t.db.selectFrom("sessions").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    const valid = await validateSessionToken(t.db, token, later(1000), lifetimes);
    expect(valid?.user.id).toBe(user.id);
    expect(valid?.user.display_name).toBe(user.display_name);
  });

  it("refuse tampered, malformed and unknown tokens", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id, {}, start);
    const [id, secret] = token.split(".") as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    for (const bad of [
      `${id}.${flipped}`,
      `${id}`,
      `${id}.${secret}.x`,
      "",
      `${id}.`,
      `.${secret}`,
      `zzzzzzzzzzzzzzzzzzzzzzzzzz.${secret}`,
      `${id}.${secret.toUpperCase()}`,
      "<script>.x",
    ]) {
      expect(await validateSessionToken(t.db, bad, later(1000), lifetimes), bad).toBeNull();
    }
    expect(await validateSessionToken(t.db, null, later(1000), lifetimes)).toBeNull();
    // The genuine token still works after all those attempts.
    expect(await validateSessionToken(t.db, token, later(1000), lifetimes)).not.toBeNull();
  });

  it("renew the last-used time at most hourly", async () => {
    const user = await makeUser(t.db);
    const { token, session } = await createSession(t.db, user.id, {}, start);
    await validateSessionToken(t.db, token, later(ACTIVITY_CHECK_INTERVAL_MS - 1000), lifetimes);
    let row = await t.db.selectFrom("sessions").select("last_used_at").where("id", "=", session.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(start.toISOString());
    await validateSessionToken(t.db, token, later(ACTIVITY_CHECK_INTERVAL_MS + 1000), lifetimes, { ip: "198.51.100.9" });
    row = await t.db.selectFrom("sessions").select("last_used_at").where("id", "=", session.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(later(ACTIVITY_CHECK_INTERVAL_MS + 1000).toISOString());
  });

  it("expire after the inactivity period, and delete the expired row", async () => {
    const user = await makeUser(t.db);
    const { token, session } = await createSession(t.db, user.id, {}, start);
    expect(await validateSessionToken(t.db, token, later(7 * DAY - 1000), lifetimes)).not.toBeNull();
    // Used just before the limit: renewed, so it lives on.
    expect(await validateSessionToken(t.db, token, later(13 * DAY), lifetimes)).not.toBeNull();
    // Then unused for more than 7 days.
    expect(await validateSessionToken(t.db, token, later(20 * DAY + 1000), lifetimes)).toBeNull();
    expect(await t.db.selectFrom("sessions").select("id").where("id", "=", session.id).executeTakeFirst()).toBeUndefined();
  });

  it("expire at the maximum age however active the member is", async () => {
    const user = await makeUser(t.db);
    const { token } = await createSession(t.db, user.id, {}, start);
    for (let day = 1; day < 30; day += 2) {
      expect(await validateSessionToken(t.db, token, later(day * DAY), lifetimes), `day ${day}`).not.toBeNull();
    }
    expect(await validateSessionToken(t.db, token, later(30 * DAY + 1000), lifetimes)).toBeNull();
  });

  it("can be revoked one by one, all but the current one, or all", async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    const a = await createSession(t.db, user.id, {}, start);
    const b = await createSession(t.db, user.id, {}, start);
    const c = await createSession(t.db, user.id, {}, start);
    const theirs = await createSession(t.db, other.id, {}, start);

    // Nobody can end someone else's session through their own account.
    expect(await deleteUserSession(t.db, user.id, theirs.session.id)).toBe(false);
    expect(await validateSessionToken(t.db, theirs.token, later(1000), lifetimes)).not.toBeNull();

    expect(await deleteUserSession(t.db, user.id, b.session.id)).toBe(true);
    expect(await validateSessionToken(t.db, b.token, later(1000), lifetimes)).toBeNull();

    expect(await deleteUserSessions(t.db, user.id, a.session.id)).toBe(1);
    expect(await validateSessionToken(t.db, a.token, later(1000), lifetimes)).not.toBeNull();
    expect(await validateSessionToken(t.db, c.token, later(1000), lifetimes)).toBeNull();

    await deleteSession(t.db, a.session.id);
    expect(await validateSessionToken(t.db, a.token, later(1000), lifetimes)).toBeNull();
    expect(await validateSessionToken(t.db, theirs.token, later(1000), lifetimes)).not.toBeNull();
  });

  it("list a member's live sessions, most recent first, without other members'", async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    await createSession(t.db, user.id, { userAgent: "old" }, start);
    await createSession(t.db, user.id, { userAgent: "new" }, later(HOUR));
    await createSession(t.db, user.id, { userAgent: "stale" }, later(-40 * DAY));
    await createSession(t.db, other.id, { userAgent: "theirs" }, later(HOUR));
    const list = await listUserSessions(t.db, user.id, later(2 * HOUR), lifetimes);
    expect(list.map((s) => s.user_agent)).toEqual(["new", "old"]);
  });
});
