/**
 * Several server processes on one host (HARBOR_PROCESSES, node:cluster): requests are shared
 * between them, and a session, the database and the migrations are theirs together. On SQLite, or
 * on PostgreSQL with HARBOR_TEST_DB=postgres (tests/run.ts runs both).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { makeUser } from "../factories";
import { Client, logLines, startHarbor, tempDir, waitUntil } from "./harbor";

const PORT = 3275;
const ON_POSTGRES = process.env.HARBOR_TEST_DB === "postgres";
const PG_URL = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";

/** A GET on a connection of its own (the cluster hands out connections, not requests). */
function getOnNewConnection(pathname: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: PORT, path: pathname, agent: false, headers: { Cookie: cookie } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe(`two server processes on one port (${ON_POSTGRES ? "PostgreSQL" : "SQLite"})`, () => {
  it("share the requests, and a session made through one works through the other", async () => {
    const dir = tempDir("processes");
    const name = `harbor_procs_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    let url = `file:${path.join(dir, "harbor.db")}`;
    if (ON_POSTGRES) {
      await pgAdmin(`CREATE DATABASE ${name}`);
      const u = new URL(PG_URL);
      u.pathname = `/${name}`;
      url = u.toString();
    }
    // The primary migrates before the processes start: an empty database, then a member.
    const env = { DATABASE_URL: url, HARBOR_PROCESSES: "2", HARBOR_DATA_KEYS: `k1:${randomBytes(32).toString("base64")}`, HARBOR_MAIL_DIR: path.join(dir, "mail") };
    const server = await startHarbor(PORT, env);
    try {
      await waitUntil("both processes to listen", () => server.output().split("Harbor is listening").length === 3);
      const handle = createDb(url, { reader: false });
      const member = await (async () => {
        try {
          await migrateToLatest(handle.db); // nothing left to do: the primary did it
          return await makeUser(handle.db, { role: "admin" });
        } finally {
          await handle.db.destroy();
        }
      })();
      const client = new Client(`http://127.0.0.1:${PORT}`);
      expect((await client.request("/login", { form: { email: member.email, password: member.password, redirectTo: "/" } })).status).toBe(302);
      for (let i = 0; i < 6; i++) expect(await getOnNewConnection("/settings/profile", client.cookie)).toBe(200);
    } finally {
      await server.stop();
      if (ON_POSTGRES) await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const pages = logLines(server).filter((line) => line.route === "/settings/profile");
    expect(pages.map((line) => line.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(pages.map((line) => line.pid)).size).toBe(2);
    expect(server.output()).toContain("2 server processes");
  });
});
