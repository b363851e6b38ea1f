/**
 * First run: a site with no admin is set up through /setup, which asks for a one-time set-up code
 * that the server prints to its log when it starts. Only the code's SHA-256 is stored (site
 * setting `setup_code`); each start replaces it until the site is set up (with HARBOR_PROCESSES the
 * primary makes the one code its workers share), and setting up takes it
 * (a conditional delete, so two people racing cannot both succeed). Whoever reaches a fresh site
 * first therefore cannot take it over without the operator's log. Once an admin exists the site
 * never needs setting up again (the last admin cannot be removed), so the answer is kept in memory.
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database, User } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { passwordProblem } from "../utils/password.server";
import { type CrisisRegion } from "./crisis-regions.server";
import { builtInDirectory, saveCrisisDirectory } from "./crisis-directory.server";
import { absoluteUrl } from "./mail/config.server";
import { forgetSiteConfig, saveSiteConfig, type Registration } from "./site-config.server";
import { createUser, DuplicateAccountError } from "./users.server";

const SETUP_KEY = "setup_code";
/** Letters and digits that cannot be mistaken for one another when copied from a log by eye. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 20; // 100 bits

let setUp = false;

/** True while the site has no admin (then every page leads to /setup). */
export async function siteNeedsSetup(db: Kysely<Database>): Promise<boolean> {
  if (setUp) return false;
  const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").limit(1).executeTakeFirst();
  if (admin) setUp = true;
  return !admin;
}

/** For tests that switch databases. */
export function forgetSetupState(): void {
  setUp = false;
}

function newSetupCode(): string {
  let code = "";
  for (const byte of crypto.randomBytes(CODE_LENGTH)) code += ALPHABET[byte % ALPHABET.length];
  return code.match(/.{4}/g)!.join("-");
}

function hashCode(code: string): string {
  const normalized = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalized)));
}

/**
 * At server start: on a site without an admin, makes a new set-up code, stores its hash and writes
 * the code to the log with where to use it. Returns the code (null when the site is set up).
 */
export async function announceSetupCode(db: Kysely<Database>, log: (line: string) => void = console.log, now = clockNow()): Promise<string | null> {
  // Several processes on one host (HARBOR_PROCESSES): their primary printed the one code they share.
  if (cluster.isWorker) return null;
  if (!(await siteNeedsSetup(db))) return null;
  const code = newSetupCode();
  const values = { value: JSON.stringify({ hash: hashCode(code) }), updated_at: now.toISOString(), updated_by: null };
  await db
    .insertInto("site_settings")
    .values({ key: SETUP_KEY, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
  log(
    [
      "",
      "  This Harbor site has no admin yet. To set it up, open",
      `    ${absoluteUrl("/setup")}`,
      "  and enter this one-time set-up code:",
      `    ${code}`,
      "  (A new code is made each time the server starts, until the site is set up.)",
      "",
    ].join("\n"),
  );
  return code;
}

export interface SetupInput {
  code: string;
  displayName: string;
  email: string;
  password: string;
  siteName: string;
  registration: Registration;
  defaultTimeZone: string;
  crisisRegion: CrisisRegion;
}

export type SetupResult = { ok: true; admin: User } | { ok: false; errors: Partial<Record<keyof SetupInput | "form", string>> } | { ok: false; alreadySetUp: true };

export const WRONG_CODE = "That isn't the set-up code. Copy it from the server's log: the newest one counts, as a new code is made each time the server starts.";

/**
 * Makes the admin account and sets the site's name, registration, default time zone and crisis
 * resources, all in one transaction that first takes the set-up code. Nothing is written unless
 * everything succeeds.
 */
export async function completeSetup(db: Kysely<Database>, input: SetupInput, now = clockNow()): Promise<SetupResult> {
  if (!(await siteNeedsSetup(db))) return { ok: false, alreadySetUp: true };
  const weak = passwordProblem(input.password, { email: input.email, displayName: input.displayName });
  if (weak) return { ok: false, errors: { password: weak } };
  const expected = JSON.stringify({ hash: hashCode(input.code) });
  try {
    const admin = await inTransaction(db, async (tx) => {
      const taken = await tx.deleteFrom("site_settings").where("key", "=", SETUP_KEY).where("value", "=", expected).executeTakeFirst();
      if (Number(taken.numDeletedRows) !== 1) return null;
      if (await tx.selectFrom("users").select("id").where("role", "=", "admin").limit(1).executeTakeFirst()) return null;
      const user = await createUser(tx, { email: input.email, displayName: input.displayName, password: input.password, timeZone: input.defaultTimeZone, role: "admin" }, now);
      await saveSiteConfig(tx, { siteName: input.siteName, registration: input.registration, defaultTimeZone: input.defaultTimeZone }, user.id, now);
      await saveCrisisDirectory(tx, { ...builtInDirectory(), defaultCode: input.crisisRegion }, user.id, now);
      return user;
    });
    if (!admin) return (await siteNeedsSetup(db)) ? { ok: false, errors: { code: WRONG_CODE } } : { ok: false, alreadySetUp: true };
    setUp = true;
    return { ok: true, admin };
  } catch (error) {
    if (error instanceof DuplicateAccountError) {
      return {
        ok: false,
        errors:
          error.field === "email"
            ? { email: "A member already uses this e-mail address. Use another for the admin account." }
            : { displayName: "A member already uses that display name. Choose another." },
      };
    }
    throw error;
  } finally {
    forgetSiteConfig();
  }
}
