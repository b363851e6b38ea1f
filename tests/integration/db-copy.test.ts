/**
 * `npm run db:copy`: a SQLite site moved to an empty PostgreSQL database works there — members sign
 * in, search finds posts, private text still opens, new rows get new ids — and a target that holds
 * data, or a source on another schema version, is refused. Needs both engines, so it runs in the
 * PostgreSQL pass (HARBOR_TEST_DB=postgres; `npm test` runs that pass whenever a server is there).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import { createDb } from "../../db/client";
import { copySqliteToPostgres } from "../../db/copy";
import { migrateToLatest } from "../../db/migrator";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed";
import { createGroup } from "../../app/models/groups.server";
import { searchPosts } from "../../app/models/search.server";
import { signIn } from "../../app/models/sign-in.server";
import { openText } from "../../app/utils/private-text.server";
import { createTestDatabase } from "../helpers/db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-copy-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A SQLite site with the demo community (groups, threads, meetings, encrypted recovery text). */
async function sqliteSite(name: string): Promise<string> {
  const file = path.join(dir, `${name}.db`);
  const handle = createDb(`file:${file}`, { reader: false });
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  await handle.db.destroy();
  return file;
}

describe("copying a SQLite site to PostgreSQL (PostgreSQL pass only: vitest.config.ts leaves this file out of the SQLite pass)", () => {
  it("moves every table, and the site works there: sign-in, search, private text, new ids", async () => {
    const file = await sqliteSite("site");
    const source = new SQLite(file, { readonly: true });
    const target = await createTestDatabase();
    try {
      const report = await copySqliteToPostgres(source, target.db, target.schema);
      const count = (table: string) => (source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      for (const table of ["users", "groups", "threads", "posts", "meetings", "recovery_journal_entries", "site_settings"]) {
        expect(report.tables.find((t) => t.name === table)?.rows, table).toBe(count(table));
        expect(count(table), table).toBeGreaterThan(0);
      }
      expect(report.searchEntries).toBeGreaterThan(0);

      const db = target.db;
      expect((await signIn(db, { email: "admin@harbor.test", password: DEMO_PASSWORD })).ok).toBe(true);
      const admin = await db.selectFrom("users").select(["id", "role"]).where("email", "=", "admin@harbor.test").executeTakeFirstOrThrow();
      expect((await searchPosts(db, admin, "sleep")).hits.length).toBeGreaterThan(0);
      // Encrypted text was copied as it is, and opens with the same key.
      const entry = await db.selectFrom("recovery_journal_entries").select(["user_id", "body_enc"]).executeTakeFirstOrThrow();
      const sourceEntry = source.prepare("SELECT body_enc FROM recovery_journal_entries WHERE user_id = ? ORDER BY id LIMIT 1").get(entry.user_id) as { body_enc: string };
      expect(entry.body_enc.startsWith("hb1.")).toBe(true);
      expect(openText(entry.body_enc, entry.user_id).length).toBeGreaterThan(0);
      expect(sourceEntry.body_enc.startsWith("hb1.")).toBe(true);
      // So were tracker names (sealed: they name the substance).
      const tracker = await db.selectFrom("recovery_trackers").select(["user_id", "name", "name_enc"]).orderBy("id").executeTakeFirstOrThrow();
      expect(tracker.name).toBe("");
      expect(openText(tracker.name_enc!, tracker.user_id)).toBe("Benzodiazepines");
      // Sequences continue after the copied ids.
      const maxGroupId = (source.prepare("SELECT max(id) AS n FROM groups").get() as { n: number }).n;
      const group = await createGroup(db, { slug: "after-the-move", name: "After the move", kind: "topic", visibility: "public", description: "", guidelines: "" }, admin.id);
      expect(group.id).toBeGreaterThan(maxGroupId);

      // A second copy into the same (now full) database is refused, and adds nothing.
      const users = count("users");
      await expect(copySqliteToPostgres(source, db, target.schema)).rejects.toThrow(/is not empty/);
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(users);
    } finally {
      source.close();
      await target.cleanup();
    }
  }, 120_000);

  it("refuses a source on another schema version, writing nothing", async () => {
    const file = path.join(dir, "behind.db");
    const handle = createDb(`file:${file}`, { reader: false });
    await migrateToLatest(handle.db);
    await handle.db.destroy();
    const behind = new SQLite(file);
    behind.prepare("DELETE FROM kysely_migration WHERE name = (SELECT max(name) FROM kysely_migration)").run();
    const target = await createTestDatabase();
    try {
      await expect(copySqliteToPostgres(behind, target.db, target.schema)).rejects.toThrow(/not at this Harbor version's schema.*npm run db:migrate/);
      expect(await target.db.selectFrom("users").select("id").execute()).toHaveLength(0);
    } finally {
      behind.close();
      await target.cleanup();
    }
  });
});
