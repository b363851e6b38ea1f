/**
 * Scale-out, for real: two Harbor servers (`node build/server.js`) on one PostgreSQL database,
 * behind nginx, both running the mail worker, sharing HARBOR_DATA_KEYS. npm test runs this when
 * PostgreSQL (HARBOR_TEST_PG_URL) and nginx are there and says why when not (tests/run.ts).
 * A request can be sent to one server (X-Test-Backend: 0 or 1; tests/server/harbor.ts).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { savePreferences } from "../../app/models/notification-settings.server";
import { notify } from "../../app/models/notify.server";
import { CACHE_MS } from "../../app/models/site-config.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { Client, startHarbor, startNginx, tempDir, waitUntil, type Running } from "./harbor";

const PG_URL = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const PROXY = 3270;
const SERVERS = [3271, 3272];
const ORIGIN = `http://127.0.0.1:${PROXY}`;

let dbName = "";
let dir = "";
let handle: DbHandle;
let running: Running[] = [];

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dbName = `harbor_scale_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin(`CREATE DATABASE ${dbName}`);
  dir = tempDir("scale-out");
  handle = createDb(databaseUrl(dbName));
  await migrateToLatest(handle.db);
  await makeUser(handle.db, { role: "admin" }); // a site with an admin: no set-up page in the way
  const env = {
    DATABASE_URL: databaseUrl(dbName),
    HARBOR_DATA_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    HARBOR_ORIGIN: ORIGIN,
    TRUST_PROXY: "loopback",
    HARBOR_MAIL_DIR: path.join(dir, "mail"),
    HARBOR_MAIL_INTERVAL_MS: "200",
    HARBOR_TEST_CLOCK: "1",
  };
  running = await Promise.all(SERVERS.map((port) => startHarbor(port, env)));
  running.push(await startNginx(PROXY, SERVERS));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await handle?.db.destroy();
  if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Through nginx to server 0 or 1; checks that that one answered. */
async function via(server: 0 | 1, client: Client, pathname: string, init: { form?: Record<string, string>; json?: unknown } = {}) {
  const response = init.json
    ? await fetch(`${ORIGIN}${pathname}`, {
        method: "POST",
        headers: { "X-Test-Backend": String(server), "Content-Type": "application/json", Origin: ORIGIN },
        body: JSON.stringify(init.json),
      }).then(async (r) => Object.assign(r, { text_: await r.text() }))
    : await client.request(pathname, { ...init, headers: { "X-Test-Backend": String(server) } });
  expect(response.headers.get("x-test-upstream")).toBe(`127.0.0.1:${SERVERS[server]}`);
  return response;
}

async function signIn(server: 0 | 1, email: string, password = TEST_PASSWORD): Promise<Client> {
  const client = new Client(ORIGIN);
  const response = await via(server, client, "/login", { form: { email, password, redirectTo: "/" } });
  expect(response.status).toBe(302);
  expect(client.cookie).toMatch(/harbor_session=/);
  return client;
}

const setClock = (server: 0 | 1, body: { now: string } | { reset: true }) => via(server, new Client(ORIGIN), "/__test/clock", { json: body });

/** .eml files (both servers write to one folder) addressed to this address. */
function mailsTo(address: string): string[] {
  const folder = path.join(dir, "mail");
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).filter((f) => fs.readFileSync(path.join(folder, f), "utf8").includes(`To: ${address}`));
}

async function outboxSent(address: string): Promise<boolean> {
  const rows = await handle.db.selectFrom("mail_outbox").select("status").where("to_address", "=", address).execute();
  return rows.length > 0 && rows.every((r) => r.status === "sent");
}

describe("two Harbor servers on one PostgreSQL database behind nginx", () => {
  it("a session made through one server works through the other", async () => {
    const displayName = `Rowan ${randomBytes(3).toString("hex")}`;
    const member = await makeUser(handle.db, { displayName });
    const client = await signIn(0, member.email);
    const settings = await via(1, client, "/settings/profile");
    expect(settings.status).toBe(200);
    expect(settings.text_).toContain(displayName);
    // Signed out through the second, the session is gone on the first too.
    expect((await via(1, client, "/logout", { form: {} })).status).toBe(302);
    const after = await via(0, client, "/settings/profile");
    expect(after.status).toBe(302);
  });

  it(`a site-settings change is seen by both, by the other within ${CACHE_MS / 1000} s`, async () => {
    const start = new Date();
    await setClock(0, { now: start.toISOString() });
    await setClock(1, { now: start.toISOString() });
    try {
      const owner = await makeUser(handle.db, { role: "admin" });
      const client = await signIn(0, owner.email);
      expect((await via(1, client, "/")).status).toBe(200); // the second server has its copy now
      const name = `Harbor ${randomBytes(3).toString("hex")}`;
      const saved = await via(0, client, "/admin/site", { form: { siteName: name, registration: "open", defaultTimeZone: "UTC" } });
      expect(saved.status).toBeLessThan(400);
      expect((await via(0, client, "/")).text_).toContain(name);
      await setClock(1, { now: new Date(start.getTime() + CACHE_MS + 1000).toISOString() });
      expect((await via(1, client, "/")).text_).toContain(name);
    } finally {
      await setClock(0, { reset: true });
      await setClock(1, { reset: true });
    }
  });

  it("an e-mail is sent once and a daily digest once, though both servers run the mail worker", async () => {
    const forgetful = await makeUser(handle.db);
    expect((await via(1, new Client(ORIGIN), "/forgot-password", { form: { email: forgetful.email } })).status).toBeLessThan(400);

    // A member whose notifications wait for the digest; both clocks a day on at noon in the
    // member's zone, so the digest is due on both servers at once.
    const reader = await makeUser(handle.db, { timeZone: "UTC" });
    await savePreferences(handle.db, reader.id, { report_outcome: "digest" });
    await notify(handle.db, { type: "report_outcome", userId: reader.id, data: { outcome: "hidden" } });
    const noon = new Date();
    noon.setUTCDate(noon.getUTCDate() + 1);
    noon.setUTCHours(12, 0, 0, 0);
    try {
      await Promise.all([setClock(0, { now: noon.toISOString() }), setClock(1, { now: noon.toISOString() })]);
      await waitUntil("the reset e-mail and the digest to be sent", async () => (await outboxSent(forgetful.email)) && (await outboxSent(reader.email)));
    } finally {
      await setClock(0, { reset: true });
      await setClock(1, { reset: true });
    }
    expect(mailsTo(forgetful.email)).toHaveLength(1);
    expect(mailsTo(reader.email)).toHaveLength(1);
    const outbox = await handle.db.selectFrom("mail_outbox").select(["to_address", "attempts"]).where("to_address", "in", [forgetful.email, reader.email]).execute();
    expect(outbox.map((r) => r.attempts)).toEqual([1, 1]);
  });

  it("sign-in throttling counts failures made through both servers", async () => {
    const member = await makeUser(handle.db);
    for (const server of [0, 1, 0, 1, 0] as const) {
      const wrong = await via(server, new Client(ORIGIN), "/login", { form: { email: member.email, password: "not-my-password-9", redirectTo: "/" } });
      expect(wrong.text_).toContain("don't match");
    }
    // Five failures, no more than three on either server: the account waits, even with the right password.
    const right = await via(1, new Client(ORIGIN), "/login", { form: { email: member.email, password: TEST_PASSWORD, redirectTo: "/" } });
    expect(right.status).not.toBe(302);
    expect(right.text_).toContain("Too many sign-in attempts");
  });

  it("a member's journal entry written through one server is read through the other, and stored sealed", async () => {
    const member = await makeUser(handle.db);
    const client = await signIn(0, member.email);
    const words = `Walked to the harbour at dawn ${randomBytes(4).toString("hex")}`;
    const saved = await via(0, client, "/recovery/journal", { form: { date: "2026-01-05", body: words, intent: "save" } });
    expect(saved.status).toBe(302);
    expect((await via(1, client, "/recovery/journal")).text_).toContain(words);
    const stored = await handle.db.selectFrom("recovery_journal_entries").select("body_enc").where("user_id", "=", member.id).executeTakeFirstOrThrow();
    expect(stored.body_enc).toMatch(/^hb1\.k1\./);
    expect(stored.body_enc).not.toContain("harbour");
  });
});
