/**
 * npm run bench — measures the foundation's hot paths on a realistic amount of data:
 * session validation (every request), sign-in's account lookup, the admin member list at a deep
 * page, and prints each hot query's plan so a missing index shows. Timings are printed, never
 * asserted. DATABASE_URL=postgres://… runs it on PostgreSQL (in a throwaway schema).
 *
 *   npm run bench [-- --users 20000]
 */
import { CompiledQuery, sql, type Kysely } from "kysely";
import { dialectOf } from "../../db/client";
import type { Database } from "../../db/schema";
import { createSession, validateSessionToken } from "../../app/models/sessions.server";
import { findUserByEmail, listUsers } from "../../app/models/users.server";
import { openBenchDatabase } from "./database";

const args = process.argv.slice(2);
const USERS = Number(args[args.indexOf("--users") + 1] || 20_000);
const url = process.env.DATABASE_URL;
const { handle, cleanup } = await openBenchDatabase(url);
const db: Kysely<Database> = handle.db;

async function time(label: string, iterations: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${label.padEnd(46)} ${(ms / iterations).toFixed(3).padStart(8)} ms/op  ${Math.round((iterations / ms) * 1000)
      .toString()
      .padStart(7)} ops/s`,
  );
}

async function plan(label: string, query: { compile(): { sql: string; parameters: readonly unknown[] } }) {
  const compiled = query.compile();
  const explain = dialectOf(db) === "postgres" ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
  const result = await db.executeQuery(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
  const lines = (result.rows as Record<string, unknown>[]).map((r) => String(r.detail ?? r["QUERY PLAN"] ?? JSON.stringify(r)));
  console.log(`  plan · ${label}: ${lines.join(" | ")}`);
}

try {
  console.log(`Harbor foundation benchmark on ${handle.dialect}, ${USERS} members, one session each`);
  const now = new Date().toISOString();
  const batch = 500;
  for (let i = 0; i < USERS; i += batch) {
    const rows = Array.from({ length: Math.min(batch, USERS - i) }, (_, j) => {
      const n = i + j;
      return {
        id: `bench${n.toString().padStart(8, "0")}`,
        email: `member${n}@bench.test`,
        display_name: `Member ${n}`,
        display_name_key: `member${n}`,
        password_hash: "$argon2id$bench",
        time_zone: "UTC",
        created_at: new Date(Date.parse(now) - n * 60_000).toISOString(),
        updated_at: now,
      };
    });
    await db.insertInto("users").values(rows).execute();
  }
  const tokens: string[] = [];
  for (let n = 0; n < USERS; n += 1) {
    const { token } = await createSession(db, `bench${n.toString().padStart(8, "0")}`);
    if (n % 10 === 0) tokens.push(token);
  }
  if (handle.dialect === "postgres") await sql`ANALYZE`.execute(db);

  await time("validate a session (every request)", 5000, (i) => validateSessionToken(db, tokens[i % tokens.length]));
  await time("find account by e-mail (sign-in)", 5000, (i) => findUserByEmail(db, `member${(i * 7) % USERS}@bench.test`));
  const deep = { createdAt: new Date(Date.parse(now) - (USERS - 100) * 60_000).toISOString(), id: "bench99999999" };
  await time("admin member list, first page", 500, () => listUsers(db));
  await time(`admin member list, page ~${Math.floor(USERS / 25)} (keyset)`, 500, () => listUsers(db, { after: deep }));

  console.log("Query plans (each should use an index, never a full scan):");
  await plan("session by id", db.selectFrom("sessions").selectAll().where("id", "=", "x"));
  await plan("user by e-mail", db.selectFrom("users").selectAll().where("email", "=", "x"));
  await plan("sessions of a member", db.selectFrom("sessions").select("id").where("user_id", "=", "x").orderBy("last_used_at", "desc"));
  await plan(
    "members page (keyset)",
    db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(deep.createdAt, deep.id)))
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(26),
  );
} finally {
  await db.destroy();
  await cleanup();
}
