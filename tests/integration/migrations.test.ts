import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NO_MIGRATIONS, sql } from "kysely";
import { createDb, dialectOf, isPostgresUrl, isUniqueViolation, sqlitePathFromUrl } from "../../db/client";
import { createMigrator } from "../../db/migrator";
import { createTestDatabase, TEST_DIALECT } from "../helpers/db";

describe(`migrations on a fresh ${TEST_DIALECT} database`, () => {
  it("create every table, and run all the way down and up again cleanly", async () => {
    const test = await createTestDatabase();
    try {
      expect(dialectOf(test.db)).toBe(TEST_DIALECT);
      // On PostgreSQL other test files' schemas are on the same server: look at this test's schema only.
      const ownTables = async () => (await test.db.introspection.getTables()).filter((t) => !test.schema || t.schema === test.schema).map((t) => t.name);
      const tables = await ownTables();
      for (const table of ["users", "sessions", "auth_throttles", "site_settings", "groups", "group_members", "threads", "posts", "post_reactions", "thread_reads"])
        expect(tables).toContain(table);

      const migrator = createMigrator(test.db, test.schema);
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect((await ownTables()).filter((name) => !name.startsWith("kysely_"))).toEqual([]);
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(await ownTables()).toContain("users");
    } finally {
      await test.cleanup();
    }
  });

  it("enforce unique e-mails and cascade sessions when an account goes", async () => {
    const test = await createTestDatabase();
    try {
      const now = new Date().toISOString();
      const user = { id: "u1", email: "a@harbor.test", display_name: "A", display_name_key: "a", password_hash: "x", time_zone: "UTC", created_at: now, updated_at: now };
      await test.db.insertInto("users").values(user).execute();
      await expect(
        test.db
          .insertInto("users")
          .values({ ...user, id: "u2", display_name_key: "b" })
          .execute(),
      ).rejects.toSatisfy(isUniqueViolation);
      await test.db.insertInto("sessions").values({ id: "s1", user_id: "u1", secret_hash: "h", created_at: now, last_used_at: now }).execute();
      await test.db.deleteFrom("users").where("id", "=", "u1").execute();
      const left = await test.db.selectFrom("sessions").selectAll().execute();
      expect(left).toHaveLength(0);
    } finally {
      await test.cleanup();
    }
  });
});

describe("the embedded SQLite file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-sqlite-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens in WAL mode with foreign keys, a busy timeout and synchronous=NORMAL", async () => {
    const handle = createDb(`file:${path.join(dir, "nested", "harbor.db")}`);
    try {
      expect(handle.dialect).toBe("sqlite");
      expect(handle.sqlite!.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(handle.sqlite!.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(handle.sqlite!.pragma("busy_timeout", { simple: true })).toBe(5000);
      expect(handle.sqlite!.pragma("synchronous", { simple: true })).toBe(1);
      const result = await sql<{ ok: number }>`select 1 as ok`.execute(handle.db);
      expect(result.rows[0]?.ok).toBe(1);
    } finally {
      await handle.db.destroy();
    }
  });

  it("is the default when DATABASE_URL is not set; postgres:// URLs switch to PostgreSQL", () => {
    expect(sqlitePathFromUrl(undefined)).toBe("data/harbor.db");
    expect(sqlitePathFromUrl("")).toBe("data/harbor.db");
    expect(sqlitePathFromUrl("file:/srv/harbor/harbor.db")).toBe("/srv/harbor/harbor.db");
    expect(sqlitePathFromUrl("/srv/harbor.db")).toBe("/srv/harbor.db");
    expect(isPostgresUrl("postgres://u@db:5432/harbor")).toBe(true);
    expect(isPostgresUrl("postgresql://u@db/harbor")).toBe(true);
    expect(isPostgresUrl("file:data/harbor.db")).toBe(false);
  });
});

describe("the watched-words repair migration (issue 24)", () => {
  it("replaces a site's copied first defaults that held everyday sentences, and leaves an admin's own rules", async () => {
    const test = await createTestDatabase();
    try {
      const migrator = createMigrator(test.db, test.schema);
      expect((await migrator.migrateTo("2026-12-07T0900_crisis_region")).error).toBeUndefined();
      const now = new Date().toISOString();
      await test.db
        .insertInto("users")
        .values({ id: "a1", email: "a@harbor.test", display_name: "A", display_name_key: "a", password_hash: "x", time_zone: "UTC", created_at: now, updated_at: now })
        .execute();
      await test.db.insertInto("site_settings").values({ key: "watched_words_customised", value: "true", updated_at: now, updated_by: "a1" }).execute();
      const row = (phrase: string, action: "block" | "approve" | "flag", createdBy: string | null) => ({
        group_id: null,
        phrase,
        action,
        note: "",
        created_at: now,
        created_by: createdBy,
      });
      await test.db
        .insertInto("watched_words")
        .values([
          row("plug", "approve", null),
          row("vendor", "approve", null),
          row("for sale", "block", null),
          row("selling xanax", "block", null),
          row("kratom", "flag", "a1"),
          row("where to buy", "approve", "a1"),
        ])
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rules = await test.db.selectFrom("watched_words").select(["phrase", "action"]).execute();
      const phrases = rules.map((r) => r.phrase);
      for (const gone of ["plug", "vendor", "for sale"]) expect(phrases).not.toContain(gone);
      // An admin's own rules stay, even one that reads like an old default.
      expect(phrases).toEqual(expect.arrayContaining(["kratom", "where to buy", "selling xanax", "xans for sale", "where can i buy benzos", "my plug"]));
      expect(rules.find((r) => r.phrase === "my plug")?.action).toBe("flag");
    } finally {
      await test.cleanup();
    }
  });
});
