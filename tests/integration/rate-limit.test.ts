/**
 * Request-rate limits (app/utils/rate-limit.server.ts): counted in the database, so two servers on
 * one database share them; over the limit the caller learns when to come back.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { clearEndedRateLimits, consumeLimit, LIMITS } from "../../app/utils/rate-limit.server";
import { TEST_DIALECT, TEST_PG_URL, useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${Math.random().toString(36).slice(2)}`;

describe("request-rate limits", () => {
  it("refuses the request after the limit, with when to come back, and stores the count", async () => {
    const key = address();
    for (let i = 0; i < LIMITS.signupPerAddress.points; i++) expect(await consumeLimit("signupPerAddress", key, t.handle)).toEqual({ ok: true });
    const refused = await consumeLimit("signupPerAddress", key, t.handle);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(3000);
    // Another address is not affected.
    expect(await consumeLimit("signupPerAddress", address(), t.handle)).toEqual({ ok: true });
    const row = await t.db.selectFrom("rate_limits").select(["points", "expire"]).where("key", "=", `signupPerAddress:${key}`).executeTakeFirstOrThrow();
    expect(row.points).toBeGreaterThanOrEqual(LIMITS.signupPerAddress.points);
    expect(Number(row.expire)).toBeGreaterThan(Date.now());
  });

  it("holds across two servers on one database", async () => {
    const key = address();
    if (TEST_DIALECT === "postgres") {
      // A second pool on the test's own schema, as a second app server would have.
      const { rows } = await t.handle.pgPool!.query<{ search_path: string }>("show search_path");
      const second = createDb(TEST_PG_URL, { pgSchema: rows[0]!.search_path });
      try {
        await expectShared(t.handle, second, key);
      } finally {
        await second.db.destroy();
      }
      return;
    }
    // SQLite: two connections to one file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-rate-"));
    const file = `file:${path.join(dir, "shared.db")}`;
    const first = createDb(file);
    const second = createDb(file);
    try {
      await migrateToLatest(first.db);
      await expectShared(first, second, key);
    } finally {
      await first.db.destroy();
      await second.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("scheduled upkeep deletes counters that ended over an hour ago, and only those", async () => {
    const now = new Date();
    await t.db
      .insertInto("rate_limits")
      .values([
        { key: `post:old-${address()}`, points: 3, expire: now.getTime() - 2 * 3600_000 },
        { key: `post:live-${address()}`, points: 3, expire: now.getTime() + 60_000 },
      ])
      .execute();
    expect(await clearEndedRateLimits(t.db, now)).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .selectFrom("rate_limits")
      .select("key")
      .where("expire", "<", now.getTime() - 3600_000)
      .execute();
    expect(left).toEqual([]);
    const live = await t.db.selectFrom("rate_limits").select("key").where("key", "like", "post:live-%").execute();
    expect(live.length).toBeGreaterThanOrEqual(1);
  });
});

async function expectShared(first: import("../../db/client").DbHandle, second: import("../../db/client").DbHandle, key: string) {
  const half = Math.ceil(LIMITS.signupPerAddress.points / 2);
  for (let i = 0; i < half; i++) expect((await consumeLimit("signupPerAddress", key, first)).ok).toBe(true);
  for (let i = half; i < LIMITS.signupPerAddress.points; i++) expect((await consumeLimit("signupPerAddress", key, second)).ok).toBe(true);
  expect((await consumeLimit("signupPerAddress", key, first)).ok).toBe(false);
}
