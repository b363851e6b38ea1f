/**
 * SQLite's planner statistics without value samples (db/planner-statistics.ts): after an ANALYZE,
 * start-up keeps the row counts and deletes the samples, which would make SQLite recompile
 * Harbor's prepared statements on every request. PostgreSQL is left alone.
 */
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { dialectOf } from "../../db/client";
import { dropPlannerValueSamples } from "../../db/planner-statistics";
import { makeGroup } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

beforeEach(async () => {
  for (let i = 0; i < 30; i++) await makeGroup(t.db);
});

describe("planner statistics", () => {
  it("keeps ANALYZE's row counts and drops its value samples on SQLite (the hot lookups still use their indexes); leaves PostgreSQL alone", async () => {
    if (dialectOf(t.db) === "postgres") {
      expect(await dropPlannerValueSamples(t.db)).toBe(false);
      return;
    }
    expect(await dropPlannerValueSamples(t.db)).toBe(false); // never analysed: nothing to drop
    await sql`ANALYZE`.execute(t.db);
    const samples = await count("sqlite_stat4");
    expect(samples).toBeGreaterThan(0); // this SQLite is built with STAT4
    const rowCounts = await count("sqlite_stat1");

    expect(await dropPlannerValueSamples(t.db)).toBe(true);
    expect(await count("sqlite_stat4")).toBe(0);
    expect(await count("sqlite_stat1")).toBe(rowCounts);
    expect(await dropPlannerValueSamples(t.db)).toBe(false); // once is enough

    const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT id FROM groups WHERE slug = ${"group-1"}`.execute(t.db);
    expect(plan.rows.map((r) => r.detail).join(" ")).toContain("groups_slug_key");
  });
});
