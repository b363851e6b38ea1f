import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import SQLite from "better-sqlite3";
import { backupSqlite } from "../../db/backup";
import { restoreSqlite } from "../../db/restore";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { DEMO_GROUPS, DEMO_PASSWORD, DEMO_USERS, FORCE_SEED_FLAG, seedDemo, seedRefusal } from "../../db/seed";
import { signIn } from "../../app/models/sign-in.server";
import { makeUser } from "../factories";
import { createTestDatabase } from "../helpers/db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("SQLite backup and restore", () => {
  it("copies a live database consistently while it is being written, and restores it", async () => {
    const file = path.join(dir, "live.db");
    const live = createDb(`file:${file}`);
    await migrateToLatest(live.db);
    for (let i = 0; i < 20; i++) await makeUser(live.db);

    // Keep writing while the backup runs.
    let writing = true;
    const writer = (async () => {
      // Each with a password of their own, hashed as at sign-up: a write every few tens of
      // milliseconds, as a busy site writes (back to back, SQLite's backup would restart forever).
      for (let n = 0; writing; n++) await makeUser(live.db, { password: `calm-harbor-writer-${n}` });
    })();
    const backupFile = path.join(dir, "backups", "copy.db");
    await backupSqlite(file, backupFile);
    writing = false;
    await writer;

    const copy = new SQLite(backupFile, { readonly: true });
    const copied = (copy.prepare("select count(*) as n from users").get() as { n: number }).n;
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
    expect(copied).toBeGreaterThanOrEqual(20);

    await expect(backupSqlite(file, backupFile)).rejects.toThrow(/already exists/);
    await live.db.destroy();

    const target = path.join(dir, "restored", "harbor.db");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, ""); // an existing (empty) database to be kept aside
    const { keptAside } = restoreSqlite(backupFile, target);
    expect(keptAside && fs.existsSync(keptAside)).toBe(true);
    const restored = new SQLite(target, { readonly: true });
    expect((restored.prepare("select count(*) as n from users").get() as { n: number }).n).toBe(copied);
    restored.close();
  });

  it("refuses to restore a file that is not a sound database, changing nothing", () => {
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "this is not sqlite");
    const target = path.join(dir, "untouched.db");
    fs.writeFileSync(target, "original");
    expect(() => restoreSqlite(junk, target)).toThrow(/not a database/);
    expect(fs.readFileSync(target, "utf8")).toBe("original");
  });
});

describe("the demo seed", () => {
  it("creates the demo community once; running it again adds nothing and keeps changes", async () => {
    const test = await createTestDatabase();
    try {
      const first = await seedDemo(test.db);
      // Users and groups, then whatever each area's seed adds ("8 meetings" …: see db/seed/context.ts).
      expect(first.created.filter((c) => c.includes("@") || c.startsWith("group "))).toHaveLength(DEMO_USERS.length + DEMO_GROUPS.length);
      const groups = await test.db.selectFrom("groups").select(["slug", "visibility"]).orderBy("slug").execute();
      expect(groups.map((g) => g.visibility).sort()).toEqual(["hidden", "private", "public", "public"]);
      const threadsBefore = await test.db.selectFrom("threads").select("id").execute();
      expect(threadsBefore.length).toBeGreaterThan(0);
      await test.db.updateTable("users").set({ bio: "Changed while clicking around" }).where("email", "=", "sam@harbor.test").execute();
      const second = await seedDemo(test.db);
      expect(second.created).toHaveLength(0);
      expect(await test.db.selectFrom("threads").select("id").execute()).toHaveLength(threadsBefore.length);
      const users = await test.db.selectFrom("users").select(["email", "bio", "role"]).execute();
      expect(users).toHaveLength(DEMO_USERS.length);
      expect(users.find((u) => u.email === "sam@harbor.test")?.bio).toBe("Changed while clicking around");
      expect(users.filter((u) => u.role === "admin").map((u) => u.email)).toEqual(["admin@harbor.test"]);
      expect((await signIn(test.db, { email: "admin@harbor.test", password: DEMO_PASSWORD })).ok).toBe(true);
    } finally {
      await test.cleanup();
    }
  });
});

describe("the demo seed on a real site", () => {
  it("is refused under NODE_ENV=production, and where a real member exists; demo accounts alone are not real", async () => {
    const test = await createTestDatabase();
    try {
      expect(await seedRefusal(test.db, { NODE_ENV: "production" })).toMatch(/NODE_ENV is production/);
      expect(await seedRefusal(test.db, {})).toBeNull();
      await seedDemo(test.db);
      expect(await seedRefusal(test.db, {})).toBeNull();
      await makeUser(test.db, { email: "dana@example.org" });
      expect(await seedRefusal(test.db, {})).toMatch(/already has 1 real member account/);
    } finally {
      await test.cleanup();
    }
  });

  it("`npm run db:seed` stops with exit code 2 and adds nobody, unless forced with the named flag", () => {
    const file = path.join(dir, "production.db");
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "db/seed.ts", ...args], {
        encoding: "utf8",
        env: { ...process.env, VITEST: "", NODE_ENV: "production", DATABASE_URL: `file:${file}`, HARBOR_DATA_KEY_FILE: path.join(dir, "seed-key") },
      });
    const refused = run();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(FORCE_SEED_FLAG);
    const count = () => {
      const db = new SQLite(file, { readonly: true });
      const n = (db.prepare("select count(*) as n from users").get() as { n: number }).n;
      db.close();
      return n;
    };
    expect(count()).toBe(0);
    const forced = run(FORCE_SEED_FLAG);
    expect(forced.status).toBe(0);
    expect(count()).toBe(DEMO_USERS.length);
  }, 180_000); // two runs of the script, each starting Node and tsx
});
