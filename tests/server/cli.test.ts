/**
 * The compiled command-line tools (build/cli/, made by `npm run build`) as an operator runs them on
 * a production install: through db/run.mjs (what `npm run admin`, `db:migrate` … call) in a folder
 * that has the build but neither the TypeScript source nor tsx. On SQLite, or on PostgreSQL with
 * HARBOR_TEST_DB=postgres (tests/run.ts runs both).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { tempDir } from "./harbor";

const ON_POSTGRES = process.env.HARBOR_TEST_DB === "postgres";
const PG_URL = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const MIGRATIONS = fs.readdirSync("db/migrations").filter((f) => f.endsWith(".ts")).length;

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe(`the compiled command-line tools (${ON_POSTGRES ? "PostgreSQL" : "SQLite"})`, () => {
  // A release as it is installed for production: the launcher and the build, no db/*.ts, no tsx.
  const site = tempDir("cli");
  const name = `harbor_cli_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let url = `file:${path.join(site, "data", "harbor.db")}`;

  beforeAll(async () => {
    if (!fs.existsSync("build/cli/admin.js")) throw new Error('No build/cli/: run "npm run build" first.');
    fs.mkdirSync(path.join(site, "db"));
    fs.copyFileSync("db/run.mjs", path.join(site, "db", "run.mjs"));
    fs.symlinkSync(path.resolve("build"), path.join(site, "build"));
    if (ON_POSTGRES) {
      await pgAdmin(`CREATE DATABASE ${name}`);
      const u = new URL(PG_URL);
      u.pathname = `/${name}`;
      url = u.toString();
    }
  });
  afterAll(async () => {
    fs.rmSync(site, { recursive: true, force: true });
    if (ON_POSTGRES) await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const tool = (args: string[], input?: string) =>
    spawnSync(process.execPath, ["db/run.mjs", ...args], {
      cwd: site,
      encoding: "utf8",
      input,
      env: {
        ...process.env,
        VITEST: "",
        NODE_ENV: "production",
        DATABASE_URL: url,
        HARBOR_DATA_KEYS: `k1:${randomBytes(32).toString("base64")}`,
        HARBOR_ORIGIN: "https://harbor.example.org",
      },
    });

  it("db:migrate brings an empty database to the newest migration, then finds nothing to do", () => {
    const first = tool(["migrate"]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.match(/^migration \S+: Success$/gm)).toHaveLength(MIGRATIONS);
    const again = tool(["migrate"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is up to date\.$/m);
  });

  it("admin makes an admin who is stored and listed; a usage mistake exits 2", async () => {
    const made = tool(["admin", "create-admin", "--email", "rio@riverside.example", "--name", "Rio P.", "--password-stdin"], "steady lantern harbour\n");
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain("Made rio@riverside.example an admin");

    const list = tool(["admin", "list-admins"]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain("rio@riverside.example\tRio P.");

    const handle = createDb(url, { reader: false });
    try {
      const row = await handle.db.selectFrom("users").select(["role"]).where("email", "=", "rio@riverside.example").executeTakeFirst();
      expect(row?.role).toBe("admin");
    } finally {
      await handle.db.destroy();
    }

    const usage = tool(["admin", "frobnicate"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Unknown command "frobnicate"');
  });

  it("says what to do for a tool that does not exist", () => {
    const missing = tool(["no-such-tool"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no tool "no-such-tool"');
  });
});
