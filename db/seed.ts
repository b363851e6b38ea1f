// npm run db:seed — the demo community. Safe to run again: nothing is duplicated and nothing
// that is already there (including changes made while clicking around) is overwritten.
import type { Kysely } from "kysely";
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import type { Database } from "./schema";
import { ensureUser } from "../tests/factories";

export const DEMO_PASSWORD = "harbor-demo-2026";

export const DEMO_USERS = [
  { email: "admin@harbor.test", displayName: "Jordan (admin)", role: "admin" as const, timeZone: "America/New_York", bio: "Alumni coordinator. I keep the lights on here — reach out any time." },
  { email: "sam@harbor.test", displayName: "Sam R.", role: "member" as const, timeZone: "America/Chicago", bio: "Benzo-free since the spring after a long taper. Coffee, long walks, Tuesday night meetings." },
  { email: "alex@harbor.test", displayName: "Alex T.", role: "member" as const, timeZone: "America/Los_Angeles", bio: "Alcohol and pills. Three years in, still learning to slow down." },
  { email: "riley@harbor.test", displayName: "Riley", role: "member" as const, timeZone: "Europe/London", bio: "Newly home from treatment. Taking it one day at a time." },
  { email: "morgan@harbor.test", displayName: "Morgan K.", role: "member" as const, timeZone: "America/Denver", bio: "" },
];

export async function seedDemo(db: Kysely<Database>): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const demo of DEMO_USERS) {
    const result = await ensureUser(db, { ...demo, password: DEMO_PASSWORD });
    if (result.created) created.push(demo.email);
  }
  return { created };
}

const isMain = process.argv[1]?.replace(/\\/g, "/").endsWith("db/seed.ts");
if (isMain) {
  const handle = createDb();
  try {
    await migrateToLatest(handle.db);
    const { created } = await seedDemo(handle.db);
    console.log(created.length ? `Demo community ready in ${handle.description}: added ${created.join(", ")}.` : `Demo community already present in ${handle.description}; nothing added.`);
    console.log(`Demo sign-ins use the password "${DEMO_PASSWORD}" (see README).`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await handle.db.destroy();
  }
}
